// Before any test: compile and bundle the sources, so the command-line tests run `bin/xinyong.js` exactly as a user
// does after `npm ci` (the bundled CLI, its worker threads included), and start in a fraction of a second; and build the web
// app when its sources are newer than its build, so the browser tests see the code under test.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

function newest(dir: string): number {
  let latest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    latest = Math.max(latest, e.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

function webIsStale(): boolean {
  const built = join(root, 'dist/web/index.html');
  if (!existsSync(built)) return true;
  return newest(join(root, 'web')) > statSync(built).mtimeMs;
}

export default function setup(): void {
  execFileSync(
    process.execPath,
    [
      fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url)),
      '-p',
      'tsconfig.build.json',
    ],
    { cwd: root, stdio: 'inherit' },
  );
  // And bundled, as bin/xinyong.js runs it.
  execFileSync(process.execPath, [join(root, 'scripts/bundle.mjs')], { cwd: root, stdio: 'inherit' });
  if (webIsStale()) {
    execFileSync(
      process.execPath,
      [
        join(root, 'node_modules/vite/bin/vite.js'),
        'build',
        '--config',
        'web/vite.config.ts',
        '--logLevel',
        'warn',
      ],
      { cwd: root, stdio: 'inherit' },
    );
  }
}
