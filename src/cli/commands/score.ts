import type { Command } from 'commander';
import { AccessRecorder } from '../../services/access-recorder.js';
import { subjectScores } from '../../services/scoring/subject-scores.js';
import { cliOperator, dbOption, out, outJson, withContext } from '../runtime.js';

export function scoreCommand(program: Command): void {
  program
    .command('score <subject>')
    .description(
      "a subject's scores (as an operator; the read is logged): each scheme that applies, or --scheme any one, with the ledger of every point and what changes the grade",
    )
    .option(...dbOption)
    .option('--scheme <code>', 'score in this scheme, whether or not it applies to the subject')
    .option('--json', 'print one JSON document')
    .action(async (ref: string, opts: { db?: string; scheme?: string; json?: boolean }) => {
      await withContext(opts.db, async (ctx) => {
        const access = new AccessRecorder(ctx);
        const principal = cliOperator();
        const { subject, items } = await subjectScores(ctx, principal, ref, opts.scheme);
        await access.record(principal, { subjectId: subject.id, purpose: 'scores.read' });
        await access.idle();
        if (opts.json) {
          outJson({ subject: { id: subject.id, identifier: subject.identifier, kind: subject.kind }, items });
          return;
        }
        if (items.length === 0)
          out(
            `no scheme applies to ${subject.identifier} (${subject.kind}, region ${subject.region ?? 'none'})`,
          );
        for (const s of items) {
          out(
            `${s.names.zh} ${s.names.en} (${s.scheme}): ${s.score} → ${s.grade} ${s.gradeNames.zh}${s.applies ? '' : ' [does not apply here]'}`,
          );
          out(`  start ${s.start}, range ${s.range.min}–${s.range.max}`);
          for (const e of s.ledger) {
            const cut = e.uncapped !== undefined ? ` (of ${e.uncapped}, cut by the ${e.cappedBy} cap)` : '';
            const effect = e.effect ? ` ${JSON.stringify(e.effect)}` : '';
            out(
              `  ${e.on}  ${String(e.points).padStart(6)}${cut}${effect}  ${e.names.zh} [${e.rule}] ← ${e.inputs.join(', ')}; lapses ${e.until}`,
            );
          }
          const ends = (by: 'listing' | 'record') =>
            by === 'listing'
              ? 'the listing ends (its end date, removal on repair, or an objection upheld)'
              : 'the record lapses or its publication ends (or it is corrected or withdrawn on an objection)';
          if (s.outlook.pinned)
            out(
              `  the score is fixed by ${s.outlook.pinned.rule} until ${s.outlook.pinned.until}: no points count until ${ends(s.outlook.pinned.endsBy)}`,
            );
          if (s.outlook.held)
            out(
              `  the grade is held at ${s.outlook.held.grade} by ${s.outlook.held.rule} until ${s.outlook.held.until}, whatever points are earned: it ends when ${ends(s.outlook.held.endsBy)}`,
            );
          if (s.outlook.gradeSet)
            out(
              `  the grade is ${s.outlook.gradeSet.grade} by ${s.outlook.gradeSet.rule} until ${s.outlook.gradeSet.until}; then the points give it`,
            );
          if (s.outlook.next)
            out(
              `  next grade ${s.outlook.next.grade} at ${s.outlook.next.min}: ${s.outlook.next.pointsNeeded} points to go`,
            );
          const open = s.outlook.held ? [] : s.outlook.ways.filter((w) => w.access === 'open');
          if (open.length)
            out(
              `  open to anyone: ${open.map((w) => `${w.names.zh} +${w.points}${w.room === null ? '' : ` (room ${w.room})`}`).join('; ')}`,
            );
          for (const l of s.outlook.lapses.slice(0, 5)) out(`  ${l.rule} (${l.points}) lapses ${l.until}`);
        }
      });
    });
}
