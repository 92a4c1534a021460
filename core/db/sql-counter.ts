import type { Logger, QueryRunner } from 'typeorm';

/**
 * Counts SQL statements per request scope; the N+1 tests and the benchmark read it.
 * Always installed as the TypeORM logger, so counting costs one increment.
 */
export class SqlCounter implements Logger {
  total = 0;
  log(): void {}
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  logQuery(_query: string, _parameters?: unknown[], _qr?: QueryRunner): void {
    this.total++;
  }
}
