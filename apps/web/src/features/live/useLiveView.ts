import type { LiveSnapshot } from '@lecture-hall/shared';
import { useEffect, useState } from 'react';
import { LiveSocket, liveSocketUrl, runSocket, type SocketRole, type SocketStatus } from '../../realtime/socket';
import { applyMessage, type LiveView } from '../../realtime/state';

/**
 * The session as one socket keeps it: seeded by an HTTP snapshot (the console's or the public
 * one), then every pushed message folded in. A newer snapshot from HTTP (after a command)
 * replaces an older view; an older one never rolls it back.
 */
export function useLiveView(editionId: string | undefined, role: SocketRole, seed: LiveSnapshot | undefined) {
  const [view, setView] = useState<LiveView | null>(null);
  const [status, setStatus] = useState<SocketStatus>('connecting');
  /** The close code after which the socket stopped for good (the edition ended, a refusal, the session ended), else null. */
  const [finishedCode, setFinishedCode] = useState<number | null>(null);

  useEffect(() => {
    if (!seed) return;
    setView((v) => (!v || seed.version >= v.snapshot.version ? { snapshot: seed, queue: v?.queue ?? null } : v));
  }, [seed]);

  useEffect(() => {
    if (!editionId) return;
    setFinishedCode(null);
    const socket = new LiveSocket({
      url: liveSocketUrl(editionId, role),
      onMessage: (msg) => setView((v) => applyMessage(v, msg)),
      onStatus: setStatus,
      onFinished: ({ code }) => setFinishedCode(code),
    });
    return runSocket(socket);
  }, [editionId, role]);

  return { view, status, finishedCode };
}

/** A clock that ticks every second, for step timers and countdowns. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now;
}
