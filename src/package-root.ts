// Where the installed package is, found from this module whichever way it runs: from src/ through tsx, compiled in
// dist/, or bundled into dist/bundle/ (where a module's own location says nothing of its place in the source
// tree). Files shipped with the package (the catalog, the built web app, package.json) are found from here.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'xinyong'
    )
      return dir;
    if (dirname(dir) === dir) throw new Error(`xinyong's package.json not found above ${from}`);
  }
}

export const PACKAGE_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

/** A path inside the package, from its root: `packagePath('catalog')`. */
export const packagePath = (...parts: string[]) => join(PACKAGE_ROOT, ...parts);
