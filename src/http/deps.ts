// What the HTTP edge is built from; routes receive it as plugin options.
import type { Checker } from '../check/checker.js';
import type { AccessRecorder } from '../services/access-recorder.js';
import type { SigningKey } from '../services/audit-keys.js';
import type { Context } from '../services/context.js';
import type { TokenAuthenticator } from '../services/tokens.js';

/** Background work started by requests (imports), awaited on shutdown. */
export class BackgroundTasks {
  private readonly running = new Set<Promise<unknown>>();

  track(p: Promise<unknown>): void {
    this.running.add(p);
    void p.finally(() => this.running.delete(p));
  }

  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}

export interface AppDeps {
  ctx: Context;
  access: AccessRecorder;
  signingKey: SigningKey;
  imports: BackgroundTasks;
  tokens: TokenAuthenticator;
  checker: Checker;
  version: string;
}
