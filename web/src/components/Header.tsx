import { Button, Layout, Menu } from 'antd';
import { Link, useLocation } from 'react-router';
import { useT } from '../i18n';
import type { MessageKey } from '../i18n/zh';
import { useSession } from '../session';

const AREAS: { path: string; key: MessageKey }[] = [
  { path: '/', key: 'nav.home' },
  { path: '/lists', key: 'nav.lists' },
  { path: '/stats', key: 'nav.stats' },
  { path: '/verify', key: 'nav.verify' },
  { path: '/me', key: 'nav.me' },
  { path: '/agency', key: 'nav.agency' },
  { path: '/operator', key: 'nav.operator' },
];

export function Header() {
  const { t, lang, setLang } = useT();
  const { session, signOut } = useSession();
  const { pathname } = useLocation();
  const current = AREAS.filter((a) => a.path !== '/' && pathname.startsWith(a.path)).map((a) => a.path);
  return (
    <Layout.Header className="header">
      <Link to="/" className="brand">
        <img src="/favicon.svg" alt="" width={28} height={28} />
        <span>{t('app.title')}</span>
      </Link>
      <nav aria-label={t('nav.menu')} className="nav">
        <Menu
          mode="horizontal"
          theme="dark"
          selectedKeys={current.length ? current : pathname === '/' ? ['/'] : []}
          items={AREAS.map((a) => ({ key: a.path, label: <Link to={a.path}>{t(a.key)}</Link> }))}
        />
      </nav>
      <div className="header-tools">
        {session && (
          <Button size="small" onClick={signOut}>
            {t('common.signOut')}
          </Button>
        )}
        <Button
          size="small"
          onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
          aria-label={t('nav.languageLabel')}
          lang={lang === 'zh' ? 'en' : 'zh-CN'}
        >
          {t('nav.language')}
        </Button>
      </div>
    </Layout.Header>
  );
}
