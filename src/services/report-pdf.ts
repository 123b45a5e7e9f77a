// A credit report as a printable PDF (pdfkit): Chinese set in Source Han Sans SC (embedded, subset, from the
// @librescore/fonts package, SIL Open Font License), Latin letters and digits in Helvetica — the embedded font
// is a CJK subset — with the report number, the audit tree head, the content hash and a QR code of the
// verification address on every report.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { REPORT_SECTIONS, SECTION_NAMES } from '../domain/reports/credit-report.js';
import { shanghaiDate } from '../domain/time.js';
import type { CreditReport } from './credit-reports.js';
import { woff2ToSfnt } from './woff2-to-sfnt.js';

const CJK_FONT_FILE = createRequire(import.meta.url).resolve('@librescore/fonts/SourceHanSansCN.min.woff2');

let cjkFont: Buffer | undefined;
/** The CJK font as OpenType, unpacked once (see woff2-to-sfnt.ts); the WOFF2 itself if it cannot be. */
function cjk(): Buffer {
  if (!cjkFont) {
    const woff2 = readFileSync(CJK_FONT_FILE);
    try {
      cjkFont = woff2ToSfnt(woff2);
    } catch {
      cjkFont = woff2;
    }
  }
  return cjkFont;
}

type Doc = PDFKit.PDFDocument;

/** Writes text in runs: Latin-1 in Helvetica, everything else in the CJK font. */
function text(doc: Doc, value: string, size: number, options: PDFKit.Mixins.TextOptions = {}): void {
  const runs: string[] = [];
  for (const ch of value) {
    const latin = ch.charCodeAt(0) <= 0xff;
    const last = runs[runs.length - 1];
    if (last !== undefined && last.charCodeAt(0) <= 0xff === latin) runs[runs.length - 1] = last + ch;
    else runs.push(ch);
  }
  if (runs.length === 0) runs.push('');
  doc.fontSize(size);
  runs.forEach((run, i) => {
    doc.font(run.charCodeAt(0) <= 0xff ? 'Helvetica' : 'cjk');
    // One paragraph: the indent once, at its start; the two fonts on one baseline.
    const { indent, ...rest } = options;
    doc.text(run, {
      ...rest,
      ...(i === 0 && indent ? { indent } : {}),
      baseline: 'alphabetic',
      continued: i < runs.length - 1,
    });
  });
}

function fieldsLine(fields: unknown): string {
  if (!fields || typeof fields !== 'object') return '';
  return Object.entries(fields as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join('; ')
    .slice(0, 400);
}

export async function reportPdf(report: CreditReport): Promise<Buffer> {
  const qr = await QRCode.toBuffer(report.verifyUrl, { type: 'png', margin: 1, width: 240 });
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 50, bottom: 60, left: 56, right: 56 },
    info: { Title: `信用报告 Credit report ${report.number}`, Creator: 'xinyong', Producer: 'xinyong' },
  });
  doc.registerFont('cjk', cjk());
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.image(qr, doc.page.width - 56 - 90, 44, { width: 90 });
  text(doc, '信用报告 Credit report', 20);
  doc.moveDown(0.3);
  text(doc, `报告编号 Number: ${report.number}`, 10);
  text(doc, `生成时间 Generated: ${report.generatedAt} (${shanghaiDate(report.generatedAt)} 北京时间)`, 10);
  text(doc, `查询视角 View: ${report.view}`, 10);
  doc.moveDown(0.6);
  const s = report.subject;
  text(doc, `${s.name ?? ''}`, 14);
  text(doc, `${s.kind} · ${s.identifier}${s.region ? ` · ${s.region}` : ''}`, 10);
  doc.moveDown(0.8);

  const heading = (key: keyof typeof SECTION_NAMES, n: number) => {
    doc.moveDown(0.4);
    text(doc, `${SECTION_NAMES[key].zh} ${SECTION_NAMES[key].en} (${n})`, 13);
    doc.moveDown(0.3);
  };
  for (const key of REPORT_SECTIONS) {
    const items = report.sections[key];
    if (items.length === 0) continue;
    heading(key, items.length);
    for (const it of items) {
      text(doc, `${it.typeName} · ${it.agencyName} · ${it.occurredAt.slice(0, 10)} · ${it.status}`, 10);
      const f = fieldsLine(it.fields);
      if (f) text(doc, f, 8, { indent: 12 });
      if (it.basis.length) text(doc, `依据 Basis: ${it.basis.join('；')}`, 8, { indent: 12 });
      doc.moveDown(0.2);
    }
  }
  heading('listMemberships', report.sections.listMemberships.length);
  if (report.sections.listMemberships.length === 0) text(doc, '无 None', 10);
  for (const l of report.sections.listMemberships) {
    text(
      doc,
      `${l.listName} (${l.list}) · ${l.severity} · ${l.decisionNumber} · ${l.state}${l.underObjection ? ' · 异议中 under objection' : ''}`,
      10,
    );
    text(
      doc,
      `${l.effectiveAt.slice(0, 10)} → ${l.endsAt.slice(0, 10)}${l.endReason ? ` (${l.endReason})` : ''}`,
      8,
      {
        indent: 12,
      },
    );
    doc.moveDown(0.2);
  }
  heading('grades', 0);
  text(doc, report.sections.grades.note, 9);

  doc.moveDown(1.2);
  text(doc, '核验 Verification', 11);
  text(doc, `内容哈希 Content SHA-256: ${report.contentHash}`, 8);
  text(
    doc,
    `审计日志 Audit log: size ${report.auditHead.treeSize}, root ${report.auditHead.rootHash}, key ${report.auditHead.keyId}; issued in entry ${report.auditEntry}`,
    8,
  );
  text(doc, `扫码或访问 Scan or visit: ${report.verifyUrl}`, 8);
  doc.end();
  return done;
}
