// Worker threads for the bulk paths; from the TypeScript sources (tests, development) a worker loads its
// module through tsx, from dist/ it loads the compiled file.
import { Worker } from 'node:worker_threads';

/** `moduleUrl` is the worker module's URL with a .ts extension, as in `new URL('./x.ts', import.meta.url)`. */
export function startWorker(moduleUrl: URL, workerData: unknown): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  if (!fromSource) return new Worker(new URL(moduleUrl.href.replace(/\.ts$/, '.js')), { workerData });
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(moduleUrl.href)}); })`;
  return new Worker(boot, { eval: true, workerData });
}
