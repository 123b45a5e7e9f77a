// Chinese by default, English on request; the choice is remembered in localStorage and set on <html lang>.
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { Names } from '../api/types';
import { en } from './en';
import { type MessageKey, zh } from './zh';

export type Lang = 'zh' | 'en';
const DICTS: Record<Lang, Record<MessageKey, string>> = { zh, en };
const STORAGE_KEY = 'xinyong.lang';

export interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: (key: MessageKey, vars?: Record<string, string | number>) => string;
  /** The name in the current language (API names carry both). */
  pick: (names: Names | undefined | null) => string;
  /** Between a label and its value: full-width in Chinese. */
  colon: string;
}

const I18nContext = createContext<I18n | null>(null);

function initialLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [lang]);
  const setLang = useCallback((l: Lang) => {
    setLangState(l);
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      // Private windows may refuse storage; the choice then lasts for this page only.
    }
  }, []);
  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang,
      t: (key, vars) => {
        let s = DICTS[lang][key];
        if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
        return s;
      },
      pick: (names) => (names ? (lang === 'zh' ? names.zh : names.en || names.zh) : ''),
      colon: lang === 'zh' ? '：' : ': ',
    }),
    [lang, setLang],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useT(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useT outside I18nProvider');
  return ctx;
}
