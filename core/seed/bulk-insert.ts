import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

/**
 * Multi-row INSERTs for seeding, below TypeORM's entity layer (which would cost a
 * statement and an object per row). Rows are arrays in the sink's column order; ids are
 * assigned here (MAX(id)+1 onwards) so children can point at parents without reading back.
 *
 * SQLite: prepared `INSERT … VALUES (?,…),(?,…)…` statements on better-sqlite3's own
 * handle, synchronous, inside one open transaction. MySQL/MariaDB: one dedicated pooled
 * connection, INSERT strings built and escaped here, one statement in flight while the
 * next batch is generated.
 *
 * Everything written goes into the writer's transaction; `commitRows` commits and
 * reopens it every so many rows (bulk loads), otherwise the whole run is one transaction
 * and `close(false)` rolls it all back.
 */
export type Cell = string | number | boolean | null;

interface SqliteDb {
  prepare(sql: string): { run(params: unknown[]): unknown };
  exec(sql: string): unknown;
  pragma(sql: string, opts?: { simple?: boolean }): unknown;
  inTransaction: boolean;
}

export interface BulkWriterOptions {
  /** Commit and start a new transaction after this many rows (default: never, one transaction). */
  commitRows?: number;
  /** Bulk-load settings: SQLite synchronous=OFF and a big page cache; MySQL unique/foreign key checks off. */
  bulkLoad?: boolean;
}

export class BulkWriter {
  readonly dialect: 'sqlite' | 'mysql';
  private readonly sqlite?: SqliteDb;
  private readonly qr?: QueryRunner;
  private readonly sinks = new Map<string, TableSink>();
  private inflight: Promise<unknown> = Promise.resolve();
  private sinceCommit = 0;
  private closed = false;
  private readonly restore: string[] = [];
  /** SQL statements sent (INSERTs and transaction control). */
  statements = 0;
  /** Milliseconds spent writing (SQLite: inside the statements; MySQL: waiting for the server). */
  writeMs = 0;

  private constructor(readonly ds: DataSource, private readonly opts: BulkWriterOptions, sqlite?: SqliteDb, qr?: QueryRunner) {
    this.dialect = sqlite ? 'sqlite' : 'mysql';
    this.sqlite = sqlite;
    this.qr = qr;
  }

  static async open(ds: DataSource, opts: BulkWriterOptions = {}): Promise<BulkWriter> {
    if (ds.options.type === 'better-sqlite3') {
      const db = (ds.driver as unknown as { databaseConnection: SqliteDb }).databaseConnection;
      const w = new BulkWriter(ds, opts, db);
      if (opts.bulkLoad) {
        for (const p of ['synchronous', 'cache_size', 'temp_store']) w.restore.push(`${p} = ${db.pragma(p, { simple: true })}`);
        db.pragma('synchronous = OFF');
        db.pragma('cache_size = -262144');
        db.pragma('temp_store = MEMORY');
      }
      db.exec('BEGIN');
      return w;
    }
    const qr = ds.createQueryRunner();
    await qr.connect();
    const w = new BulkWriter(ds, opts, undefined, qr);
    if (opts.bulkLoad) {
      await qr.query('SET SESSION unique_checks = 0, foreign_key_checks = 0');
      w.restore.push('unique_checks = 1, foreign_key_checks = 1');
    }
    await qr.query('START TRANSACTION');
    return w;
  }

  /** An entity manager on the writer's connection (inside its transaction), for reads and odd rows. */
  get manager(): EntityManager {
    return this.qr ? this.qr.manager : this.ds.manager;
  }

  /** A sink for one table; ids continue from the table's current MAX(id). */
  async sink(table: string, columns: string[], opts: { withId?: boolean } = {}): Promise<TableSink> {
    const existing = this.sinks.get(table);
    if (existing) {
      if (existing.columns.join() !== (existing.withId ? ['id', ...columns] : columns).join()) throw new Error(`${table}: one sink per table`);
      return existing;
    }
    const withId = opts.withId ?? true;
    let next = 1;
    if (withId) {
      {
        await this.inflight;
        // MySQL: ask on the writer's own connection, which sees its uncommitted rows.
        const runner = this.qr ?? this.ds;
        const rows = (await runner.query(`SELECT MAX(id) AS m FROM ${this.quote(table)}`)) as { m: number | string | null }[];
        next = Number(rows[0]?.m ?? 0) + 1;
      }
    }
    const sink = new TableSink(this, table, withId ? ['id', ...columns] : columns, withId, next);
    this.sinks.set(table, sink);
    return sink;
  }

  quote(name: string): string {
    return this.dialect === 'mysql' ? `\`${name}\`` : `"${name}"`;
  }

  /** A datetime literal as TypeORM itself stores it ('YYYY-MM-DD HH:MM:SS' in, UTC). */
  dt(value: string): string {
    return this.dialect === 'sqlite' ? `${value}.000` : value;
  }

  /** @internal */
  async write(sink: TableSink, rows: Cell[][]): Promise<void> {
    if (this.closed) throw new Error('BulkWriter is closed');
    if (rows.length === 0) return;
    const t0 = performance.now();
    if (this.sqlite) this.writeSqlite(sink, rows);
    else await this.writeMysql(sink, rows);
    this.writeMs += performance.now() - t0;
    this.sinceCommit += rows.length;
    if (this.opts.commitRows && this.sinceCommit >= this.opts.commitRows) await this.commit();
  }

  private writeSqlite(sink: TableSink, rows: Cell[][]): void {
    const width = sink.columns.length;
    const per = sink.batchSize;
    for (let start = 0; start < rows.length; start += per) {
      const n = Math.min(per, rows.length - start);
      const stmt = sink.statement(n);
      const params = new Array<unknown>(n * width);
      let k = 0;
      for (let r = start; r < start + n; r++) {
        const row = rows[r]!;
        for (let c = 0; c < width; c++) {
          const v = row[c];
          params[k++] = v === true ? 1 : v === false ? 0 : v === undefined ? null : v;
        }
      }
      stmt.run(params);
      this.statements++;
    }
  }

  private async writeMysql(sink: TableSink, rows: Cell[][]): Promise<void> {
    const per = sink.batchSize;
    for (let start = 0; start < rows.length; start += per) {
      const end = Math.min(rows.length, start + per);
      const parts: string[] = new Array(end - start);
      for (let r = start; r < end; r++) parts[r - start] = `(${rows[r]!.map(mysqlLiteral).join(',')})`;
      const sql = `${sink.insertHead}${parts.join(',')}`;
      await this.send(sql);
    }
  }

  /** Queues a statement on the MySQL connection, keeping at most one in flight. */
  private async send(sql: string): Promise<void> {
    await this.inflight;
    this.statements++;
    const p: Promise<unknown> = this.qr!.query(sql).then(() => undefined);
    // A failure surfaces at the next await of `inflight`, never as an unhandled rejection meanwhile.
    p.catch(() => undefined);
    this.inflight = p;
  }

  /** Commits what is written so far and opens the next transaction. */
  async commit(): Promise<void> {
    this.sinceCommit = 0;
    if (this.sqlite) {
      this.sqlite.exec('COMMIT');
      this.sqlite.exec('BEGIN');
    } else {
      await this.send('COMMIT');
      await this.send('START TRANSACTION');
    }
    this.statements += 2;
  }

  /** Writes every buffered row of every sink. */
  async flushAll(): Promise<void> {
    for (const s of this.sinks.values()) await s.flush();
    await this.inflight;
  }

  /** Flushes and commits (ok) or rolls everything since the last commit back; restores settings. */
  async close(ok = true): Promise<void> {
    if (this.closed) return;
    try {
      if (ok) await this.flushAll();
    } catch (e) {
      ok = false;
      throw e;
    } finally {
      this.closed = true;
      if (this.sqlite) {
        if (this.sqlite.inTransaction) this.sqlite.exec(ok ? 'COMMIT' : 'ROLLBACK');
        for (const r of this.restore) this.sqlite.pragma(r);
      } else {
        await this.inflight.catch(() => undefined);
        try {
          await this.qr!.query(ok ? 'COMMIT' : 'ROLLBACK');
          for (const r of this.restore) await this.qr!.query(`SET SESSION ${r}`);
        } finally {
          await this.qr!.release();
        }
      }
    }
  }
}

export class TableSink {
  private buffer: Cell[][] = [];
  private nextId: number;
  private readonly statements = new Map<number, { run(params: unknown[]): unknown }>();
  readonly batchSize: number;
  readonly insertHead: string;
  /** Rows handed to this sink so far. */
  count = 0;

  constructor(
    private readonly w: BulkWriter,
    readonly table: string,
    readonly columns: string[],
    readonly withId: boolean,
    firstId: number,
  ) {
    this.nextId = firstId;
    // SQLite allows 32766 bound parameters per statement; MySQL statements stay well under max_allowed_packet.
    this.batchSize = w.dialect === 'sqlite' ? Math.max(1, Math.min(500, Math.floor(32766 / columns.length))) : 2000;
    this.insertHead = `INSERT INTO ${w.quote(table)} (${columns.map((c) => w.quote(c)).join(',')}) VALUES `;
  }

  /** Reserves the next id (the row itself is pushed with it as its first cell). */
  id(): number {
    return this.nextId++;
  }

  peekId(): number {
    return this.nextId;
  }

  /** Buffers a row; call `spill()` now and then (or `flush()` at the end) to write. */
  push(row: Cell[]): void {
    this.buffer.push(row);
    this.count++;
  }

  /** Writes full batches once enough rows are buffered. */
  async spill(): Promise<void> {
    if (this.buffer.length >= this.batchSize * 4) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const rows = this.buffer;
    this.buffer = [];
    await this.w.write(this, rows);
  }

  /** @internal A prepared statement for n rows (SQLite). */
  statement(n: number): { run(params: unknown[]): unknown } {
    let s = this.statements.get(n);
    if (!s) {
      const one = `(${this.columns.map(() => '?').join(',')})`;
      const db = (this.w.ds.driver as unknown as { databaseConnection: SqliteDb }).databaseConnection;
      s = db.prepare(this.insertHead + new Array(n).fill(one).join(','));
      this.statements.set(n, s);
    }
    return s;
  }
}

const SPECIAL = /[\0\b\t\n\r\x1a'"\\]/;
const SPECIAL_G = /[\0\b\t\n\r\x1a'"\\]/g;
const ESCAPES: Record<string, string> = { '\0': '\\0', '\b': '\\b', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\x1a': '\\Z', "'": "\\'", '"': '\\"', '\\': '\\\\' };

function mysqlLiteral(v: Cell | undefined): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`not a finite number: ${v}`);
    return String(v);
  }
  if (typeof v === 'boolean') return v ? '1' : '0';
  return SPECIAL.test(v) ? `'${v.replace(SPECIAL_G, (c) => ESCAPES[c]!)}'` : `'${v}'`;
}
