import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type ImportStatus = 'validating' | 'validated' | 'importing' | 'done' | 'failed';

/**
 * One roster import (core/import/teacher-import.ts). The job's state lives here and its
 * files under the import directory (data/imports/<id>.*), never in a process's memory, so
 * any API process can report progress, serve the error workbook or commit the job.
 */
@Entity('import_job')
@Index('idx_import_job_actor', ['actor', 'createdAt'])
export class ImportJob {
  /** Random UUID (the file names use it too). */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** What is imported: 'teachers'. */
  @Column({ type: 'varchar', length: 32 })
  kind!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: ImportStatus;

  /** The uploader (Actor.id); only they may read or commit the job. */
  @Column({ type: 'varchar', length: 64 })
  actor!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: string;

  @Column({ type: 'varchar', length: 6, nullable: true })
  regionId!: string | null;

  @Column({ type: 'int', nullable: true })
  institutionId!: number | null;

  @Column({ type: 'varchar', length: 255 })
  fileName!: string;

  @Column({ type: 'int', default: 0 })
  fileSize!: number;

  /** Data rows read so far (blank rows not counted); the total once validated. */
  @Column({ type: 'int', default: 0 })
  total!: number;

  /** Rows validated so far, or rows written so far while importing. */
  @Column({ type: 'int', default: 0 })
  processed!: number;

  @Column({ type: 'int', default: 0 })
  valid!: number;

  @Column({ type: 'int', default: 0 })
  invalid!: number;

  /** Rows written to the database (all of them or none: see commitTeacherImport). */
  @Column({ type: 'int', default: 0 })
  imported!: number;

  /** 0..1, for the progress bar. */
  @Column({ type: 'float', default: 0 })
  progress!: number;

  /** Per-row problems in all (each invalid row has one or more). */
  @Column({ type: 'int', default: 0 })
  errorCount!: number;

  /** JSON: the first 200 per-row errors [{ row, field, column, messageZh, messageEn }]. */
  @Column({ type: 'text', nullable: true })
  errors!: string | null;

  /** JSON: the header row as found in the file (for the error workbook). */
  @Column({ type: 'text', nullable: true })
  header!: string | null;

  /** JSON: region ids of the valid rows (rule checks at commit). */
  @Column({ type: 'text', nullable: true })
  regions!: string | null;

  /** 'all' | 'valid' once committed. */
  @Column({ type: 'varchar', length: 8, nullable: true })
  mode!: string | null;

  /** Why the job failed (the whole file, not one row). */
  @Column({ type: 'text', nullable: true })
  messageZh!: string | null;

  @Column({ type: 'text', nullable: true })
  messageEn!: string | null;

  /** Milliseconds spent validating and importing (rows/s in reports and benchmarks). */
  @Column({ type: 'int', nullable: true })
  validateMs!: number | null;

  @Column({ type: 'int', nullable: true })
  importMs!: number | null;

  @Column({ type: 'datetime' })
  createdAt!: Date;

  /** Touched at least every few seconds while a process works on the job (stale = that process died). */
  @Column({ type: 'datetime' })
  updatedAt!: Date;
}
