import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * One multi-row INSERT, each value prepared for the dialect from the entity's metadata exactly
 * as TypeORM prepares it on save (transformers, booleans, dates, simple arrays). Neither
 * `repository.insert` nor the insert builder is used: for a hundred rows their per-entity
 * bookkeeping and parameter naming cost more than the statement. Every row gives the same
 * columns (those of the first row; a column it leaves undefined takes its default).
 * Returns the generated ids in row order: a multi-row VALUES insert takes consecutive
 * auto-increment values (MySQL/MariaDB report the first, in every innodb_autoinc_lock_mode,
 * which TypeORM relies on as well; SQLite, one writer at a time, reports the last).
 */
export async function insertMany<T extends ObjectLiteral>(em: EntityManager, entity: EntityTarget<T>, rows: Partial<T>[]): Promise<number[]> {
  if (!rows.length) return [];
  const meta = em.connection.getMetadata(entity);
  const driver = em.connection.driver;
  const columns = meta.columns.filter((c) => !c.isVirtual && (rows[0] as ObjectLiteral)[c.propertyName] !== undefined);
  const params: unknown[] = [];
  for (const row of rows)
    for (const c of columns) params.push(driver.preparePersistentValue((row as ObjectLiteral)[c.propertyName], c) ?? null);
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const sql = `INSERT INTO ${driver.escape(meta.tableName)} (${columns.map((c) => driver.escape(c.databaseName)).join(', ')}) VALUES ${rows.map(() => tuple).join(', ')}`;
  const sqlite = em.connection.options.type === 'better-sqlite3';
  // better-sqlite3: TypeORM returns lastInsertRowid; mysql2: the ResultSetHeader.
  const raw = (await em.query(sql, params)) as { insertId?: number } | number | bigint;
  const first = sqlite ? Number(raw) - rows.length + 1 : Number((raw as { insertId?: number }).insertId);
  if (!Number.isSafeInteger(first) || first < 1) throw new Error(`insertMany: no generated id for ${rows.length} rows of ${meta.tableName}`);
  return rows.map((_, i) => first + i);
}
