// A request's child logger made only when the request logs something. Fastify makes one per request (pino
// serializes its bindings each time, a few percent of a small request); a server logging at warn, as under load,
// logs nothing for most requests, and the child would be thrown away unused.
import type { FastifyBaseLogger } from 'fastify';
import type { Bindings, ChildLoggerOptions } from 'fastify/types/logger.js';

/** pino's test; a logger without one is taken to log everything. */
const enabled = (logger: FastifyBaseLogger, level: string): boolean =>
  (logger as { isLevelEnabled?: (level: string) => boolean }).isLevelEnabled?.(level) ?? true;

// Methods on the prototype, not closures per request: this object is made for every request.
class LazyChildLogger {
  private made: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: Bindings,
    private readonly opts: ChildLoggerOptions,
  ) {}

  private get instance(): FastifyBaseLogger {
    this.made ??= this.parent.child(this.bindings, this.opts);
    return this.made;
  }

  private log(level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace', args: unknown[]): void {
    if (!this.made && !enabled(this.parent, level)) return;
    (this.instance[level] as (...a: unknown[]) => void)(...args);
  }

  get level(): string {
    return (this.made ?? this.parent).level;
  }
  set level(level: string) {
    this.instance.level = level;
  }
  isLevelEnabled(level: string): boolean {
    return enabled(this.made ?? this.parent, level);
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
  // A level of its own changes what is enabled: then it is made at once.
  if (opts.level !== undefined) return logger.child(bindings, opts);
  return new LazyChildLogger(logger, bindings, opts) as unknown as FastifyBaseLogger;
}
