import { Alert, Empty, Pagination, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { qs } from '../../api/client';
import type { SearchPage } from '../../api/types';
import { useApi } from '../../api/use-api';
import { Async } from '../../components/Async';
import { Badges } from '../../components/Badges';
import { MIN_CHARS, SearchBox } from '../../components/SearchBox';
import { SubjectLine, subjectPath } from '../../components/SubjectLine';
import { useT } from '../../i18n';

const PAGE = 20;

export default function SearchResults() {
  const { t } = useT();
  const [params, setParams] = useSearchParams();
  const q = (params.get('q') ?? '').trim();
  const offset = Number(params.get('offset') ?? 0);
  // The API answers a name shorter than two characters with 422: say so here instead of asking it.
  const tooShort = q !== '' && [...q].length < MIN_CHARS;
  const state = useApi<SearchPage>(q && !tooShort ? `/api/v1/search${qs({ q, limit: PAGE, offset })}` : null);
  return (
    <div className="page">
      <SearchBox initial={q} size="middle" />
      <Typography.Title level={2}>{t('search.results', { q })}</Typography.Title>
      {tooShort && <Alert type="info" showIcon title={t('search.tooShort')} description={t('search.hint')} />}
      {q && !tooShort && (
        <Async state={state}>
          {(page) =>
            page.items.length === 0 ? (
              <Empty description={t('search.noResults')} />
            ) : (
              <>
                <Typography.Paragraph type="secondary">
                  {t('search.resultsCount', { n: page.total })}
                </Typography.Paragraph>
                <ul className="results">
                  {page.items.map((s) => (
                    <li key={s.id}>
                      <span className="result-title">
                        {/* A person is found by the full identity number searched for: that is the page's address. */}
                        <Link to={subjectPath(s) ?? `/subjects/${encodeURIComponent(q)}`}>
                          {s.name ?? s.identifier}
                        </Link>
                        <Badges badges={s.badges} />
                      </span>
                      <SubjectLine s={s} />
                    </li>
                  ))}
                </ul>
                <Pagination
                  total={Math.min(page.total, 10_000)}
                  pageSize={PAGE}
                  current={offset / PAGE + 1}
                  showSizeChanger={false}
                  hideOnSinglePage
                  onChange={(p) => setParams({ q, offset: String((p - 1) * PAGE) })}
                />
              </>
            )
          }
        </Async>
      )}
    </div>
  );
}
