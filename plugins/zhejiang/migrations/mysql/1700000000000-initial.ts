import type { MigrationInterface, QueryRunner } from 'typeorm';

/** initial (mysql), generated from the entities by npm run migration:generate. */
export class Migration implements MigrationInterface {
  name = 'ZhejiangInitialMysql1700000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`zhejiang_credit_exception\` (\`id\` int NOT NULL AUTO_INCREMENT, \`teacherId\` int NOT NULL, \`schoolId\` int NOT NULL, \`regionId\` varchar(6) NOT NULL, \`institutionName\` varchar(128) NOT NULL, \`trainingName\` varchar(200) NOT NULL, \`startDate\` date NOT NULL, \`endDate\` date NOT NULL, \`approvedOn\` date NOT NULL, \`reason\` varchar(500) NOT NULL, \`approvedBy\` varchar(64) NOT NULL, \`creditRecordId\` int NULL, INDEX \`idx_zhejiang_credit_exception_school\` (\`schoolId\`), INDEX \`idx_zhejiang_credit_exception_teacher\` (\`teacherId\`, \`startDate\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`zhejiang_period\` (\`id\` int NOT NULL AUTO_INCREMENT, \`regionId\` varchar(6) NOT NULL, \`code\` varchar(16) NOT NULL, \`name\` varchar(64) NOT NULL, \`declareFrom\` date NOT NULL, \`declareTo\` date NOT NULL, \`reviewFrom\` date NOT NULL, \`reviewTo\` date NOT NULL, \`publishOn\` date NOT NULL, \`teacherDataFrom\` date NOT NULL, \`teacherDataTo\` date NOT NULL, \`round1From\` date NOT NULL, \`round1To\` date NOT NULL, \`round2From\` date NOT NULL, \`round2To\` date NOT NULL, \`runFrom\` date NOT NULL, \`runTo\` date NOT NULL, \`updatedBy\` varchar(64) NOT NULL, INDEX \`idx_zhejiang_period_run\` (\`runFrom\`, \`runTo\`), UNIQUE INDEX \`uq_zhejiang_period_region_code\` (\`regionId\`, \`code\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`zhejiang_school_plan\` (\`id\` int NOT NULL AUTO_INCREMENT, \`teacherId\` int NOT NULL, \`schoolId\` int NOT NULL, \`regionId\` varchar(6) NOT NULL, \`projectId\` int NULL, \`note\` varchar(500) NULL, \`createdBy\` varchar(64) NOT NULL, \`createdAt\` datetime NOT NULL, INDEX \`idx_zhejiang_school_plan_school\` (\`schoolId\`), INDEX \`idx_zhejiang_school_plan_teacher\` (\`teacherId\`, \`projectId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX \`idx_zhejiang_school_plan_teacher\` ON \`zhejiang_school_plan\``);
    await q.query(`DROP INDEX \`idx_zhejiang_school_plan_school\` ON \`zhejiang_school_plan\``);
    await q.query(`DROP TABLE \`zhejiang_school_plan\``);
    await q.query(`DROP INDEX \`uq_zhejiang_period_region_code\` ON \`zhejiang_period\``);
    await q.query(`DROP INDEX \`idx_zhejiang_period_run\` ON \`zhejiang_period\``);
    await q.query(`DROP TABLE \`zhejiang_period\``);
    await q.query(`DROP INDEX \`idx_zhejiang_credit_exception_teacher\` ON \`zhejiang_credit_exception\``);
    await q.query(`DROP INDEX \`idx_zhejiang_credit_exception_school\` ON \`zhejiang_credit_exception\``);
    await q.query(`DROP TABLE \`zhejiang_credit_exception\``);
  }
}
