// Keeps the index of recorded reads close behind the log in a running server, so the catch-up a subject's
// access-log query does first has little left to do.
import { catchUpReadIndex } from '../store/read-index.js';
import type { Context } from './context.js';

export class ReadIndexKeeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly ctx: Context,
    private readonly intervalMs: number,
    private readonly onError: (err: unknown) => void,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  private tick(): Promise<void> {
    this.running ??= catchUpReadIndex(this.ctx.store.db)
      .then(() => undefined)
      .catch(this.onError)
      .finally(() => (this.running = undefined));
    return this.running;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
