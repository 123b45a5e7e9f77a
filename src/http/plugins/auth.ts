// Bearer tokens → request.principal; routes declare the roles they accept in `config.roles`.
// No token: the public principal. A token that does not verify: 401, even on public routes.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { problems } from '../../domain/errors.js';
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

export const authPlugin = fp(async (app: FastifyInstance, opts: { tokens: TokenAuthenticator }) => {
  app.decorateRequest('principal', undefined as unknown as Principal);
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    if (!header) {
      request.principal = { role: 'public', actor: `public:${request.ip}` };
      return;
    }
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    const principal = m ? await opts.tokens.authenticate(m[1]!) : undefined;
    if (!principal)
      throw problems.unauthorized('The bearer token is malformed, unknown, expired or revoked.');
    request.principal = principal;
  });
  // Checked before the body is read, so a caller without the right role learns nothing about the payload.
  app.addHook('onRequest', async (request) => {
    const roles = request.routeOptions.config.roles;
    if (!roles) return;
    if (request.principal.role === 'public') throw problems.unauthorized();
    if (!roles.includes(request.principal.role)) {
      throw problems.forbidden(
        `this needs the role ${roles.join(' or ')}; the token is for ${request.principal.role}`,
      );
    }
  });
});
