import type { Lang } from '@lecture-hall/shared/i18n/errors';
import { useTranslation } from 'react-i18next';
import { normaliseLang, toApiLang } from './i18n';

/** zh or en, for shared labels such as ROLE_LABELS that carry both languages. */
export function useLang(): Lang {
  const { i18n } = useTranslation();
  return toApiLang(normaliseLang(i18n.language));
}
