#!/usr/bin/env node
// The national dashboard's first paint in Debian's Chromium on localhost (issue 6), on the
// synthetic national data set: the real server on a database of `workplan gen-data` (made once
// and kept in DATA_DIR, as bench/http/dashboard.sh keeps it), a viewer of the whole country,
// RUNS fresh loads of `/` (new browser context each: no cache, no session), each timed to the
// first contentful paint, the headline, and the targets table with its figures.
//
// usage: node bench/web/first_paint.mjs [--scale S|M|L] [--seed N] [--bin PATH]
//        DATA_DIR=var/bench RUNS=5
// Ends with one line: web-first-paint scale=… fcp_ms=… headline_ms=… targets_ms=… (min–max).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, launchChromium, signIn } from '../../tests/e2e/harness.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const scale = opt('--scale', 'S');
const seed = opt('--seed', '7');
const bin = opt('--bin', join(ROOT, 'build', 'bin', 'workplan'));
const dataDir = process.env.DATA_DIR ?? join(ROOT, 'var', 'bench');
const runs = Number(process.env.RUNS ?? 5);
const password = 'bench-first-paint-password';

const file = join(dataDir, `gen-${scale}-${seed}.db`);
const url = 'sqlite:' + file;
if (!existsSync(file + '.done')) {
  mkdirSync(dataDir, { recursive: true });
  console.log(`== gen-data --scale ${scale} --seed ${seed} into ${file}`);
  const g = spawnSync(bin, ['gen-data', '--scale', scale, '--seed', seed, '--db', url], { stdio: 'inherit' });
  if (g.status !== 0) process.exit(1);
  writeFileSync(file + '.done', '');
}
spawnSync(bin, ['user', 'add', 'leader', '--role', 'viewer', '--password-stdin', '--db', url], { input: password + '\n' });

const server = spawn(bin, ['serve', '--db', url, '--listen', '127.0.0.1:0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
let out = '';
server.stdout.on('data', (d) => { out += d; });
server.stderr.on('data', (d) => { out += d; });
const deadline = Date.now() + 180_000; // the engines of scale L load in about 10 s
while (!/Số liệu tổng hợp/.test(out) || !/127\.0\.0\.1:(\d+)/.test(out)) {
  if (Date.now() > deadline || server.exitCode !== null) {
    console.error('server did not start:\n' + out);
    server.kill();
    process.exit(1);
  }
  await new Promise((r) => setTimeout(r, 250));
}
const base = `http://127.0.0.1:${/127\.0\.0\.1:(\d+)/.exec(out)[1]}`;
console.log('== server: ' + (/.*Số liệu tổng hợp.*/.exec(out)?.[0] ?? ''));

const browser = await launchChromium();
const fcp = [], headline = [], targets = [];
try {
  for (let i = 0; i < runs; i++) {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
    ctx.setDefaultTimeout(60_000);
    const page = await ctx.newPage();
    await signIn(page, base, 'leader', password);
    const t0 = Date.now();
    await page.goto(base + '/');
    await page.locator('#headline').waitFor();
    headline.push(Date.now() - t0);
    await page.locator('table tbody tr').first().waitFor();
    targets.push(Date.now() - t0);
    fcp.push(await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1));
    console.log(`  run ${i + 1}: first contentful paint ${Math.round(fcp.at(-1))} ms, headline ${headline.at(-1)} ms, targets ${targets.at(-1)} ms`);
    await ctx.close();
  }
} finally {
  await browser.close();
  server.kill('SIGTERM');
}
const range = (xs) => `${Math.round(Math.min(...xs))}-${Math.round(Math.max(...xs))}`;
console.log(`web-first-paint scale=${scale} runs=${runs} fcp_ms=${range(fcp)} headline_ms=${range(headline)} targets_ms=${range(targets)}`);
