// Serves the web application (built by Vite into dist/web) at `/`, beside the API. Paths that are not a file and
// not under /api/ answer index.html, so the client's routes survive a reload; /api/ keeps its problem documents.
// The files are routed when the server starts: after a new build, restart the server.
import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { packagePath } from '../../package-root.js';

/** dist/web under the package root. */
export const WEB_ROOT = `${packagePath('dist', 'web')}/`;

export function webBuilt(root = WEB_ROOT): boolean {
  return existsSync(`${root}index.html`);
}

export async function webPlugin(app: FastifyInstance, options: { root: string }): Promise<void> {
  await app.register(fastifyStatic, {
    root: options.root,
    // Files are routed one by one at start, so the fallback below can own every other path.
    wildcard: false,
    // The build writes .br and .gz beside each asset; clients that accept them get the smaller file.
    preCompressed: true,
    setHeaders: (reply, path) => {
      // Vite names assets by content hash: they never change; index.html must be fetched anew each time.
      reply.header(
        'cache-control',
        path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  app.get('/*', { schema: { hide: true } }, (req, reply) => {
    // A missing file (an asset of an older build, a mistyped name) is a 404, never index.html under a .js name.
    const path = req.url.split('?')[0] ?? '';
    if (path.startsWith('/api/') || path.startsWith('/assets/') || /\.[a-z0-9]+$/i.test(path))
      return reply.callNotFound();
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
