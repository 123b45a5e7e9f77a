// Opens what every use case needs — the catalog and the store — apart from the HTTP server, so that a command
// line tool does not load Fastify and every route to import a file.
import type { Catalog } from '../catalog/catalog.js';
import { loadCatalog } from '../catalog/load.js';
import { type OpenOptions, openStore } from '../store/database.js';
import { type Clock, type Context, systemClock } from './context.js';

export async function openContext(
  db: string,
  clock: Clock = systemClock,
  options: OpenOptions & { catalog?: Catalog } = {},
): Promise<Context> {
  // A command may have loaded the catalog already, to start work that needs it before the store is open.
  const { catalog: loaded, ...storeOptions } = options;
  const catalog = loaded ?? loadCatalog();
  const store = await openStore(db, storeOptions);
  return { store, catalog, clock };
}
