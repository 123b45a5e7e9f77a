// Whether a subject page's address can name a subject, checked before asking the API (which answers 400 otherwise):
// an internal id, a Unified Social Credit Code or resident identity number with a right check character, or a
// passport identifier. The same shapes as src/domain/identifiers, without its region tables (kept off the web
// bundle); the API still has the last word on regions and birth dates.

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = Array.from({ length: 17 }, (_, i) => 3 ** i % 31);
const ID_WEIGHTS = Array.from({ length: 17 }, (_, i) => 2 ** (17 - i) % 11);

function usccOk(v: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(v)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(v[i]!) * USCC_WEIGHTS[i]!;
  return v[17] === USCC_ALPHABET[(31 - (sum % 31)) % 31];
}

function residentIdOk(v: string): boolean {
  if (!/^\d{17}[\dX]$/.test(v)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(v[i]) * ID_WEIGHTS[i]!;
  return v[17] === '10X98765432'[sum % 11];
}

/** True when `raw` has the shape of something the subjects API can look up. */
export function isSubjectRef(raw: string): boolean {
  if (/^\d{1,15}$/.test(raw)) return true;
  const v = raw.replace(/[\s\u3000]+/g, '').toUpperCase();
  if (v.startsWith('PASSPORT:')) return /^PASSPORT:[A-Z]{3}:[A-Z0-9]{5,20}$/.test(v);
  return residentIdOk(v) || usccOk(v);
}
