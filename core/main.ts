import { productionProblems } from './auth/production-check.js';
import { boot } from './boot.js';
import { PluginConfigError } from './plugin-host/load-plugins.js';
import { startApp } from './server/app.js';
import { seedDemoIfEmpty } from './seed/demo.js';

/** `npm start`: migrate, seed the demo on an empty database (not in production), serve. */
async function main() {
  const t0 = Date.now();
  const booted = await boot();
  const seeded = !booted.config.production && (await seedDemoIfEmpty(booted));
  const problems = await productionProblems(booted.config, booted.ds);
  if (problems.length) {
    console.error(`Shixun refuses to start in production:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    process.exit(1);
  }
  const app = await startApp(booted);
  const db = booted.config.dialect === 'mysql' ? 'MySQL/MariaDB' : `SQLite (${booted.config.sqlitePath})`;
  console.log(`师训 Shixun ready in ${Date.now() - t0} ms — ${db}${seeded ? ', demo data seeded' : ''}`);
  console.log(`  Console: http://localhost:${app.port}/admin/`);
  console.log(`  GraphQL: ${app.url}`);
  console.log(`  Plugins: ${booted.plugins.list.map((p) => p.name).join(', ') || '(none)'}`);
}

main().catch((err) => {
  if (err instanceof PluginConfigError) console.error(`Shixun cannot start: ${err.message}`);
  else console.error(err);
  process.exit(1);
});
