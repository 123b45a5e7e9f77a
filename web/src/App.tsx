// The shell: header with the areas and the language switch, and the routes; every area but the home page loads
// on demand, so the first page ships only what it shows.
import { App as AntApp, ConfigProvider, Layout } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { Loading } from './components/Async';
import { Header } from './components/Header';
import { useT } from './i18n';
import { Home } from './pages/portal/Home';

const SearchResults = lazy(() => import('./pages/portal/SearchResults'));
const SubjectPage = lazy(() => import('./pages/portal/SubjectPage'));
const ListsBrowse = lazy(() => import('./pages/portal/ListsBrowse'));
const StatsPage = lazy(() => import('./pages/portal/StatsPage'));
const VerifyReport = lazy(() => import('./pages/portal/VerifyReport'));
const SelfService = lazy(() => import('./pages/me/SelfService'));
const AgencyConsole = lazy(() => import('./pages/agency/AgencyConsole'));
const OperatorDashboard = lazy(() => import('./pages/operator/OperatorDashboard'));
const NotFound = lazy(() => import('./pages/NotFound'));

export function App() {
  const { lang, t } = useT();
  return (
    <ConfigProvider
      locale={lang === 'zh' ? zhCN : enUS}
      theme={{ token: { colorPrimary: '#b7312c' } }}
      // antd spaces out two-character Chinese labels (登 录); names read better, and match, without it.
      button={{ autoInsertSpace: false }}
    >
      <AntApp>
        <Layout className="shell">
          <Header />
          {/* Layout.Content is the page's one <main>. */}
          <Layout.Content className="content" id="main">
            <Suspense fallback={<Loading />}>
              <Routes>
                <Route path="/" element={<Home />} />
                <Route path="/search" element={<SearchResults />} />
                <Route path="/subjects/:id" element={<SubjectPage />} />
                <Route path="/lists" element={<ListsBrowse />} />
                <Route path="/stats" element={<StatsPage />} />
                <Route path="/verify" element={<VerifyReport />} />
                <Route path="/verify/:number" element={<VerifyReport />} />
                <Route path="/me/*" element={<SelfService />} />
                <Route path="/agency/*" element={<AgencyConsole />} />
                <Route path="/operator/*" element={<OperatorDashboard />} />
                <Route path="*" element={<NotFound />} />
              </Routes>
            </Suspense>
          </Layout.Content>
          <Layout.Footer className="footer">{t('app.tagline')}</Layout.Footer>
        </Layout>
      </AntApp>
    </ConfigProvider>
  );
}
