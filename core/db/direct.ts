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
  unprepare(sql: string): void;
  release(): void;
}
interface SqliteDatabase {
  prepare(sql: string): { raw(on: boolean): { all(...params: unknown[]): unknown[][] }; run(...params: unknown[]): unknown };
  transaction(fn: () => void): () => void;
}

const sqliteOf = (ds: DataSource) => (ds.driver as unknown as { databaseConnection: SqliteDatabase }).databaseConnection;

const mysqlConnection = (ds: DataSource) => (ds.driver as unknown as { obtainMasterConnection(): Promise<MysqlPoolConnection> }).obtainMasterConnection();

async function withMysqlConnection<T>(ds: DataSource, fn: (conn: MysqlPoolConnection) => Promise<T>): Promise<T> {
  const conn = await mysqlConnection(ds);
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

export interface DirectWriter {
  /** Runs the statements all or none: several in one transaction, one alone. */
  write(statements: { sql: string; params: unknown[] }[]): Promise<void>;
  /** Closes what was prepared and gives the connection back. */
  close(): Promise<void>;
}

/**
 * A writer of prepared statements with bound values, on one connection for its whole life
 * (MySQL: the binary protocol, so values are neither escaped here nor lexed by the server).
 * Statements stay prepared until `close`: preparing a chunk's INSERT (tens of thousands of
 * placeholders) costs the server more than running it, and on a pooled connection mysql2 would
 * keep it prepared — a definition per bound value, tens of MB — as long as the connection lives.
 */
export async function openWriter(ds: DataSource): Promise<DirectWriter> {
  if (ds.options.type === 'better-sqlite3') {
    const db = sqliteOf(ds);
    return {
      write: async (statements) => db.transaction(() => {
        for (const { sql, params } of statements) db.prepare(sql).run(...params);
      })(),
      close: async () => undefined,
    };
  }
  const conn = await mysqlConnection(ds);
  const prepared = new Set<string>();
  const run = ({ sql, params }: { sql: string; params: unknown[] }) => {
    prepared.add(sql);
    return call((cb) => conn.execute(sql, params, cb));
  };
  return {
    async write(statements) {
      if (statements.length === 1) return void (await run(statements[0]!));
      await call((cb) => conn.query({ sql: 'START TRANSACTION' }, cb));
      try {
        for (const statement of statements) await run(statement);
        await call((cb) => conn.query({ sql: 'COMMIT' }, cb));
      } catch (err) {
        await call((cb) => conn.query({ sql: 'ROLLBACK' }, cb)).catch(() => undefined);
        throw err;
      }
    },
    async close() {
      for (const sql of prepared) conn.unprepare(sql);
      conn.release();
    },
  };
}
