// A request's logger is made only when the request logs: what is logged still carries the request's id, and
// what the level leaves out is not written.
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { lazyChildLogger } from '../../src/http/lazy-logger.js';

function capture(level: string) {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: pino({ level }, stream), lines };
}

/** pino's test, which Fastify's logger type does not declare. */
const isEnabled = (log: object, level: string) =>
  (log as { isLevelEnabled(level: string): boolean }).isLevelEnabled(level);

describe('the lazy request logger', () => {
  it('writes what the level allows, with the request id, and nothing else', async () => {
    const { logger, lines } = capture('warn');
    const log = lazyChildLogger(logger, { reqId: 'req-1' }, {});
    log.info('not written');
    log.debug('not written');
    expect(log.level).toBe('warn');
    log.error({ code: 7 }, 'failed');
    log.child({ part: 'audit' }).warn('slow');
    await new Promise((r) => setImmediate(r));
    expect(lines).toMatchObject([
      { level: 50, reqId: 'req-1', code: 7, msg: 'failed' },
      { level: 40, reqId: 'req-1', part: 'audit', msg: 'slow' },
    ]);
  });

  it('keeps a level of its own, lower or higher than the server’s', async () => {
    const { logger, lines } = capture('warn');
    const lower = lazyChildLogger(logger, { reqId: 'req-2' }, { level: 'info' });
    expect(lower.level).toBe('info');
    expect(isEnabled(lower, 'info')).toBe(true);
    lower.debug('not written');
    lower.info('written');
    const higher = lazyChildLogger(logger, { reqId: 'req-3' }, { level: 'error' });
    expect(isEnabled(higher, 'warn')).toBe(false);
    higher.warn('not written');
    higher.error('written too');
    await new Promise((r) => setImmediate(r));
    expect(lines).toMatchObject([
      { level: 30, reqId: 'req-2', msg: 'written' },
      { level: 50, reqId: 'req-3', msg: 'written too' },
    ]);
    expect(lines).toHaveLength(2);
  });
});
