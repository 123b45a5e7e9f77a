// Where the installed package is, found from this module whichever way it runs: from src/ through tsx, compiled in
// dist/, or bundled into dist/bundle/ (where a module's own location says nothing of its place in the source
// tree). Files shipped with the package (the catalog, the built web app, package.json) are found from here.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PackageManifest {
  name: string;
  version: string;
}

function findRoot(from: string): { dir: string; manifest: PackageManifest } {
  for (let dir = from; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as PackageManifest;
      if (manifest.name === 'xinyong') return { dir, manifest };
    }
    if (dirname(dir) === dir) throw new Error(`xinyong's package.json not found above ${from}`);
  }
}

const found = findRoot(dirname(fileURLToPath(import.meta.url)));

export const PACKAGE_ROOT = found.dir;

/** The package's package.json, as read to find its root. */
export const packageManifest: Readonly<PackageManifest> = found.manifest;

/** A path inside the package, from its root: `packagePath('catalog')`. */
export const packagePath = (...parts: string[]) => join(PACKAGE_ROOT, ...parts);
