import { open } from 'node:fs/promises';

/**
 * What kind of file an upload is, from its bytes (not its name or Content-Type): an .xlsx
 * is a zip whose central directory lists xl/workbook.xml and at least one worksheet. Only
 * the end of the file (the central directory) is read.
 */
export type FileKind =
  | { kind: 'xlsx'; sheetBytes: number }
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
    let p = 0;
    let workbook = false;
    let sheetBytes = 0;
    for (let n = 0; n < count && p + 46 <= cd.length; n++) {
      if (cd.readUInt32LE(p) !== CENTRAL_ENTRY) return { kind: 'zip' };
      const uncompressed = cd.readUInt32LE(p + 24);
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      const name = cd.toString('utf8', p + 46, p + 46 + nameLen);
      if (name === 'xl/workbook.xml') workbook = true;
      if (/^xl\/worksheets\/sheet\d+\.xml$/.test(name)) sheetBytes = Math.max(sheetBytes, uncompressed);
      p += 46 + nameLen + extraLen + commentLen;
    }
    return workbook && sheetBytes > 0 ? { kind: 'xlsx', sheetBytes } : { kind: 'zip' };
  } finally {
    await fh.close();
  }
}
