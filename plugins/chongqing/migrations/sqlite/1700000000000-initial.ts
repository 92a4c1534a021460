import type { MigrationInterface, QueryRunner } from 'typeorm';

/** initial (sqlite), generated from the entities by npm run migration:generate. */
export class Migration implements MigrationInterface {
  name = 'ChongqingInitialSqlite1700000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "chongqing_backbone_assessment" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "designationId" integer NOT NULL, "teacherId" integer NOT NULL, "schoolId" integer NOT NULL, "regionId" varchar(6) NOT NULL, "level" varchar(16) NOT NULL, "year" integer NOT NULL, "status" varchar(20) NOT NULL, "result" varchar(8), "data" text NOT NULL, "dutyFindings" text NOT NULL, "submittedBy" varchar(64) NOT NULL, "submittedAt" datetime NOT NULL, "schoolBy" varchar(64), "schoolAt" datetime, "schoolComment" varchar(500), "districtBy" varchar(64), "districtAt" datetime, "districtComment" varchar(500), "municipalBy" varchar(64), "municipalAt" datetime, "municipalComment" varchar(500), "creditRecordId" integer)`);
    await q.query(`CREATE INDEX "idx_cq_assessment_teacher" ON "chongqing_backbone_assessment" ("teacherId", "year") `);
    await q.query(`CREATE INDEX "idx_cq_assessment_school" ON "chongqing_backbone_assessment" ("schoolId", "year") `);
    await q.query(`CREATE INDEX "idx_cq_assessment_region" ON "chongqing_backbone_assessment" ("regionId", "year") `);
    await q.query(`CREATE UNIQUE INDEX "uq_cq_assessment_year" ON "chongqing_backbone_assessment" ("designationId", "year") `);
    await q.query(`CREATE TABLE "chongqing_backbone_designation" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "teacherId" integer NOT NULL, "schoolId" integer NOT NULL, "regionId" varchar(6) NOT NULL, "level" varchar(16) NOT NULL, "year" integer NOT NULL, "subject" varchar(32) NOT NULL, "status" varchar(20) NOT NULL, "recommendedBy" varchar(64) NOT NULL, "recommendedAt" datetime NOT NULL, "recommendReason" varchar(500), "districtBy" varchar(64), "districtApprovedAt" datetime, "expertBy" varchar(64), "expertApprovedAt" datetime, "approvedBy" varchar(64), "approvedAt" datetime, "designatedFrom" date, "designatedUntil" date, "rejectedStep" varchar(20), "rejectReason" varchar(500), "revokedBy" varchar(64), "revokedOn" date, "revokeReason" varchar(500), "previousDesignationId" integer)`);
    await q.query(`CREATE INDEX "idx_cq_designation_school" ON "chongqing_backbone_designation" ("schoolId", "year", "level") `);
    await q.query(`CREATE INDEX "idx_cq_designation_region" ON "chongqing_backbone_designation" ("regionId", "year", "level") `);
    await q.query(`CREATE INDEX "idx_cq_designation_teacher" ON "chongqing_backbone_designation" ("teacherId", "status") `);
    await q.query(`CREATE TABLE "chongqing_backbone_quota" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "year" integer NOT NULL, "level" varchar(16) NOT NULL, "regionId" varchar(6) NOT NULL, "schoolId" integer, "quota" integer NOT NULL, "quotaKey" varchar(40) NOT NULL, "createdBy" varchar(64) NOT NULL)`);
    await q.query(`CREATE INDEX "idx_cq_quota_school" ON "chongqing_backbone_quota" ("schoolId") `);
    await q.query(`CREATE INDEX "idx_cq_quota_region" ON "chongqing_backbone_quota" ("regionId", "year") `);
    await q.query(`CREATE UNIQUE INDEX "uq_cq_quota_key" ON "chongqing_backbone_quota" ("quotaKey") `);
    await q.query(`CREATE TABLE "chongqing_backbone_training" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "designationId" integer NOT NULL, "teacherId" integer NOT NULL, "schoolId" integer NOT NULL, "regionId" varchar(6) NOT NULL, "level" varchar(16) NOT NULL, "baseInstitutionId" integer NOT NULL, "startDate" date NOT NULL, "endDate" date, "centralizedMonths" decimal(4,1) NOT NULL, "practiceMonths" decimal(4,1) NOT NULL, "mentorBase" varchar(64), "mentorPractice" varchar(64), "result" varchar(8), "resultBy" varchar(64), "resultAt" datetime, "resultReason" varchar(500), "note" varchar(500), "createdBy" varchar(64) NOT NULL)`);
    await q.query(`CREATE INDEX "idx_cq_training_region" ON "chongqing_backbone_training" ("regionId") `);
    await q.query(`CREATE INDEX "idx_cq_training_base" ON "chongqing_backbone_training" ("baseInstitutionId") `);
    await q.query(`CREATE UNIQUE INDEX "uq_cq_training_designation" ON "chongqing_backbone_training" ("designationId") `);
    await q.query(`CREATE TABLE "chongqing_travel_claim" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "trainingId" integer NOT NULL, "designationId" integer NOT NULL, "teacherId" integer NOT NULL, "schoolId" integer NOT NULL, "regionId" varchar(6) NOT NULL, "date" date NOT NULL, "description" varchar(200) NOT NULL, "amount" decimal(10,2) NOT NULL, "districtShare" decimal(10,2) NOT NULL, "schoolShare" decimal(10,2) NOT NULL, "createdBy" varchar(64) NOT NULL)`);
    await q.query(`CREATE INDEX "idx_cq_travel_school" ON "chongqing_travel_claim" ("schoolId", "date") `);
    await q.query(`CREATE INDEX "idx_cq_travel_region" ON "chongqing_travel_claim" ("regionId", "date") `);
    await q.query(`CREATE INDEX "idx_cq_travel_training" ON "chongqing_travel_claim" ("trainingId") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "idx_cq_travel_training"`);
    await q.query(`DROP INDEX "idx_cq_travel_region"`);
    await q.query(`DROP INDEX "idx_cq_travel_school"`);
    await q.query(`DROP TABLE "chongqing_travel_claim"`);
    await q.query(`DROP INDEX "uq_cq_training_designation"`);
    await q.query(`DROP INDEX "idx_cq_training_base"`);
    await q.query(`DROP INDEX "idx_cq_training_region"`);
    await q.query(`DROP TABLE "chongqing_backbone_training"`);
    await q.query(`DROP INDEX "uq_cq_quota_key"`);
    await q.query(`DROP INDEX "idx_cq_quota_region"`);
    await q.query(`DROP INDEX "idx_cq_quota_school"`);
    await q.query(`DROP TABLE "chongqing_backbone_quota"`);
    await q.query(`DROP INDEX "idx_cq_designation_teacher"`);
    await q.query(`DROP INDEX "idx_cq_designation_region"`);
    await q.query(`DROP INDEX "idx_cq_designation_school"`);
    await q.query(`DROP TABLE "chongqing_backbone_designation"`);
    await q.query(`DROP INDEX "uq_cq_assessment_year"`);
    await q.query(`DROP INDEX "idx_cq_assessment_region"`);
    await q.query(`DROP INDEX "idx_cq_assessment_school"`);
    await q.query(`DROP INDEX "idx_cq_assessment_teacher"`);
    await q.query(`DROP TABLE "chongqing_backbone_assessment"`);
  }
}
