import type { MigrationInterface, QueryRunner } from 'typeorm';

/** initial (sqlite), generated from the entities by npm run migration:generate. */
export class Migration implements MigrationInterface {
  name = 'YuhangInitialSqlite1700000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "yuhang_funding" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "year" integer NOT NULL, "regionId" varchar(6) NOT NULL, "payroll" decimal(14,2) NOT NULL, "trainingFunds" decimal(14,2) NOT NULL, "toSchools" decimal(14,2) NOT NULL, "schools" text NOT NULL, "updatedBy" varchar(64) NOT NULL)`);
    await q.query(`CREATE UNIQUE INDEX "uq_yuhang_funding_year" ON "yuhang_funding" ("year") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "uq_yuhang_funding_year"`);
    await q.query(`DROP TABLE "yuhang_funding"`);
  }
}
