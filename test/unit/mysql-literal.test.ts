import { createConnection } from 'mysql2/promise';
import { describe, expect, it } from 'vitest';
import { literal } from '../../core/db/mysql-literal.js';
import { testDialect } from '../helpers/test-db.js';

/**
 * The region cycle audit writes its rows as literals (core/db/mysql-literal.ts), quotes inside
 * single-quoted strings left as they are. Every tricky text must come back from MySQL/MariaDB
 * exactly as it went in (this is MySQL syntax: it runs in npm test's MariaDB pass).
 */
const texts = [
  '', 'plain', '含中文的说明（实际 58 < 360）', `it's`, '"double" quotes', 'back\\slash', 'ends with \\', `\\'`, `'; DROP TABLE teacher; --`,
  'new\nline', 'carriage\rreturn', 'tab\there', 'nul\0byte', 'ctrl-z\x1a', 'bs\b', JSON.stringify([{ rule: 'ZJ-13', messageZh: '须修满 "360" 学分\\', n: 1 }]),
  '😀 emoji', `mixed '\\" \n \\n`,
];

describe('MySQL literals', () => {
  it.runIf(testDialect === 'mysql')('round-trip every tricky text unchanged through the server', async () => {
    const conn = await createConnection({ uri: process.env.SHIXUN_TEST_MYSQL!, charset: 'utf8mb4' });
    try {
      const [rows] = await conn.query(`SELECT ${texts.map((t, i) => `${literal(t)} AS t${i}`).join(', ')}`);
      const row = (rows as Record<string, string>[])[0]!;
      texts.forEach((t, i) => expect(row[`t${i}`], JSON.stringify(t)).toBe(t));
      const [nums] = await conn.query(`SELECT ${literal(42)} AS a, ${literal(-1.5)} AS b, ${literal(null)} AS c, ${literal(Number.NaN)} AS d`);
      expect((nums as Record<string, unknown>[])[0]).toEqual({ a: 42, b: '-1.5', c: null, d: null });
    } finally {
      await conn.end();
    }
  });

  it('leaves texts without special characters as they are and escapes the rest', () => {
    expect(literal('{"rule":"ZJ-13"}')).toBe(`'{"rule":"ZJ-13"}'`);
    expect(literal(`a'b\\c\nd`)).toBe(`'a\\'b\\\\c\\nd'`);
  });
});
