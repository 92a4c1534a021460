/** npm run migrate: bring the database schema up to date (core and enabled plugins) and exit. */
import { boot } from '../boot.js';
import { PluginConfigError } from '../plugin-host/load-plugins.js';

async function main() {
  const t0 = Date.now();
  const { ds, config } = await boot({ migrate: false });
  const pending = await ds.showMigrations();
  const ran = await ds.runMigrations({ transaction: 'each' });
  await ds.destroy();
  const where = config.dialect === 'mysql' ? 'MySQL/MariaDB' : config.sqlitePath;
  console.log(pending ? `applied ${ran.length} migration(s) to ${where} in ${Date.now() - t0} ms: ${ran.map((m) => m.name).join(', ')}` : `${where} is up to date`);
}

main().catch((err) => {
  console.error(err instanceof PluginConfigError ? `Shixun cannot migrate: ${err.message}` : err);
  process.exit(1);
});
