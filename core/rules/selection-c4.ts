// C-4: a class never takes more enrolments than its capacity, however many teachers select at once.
import type { EntityManager } from 'typeorm';
import { TrainingClass } from '../entities/index.js';
import { RuleViolations } from '../graphql/errors.js';

/**
 * C-4: takes one seat with a single conditional statement — never check-then-insert:
 * `UPDATE training_class SET enrolled = enrolled + 1 WHERE id = ? AND enrolled < capacity`.
 * The database evaluates the condition on the current row under its row lock (InnoDB) or
 * its write lock (SQLite), so concurrent selections cannot both take the last seat.
 * UpdateResult.affected is the matched row count on both drivers (better-sqlite3
 * `changes`; mysql2 `affectedRows`, with FOUND_ROWS on by default). 0 → CLASS_FULL.
 * Lock order: every transaction that writes both touches the class row before existing
 * enrollment rows; a new selection inserts its own row (invisible to others until COMMIT) first
 * and takes the seat last, so the class row is locked only for the end of the transaction.
 */
export async function takeSeat(em: EntityManager, classId: number): Promise<void> {
  const r = await em
    .createQueryBuilder()
    .update(TrainingClass)
    .set({ enrolled: () => 'enrolled + 1' })
    .where('id = :classId', { classId })
    .andWhere('enrolled < capacity')
    .updateEntity(false)
    .execute();
  if (r.affected === 1) return;
  // This transaction already holds the row lock (MySQL keeps it for the failed UPDATE); read it current, not from the snapshot.
  const qb = em.getRepository(TrainingClass).createQueryBuilder('c').select(['c.id', 'c.capacity', 'c.enrolled']).where('c.id = :classId', { classId });
  if (em.connection.options.type !== 'better-sqlite3') qb.setLock('pessimistic_write');
  const cls = await qb.getOneOrFail();
  throw classFull(cls.capacity, cls.enrolled);
}

/** C-4's refusal: CLASS_FULL with the class's capacity and its seats taken. */
export function classFull(capacity: number, enrolled: number): RuleViolations {
  // A third of a rush's answers: no stack frames to capture (the refusal is data, see answerStack).
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return fullError(capacity, enrolled);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

function fullError(capacity: number, enrolled: number): RuleViolations {
  return new RuleViolations(
    [{
      rule: 'C-4',
      messageZh: `班期名额已满（容量 ${capacity}，已选 ${enrolled}）`,
      messageEn: `the class is full (${enrolled} of ${capacity} seats taken)`,
      limit: capacity,
      actual: enrolled,
    }],
    'CLASS_FULL',
  );
}

/** C-4: gives a seat back (rejection, withdrawal); never below zero. */
export async function releaseSeat(em: EntityManager, classId: number): Promise<void> {
  await em
    .createQueryBuilder()
    .update(TrainingClass)
    .set({ enrolled: () => 'enrolled - 1' })
    .where('id = :classId', { classId })
    .andWhere('enrolled > 0')
    .updateEntity(false)
    .execute();
}
