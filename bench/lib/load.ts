import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One request of an HTTP job: query index, variables, bearer token. */
export interface HttpRequestSpec {
  q: number;
  v: Record<string, unknown>;
  t?: string;
}

export interface HttpJob {
  targets: string[];
  concurrency: number;
  queries: string[];
  requests: HttpRequestSpec[];
  /** Dotted path in `data` whose value an ok response acknowledges (e.g. 'selectClass.id'). */
  ackPath?: string;
}

export interface SqlJob {
  kind: 'selection' | 'list';
  url: string;
  concurrency: number;
  pool: number;
  /** selection: [teacherId, classId, schoolId, regionId]; list: [sql, params] pairs. */
  requests: unknown[];
  sessionSql?: string[];
  /** `url` is a SQLite file: run the statements through better-sqlite3 instead (list only). */
  sqlite?: boolean;
}

export interface LoadResult {
  count: number;
  seconds: number;
  /** CPU the load generator itself used while the clock ran (it shares the machine). */
  cpuMs?: number;
  latencyMs: number[];
  /** 'ok', or the error code ('CLASS_FULL', …), per kind. */
  outcomes: Record<string, number>;
  /** Per request: what an ok response acknowledged (an enrollment id), else null. */
  acks?: (string | null)[];
  /** The first response of each non-ok kind. */
  samples?: Record<string, string>;
  /** Statements the raw runner sent. */
  statements?: number;
}

const ROOT = new URL('../..', import.meta.url).pathname;

/** Runs a load generator script as a separate process and returns what it measured. */
export async function runLoadProcess(script: 'http' | 'sql', job: HttpJob | SqlJob): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'shixun-bench-'));
  const jobFile = join(dir, 'job.json');
  const outFile = join(dir, 'result.json');
  writeFileSync(jobFile, JSON.stringify(job));
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, `bench/load/${script}.ts`), jobFile, outFile], {
        cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'],
      });
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`load generator (${script}) exited with ${code}`))));
    });
    return JSON.parse(readFileSync(outFile, 'utf8')) as LoadResult;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
