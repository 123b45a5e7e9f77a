// Guardrail 2: the catalog may not define data about prohibited categories. Terms and exceptions are data
// (catalog/prohibited.yaml); this module only decides whether a text mentions one.
import type { ProhibitedCatalog } from './schema.js';

export interface ProhibitedHit {
  category: string;
  term: string;
}

const HAN = /\p{Script=Han}/u;

/** Lower-cased words of a text, camelCase, kebab-case, snake_case and dotted codes split apart. */
function words(text: string): string {
  return ` ${text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;
}

export class ProhibitedScanner {
  private readonly rules: { category: string; term: string; han: boolean; needle: string }[] = [];
  private readonly exceptions: string[] = [];

  constructor(catalog: ProhibitedCatalog) {
    for (const c of catalog.categories) {
      for (const term of c.terms) {
        const han = HAN.test(term);
        this.rules.push({ category: c.code, term, han, needle: han ? term : words(term) });
      }
      for (const e of c.exceptions ?? []) this.exceptions.push(HAN.test(e) ? e : words(e).trim());
    }
  }

  /** Every prohibited term the text mentions, outside the allowed phrases (e.g. "public health", 医疗器械). */
  scan(text: string): ProhibitedHit[] {
    let latin = words(text);
    let han = text;
    for (const e of this.exceptions) {
      if (HAN.test(e)) han = han.split(e).join(' ');
      else while (latin.includes(` ${e} `)) latin = latin.replace(` ${e} `, ' ');
    }
    const hits: ProhibitedHit[] = [];
    for (const r of this.rules) {
      if (r.han ? han.includes(r.needle) : latin.includes(r.needle))
        hits.push({ category: r.category, term: r.term });
    }
    return hits;
  }
}
