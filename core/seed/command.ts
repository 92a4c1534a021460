import type { DataSource } from 'typeorm';
import type { Booted } from '../boot.js';
import { seedDemoIfEmpty } from './demo.js';
import { generate, type GenerateReport } from './generator.js';
import { fmt } from './people.js';
import type { Log } from './world.js';

/**
 * `npm run seed -- [--reset] [--teachers N] [--classes N] [--credits-per-teacher N] [--schools N] [--seed N]`
 *
 * Seeds the demo when the database is empty (after --reset wipes every table), then adds
 * N generated teachers with their schools, classes and credit ledgers.
 */
export interface SeedArgs {
  reset: boolean;
  teachers: number;
  classes?: number;
  creditsPerTeacher?: number;
  schools?: number;
  seed?: number;
}

export const SEED_USAGE =
  'usage: npm run seed -- [--reset] [--teachers N] [--classes N] [--credits-per-teacher N] [--schools N] [--seed N]';

export function parseSeedArgs(argv: string[]): SeedArgs {
  const out: SeedArgs = { reset: false, teachers: 0 };
  const num = (flag: string, v: string | undefined) => {
    const n = Number(v?.replaceAll('_', ''));
    if (v === undefined || !Number.isInteger(n) || n < 0) throw new Error(`${flag} needs a whole number ≥ 0\n${SEED_USAGE}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--reset': out.reset = true; break;
      case '--teachers': out.teachers = num(flag, value()); break;
      case '--classes': out.classes = num(flag, value()); break;
      case '--credits-per-teacher': out.creditsPerTeacher = num(flag, value()); break;
      case '--schools': out.schools = num(flag, value()); break;
      case '--seed': out.seed = num(flag, value()); break;
      default: throw new Error(`unknown option ${a}\n${SEED_USAGE}`);
    }
  }
  return out;
}

/** Deletes every row of every table the entities map (the migrations table stays). */
export async function wipe(ds: DataSource): Promise<void> {
  const tables = [...new Set(ds.entityMetadatas.filter((m) => m.tableType !== 'view').map((m) => m.tableName))];
  if (ds.options.type === 'better-sqlite3') {
    await ds.query('PRAGMA foreign_keys = OFF');
    try {
      for (const t of tables) await ds.query(`DELETE FROM "${t}"`);
      await ds.query(`DELETE FROM sqlite_sequence`).catch(() => undefined);
    } finally {
      await ds.query('PRAGMA foreign_keys = ON');
    }
    return;
  }
  const qr = ds.createQueryRunner();
  await qr.connect();
  try {
    await qr.query('SET FOREIGN_KEY_CHECKS = 0');
    for (const t of tables) await qr.query(`TRUNCATE TABLE \`${t}\``);
    await qr.query('SET FOREIGN_KEY_CHECKS = 1');
  } finally {
    await qr.release();
  }
}

export interface SeedCommandReport { demo: boolean; generated?: GenerateReport; seconds: number }

/** What `npm run seed` does, on an already booted (migrated) database. */
export async function runSeedCommand(booted: Booted, args: SeedArgs, log: Log = (l) => console.log(l)): Promise<SeedCommandReport> {
  const t0 = performance.now();
  if (args.reset) {
    log('Wiping every table …');
    await wipe(booted.ds);
  }
  const demo = await seedDemoIfEmpty(booted, { log });
  if (!demo) log('Database already has data: demo not seeded again.');
  let generated: GenerateReport | undefined;
  if (args.teachers > 0) {
    log(`Generating ${fmt(args.teachers)} teachers …`);
    generated = await generate(booted.ds, {
      teachers: args.teachers, classes: args.classes, creditsPerTeacher: args.creditsPerTeacher, schools: args.schools, seed: args.seed, log,
    });
  }
  const seconds = (performance.now() - t0) / 1000;
  log(`Seed finished in ${seconds.toFixed(1)} s.`);
  return { demo, generated, seconds };
}
