import type { MigrationInterface, QueryRunner } from 'typeorm';

/** initial-schema (mysql), generated from the entities by npm run migration:generate. */
export class Migration implements MigrationInterface {
  name = 'InitialSchemaMysql1700000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`assessment\` (\`id\` int NOT NULL AUTO_INCREMENT, \`enrollmentId\` int NOT NULL, \`attempt\` int NOT NULL DEFAULT '1', \`grade\` varchar(16) NOT NULL, \`score\` decimal(5,1) NULL, \`note\` varchar(255) NULL, \`recordedBy\` varchar(64) NOT NULL, \`recordedAt\` datetime NOT NULL, UNIQUE INDEX \`uq_assessment_attempt\` (\`enrollmentId\`, \`attempt\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`attendance\` (\`id\` int NOT NULL AUTO_INCREMENT, \`enrollmentId\` int NOT NULL, \`sessionId\` int NOT NULL, \`hoursAttended\` decimal(7,1) NOT NULL, \`status\` varchar(16) NOT NULL, \`recordedBy\` varchar(64) NOT NULL, INDEX \`idx_attendance_session\` (\`sessionId\`), UNIQUE INDEX \`uq_attendance_enrollment_session\` (\`enrollmentId\`, \`sessionId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`budget_item\` (\`id\` int NOT NULL AUTO_INCREMENT, \`projectId\` int NOT NULL, \`kind\` varchar(32) NOT NULL, \`amount\` decimal(12,2) NOT NULL, INDEX \`idx_budget_item_project\` (\`projectId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`class_session\` (\`id\` int NOT NULL AUTO_INCREMENT, \`classId\` int NOT NULL, \`curriculumItemId\` int NULL, \`date\` date NOT NULL, \`title\` varchar(200) NOT NULL, \`hours\` decimal(7,1) NOT NULL, INDEX \`idx_class_session_class\` (\`classId\`, \`date\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`credit_record\` (\`id\` int NOT NULL AUTO_INCREMENT, \`teacherId\` int NOT NULL, \`cycleId\` int NOT NULL, \`regionId\` varchar(6) NOT NULL, \`year\` int NOT NULL, \`credits\` decimal(7,1) NOT NULL, \`hours\` decimal(7,1) NOT NULL, \`source\` varchar(24) NOT NULL, \`classId\` int NULL, \`enrollmentId\` int NULL, \`evidence\` varchar(500) NULL, \`correctsId\` int NULL, \`reason\` varchar(500) NULL, \`grantKey\` varchar(64) NULL, \`createdBy\` varchar(64) NOT NULL, \`createdAt\` datetime NOT NULL, INDEX \`idx_credit_class\` (\`classId\`), UNIQUE INDEX \`uq_credit_grant_key\` (\`grantKey\`), INDEX \`idx_credit_cycle_teacher\` (\`cycleId\`, \`teacherId\`), INDEX \`idx_credit_teacher_cycle\` (\`teacherId\`, \`cycleId\`, \`year\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`curriculum_item\` (\`id\` int NOT NULL AUTO_INCREMENT, \`projectId\` int NOT NULL, \`seq\` int NOT NULL DEFAULT '0', \`title\` varchar(200) NOT NULL, \`hours\` decimal(7,1) NOT NULL, \`kind\` varchar(16) NOT NULL, \`tags\` text NULL, \`trainerExpertId\` int NULL, INDEX \`idx_curriculum_item_project\` (\`projectId\`, \`seq\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`cycle\` (\`id\` int NOT NULL AUTO_INCREMENT, \`name\` varchar(64) NOT NULL, \`startYear\` int NOT NULL, \`endYear\` int NOT NULL, UNIQUE INDEX \`uq_cycle_start\` (\`startYear\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`cycle_audit\` (\`id\` int NOT NULL AUTO_INCREMENT, \`teacherId\` int NOT NULL, \`cycleId\` int NOT NULL, \`regionId\` varchar(6) NOT NULL, \`totalCredits\` decimal(8,1) NOT NULL, \`passed\` tinyint NOT NULL, \`findings\` text NOT NULL, \`ranBy\` varchar(64) NOT NULL, \`ranAt\` datetime NOT NULL, INDEX \`idx_cycle_audit_teacher\` (\`teacherId\`, \`cycleId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`enrollment\` (\`id\` int NOT NULL AUTO_INCREMENT, \`teacherId\` int NOT NULL, \`classId\` int NOT NULL, \`schoolId\` int NOT NULL, \`regionId\` varchar(6) NOT NULL, \`round\` int NOT NULL DEFAULT '1', \`projectRevision\` int NOT NULL DEFAULT '1', \`nominated\` tinyint NOT NULL DEFAULT 0, \`status\` varchar(16) NOT NULL DEFAULT 'pending', \`pendingStep\` varchar(16) NULL, \`steps\` text NOT NULL, \`selectedAt\` datetime NOT NULL, \`withdrawnAt\` datetime NULL, \`withdrawReason\` varchar(500) NULL, INDEX \`idx_enrollment_school_status\` (\`schoolId\`, \`status\`), INDEX \`idx_enrollment_class_status\` (\`classId\`, \`status\`), UNIQUE INDEX \`uq_enrollment_teacher_class\` (\`teacherId\`, \`classId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`enrollment_review\` (\`id\` int NOT NULL AUTO_INCREMENT, \`enrollmentId\` int NOT NULL, \`step\` varchar(16) NOT NULL, \`decision\` varchar(16) NOT NULL, \`reviewer\` varchar(64) NOT NULL, \`at\` datetime NOT NULL, \`reason\` varchar(500) NULL, UNIQUE INDEX \`uq_enrollment_review_step\` (\`enrollmentId\`, \`step\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`evaluation\` (\`id\` int NOT NULL AUTO_INCREMENT, \`enrollmentId\` int NOT NULL, \`classId\` int NOT NULL, \`institutionId\` int NOT NULL, \`subject\` varchar(32) NOT NULL, \`satisfaction\` int NOT NULL, \`comment\` varchar(1000) NULL, \`at\` datetime NOT NULL, UNIQUE INDEX \`uq_evaluation_enrollment\` (\`enrollmentId\`), INDEX \`idx_evaluation_institution_subject\` (\`institutionId\`, \`subject\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`expert\` (\`id\` int NOT NULL AUTO_INCREMENT, \`name\` varchar(64) NOT NULL, \`title\` varchar(24) NOT NULL DEFAULT 'none', \`employerId\` int NULL, \`formalStaff\` tinyint NOT NULL DEFAULT 0, \`frontLine\` tinyint NOT NULL DEFAULT 0, \`subject\` varchar(32) NULL, \`regionId\` varchar(6) NOT NULL, \`birthDate\` date NULL, \`degree\` varchar(16) NULL, INDEX \`idx_expert_employer\` (\`employerId\`), INDEX \`idx_expert_region_name\` (\`regionId\`, \`name\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`fee_item\` (\`id\` int NOT NULL AUTO_INCREMENT, \`projectId\` int NOT NULL, \`kind\` varchar(32) NOT NULL, \`amount\` decimal(12,2) NOT NULL, INDEX \`idx_fee_item_project\` (\`projectId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`institution\` (\`id\` int NOT NULL AUTO_INCREMENT, \`name\` varchar(128) NOT NULL, \`code\` varchar(32) NULL, \`kind\` varchar(24) NOT NULL, \`bureauLevel\` varchar(16) NULL, \`regionId\` varchar(6) NOT NULL, \`parentId\` int NULL, \`stage\` varchar(16) NULL, \`rural\` tinyint NOT NULL DEFAULT 0, \`isPrivate\` tinyint NOT NULL DEFAULT 0, \`trainerCount\` int NOT NULL DEFAULT '0', INDEX \`idx_institution_parent\` (\`parentId\`), INDEX \`idx_institution_region_kind\` (\`regionId\`, \`kind\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`project\` (\`id\` int NOT NULL AUTO_INCREMENT, \`name\` varchar(200) NOT NULL, \`institutionId\` int NOT NULL, \`regionId\` varchar(6) NOT NULL, \`level\` varchar(16) NOT NULL, \`category\` varchar(32) NOT NULL, \`subject\` varchar(32) NOT NULL, \`stage\` varchar(16) NOT NULL, \`hours\` decimal(7,1) NOT NULL, \`credits\` decimal(7,1) NOT NULL, \`mode\` varchar(16) NOT NULL DEFAULT 'offline', \`onlineCredits\` decimal(7,1) NOT NULL DEFAULT '0.0', \`hybridApproved\` tinyint NOT NULL DEFAULT 0, \`finalAssessment\` tinyint NOT NULL DEFAULT 0, \`leadExpertId\` int NULL, \`totalFee\` decimal(12,2) NOT NULL DEFAULT '0.00', \`startDate\` date NULL, \`endDate\` date NULL, \`description\` text NULL, \`status\` varchar(16) NOT NULL DEFAULT 'draft', \`revision\` int NOT NULL DEFAULT '1', INDEX \`idx_project_institution_status\` (\`institutionId\`, \`status\`), INDEX \`idx_project_region_status\` (\`regionId\`, \`status\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`project_expert\` (\`id\` int NOT NULL AUTO_INCREMENT, \`projectId\` int NOT NULL, \`expertId\` int NOT NULL, \`role\` varchar(16) NOT NULL, INDEX \`idx_project_expert_expert\` (\`expertId\`), UNIQUE INDEX \`uq_project_expert\` (\`projectId\`, \`expertId\`, \`role\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`project_transition\` (\`id\` int NOT NULL AUTO_INCREMENT, \`projectId\` int NOT NULL, \`fromStatus\` varchar(16) NOT NULL, \`toStatus\` varchar(16) NOT NULL, \`actor\` varchar(64) NOT NULL, \`at\` datetime NOT NULL, \`reason\` varchar(500) NULL, INDEX \`idx_project_transition_project\` (\`projectId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`qualification\` (\`id\` int NOT NULL AUTO_INCREMENT, \`institutionId\` int NOT NULL, \`level\` varchar(16) NOT NULL, \`subject\` varchar(32) NOT NULL, \`validFrom\` date NOT NULL, \`validTo\` date NULL, \`status\` varchar(16) NOT NULL DEFAULT 'active', \`statusReason\` varchar(255) NULL, INDEX \`idx_qualification_institution\` (\`institutionId\`, \`level\`, \`subject\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`qualification_action\` (\`id\` int NOT NULL AUTO_INCREMENT, \`institutionId\` int NOT NULL, \`qualificationId\` int NOT NULL, \`regionId\` varchar(6) NOT NULL, \`proposedStatus\` varchar(16) NOT NULL, \`rule\` varchar(16) NOT NULL, \`reason\` varchar(500) NOT NULL, \`status\` varchar(16) NOT NULL DEFAULT 'proposed', \`proposedAt\` datetime NOT NULL, \`decidedBy\` varchar(64) NULL, \`decidedAt\` datetime NULL, INDEX \`idx_qualification_action_status\` (\`status\`, \`institutionId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`region\` (\`id\` varchar(6) NOT NULL, \`name\` varchar(64) NOT NULL, \`level\` varchar(16) NOT NULL, \`parentId\` varchar(6) NULL, INDEX \`idx_region_parent\` (\`parentId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`teacher\` (\`id\` int NOT NULL AUTO_INCREMENT, \`name\` varchar(64) NOT NULL, \`idNumber\` varchar(18) NOT NULL, \`gender\` varchar(8) NOT NULL, \`birthDate\` date NOT NULL, \`phone\` varchar(20) NULL, \`schoolId\` int NOT NULL, \`regionId\` varchar(6) NOT NULL, \`stage\` varchar(16) NOT NULL, \`subject\` varchar(32) NOT NULL, \`title\` varchar(24) NOT NULL DEFAULT 'none', \`hireDate\` date NULL, \`rural\` tinyint NOT NULL DEFAULT 0, \`isPrivate\` tinyint NOT NULL DEFAULT 0, \`backboneLevel\` varchar(16) NOT NULL DEFAULT 'none', \`version\` int NOT NULL DEFAULT '1', UNIQUE INDEX \`uq_teacher_id_number\` (\`idNumber\`), INDEX \`idx_teacher_region_subject_name\` (\`regionId\`, \`subject\`, \`name\`), INDEX \`idx_teacher_school_name\` (\`schoolId\`, \`name\`), INDEX \`idx_teacher_region_name\` (\`regionId\`, \`name\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`teacher_change\` (\`id\` int NOT NULL AUTO_INCREMENT, \`teacherId\` int NOT NULL, \`version\` int NOT NULL, \`actor\` varchar(64) NOT NULL, \`at\` datetime NOT NULL, \`before\` text NULL, \`after\` text NOT NULL, UNIQUE INDEX \`uq_teacher_change_version\` (\`teacherId\`, \`version\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`training_class\` (\`id\` int NOT NULL AUTO_INCREMENT, \`projectId\` int NOT NULL, \`regionId\` varchar(6) NOT NULL, \`institutionId\` int NOT NULL, \`name\` varchar(200) NOT NULL, \`startDate\` date NOT NULL, \`endDate\` date NOT NULL, \`capacity\` int NOT NULL, \`enrolled\` int NOT NULL DEFAULT '0', \`venue\` varchar(200) NULL, \`schedulePublishedAt\` datetime NULL, \`status\` varchar(16) NOT NULL DEFAULT 'planned', INDEX \`idx_class_region_start\` (\`regionId\`, \`startDate\`), INDEX \`idx_class_project\` (\`projectId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX \`idx_class_project\` ON \`training_class\``);
    await q.query(`DROP INDEX \`idx_class_region_start\` ON \`training_class\``);
    await q.query(`DROP TABLE \`training_class\``);
    await q.query(`DROP INDEX \`uq_teacher_change_version\` ON \`teacher_change\``);
    await q.query(`DROP TABLE \`teacher_change\``);
    await q.query(`DROP INDEX \`idx_teacher_region_name\` ON \`teacher\``);
    await q.query(`DROP INDEX \`idx_teacher_school_name\` ON \`teacher\``);
    await q.query(`DROP INDEX \`idx_teacher_region_subject_name\` ON \`teacher\``);
    await q.query(`DROP INDEX \`uq_teacher_id_number\` ON \`teacher\``);
    await q.query(`DROP TABLE \`teacher\``);
    await q.query(`DROP INDEX \`idx_region_parent\` ON \`region\``);
    await q.query(`DROP TABLE \`region\``);
    await q.query(`DROP INDEX \`idx_qualification_action_status\` ON \`qualification_action\``);
    await q.query(`DROP TABLE \`qualification_action\``);
    await q.query(`DROP INDEX \`idx_qualification_institution\` ON \`qualification\``);
    await q.query(`DROP TABLE \`qualification\``);
    await q.query(`DROP INDEX \`idx_project_transition_project\` ON \`project_transition\``);
    await q.query(`DROP TABLE \`project_transition\``);
    await q.query(`DROP INDEX \`uq_project_expert\` ON \`project_expert\``);
    await q.query(`DROP INDEX \`idx_project_expert_expert\` ON \`project_expert\``);
    await q.query(`DROP TABLE \`project_expert\``);
    await q.query(`DROP INDEX \`idx_project_region_status\` ON \`project\``);
    await q.query(`DROP INDEX \`idx_project_institution_status\` ON \`project\``);
    await q.query(`DROP TABLE \`project\``);
    await q.query(`DROP INDEX \`idx_institution_region_kind\` ON \`institution\``);
    await q.query(`DROP INDEX \`idx_institution_parent\` ON \`institution\``);
    await q.query(`DROP TABLE \`institution\``);
    await q.query(`DROP INDEX \`idx_fee_item_project\` ON \`fee_item\``);
    await q.query(`DROP TABLE \`fee_item\``);
    await q.query(`DROP INDEX \`idx_expert_region_name\` ON \`expert\``);
    await q.query(`DROP INDEX \`idx_expert_employer\` ON \`expert\``);
    await q.query(`DROP TABLE \`expert\``);
    await q.query(`DROP INDEX \`idx_evaluation_institution_subject\` ON \`evaluation\``);
    await q.query(`DROP INDEX \`uq_evaluation_enrollment\` ON \`evaluation\``);
    await q.query(`DROP TABLE \`evaluation\``);
    await q.query(`DROP INDEX \`uq_enrollment_review_step\` ON \`enrollment_review\``);
    await q.query(`DROP TABLE \`enrollment_review\``);
    await q.query(`DROP INDEX \`uq_enrollment_teacher_class\` ON \`enrollment\``);
    await q.query(`DROP INDEX \`idx_enrollment_class_status\` ON \`enrollment\``);
    await q.query(`DROP INDEX \`idx_enrollment_school_status\` ON \`enrollment\``);
    await q.query(`DROP TABLE \`enrollment\``);
    await q.query(`DROP INDEX \`idx_cycle_audit_teacher\` ON \`cycle_audit\``);
    await q.query(`DROP TABLE \`cycle_audit\``);
    await q.query(`DROP INDEX \`uq_cycle_start\` ON \`cycle\``);
    await q.query(`DROP TABLE \`cycle\``);
    await q.query(`DROP INDEX \`idx_curriculum_item_project\` ON \`curriculum_item\``);
    await q.query(`DROP TABLE \`curriculum_item\``);
    await q.query(`DROP INDEX \`idx_credit_teacher_cycle\` ON \`credit_record\``);
    await q.query(`DROP INDEX \`idx_credit_cycle_teacher\` ON \`credit_record\``);
    await q.query(`DROP INDEX \`uq_credit_grant_key\` ON \`credit_record\``);
    await q.query(`DROP INDEX \`idx_credit_class\` ON \`credit_record\``);
    await q.query(`DROP TABLE \`credit_record\``);
    await q.query(`DROP INDEX \`idx_class_session_class\` ON \`class_session\``);
    await q.query(`DROP TABLE \`class_session\``);
    await q.query(`DROP INDEX \`idx_budget_item_project\` ON \`budget_item\``);
    await q.query(`DROP TABLE \`budget_item\``);
    await q.query(`DROP INDEX \`uq_attendance_enrollment_session\` ON \`attendance\``);
    await q.query(`DROP INDEX \`idx_attendance_session\` ON \`attendance\``);
    await q.query(`DROP TABLE \`attendance\``);
    await q.query(`DROP INDEX \`uq_assessment_attempt\` ON \`assessment\``);
    await q.query(`DROP TABLE \`assessment\``);
  }
}
