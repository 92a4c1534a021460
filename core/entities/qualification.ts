import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { ProjectLevel, QualificationStatus } from './enums.js';

/** An institution's licence to run training at a level for a subject (资质); C-5 reads it. */
@ObjectType()
@Entity('qualification')
@Index('idx_qualification_institution', ['institutionId', 'level', 'subject'])
export class Qualification {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Field(() => ID)
  @Column({ type: 'int' })
  institutionId!: number;

  @Field(() => ProjectLevel)
  @Column({ type: 'varchar', length: 16 })
  level!: ProjectLevel;

  /** '*' qualifies every subject. */
  @Field(() => String)
  @Column({ type: 'varchar', length: 32 })
  subject!: string;

  @Field(() => String)
  @Column({ type: 'date' })
  validFrom!: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'date', nullable: true })
  validTo!: string | null;

  @Field(() => QualificationStatus)
  @Column({ type: 'varchar', length: 16, default: QualificationStatus.active })
  status!: QualificationStatus;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 255, nullable: true })
  statusReason!: string | null;
}
