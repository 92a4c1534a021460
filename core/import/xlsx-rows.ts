import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { openEntry, readEntryText, sniffFile, type ZipEntry } from './xlsx-file.js';

/**
 * Streams the rows of one worksheet of an .xlsx file without holding the sheet in memory.
 *
 * Two readers give the same rows:
 *
 * - `zip` (used when it can): the file is on disk, so the package is opened by its zip
 *   directory (xlsx-file.ts): workbook and relationships name the sheets, the shared
 *   strings are read first wherever they are stored, then the sheet is inflated and
 *   scanned as it streams. Excel stores the sheets before the shared strings; a reader of
 *   the zip as a stream has to park the sheet in a temporary file first (exceljs does),
 *   this one does not.
 * - `exceljs`: exceljs's streaming WorkbookReader for the package (entries, workbook, shared
 *   strings; a sheet stored before the shared strings goes to a temporary file), for zips
 *   the first one does not handle (ZIP64, unusual compression).
 *
 * Both decode text with a streaming UTF-8 decoder. exceljs 4.4 decodes each inflated chunk
 * on its own, so a Chinese character split across two chunks comes out as U+FFFD (about
 * 1 name in 4,000 of a 100,000-row roster; exceljs issues #2063, #2084, PR #1665): with
 * exceljs the shared strings get `setEncoding('utf8')` on their entry (the fix of #2084)
 * and the sheet is decoded here. Cells are read by a small scanner of SpreadsheetML's
 * row/cell subset instead of exceljs Row/Cell objects: about twice as fast, and a roster
 * needs only each cell's value.
 */
export type CellValue = string | number | boolean | null;

export interface SheetReadOptions {
  /** Called with each worksheet's name in workbook order; the first one it accepts is read. */
  pick: (name: string) => boolean;
  /** Each non-empty row (1-based row number as in Excel, cells by column index from 0). Return a promise to pause. */
  onRow: (rowNumber: number, cells: CellValue[]) => void | Promise<void>;
  /** Uncompressed bytes of the sheet XML read so far (progress). */
  onBytes?: (bytes: number) => void;
  /** Force a reader (tests); default zip, falling back to exceljs. */
  engine?: 'zip' | 'exceljs';
}

const textOf = (v: unknown): string => {
  if (typeof v === 'string') return v;
  const runs = (v as { richText?: { text?: string | null }[] } | null)?.richText;
  return runs ? runs.map((r) => r.text ?? '').join('') : '';
};

const ENTITY = /&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;
const ESCAPED = /_x([0-9A-Fa-f]{4})_/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML entities, then OOXML's _xHHHH_ escapes (Excel writes a line break in a cell as _x000D_). */
export function decodeXmlText(s: string): string {
  if (s.includes('&'))
    s = s.replace(ENTITY, (_, e: string) =>
      e[0] === '#' ? String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : NAMED[e]!,
    );
  if (s.includes('_x')) s = s.replace(ESCAPED, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return s;
}

const P = '(?:[A-Za-z_][\\w.-]*:)?'; // an optional namespace prefix (<x:row> from some writers)
const ROW_START = new RegExp(`<${P}row[\\s>/]`, 'g');
const CELL = new RegExp(`<${P}c\\b([^>]*?)(?:/>|>([\\s\\S]*?)</${P}c>)`, 'g');
const CELL_REF = /\br="([A-Z]{1,3})\d*"/;
const CELL_TYPE = /\bt="(\w+)"/;
const VALUE = new RegExp(`<${P}v>([\\s\\S]*?)</${P}v>`);
const PHONETIC = new RegExp(`<${P}rPh\\b[\\s\\S]*?</${P}rPh>`, 'g');
const TEXT = new RegExp(`<${P}t(?:\\s[^>]*)?>([\\s\\S]*?)</${P}t>`, 'g');
const ROW_REF = /\br="(\d+)"/;
const SI_START = new RegExp(`<${P}si[\\s>/]`, 'g');

function columnIndex(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
  return n - 1;
}

/** The text of an <is> or <si> body: its <t> runs, phonetic guides (<rPh>) left out. */
function runText(inner: string): string {
  let out = '';
  const body = inner.includes('rPh') ? inner.replace(PHONETIC, '') : inner;
  TEXT.lastIndex = 0;
  for (let m = TEXT.exec(body); m; m = TEXT.exec(body)) out += m[1];
  return decodeXmlText(out);
}

function cellValue(type: string | undefined, inner: string, sst: string[]): CellValue | undefined {
  if (type === 'inlineStr') return runText(inner);
  let v: string;
  const vs = inner.indexOf('<v>');
  if (vs >= 0) v = inner.slice(vs + 3, inner.indexOf('</v>', vs));
  else {
    const m = VALUE.exec(inner);
    if (!m) return undefined;
    v = m[1]!;
  }
  switch (type) {
    case 's': return sst[Number(v)] ?? '';
    case 'str': case 'e': case 'd': return decodeXmlText(v);
    case 'b': return v.trim() === '1';
    default: {
      const n = Number(v);
      return Number.isFinite(n) ? n : decodeXmlText(v);
    }
  }
}

/**
 * Cells of a row body as Excel writes them (<c r="B2" s="1" t="s"><v>3</v></c>), read
 * with indexOf; bodies with namespace prefixes or unusual spacing go to parseCellsRegex.
 */
function parseCells(body: string, sst: string[]): CellValue[] {
  if (body.includes(':c') || body.includes('\n') || body.includes('\t')) return parseCellsRegex(body, sst);
  const cells: CellValue[] = [];
  let next = 0;
  let i = body.indexOf('<c');
  while (i >= 0) {
    const after = body.charCodeAt(i + 2);
    if (after !== 32 && after !== 62 && after !== 47) {
      i = body.indexOf('<c', i + 2);
      continue;
    }
    const tagEnd = body.indexOf('>', i);
    if (tagEnd < 0) break;
    const selfClosing = body.charCodeAt(tagEnd - 1) === 47;
    let col = next;
    const r = body.indexOf(' r="', i);
    if (r >= 0 && r < tagEnd) {
      let n = 0;
      for (let k = r + 4; k < tagEnd; k++) {
        const c = body.charCodeAt(k);
        if (c < 65 || c > 90) break;
        n = n * 26 + (c - 64);
      }
      if (n > 0) col = n - 1;
    }
    next = col + 1;
    if (selfClosing) {
      i = body.indexOf('<c', tagEnd);
      continue;
    }
    let type: string | undefined;
    const t = body.indexOf(' t="', i);
    if (t >= 0 && t < tagEnd) type = body.slice(t + 4, body.indexOf('"', t + 4));
    const close = body.indexOf('</c>', tagEnd);
    if (close < 0) break;
    const value = cellValue(type, body.slice(tagEnd + 1, close), sst);
    if (value !== undefined) cells[col] = value;
    i = body.indexOf('<c', close + 4);
  }
  for (let k = 0; k < cells.length; k++) if (cells[k] === undefined) cells[k] = null;
  return cells;
}

function parseCellsRegex(body: string, sst: string[]): CellValue[] {
  const cells: CellValue[] = [];
  let next = 0;
  CELL.lastIndex = 0;
  for (let m = CELL.exec(body); m; m = CELL.exec(body)) {
    const attrs = m[1]!;
    const inner = m[2];
    const ref = CELL_REF.exec(attrs);
    const col = ref ? columnIndex(ref[1]!) : next;
    next = col + 1;
    if (!inner) continue;
    const type = CELL_TYPE.exec(attrs)?.[1];
    let value: CellValue = null;
    if (type === 'inlineStr') value = runText(inner);
    else {
      const v = VALUE.exec(inner)?.[1];
      if (v === undefined) continue;
      switch (type) {
        case 's': value = sst[Number(v)] ?? ''; break;
        case 'str': case 'e': case 'd': value = decodeXmlText(v); break;
        case 'b': value = v.trim() === '1'; break;
        default: {
          const n = Number(v);
          value = Number.isFinite(n) ? n : decodeXmlText(v);
        }
      }
    }
    cells[col] = value;
  }
  for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = null;
  return cells;
}

/** Decodes a byte stream as UTF-8 without breaking characters split across chunks. */
async function* utf8(source: AsyncIterable<Buffer | string>, onBytes?: (n: number) => void): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  let bytes = 0;
  for await (const chunk of source) {
    if (typeof chunk === 'string') {
      bytes += Buffer.byteLength(chunk);
      yield chunk;
    } else {
      bytes += chunk.length;
      const s = decoder.decode(chunk, { stream: true });
      if (s) yield s;
    }
    onBytes?.(bytes);
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/**
 * Calls `each` with the body of every complete <tag …>…</tag> element of a streamed XML
 * text (self-closing ones with ''), and the opening tag. Elements must not nest.
 */
async function scanElements(
  source: AsyncIterable<string>,
  start: RegExp,
  each: (openTag: string, body: string) => void | Promise<void>,
): Promise<void> {
  let buf = '';
  for await (const text of source) {
    buf += text;
    let pos = 0;
    for (;;) {
      start.lastIndex = pos;
      const m = start.exec(buf);
      if (!m) {
        // Keep what may be the start of a tag cut off at the end of this chunk.
        pos = Math.max(pos, buf.length - 32);
        break;
      }
      const at = m.index;
      const tagEnd = buf.indexOf('>', at);
      if (tagEnd < 0) {
        pos = at;
        break;
      }
      let body = '';
      let after: number;
      if (buf.charCodeAt(tagEnd - 1) === 47 /* / */) after = tagEnd + 1;
      else {
        const closeTag = `</${m[0].slice(1, -1)}>`; // </row>, </x:row>, </si>
        const close = buf.indexOf(closeTag, tagEnd);
        if (close < 0) {
          pos = at;
          break;
        }
        body = buf.slice(tagEnd + 1, close);
        after = close + closeTag.length;
      }
      pos = after;
      const wait = each(buf.slice(at, tagEnd + 1), body);
      if (wait) await wait;
    }
    buf = buf.slice(pos);
  }
}

async function scanSheet(source: AsyncIterable<Buffer | string>, sst: string[], opts: SheetReadOptions): Promise<void> {
  let nextRow = 1;
  await scanElements(utf8(source, opts.onBytes), ROW_START, (tag, body) => {
    const ref = ROW_REF.exec(tag);
    const rowNumber = ref ? Number(ref[1]) : nextRow;
    nextRow = rowNumber + 1;
    if (!body) return;
    const cells = parseCells(body, sst);
    for (const c of cells) if (c !== null && c !== '') return opts.onRow(rowNumber, cells);
  });
}

// ---------------------------------------------------------------------------------------------
// zip reader

class Unsupported extends Error {}

const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

/** Worksheet names in workbook order with their entry names, and the shared strings entry. */
async function workbookParts(path: string, entries: Map<string, ZipEntry>): Promise<{ sheets: { name: string; entry: string }[]; sst?: string }> {
  const wb = entries.get('xl/workbook.xml');
  const relsEntry = entries.get('xl/_rels/workbook.xml.rels');
  if (!wb || !relsEntry) throw new Unsupported('no workbook relationships');
  const rels = new Map<string, { type: string; target: string }>();
  for (const m of (await readEntryText(path, relsEntry)).matchAll(new RegExp(`<${P}Relationship\\b[^>]*>`, 'g'))) {
    const id = attr(m[0], 'Id');
    const target = attr(m[0], 'Target');
    if (!id || !target || attr(m[0], 'TargetMode') === 'External') continue;
    const full = target.startsWith('/') ? target.slice(1) : `xl/${target}`.replace(/\/\.\//g, '/');
    rels.set(id, { type: attr(m[0], 'Type') ?? '', target: full });
  }
  const sheets: { name: string; entry: string }[] = [];
  for (const m of (await readEntryText(path, wb)).matchAll(new RegExp(`<${P}sheet\\b[^>]*>`, 'g'))) {
    const id = new RegExp(`\\s${P}id="([^"]*)"`).exec(m[0])?.[1];
    const rel = id ? rels.get(id) : undefined;
    if (rel && /\/worksheet$/.test(rel.type)) sheets.push({ name: decodeXmlText(attr(m[0], 'name') ?? ''), entry: rel.target });
  }
  const sst = [...rels.values()].find((r) => /\/sharedStrings$/.test(r.type))?.target;
  return { sheets, sst };
}

async function readWithZip(path: string, opts: SheetReadOptions): Promise<string | null> {
  const kind = await sniffFile(path);
  if (kind.kind !== 'xlsx' || kind.unsupported) throw new Unsupported('not a plain xlsx zip');
  const { sheets, sst: sstName } = await workbookParts(path, kind.entries);
  const sheet = sheets.find((s) => opts.pick(s.name));
  if (!sheet) return null;
  const entry = kind.entries.get(sheet.entry);
  if (!entry) throw new Unsupported(`missing ${sheet.entry}`);
  const sst: string[] = [];
  const sstEntry = sstName ? kind.entries.get(sstName) : undefined;
  if (sstEntry) await scanElements(utf8(await openEntry(path, sstEntry)), SI_START, (_tag, body) => void sst.push(runText(body)));
  await scanSheet(await openEntry(path, entry), sst, opts);
  return sheet.name;
}

// ---------------------------------------------------------------------------------------------
// exceljs reader

interface SheetReaderLike {
  name: string;
  iterator: AsyncIterable<Buffer | string> & { destroy?: () => void };
}

interface BaseReader {
  sharedStrings?: unknown[];
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  [Symbol.asyncIterator](): AsyncGenerator<SheetReaderLike>;
}

const Base = ExcelJS.stream.xlsx.WorkbookReader as unknown as new (input: Readable, options: object) => BaseReader;

class Utf8WorkbookReader extends Base {
  override _parseSharedStrings(entry: Readable): AsyncGenerator<unknown> {
    entry.setEncoding('utf8');
    return super._parseSharedStrings(entry);
  }
}

/**
 * A sheet not read. A sheet stored before the shared strings was parked by exceljs in a temp
 * file, and its iterator is a stream of that file still opening: exceljs deletes the file as
 * soon as the loop moves on, so the stream is closed first (under load its open came after the
 * delete and failed, ENOENT, with nobody listening). A sheet read straight from the zip has no stream.
 */
async function discard(iterator: unknown): Promise<void> {
  if (!(iterator instanceof Readable)) return;
  iterator.on('error', () => undefined);
  iterator.destroy();
  await finished(iterator).catch(() => undefined);
}

async function readWithExceljs(path: string, opts: SheetReadOptions): Promise<string | null> {
  const input = createReadStream(path);
  const reader = new Utf8WorkbookReader(input, { sharedStrings: 'cache', styles: 'ignore', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' });
  let picked: string | null = null;
  let sst: string[] | null = null;
  try {
    for await (const sheet of reader) {
      if (picked !== null || !opts.pick(sheet.name)) {
        await discard(sheet.iterator);
        continue;
      }
      picked = sheet.name;
      sst ??= (reader.sharedStrings ?? []).map(textOf);
      await scanSheet(sheet.iterator, sst, opts);
    }
    return picked;
  } finally {
    input.destroy();
  }
}

/** Reads the picked worksheet; resolves with its name (null when no sheet was picked). */
export async function readSheetRows(path: string, opts: SheetReadOptions): Promise<string | null> {
  if (opts.engine === 'exceljs') return readWithExceljs(path, opts);
  try {
    return await readWithZip(path, opts);
  } catch (e) {
    if (e instanceof Unsupported && opts.engine !== 'zip') return readWithExceljs(path, opts);
    throw e;
  }
}
