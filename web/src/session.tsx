// The signed-in token and who it speaks for, kept in sessionStorage: gone when the tab closes, never in a cookie.
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { call } from './api/client';
import type { Me } from './api/types';

const STORAGE_KEY = 'xinyong.session';

export interface Session {
  token: string;
  me: Me;
}

interface SessionApi {
  session: Session | null;
  signIn: (token: string) => Promise<Session>;
  signOut: () => void;
}

const SessionContext = createContext<SessionApi | null>(null);

function stored(): Session | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(stored);
  const signIn = useCallback(async (token: string) => {
    const me = await call<Me>('/api/v1/me', { token });
    const s = { token, me };
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(s));
    setSession(s);
    return s;
  }, []);
  const signOut = useCallback(() => {
    sessionStorage.removeItem(STORAGE_KEY);
    setSession(null);
  }, []);
  const value = useMemo(() => ({ session, signIn, signOut }), [session, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession outside SessionProvider');
  return ctx;
}
