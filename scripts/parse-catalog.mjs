// Run by `npm run build`: writes dist/catalog-parsed.json, the shipped catalog's YAML files as parsed, which every
// command reads at start instead of parsing the YAML again (src/catalog/data-file.ts).
import { writeParsedCatalog } from '../dist/catalog/data-file.js';

const n = writeParsedCatalog();
console.log(`catalog: ${n} YAML files parsed into dist/catalog-parsed.json`);
