import type { DataSource } from 'typeorm';

/**
 * Statements sent straight through the driver, past TypeORM, for the few places that move a
 * province's worth of rows (the region-wide cycle audit): there TypeORM's `query` (an object per
 * row, named-parameter rewriting) and SQL text with escaped literals (which the server must
 * lex again) cost more than the database's own work. Nothing here passes TypeORM's subscribers
 * or its SQL counter.
 */
type Callback<T> = (err: Error | null, result: T) => void;
interface MysqlPoolConnection {
  query(options: { sql: string; values?: unknown[]; rowsAsArray?: boolean }, cb: Callback<unknown>): void;
  execute(sql: string, values: unknown[], cb: Callback<unknown>): void;
  release(): void;
}
interface SqliteDatabase {
  prepare(sql: string): { raw(on: boolean): { all(...params: unknown[]): unknown[][] }; run(...params: unknown[]): unknown };
  transaction(fn: () => void): () => void;
}

const sqliteOf = (ds: DataSource) => (ds.driver as unknown as { databaseConnection: SqliteDatabase }).databaseConnection;

async function withMysqlConnection<T>(ds: DataSource, fn: (conn: MysqlPoolConnection) => Promise<T>): Promise<T> {
  const conn = await (ds.driver as unknown as { obtainMasterConnection(): Promise<MysqlPoolConnection> }).obtainMasterConnection();
  try {
    return await fn(conn);
  } finally {
    conn.release();
  }
}
const call = <T>(fn: (cb: Callback<T>) => void) => new Promise<T>((resolve, reject) => fn((err, r) => (err ? reject(err) : resolve(r))));

/** A read's rows as arrays of column values (MySQL DECIMAL comes as a string); parameters bound by the driver. */
export async function rowsAsArrays(ds: DataSource, sql: string, params: unknown[] = []): Promise<unknown[][]> {
  if (ds.options.type === 'better-sqlite3') return sqliteOf(ds).prepare(sql).raw(true).all(...params);
  return withMysqlConnection(ds, (conn) => call<unknown[][]>((cb) => conn.query({ sql, values: params, rowsAsArray: true }, cb as Callback<unknown>)));
}

/**
 * Writes as prepared statements with bound values (MySQL: the binary protocol, so values are
 * neither escaped here nor lexed by the server; mysql2 keeps each statement prepared on its
 * connection), all or none: several statements run in one transaction, one runs alone.
 */
export async function executeAll(ds: DataSource, statements: { sql: string; params: unknown[] }[]): Promise<void> {
  if (!statements.length) return;
  if (ds.options.type === 'better-sqlite3') {
    const db = sqliteOf(ds);
    db.transaction(() => {
      for (const { sql, params } of statements) db.prepare(sql).run(...params);
    })();
    return;
  }
  await withMysqlConnection(ds, async (conn) => {
    if (statements.length === 1) return void (await call((cb) => conn.execute(statements[0]!.sql, statements[0]!.params, cb)));
    await call((cb) => conn.query({ sql: 'START TRANSACTION' }, cb));
    try {
      for (const { sql, params } of statements) await call((cb) => conn.execute(sql, params, cb));
      await call((cb) => conn.query({ sql: 'COMMIT' }, cb));
    } catch (err) {
      await call((cb) => conn.query({ sql: 'ROLLBACK' }, cb)).catch(() => undefined);
      throw err;
    }
  });
}
