#!/usr/bin/env node
// A month's report as Hà Nội's editor fills it in Debian's Chromium (issue 16, point 4), on the
// rehearsal clock (11/06/2012), April's and May's reports already saved: My reports shows
// June's and the second quarter's report, due the same day, as one row; June's form
// starts from each task's progress in the earlier reports (saying which), folds the done ones
// away and marks a changed row; a cumulative that is not May's plus June's is flagged
// beside its field as it is typed and asked about, with the numbers, before saving; ticked,
// the form answers the quarter too; sending with most fields empty asks first; the urban
// unemployment rate is asked as its two parts, the rate they make shown read-only. One PNG per
// step under build/screenshots/ (monthly-*.png).
//
// usage: monthly_form.mjs WORKPLAN_BINARY   (exit 77: skipped, no Chromium)
import { join } from 'node:path';
import { Check, Client, PASSWORD, ROOT, Workplan, e2eStart, launchChromium, newPage, screenshotsDir, signIn } from './harness.mjs';

const binary = e2eStart('monthly_form', 300);

const c = new Check('e2e monthly_form');
const shots = screenshotsDir();
const wp = new Workplan(binary);
let browser;

async function shot(page, name, fullPage = true) {
  await page.screenshot({ path: join(shots, name + '.png'), fullPage });
}

const domId = (field) => 'f-' + field.replace(/[^A-Za-z0-9]+/g, '-');

async function main() {
  wp.clock.set('2012-06-11');
  wp.cli(['user', 'add', 'admin', '--role', 'admin', '--password-stdin'], PASSWORD + '\n');
  const imported = wp.cli(['import', join(ROOT, 'data', 'seeds', 'molisa_2012.txt'), '--publish']);
  const pid = Number(/#(\d+)/.exec(imported)[1]);
  const base = await wp.start();

  const admin = new Client(base);
  await admin.login('admin');
  const units = (await admin.request('GET', '/org-units?at=2012-06-11&kind=province')).data.items;
  const hanoi = units.find((u) => u.code === '01');
  c.eq((await admin.request('POST', '/users', { username: 'hanoi.nhap', password: PASSWORD, role: 'editor', unit_id: hanoi.id })).status,
    201, "admin creates Hà Nội's editor");

  // April and May, saved through the API: task progress and a count's figures.
  const api = new Client(base);
  await api.login('hanoi.nhap');
  const url = (o, p) => `/programs/${pid}/reports/${o}/${p}/${hanoi.id}`;
  const jan = (await api.request('GET', url('r2', '2012-M04'))).data;
  const people = jan.targets.find((t) => t.unit === 'người' && t.additive);
  const [a, b] = jan.tasks;
  const values = (period, cumulative) => [{ target_id: people.id, scope: 'period', value: period },
    { target_id: people.id, scope: 'cumulative', value: cumulative }];
  c.eq((await api.request('PUT', url('r2', '2012-M04'), { version: 0, values: values(5000, 5000), task_progress: [
    { task_id: a.id, status: 'in_progress', percent: 30, output: 'đã lập dự thảo' },
    { task_id: b.id, status: 'done', percent: 100, output: 'đã ban hành' }] })).status, 200, 'April is saved');
  c.eq((await api.request('PUT', url('r2', '2012-M05'), { version: 0, values: values(5315, 10315), task_progress: [
    { task_id: a.id, status: 'in_progress', percent: 50, output: 'đã lấy ý kiến các bộ' }] })).status, 200, 'May is saved');

  browser = await launchChromium();
  const page = await newPage(browser, base, c);
  await signIn(page, base, 'hanoi.nhap');

  // ── My reports: the month and the quarter due the same day are one row ──
  await page.getByRole('link', { name: 'Báo cáo của tôi' }).click();
  const pair = page.locator('tr', { hasText: 'Tháng 6/2012 và Quý II/2012' });
  await pair.waitFor();
  c.true((await pair.textContent()).includes('18/06/2012'), 'June and the second quarter are one row, due 18/06/2012: ' + await pair.textContent());
  c.eq(await page.locator('tr', { hasText: 'Quý II/2012' }).count(), 1, 'the quarter has no row of its own');
  await shot(page, 'monthly-my-reports');

  // ── June's form starts from the earlier reports' task progress ──
  await pair.getByRole('link', { name: /Nhập báo cáo/ }).click();
  const rowA = page.locator(`li[data-task="${a.id}"]`);
  await rowA.waitFor();
  const percentA = page.locator('#' + domId(`tasks[${a.id}].percent`));
  c.eq(await percentA.inputValue(), '50', "task a starts at May's 50 %");
  c.true((await rowA.textContent()).includes('(từ báo cáo Tháng 5/2012)'), 'and says where that came from');
  const folded = page.locator('details.closed-tasks');
  c.true((await folded.locator('summary').textContent()).startsWith('Nhiệm vụ đã hoàn thành hoặc hủy bỏ (1)'), 'the done task is folded away');
  c.eq(await folded.getAttribute('open'), null, 'closed until opened');
  c.true((await folded.locator(`li[data-task="${b.id}"]`).textContent()).includes('(từ báo cáo Tháng 4/2012)'), "it is April's task b");
  await shot(page, 'monthly-carried', false);
  await percentA.fill('70');
  await rowA.and(page.locator('.touched')).waitFor();
  c.true((await rowA.textContent()).includes('đã sửa'), 'a changed task is marked');
  await folded.locator('summary').click();
  await rowA.scrollIntoViewIfNeeded();
  await shot(page, 'monthly-tasks', false);

  // ── the urban unemployment rate: its two parts typed, the rate they make shown, not typed ──
  const unemployed = jan.targets.find((t) => t.rate?.part === 'numerator');
  const labour = jan.targets.find((t) => t.rate?.part === 'denominator' && t.rate.id === unemployed?.rate.id);
  c.true(Boolean(unemployed && labour), "the form asks the unemployment rate's two parts");
  c.true(!jan.targets.some((t) => t.id === unemployed?.rate.id), 'not the rate itself');
  await page.locator('#' + domId(`values[${unemployed.id}].period`)).fill('45.000');
  await page.locator('#' + domId(`values[${labour.id}].period`)).fill('1.400.000');
  const rateRow = page.locator('tr.rate-row', { hasText: unemployed.rate.indicator });
  c.eq(await rateRow.locator('output').textContent(), '3,21%', 'the rate they make is shown: 45.000 / 1.400.000 × 100');
  c.eq(await rateRow.locator('input').count(), 0, 'and cannot be typed');
  await rateRow.scrollIntoViewIfNeeded();
  await shot(page, 'monthly-rate-parts', false);

  // ── the cumulative against May's, before saving ──
  await page.locator('#' + domId(`values[${people.id}].period`)).fill('95.000');
  const cumulative = page.locator('#' + domId(`values[${people.id}].cumulative`));
  await cumulative.fill('113.018');
  const warn = page.locator('#' + domId(`values[${people.id}].cumulative`) + '-warn');
  await warn.waitFor();
  c.eq(await warn.textContent(), 'Lũy kế 113.018 khác lũy kế kỳ trước 10.315 + số trong kỳ 95.000 = 105.315; đề nghị kiểm tra lại.',
    'the mismatch shows beside the cumulative as it is typed, with the numbers');
  await page.getByRole('button', { name: 'Lưu nháp' }).click();
  const flags = page.getByRole('dialog', { name: 'Kiểm tra lại số liệu trước khi lưu' });
  await flags.waitFor();
  c.true((await flags.textContent()).includes('= 105.315'), 'saving asks first, quoting the numbers');
  await shot(page, 'monthly-cumulative-dialog', false);
  await flags.getByRole('button', { name: 'Quay lại sửa' }).click();
  c.eq((await api.request('GET', url('r2', '2012-M06'))).data.version, 0, 'going back stores nothing');
  await cumulative.fill('105.315');
  await warn.waitFor({ state: 'detached' });
  c.true(true, 'the flag goes once the cumulative adds up');

  // ── sent with the quarter, most fields empty: asked first ──
  await page.getByRole('checkbox', { name: /Lưu cho cả Quý II\/2012/ }).check();
  await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
  const empty = page.getByRole('dialog', { name: 'Báo cáo còn nhiều ô trống' });
  await empty.waitFor();
  const cells = jan.targets.reduce((n, t) => n + (t.rate ? 1 : 2), 0);  // a rate's part: no cumulative
  c.true((await empty.textContent()).includes(`Còn ${cells - 4}/${cells} ô trống.`), 'sending asks first, counting the empty cells: ' + await empty.textContent());
  await shot(page, 'monthly-empty-dialog', false);
  await empty.getByRole('button', { name: 'Vẫn gửi' }).click();
  await page.getByText('Đã gửi Tháng 6/2012 và Quý II/2012.').waitFor();
  const june = (await api.request('GET', url('r2', '2012-M06'))).data;
  const quarter = (await api.request('GET', url('r3', '2012-Q2'))).data;
  const value = (r, scope) => r.values.find((v) => v.target_id === people.id && v.scope === scope)?.value;
  c.eq([june.status, quarter.status], ['submitted', 'submitted'], 'both reports are sent');
  c.eq([value(quarter, 'period'), value(quarter, 'cumulative')], ['105315', '105315'], "the quarter's figures: the three months' sum, June's cumulative");
  c.eq(june.task_progress.find((p) => p.task_id === b.id)?.status, 'done', 'the carried rows are stored with the report');
  await shot(page, 'monthly-sent', false);
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
