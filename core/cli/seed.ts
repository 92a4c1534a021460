/**
 * npm run seed -- [--reset] [--teachers N] [--classes N] [--credits-per-teacher N] [--schools N] [--seed N]
 *
 * Migrates, seeds the demo into an empty database (after --reset wipes it), then bulk-generates
 * N teachers (one school per 60, one class per 300, ~16 ledger records each by default),
 * printing a progress line per phase with rows/s. DATABASE_URL picks the database as for npm start.
 */
import { boot } from '../boot.js';
import { parseSeedArgs, runSeedCommand } from '../seed/command.js';

async function main() {
  const args = parseSeedArgs(process.argv.slice(2));
  const booted = await boot();
  try {
    await runSeedCommand(booted, args);
  } finally {
    await booted.ds.destroy();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
