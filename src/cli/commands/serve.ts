import type { Command } from 'commander';
import { settings } from '../../config.js';
import { startServer } from '../../server.js';
import { dbOption, dbUrl, err, out } from '../runtime.js';
import { ensureDemo } from './demo.js';

export function serveCommand(program: Command): void {
  program
    .command('serve')
    .description('start the API (and the web app) on the embedded SQLite store or PostgreSQL')
    .option(...dbOption)
    .option('--host <host>', 'address to listen on', settings.host)
    .option('--port <port>', 'port to listen on', (v) => Number(v), settings.port)
    .option(
      '--demo',
      'load deterministic demo data if the store is empty, and print a demo token for each role',
    )
    .option('--demo-subjects <n>', 'size of the demo data set', (v) => Number(v), 2000)
    .action(
      async (opts: { db?: string; host: string; port: number; demo?: boolean; demoSubjects: number }) => {
        const db = dbUrl(opts.db);
        const tokens = opts.demo ? await ensureDemo(db, opts.demoSubjects) : undefined;
        const server = await startServer({
          db,
          host: opts.host,
          port: opts.port,
          logger: { level: settings.logLevel },
        });
        out(
          `xinyong is listening on ${server.url} (store: ${server.ctx.store.dialect} ${server.ctx.store.location})`,
        );
        out(`API reference: ${server.url}/api/v1/docs`);
        if (tokens) {
          out('demo tokens (send as "Authorization: Bearer <token>"):');
          for (const t of tokens) out(`  ${t.token}  ${t.label}`);
        }
        const stop = async (signal: string) => {
          err(`${signal}: closing`);
          await server.close();
          process.exit(0);
        };
        process.once('SIGINT', () => void stop('SIGINT'));
        process.once('SIGTERM', () => void stop('SIGTERM'));
      },
    );
}
