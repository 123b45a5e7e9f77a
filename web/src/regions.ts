// Provinces and their cities (municipalities: their districts) by Chinese name, as region-code prefixes for the
// listings filter (`35` Fujian, `3501` Fuzhou): area-data's province → city table, 12 KB, loaded with the page.
import pca from 'area-data/pca';

export interface RegionOption {
  value: string;
  label: string;
}

const prefix = (code: string) => code.replace(/(00)+$/, '');

export const REGION_OPTIONS: RegionOption[] = Object.entries(pca['86'] ?? {}).flatMap(([code, province]) => [
  { value: prefix(code), label: province },
  ...Object.entries(pca[code] ?? {}).map(([child, name]) => ({
    value: child.endsWith('00') ? child.slice(0, 4) : child,
    label: `${province} · ${name}`,
  })),
]);
