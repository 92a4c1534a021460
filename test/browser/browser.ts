import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach } from 'vitest';
import { boot, type Booted } from '../../core/boot.js';
import type { PluginEntry } from '../../core/plugin-host/types.js';
import { startApp } from '../../core/server/app.js';
import { freshDatabase } from '../helpers/test-db.js';

/** Debian's Chromium (`apt-get install -y chromium`); CHROMIUM_PATH points elsewhere. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

export const SCREENSHOTS = 'test-output/screenshots';

/** The console must be built for the server to serve it: builds it when missing or stale (admin/ensure-built.mjs). */
export function ensureConsoleBuilt(): void {
  const r = spawnSync(process.execPath, ['admin/ensure-built.mjs'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`building the console failed:\n${r.stdout}\n${r.stderr}`);
}

export interface ConsoleServer extends Booted {
  base: string;
  close: () => Promise<void>;
}

/** The real server (migrations, GraphQL, /admin) on a fresh database and a free port. */
export async function startConsoleServer(plugins: PluginEntry[] = []): Promise<ConsoleServer> {
  ensureConsoleBuilt();
  const db = await freshDatabase();
  const booted = await boot({ config: db.config, entries: plugins });
  const app = await startApp({ ...booted, port: 0 });
  return {
    ...booted,
    base: `http://localhost:${app.port}`,
    close: async () => {
      await app.close();
      await booted.ds.destroy();
      await db.drop();
    },
  };
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Requests that left this machine (there must be none: no CDN). */
  external: string[];
  /** Console errors, uncaught page errors and failed requests, for a failing test's message. */
  problems: string[];
  /** Console errors and uncaught page errors only (what a test may require to be none). */
  errors: () => string[];
  shot: (name: string, opts?: { fullPage?: boolean }) => Promise<void>;
  close: () => Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Chromium is missing at ${CHROMIUM}: the browser tests need it. Install it with \`apt-get update && apt-get install -y chromium\` (Debian), or set CHROMIUM_PATH.`,
    );
  mkdirSync(SCREENSHOTS, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), 'shixun-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: ARGS,
    viewport: { width: 1366, height: 860 },
    locale: 'zh-CN',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const external: string[] = [];
  const problems: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (!['localhost', '127.0.0.1'].includes(url.hostname) && !/^(data|blob|about):/.test(r.url())) external.push(r.url());
  });
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text().slice(0, 300)}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message.slice(0, 300)}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  return {
    context,
    page,
    external,
    problems,
    errors: () => problems.filter((p) => p.startsWith('console:') || p.startsWith('pageerror:')),
    shot: async (name, opts = {}) => void (await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: !!opts.fullPage })),
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * The hooks of every browser test file: browser and server closed after the file; a failing
 * test leaves a picture of the page and what the browser complained about.
 */
export function browserTestHooks(get: () => { b?: Browser; s?: { close: () => Promise<void> } }): void {
  afterAll(async () => {
    const { b, s } = get();
    await b?.close();
    await s?.close();
  });
  afterEach(async ({ task }) => {
    const { b } = get();
    if (task.result?.state !== 'fail' || !b) return;
    await b.shot(`failed-${task.name.replace(/[^\w]+/g, '-').slice(0, 60)}`).catch(() => undefined);
    if (b.problems.length) console.log(b.problems.join('\n'));
  });
}
