// Bearer tokens → request.principal; routes declare the roles they accept in `config.roles`.
// No token: the public principal. A token that does not verify: 401, even on public routes.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { type ProblemError, problems } from '../../domain/errors.js';
import type { Principal, Role } from '../../domain/principal.js';
import type { TokenAuthenticator } from '../../services/tokens.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
  interface FastifyContextConfig {
    /** Roles allowed; absent means public. */
    roles?: Role[];
  }
}

const BEARER = /^Bearer\s+(\S+)$/i;

export const authPlugin = fp(async (app: FastifyInstance, opts: { tokens: TokenAuthenticator }) => {
  app.decorateRequest('principal', undefined as unknown as Principal);
  // One hook, without a promise for a token already known: it runs on every request (an enforcer's check among
  // them), and each asynchronous hook costs a promise and a turn of the microtask queue.
  app.addHook('onRequest', (request, _reply, done) => {
    const header = request.headers.authorization;
    if (!header) {
      request.principal = { role: 'public', actor: `public:${request.ip}` };
      done(refusal(request));
      return;
    }
    const m = BEARER.exec(header);
    const found = m ? opts.tokens.authenticate(m[1]!) : undefined;
    if (found instanceof Promise) found.then((principal) => done(admit(request, principal)), done);
    else done(admit(request, found));
  });
});

function admit(request: FastifyRequest, principal: Principal | undefined): ProblemError | undefined {
  if (!principal) return problems.unauthorized('The bearer token is malformed, unknown, expired or revoked.');
  request.principal = principal;
  return refusal(request);
}

/** Why the caller may not use the route, checked before the body is read: the caller learns nothing of it. */
function refusal(request: FastifyRequest): ProblemError | undefined {
  const roles = request.routeOptions.config.roles;
  if (!roles) return undefined;
  if (request.principal.role === 'public') return problems.unauthorized();
  if (!roles.includes(request.principal.role))
    return problems.forbidden(
      `this needs the role ${roles.join(' or ')}; the token is for ${request.principal.role}`,
    );
  return undefined;
}
