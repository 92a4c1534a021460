import type { MigrationInterface, QueryRunner } from 'typeorm';

/** initial (sqlite), generated from the entities by npm run migration:generate. */
export class Migration implements MigrationInterface {
  name = 'ExampleInitialSqlite1700000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "example_activity" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "teacherId" integer NOT NULL, "regionId" varchar(6) NOT NULL, "title" varchar(100) NOT NULL, "kind" varchar(16) NOT NULL, "date" date NOT NULL, "hours" decimal(5,1) NOT NULL, "note" varchar(500), "createdBy" varchar(64) NOT NULL)`);
    await q.query(`CREATE INDEX "idx_example_activity_region" ON "example_activity" ("regionId") `);
    await q.query(`CREATE INDEX "idx_example_activity_teacher_date" ON "example_activity" ("teacherId", "date") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "idx_example_activity_teacher_date"`);
    await q.query(`DROP INDEX "idx_example_activity_region"`);
    await q.query(`DROP TABLE "example_activity"`);
  }
}
