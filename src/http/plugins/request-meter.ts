// Counts the requests this process answers, per second over the last minute, for the health report (the operator
// dashboard shows them). Memory is fixed: sixty counters.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

const WINDOW_S = 60;

export class RequestMeter {
  private readonly counts = new Array<number>(WINDOW_S).fill(0);
  private readonly errors = new Array<number>(WINDOW_S).fill(0);
  private readonly seconds = new Array<number>(WINDOW_S).fill(0);

  record(status: number, nowMs = Date.now()): void {
    const second = Math.floor(nowMs / 1000);
    const i = second % WINDOW_S;
    if (this.seconds[i] !== second) {
      this.seconds[i] = second;
      this.counts[i] = 0;
      this.errors[i] = 0;
    }
    this.counts[i]! += 1;
    if (status >= 500) this.errors[i]! += 1;
  }

  /** Requests and server errors answered in the last minute. */
  lastMinute(nowMs = Date.now()): { requests: number; serverErrors: number; perSecond: number } {
    const now = Math.floor(nowMs / 1000);
    let requests = 0;
    let serverErrors = 0;
    for (let i = 0; i < WINDOW_S; i++) {
      if (now - this.seconds[i]! >= WINDOW_S) continue;
      requests += this.counts[i]!;
      serverErrors += this.errors[i]!;
    }
    return { requests, serverErrors, perSecond: Math.round((requests / WINDOW_S) * 100) / 100 };
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    requestMeter: RequestMeter;
  }
}

export const requestMeterPlugin = fp(async (app: FastifyInstance) => {
  const meter = new RequestMeter();
  app.decorate('requestMeter', meter);
  app.addHook('onResponse', async (_req, reply) => meter.record(reply.statusCode));
});
