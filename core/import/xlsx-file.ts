import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';

/**
 * An .xlsx file is a zip. This reads its central directory (at the end of the file) to
 * tell what an upload is from its bytes — not its name or Content-Type — and opens single
 * entries for streaming, in any order (a file on disk allows random access: the shared
 * strings can be read before the sheet that uses them, wherever the writer put them).
 * Only what xlsx writers produce is handled: stored or deflated entries, no ZIP64, no
 * encryption; anything else is `unsupported` and the caller falls back to exceljs.
 */
export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  uncompressedSize: number;
  localOffset: number;
}

export type FileKind =
  | { kind: 'xlsx'; sheetBytes: number; entries: Map<string, ZipEntry>; unsupported: boolean }
  | { kind: 'xls' }
  | { kind: 'zip' }
  | { kind: 'other' };

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_ENTRY = 0x02014b50;
const END_OF_CENTRAL = 0x06054b50;
/** OLE2 compound file: .xls, and also password-protected .xlsx. */
const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

export async function sniffFile(path: string): Promise<FileKind> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const head = Buffer.alloc(Math.min(8, size));
    await fh.read(head, 0, head.length, 0);
    if (head.length === 8 && head.equals(OLE2)) return { kind: 'xls' };
    if (head.length < 4 || head.readUInt32LE(0) !== LOCAL_HEADER) return { kind: 'other' };
    // End of central directory: 22 bytes plus a comment of up to 65535 bytes, at the very end.
    const tailLen = Math.min(size, 22 + 65535);
    const tail = Buffer.alloc(tailLen);
    await fh.read(tail, 0, tailLen, size - tailLen);
    let eocd = -1;
    for (let i = tailLen - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === END_OF_CENTRAL) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) return { kind: 'other' };
    const count = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    if (cdOffset + cdSize > size || cdSize > 16 * 1024 * 1024) return { kind: 'zip' };
    const cd = Buffer.alloc(cdSize);
    await fh.read(cd, 0, cdSize, cdOffset);
    const entries = new Map<string, ZipEntry>();
    let unsupported = count === 0xffff || cdOffset === 0xffffffff;
    let p = 0;
    for (let n = 0; n < count && p + 46 <= cd.length; n++) {
      if (cd.readUInt32LE(p) !== CENTRAL_ENTRY) return { kind: 'zip' };
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      const e: ZipEntry = {
        name: cd.toString('utf8', p + 46, p + 46 + nameLen),
        flags: cd.readUInt16LE(p + 8),
        method: cd.readUInt16LE(p + 10),
        compressedSize: cd.readUInt32LE(p + 20),
        uncompressedSize: cd.readUInt32LE(p + 24),
        localOffset: cd.readUInt32LE(p + 42),
      };
      if ((e.method !== 0 && e.method !== 8) || e.flags & 1 || e.compressedSize === 0xffffffff || e.localOffset === 0xffffffff) unsupported = true;
      entries.set(e.name, e);
      p += 46 + nameLen + extraLen + commentLen;
    }
    let sheetBytes = 0;
    for (const e of entries.values()) if (/^xl\/worksheets\/[^/]+\.xml$/.test(e.name)) sheetBytes = Math.max(sheetBytes, e.uncompressedSize);
    return entries.has('xl/workbook.xml') && sheetBytes > 0 ? { kind: 'xlsx', sheetBytes, entries, unsupported } : { kind: 'zip' };
  } finally {
    await fh.close();
  }
}

/** The uncompressed bytes of one entry, as a stream. */
export async function openEntry(path: string, e: ZipEntry): Promise<Readable> {
  const fh = await open(path, 'r');
  let start: number;
  try {
    const local = Buffer.alloc(30);
    await fh.read(local, 0, 30, e.localOffset);
    if (local.readUInt32LE(0) !== LOCAL_HEADER) throw new Error(`zip entry ${e.name}: bad local header`);
    start = e.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  } finally {
    await fh.close();
  }
  if (e.compressedSize === 0) return Readable.from([]);
  const raw = createReadStream(path, { start, end: start + e.compressedSize - 1, highWaterMark: 256 * 1024 });
  if (e.method === 0) return raw;
  const inflate = createInflateRaw({ chunkSize: 256 * 1024 });
  raw.on('error', (err) => inflate.destroy(err));
  return raw.pipe(inflate);
}

/** A small entry (workbook, relationships) as text. */
export async function readEntryText(path: string, e: ZipEntry): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of await openEntry(path, e)) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
