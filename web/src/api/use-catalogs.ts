// The catalogs a credit file is read with: record types (field titles), lists (deadlines), measures and actions
// (what a listing means), agencies (names), schemes (the names of scores and grades written into a file).
import { byCode, catalog } from './catalog';
import type { ActionDef, Agency, ListDef, Measure, RecordType, Scheme } from './types';
import { type Loaded, usePromise } from './use-api';

export interface Catalogs {
  recordTypes: Map<string, RecordType>;
  lists: Map<string, ListDef>;
  measures: Map<string, Measure>;
  actions: Map<string, ActionDef>;
  agencies: Map<string, Agency>;
  schemes: Map<string, Scheme>;
}

export function useCatalogs(): Loaded<Catalogs> {
  return usePromise(async () => {
    const [recordTypes, lists, measures, actions, agencies, schemes] = await Promise.all([
      catalog.recordTypes(),
      catalog.lists(),
      catalog.measures(),
      catalog.actions(),
      catalog.agencies(),
      catalog.schemes(),
    ]);
    return {
      recordTypes: byCode(recordTypes),
      lists: byCode(lists),
      measures: byCode(measures),
      actions: byCode(actions),
      agencies: byCode(agencies),
      schemes: byCode(schemes),
    };
  }, []);
}
