#!/usr/bin/env node
// Next year's program in the browser (issue 18), in Debian's Chromium against the real server on
// a temporary SQLite database, the 2012 decision published, the rehearsal clock at 5/1/2013:
// the planner clicks "Lập chương trình năm 2013 từ năm 2012" on the programs page, lands on the
// reconciliation page of the new draft (what it carries from 2012), reads the invented 2013
// decision (tests/api/data/molisa_2013_excerpt.txt) there: the jobs target matched with 2012's
// "1.600.000 người" beside 2013's "1.550.000 người"; every proposal has its choice preselected;
// one 2012 task absent from the decision is dropped; the decisions applied, the program
// published. Screenshot: build/screenshots/reconcile.png.
//
// usage: next_year.mjs WORKPLAN_BINARY   (exit 77: skipped, no Chromium)
import { join } from 'node:path';
import { Check, Client, PASSWORD, ROOT, Workplan, e2eStart, launchChromium, newPage, screenshotsDir, signIn } from './harness.mjs';

const binary = e2eStart('next_year', 300);

const c = new Check('e2e next_year');
const shots = screenshotsDir();
const wp = new Workplan(binary);
let browser;

async function main() {
  wp.clock.set('2013-01-05');
  wp.cli(['user', 'add', 'admin', '--role', 'admin', '--password-stdin'], PASSWORD + '\n');
  const imported = wp.cli(['import', join(ROOT, 'data', 'seeds', 'molisa_2012.txt'), '--publish']);
  const pid = Number(/#(\d+)/.exec(imported)[1]);
  const base = await wp.start();
  const admin = new Client(base);
  await admin.login('admin');
  const r = await admin.request('POST', '/users', { username: 'kehoach', password: PASSWORD, role: 'planner', display_name: 'Vụ Kế hoạch - Tài chính' });
  c.eq(r.status, 201, 'admin creates the planner');

  browser = await launchChromium();
  const page = await newPage(browser, base, c);
  await signIn(page, base, 'kehoach');
  await page.goto(base + '/programs');
  await page.getByRole('button', { name: 'Lập chương trình năm 2013 từ năm 2012' }).click();
  await page.waitForURL(/\/programs\/\d+\/reconcile$/);
  const draftId = Number(/\/programs\/(\d+)\/reconcile/.exec(page.url())[1]);
  c.true(draftId !== pid, 'a new draft is opened: #' + draftId);
  await page.getByRole('heading', { name: 'Mang theo từ năm 2012' }).waitFor();
  const counts = await page.locator('#ny-carried ~ p.muted, section[aria-labelledby="ny-carried"] p.muted').first().textContent();
  c.true(/chỉ tiêu chờ quyết định/.test(counts) && counts.includes('01/01/2013'), 'what the draft carries: ' + counts);

  await page.getByLabel('Đọc quyết định năm 2013 (.txt, .docx, .pdf):').setInputFiles(join(ROOT, 'tests', 'api', 'data', 'molisa_2013_excerpt.txt'));
  const jobs = page.locator('tr[data-key="target:viec_lam"]');
  await jobs.waitFor();
  const jobsText = await jobs.textContent();
  c.true(jobsText.includes('1.600.000 người') && jobsText.includes('1.550.000 người') && jobsText.includes('Khớp'),
    "2012's jobs beside 2013's, matched: " + jobsText);
  const absent = page.locator('tr[data-key="task:II.2.2#1"]');
  c.true((await absent.textContent()).includes('Chỉ có ở năm trước'), 'a 2012 task absent from the decision');
  await absent.getByLabel('Bỏ').check();
  await page.screenshot({ path: join(shots, 'reconcile.png'), fullPage: false });
  await page.getByRole('button', { name: 'Áp dụng các quyết định' }).click();
  await page.getByText('Đã đối chiếu: bản nháp là chương trình của quyết định').waitFor();
  await page.getByRole('button', { name: 'Ban hành chương trình năm 2013' }).click();
  await page.getByText('Đã ban hành.').waitFor();

  const planner = new Client(base);
  await planner.login('kehoach');
  const targets = (await planner.request('GET', `/programs/${draftId}/targets`)).data.items;
  const jobs13 = targets.filter((t) => t.indicator_code === 'viec_lam');
  c.eq(jobs13.map((t) => [t.value, t.baseline]), [[1550000, 1600000]], "2013's jobs under 2012's indicator, 2012's figure beside it");
}

try {
  await main();
} catch (e) {
  c.true(false, 'the flow ran to its end: ' + (e?.stack ?? e));
  if (wp.log) console.log(wp.log.slice(-4000));
} finally {
  await browser?.close();
  await wp.stop();
}
c.finish();
