// area-data's province → city table (GB/T 2260): { '86': { provinceCode: name }, provinceCode: { code: name } }.
declare module 'area-data/pca' {
  const table: Record<string, Record<string, string>>;
  export default table;
}
