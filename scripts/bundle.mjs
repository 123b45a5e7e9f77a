// Run by `npm run build` after tsc: bundles the compiled CLI and its worker threads into dist/bundle/, which
// bin/xinyong.js runs. Every command starts by loading its modules, and one file each (with chunks shared between
// them) loads in a fraction of the time of ~700 (our ~150 and the ~630 of TypeBox and Kysely, inlined here). The
// CommonJS packages an import loads are inlined too: imported from an ES module, each would be scanned for its
// exports at every start (in both of an import's threads, by a lexer V8 then spends a third of a second of CPU
// optimizing). Other packages stay in node_modules: some read files beside their own code, one is native, and the
// rest load only for the commands that use them.
import { readFileSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const INLINED = new Set([
  'typebox',
  'kysely',
  'pg',
  'pg-copy-streams',
  'papaparse',
  'iconv-lite',
  'commander',
  'cli-progress',
  'ajv',
  'ajv-formats',
]);
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const external = Object.keys(pkg.dependencies).filter((d) => !INLINED.has(d));

/** The CLI and the modules src/services/workers.ts starts as worker threads (a worker not listed runs unbundled). */
const ENTRIES = [
  'cli/main',
  'services/imports/check-worker',
  'services/checkpointer.worker',
  'services/demo/chunk-worker',
  'check/decision-writer.worker',
];

const root = new URL('../', import.meta.url);
const outdir = new URL('dist/bundle/', root).pathname;
rmSync(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root.pathname,
  entryPoints: ENTRIES.map((e) => `dist/${e}.js`),
  outbase: 'dist',
  outdir,
  bundle: true,
  splitting: true, // the CLI's lazily loaded commands stay lazy, as chunks
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external,
  sourcemap: 'linked',
  // The CommonJS packages inlined require node's own modules; an ES module has no `require` of its own.
  banner: {
    js: "import { createRequire as __xinyongRequire } from 'node:module'; const require = __xinyongRequire(import.meta.url);",
  },
  logLevel: 'warning',
  metafile: true,
});
const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
const files = Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.js')).length;
console.log(
  `bundle: ${ENTRIES.length} entries in ${files} files, ${(bytes / 1e6).toFixed(1)} MB, into dist/bundle`,
);
