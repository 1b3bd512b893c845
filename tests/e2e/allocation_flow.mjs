#!/usr/bin/env node
// Who reports what and each unit's plan in the browser (issue 16, points 2, 3 and 5), in Debian's
// Chromium against the real server on a temporary SQLite database, on the rehearsal clock: the
// 2012 decision imported as a draft; the planner confirms on "Phân công báo cáo" that the
// provinces report the jobs target and Cục Việc làm consolidates it; on "Giao chỉ tiêu" pastes
// the 63 provinces' shares from Excel (tab-separated, Vietnamese thousands dots), sees the live
// sum line equal the national figure, saves; one more person for Hà Nội is over the national
// figure — a warning, and saved; a paste with a bad line is refused whole, each line named; a
// unit that does not report the target is refused on its row; then publishes. Hà Nội's editor
// sees its share as its plan in its March form. 61 provinces' March reports approved, the
// leader's dashboard shows the national figure, their sum, and "61/63 tỉnh đã báo cáo": the
// target's reports are missing, not off track. One PNG per page under build/screenshots/
// (allocation-*.png).
//
// usage: allocation_flow.mjs WORKPLAN_BINARY   (exit 77: skipped, no Chromium)
import { join } from 'node:path';
import { Check, Client, PASSWORD, ROOT, Workplan, e2eStart, launchChromium, newPage, screenshotsDir, signIn } from './harness.mjs';

const binary = e2eStart('allocation_flow', 300);

const c = new Check('e2e allocation_flow');
const shots = screenshotsDir();
const wp = new Workplan(binary);
let browser;

async function shot(page, name, fullPage = false) {
  await page.screenshot({ path: join(shots, 'allocation-' + name + '.png'), fullPage });
}

const NATIONAL = 1_600_000;
// "1.600.000" as officials write it (and as Excel shows it in a Vietnamese locale).
const vn = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');

/** Shares of `total` for `codes`, unequal (the demo's provinces are not alike) and adding up
 * exactly: the first code takes the remainder. */
function shares(codes, total) {
  const weights = codes.map((_, i) => 1 + (i % 7));
  const sum = weights.reduce((a, b) => a + b, 0);
  const out = weights.map((w) => Math.floor((total * w) / sum));
  out[0] += total - out.reduce((a, b) => a + b, 0);
  return out;
}

/** A CSV body, with the client's session (the harness' client sends JSON). */
async function postCsv(client, path, text) {
  const res = await fetch(client.base + '/api/v1' + path, {
    method: 'POST', body: text, signal: AbortSignal.timeout(30_000),
    headers: { 'Content-Type': 'text/csv', Accept: 'application/json', Cookie: client.cookie, 'X-CSRF-Token': client.csrf },
  });
  return { status: res.status, data: await res.json().catch(() => null) };
}

async function main() {
  wp.clock.set('2012-03-16');
  wp.cli(['user', 'add', 'admin', '--role', 'admin', '--password-stdin'], PASSWORD + '\n');
  const imported = wp.cli(['import', join(ROOT, 'data', 'seeds', 'molisa_2012.txt')]);
  const pid = Number(/#(\d+)/.exec(imported)[1]);
  const base = await wp.start();

  const admin = new Client(base);
  await admin.login('admin');
  const units = (await admin.request('GET', '/org-units?at=2012-03-16')).data.items;
  const hanoi = units.find((u) => u.kind === 'province' && u.code === '01');
  const khtc = units.find((u) => u.code === 'KHTC');
  for (const [username, role, unit_id] of [['kehoach', 'planner', khtc.id], ['hanoi.nhap', 'editor', hanoi.id], ['lanhdao', 'viewer', null]]) {
    const r = await admin.request('POST', '/users', { username, password: PASSWORD, role, unit_id, display_name: username });
    c.eq(r.status, 201, `admin creates ${username} (${role})`);
  }
  const planner = new Client(base);
  await planner.login('kehoach');
  const targets = (await planner.request('GET', `/programs/${pid}/targets`)).data.items;
  const jobs = targets.find((x) => x.section === 'I.1' && x.unit === 'người' && Number(x.value) === NATIONAL);
  c.true(jobs, 'the draft has I.1\'s jobs target, 1.600.000 người');

  browser = await launchChromium();
  const page = await newPage(browser, base, c);
  await signIn(page, base, 'kehoach');

  // ── who reports what: the planner's matrix, from the menu ──
  await page.getByRole('link', { name: 'Phân công báo cáo' }).click();
  await page.getByRole('heading', { name: 'Phân công báo cáo chỉ tiêu', level: 1 }).waitFor();
  c.true(page.url().includes(`/programs/${pid}/matrix`), 'the menu opens the draft program\'s matrix');
  const jobsRow = page.locator(`#matrix-table tr[data-target="${jobs.id}"]`);
  await jobsRow.waitFor();
  const none = await page.locator('#matrix-table tbody tr').evaluateAll((rows) => rows.map((r) => r.classList.contains('no-reporter')));
  c.true(none.indexOf(false) === -1 || none.slice(none.indexOf(false)).every((x) => !x), 'the targets nobody reports come first');
  c.eq(await page.locator('#matrix-table thead th.matrix-col').evaluateAll((ths) => ths.slice(0, 2).map((th) => th.dataset.key)),
    ['group:province', 'group:department'], 'the columns begin with every province and every unit of the Ministry');
  // Proposed from the decision: I.1's jobs are restated in II.2.1, whose leads are the provinces'
  // departments and Cục Việc làm; the rule is the cell's title.
  c.true(await jobsRow.locator('input[data-key="group:province"]').isChecked(), 'the provinces are proposed to report the jobs');
  const rule = await jobsRow.locator('td.matrix-cell').first().getAttribute('title');
  c.true(/^Đề xuất theo: /.test(rule ?? ''), `with the rule as the cell's title: "${rule}"`);
  const firstWhy = await page.locator('#matrix-table tbody tr.no-reporter .why-none').first().textContent().catch(() => '');
  c.true(firstWhy.length > 10, `a target nobody reports says why: "${firstWhy}"`);
  await jobsRow.locator('input[data-key="group:province"]').check();
  await jobsRow.getByLabel(/^Đơn vị tổng hợp/).selectOption({ label: 'Cục Việc làm' });
  c.true(await page.locator('#matrix-effective').count() === 0, 'a draft asks no date it takes effect from');
  await shot(page, 'matrix');
  await page.getByRole('button', { name: 'Xác nhận' }).click();
  await page.locator('#matrix-message', { hasText: 'Đã xác nhận phân công báo cáo' }).waitFor();
  const matrix = (await planner.request('GET', `/programs/${pid}/responsibilities`)).data;
  const confirmed = matrix.rows.find((r) => r.target_id === jobs.id);
  c.eq([confirmed.reporters.map((r) => r.key), confirmed.consolidator?.name], [['group:province'], 'Cục Việc làm'],
    'the server holds it: the provinces report the jobs, Cục Việc làm consolidates');

  // ── the planner's allocation page, from the menu ──
  await page.getByRole('link', { name: 'Giao chỉ tiêu', exact: true }).click();
  await page.getByRole('heading', { name: 'Giao chỉ tiêu cho đơn vị', level: 1 }).waitFor();
  c.true(page.url().includes(`/programs/${pid}/allocations`), 'the menu opens the draft program\'s allocations');
  await page.locator('#alloc-target').selectOption(String(jobs.id));
  await page.waitForURL(new RegExp(`target=${jobs.id}`));
  await page.locator('#alloc-national', { hasText: '1.600.000 người' }).waitFor();
  const codes = await page.$$eval('#alloc-table tbody tr', (rows) => rows.map((r) => r.dataset.unit));
  c.eq(codes.length, 63, 'the grid lists the 63 provinces of 2012');

  // A paste with a bad line is refused whole, each bad line named, nothing filled in.
  await page.getByRole('button', { name: 'Dán từ Excel' }).click();
  const dialog = page.getByRole('dialog', { name: 'Dán phần giao từ Excel' });
  await dialog.getByLabel('Nội dung dán từ Excel').fill('01\t30.000\nĐà Lạt\t5.000\n79\tnhiều\n');
  await dialog.getByRole('button', { name: 'Điền vào bảng' }).click();
  const problems = await dialog.locator('#alloc-paste-problems li').allTextContents();
  c.eq(problems, ['Dòng 2: không có đơn vị "Đà Lạt" trong bảng.', 'Dòng 3: "nhiều" không phải là số.'],
    'a paste with an unknown unit and a word for a number names both lines');
  await shot(page, 'paste-refused');
  c.eq(await page.locator(`#alloc-table tr[data-unit="01"] input`).inputValue(), '', 'and fills in nothing');

  // The 63 shares as copied from Excel: code, name, share (Excel dropped the codes' zeros).
  const values = shares(codes, NATIONAL);
  const names = await page.$$eval('#alloc-table tbody tr th', (ths) => ths.map((th) => th.textContent));
  const tsv = 'Mã\tTỉnh\tChỉ tiêu giao\r\n' + codes.map((code, i) => `${Number(code)}\t${names[i]}\t${vn(values[i])}`).join('\r\n') + '\r\n';
  await dialog.getByLabel('Nội dung dán từ Excel').fill(tsv);
  await dialog.getByRole('button', { name: 'Điền vào bảng' }).click();
  await dialog.waitFor({ state: 'detached' });
  c.eq(await page.locator('#alloc-table tr[data-unit="01"] input').inputValue(), vn(values[0]), 'the paste fills Hà Nội\'s share');
  c.eq((await page.locator('#alloc-sum-line').textContent()).trim(), 'Tổng đã giao 1.600.000 / chỉ tiêu toàn quốc 1.600.000 người',
    'the live sum line reads the national figure');
  c.eq(await page.locator('#alloc-sum-state').getAttribute('data-state'), 'equal', 'and says the sum matches');
  await shot(page, 'pasted');
  await page.getByRole('button', { name: 'Lưu phần giao' }).click();
  await page.locator('#alloc-message', { hasText: 'Đã lưu phần giao của 63 đơn vị.' }).waitFor();
  let stored = (await planner.request('GET', `/programs/${pid}/allocations`)).data;
  let mine = stored.items.filter((a) => a.target_id === jobs.id);
  c.eq([mine.length, mine.reduce((s, a) => s + Number(a.value), 0)], [63, NATIONAL], 'the server holds 63 shares adding up to 1.600.000');
  c.eq(stored.checks.find((x) => x.target_id === jobs.id)?.warning, null, 'with no warning');

  // One more for Hà Nội: over the national figure is a warning, and it is saved.
  const hn = page.locator('#alloc-table tr[data-unit="01"] input');
  await hn.fill(vn(values[0] + 1));
  await page.locator('#alloc-sum-state[data-state="over"]', { hasText: 'Vượt chỉ tiêu toàn quốc 1 người' }).waitFor();
  c.eq((await page.locator('#alloc-sum-line').textContent()).trim(), 'Tổng đã giao 1.600.001 / chỉ tiêu toàn quốc 1.600.000 người',
    'typing moves the sum line at once');
  await page.getByRole('button', { name: 'Lưu phần giao' }).click();
  await page.locator('#alloc-message', { hasText: 'vượt chỉ tiêu toàn quốc' }).waitFor();
  await shot(page, 'over-saved');
  stored = (await planner.request('GET', `/programs/${pid}/allocations`)).data;
  mine = stored.items.filter((a) => a.target_id === jobs.id);
  c.eq(mine.find((a) => a.unit.code === '01')?.value, String(values[0] + 1), 'the share over the national figure is stored');
  c.true(/vượt/.test(stored.checks.find((x) => x.target_id === jobs.id)?.warning ?? ''), 'the server warns of it too');

  // A cell that is not a number stops the save, marked on its row.
  await hn.fill('25 nghìn');
  await page.getByRole('button', { name: 'Lưu phần giao' }).click();
  await page.locator('#alloc-message', { hasText: 'Có 1 ô chưa hợp lệ' }).waitFor();
  c.eq(await hn.getAttribute('aria-invalid'), 'true', 'a share that is not a number is marked on its row');
  await hn.fill(vn(values[0]));
  await page.getByRole('button', { name: 'Lưu phần giao' }).click();
  await page.locator('#alloc-message', { hasText: 'Đã lưu phần giao của 63 đơn vị.' }).waitFor();
  c.eq(await page.locator('#alloc-sum-state').getAttribute('data-state'), 'equal', 'back to the national figure');
  c.true(await page.locator('#alloc-xlsx').getAttribute('href') === `/api/v1/programs/${pid}/allocations.xlsx`, 'the workbook round trip is linked');

  // A unit that does not report the target: refused on its row, nothing stored.
  const phapche = units.find((u) => u.code === 'PC');
  await page.locator('#alloc-add-unit').selectOption(String(phapche.id));
  await page.getByRole('button', { name: 'Thêm', exact: true }).click();
  const pcInput = page.locator('#alloc-table tr[data-unit="PC"] input');
  await pcInput.fill('5.000');
  await page.getByRole('button', { name: 'Lưu phần giao' }).click();
  await page.locator('#alloc-table tr[data-unit="PC"] .field-error', { hasText: 'không báo cáo chỉ tiêu này' }).waitFor();
  c.eq(await pcInput.getAttribute('aria-invalid'), 'true', 'the server\'s refusal of Vụ Pháp chế lands on its row');
  await shot(page, 'refused-row');
  stored = (await planner.request('GET', `/programs/${pid}/allocations`)).data;
  c.eq(stored.items.filter((a) => a.target_id === jobs.id).length, 63, 'and nothing of that save is stored');
  await pcInput.fill('');

  // ── published, in the browser ──
  await page.goto(`${base}/programs/${pid}`);
  await page.getByRole('button', { name: 'Ban hành chính thức' }).click();
  await page.getByRole('button', { name: 'Xác nhận ban hành' }).click();
  await page.locator('section.review').waitFor({ state: 'detached' });
  c.eq((await planner.request('GET', `/programs/${pid}`)).data.status, 'published', 'the planner publishes the program');

  // ── Hà Nội's editor: its share is its plan ──
  const editor = await newPage(browser, base, c);
  await signIn(editor, base, 'hanoi.nhap');
  await editor.goto(`${base}/reports/${pid}/r2/2012-M03/${hanoi.id}`);
  const row = editor.locator('table.form-table tbody tr', { hasText: jobs.display_name || jobs.indicator }).first();
  await row.waitFor();
  const plan = (await row.locator('td').first().textContent()).trim();
  c.true(plan.includes(vn(values[0]) + ' người'), `Hà Nội's form shows its own share as the plan: "${plan}"`);
  c.true(!plan.startsWith('1.600.000'), 'not the national figure');
  await shot(editor, 'editor-form');

  // ── 61 provinces' March reports approved (Lai Châu and Cà Mau have not reported) ──
  wp.clock.set('2012-04-20');
  await planner.login('kehoach'); // a month on, the morning's session has ended
  const reported = codes.filter((code) => code !== '12' && code !== '96');
  const lines = ['obligation,period,unit,target_id,scope,kind,value'];
  reported.forEach((code, i) => lines.push(`r2,2012-M03,${code},${jobs.id},period,actual,${1000 + i}`));
  const loaded = await postCsv(planner, `/programs/${pid}/bulk-values`, lines.join('\n') + '\n');
  c.eq(loaded.status, 200, 'the 61 provinces\' March values are loaded, approved');
  const sum = reported.reduce((s, _, i) => s + 1000 + i, 0);

  // ── the leader's dashboard: the national figure, who reported, the state ──
  const leader = await newPage(browser, base, c);
  await signIn(leader, base, 'lanhdao');
  await leader.goto(`${base}/?program=${pid}&at=2012-03-31`);
  const dashRow = leader.locator(`#targets-table tr[data-target="${jobs.id}"]`);
  await dashRow.waitFor();
  c.eq((await dashRow.locator('td.current').textContent()).trim(), vn(sum) + ' người', `the national figure is the provinces' sum (${vn(sum)})`);
  const coverage = (await dashRow.locator('.coverage-text').textContent()).trim();
  c.true(/^61\/63 tỉnh đã báo cáo/.test(coverage), `who reported: "${coverage}"`);
  c.eq(await dashRow.getAttribute('data-state'), 'incomplete', 'two provinces missing: reports missing, not off track');
  await dashRow.scrollIntoViewIfNeeded();
  await shot(leader, 'dashboard');
}

main()
  .catch(async (e) => {
    c.true(false, 'the flow runs to its end: ' + (e.stack ?? e));
    let i = 0;
    for (const ctx of browser?.contexts() ?? []) {
      for (const p of ctx.pages()) await p.screenshot({ path: join(shots, `allocation-failure-${++i}.png`) }).catch(() => {});
    }
  })
  .finally(async () => {
    await browser?.close().catch(() => undefined);
    if (c.failures.length) console.log(wp.log?.slice(-4000) ?? '');
    await wp.stop();
    c.finish();
  });
