import { execSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * Shixun API processes for the benchmarks: `node core/main.ts` (what `npm start` runs, without
 * the console build check), the real plugins.config.ts, NODE_ENV unset, each on its own port.
 */
export interface ApiProcess {
  pid: number;
  port: number;
  url: string;
  /** Resident memory now (MB), from /proc. */
  rssMb: () => number;
  stop: () => Promise<void>;
}

const ROOT = new URL('../..', import.meta.url).pathname;

/** Node flags of the API processes (a larger young generation: fewer scavenges under load). */
export const API_NODE_FLAGS = ['--max-semi-space-size=64'];

export async function startApi(opts: { databaseUrl: string; port: number; pool?: number; nodeFlags?: string[]; log?: (line: string) => void }): Promise<ApiProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: opts.databaseUrl, PORT: String(opts.port) };
  delete env.NODE_ENV;
  delete env.SHIXUN_PLUGINS_CONFIG;
  if (opts.pool) env.DB_POOL = String(opts.pool);
  const child: ChildProcess = spawn(process.execPath, [...API_NODE_FLAGS, ...(opts.nodeFlags ?? []), ...(process.env.BENCH_API_FLAGS?.split(' ').filter(Boolean) ?? []), '--import', 'tsx/esm', 'core/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${opts.port}/graphql`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`API process on port ${opts.port} exited:\n${output}`);
    try {
      const r = await fetch(`http://127.0.0.1:${opts.port}/health`);
      if (r.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`API process on port ${opts.port} did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  opts.log?.(`  API process ${child.pid} on :${opts.port}`);
  return {
    pid: child.pid!,
    port: opts.port,
    url,
    rssMb: () => {
      try {
        const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        return m ? Number(m[1]) / 1024 : NaN;
      } catch {
        return NaN;
      }
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(t);
    },
  };
}

/** POSTs one GraphQL request (setup and checks, not measured). */
export async function gql<T = any>(url: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown[] };
  if (body.errors?.length) throw new Error(`GraphQL error: ${JSON.stringify(body.errors).slice(0, 800)}`);
  return body.data as T;
}

/** Development-login tokens for many actors, 20 aliased devLogin mutations per request (each sets a cookie header), `parallel` requests at a time. */
export async function devLogins(url: string, actors: { role: string; teacherId?: number; regionId?: string; institutionId?: number }[], parallel = 8): Promise<string[]> {
  const out: string[] = new Array(actors.length);
  const batches: number[][] = [];
  for (let k = 0; k < actors.length; k += 20) batches.push(Array.from({ length: Math.min(20, actors.length - k) }, (_, j) => k + j));
  let next = 0;
  const worker = async () => {
    for (;;) {
      const b = batches[next++];
      if (!b) return;
      const fields = b.map((i) => {
        const a = actors[i]!;
        const args = [`role: "${a.role}"`];
        if (a.teacherId) args.push(`teacherId: "${a.teacherId}"`);
        if (a.regionId) args.push(`regionId: "${a.regionId}"`);
        if (a.institutionId) args.push(`institutionId: "${a.institutionId}"`);
        return `t${i}: devLogin(${args.join(', ')})`;
      });
      const data = await gql<Record<string, string>>(url, `mutation { ${fields.join('\n')} }`);
      for (const i of b) out[i] = data[`t${i}`]!;
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return out;
}

/** CPU seconds (user + system) a process has used so far, from /proc (NaN when unreadable). */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** The MariaDB/MySQL server's pid, when it runs on this machine. */
export function databasePid(): number | null {
  try {
    const out = execSync('pidof mariadbd || pidof mysqld', { encoding: 'utf8' }).trim();
    return out ? Number(out.split(/\s+/)[0]) : null;
  } catch {
    return null;
  }
}
