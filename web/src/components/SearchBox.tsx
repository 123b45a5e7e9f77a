// The portal's search box: role searchbox, named 搜索 / Search, with suggestions as you type (a listbox the arrow
// keys move through); Enter opens the highlighted subject or the result list.
import { Input } from 'antd';
import { useEffect, useId, useState } from 'react';
import { useNavigate } from 'react-router';
import { call, qs } from '../api/client';
import type { SearchPage } from '../api/types';
import { useT } from '../i18n';
import { subjectPath } from './SubjectLine';

/** The API's shortest name query (search by name needs two characters). */
export const MIN_CHARS = 2;

export function SearchBox({ initial = '', size = 'large' }: { initial?: string; size?: 'large' | 'middle' }) {
  const { t } = useT();
  const navigate = useNavigate();
  const listId = useId();
  const [q, setQ] = useState(initial);
  const [suggestions, setSuggestions] = useState<SearchPage['items']>([]);
  const [active, setActive] = useState(-1);
  const [open, setOpen] = useState(false);

  useEffect(() => setQ(initial), [initial]);
  useEffect(() => {
    const text = q.trim();
    if ([...text].length < MIN_CHARS) {
      setSuggestions([]);
      return;
    }
    const abort = new AbortController();
    // Wait for a pause in typing so each keystroke does not cost a request.
    const timer = setTimeout(() => {
      call<SearchPage>(`/api/v1/search${qs({ q: text, limit: 6 })}`, { signal: abort.signal })
        .then((page) => {
          setSuggestions(page.items);
          setActive(-1);
        })
        .catch(() => setSuggestions([]));
    }, 200);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [q]);

  const go = (index: number) => {
    setOpen(false);
    const s = suggestions[index];
    if (s)
      // A masked person was found by the full number typed: that number is the page's address.
      navigate(subjectPath(s) ?? `/subjects/${encodeURIComponent(q.trim())}`);
    else if (q.trim()) navigate(`/search${qs({ q: q.trim() })}`);
  };
  const shown = open && suggestions.length > 0;

  return (
    <div className="searchbox">
      <Input.Search
        type="search"
        role="searchbox"
        aria-label={t('search.label')}
        aria-autocomplete="list"
        aria-controls={listId}
        aria-activedescendant={shown && active >= 0 ? `${listId}-${active}` : undefined}
        placeholder={t('search.placeholder')}
        enterButton={t('search.button')}
        size={size}
        value={q}
        onChange={(e) => {
          setQ(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' && suggestions.length) {
            e.preventDefault();
            setOpen(true);
            setActive((a) => (a + 1) % suggestions.length);
          } else if (e.key === 'ArrowUp' && suggestions.length) {
            e.preventDefault();
            setActive((a) => (a <= 0 ? suggestions.length - 1 : a - 1));
          } else if (e.key === 'Escape') setOpen(false);
        }}
        onSearch={() => go(shown ? active : -1)}
      />
      <div id={listId} role="listbox" aria-label={t('search.label')} className="suggestions" hidden={!shown}>
        {suggestions.map((s, i) => (
          <div
            key={s.id}
            tabIndex={-1}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'active' : undefined}
            onMouseDown={(e) => {
              e.preventDefault();
              go(i);
            }}
          >
            <span className="s-name">{s.name ?? s.identifier}</span>
            <span className="s-code">{s.identifier}</span>
          </div>
        ))}
      </div>
    </div>
  );
}
