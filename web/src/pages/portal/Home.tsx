import { Card, Col, Row, Typography } from 'antd';
import { Link } from 'react-router';
import { SearchBox } from '../../components/SearchBox';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';

const ENTRIES: { to: string; title: MessageKey; text: MessageKey }[] = [
  { to: '/lists', title: 'nav.lists', text: 'home.lists' },
  { to: '/stats', title: 'nav.stats', text: 'home.stats' },
  { to: '/verify', title: 'nav.verify', text: 'home.verify' },
  { to: '/me', title: 'nav.me', text: 'home.me' },
];

export function Home() {
  const { t } = useT();
  return (
    <div className="home">
      <section className="hero">
        <Typography.Title level={1}>{t('app.title')}</Typography.Title>
        <Typography.Paragraph className="intro">{t('home.intro')}</Typography.Paragraph>
        <SearchBox />
        <Typography.Paragraph type="secondary" className="hint">
          {t('search.hint')}
        </Typography.Paragraph>
      </section>
      <Row gutter={[16, 16]}>
        {ENTRIES.map((e) => (
          <Col xs={24} sm={12} lg={6} key={e.to}>
            <Link to={e.to} className="entry">
              <Card hoverable title={t(e.title)}>
                {t(e.text)}
              </Card>
            </Link>
          </Col>
        ))}
      </Row>
    </div>
  );
}
