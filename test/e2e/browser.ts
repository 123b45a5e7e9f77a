// The browser side of the end-to-end tests: headless Chromium from the system (playwright-core ships no browser),
// a server started by the real CLI with demo data, pages watched for console errors and failed requests, and
// screenshots of each main screen under test-output/screenshots.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { BIN, cliEnv, ROOT } from '../support/cli.js';

export const CHROMIUM = process.env.XINYONG_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(ROOT, 'test-output/screenshots');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface DemoServer {
  url: string;
  /** Demo tokens by their label's first word and code: operator, samr, spc, sta, enforcer, company, person. */
  tokens: Record<string, string>;
  stop(): Promise<void>;
}

/** `xinyong serve --demo` on a fresh SQLite file and a free port, as the README's first command runs it. */
export async function startDemoServer(): Promise<DemoServer> {
  const dir = mkdtempSync(join(tmpdir(), 'xinyong-e2e-'));
  const child: ChildProcess = spawn(
    process.execPath,
    [BIN, 'serve', '--demo', '--db', join(dir, 'demo.db'), '--port', '0'],
    { cwd: ROOT, env: cliEnv({ XINYONG_LOG_LEVEL: 'warn' }), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    err += d;
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no server after 60 s:\n${out}\n${err}`)), 60_000);
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      // The tokens are printed after the URL: wait for the last one (the person's).
      if (m && /subject \S+\s*\n[\s\S]*subject \S+/.test(out)) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}:\n${out}\n${err}`)));
  });
  const tokens: Record<string, string> = {};
  const subjects: string[] = [];
  for (const m of out.matchAll(/^[ \t]+(xy_\S+)[ \t]+(\S+)(?:[ \t]+(\S+))?/gm)) {
    const [, token, role, what] = m;
    if (role === 'agency' && what) tokens[what] = token!;
    else if (role === 'subject') subjects.push(token!);
    else tokens[role!] = token!;
  }
  // serve --demo prints the example company first, then the example person.
  tokens.company = subjects[0]!;
  tokens.person = subjects[1]!;
  return {
    url,
    tokens,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Everything that went wrong on a page: console errors, page errors, failed requests and 4xx/5xx answers. */
export function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => {
    // A download the test reads itself, or a navigation away, may abort a request; those are not failures.
    if (r.failure()?.errorText !== 'net::ERR_ABORTED')
      problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${r.status()}: ${r.url()}`);
  });
  return problems;
}

export async function newPage(
  browser: Browser,
  options: { width?: number; height?: number; lang?: 'zh' | 'en' } = {},
): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: true,
  });
  if (options.lang === 'en') await context.addInitScript("localStorage.setItem('xinyong.lang', 'en')");
  const page = await context.newPage();
  return { context, page, problems: watch(page) };
}

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false });
}

/** Signs in on an area's token form. */
export async function signIn(page: Page, token: string): Promise<void> {
  await page.getByLabel('访问令牌').fill(token);
  await page.getByRole('button', { name: /^登\s*录$/ }).click();
}
