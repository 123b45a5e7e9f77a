// Unified Social Credit Code, GB 32100-2015: 1 registration authority + 1 entity category + 6 region
// + 9 organization code + 1 check character, over an alphabet of 31 characters (no I, O, S, V, Z).
import { describeRegion, isValidProvince, NATIONAL_REGION, type Region } from './regions.js';

export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = Array.from({ length: 17 }, (_, i) => 3 ** i % 31);

export type SubjectKind = 'person' | 'enterprise' | 'social-organization' | 'government-body';

interface Authority {
  zh: string;
  en: string;
  categories: Record<string, { zh: string; en: string; kind: SubjectKind }>;
}

const other = (kind: SubjectKind) => ({ zh: '其他', en: 'other', kind });

/** Registration authorities and their entity categories (GB 32100-2015, Table 1 and amendments). */
export const AUTHORITIES: Readonly<Record<string, Authority>> = {
  '1': {
    zh: '机构编制',
    en: 'institutional establishment',
    categories: {
      '1': { zh: '机关', en: 'government body', kind: 'government-body' },
      '2': { zh: '事业单位', en: 'public institution', kind: 'social-organization' },
      '3': { zh: '群众团体', en: 'mass organization', kind: 'social-organization' },
      '9': other('social-organization'),
    },
  },
  '2': {
    zh: '外交',
    en: 'foreign affairs',
    categories: {
      '1': { zh: '外国常驻新闻机构', en: 'resident foreign news agency', kind: 'social-organization' },
      '9': other('social-organization'),
    },
  },
  '3': {
    zh: '司法行政',
    en: 'judicial administration',
    categories: {
      '1': { zh: '律师执业机构', en: 'law firm', kind: 'social-organization' },
      '2': { zh: '公证处', en: 'notary office', kind: 'social-organization' },
      '3': { zh: '基层法律服务所', en: 'grassroots legal service office', kind: 'social-organization' },
      '4': { zh: '司法鉴定机构', en: 'forensic appraisal institution', kind: 'social-organization' },
      '5': { zh: '仲裁委员会', en: 'arbitration commission', kind: 'social-organization' },
      '9': other('social-organization'),
    },
  },
  '4': {
    zh: '文化',
    en: 'culture',
    categories: {
      '1': { zh: '外国在华文化中心', en: 'foreign cultural centre', kind: 'social-organization' },
      '9': other('social-organization'),
    },
  },
  '5': {
    zh: '民政',
    en: 'civil affairs',
    categories: {
      '1': { zh: '社会团体', en: 'social association', kind: 'social-organization' },
      '2': { zh: '民办非企业单位', en: 'private non-enterprise unit', kind: 'social-organization' },
      '3': { zh: '基金会', en: 'foundation', kind: 'social-organization' },
      '9': other('social-organization'),
    },
  },
  '6': {
    zh: '旅游',
    en: 'tourism',
    categories: {
      '1': { zh: '外国旅游部门常驻代表机构', en: 'foreign tourism office', kind: 'social-organization' },
      '2': {
        zh: '港澳台地区旅游部门常驻内地代表机构',
        en: 'HK/Macao/Taiwan tourism office',
        kind: 'social-organization',
      },
      '9': other('social-organization'),
    },
  },
  '7': {
    zh: '宗教',
    en: 'religious affairs',
    categories: {
      '1': { zh: '宗教活动场所', en: 'venue for religious activities', kind: 'social-organization' },
      '2': { zh: '宗教院校', en: 'religious college', kind: 'social-organization' },
      '9': other('social-organization'),
    },
  },
  '8': {
    zh: '工会',
    en: 'trade union',
    categories: {
      '1': { zh: '基层工会', en: 'grassroots trade union', kind: 'social-organization' },
      '9': other('social-organization'),
    },
  },
  '9': {
    zh: '工商',
    en: 'industry and commerce (market regulation)',
    categories: {
      '1': { zh: '企业', en: 'enterprise', kind: 'enterprise' },
      '2': { zh: '个体工商户', en: 'individual business', kind: 'enterprise' },
      '3': { zh: '农民专业合作社', en: "farmers' cooperative", kind: 'enterprise' },
    },
  },
  A: {
    zh: '中央军委改革和编制办公室',
    en: 'Central Military Commission establishment office',
    categories: {
      '1': { zh: '军队事业单位', en: 'military public institution', kind: 'social-organization' },
      '9': other('social-organization'),
    },
  },
  N: {
    zh: '农业',
    en: 'agriculture',
    categories: {
      '1': { zh: '组级集体经济组织', en: 'group collective economic organization', kind: 'enterprise' },
      '2': { zh: '村级集体经济组织', en: 'village collective economic organization', kind: 'enterprise' },
      '3': { zh: '乡镇级集体经济组织', en: 'township collective economic organization', kind: 'enterprise' },
      '9': other('enterprise'),
    },
  },
  Y: {
    zh: '其他',
    en: 'other',
    categories: { '1': other('social-organization') },
  },
};

export interface UsccInfo {
  scheme: 'uscc';
  value: string;
  kind: SubjectKind;
  authority: { code: string; zh: string; en: string };
  category: { code: string; zh: string; en: string };
  region: Region;
  organizationCode: string;
}

export type UsccResult = { ok: true; info: UsccInfo } | { ok: false; reason: string };

export function usccCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(first17[i]!) * WEIGHTS[i]!;
  return USCC_ALPHABET[(31 - (sum % 31)) % 31]!;
}

const VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < USCC_ALPHABET.length; i++) VALUE[USCC_ALPHABET.charCodeAt(i)] = i;

/** A character code's value in the USCC alphabet (0–30), or -1 for any character outside it. */
export function usccCharValue(code: number): number {
  return code < 128 ? VALUE[code]! : -1;
}

/** Why a normalized value is not a valid USCC, or undefined if it is: the rules, once, for every caller. */
export function usccProblem(value: string): string | undefined {
  if (value.length !== 18) return `length is ${value.length}, expected 18`;
  let sum = 0;
  for (let i = 0; i < 18; i++) {
    const code = value.charCodeAt(i);
    const v = usccCharValue(code);
    if (v < 0) return `character at position ${i + 1} ('${value[i]}') is not allowed in a USCC`;
    if (i < 17) sum += v * WEIGHTS[i]!;
  }
  for (let i = 2; i < 8; i++) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return `region code ${value.slice(2, 8)} is not 6 digits`;
  }
  const regionCode = value.slice(2, 8);
  if (regionCode !== NATIONAL_REGION && !isValidProvince(regionCode)) {
    return `region code ${regionCode} has no province ${regionCode.slice(0, 2)}`;
  }
  const expected = USCC_ALPHABET[(31 - (sum % 31)) % 31]!;
  if (value[17] !== expected) return `check character is ${value[17]}, expected ${expected}`;
  return undefined;
}

/** The subject kind a valid code's authority and category imply. */
export function usccKind(value: string): SubjectKind {
  // An unknown authority or category is printed as such but not refused: the standard's tables grow.
  return AUTHORITIES[value[0]!]?.categories[value[1]!]?.kind ?? 'social-organization';
}

export function validateUscc(value: string): UsccResult {
  const reason = usccProblem(value);
  if (reason) return { ok: false, reason };
  const regionCode = value.slice(2, 8);
  const authority = AUTHORITIES[value[0]!];
  const category = authority?.categories[value[1]!];
  return {
    ok: true,
    info: {
      scheme: 'uscc',
      value,
      kind: usccKind(value),
      authority: { code: value[0]!, zh: authority?.zh ?? '未知', en: authority?.en ?? 'unknown' },
      category: { code: value[1]!, zh: category?.zh ?? '未知', en: category?.en ?? 'unknown' },
      region: describeRegion(regionCode),
      organizationCode: value.slice(8, 17),
    },
  };
}
