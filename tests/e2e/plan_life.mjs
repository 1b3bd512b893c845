#!/usr/bin/env node
// The plan's life over the year in the browser (issue 18), in Debian's Chromium against the real
// server on a temporary SQLite database, on the rehearsal clock, the 2012 decision published:
// Hà Nội's editor builds its own program in the page — tasks under the Ministry's items, one
// led by an account and one by a part named in words, dates, outputs — and sends it to the
// Ministry (10/3, before the 15/3 due date); the planner returns it (a comment is required, and
// asked for) and the editor sees the comment, changes a date and sends it again (12/3); the
// planner accepts it. Cục Việc làm proposes raising the jobs target 1.600.000 → 1.650.000 from
// 01/7/2012 (20/6), seeing the value in force as it chooses the target; the planner forwards it
// with an opinion; the Minister opens "Chờ phê duyệt (1)" and approves it with the amending
// decision's number (25/6). The baseline shows the decision as published beside version 2; the
// dashboard at 31/12 marks the jobs target "Đã điều chỉnh: 1.600 → 1.650 nghìn người từ
// 01/7/2012". The April form shows the unit's tasks under their Ministry items.
// Screenshots: build/screenshots/unit-program.png, amendment.png, baseline.png (and a few more
// named plan-life-*.png).
//
// usage: plan_life.mjs WORKPLAN_BINARY   (exit 77: skipped, no Chromium)
import { join } from 'node:path';
import { Check, Client, PASSWORD, ROOT, Workplan, e2eStart, launchChromium, newPage, screenshotsDir, signIn } from './harness.mjs';

const binary = e2eStart('plan_life', 420);

const c = new Check('e2e plan_life');
const shots = screenshotsDir();
const wp = new Workplan(binary);
let browser;

/** The page signed in again as `user` (a jump of the rehearsal clock ends sessions), at `url`. */
async function again(base, page, user, url) {
  await page.context().clearCookies();
  await signIn(page, base, user);
  await page.goto(base + url);
}

async function shot(page, name, fullPage = true) {
  await page.screenshot({ path: join(shots, name + '.png'), fullPage });
}

async function main() {
  wp.clock.set('2012-03-05');
  wp.cli(['user', 'add', 'admin', '--role', 'admin', '--password-stdin'], PASSWORD + '\n');
  const imported = wp.cli(['import', join(ROOT, 'data', 'seeds', 'molisa_2012.txt'), '--publish']);
  const pid = Number(/#(\d+)/.exec(imported)[1]);
  const base = await wp.start();

  const admin = new Client(base);
  await admin.login('admin');
  const units = (await admin.request('GET', '/org-units?at=2012-03-05')).data.items;
  const hanoi = units.find((u) => u.kind === 'province' && u.code === '01');
  const khtc = units.find((u) => u.code === 'KHTC');
  const vl = units.find((u) => u.code === 'VL');
  const accounts = [
    ['kehoach', 'planner', khtc.id, 'Vụ Kế hoạch - Tài chính', {}],
    ['hanoi.nhap', 'editor', hanoi.id, 'Nguyễn Thị Hà', {}],
    ['hanoi.vieclam', 'editor', hanoi.id, 'Trần Văn Việc', {}],
    ['vieclam', 'editor', vl.id, 'Cục Việc làm', {}],
  ];
  for (const [username, role, unit_id, display_name, extra] of accounts) {
    const r = await admin.request('POST', '/users', { username, password: PASSWORD, role, unit_id, display_name, ...extra });
    c.eq(r.status, 201, `admin creates ${username} (${role})`);
  }
  const editor = new Client(base);
  await editor.login('hanoi.nhap');
  const planner = new Client(base);
  await planner.login('kehoach');
  const upPath = `/programs/${pid}/unit-programs/${hanoi.id}`;
  const upUrl = `/unit-programs/${pid}/${hanoi.id}`;
  // Moves the rehearsal clock; the API clients sign in again (sessions end with the jump).
  const day = async (date) => {
    wp.clock.set(date);
    await editor.login('hanoi.nhap');
    await planner.login('kehoach');
  };

  browser = await launchChromium();

  // ── the admin makes the Minister's account on /accounts: role "Lãnh đạo Bộ", title ──
  const ap = await newPage(browser, base, c);
  await signIn(ap, base, 'admin');
  await ap.getByRole('link', { name: 'Tài khoản', exact: true }).click();
  await ap.getByRole('button', { name: 'Tạo tài khoản' }).click();
  const form = ap.getByRole('form', { name: 'Tạo tài khoản' });
  await form.getByLabel('Tên đăng nhập').fill('lanhdao');
  await form.getByLabel('Họ và tên').fill('Phạm Thị Hải Chuyền');
  await form.getByLabel('Vai trò').selectOption({ label: 'Lãnh đạo Bộ' });
  await form.getByLabel('Chức danh').selectOption({ label: 'Bộ trưởng' });
  await form.getByLabel('Mật khẩu', { exact: true }).fill(PASSWORD);
  await form.getByLabel('Nhập lại mật khẩu').fill(PASSWORD);
  await form.getByRole('button', { name: 'Tạo tài khoản' }).click();
  await ap.getByText('Đã tạo tài khoản lanhdao.').waitFor();
  const leader = (await admin.request('GET', '/users')).data.items.find((u) => u.username === 'lanhdao');
  c.eq([leader?.role, leader?.title], ['leader', 'Bộ trưởng'], 'the server holds a leader titled Bộ trưởng');
  c.true((await ap.locator('tr[data-username="lanhdao"]').textContent()).includes('Lãnh đạo Bộ (Bộ trưởng)'), 'listed with its role and title');
  await ap.context().close();

  // ── 10/3: Hà Nội builds its program in the page and sends it ──
  await day('2012-03-10');
  const page = await newPage(browser, base, c);
  await signIn(page, base, 'hanoi.nhap');
  await page.getByRole('link', { name: 'Chương trình của đơn vị' }).click();
  await page.getByRole('heading', { name: 'Chương trình công tác của Hà Nội', level: 1 }).waitFor();
  const view = (await editor.request('GET', upPath)).data;
  const keys = view.items.map((i) => i.key);
  c.true(keys.length >= 2, 'Hà Nội has Ministry items to serve: ' + keys.join(', '));
  const first = keys.includes('II.2.1') ? 'II.2.1' : keys[0];
  const second = keys.includes('II.2.3') ? 'II.2.3' : (keys.find((k) => k !== first && !k.startsWith('target:')) ?? keys[1]);
  const section = (key) => page.locator(`.up-item[data-item="${key}"]`);
  const addTo = (key) => page.getByRole('button', { name: 'Thêm nhiệm vụ · ' + key, exact: true }).click();
  c.true((await page.locator('.up-head').textContent()).includes('hạn gửi Bộ 15/03/2012'), 'the page says when it is due at the Ministry');

  await addTo(first);
  await page.getByLabel(`Nhiệm vụ 1 · ${first}`).fill('Tổ chức 12 phiên giao dịch việc làm tại các quận, huyện');
  await page.getByLabel(`Bộ phận/cá nhân chủ trì 1 · ${first}`).fill('Phòng Lao động - Việc làm');
  await page.getByLabel(`Bắt đầu 1 · ${first}`).fill('01/04/2012');
  await page.getByLabel(`Hoàn thành 1 · ${first}`).fill('31/03/2012');
  c.true((await section(first).textContent()).includes('Ngày hoàn thành phải sau ngày bắt đầu.'), 'a due date before the start is flagged as it is typed');
  await page.getByLabel(`Hoàn thành 1 · ${first}`).fill('30/11/2012');
  await page.getByLabel(`Sản phẩm 1 · ${first}`).fill('Báo cáo UBND thành phố');

  await addTo(second);
  await page.getByLabel(`Nhiệm vụ 1 · ${second}`).fill('Xây dựng kế hoạch đào tạo nghề cho lao động nông thôn năm 2012');
  const account = page.getByLabel(`Tài khoản chủ trì 1 · ${second}`);
  if (await account.count()) await account.selectOption({ label: 'Trần Văn Việc' });
  else await page.getByLabel(`Bộ phận/cá nhân chủ trì 1 · ${second}`).fill('Trần Văn Việc');
  await page.getByLabel(`Bắt đầu 1 · ${second}`).fill('15/03/2012');
  await page.getByLabel(`Hoàn thành 1 · ${second}`).fill('30/06/2012');
  await page.getByLabel(`Sản phẩm 1 · ${second}`).fill('Trình UBND thành phố');
  await page.getByRole('button', { name: 'Lưu', exact: true }).click();
  await page.getByText('Đã lưu chương trình.').waitFor();
  let saved = (await editor.request('GET', upPath)).data;
  const tasks = (v) => [...v.items.flatMap((i) => i.tasks), ...(v.unassigned ?? [])];
  c.eq(tasks(saved).length, 2, 'two tasks are stored');
  const byAccount = tasks(saved).find((x) => x.serves === second);
  c.true(byAccount?.responsible?.user?.username === 'hanoi.vieclam' || byAccount?.responsible?.name === 'Trần Văn Việc',
    "the second is led by Hà Nội's account (or its name): " + JSON.stringify(byAccount?.responsible));
  c.eq(tasks(saved).find((x) => x.serves === first)?.responsible?.name, 'Phòng Lao động - Việc làm', 'the first by a part named in words');

  await page.getByRole('button', { name: 'Gửi Bộ' }).click();
  const send = page.getByRole('dialog', { name: 'Gửi chương trình của Hà Nội về Bộ' });
  await send.waitFor();
  await send.getByRole('button', { name: 'Gửi Bộ' }).click();
  await page.getByText('Đã gửi chương trình về Bộ.').waitFor();
  saved = (await editor.request('GET', upPath)).data;
  c.eq([saved.status, saved.late], ['submitted', false], 'sent on 10/3: submitted, not late');
  c.eq(await page.getByRole('button', { name: 'Lưu', exact: true }).count(), 0, 'a sent program is no longer editable by the unit');
  c.eq(await page.locator('section.up-item').count(), 2, 'read, it shows the two items with tasks');
  await shot(page, 'unit-program');

  // ── the planner returns it, a comment required ──
  const pp = await newPage(browser, base, c);
  await signIn(pp, base, 'kehoach');
  await pp.getByRole('link', { name: 'Chương trình của đơn vị' }).click();
  await pp.getByRole('heading', { name: 'Chương trình công tác của các đơn vị' }).waitFor();
  await pp.getByRole('button', { name: /Chờ xem xét/ }).click();
  await pp.locator('tr[data-unit="01"]').getByRole('link', { name: 'Hà Nội' }).click();
  await pp.getByRole('button', { name: 'Trả lại' }).click();
  const back = pp.getByRole('dialog', { name: 'Trả lại chương trình của Hà Nội' });
  await back.getByRole('button', { name: 'Trả lại' }).click();
  await back.getByText('Hãy ghi ý kiến: đơn vị cần biết phải sửa gì.').waitFor();
  c.eq((await planner.request('GET', upPath)).data.status, 'submitted', 'returning without a comment is asked for one, nothing sent');
  await back.getByLabel('Ý kiến (bắt buộc)').fill('Đề nghị ghi rõ thời hạn hoàn thành kế hoạch đào tạo nghề (trước 31/5).');
  await back.getByRole('button', { name: 'Trả lại' }).click();
  await pp.getByText('Đã trả lại chương trình cho đơn vị.').waitFor();
  c.eq((await planner.request('GET', upPath)).data.status, 'returned', 'returned with its comment');

  // ── 12/3: the editor sees the comment, changes the date, sends again ──
  await day('2012-03-12');
  await again(base, page, 'hanoi.nhap', upUrl);
  await page.locator('#up-returned').waitFor();
  c.true((await page.locator('#up-returned').textContent()).includes('trước 31/5'), 'the editor sees the comment');
  await page.getByLabel(`Hoàn thành 1 · ${second}`).fill('31/05/2012');
  await page.getByRole('button', { name: 'Gửi Bộ' }).click();
  const resend = page.getByRole('dialog', { name: 'Gửi chương trình của Hà Nội về Bộ' });
  c.true((await resend.textContent()).includes('Những thay đổi chưa lưu sẽ được lưu trước khi gửi.'), 'unsaved changes are saved first');
  await resend.getByRole('button', { name: 'Gửi Bộ' }).click();
  await page.getByText('Đã gửi chương trình về Bộ.').waitFor();
  saved = (await editor.request('GET', upPath)).data;
  c.eq(tasks(saved).find((x) => x.serves === second)?.due, '2012-05-31', 'the new date is kept');

  // ── the planner accepts it ──
  await again(base, pp, 'kehoach', upUrl);
  await pp.getByRole('button', { name: 'Chấp nhận' }).click();
  await pp.getByRole('dialog', { name: 'Chấp nhận chương trình của Hà Nội' }).getByRole('button', { name: 'Chấp nhận' }).click();
  await pp.getByText('Đã chấp nhận chương trình.').waitFor();
  saved = (await planner.request('GET', upPath)).data;
  c.eq([saved.status, saved.late], ['accepted', false], 'accepted, and on time (first sent 10/3)');
  c.eq(saved.history.map((h) => h.action), ['save', 'submit', 'return', 'save', 'submit', 'accept'],
    'the history keeps each step (the resend saved its change first)');
  const hist = await pp.locator('.up-history li').allTextContents();
  c.true(hist.some((h) => h.includes('Bộ trả lại') && h.includes('trước 31/5')), 'the history shows the return with its comment');
  await shot(pp, 'plan-life-accepted');

  // ── the April form: the unit's tasks under their Ministry items ──
  await day('2012-05-05');
  await again(base, page, 'hanoi.nhap', `/reports/${pid}/r2/2012-M04/${hanoi.id}`);
  const unitRows = page.locator('li.unit-task');
  await unitRows.first().waitFor({ timeout: 20_000 }).catch(() => undefined);
  c.eq(await unitRows.count(), 2, "April's form shows Hà Nội's two tasks");
  if (await unitRows.count()) {
    const nested = await page.locator('li.unit-task.nested').count();
    c.true(nested >= 1, 'under their Ministry items');
    await unitRows.first().scrollIntoViewIfNeeded();
    await shot(page, 'plan-life-form', false);
  }

  // ── 20/6: Cục Việc làm proposes raising the jobs target from 1/7 ──
  await day('2012-06-20');
  const targets = (await planner.request('GET', `/programs/${pid}/targets`)).data.items;
  const jobs = targets.find((x) => x.section === 'I.1' && x.unit === 'người' && Number(x.value) === 1_600_000);
  c.true(jobs, "the jobs target, 1.600.000 người");
  const vp = await newPage(browser, base, c);
  await signIn(vp, base, 'vieclam');
  await vp.getByRole('link', { name: 'Điều chỉnh chương trình' }).click();
  await vp.getByRole('link', { name: 'Đề nghị điều chỉnh mới' }).click();
  await vp.getByLabel('Áp dụng từ ngày').fill('01/07/2012');
  await vp.getByLabel('Lý do').fill('Nhu cầu tuyển dụng 6 tháng cuối năm tăng; các địa phương đăng ký vượt kế hoạch.');
  const item = vp.getByLabel('Mục 1');
  await item.locator(`option[value="target:${jobs.id}"]`).waitFor({ state: 'attached' });
  await item.selectOption(`target:${jobs.id}`);
  c.eq((await vp.locator('tr[data-change="0"] .am-in-force').textContent()).trim(), '1.600.000 người', 'the value in force is shown beside it');
  await vp.getByLabel('Giá trị mới 1').fill('1.650.000');
  await vp.getByRole('button', { name: 'Gửi đề nghị' }).click();
  await vp.getByRole('heading', { name: /^Đề nghị điều chỉnh #\d+$/ }).waitFor();
  const aid = Number(/\/amendments\/(\d+)/.exec(vp.url())[1]);
  c.eq((await planner.request('GET', `/amendments/${aid}`)).data.status, 'submitted', 'the request is sent');
  c.true((await vp.locator('#am-changes-table').textContent()).includes('1.650.000'), 'its change is listed');
  await shot(vp, 'amendment');

  // ── the planner forwards it with an opinion ──
  await again(base, pp, 'kehoach', '/amendments');
  await pp.locator(`tr[data-amendment="${aid}"]`).getByRole('link').click();
  await pp.getByRole('button', { name: 'Chuyển Lãnh đạo Bộ' }).click();
  const fwd = pp.getByRole('dialog', { name: `Chuyển đề nghị #${aid} lên Lãnh đạo Bộ` });
  await fwd.getByLabel('Ý kiến của Vụ Kế hoạch - Tài chính').fill('Đề nghị Bộ trưởng xem xét, đồng ý.');
  await fwd.getByRole('button', { name: 'Chuyển Lãnh đạo Bộ' }).click();
  await pp.getByText('Đã chuyển đề nghị lên Lãnh đạo Bộ.').waitFor();
  c.eq(await pp.getByRole('button', { name: 'Phê duyệt' }).count(), 0, 'a planner cannot approve');

  // ── 25/6: the Minister approves from "Chờ phê duyệt (1)" ──
  await day('2012-06-25');
  const lp = await newPage(browser, base, c);
  await signIn(lp, base, 'lanhdao');
  c.true((await lp.locator('.who').textContent()).includes('Bộ trưởng'), 'the header names the leader\'s title');
  await lp.getByRole('link', { name: 'Chờ phê duyệt (1)' }).click();
  await lp.locator(`tr[data-amendment="${aid}"]`).getByRole('link').click();
  c.true((await lp.locator('.am-road').textContent()).includes('Đề nghị Bộ trưởng xem xét, đồng ý.'), "the leader reads the planner's opinion");
  await lp.getByRole('button', { name: 'Phê duyệt' }).click();
  const ok = lp.getByRole('dialog', { name: `Phê duyệt đề nghị điều chỉnh #${aid}` });
  await ok.getByLabel('Số quyết định điều chỉnh (nếu có)').fill('812/QĐ-LĐTBXH');
  await ok.getByRole('button', { name: 'Phê duyệt' }).click();
  await lp.getByText('Đã phê duyệt: chương trình có phiên bản mới từ ngày áp dụng.').waitFor();
  const approved = (await planner.request('GET', `/amendments/${aid}`)).data;
  c.eq([approved.status, approved.program_version, approved.decided?.decision_number], ['approved', 2, '812/QĐ-LĐTBXH'], 'approved: version 2, with its decision number');

  // ── the baseline beside version 2 ──
  await lp.goto(`${base}/programs/${pid}/baseline?at=2012-12-31`);
  await lp.locator('.bl-current').waitFor();
  c.true((await lp.locator('.bl-original').textContent()).startsWith('Bản ban hành (QĐ '), 'the published decision: ' + await lp.locator('.bl-original').textContent());
  c.eq((await lp.locator('.bl-current').textContent()).trim(), 'Hiện hành (phiên bản 2, từ 01/7/2012)', 'beside the version in force');
  const jobsRow = lp.locator(`tr[data-item="target:${jobs.id}"]`);
  const jobsText = await jobsRow.textContent();
  c.true(jobsText.includes('Cục Việc làm') && jobsText.includes('812/QĐ-LĐTBXH') && jobsText.includes('Nhu cầu tuyển dụng'),
    'the step names its reason, the unit that asked and the decision: ' + jobsText);
  await shot(lp, 'baseline');

  // ── the dashboard at 31/12 ──
  await lp.goto(`${base}/?program=${pid}&at=2012-12-31`);
  const badge = lp.locator(`tr[data-target="${jobs.id}"] [data-version-badge]`);
  await badge.waitFor();
  c.eq((await badge.textContent()).trim(), 'Đã điều chỉnh: 1.600 → 1.650 nghìn người từ 01/7/2012', 'the dashboard marks the amended target');
  await lp.goto(`${base}/?program=${pid}&at=2012-06-30`);
  await lp.locator(`tr[data-target="${jobs.id}"]`).waitFor();
  c.eq(await lp.locator(`tr[data-target="${jobs.id}"] [data-version-badge]`).count(), 0, 'not at 30/6, before it takes effect');
  await shot(lp, 'plan-life-dashboard', false);
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
