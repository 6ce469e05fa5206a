import type { Lang } from '@lecture-hall/shared/i18n/errors';

/** A label from one of the shared zh/en maps (EDITION_STATUS_LABELS, TALK_ANGLE_LABELS, …), or the raw key. */
export function labelOf<K extends string>(map: Record<K, { zh: string; en: string }>, key: K | null | undefined, lang: Lang): string {
  if (!key) return '—';
  return map[key]?.[lang] ?? key;
}

/** 第N期 in Chinese, No. N in English. */
export function editionNo(seq: number, lang: Lang): string {
  return lang === 'en' ? `No. ${seq}` : `第${seq}期`;
}
