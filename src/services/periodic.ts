// Background work a server runs every so often: one run at a time (a tick while one runs joins it), errors
// reported rather than thrown, and stopping waits for the run in progress.
export class Periodic {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly run: () => Promise<void>,
    private readonly intervalMs: number,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Runs every interval from now; `immediately` also runs once at once. */
  start(immediately = false): void {
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
    if (immediately) void this.tick();
  }

  private tick(): Promise<void> {
    this.running ??= this.run()
      .catch(this.onError)
      .finally(() => (this.running = undefined));
    return this.running;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
