import { useCallback, useState } from 'react';
import { showError } from './feedback';

/**
 * A button's long task (a download, an export): which one is running, for its spinner, and a
 * `run` that starts one and reports a failure in the console's usual way.
 */
export function useBusy<K extends string = 'busy'>(): [busy: K | null, run: (key: K, task: () => Promise<unknown>) => void] {
  const [busy, setBusy] = useState<K | null>(null);
  const run = useCallback((key: K, task: () => Promise<unknown>) => {
    setBusy(key);
    task()
      .catch(showError)
      .finally(() => setBusy(null));
  }, []);
  return [busy, run];
}
