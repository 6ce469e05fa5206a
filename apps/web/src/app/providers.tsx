import { type QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App, ConfigProvider } from 'antd';
import enUS from 'antd/es/locale/en_US';
import zhCN from 'antd/es/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { type ReactNode, useEffect, useMemo, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { setUnauthorizedHandler } from '../api/client';
import { ME_KEY } from '../features/auth/session';
import { setFeedback, showWarning } from './feedback';
import { normaliseLang } from './i18n';

/** Hands antd's context-aware message API to code outside components (the query cache). */
function FeedbackBridge() {
  const feedback = App.useApp();
  setFeedback(feedback);
  return null;
}

const WIDE = '(min-width: 1800px)';
function subscribeWide(cb: () => void) {
  const mq = window.matchMedia(WIDE);
  mq.addEventListener('change', cb);
  return () => mq.removeEventListener('change', cb);
}
/** On a 1920 px projector the console grows its type so the back rows can read it. */
function useWideScreen(): boolean {
  return useSyncExternalStore(
    subscribeWide,
    () => window.matchMedia(WIDE).matches,
    () => false,
  );
}

export function Providers({ client, children }: { client: QueryClient; children: ReactNode }) {
  const { i18n, t } = useTranslation();
  const lang = normaliseLang(i18n.language);
  const wide = useWideScreen();
  dayjs.locale(lang === 'en' ? 'en' : 'zh-cn');

  useEffect(() => {
    setUnauthorizedHandler(() => {
      if (client.getQueryData(ME_KEY)) showWarning(t('app.sessionExpired'), 'session-expired');
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
      client.setQueryData(ME_KEY, null);
    });
    return () => setUnauthorizedHandler(null);
  }, [client, t]);

  const theme = useMemo(
    () => ({
      token: {
        colorPrimary: '#b7282e',
        fontSize: wide ? 16 : 14,
        borderRadius: 4,
      },
    }),
    [wide],
  );

  return (
    <QueryClientProvider client={client}>
      {/* autoInsertSpace off: antd would render 登录 as 登 录, which breaks exact-text selectors and reads oddly. */}
      <ConfigProvider locale={lang === 'en' ? enUS : zhCN} theme={theme} button={{ autoInsertSpace: false }}>
        <App>
          <FeedbackBridge />
          {children}
        </App>
      </ConfigProvider>
    </QueryClientProvider>
  );
}
