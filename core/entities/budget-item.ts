import { Field, Float, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { decimalColumn } from '../db/columns.js';

/** A line of the project budget (kind e.g. management, venue, trainer, materials). */
@ObjectType()
@Entity('budget_item')
@Index('idx_budget_item_project', ['projectId'])
export class BudgetItem {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Field(() => ID)
  @Column({ type: 'int' })
  projectId!: number;

  @Field(() => String)
  @Column({ type: 'varchar', length: 32 })
  kind!: string;

  @Field(() => Float)
  @Column(decimalColumn(12, 2))
  amount!: number;
}
