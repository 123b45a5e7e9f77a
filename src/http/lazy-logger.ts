// A request's child logger made only when the request logs something. Fastify makes one per request (pino
// serializes its bindings each time, a few percent of a small request); a server logging at warn, as under load,
// logs nothing for most requests, and the child would be thrown away unused.
import type { FastifyBaseLogger } from 'fastify';
import type { Bindings, ChildLoggerOptions } from 'fastify/types/logger.js';

/** pino's test; a logger without one is taken to log everything. */
const enabled = (logger: FastifyBaseLogger, level: string): boolean =>
  (logger as { isLevelEnabled?: (level: string) => boolean }).isLevelEnabled?.(level) ?? true;

/** pino's levels by name (its defaults, if a logger does not say). */
const DEFAULT_LEVELS: Record<string, number> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
};
const levelValues = (logger: FastifyBaseLogger): Record<string, number> =>
  (logger as { levels?: { values?: Record<string, number> } }).levels?.values ?? DEFAULT_LEVELS;

// Methods on the prototype, not closures per request: this object is made for every request.
class LazyChildLogger {
  private made: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: Bindings,
    private readonly opts: ChildLoggerOptions,
  ) {}

  /** Whether the child, once made, would write at this level: by its own level if it has one (a route's). */
  private enabledBefore(level: string): boolean {
    const own = this.opts.level;
    if (own === undefined) return enabled(this.parent, level);
    const values = levelValues(this.parent);
    return (values[level] ?? 0) >= (values[own] ?? 0);
  }

  private get instance(): FastifyBaseLogger {
    this.made ??= this.parent.child(this.bindings, this.opts);
    return this.made;
  }

  private log(level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace', args: unknown[]): void {
    if (!this.made && !this.enabledBefore(level)) return;
    (this.instance[level] as (...a: unknown[]) => void)(...args);
  }

  get level(): string {
    return this.made?.level ?? this.opts.level ?? this.parent.level;
  }
  set level(level: string) {
    this.instance.level = level;
  }
  isLevelEnabled(level: string): boolean {
    return this.made ? enabled(this.made, level) : this.enabledBefore(level);
  }
  fatal(...args: unknown[]): void {
    this.log('fatal', args);
  }
  error(...args: unknown[]): void {
    this.log('error', args);
  }
  warn(...args: unknown[]): void {
    this.log('warn', args);
  }
  info(...args: unknown[]): void {
    this.log('info', args);
  }
  debug(...args: unknown[]): void {
    this.log('debug', args);
  }
  trace(...args: unknown[]): void {
    this.log('trace', args);
  }
  silent(): void {}
  child(bindings: Bindings, opts?: ChildLoggerOptions): FastifyBaseLogger {
    return this.instance.child(bindings, opts);
  }
}

export function lazyChildLogger(
  logger: FastifyBaseLogger,
  bindings: Bindings,
  opts: ChildLoggerOptions,
): FastifyBaseLogger {
  // A route's level of its own (the check routes log at warn) is kept and applied when the child is made.
  return new LazyChildLogger(logger, bindings, opts) as unknown as FastifyBaseLogger;
}
