// The due-process figures: notices delivered per second through the outbox to a local webhook receiver (a
// process of its own), and credit reports per second — issued (file read and logged, numbered, audited) and
// rendered to PDF, and rendered alone — on a demo store in SQLite.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openContext } from '../server.js';
import { AccessRecorder } from '../services/access-recorder.js';
import { loadOrCreateSigningKey } from '../services/audit-keys.js';
import { type CreditReport, issueReport } from '../services/credit-reports.js';
import { NoticeDispatcher } from '../services/notice-dispatcher.js';
import { addNotice } from '../services/notices.js';
import { reportPdf } from '../services/report-pdf.js';
import type { SubscriptionRow } from '../store/schema.js';
import { log, round, runCli, waitForLine } from './measure.js';

export interface DueProcessFigures {
  notices: number;
  noticesPerSec: number;
  reportsIssuedAndRenderedPerSec: number;
  pdfRendersPerSec: number;
  pdfBytes: number;
}

const RECEIVER = `import http from 'node:http';
const server = http.createServer((req, res) => { req.resume(); req.on('end', () => { res.statusCode = 204; res.end(); }); });
server.keepAliveTimeout = 30000;
server.listen(0, '127.0.0.1', () => console.log('listening http://127.0.0.1:' + server.address().port));`;

export async function dueProcessBench(options: {
  notices: number;
  seconds: number;
}): Promise<DueProcessFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'xinyong-bench-due-'));
  const receiver = spawn(process.execPath, ['--input-type=module', '-e', RECEIVER], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const db = join(dir, 'bench.db');
    log('due-process bench: demo store of 2,000 subjects …');
    const demo = await runCli(['demo', '--db', db, '--subjects', '2000']);
    if (demo.code !== 0) throw new Error(`demo failed: ${demo.stderr}`);
    const url = await waitForLine(receiver, /listening (http:\/\/\S+)/);
    const ctx = await openContext(db);
    try {
      // Notices: queued as a listing queues them (inbox row and outbox row in one transaction), then delivered.
      const subjects = await ctx.store.db
        .selectFrom('subjects')
        .select('id')
        .orderBy('id')
        .limit(2000)
        .execute();
      const now = ctx.clock.now();
      const hook: SubscriptionRow = {
        id: 0,
        owner: 'bench',
        agency: null,
        url: `${url}/hook`,
        secret: 'whsec_bench',
        lists: null,
        created_at: now,
        ended_at: null,
      };
      log(`due-process bench: queueing ${options.notices.toLocaleString('en-US')} notices …`);
      for (let i = 0; i < options.notices; i += 500) {
        await ctx.store.db.transaction().execute(async (trx) => {
          for (let k = i; k < Math.min(options.notices, i + 500); k++)
            await addNotice(
              trx,
              subjects[k % subjects.length]!.id,
              'bench',
              null,
              `通知 ${k}`,
              { kind: 'bench', n: k },
              [hook],
              now,
            );
        });
      }
      const dispatcher = new NoticeDispatcher(ctx, { batch: 200, allowPrivateAddresses: true });
      log('due-process bench: delivering …');
      const started = performance.now();
      let sent = 0;
      for (;;) {
        const r = await dispatcher.runOnce();
        if (r.failed > 0 || r.dead > 0) throw new Error(`${r.failed + r.dead} notices failed to deliver`);
        if (r.sent === 0) break;
        sent += r.sent;
      }
      const noticeSeconds = (performance.now() - started) / 1000;
      await dispatcher.stop();
      if (sent !== options.notices) throw new Error(`delivered ${sent} of ${options.notices} notices`);

      // Reports: the enterprises with the most records, issued and rendered in turn.
      const busiest = await ctx.store.db
        .selectFrom('records')
        .innerJoin('subjects', 'subjects.id', 'records.subject_id')
        .select(['subjects.identifier', (eb) => eb.fn.countAll<number>().as('n')])
        .where('subjects.kind', '=', 'enterprise')
        .groupBy('subjects.identifier')
        .orderBy('n', 'desc')
        .limit(20)
        .execute();
      const access = new AccessRecorder(ctx);
      const deps = {
        access,
        signingKey: await loadOrCreateSigningKey(ctx.store),
        publicUrl: 'http://127.0.0.1:8080',
      };
      const operator = { role: 'operator' as const, actor: 'bench' };
      log(`due-process bench: ${options.seconds}s of credit reports issued and rendered …`);
      const reports: CreditReport[] = [];
      let pdfBytes = 0;
      const until = performance.now() + options.seconds * 1000;
      const t0 = performance.now();
      while (performance.now() < until) {
        const report = await issueReport(
          ctx,
          deps,
          operator,
          busiest[reports.length % busiest.length]!.identifier,
        );
        pdfBytes = (await reportPdf(report)).length;
        reports.push(report);
      }
      const issued = reports.length / ((performance.now() - t0) / 1000);
      log(`due-process bench: ${options.seconds}s of PDF rendering alone …`);
      let rendered = 0;
      const until2 = performance.now() + options.seconds * 1000;
      const t1 = performance.now();
      while (performance.now() < until2) {
        await reportPdf(reports[rendered % reports.length]!);
        rendered++;
      }
      const renders = rendered / ((performance.now() - t1) / 1000);
      await access.idle();
      return {
        notices: sent,
        noticesPerSec: round(sent / noticeSeconds),
        reportsIssuedAndRenderedPerSec: round(issued, 1),
        pdfRendersPerSec: round(renders, 1),
        pdfBytes,
      };
    } finally {
      await ctx.store.close();
    }
  } finally {
    receiver.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}
