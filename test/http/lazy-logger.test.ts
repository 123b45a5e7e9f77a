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

  it('takes a level of its own at once', async () => {
    const { logger, lines } = capture('warn');
    const log = lazyChildLogger(logger, { reqId: 'req-2' }, { level: 'info' });
    log.info('written');
    await new Promise((r) => setImmediate(r));
    expect(lines).toMatchObject([{ level: 30, reqId: 'req-2', msg: 'written' }]);
  });
});
