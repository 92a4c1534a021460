import { boot } from '../../core/boot.js';
import { Cycle } from '../../core/entities/index.js';
import { runCycleAuditForRegion } from '../../core/workflow/cycle-audit-region.js';
import { loadConfig } from '../../core/config.js';

const config = loadConfig({ DATABASE_URL: 'mysql://root@127.0.0.1:3306/shixun_bench' });
const b = await boot({ config, migrate: false });
const cycle = await b.ds.getRepository(Cycle).findOneByOrFail({ id: 1 });
const t0 = performance.now();
let last = t0;
const timings: Record<string, number> = {};
const r = await runCycleAuditForRegion(b.ds, b.plugins, process.argv[2] ?? "330000", cycle, { id: "bench", role: "platform" }, { timings,
  onChunk: (n) => { if (n % 20000 < 2000) { const now = performance.now(); console.log(n, ((now - t0) / 1000).toFixed(1), 's', (process.memoryUsage().rss / 1e6).toFixed(0), 'MB'); last = now; } },
});
console.log(r, ((performance.now() - t0) / 1000).toFixed(1), 's', 'statements', b.counter.total);
await b.ds.destroy();
console.log(Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, (v / 1000).toFixed(1)])));
