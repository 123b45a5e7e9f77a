#!/usr/bin/env node
// Runs the compiled CLI (built by `npm ci` through the prepare script); falls back to the TypeScript sources
// through tsx in a development checkout that has not been built (or with XINYONG_FROM_SOURCE=1, as the tests do).
import { existsSync } from 'node:fs';
import v8 from 'node:v8';

// Bulk paths (imports, demo data) allocate many short-lived objects; a larger young generation halves GC time.
v8.setFlagsFromString('--max-semi-space-size=64');

const compiled = new URL('../dist/cli/main.js', import.meta.url);
if (existsSync(compiled) && !process.env.XINYONG_FROM_SOURCE) {
  const { main } = await import(compiled.href);
  await main(process.argv);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import(new URL('../src/cli/main.ts', import.meta.url).href);
  await main(process.argv);
}
