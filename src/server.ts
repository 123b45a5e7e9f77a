// Opens everything a server process needs and starts listening; `xinyong serve`, the tests and the bench use it.
import type { FastifyInstance } from 'fastify';
import { Checker } from './check/checker.js';
import { settings } from './config.js';
import { buildApp } from './http/app.js';
import { BackgroundTasks } from './http/deps.js';
import { AccessRecorder } from './services/access-recorder.js';
import { loadOrCreateSigningKey } from './services/audit-keys.js';
import { startCheckpointer } from './services/checkpointer.js';
import type { Clock, Context } from './services/context.js';
import { ExpiryScheduler } from './services/expiry.js';
import { type DispatcherOptions, NoticeDispatcher } from './services/notice-dispatcher.js';
import { openContext } from './services/open-context.js';
import { Periodic } from './services/periodic.js';
import { ScoreKeeper } from './services/scoring/score-keeper.js';
import { TokenAuthenticator } from './services/tokens.js';
import { markInterrupted } from './store/imports.js';
import { catchUpNameIndex } from './store/name-index.js';
import { catchUpReadIndex } from './store/read-index.js';

export interface Server {
  app: FastifyInstance;
  ctx: Context;
  url: string;
  close(): Promise<void>;
}

export interface ServerOptions {
  db: string;
  host?: string;
  port?: number;
  logger?: boolean | { level: string };
  clock?: Clock;
  publicRateLimit?: number;
  /** Seconds between expiry runs (default from XINYONG_EXPIRY_INTERVAL; 0: none). */
  expiryIntervalSeconds?: number;
  /** The outbox's dispatcher: false for none (tests run their own). */
  notices?: false | DispatcherOptions;
  /** The score keeper (recomputes scores as records change): false for none. */
  scores?: false | { intervalMs?: number };
}

export { openContext };

export async function createServer(
  ctx: Context,
  options: Omit<ServerOptions, 'db'> & { checkPollMs?: number } = {},
) {
  const signingKey = await loadOrCreateSigningKey(ctx.store);
  const access = new AccessRecorder(ctx);
  // Keeps the index of reads close behind the log, so an access-log query has little to catch up first.
  const readIndex = new Periodic(
    async () => void (await catchUpReadIndex(ctx.store.db)),
    5000,
    (err) => app?.log.error({ err }, 'read index'),
  );
  readIndex.start();
  // And the name index close behind new subjects (a bulk import's, say), so a search has little to catch up first.
  const closing = new AbortController();
  const nameIndex = new Periodic(
    async () => void (await catchUpNameIndex(ctx.store, { signal: closing.signal })),
    5000,
    (err) => app?.log.error({ err }, 'name index'),
  );
  nameIndex.start(true);
  const checkpoints = startCheckpointer(ctx.store, {
    onError: (err) => app?.log.warn({ err }, 'checkpointer stopped; commits checkpoint for themselves'),
  });
  const imports = new BackgroundTasks();
  let app: FastifyInstance | undefined;
  const checker = new Checker(ctx, {
    pollMs: options.checkPollMs,
    onError: (err) => app?.log.error({ err }, 'decision index or log'),
  });
  await checker.start();
  app = await buildApp(
    {
      ctx,
      access,
      signingKey,
      imports,
      tokens: new TokenAuthenticator(ctx),
      checker,
      version: settings.version,
    },
    { logger: options.logger, publicRateLimit: options.publicRateLimit ?? settings.publicRateLimit },
  );
  const expiry = new ExpiryScheduler(
    ctx,
    (options.expiryIntervalSeconds ?? settings.expiryIntervalSeconds) * 1000,
    (r) => app?.log.info(r, 'expiry'),
    (err) => app?.log.error({ err }, 'expiry'),
  );
  if ((options.expiryIntervalSeconds ?? settings.expiryIntervalSeconds) > 0) expiry.start();
  const dispatcher =
    options.notices === false
      ? undefined
      : new NoticeDispatcher(ctx, {
          smtpUrl: settings.smtpUrl,
          from: settings.smtpFrom,
          allowPrivateAddresses: settings.webhookPrivateAddresses,
          onError: (err) => app?.log.error({ err }, 'notice dispatcher'),
          ...options.notices,
        });
  dispatcher?.start();
  const scores =
    options.scores === false || (options.scores === undefined && !settings.scoreKeeper)
      ? undefined
      : new ScoreKeeper(ctx, options.scores?.intervalMs, (err) => app?.log.error({ err }, 'score keeper'));
  // A store never scored is scored whole first, in the background; then the keeper follows every change.
  const scoring = scores
    ?.init()
    .then((r) => {
      if (r.interrupted) return;
      if (r.fullRecompute) app?.log.info({ written: r.written }, 'scores computed');
      scores.start();
    })
    .catch((err) => app?.log.error({ err }, 'score keeper'));
  app.addHook('onClose', async () => {
    // Stopped first: a first full scoring of a large store would otherwise hold up the close for minutes.
    await scores?.stop();
    await scoring;
    await dispatcher?.stop();
    await expiry.stop();
    await imports.idle();
    await access.idle();
    await readIndex.stop();
    closing.abort();
    await nameIndex.stop();
    await checker.stop();
    await checkpoints.stop();
  });
  return app;
}

export async function startServer(options: ServerOptions): Promise<Server> {
  const ctx = await openContext(options.db, options.clock);
  const now = ctx.clock.now();
  await markInterrupted(ctx.store.db, now, new Date(Date.parse(now) - 10 * 60_000).toISOString());
  const app = await createServer(ctx, options);
  let address: string;
  try {
    address = await app.listen({ host: options.host ?? settings.host, port: options.port ?? settings.port });
  } catch (err) {
    // A port in use: stop the background work already started, or the process lives on without serving.
    await app.close();
    await ctx.store.close();
    throw err;
  }
  return {
    app,
    ctx,
    url: address.replace('[::1]', 'localhost'),
    async close() {
      await app.close();
      await ctx.store.close();
    },
  };
}
