import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { changeLanguage, normaliseLang, type UiLang } from './i18n';

/** 中文 / English; remembered in localStorage and told to the server through the lh_lang cookie. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const lang = normaliseLang(i18n.language);
  return (
    <Segmented<UiLang>
      aria-label={t('lang.label')}
      size="small"
      value={lang}
      options={[
        { label: t('lang.zh'), value: 'zh-CN' },
        { label: t('lang.en'), value: 'en' },
      ]}
      onChange={(v) => void changeLanguage(v)}
    />
  );
}
