// Opens what every use case needs — the catalog and the store — apart from the HTTP server, so that a command
// line tool does not load Fastify and every route to import a file.
import { loadCatalog } from '../catalog/load.js';
import { type OpenOptions, openStore } from '../store/database.js';
import { type Clock, type Context, systemClock } from './context.js';

export async function openContext(
  db: string,
  clock: Clock = systemClock,
  options: OpenOptions = {},
): Promise<Context> {
  const catalog = loadCatalog();
  const store = await openStore(db, options);
  return { store, catalog, clock };
}
