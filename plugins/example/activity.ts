import { Field, Float, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { decimalColumn } from '../../core/db/columns.js';

/**
 * A teaching-research activity (教研活动) recorded through the example plugin's form.
 * A plugin's own table: its name starts with the plugin's name, and the plugin ships its
 * migrations (plugins/example/migrations, generated with --plugin example).
 */
@ObjectType({ description: '教研活动（示例插件）' })
@Entity('example_activity')
@Index('idx_example_activity_teacher_date', ['teacherId', 'date'])
export class ExampleActivity {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Field(() => ID)
  @Column({ type: 'int' })
  teacherId!: number;

  /** The teacher's region, copied so scope and rules need no join. */
  @Field(() => ID)
  @Index('idx_example_activity_region')
  @Column({ type: 'varchar', length: 6 })
  regionId!: string;

  @Field(() => String)
  @Column({ type: 'varchar', length: 100 })
  title!: string;

  @Field(() => String)
  @Column({ type: 'varchar', length: 16 })
  kind!: string;

  @Field(() => String)
  @Column({ type: 'date' })
  date!: string;

  @Field(() => Float)
  @Column(decimalColumn(5, 1))
  hours!: number;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 500, nullable: true })
  note!: string | null;

  /** Who recorded it (Actor.id). */
  @Field(() => String)
  @Column({ type: 'varchar', length: 64 })
  createdBy!: string;
}
