import type { MigrationInterface, QueryRunner } from 'typeorm';

/** initial (mysql), generated from the entities by npm run migration:generate. */
export class Migration implements MigrationInterface {
  name = 'YuhangInitialMysql1700000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`yuhang_funding\` (\`id\` int NOT NULL AUTO_INCREMENT, \`year\` int NOT NULL, \`regionId\` varchar(6) NOT NULL, \`payroll\` decimal(14,2) NOT NULL, \`trainingFunds\` decimal(14,2) NOT NULL, \`toSchools\` decimal(14,2) NOT NULL, \`schools\` text NOT NULL, \`updatedBy\` varchar(64) NOT NULL, UNIQUE INDEX \`uq_yuhang_funding_year\` (\`year\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX \`uq_yuhang_funding_year\` ON \`yuhang_funding\``);
    await q.query(`DROP TABLE \`yuhang_funding\``);
  }
}
