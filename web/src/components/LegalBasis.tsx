// A legal basis as the law cites it: 《title》 article; the English title on English pages.
import type { LegalBasis } from '../api/types';
import { useT } from '../i18n';

export function LegalBasisList({ basis }: { basis: LegalBasis[] }) {
  const { lang } = useT();
  // The same document may be cited for several articles: one line per document.
  const byTitle = new Map<string, { title: string; articles: string[] }>();
  for (const b of basis) {
    const title = lang === 'en' && b.titleEn ? b.titleEn : `《${b.title}》`;
    const entry = byTitle.get(title) ?? { title, articles: [] };
    if (b.article && !entry.articles.includes(b.article)) entry.articles.push(b.article);
    byTitle.set(title, entry);
  }
  return (
    <ul className="basis">
      {[...byTitle.values()].map((b) => (
        <li key={b.title}>
          {b.title}
          {b.articles.length > 0 && <span className="article"> {b.articles.join('、')}</span>}
        </li>
      ))}
    </ul>
  );
}
