import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One event per mutation, appended in the mutation's own transaction. There is no
 * update or delete path for it in the API.
 */
@ObjectType()
@Entity('audit_event')
@Index('idx_audit_region_at', ['regionId', 'at'])
@Index('idx_audit_entity', ['entity', 'entityId'])
export class AuditEvent {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Field(() => Date)
  @Column({ type: 'datetime' })
  at!: Date;

  @Field(() => String)
  @Column({ type: 'varchar', length: 64 })
  actor!: string;

  @Field(() => String)
  @Column({ type: 'varchar', length: 16 })
  role!: string;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'int', nullable: true })
  bindingId!: number | null;

  /** The actor's region scope (bureau) or the record's region, for scoped reading of the log. */
  @Field(() => ID, { nullable: true })
  @Column({ type: 'varchar', length: 6, nullable: true })
  regionId!: string | null;

  @Field(() => ID, { nullable: true })
  @Index('idx_audit_institution')
  @Column({ type: 'int', nullable: true })
  institutionId!: number | null;

  /** The GraphQL mutation, e.g. approveProject. */
  @Field(() => String)
  @Column({ type: 'varchar', length: 64 })
  operation!: string;

  /** The first entity the mutation wrote, e.g. Project. */
  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  entity!: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  entityId!: string | null;

  /** JSON list of { entity, id, op, before, after } with the changed fields only. */
  @Field(() => String)
  @Column({ type: 'text' })
  changes!: string;

  @Field(() => String)
  @Column({ type: 'varchar', length: 64 })
  requestId!: string;
}
