import type { MigrationInterface, QueryRunner } from 'typeorm';

/** initial (mysql), generated from the entities by npm run migration:generate. */
export class Migration implements MigrationInterface {
  name = 'ExampleInitialMysql1700000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`example_activity\` (\`id\` int NOT NULL AUTO_INCREMENT, \`teacherId\` int NOT NULL, \`regionId\` varchar(6) NOT NULL, \`title\` varchar(100) NOT NULL, \`kind\` varchar(16) NOT NULL, \`date\` date NOT NULL, \`hours\` decimal(5,1) NOT NULL, \`note\` varchar(500) NULL, \`createdBy\` varchar(64) NOT NULL, INDEX \`idx_example_activity_region\` (\`regionId\`), INDEX \`idx_example_activity_teacher_date\` (\`teacherId\`, \`date\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX \`idx_example_activity_teacher_date\` ON \`example_activity\``);
    await q.query(`DROP INDEX \`idx_example_activity_region\` ON \`example_activity\``);
    await q.query(`DROP TABLE \`example_activity\``);
  }
}
