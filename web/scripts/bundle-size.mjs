// Prints the JavaScript the browser is sent, gzipped (level 9, as a server or proxy would send
// it), chunk by chunk and in all; fails the build past the budget of issue 6 (500 KB).
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET = 500 * 1024;
const dir = new URL('../dist/assets/', import.meta.url).pathname;
const rows = readdirSync(dir)
  .filter((f) => f.endsWith('.js') || f.endsWith('.css'))
  .map((f) => {
    const raw = readFileSync(join(dir, f));
    return { f, raw: statSync(join(dir, f)).size, gz: gzipSync(raw, { level: 9 }).length };
  })
  .sort((a, b) => b.gz - a.gz);
const kb = (n) => (n / 1024).toFixed(1) + ' KB';
const js = rows.filter((r) => r.f.endsWith('.js'));
const total = js.reduce((s, r) => s + r.gz, 0);
const lines = rows.map((r) => `  ${r.f.padEnd(36)} ${kb(r.raw).padStart(10)} ${kb(r.gz).padStart(10)} gzipped`);
lines.push(`JavaScript sent to the browser: ${kb(total)} gzipped in ${js.length} files (budget ${kb(BUDGET)})`);
console.log(lines.join('\n'));
writeFileSync(new URL('../dist/bundle-size.txt', import.meta.url), lines.join('\n') + '\n');
if (total > BUDGET) {
  console.error('bundle-size: over budget');
  process.exit(1);
}
