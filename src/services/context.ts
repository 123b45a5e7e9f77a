// What every use case needs: the store, the catalog, and the clock (the domain never reads time itself).
import type { Catalog } from '../catalog/catalog.js';
import type { Instant } from '../domain/time.js';
import type { Store } from '../store/database.js';

export interface Clock {
  now(): Instant;
}

export const systemClock: Clock = { now: () => new Date().toISOString() };

export interface Context {
  store: Store;
  catalog: Catalog;
  clock: Clock;
}
