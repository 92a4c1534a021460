import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One distinct cycle-audit finding, stored once however many audits share it: a province's
 * audit has about a million findings of a few thousand kinds (the same rule, wording and
 * numbers), which as text in every CycleAudit row were most of what the audit wrote.
 * Content-addressed (`digest` is the SHA-256 of `text`), so it only grows by new findings and
 * every process and run reuses the same row.
 */
@Entity('audit_finding')
@Index('idx_audit_finding_digest', ['digest'], { unique: true })
export class AuditFinding {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  digest!: string;

  /** The finding as JSON: { rule, messageZh, messageEn, limit, actual, … } as the plugin gave it. */
  @Column({ type: 'text' })
  text!: string;
}
