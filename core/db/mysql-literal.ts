import { escape } from 'mysql2';

/**
 * What must be escaped inside a single-quoted MySQL string: the quote, the backslash, and NUL,
 * newline, carriage return and Ctrl-Z as mysql2 escapes them. Not `"`: it is an ordinary
 * character between single quotes (also under ANSI_QUOTES), and every findings JSON is full of them.
 */
const SPECIAL = /[\0\n\r\x1a'\\]/;
const SPECIAL_G = /[\0\n\r\x1a'\\]/g;
const ESCAPES: Record<string, string> = { '\0': '\\0', '\n': '\\n', '\r': '\\r', '\x1a': '\\Z', "'": "\\'", '\\': '\\\\' };

/** A MySQL literal (a regex test per string: most findings texts need no escaping at all). */
export function literal(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'NULL';
  if (typeof v === 'string') return SPECIAL.test(v) ? `'${v.replace(SPECIAL_G, (c) => ESCAPES[c]!)}'` : `'${v}'`;
  return escape(v as never);
}
