#!/usr/bin/env node
// The plan's life over the year in the browser (issue 18), in Debian's Chromium against the real
// server on a temporary SQLite database, on the rehearsal clock, the 2012 decision published:
// the admin makes the Minister's account on the accounts page (role "Lãnh đạo Bộ", title "Bộ
// trưởng"); Cục Việc làm proposes raising the jobs target 1.600.000 → 1.650.000 from 01/7/2012
// (20/6), seeing the value in force as it chooses the target; the planner forwards it with an
// opinion and cannot approve it; the Minister opens "Chờ phê duyệt (1)", reads the opinion and
// approves it with the amending decision's number (25/6): version 2.
// (Units' own programs and the baseline join this flow when their routes are on main.)
// Screenshot: build/screenshots/amendment.png.
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

  const pp = await newPage(browser, base, c);
  await signIn(pp, base, 'kehoach');

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
