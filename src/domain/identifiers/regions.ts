// Region codes (GB/T 2260). Only the province is validated: counties merge and are renamed, but codes and
// identity numbers issued under a former region code stay valid for life.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// area-data: a GB/T 2260 snapshot, { parentCode: { code: name } }; used for names only, never for validity.
const areaTree = require('area-data/pcaa') as Record<string, Record<string, string>>;

export const PROVINCES: Readonly<Record<string, { zh: string; en: string }>> = {
  '11': { zh: '北京市', en: 'Beijing' },
  '12': { zh: '天津市', en: 'Tianjin' },
  '13': { zh: '河北省', en: 'Hebei' },
  '14': { zh: '山西省', en: 'Shanxi' },
  '15': { zh: '内蒙古自治区', en: 'Inner Mongolia' },
  '21': { zh: '辽宁省', en: 'Liaoning' },
  '22': { zh: '吉林省', en: 'Jilin' },
  '23': { zh: '黑龙江省', en: 'Heilongjiang' },
  '31': { zh: '上海市', en: 'Shanghai' },
  '32': { zh: '江苏省', en: 'Jiangsu' },
  '33': { zh: '浙江省', en: 'Zhejiang' },
  '34': { zh: '安徽省', en: 'Anhui' },
  '35': { zh: '福建省', en: 'Fujian' },
  '36': { zh: '江西省', en: 'Jiangxi' },
  '37': { zh: '山东省', en: 'Shandong' },
  '41': { zh: '河南省', en: 'Henan' },
  '42': { zh: '湖北省', en: 'Hubei' },
  '43': { zh: '湖南省', en: 'Hunan' },
  '44': { zh: '广东省', en: 'Guangdong' },
  '45': { zh: '广西壮族自治区', en: 'Guangxi' },
  '46': { zh: '海南省', en: 'Hainan' },
  '50': { zh: '重庆市', en: 'Chongqing' },
  '51': { zh: '四川省', en: 'Sichuan' },
  '52': { zh: '贵州省', en: 'Guizhou' },
  '53': { zh: '云南省', en: 'Yunnan' },
  '54': { zh: '西藏自治区', en: 'Tibet' },
  '61': { zh: '陕西省', en: 'Shaanxi' },
  '62': { zh: '甘肃省', en: 'Gansu' },
  '63': { zh: '青海省', en: 'Qinghai' },
  '64': { zh: '宁夏回族自治区', en: 'Ningxia' },
  '65': { zh: '新疆维吾尔自治区', en: 'Xinjiang' },
  '71': { zh: '台湾省', en: 'Taiwan' },
  '81': { zh: '香港特别行政区', en: 'Hong Kong' },
  '82': { zh: '澳门特别行政区', en: 'Macao' },
};

/** Registration by a national authority uses the code 100000 in a Unified Social Credit Code. */
export const NATIONAL_REGION = '100000';

const names = new Map<string, string>();
for (const [parent, children] of Object.entries(areaTree)) {
  if (parent === '86') continue;
  for (const [code, name] of Object.entries(children)) if (/^\d{6}$/.test(code)) names.set(code, name);
}

export interface Region {
  code: string;
  province: string;
  /** Full name from province down, e.g. 北京市 朝阳区; the province alone when the code is former or unlisted. */
  name: string;
  /** False when the code is not in the current table (a former code, still valid). */
  current: boolean;
}

/** Province codes as numbers 0–99, for the check API's validation (no substring per call). */
const PROVINCE_NUMBERS = new Uint8Array(100);
for (const p of Object.keys(PROVINCES)) PROVINCE_NUMBERS[Number(p)] = 1;

export function isValidProvince(code: string): boolean {
  const tens = code.charCodeAt(0) - 48;
  const ones = code.charCodeAt(1) - 48;
  if (tens < 0 || tens > 9 || ones < 0 || ones > 9) return false;
  return PROVINCE_NUMBERS[tens * 10 + ones] === 1;
}

export function describeRegion(code: string): Region {
  if (code === NATIONAL_REGION) return { code, province: '全国', name: '全国 (national)', current: true };
  const province = PROVINCES[code.slice(0, 2)]?.zh ?? '';
  if (code.endsWith('0000')) return { code, province, name: province, current: true };
  const prefecture = names.get(`${code.slice(0, 4)}00`);
  const county = code.endsWith('00') ? undefined : names.get(code);
  const parts = [province];
  if (prefecture && prefecture !== '市辖区' && prefecture !== '县') parts.push(prefecture);
  if (county) parts.push(county);
  const current = code.endsWith('00') ? prefecture !== undefined : county !== undefined;
  return { code, province, name: parts.join(' '), current };
}
