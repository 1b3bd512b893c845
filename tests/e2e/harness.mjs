// The real workplan binary on a temporary SQLite database for browser tests, with the
// rehearsal clock (WORKPLAN_CLOCK_FILE), a small API client for the setup, and Debian's
// Chromium driven by playwright-core. Everything binds 127.0.0.1; every wait is bounded.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PASSWORD = 'mat-khau-thu-nghiem';
export const CHROMIUM = process.env.WP_CHROMIUM ?? '/usr/bin/chromium';
// playwright-core is a dev dependency of web/ (npm ci there installs it).
const require = createRequire(join(ROOT, 'web', 'package.json'));

export function loadPlaywright() {
  return require('playwright-core');
}

/** Chromium as the env notes require here: headless, no sandbox (root), no background networking. */
export async function launchChromium() {
  const { chromium } = loadPlaywright();
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 60_000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

export class Clock {
  constructor(path) { this.path = path; }
  /** "Now" is `hour` o'clock in Việt Nam on the date (YYYY-MM-DD). */
  set(date, hour = 9) {
    const t = new Date(Date.parse(date + 'T00:00:00Z') + (hour - 7) * 3600_000);
    writeFileSync(this.path, t.toISOString().replace(/\.\d+Z$/, 'Z'));
  }
}

export class Workplan {
  constructor(binary) {
    this.binary = binary;
    this.tmp = mkdtempSync(join(tmpdir(), 'wp_e2e_'));
    this.db = 'sqlite:' + join(this.tmp, 'e2e.db');
    this.clock = new Clock(join(this.tmp, 'clock'));
    // No WORKPLAN_STATIC_DIR: the server finds web/dist by itself, as `make run` has it.
    this.env = { ...process.env, WORKPLAN_CLOCK_FILE: this.clock.path };
    delete this.env.WORKPLAN_STATIC_DIR;
  }

  cli(args, input) {
    const r = spawnSync(this.binary, [...args, '--db', this.db], { input, encoding: 'utf8', timeout: 120_000, cwd: ROOT, env: this.env });
    if (r.status !== 0) throw new Error(`workplan ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
    return r.stdout;
  }

  /** Starts `workplan serve` (with `args`, e.g. ['--demo']) on a free loopback port; resolves
   * once it prints its address. What it printed before is kept in `this.out`. */
  start(args = []) {
    this.port = undefined;
    this.proc = spawn(this.binary, ['serve', '--db', this.db, '--listen', '127.0.0.1:0', ...args], { cwd: ROOT, env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.log = '';
    this.proc.stderr.on('data', (d) => { this.log += d; });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('server did not start within 60 s: ' + this.log)), 60_000);
      let out = '';
      this.proc.stdout.on('data', (d) => {
        out += d;
        this.out = out;
        const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
        if (m && !this.port) {
          this.port = Number(m[1]);
          this.base = `http://127.0.0.1:${this.port}`;
          clearTimeout(timer);
          resolve(this.base);
        }
      });
      this.proc.on('exit', (code) => { clearTimeout(timer); if (!this.port) reject(new Error(`server exited (${code}): ${this.log}`)); });
    });
  }

  /** Stops the server (SIGTERM); the database stays for a restart. */
  async halt() {
    if (this.proc && this.proc.exitCode === null) {
      const exited = new Promise((r) => this.proc.once('exit', r));
      this.proc.kill('SIGTERM');
      const killer = setTimeout(() => this.proc.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(killer);
    }
  }

  async stop() {
    await this.halt();
    rmSync(this.tmp, { recursive: true, force: true });
  }
}

/** An API client with its own session cookie and CSRF token (for setup and cross-checks). */
export class Client {
  constructor(base) { this.base = base; this.cookie = null; this.csrf = null; }
  async request(method, path, body) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (this.cookie) headers.Cookie = this.cookie;
    if (this.csrf && method !== 'GET') headers['X-CSRF-Token'] = this.csrf;
    const res = await fetch(this.base + '/api/v1' + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(30_000) });
    const set = res.headers.get('set-cookie');
    if (set && set.startsWith('wp_session=')) this.cookie = set.split(';')[0];
    const text = await res.text();
    let data = text;
    try { data = JSON.parse(text); } catch { /* not JSON */ }
    return { status: res.status, data };
  }
  async login(username, password = PASSWORD) {
    const r = await this.request('POST', '/session', { username, password });
    if (r.status !== 200) throw new Error(`${username} cannot sign in: ${r.status} ${JSON.stringify(r.data)}`);
    this.csrf = r.data.csrf_token;
    return r.data;
  }
}

export function screenshotsDir() {
  const dir = process.env.WP_SCREENSHOTS ?? join(ROOT, 'build', 'screenshots');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Collects failures so one run reports every one of them; ends like the other suites. */
export class Check {
  constructor(name) { this.name = name; this.failures = []; this.count = 0; }
  true(cond, what) { this.count++; if (!cond) { this.failures.push(what); console.log('  FAIL', what); } else console.log('  ok  ', what); }
  eq(got, want, what) {
    const g = JSON.stringify(got), w = JSON.stringify(want);
    this.true(g === w, g === w ? what : `${what}: got ${g}, want ${w}`);
  }
  finish() {
    if (this.failures.length) {
      console.log(`${this.name}: ${this.failures.length} of ${this.count} checks failed`);
      for (const f of this.failures) console.log('  FAIL', f);
      console.log(`${this.count - this.failures.length} passed, ${this.failures.length} failed`);
      process.exit(1);
    }
    console.log(`${this.name}: all ${this.count} checks passed`);
    console.log(`${this.count} passed, 0 failed`);
  }
}

export function chromiumPresent() {
  return existsSync(CHROMIUM);
}

/** The start every browser test shares: the binary from the command line (usage otherwise),
 * exit 77 (a skip) without Chromium, a failure without web/dist, and a watchdog so that a hung
 * browser or server cannot hang the run. Returns the binary. */
export function e2eStart(name, seconds) {
  const binary = process.argv[2];
  if (!binary) {
    console.error(`usage: ${name}.mjs WORKPLAN_BINARY`);
    process.exit(2);
  }
  if (!chromiumPresent()) {
    console.log("SKIPPED: no Chromium at /usr/bin/chromium (scripts/install-deps installs Debian's chromium)");
    process.exit(77);
  }
  if (!existsSync(join(ROOT, 'web', 'dist', 'index.html'))) {
    console.error('web/dist is not built: run make (or npm run build in web/)');
    process.exit(1);
  }
  const watchdog = setTimeout(() => {
    console.error(`${name}: still running after ${seconds} s, giving up`);
    process.exit(1);
  }, seconds * 1000);
  watchdog.unref();
  return binary;
}

/** A page in a new browser context (Việt Nam's locale and time zone), whose script errors and
 * requests leaving the server fail the check `c`. */
export async function newPage(browser, base, c, viewport = { width: 1280, height: 900 }) {
  const ctx = await browser.newContext({ viewport, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  ctx.setDefaultTimeout(15_000);
  ctx.setDefaultNavigationTimeout(30_000);
  const page = await ctx.newPage();
  page.on('pageerror', (e) => c.true(false, 'no script error in the page: ' + e.message));
  page.on('requestfailed', (r) => { if (!r.url().startsWith(base)) c.true(false, 'nothing requested outside the server: ' + r.url()); });
  page.on('request', (r) => { if (!r.url().startsWith(base) && !r.url().startsWith('data:')) c.true(false, 'no request leaves the server: ' + r.url()); });
  return page;
}

/** Signs in through the sign-in page, with the keyboard, in either language. */
export async function signIn(page, base, username, password = PASSWORD) {
  await page.goto(base + '/');
  await page.getByLabel(/Tên đăng nhập|Username/).fill(username);
  await page.getByLabel(/Mật khẩu|Password/).fill(password);
  await page.getByLabel(/Mật khẩu|Password/).press('Enter'); // the keyboard signs in
  await page.getByRole('button', { name: /Đăng xuất|Sign out/ }).waitFor();
}

/** A planner's import of the 2012 decision in the browser (the page signed in as a planner):
 * the file chosen on the import page, the draft reviewed beside its text, the value of one
 * target corrected (`item`: text of its line in the items pane; `value` typed as a person
 * would), then published. Returns the program's id. The hooks (`afterFile`, `afterReview`,
 * `beforeSave(form, input)`, `afterSave`) let a test look closer at each step. */
export async function importCorrectPublish(page, steps) {
  await page.getByRole('link', { name: 'Nhập quyết định' }).click();
  await page.getByRole('heading', { name: 'Nhập quyết định mới', level: 1 }).waitFor();
  await steps.beforeFile?.();
  await page.getByLabel('Chọn tệp quyết định (.docx, .pdf hoặc .txt)').setInputFiles(join(ROOT, 'data', 'seeds', 'molisa_2012.txt'));
  await page.locator('.import-file-info').waitFor();
  await steps.afterFile?.();
  await page.getByRole('button', { name: 'Đọc và kiểm tra' }).click();
  await page.getByRole('heading', { name: 'Kiểm tra bản nháp trước khi ban hành' }).waitFor();
  const pid = Number(/\/programs\/(\d+)/.exec(page.url())[1]);
  await steps.afterReview?.(pid);
  const line = page.locator('.items-pane li', { hasText: steps.item }).first();
  await line.getByRole('button', { name: /^Sửa chỉ tiêu/ }).click();
  const form = page.getByRole('form', { name: 'Sửa mục đọc sai' });
  const input = form.getByLabel(/Giá trị \(hiện là/);
  await steps.beforeSave?.(form, input);
  await input.fill(steps.value);
  if (steps.reason) await form.getByLabel('Lý do').fill(steps.reason);
  await form.getByRole('button', { name: 'Lưu chỗ sửa' }).click();
  await page.locator('section.review table.corrections tbody tr').first().waitFor();
  await steps.afterSave?.();
  await page.getByRole('button', { name: 'Ban hành chính thức' }).click();
  await page.getByRole('button', { name: 'Xác nhận ban hành' }).click();
  await page.locator('section.review').waitFor({ state: 'detached' });
  return pid;
}
