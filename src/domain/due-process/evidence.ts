// Evidence sent with an objection or a repair application, or attached to a record (an assessor's photos or video of
// a deed): a few files of the kinds people have at hand — PDF scans, photographs, a short video — each checked by
// its first bytes, not only by what the sender says it is. Files are stored and served as they are: never
// published, never analysed (no face or image recognition of any kind).
import type { FieldError } from '../errors.js';

export const EVIDENCE_LIMITS = { files: 5, fileBytes: 10 * 1024 * 1024 } as const;

const KINDS: { mediaType: string; magic: number[]; offset?: number }[] = [
  { mediaType: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { mediaType: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  { mediaType: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  // An ISO base media file (MP4): its first box is `ftyp`. A short clip of a deed, as Rongcheng's assessors take.
  { mediaType: 'video/mp4', magic: [0x66, 0x74, 0x79, 0x70], offset: 4 },
];

export const EVIDENCE_MEDIA_TYPES = KINDS.map((k) => k.mediaType);

/** The media type the content really is, among the accepted ones; undefined for anything else. */
export function evidenceMediaType(content: Uint8Array): string | undefined {
  return KINDS.find((k) => k.magic.every((b, i) => content[(k.offset ?? 0) + i] === b))?.mediaType;
}

/** Problems with the i-th file (pointer `/evidence/i`). */
export function checkEvidenceFile(
  i: number,
  f: { name: string; mediaType: string; content: Uint8Array; truncated: boolean },
): FieldError[] {
  const pointer = `/evidence/${i}`;
  if (i >= EVIDENCE_LIMITS.files) return [{ pointer, reason: `at most ${EVIDENCE_LIMITS.files} files` }];
  if (f.truncated)
    return [{ pointer, reason: `${f.name} is larger than ${EVIDENCE_LIMITS.fileBytes / 1024 / 1024} MiB` }];
  if (f.content.length === 0) return [{ pointer, reason: `${f.name} is empty` }];
  const actual = evidenceMediaType(f.content);
  if (!actual) return [{ pointer, reason: `${f.name} must be one of ${EVIDENCE_MEDIA_TYPES.join(', ')}` }];
  if (f.mediaType !== actual && f.mediaType !== 'application/octet-stream')
    return [{ pointer, reason: `${f.name} is sent as ${f.mediaType} but is ${actual}` }];
  return [];
}
