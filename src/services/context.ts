// What every use case needs: the store, the catalog, and the clock (the domain never reads time itself).
import type { Catalog } from '../catalog/catalog.js';
import type { Instant } from '../domain/time.js';
import type { Store } from '../store/database.js';

export interface Clock {
  now(): Instant;
}

// The check API asks the time for every answer; formatting it once per millisecond is enough.
let lastMs = 0;
let lastIso = '';
export const systemClock: Clock = {
  now: () => {
    const ms = Date.now();
    if (ms !== lastMs) {
      lastMs = ms;
      lastIso = new Date(ms).toISOString();
    }
    return lastIso;
  },
};

export interface Context {
  store: Store;
  catalog: Catalog;
  clock: Clock;
}
