import type { MigrationInterface, QueryRunner } from 'typeorm';

/** initial (mysql), generated from the entities by npm run migration:generate. */
export class Migration implements MigrationInterface {
  name = 'ChongqingInitialMysql1700000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`chongqing_backbone_assessment\` (\`id\` int NOT NULL AUTO_INCREMENT, \`designationId\` int NOT NULL, \`teacherId\` int NOT NULL, \`schoolId\` int NOT NULL, \`regionId\` varchar(6) NOT NULL, \`level\` varchar(16) NOT NULL, \`year\` int NOT NULL, \`status\` varchar(20) NOT NULL, \`result\` varchar(8) NULL, \`data\` text NOT NULL, \`dutyFindings\` text NOT NULL, \`submittedBy\` varchar(64) NOT NULL, \`submittedAt\` datetime NOT NULL, \`schoolBy\` varchar(64) NULL, \`schoolAt\` datetime NULL, \`schoolComment\` varchar(500) NULL, \`districtBy\` varchar(64) NULL, \`districtAt\` datetime NULL, \`districtComment\` varchar(500) NULL, \`municipalBy\` varchar(64) NULL, \`municipalAt\` datetime NULL, \`municipalComment\` varchar(500) NULL, \`creditRecordId\` int NULL, INDEX \`idx_cq_assessment_teacher\` (\`teacherId\`, \`year\`), INDEX \`idx_cq_assessment_school\` (\`schoolId\`, \`year\`), INDEX \`idx_cq_assessment_region\` (\`regionId\`, \`year\`), UNIQUE INDEX \`uq_cq_assessment_year\` (\`designationId\`, \`year\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`chongqing_backbone_designation\` (\`id\` int NOT NULL AUTO_INCREMENT, \`teacherId\` int NOT NULL, \`schoolId\` int NOT NULL, \`regionId\` varchar(6) NOT NULL, \`level\` varchar(16) NOT NULL, \`year\` int NOT NULL, \`subject\` varchar(32) NOT NULL, \`status\` varchar(20) NOT NULL, \`recommendedBy\` varchar(64) NOT NULL, \`recommendedAt\` datetime NOT NULL, \`recommendReason\` varchar(500) NULL, \`districtBy\` varchar(64) NULL, \`districtApprovedAt\` datetime NULL, \`expertBy\` varchar(64) NULL, \`expertApprovedAt\` datetime NULL, \`approvedBy\` varchar(64) NULL, \`approvedAt\` datetime NULL, \`designatedFrom\` date NULL, \`designatedUntil\` date NULL, \`rejectedStep\` varchar(20) NULL, \`rejectReason\` varchar(500) NULL, \`revokedBy\` varchar(64) NULL, \`revokedOn\` date NULL, \`revokeReason\` varchar(500) NULL, \`previousDesignationId\` int NULL, INDEX \`idx_cq_designation_school\` (\`schoolId\`, \`year\`, \`level\`), INDEX \`idx_cq_designation_region\` (\`regionId\`, \`year\`, \`level\`), INDEX \`idx_cq_designation_teacher\` (\`teacherId\`, \`status\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`chongqing_backbone_quota\` (\`id\` int NOT NULL AUTO_INCREMENT, \`year\` int NOT NULL, \`level\` varchar(16) NOT NULL, \`regionId\` varchar(6) NOT NULL, \`schoolId\` int NULL, \`quota\` int NOT NULL, \`quotaKey\` varchar(40) NOT NULL, \`createdBy\` varchar(64) NOT NULL, INDEX \`idx_cq_quota_school\` (\`schoolId\`), INDEX \`idx_cq_quota_region\` (\`regionId\`, \`year\`), UNIQUE INDEX \`uq_cq_quota_key\` (\`quotaKey\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`chongqing_backbone_training\` (\`id\` int NOT NULL AUTO_INCREMENT, \`designationId\` int NOT NULL, \`teacherId\` int NOT NULL, \`schoolId\` int NOT NULL, \`regionId\` varchar(6) NOT NULL, \`level\` varchar(16) NOT NULL, \`baseInstitutionId\` int NOT NULL, \`startDate\` date NOT NULL, \`endDate\` date NULL, \`centralizedMonths\` decimal(4,1) NOT NULL, \`practiceMonths\` decimal(4,1) NOT NULL, \`mentorBase\` varchar(64) NULL, \`mentorPractice\` varchar(64) NULL, \`result\` varchar(8) NULL, \`resultBy\` varchar(64) NULL, \`resultAt\` datetime NULL, \`resultReason\` varchar(500) NULL, \`note\` varchar(500) NULL, \`createdBy\` varchar(64) NOT NULL, INDEX \`idx_cq_training_region\` (\`regionId\`), INDEX \`idx_cq_training_base\` (\`baseInstitutionId\`), UNIQUE INDEX \`uq_cq_training_designation\` (\`designationId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`chongqing_travel_claim\` (\`id\` int NOT NULL AUTO_INCREMENT, \`trainingId\` int NOT NULL, \`designationId\` int NOT NULL, \`teacherId\` int NOT NULL, \`schoolId\` int NOT NULL, \`regionId\` varchar(6) NOT NULL, \`date\` date NOT NULL, \`description\` varchar(200) NOT NULL, \`amount\` decimal(10,2) NOT NULL, \`districtShare\` decimal(10,2) NOT NULL, \`schoolShare\` decimal(10,2) NOT NULL, \`createdBy\` varchar(64) NOT NULL, INDEX \`idx_cq_travel_school\` (\`schoolId\`, \`date\`), INDEX \`idx_cq_travel_region\` (\`regionId\`, \`date\`), INDEX \`idx_cq_travel_training\` (\`trainingId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX \`idx_cq_travel_training\` ON \`chongqing_travel_claim\``);
    await q.query(`DROP INDEX \`idx_cq_travel_region\` ON \`chongqing_travel_claim\``);
    await q.query(`DROP INDEX \`idx_cq_travel_school\` ON \`chongqing_travel_claim\``);
    await q.query(`DROP TABLE \`chongqing_travel_claim\``);
    await q.query(`DROP INDEX \`uq_cq_training_designation\` ON \`chongqing_backbone_training\``);
    await q.query(`DROP INDEX \`idx_cq_training_base\` ON \`chongqing_backbone_training\``);
    await q.query(`DROP INDEX \`idx_cq_training_region\` ON \`chongqing_backbone_training\``);
    await q.query(`DROP TABLE \`chongqing_backbone_training\``);
    await q.query(`DROP INDEX \`uq_cq_quota_key\` ON \`chongqing_backbone_quota\``);
    await q.query(`DROP INDEX \`idx_cq_quota_region\` ON \`chongqing_backbone_quota\``);
    await q.query(`DROP INDEX \`idx_cq_quota_school\` ON \`chongqing_backbone_quota\``);
    await q.query(`DROP TABLE \`chongqing_backbone_quota\``);
    await q.query(`DROP INDEX \`idx_cq_designation_teacher\` ON \`chongqing_backbone_designation\``);
    await q.query(`DROP INDEX \`idx_cq_designation_region\` ON \`chongqing_backbone_designation\``);
    await q.query(`DROP INDEX \`idx_cq_designation_school\` ON \`chongqing_backbone_designation\``);
    await q.query(`DROP TABLE \`chongqing_backbone_designation\``);
    await q.query(`DROP INDEX \`uq_cq_assessment_year\` ON \`chongqing_backbone_assessment\``);
    await q.query(`DROP INDEX \`idx_cq_assessment_region\` ON \`chongqing_backbone_assessment\``);
    await q.query(`DROP INDEX \`idx_cq_assessment_school\` ON \`chongqing_backbone_assessment\``);
    await q.query(`DROP INDEX \`idx_cq_assessment_teacher\` ON \`chongqing_backbone_assessment\``);
    await q.query(`DROP TABLE \`chongqing_backbone_assessment\``);
  }
}
