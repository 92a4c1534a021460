import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { bool } from '../db/columns.js';

/** A person who logs in; what they may do comes from their role bindings. */
@ObjectType()
@Entity('app_user')
export class User {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Field(() => String)
  @Index('uq_user_username', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  username!: string;

  @Field(() => String)
  @Column({ type: 'varchar', length: 64 })
  displayName!: string;

  /** argon2id hash; never exposed. */
  @Column({ type: 'varchar', length: 255 })
  passwordHash!: string;

  /** Seeded by the demo with a documented password: a production start refuses while one is active. */
  @Field(() => Boolean)
  @Column({ type: 'boolean', default: false, transformer: bool })
  demo!: boolean;

  @Field(() => Boolean)
  @Column({ type: 'boolean', default: true, transformer: bool })
  active!: boolean;

  @Field(() => Int)
  @Column({ type: 'int', default: 0 })
  failedLogins!: number;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'datetime', nullable: true })
  lockedUntil!: Date | null;

  @Field(() => Date)
  @Column({ type: 'datetime' })
  createdAt!: Date;
}
