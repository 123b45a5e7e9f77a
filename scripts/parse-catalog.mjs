// Run by `npm run build`: writes dist/catalog-parsed.json, the shipped catalog's YAML files as parsed, which every
// command reads at start instead of parsing the YAML again (src/catalog/data-file.ts), and the keys of the
// catalog's validations that passed, which a start does not run again (ValidationMemo in src/domain/json-schema.ts).
import { writeParsedCatalog } from '../dist/catalog/data-file.js';
import { recordCatalogValidations } from '../dist/catalog/load.js';

const passed = recordCatalogValidations();
const n = writeParsedCatalog(undefined, undefined, passed);
console.log(
  `catalog: ${n} YAML files parsed, ${passed.length} validations recorded, into dist/catalog-parsed.json`,
);
