// Says a problem document's field errors in the page's language: the API writes its reasons in English, so Chinese
// pages name the field and the kind of fault in Chinese, from the reason's known wordings.
import type { MessageKey } from '../i18n/zh';

/** Chinese names of the request fields the API's pointers name most often; others show as their pointer. */
const FIELDS_ZH: Record<string, string> = {
  id: '主体代码',
  subject: '主体',
  q: '查询内容',
  type: '记录类型',
  fields: '记录内容',
  list: '名单',
  listing: '名单记录',
  severity: '失信程度',
  decisionNumber: '决定文书号',
  conductAt: '失信行为发生日期',
  decidedAt: '决定日期',
  occurredAt: '发生日期',
  reason: '理由',
  note: '说明',
  evidence: '证明材料',
  outcome: '决定结果',
  itemType: '异议对象类型',
  records: '记录',
  since: '起始日期',
  until: '截止日期',
  role: '角色',
  agency: '机构',
  url: '地址',
};

const REASONS: [RegExp, MessageKey][] = [
  [/^is required/, 'reason.required'],
  [/must have required property|is missing/, 'reason.required'],
  [/not a known field|additional propert/, 'reason.unknownField'],
  [/in the future/, 'reason.future'],
  [/YYYY-MM-DD|RFC 3339|must match format "date/, 'reason.date'],
  [/must be one of|must be equal to one of the allowed values/, 'reason.oneOf'],
  [/check character/, 'reason.checkChar'],
  [/length is \d+, expected|wrong length/, 'reason.length'],
  [/identifier|USCC|identity number|region|birth date/, 'reason.identifier'],
  [/fewer than|at least \d+ character|minLength/, 'reason.tooShort'],
  [/more than|at most \d+ character|maxLength/, 'reason.tooLong'],
  [/MiB|is empty|is sent as|at most \d+ files|send at least one file|must be one of .*\//, 'reason.file'],
  [/must match format|must match pattern|must be/, 'reason.format'],
];

export function reasonKey(reason: string): MessageKey {
  return REASONS.find(([re]) => re.test(reason))?.[1] ?? 'reason.other';
}

/** The field a pointer names, in Chinese where known (`/fields/x` is the record's field x). */
export function fieldName(pointer: string, titles?: Record<string, string>): string {
  const parts = pointer.split('/').filter(Boolean);
  const last = parts.findLast((p) => !/^\d+$/.test(p)) ?? '';
  return titles?.[last] ?? FIELDS_ZH[last] ?? pointer;
}
