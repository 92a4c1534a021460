/**
 * The HTTP load generator, run as its own process (bench/lib/load.ts starts it):
 * `node --import tsx bench/load/http.ts job.json result.json`.
 *
 * `concurrency` clients, each with its own keep-alive connection, take the job's requests in
 * order, one at a time; client k talks to `targets[k % targets.length]` (connection-level round
 * robin over the API processes, as an L4 balancer would spread keep-alive connections). Every response is classified (ok: the first root field has data; otherwise the
 * first error's extensions.code) and timed from write to the end of the body.
 */
import http from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import type { HttpJob, LoadResult } from '../lib/load.js';

const [jobFile, outFile] = process.argv.slice(2);
const job = JSON.parse(readFileSync(jobFile!, 'utf8')) as HttpJob;
const targets = job.targets.map((t) => new URL(t));
const agent = new http.Agent({ keepAlive: true, maxSockets: job.concurrency, maxFreeSockets: job.concurrency });

function send(target: URL, body: string, token?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST',
        headers: {
          'content-type': 'application/json', 'content-length': Buffer.byteLength(body),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const n = job.requests.length;
const latency = new Float64Array(n);
const outcome: string[] = new Array(n);
const ack: (string | null)[] = new Array(n).fill(null);
const samples: Record<string, string> = {};
let next = 0;

async function client(k: number): Promise<void> {
  const target = targets[k % targets.length]!;
  for (;;) {
    const i = next++;
    if (i >= n) return;
    const r = job.requests[i]!;
    const body = JSON.stringify({ query: job.queries[r.q], variables: r.v });
    const t0 = performance.now();
    let kind = 'NETWORK_ERROR';
    try {
      const res = await send(target, body, r.t);
      latency[i] = performance.now() - t0;
      try {
        const parsed = JSON.parse(res.text) as { data?: Record<string, unknown> | null; errors?: { extensions?: { code?: string } }[] };
        const first = parsed.data ? Object.values(parsed.data)[0] : null;
        if (first !== null && first !== undefined && !parsed.errors?.length) {
          kind = 'ok';
          if (job.ackPath) ack[i] = String(job.ackPath.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | null)?.[k], parsed.data) ?? '');
        } else kind = parsed.errors?.[0]?.extensions?.code ?? `HTTP_${res.status}`;
        if (kind !== 'ok' && !samples[kind]) samples[kind] = res.text.slice(0, 600);
      } catch {
        kind = `HTTP_${res.status}`;
        if (!samples[kind]) samples[kind] = res.text.slice(0, 600);
      }
    } catch (e) {
      latency[i] = performance.now() - t0;
      if (!samples[kind]) samples[kind] = String(e);
    }
    outcome[i] = kind;
  }
}

const t0 = performance.now();
const cpu0 = process.cpuUsage();
await Promise.all(Array.from({ length: Math.min(job.concurrency, n) }, (_, k) => client(k)));
const seconds = (performance.now() - t0) / 1000;
agent.destroy();
const outcomes: Record<string, number> = {};
for (const o of outcome) outcomes[o] = (outcomes[o] ?? 0) + 1;
const cpu = process.cpuUsage(cpu0);
const result: LoadResult = { count: n, seconds, cpuMs: (cpu.user + cpu.system) / 1000, latencyMs: Array.from(latency), outcomes, acks: job.ackPath ? ack : undefined, samples };
writeFileSync(outFile!, JSON.stringify(result));
