#!/usr/bin/env node
// The demo as `make run` starts it (workplan serve --demo, the real clock) on a temporary SQLite
// database: its year of 2012 reports written at first start, on the days they would have been
// sent, and not again at a restart; the figures the dashboard shows are those of the approved
// reports. Then a leader in Debian's Chromium: the national dashboard (headline, a target's
// figures, the status filter, the area filter, English), a target's provinces (map and ranking,
// the keyboard on the map), one province's months, the 34 provinces of 2025 adding up the old
// ones, the task board, list and timeline, the organisation's map; the pages at 390 px; the
// dashboard's first paint. One PNG per page under build/screenshots/.
//
// usage: demo_dashboard.mjs WORKPLAN_BINARY   (exit 77: skipped, no Chromium)
import { join } from 'node:path';
import { Check, Client, Workplan, e2eStart, launchChromium, newPage, screenshotsDir, signIn } from './harness.mjs';

const binary = e2eStart('demo_dashboard', 300);

const c = new Check('e2e demo_dashboard');
const wp = new Workplan(binary);
// The demo runs on the real clock, as make run does.
delete wp.env.WORKPLAN_CLOCK_FILE;
const DEMO_PASSWORD = 'workplan-demo';

async function demoApi() {
  const started = Date.now();
  const base = await wp.start(['--demo']);
  const loaded = /báo cáo năm 2012 của các đơn vị: (\d+) đã gửi \((\d+) trễ hạn\), (\d+) đã duyệt, (\d+) chưa gửi/.exec(wp.out);
  c.true(loaded, 'the first start writes the demo\'s reports: ' + (loaded?.[0] ?? wp.out));
  console.log(`  info  demo first start (import, accounts, ${loaded?.[1]} reports) ${Date.now() - started} ms`);

  const leader = new Client(base);
  await leader.login('lanhdao', DEMO_PASSWORD);
  const programs = (await leader.request('GET', '/programs')).data.items;
  const p2012 = programs.find((p) => p.year === 2012);
  const api = `/programs/${p2012.id}`;
  const tl = (await leader.request('GET', `${api}/timeliness?as_of=2012-12-31`)).data;
  c.eq([tl.total.received, tl.total.late, tl.total.approved], [Number(loaded[1]), Number(loaded[2]), Number(loaded[3])],
    'the year\'s timeliness counts what the demo says it sent, late and approved');
  c.eq(tl.total.expected - tl.total.received, Number(loaded[4]), 'and the reports it left unsent are missing');
  const months = tl.periods.filter((p) => p.obligation === 'r2');
  c.true(months.every((p) => p.counts.received > 0 && p.counts.received <= p.counts.expected), 'every month from March has reports');
  c.true(tl.units.some((u) => u.unit.code === '12' && u.counts.missing === 3), 'Lai Châu has sent nothing since October (3 missing)');

  // The dashboard of a past year opens on its last day, in the organisation of that day.
  const dash = (await leader.request('GET', `${api}/dashboard`)).data;
  c.eq(dash.at, '2012-12-31', 'a past year\'s dashboard opens on its last day');
  const jobs = dash.targets.find((t) => t.target.indicator_code === 'viec_lam');
  c.true(jobs.current > 1_000_000 && jobs.current < 2_000_000, `jobs created across the country: ${jobs.current} of 1.600.000`);
  const ranked = (await leader.request('GET', `${api}/dashboard?target=${jobs.target.id}`)).data.ranking.items;
  c.eq(ranked.length, 63, 'the ranking has the 63 provinces of 2012');
  c.eq(ranked.reduce((s, r) => s + (r.current ?? 0), 0), jobs.current, 'the provinces add up to the national figure');
  // Hà Nội's figure is the sum of its approved monthly reports, read one by one.
  const planner = new Client(base);
  await planner.login('kehoach', DEMO_PASSWORD);
  const hanoi = ranked.find((r) => r.node.code === '01');
  const due = (await planner.request('GET', `${api}/reports/due?obligation=r2&unit=${hanoi.node.unit_id}`)).data.items;
  let sum = 0;
  for (const d of due.filter((x) => x.state === 'approved')) {
    const form = (await planner.request('GET', `/reports/${d.report.id}`)).data;
    sum += Number(form.values.find((v) => v.target_id === jobs.target.id && v.scope === 'period')?.value ?? 0);
  }
  c.eq(hanoi.current, sum, `Hà Nội's jobs are the sum of its approved monthly reports (${sum})`);
  c.eq(due.find((d) => d.period.key === '2012-M12')?.state, 'missing', 'Hà Nội\'s December is left for the demo accounts');
  // The demo's Hà Nội accounts belong to the Hà Nội formed on 1/7/2025: their 2012 dashboard is
  // their predecessor's (the Hà Nội of 2012), with its figures, not an error.
  for (const name of ['hanoi.nhaplieu', 'hanoi.duyet']) {
    const hn = new Client(base);
    await hn.login(name, DEMO_PASSWORD);
    const res = await hn.request('GET', `${api}/dashboard?target=${jobs.target.id}`);
    c.eq([res.status, res.data.unit?.id], [200, hanoi.node.unit_id], `${name}: the 2012 dashboard is the old Hà Nội's`);
    const own = res.data.targets?.find((t) => t.target.id === jobs.target.id);
    c.eq(own?.current, hanoi.current, `${name} sees Hà Nội's jobs (${hanoi.current})`);
    const figures = await hn.request('POST', '/analytics/query', { program_id: p2012.id, targets: [jobs.target.id], periods: ['2012-Y'], at: '2012-12-31' });
    c.eq(figures.status, 200, `${name}: the year's figures without naming a unit`);
  }

  // Written through the service: audited at the times of 2012, each report submitted by its
  // unit's editor and approved by its approver (four eyes), never one person.
  const admin = new Client(base);
  await admin.login('admin', DEMO_PASSWORD);
  const verify = (await admin.request('GET', '/audit/verify')).data;
  c.true(verify.ok, 'the audit chain verifies');
  // The units' own programs (issue 18, due 15/3) come first: 3 entries each.
  const entries = (await admin.request('GET', '/audit?after=20&limit=500')).data.items
    .filter((e) => e.action.startsWith('report.') && e.at.startsWith('2012-'));
  c.true(entries.some((e) => e.action === 'report.submit' && e.actor.endsWith('.nhaplieu')) &&
    entries.some((e) => e.action === 'report.approve' && e.actor.endsWith('.duyet')),
    'report writes are audited at 2012 times, submitted by the unit\'s editor and approved by its approver');

  // A restart writes nothing more.
  await wp.halt();
  await wp.start(['--demo']);
  c.true(!/báo cáo năm 2012/.test(wp.out), 'a restart does not write the demo\'s reports again');
  const again = new Client(wp.base);
  await again.login('admin', DEMO_PASSWORD);
  const after = (await again.request('GET', '/audit/verify')).data;
  c.eq(after.entries, verify.entries + 1, 'only the sign-in since is audited');
  c.eq((await again.request('GET', `${api}/timeliness?as_of=2012-12-31`)).data.total.received, tl.total.received, 'the same reports as before');
  return wp.base;
}

// As the web application writes them (lib/format.ts).
const group = (n) => String(Math.abs(Math.round(n))).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
const ratio = (r, d = 1) => {
  const s = (r * 100).toFixed(d).replace(/\.?0+$/, '');
  return s.replace('.', ',') + '%';
};

async function browse(base) {
  const api = new Client(base);
  await api.login('lanhdao', DEMO_PASSWORD);
  const pid = (await api.request('GET', '/programs')).data.items.find((p) => p.year === 2012).id;
  const dash = (await api.request('GET', `/programs/${pid}/dashboard`)).data;
  const jobs = dash.targets.find((t) => t.target.indicator_code === 'viec_lam');
  const ranked = (await api.request('GET', `/programs/${pid}/dashboard?target=${jobs.target.id}`)).data.ranking.items;
  const board = (await api.request('GET', `/programs/${pid}/task-status`)).data;

  const shots = screenshotsDir();
  browser = await launchChromium();
  const open = async (width) => {
    const page = await newPage(browser, base, c, { width, height: 900 });
    page.context().setDefaultTimeout(20_000);
    await signIn(page, base, 'lanhdao', DEMO_PASSWORD);
    return page;
  };
  const shot = (page, name) => page.screenshot({ path: join(shots, name + '.png'), fullPage: true });
  const page = await open(1280);

  // ── the national dashboard, opened afresh: first paint and the figures in place ──
  const t0 = Date.now();
  await page.goto(base + '/');
  await page.locator('#targets-table tbody tr').first().waitFor();
  const ready = Date.now() - t0;
  const paint = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1);
  console.log(`  info  demo dashboard (93 targets, 1 267 approved reports): first contentful paint ${Math.round(paint)} ms, targets with figures in place ${ready} ms`);
  const headline = `${dash.headline_counts.on_track}/${dash.headline_counts.total} chỉ tiêu đúng tiến độ`;
  c.eq(await page.locator('#headline').textContent(), headline, 'the headline counts the targets on track: ' + headline);
  c.eq(await page.locator('#targets-table tbody tr').count(), dash.targets.length, `every target is listed (${dash.targets.length})`);
  // Five states, each target in one: the chips add up to the targets.
  const chips = await page.locator('.chips button').evaluateAll((bs) => bs.map((b) => [b.dataset.show, Number(b.querySelector('.chip-n').textContent.replace(/\./g, ''))]));
  const byChip = Object.fromEntries(chips);
  c.eq(chips.map(([s]) => s), ['all', 'on_track', 'at_risk', 'off_track', 'incomplete', 'not_measurable'], 'a chip for every target and for each of the five states');
  c.eq(byChip.on_track + byChip.at_risk + byChip.off_track + byChip.incomplete + byChip.not_measurable, byChip.all, 'the five states add up to the targets');
  {
    c.eq(byChip, { all: dash.headline_counts.total, on_track: dash.headline_counts.on_track, at_risk: dash.headline_counts.at_risk,
                   off_track: dash.headline_counts.off_track, incomplete: dash.headline_counts.incomplete, not_measurable: dash.headline_counts.not_measurable },
         'the chips count what the server counts');
  }
  const row = page.locator(`#targets-table tr[data-target="${jobs.target.id}"]`);
  c.eq(await row.locator('td.current').textContent(), group(jobs.current) + ' người', 'jobs created so far, as the API has it');
  c.eq(await row.locator('.ach-figure').textContent(), ratio(jobs.achievement), 'its achievement');
  c.eq(await row.getAttribute('data-status'), jobs.status, 'its status');
  c.eq(await row.locator('.coverage-text').textContent(), jobs.coverage?.text, 'who reported it: ' + jobs.coverage?.text);
  c.eq(await row.getAttribute('data-state'), jobs.state, 'its state: ' + jobs.state);
  c.true((await row.locator('svg.spark path').getAttribute('d')).split('L').length >= 9, 'its trend has a point for each month reported (March to December)');
  await shot(page, 'dashboard-national');
  await page.getByRole('button', { name: /^Chậm tiến độ/ }).click();
  const off = await page.locator('#targets-table tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.state));
  c.true(off.length === byChip.off_track && off.every((s) => s === 'off_track'), `the state filter keeps the ${byChip.off_track} targets off track`);
  await page.getByRole('button', { name: /^Thiếu báo cáo/ }).click();
  const missing = await page.locator('#targets-table tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.state));
  c.true(missing.length === byChip.incomplete && missing.every((s) => s === 'incomplete'), `and "Thiếu báo cáo" the ${byChip.incomplete} with reports missing`);
  await page.getByRole('button', { name: /^Tất cả/ }).click();
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByText(/targets on track$/).waitFor();
  c.eq(await page.locator('#headline').textContent(), headline.replace(' chỉ tiêu đúng tiến độ', ' targets on track'), 'in English too');
  await page.getByRole('button', { name: 'Tiếng Việt' }).click();
  await page.getByLabel('Lĩnh vực').selectOption('II.2');
  const sections = await page.locator('#targets-table tbody tr .num').allTextContents();
  c.true(sections.length > 0 && sections.every((x) => x.startsWith('II.2.')), 'the area filter keeps the targets of II.2 (jobs)');

  // ── the program and the date in the address: a copied link opened elsewhere means the same ──
  const programs = (await api.request('GET', '/programs')).data.items;
  const p2012 = programs.find((p) => p.id === pid);
  const other = programs.find((p) => p.id !== pid);
  await page.goto(base + '/');
  await page.waitForURL((u) => u.searchParams.get('program') === String(pid));
  c.true(true, 'the dashboard writes the program in view into its address');
  await page.getByLabel('Tại ngày').fill('30/06/2012');
  await page.getByLabel('Tại ngày').press('Enter');
  await page.waitForURL((u) => u.searchParams.get('at') === '2012-06-30');
  const copied = page.url();
  c.eq(new URL(copied).searchParams.get('program'), String(pid), 'the chosen date joins the program in the address: ' + copied);
  const june = (await api.request('GET', `/programs/${pid}/dashboard?at=2012-06-30`)).data;
  const fresh = await newPage(browser, base, c, { width: 1280, height: 900 });
  await signIn(fresh, base, 'lanhdao', DEMO_PASSWORD);
  if (other) {
    // This browser's own choice is another program: the address wins over it.
    await fresh.getByRole('combobox', { name: 'Chương trình' }).selectOption(String(other.id));
    await fresh.waitForURL((u) => u.searchParams.get('program') === String(other.id));
    c.eq(await fresh.evaluate(() => localStorage.getItem('wp.program')), String(other.id), `this browser keeps program ${other.number} as its choice`);
  }
  await fresh.goto(copied);
  await fresh.locator('#targets-table tbody tr').first().waitFor();
  await fresh.getByText('Tính đến ngày 30/06/2012').first().waitFor();
  c.eq(await fresh.locator('.page-title .sub').textContent(), `${p2012.number} · ${p2012.title}`, 'the copied link opens on its program');
  c.eq(await fresh.getByLabel('Tại ngày').inputValue(), '30/06/2012', 'and on its date');
  const juneHeadline = `${june.headline_counts.on_track}/${june.headline_counts.total} chỉ tiêu đúng tiến độ`;
  c.eq(await fresh.locator('#headline').textContent(), juneHeadline, 'with the figures of 30/06/2012: ' + juneHeadline);
  if (other) c.eq(await fresh.getByRole('combobox', { name: 'Chương trình' }).inputValue(), String(pid), 'the program picker says so too');
  // The links between the pages that show figures carry both.
  const tasksLink = fresh.locator('#main-nav a', { hasText: 'Nhiệm vụ' });
  const carried = new URL(base + (await tasksLink.getAttribute('href'))).searchParams;
  c.eq([carried.get('program'), carried.get('at')], [String(pid), '2012-06-30'], 'the menu\'s link to the tasks carries the program and the date');
  await tasksLink.click();
  await fresh.locator('#task-board').waitFor();
  c.eq(await fresh.getByLabel('Tại ngày').inputValue(), '30/06/2012', 'and the tasks open on that date');
  // A link naming a program one does not see says so.
  await fresh.goto(base + '/provinces?program=987654&at=2012-06-30');
  const unknown = await fresh.locator('#unknown-program').textContent();
  c.true(unknown.includes('"987654"') && unknown.includes('không có chương trình'), 'a link with an unknown program says so: ' + unknown);
  await fresh.context().close();

  // ── a target → its provinces → one province's months ──
  await page.goto(base + '/');
  await row.locator('a[href^="/targets/"]').click();  // not the row's "Đã điều chỉnh" link (issue 18)
  await page.locator('#ranking-table tbody tr').first().waitFor();
  c.eq(await page.locator('#ranking-table tbody tr').count(), 63, 'the target\'s ranking lists the 63 provinces of 2012');
  c.eq(await page.locator('.tile').count(), 63, 'and the map has their 63 tiles');
  const first = ranked[0];
  c.eq(await page.locator('#ranking-table tbody tr').first().getAttribute('data-code'), first.node.code, `${first.node.name} ranks first, as the API has it`);
  const hn = ranked.find((m) => m.node.code === '01');
  c.eq(await page.locator('.tile[data-code="01"] .tile-figure').textContent(), ratio(hn.projected_achievement, 0), 'Hà Nội\'s tile carries its projected achievement');
  c.true((await page.locator('.tile[data-code="01"]').getAttribute('aria-label')).startsWith('Hà Nội: '), 'and says whose it is');
  await page.locator('canvas').first().waitFor();
  await shot(page, 'target-provinces');
  // The keyboard: one tab stop on the map, arrows to the neighbours, Enter opens.
  await page.locator('.tile[data-code="01"]').focus();
  await page.keyboard.press('ArrowRight');
  c.eq(await page.evaluate(() => document.activeElement?.dataset.code), '27', 'the right arrow moves from Hà Nội to Bắc Ninh');
  c.eq(await page.locator('.tile[tabindex="0"]').count(), 1, 'the map is one tab stop');
  await page.keyboard.press('Enter');
  await page.locator('#months-table').waitFor();
  const bn = ranked.find((m) => m.node.code === '27');
  const months = await page.locator('#months-table tbody tr td:nth-child(2)').allTextContents();
  const sum = months.filter((x) => x !== '—').reduce((s, x) => s + Number(x.replace(/[^\d]/g, '')), 0);
  c.eq(sum, bn.current, `Enter opens Bắc Ninh's months, which add up to its figure (${group(bn.current)})`);
  await page.locator('canvas').first().waitFor();
  await shot(page, 'province-history');

  // ── the provinces of 1/7/2025: the 34 add up the old ones ──
  await page.goto(base + `/provinces?target=${jobs.target.id}`);
  await page.locator('.tile').first().waitFor();
  c.eq(await page.locator('.tile').count(), 63, 'the provinces view shows 63 tiles on 31/12/2012');
  await page.getByRole('button', { name: /34 tỉnh, thành phố/ }).click();
  await page.waitForFunction(() => document.querySelectorAll('#ranking-table tbody tr').length === 34);
  c.eq(await page.locator('.tile').count(), 34, 'and 34 from 01/07/2025');
  const tq = (await page.locator('#ranking-table tr[data-code="08"] td:nth-child(3)').textContent()).replace(/[^\d]/g, '');
  const tqOld = ranked.filter((m) => m.node.code === '08' || m.node.code === '02').reduce((s, m) => s + m.current, 0);
  c.eq(Number(tq), tqOld, 'Tuyên Quang of 2025 holds Tuyên Quang\'s and Hà Giang\'s 2012 jobs');
  await shot(page, 'provinces-2025');

  // ── the tasks ──
  const overdueTasks = board.items.filter((x) => x.counts.overdue > 0).length;
  await page.goto(base + '/tasks');
  await page.locator('#task-board').waitFor();
  c.eq(await page.locator('.col-overdue .task-card').count(), overdueTasks, `the board's overdue column has the ${overdueTasks} tasks some lead has not done in time`);
  c.true((await page.locator('#tasks-headline').textContent()).includes(`${overdueTasks} quá hạn`), 'and the headline counts them');
  await shot(page, 'tasks-board');
  const late = board.items.find((x) => x.counts.overdue > 0);
  await page.locator(`.task-card[data-task="${late.task_id}"] .task-open`).click();
  await page.locator('#task-leads tbody tr').first().waitFor();
  c.eq(await page.locator('#task-leads tbody tr').count(), late.counts.total, 'a task opens its lead units');
  c.eq(await page.locator('#task-leads tbody tr').first().locator('.badge').textContent(), 'Quá hạn', 'the overdue ones first');
  await page.getByRole('button', { name: 'Danh sách theo đơn vị' }).click();
  await page.locator('#units-tasks tbody tr').first().waitFor();
  c.eq(await page.locator('#units-tasks tbody tr').first().getAttribute('data-code'), board.units[0].unit.code, 'the list by lead unit puts the most overdue first');
  await shot(page, 'tasks-list');
  await page.getByRole('button', { name: 'Theo thời gian' }).click();
  await page.locator('#task-timeline').waitFor();
  c.eq(await page.locator('#task-timeline [role="listitem"]').count(), board.items.filter((x) => x.deadlines.length && x.counts.total).length,
    'the timeline has every task with a deadline');
  await shot(page, 'tasks-timeline');
  // As of a date, and for one lead unit.
  const april = (await api.request('GET', `/programs/${pid}/task-status?as_of=2012-04-01`)).data;
  const aprilOverdue = april.items.filter((x) => x.counts.overdue > 0).length;
  await page.getByRole('button', { name: 'Bảng', exact: true }).click();
  await page.getByLabel('Tại ngày').fill('01/04/2012');
  await page.getByLabel('Tại ngày').press('Enter');
  await page.getByText(`${aprilOverdue} quá hạn`).waitFor();
  c.eq(await page.locator('.col-overdue .task-card').count(), aprilOverdue, `on 01/04/2012 the board has the ${aprilOverdue} tasks overdue then`);
  const hanoiUnit = board.units.find((u) => u.unit.code === '01').unit;
  const mine = (await api.request('GET', `/programs/${pid}/task-status?as_of=2012-04-01&lead=${hanoiUnit.id}`)).data;
  await page.getByLabel('Chủ trì').selectOption(String(hanoiUnit.id));
  await page.getByRole('heading', { name: 'Nhiệm vụ', level: 1 }).waitFor();
  await page.getByText('Nhiệm vụ do Hà Nội chủ trì').waitFor();
  await page.waitForFunction((n) => document.querySelectorAll('.task-card').length === n, mine.items.length);
  c.true(true, `Hà Nội's board on 01/04/2012 has its ${mine.items.length} tasks`);

  // ── the organisation's map ──
  await page.goto(base + '/org');
  await page.getByRole('button', { name: '01/07/2025' }).click();
  await page.waitForFunction(() => document.querySelectorAll('.tile').length === 34);
  await page.locator('.tile[data-code="08"]').click();
  await page.locator('#unit-history').getByText('hợp nhất từ: Hà Giang, Tuyên Quang').waitFor();
  c.true(true, 'the organisation\'s map of 2025 opens Tuyên Quang, formed from Hà Giang and Tuyên Quang');
  c.eq(await page.locator('.tile[data-code="01"]').getAttribute('aria-label'), 'Hà Nội: giữ nguyên', 'Hà Nội of 2025 is no merger');
  await shot(page, 'org-map');

  // ── the home page of Hà Nội's editor (a unit of 2025, in the 2012 program): Hà Nội's figures ──
  const hnApi = new Client(base);
  await hnApi.login('hanoi.nhaplieu', DEMO_PASSWORD);
  const hnDash = (await hnApi.request('GET', `/programs/${pid}/dashboard`)).data;
  const hnPage = await newPage(browser, base, c, { width: 1280, height: 900 });
  hnPage.context().setDefaultTimeout(20_000);
  await signIn(hnPage, base, 'hanoi.nhaplieu', DEMO_PASSWORD);
  await hnPage.goto(base + '/');
  await hnPage.locator('#targets-table tbody tr').first().waitFor();
  const hnHeadline = `${hnDash.headline_counts.on_track}/${hnDash.headline_counts.total} chỉ tiêu đúng tiến độ`;
  c.eq(await hnPage.locator('#headline').textContent(), hnHeadline, 'Hà Nội\'s editor sees Hà Nội\'s headline: ' + hnHeadline);
  c.true(hnDash.targets.some((t) => t.count > 0), 'with figures from Hà Nội\'s approved reports');
  await shot(hnPage, 'dashboard-hanoi');

  // ── a 390 px phone ──
  const phone = await open(390);
  for (const [path, ready, name] of [['/', '#targets-table tbody tr', 'dashboard-390'], [`/provinces?target=${jobs.target.id}`, '.tile', 'provinces-390'], ['/tasks', '.task-card', 'tasks-390']]) {
    await phone.goto(base + path);
    await phone.locator(ready).first().waitFor();
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    c.true(width <= 390, `${path} fits a 390 px screen (page width ${width})`);
    await phone.screenshot({ path: join(shots, name + '.png') });
  }
}

let browser;
try {
  const base = await demoApi();
  await browse(base);
} catch (e) {
  c.true(false, 'the test ran to its end: ' + (e.stack ?? e));
  let i = 0;
  for (const ctx of browser?.contexts() ?? []) {
    for (const p of ctx.pages()) await p.screenshot({ path: join(screenshotsDir(), `demo-failure-${++i}.png`) }).catch(() => {});
  }
} finally {
  if (browser) await browser.close().catch(() => {});
  await wp.stop().catch(() => {});
}
c.finish();
