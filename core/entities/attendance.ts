import { Field, Float, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { decimalColumn } from '../db/columns.js';

/** Hours a trainee attended one session (C-7 reads the absences). */
@ObjectType()
@Entity('attendance')
@Index('uq_attendance_enrollment_session', ['enrollmentId', 'sessionId'], { unique: true })
export class Attendance {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Field(() => ID)
  @Column({ type: 'int' })
  enrollmentId!: number;

  @Field(() => ID)
  @Index('idx_attendance_session')
  @Column({ type: 'int' })
  sessionId!: number;

  @Field(() => Float)
  @Column(decimalColumn(7, 1))
  hoursAttended!: number;

  /** present, late, leave (excused) or absent */
  @Field(() => String)
  @Column({ type: 'varchar', length: 16 })
  status!: string;

  @Field(() => String)
  @Column({ type: 'varchar', length: 64 })
  recordedBy!: string;
}
