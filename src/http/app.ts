// Builds the Fastify application (listening is main's job, so tests use inject()).
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AppDeps } from './deps.js';
import { lazyChildLogger } from './lazy-logger.js';
import { authPlugin } from './plugins/auth.js';
import { PROBLEM_TYPES, problemsPlugin } from './plugins/problems.js';
import { requestMeterPlugin } from './plugins/request-meter.js';
import { WEB_ROOT, webBuilt, webPlugin } from './plugins/web.js';
import { auditRoutes } from './routes/audit/index.js';
import { catalogRoutes } from './routes/catalog/index.js';
import { checkRoutes } from './routes/check/index.js';
import { healthRoutes } from './routes/health/index.js';
import { importRoutes } from './routes/imports/index.js';
import { listingRoutes } from './routes/listings/index.js';
import { meRoutes } from './routes/me/index.js';
import { noticeRoutes } from './routes/notices/index.js';
import { objectionRoutes } from './routes/objections/index.js';
import { recordRoutes } from './routes/records/index.js';
import { relationRoutes } from './routes/relations/index.js';
import { repairRoutes } from './routes/repairs/index.js';
import { reportRoutes } from './routes/reports/index.js';
import { Problem } from './routes/schemas.js';
import { schemeRoutes } from './routes/schemes/index.js';
import { searchRoutes } from './routes/search/index.js';
import { subjectRoutes } from './routes/subjects/index.js';
import { tokenRoutes } from './routes/tokens/index.js';

export interface AppOptions {
  logger?: boolean | { level: string };
  /** Requests per minute per address for anonymous callers (0 turns the limit off). */
  publicRateLimit?: number;
  /** Largest upload accepted by /imports, in bytes. */
  uploadLimit?: number;
  /** The built web application to serve at `/` (default dist/web; nothing is served when it is not built). */
  webRoot?: string;
}

export async function buildApp(deps: AppDeps, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    ...(options.logger ? { childLoggerFactory: lazyChildLogger } : {}),
    bodyLimit: 2 * 1024 * 1024,
    // Requests Node cannot even parse (e.g. raw non-ASCII in the path) still get a problem document.
    clientErrorHandler: (err, socket) => {
      const body = JSON.stringify({
        type: '/api/v1/problems/bad-request',
        title: 'Bad request',
        status: 400,
        detail: `The request cannot be parsed (${(err as { code?: string }).code ?? err.message}); percent-encode non-ASCII characters in the URL.`,
        errors: [],
      });
      if (socket.writable) {
        socket.end(
          `HTTP/1.1 400 Bad Request\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
        );
      }
    },
    ajv: {
      customOptions: {
        removeAdditional: false,
        allErrors: true,
        coerceTypes: 'array',
        useDefaults: true,
        // Named examples for the API reference (@fastify/swagger moves them to the media type).
        keywords: ['x-examples'],
      },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.addSchema(Problem);
  await app.register(requestMeterPlugin);
  await app.register(problemsPlugin);
  await app.register(swagger, {
    // Shared schemas keep their $id as their component name (Problem), not def-0.
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'xinyong — public credit information platform',
        version: deps.version,
        description:
          'A rule-of-law public credit information system: a master credit database fed by agencies, with a legal basis for everything, masked persons in public, and a tamper-evident audit log. Errors are RFC 9457 problem documents.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      tags: [
        { name: 'health' },
        { name: 'catalog', description: 'Record types and agencies (信用信息目录), with legal bases' },
        { name: 'records', description: 'Agency submissions to the master database' },
        {
          name: 'relations',
          description: 'Legal representatives, officers, shareholders, branches, subsidiaries',
        },
        { name: 'imports', description: 'Bulk files: CSV (UTF-8 / GB18030), NDJSON, XLSX' },
        { name: 'subjects', description: 'Credit files' },
        { name: 'search', description: 'Find a subject by code or name' },
        { name: 'audit', description: 'The hash-chained, Merkle-tree audit log: signed heads and proofs' },
        { name: 'tokens', description: 'Bearer tokens (operator)' },
        { name: 'listings', description: 'Agency-owned lists: listing, notice, effect, end' },
        { name: 'check', description: 'The enforcer’s question and the decision log; statistics' },
        {
          name: 'scores',
          description:
            'Scoring schemes as data (city points, company ratings), scores with their ledgers, and policy simulation',
        },
        {
          name: 'due process',
          description: 'Objections and credit repair, and the deadlines the owning agencies answer by',
        },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/v1/docs' });
  await app.register(authPlugin, { tokens: deps.tokens });
  // Before the rate limit, which applies to routes registered after it: the web app's files are not the API.
  const webRoot = options.webRoot ?? WEB_ROOT;
  if (webBuilt(webRoot)) await app.register(webPlugin, { root: webRoot });
  const limit = options.publicRateLimit ?? 600;
  if (limit > 0) {
    await app.register(rateLimit, { max: limit, timeWindow: '1 minute', global: false });
    const limited = app.rateLimit();
    // Callers with a token are accountable by their token; the limit protects the anonymous public surface. Asked
    // here rather than through the plugin's allow list, which works out every caller's address key (an IPv6
    // pattern among it) before it asks.
    app.addHook('onRequest', async (req, reply) => {
      if (req.principal.role === 'public') await limited.call(app, req, reply);
    });
  }
  await app.register(multipart, {
    limits: { fileSize: options.uploadLimit ?? 512 * 1024 * 1024, files: 1, fields: 10 },
  });

  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/api/v1/problems/:type', { schema: { hide: true } }, async (req, reply) => {
    const type = (req.params as { type: string }).type;
    const description = PROBLEM_TYPES[type];
    if (!description) return reply.callNotFound();
    return { type: `/api/v1/problems/${type}`, description };
  });

  for (const routes of [
    healthRoutes,
    catalogRoutes,
    recordRoutes,
    relationRoutes,
    subjectRoutes,
    searchRoutes,
    auditRoutes,
    importRoutes,
    tokenRoutes,
    listingRoutes,
    checkRoutes,
    objectionRoutes,
    repairRoutes,
    meRoutes,
    noticeRoutes,
    reportRoutes,
    schemeRoutes,
  ]) {
    await app.register(routes, deps);
  }
  return app;
}
