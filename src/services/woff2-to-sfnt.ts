// Unpacks a WOFF2 font whose tables are stored untransformed (a CFF font such as Source Han Sans) into the plain
// OpenType file it was made from, with Node's native Brotli — once, instead of the pure-JavaScript decoder the
// PDF library would run for every document (half a second for a CJK font). Fonts with transformed tables
// (TrueType glyf/loca, hmtx) are refused: the caller then hands the WOFF2 over as it is.
import { brotliDecompressSync } from 'node:zlib';

// WOFF2 §5.1: the known table tags, by their index in a directory entry's flags.
const KNOWN_TAGS = [
  'cmap', 'head', 'hhea', 'hmtx', 'maxp', 'name', 'OS/2', 'post', 'cvt ', 'fpgm', 'glyf', 'loca', 'prep', 'CFF ',
  'VORG', 'EBDT', 'EBLC', 'gasp', 'hdmx', 'kern', 'LTSH', 'PCLT', 'VDMX', 'vhea', 'vmtx', 'BASE', 'GDEF', 'GPOS',
  'GSUB', 'EBSC', 'JSTF', 'MATH', 'CBDT', 'CBLC', 'COLR', 'CPAL', 'SVG ', 'sbix', 'acnt', 'avar', 'bdat', 'bloc',
  'bsln', 'cvar', 'fdsc', 'feat', 'fmtx', 'fvar', 'gvar', 'hsty', 'just', 'lcar', 'mort', 'morx', 'opbd', 'prop',
  'trak', 'Zapf', 'Silf', 'Glat', 'Gloc', 'Feat', 'Sill',
]; // biome-ignore format: a table of the specification

function base128(buf: Buffer, at: { pos: number }): number {
  let value = 0;
  for (let i = 0; i < 5; i++) {
    const byte = buf[at.pos++]!;
    if (i === 0 && byte === 0x80) throw new Error('WOFF2: leading zero in a UIntBase128');
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) return value;
  }
  throw new Error('WOFF2: UIntBase128 longer than 5 bytes');
}

function checksum(data: Buffer): number {
  let sum = 0;
  const padded = data.length % 4 === 0 ? data : Buffer.concat([data, Buffer.alloc(4 - (data.length % 4))]);
  for (let i = 0; i < padded.length; i += 4) sum = (sum + padded.readUInt32BE(i)) >>> 0;
  return sum;
}

export function woff2ToSfnt(woff2: Buffer): Buffer {
  if (woff2.toString('latin1', 0, 4) !== 'wOF2') throw new Error('not a WOFF2 font');
  const flavor = woff2.readUInt32BE(4);
  const numTables = woff2.readUInt16BE(12);
  const compressedLength = woff2.readUInt32BE(20);
  const at = { pos: 48 };
  const tables: { tag: string; length: number }[] = [];
  for (let i = 0; i < numTables; i++) {
    const flags = woff2[at.pos++]!;
    const known = flags & 0x3f;
    let tag: string;
    if (known === 63) {
      tag = woff2.toString('latin1', at.pos, at.pos + 4);
      at.pos += 4;
    } else tag = KNOWN_TAGS[known]!;
    const version = flags >> 6;
    const length = base128(woff2, at);
    // glyf and loca are transformed unless version 3; any other table unless version 0.
    const transformed = tag === 'glyf' || tag === 'loca' ? version !== 3 : version !== 0;
    if (transformed) throw new Error(`WOFF2: table ${tag} is transformed`);
    tables.push({ tag, length });
  }
  const stream = brotliDecompressSync(woff2.subarray(at.pos, at.pos + compressedLength));
  let offset = 12 + 16 * numTables;
  const records: { tag: string; data: Buffer; offset: number }[] = [];
  let read = 0;
  for (const t of tables) {
    const data = stream.subarray(read, read + t.length);
    read += t.length;
    records.push({ tag: t.tag, data, offset });
    offset += (t.length + 3) & ~3;
  }
  const out = Buffer.alloc(offset);
  out.writeUInt32BE(flavor, 0);
  out.writeUInt16BE(numTables, 4);
  const power = 2 ** Math.floor(Math.log2(numTables));
  out.writeUInt16BE(power * 16, 6);
  out.writeUInt16BE(Math.log2(power), 8);
  out.writeUInt16BE(numTables * 16 - power * 16, 10);
  [...records]
    .sort((a, b) => (a.tag < b.tag ? -1 : 1))
    .forEach((r, i) => {
      const entry = 12 + 16 * i;
      out.write(r.tag, entry, 'latin1');
      out.writeUInt32BE(checksum(r.data), entry + 4);
      out.writeUInt32BE(r.offset, entry + 8);
      out.writeUInt32BE(r.data.length, entry + 12);
    });
  for (const r of records) r.data.copy(out, r.offset);
  return out;
}
