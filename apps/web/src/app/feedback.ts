import type { App } from 'antd';
import { isApiError } from '../api/client';
import { i18n } from './i18n';

type Feedback = ReturnType<typeof App.useApp>;
let holder: Feedback | null = null;

/** Given by the bridge inside antd's <App>, so messages outside React follow the theme and locale. */
export function setFeedback(f: Feedback | null): void {
  holder = f;
}

/** The server's message (already in the user's language) or a generic sentence for anything else. */
export function errorText(err: unknown): string {
  if (isApiError(err)) return err.message;
  if (err instanceof Error && err.message) return err.message;
  return i18n.t('app.pageError');
}

export function showError(err: unknown): void {
  const text = errorText(err);
  if (holder) holder.message.error(text);
  else console.error(text);
}

export function showSuccess(text: string): void {
  holder?.message.success(text);
}

export function showWarning(text: string, key?: string): void {
  holder?.message.warning({ content: text, key });
}
