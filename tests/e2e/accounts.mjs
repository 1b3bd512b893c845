#!/usr/bin/env node
// The accounts' whole life in Debian's Chromium against the real server on a temporary SQLite
// database (issue 15, point 3): the admin creates Hà Nội's editor on /accounts (a weak password
// refused with the policy's own message, the repeat checked); the editor signs in in a second
// browser, changes the password on /me (the wrong present password and a weak new one refused
// by the server, on their fields) and makes API tokens (shown once, one revoked); the admin
// deactivates the account after a confirmation and the editor's open session ends: the next
// navigation lands on sign-in saying why, a reload too, the token dies; activated again, the
// admin makes a one-time reset code, the editor sets a new password on /reset from the
// sign-in page's link, and the code does not work twice. One PNG per page under
// build/screenshots/.
//
// usage: accounts.mjs WORKPLAN_BINARY   (exit 77: skipped, no Chromium)
import { join } from 'node:path';
import { Check, Client, PASSWORD, Workplan, e2eStart, launchChromium, newPage, screenshotsDir, signIn } from './harness.mjs';

const binary = e2eStart('accounts', 300);

const c = new Check('e2e accounts');
const shots = screenshotsDir();
const wp = new Workplan(binary);
let browser;

// Passwords a policy of length and dictionary checks accepts.
const FIRST = 'Sen-hong-nở-giữa-hồ-2012';
const SECOND = 'Mưa-phùn-tháng-ba-Hà-Nội';
const THIRD = 'Lúa-chín-vàng-đồng-Tháng-10';
const ENDED = 'Phiên làm việc đã hết hạn hoặc đã kết thúc. Hãy đăng nhập lại để tiếp tục.';

async function shot(page, name, fullPage = true) {
  await page.screenshot({ path: join(shots, name + '.png'), fullPage });
}

/** The text under a field (its error), by the field's label. */
async function fieldError(scope, label) {
  const input = scope.getByLabel(label, { exact: true });
  await input.and(scope.locator('[aria-invalid="true"]')).waitFor();
  const id = await input.getAttribute('aria-describedby');
  return (await scope.locator('#' + id.replace(/:/g, '\\:')).textContent()).trim();
}

async function main() {
  wp.clock.set('2012-03-16');
  wp.cli(['user', 'add', 'admin', '--role', 'admin', '--password-stdin'], PASSWORD + '\n');
  const base = await wp.start();
  const api = new Client(base);
  await api.login('admin');
  const hanoi = (await api.request('GET', '/org-units?at=2012-03-16')).data.items.find((u) => u.kind === 'province' && u.code === '01');
  // What the policy says of a weak password, asked of the server directly (another username).
  const weak = await api.request('POST', '/users', { username: 'thu.yeu', display_name: 'Thử', role: 'viewer', password: '12345678' });
  c.eq([weak.status, weak.data?.error?.code], [400, 'weak_password'], 'the server refuses 12345678 as a password (weak_password)');
  const weakMessage = weak.data?.error?.details?.find((d) => d.field === 'password')?.message ?? '';
  c.true(/[àáảãạăâđèéêìíòóôơùúưỳý]/i.test(weakMessage), `its reason is in Vietnamese on the field password: "${weakMessage}"`);

  browser = await launchChromium();
  const open = (viewport) => newPage(browser, base, c, viewport);

  // ── the admin creates the editor on /accounts ──
  const admin = await open();
  await signIn(admin, base, 'admin');
  await admin.getByRole('link', { name: 'Tài khoản', exact: true }).click();
  await admin.getByRole('heading', { name: 'Quản lý tài khoản', level: 1 }).waitFor();
  const adminRow = admin.locator('tr[data-username="admin"]');
  await adminRow.waitFor();
  c.true((await adminRow.textContent()).includes('(bạn)') && (await adminRow.getByRole('button', { name: /^Khóa/ }).count()) === 0,
    "the admin's own row is marked and offers no deactivation");
  await admin.getByRole('button', { name: 'Tạo tài khoản' }).click();
  const form = admin.getByRole('form', { name: 'Tạo tài khoản' });
  await form.getByLabel('Tên đăng nhập').fill('hanoi.nhap');
  await form.getByLabel('Họ và tên').fill('Nguyễn Văn Nhập');
  await form.getByLabel('Vai trò').selectOption({ label: 'nhập liệu' });
  await form.getByLabel('Đơn vị').selectOption({ label: hanoi.name });
  await form.getByLabel('Mật khẩu', { exact: true }).fill(FIRST);
  await form.getByLabel('Nhập lại mật khẩu').fill(FIRST + 'x');
  await form.getByRole('button', { name: 'Tạo tài khoản' }).click();
  c.eq(await fieldError(form, 'Nhập lại mật khẩu'), 'Hai lần nhập mật khẩu không giống nhau.', 'a repeat that differs is told before sending');
  await form.getByLabel('Mật khẩu', { exact: true }).fill('12345678');
  await form.getByLabel('Nhập lại mật khẩu').fill('12345678');
  await form.getByRole('button', { name: 'Tạo tài khoản' }).click();
  const weakShown = await fieldError(form, 'Mật khẩu');
  c.true(weakMessage && weakShown.includes(weakMessage), `a weak password is refused with the policy's own message under the field: "${weakShown}"`);
  c.eq((await api.request('GET', '/users')).data.items.filter((u) => u.username === 'hanoi.nhap').length, 0, 'and nothing was created');
  await shot(admin, 'accounts-create-refused');
  await form.getByLabel('Mật khẩu', { exact: true }).fill(FIRST);
  await form.getByLabel('Nhập lại mật khẩu').fill(FIRST);
  await form.getByRole('button', { name: 'Tạo tài khoản' }).click();
  await admin.getByText('Đã tạo tài khoản hanoi.nhap.').waitFor();
  const row = admin.locator('tr[data-username="hanoi.nhap"]');
  const cells = async () => (await row.locator('td').allTextContents()).slice(0, 6).map((s) => s.trim());
  c.eq(await cells(), ['hanoi.nhap', 'Nguyễn Văn Nhập', 'nhập liệu', hanoi.name, 'Đang hoạt động', 'chưa lần nào'],
    'the new account is listed: name, display name, role in Vietnamese, unit, active, never signed in');
  const created = (await api.request('GET', '/users')).data.items.find((u) => u.username === 'hanoi.nhap');
  c.eq([created?.role, created?.unit_id, created?.active], ['editor', hanoi.id, true], 'the server holds the editor of Hà Nội');

  // The filters.
  await admin.getByLabel('Vai trò').selectOption({ label: 'nhập liệu' });
  c.eq(await admin.locator('table.accounts tbody tr').evaluateAll((rs) => rs.map((r) => r.dataset.username)), ['hanoi.nhap'], 'the role filter keeps the editors');
  await admin.getByLabel('Vai trò').selectOption({ label: 'Tất cả' });
  await admin.getByLabel('Trạng thái').selectOption({ label: 'Đã khóa' });
  await admin.getByText('Không có mục nào.').waitFor();
  c.true(true, 'the status filter: no deactivated account yet');
  await admin.getByLabel('Trạng thái').selectOption({ label: 'Tất cả' });

  // The display name, edited in the dialog.
  await row.getByRole('button', { name: 'Sửa hanoi.nhap' }).click();
  const edit = admin.getByRole('dialog', { name: 'Sửa tài khoản hanoi.nhap' });
  await edit.getByLabel('Họ và tên').fill('Nguyễn Thị Nhập');
  await shot(admin, 'accounts-edit');
  await edit.getByRole('button', { name: 'Lưu thay đổi' }).click();
  await admin.getByText('Đã lưu tài khoản hanoi.nhap.').waitFor();
  c.eq((await api.request('GET', '/users')).data.items.find((u) => u.username === 'hanoi.nhap')?.display_name, 'Nguyễn Thị Nhập', 'the display name is changed in a dialog');

  // ── the editor, in a second browser, changes the password on /me ──
  const editor = await open();
  await signIn(editor, base, 'hanoi.nhap', FIRST);
  c.eq(await editor.getByRole('link', { name: 'Tài khoản', exact: true }).count(), 0, 'an editor has no accounts page in the navigation');
  await editor.getByRole('link', { name: /Nguyễn Thị Nhập/ }).click();
  await editor.getByRole('heading', { name: 'Tài khoản của tôi', level: 1 }).waitFor();
  const pw = editor.getByRole('form', { name: 'Đổi mật khẩu' });
  await pw.getByLabel('Mật khẩu hiện tại').fill('khong-phai-mat-khau');
  await pw.getByLabel('Mật khẩu mới', { exact: true }).fill(SECOND);
  await pw.getByLabel('Nhập lại mật khẩu mới').fill(SECOND);
  await pw.getByRole('button', { name: 'Đổi mật khẩu' }).click();
  const wrongCurrent = await fieldError(pw, 'Mật khẩu hiện tại');
  c.true(wrongCurrent.length > 0, `a wrong present password is refused on its field: "${wrongCurrent}"`);
  await pw.getByLabel('Mật khẩu hiện tại').fill(FIRST);
  await pw.getByLabel('Mật khẩu mới', { exact: true }).fill('12345678');
  await pw.getByLabel('Nhập lại mật khẩu mới').fill('12345678');
  await pw.getByRole('button', { name: 'Đổi mật khẩu' }).click();
  const weakNew = await fieldError(pw, 'Mật khẩu mới');
  c.true(/[àáảãạăâđèéêìíòóôơùúưỳý]/i.test(weakNew), `a weak new password is refused with the policy's message: "${weakNew}"`);
  await pw.getByLabel('Mật khẩu mới', { exact: true }).fill(SECOND);
  await pw.getByLabel('Nhập lại mật khẩu mới').fill(SECOND);
  await pw.getByRole('button', { name: 'Đổi mật khẩu' }).click();
  await editor.getByText('Đã đổi mật khẩu. Các phiên đăng nhập khác của tài khoản này đã kết thúc.').waitFor();
  const check = new Client(base);
  c.eq((await check.request('POST', '/session', { username: 'hanoi.nhap', password: FIRST })).status, 401, 'the old password no longer signs in');
  c.eq((await check.request('POST', '/session', { username: 'hanoi.nhap', password: SECOND })).status, 200, 'the new one does');

  // API tokens: made (shown once), used, one revoked after a confirmation.
  for (const [name, days] of [['Báo cáo tự động', '30'], ['Bảng tính', '90']]) {
    const tf = editor.getByRole('form', { name: 'Tạo mã truy cập' });
    await tf.getByLabel('Tên gợi nhớ').fill(name);
    await tf.getByLabel('Số ngày hiệu lực (1–365)').fill(days);
    await tf.getByRole('button', { name: 'Tạo mã truy cập' }).click();
    await editor.getByText(`Mã truy cập "${name}"`).waitFor();
    await editor.locator(`tr[data-token="${name}"]`).waitFor();
  }
  const token = await editor.getByLabel('Mã truy cập', { exact: true }).inputValue();
  const bearer = (tok) => fetch(base + '/api/v1/me', { headers: { Authorization: 'Bearer ' + tok } }).then((r) => r.status);
  c.eq(await bearer(token), 200, 'the token shown once works as a Bearer token');
  await shot(editor, 'me');
  const sheetRow = editor.locator('tr[data-token="Bảng tính"]');
  await sheetRow.getByRole('button', { name: 'Thu hồi Bảng tính' }).click();
  const revoke = editor.getByRole('dialog', { name: 'Thu hồi mã "Bảng tính"' });
  c.true(await revoke.getByRole('button', { name: 'Hủy' }).evaluate((b) => b === document.activeElement), 'the confirmation opens on "Hủy", not on the revocation');
  await revoke.getByRole('button', { name: 'Xác nhận thu hồi' }).click();
  await editor.getByText('Đã thu hồi mã "Bảng tính".').waitFor();
  c.eq(await bearer(token), 401, 'the revoked token no longer works');
  c.true(await editor.getByLabel('Mã truy cập', { exact: true }).count() === 0, 'and the token shown once is gone from the page');
  const autoToken = (await (async () => {
    const me = new Client(base);
    await me.login('hanoi.nhap', SECOND);
    return (await me.request('POST', '/tokens', { name: 'kịch bản', expires_in_days: 7 })).data.token;
  })());
  c.eq(await bearer(autoToken), 200, "another token of the editor's works before the deactivation");
  await editor.goto(base + '/me'); // the page as it is now: one token revoked
  await editor.locator('tr[data-token="Bảng tính"]').getByText('đã thu hồi').waitFor();
  await shot(editor, 'me-tokens');
  // Another tab of the editor's, to be reloaded after the deactivation.
  const editorTab = await editor.context().newPage();
  await editorTab.goto(base + '/reports');
  await editorTab.getByRole('heading', { name: 'Báo cáo của tôi', level: 1 }).waitFor();

  // ── the admin deactivates the account; the editor's open session ends ──
  await admin.reload();
  await row.waitFor();
  await row.getByRole('button', { name: 'Khóa hanoi.nhap' }).click();
  const deact = admin.getByRole('dialog', { name: 'Khóa tài khoản hanoi.nhap' });
  c.true((await deact.textContent()).includes('Mọi phiên đăng nhập và mã truy cập của tài khoản này kết thúc ngay.'), 'the confirmation says what deactivation does');
  await shot(admin, 'accounts-deactivate', false);
  await deact.getByRole('button', { name: 'Xác nhận khóa' }).click();
  await admin.getByText('Đã khóa tài khoản Nguyễn Thị Nhập.').waitFor();
  // The message comes with the answer; the list reloads after it: wait for the row, not the message.
  await row.locator('td').nth(4).getByText('Đã khóa', { exact: true }).waitFor({ timeout: 10000 }).catch(() => {});
  c.eq(await row.locator('td').nth(4).textContent(), 'Đã khóa', 'the list shows the account deactivated');
  c.true((await row.locator('td').nth(5).textContent()).trim() !== 'chưa lần nào', 'and its last sign-in');

  await editorTab.reload();
  await editorTab.getByText(ENDED).waitFor();
  c.true(true, "a reload of the editor's other tab lands on sign-in saying the session ended");
  await editor.getByRole('link', { name: 'Tổ chức' }).click();
  await editor.getByText(ENDED).waitFor();
  c.true(new URL(editor.url()).pathname === '/signin', "the editor's next navigation lands on sign-in saying the session ended");
  await shot(editor, 'session-ended');
  c.eq(await bearer(autoToken), 401, "the editor's API token died with the deactivation");
  await editor.getByLabel('Tên đăng nhập').fill('hanoi.nhap');
  await editor.getByLabel('Mật khẩu').fill(SECOND);
  await editor.getByRole('button', { name: 'Đăng nhập' }).click();
  await editor.getByText('Tên đăng nhập hoặc mật khẩu không đúng.').waitFor();
  c.true(true, 'a deactivated account cannot sign in (told as a wrong password)');

  // ── activated again; the admin makes a one-time reset code ──
  await row.getByRole('button', { name: 'Mở khóa hanoi.nhap' }).click();
  await admin.getByRole('dialog', { name: 'Mở khóa tài khoản hanoi.nhap' }).getByRole('button', { name: 'Xác nhận mở khóa' }).click();
  await admin.getByText('Đã mở khóa tài khoản Nguyễn Thị Nhập.').waitFor();
  await row.getByRole('button', { name: 'Đặt lại mật khẩu hanoi.nhap' }).click();
  const reset = admin.getByRole('dialog', { name: 'Đặt lại mật khẩu hanoi.nhap' });
  await reset.getByRole('button', { name: 'Tạo mã' }).click();
  const shown = admin.getByRole('dialog', { name: 'Mã đặt lại mật khẩu của hanoi.nhap' });
  const code = await shown.getByLabel('Mã đặt lại').inputValue();
  const link = await shown.getByLabel('Đường dẫn').inputValue();
  c.true(code.length >= 6 && link.startsWith(base + '/reset'), `the code and the link are shown once (${code}, ${link})`);
  c.true(/Hết hạn lúc \d\d\/\d\d\/\d{4} \d\d:\d\d\./.test(await shown.textContent()), 'with their expiry');
  await shot(admin, 'accounts-reset-code', false);
  await shown.getByRole('button', { name: 'Đóng', exact: true }).last().click();
  await shown.waitFor({ state: 'detached' });
  await shot(admin, 'accounts');

  // ── the editor, signed out, sets a new password on /reset from the sign-in page ──
  await editor.goto(base + '/signin');
  await editor.getByRole('link', { name: 'Quên mật khẩu? Nhập mã đặt lại' }).click();
  await editor.getByRole('heading', { name: 'Đặt lại mật khẩu', level: 1 }).waitFor();
  c.eq(new URL(editor.url()).pathname, '/reset', 'the sign-in page links to /reset, reachable signed out');
  const rf = editor.locator('form');
  await rf.getByLabel('Mã đặt lại').fill('SAI-MA-0000');
  await rf.getByLabel('Mật khẩu mới', { exact: true }).fill(THIRD);
  await rf.getByLabel('Nhập lại mật khẩu mới').fill(THIRD);
  await rf.getByRole('button', { name: 'Đặt mật khẩu mới' }).click();
  const badCode = await fieldError(rf, 'Mã đặt lại');
  c.true(badCode.length > 0, `a wrong code is refused on its field: "${badCode}"`);
  await shot(editor, 'reset');
  await rf.getByLabel('Mã đặt lại').fill(code);
  await rf.getByRole('button', { name: 'Đặt mật khẩu mới' }).click();
  await editor.getByText('Đã đặt mật khẩu mới. Hãy đăng nhập bằng mật khẩu mới.').waitFor();
  c.eq(new URL(editor.url()).pathname, '/signin', 'a reset returns to sign-in with a word of it');
  await shot(editor, 'reset-done');
  await signIn(editor, base, 'hanoi.nhap', THIRD);
  c.true(true, 'the editor signs in with the new password');
  const again = new Client(base);
  const reuse = await again.request('POST', '/password-reset', { code, new_password: FIRST });
  c.eq([reuse.status, reuse.data?.error?.code], [400, 'reset_code_invalid'], 'the code does not work twice');
  // The link carries the code: the page opens with it filled in.
  const visitor = await open();
  await visitor.goto(link);
  c.eq(await visitor.getByLabel('Mã đặt lại').inputValue(), code, "the link's page has the code filled in");

  // ── a phone ──
  const phone = await open({ width: 390, height: 844 });
  await signIn(phone, base, 'admin');
  await phone.goto(base + '/accounts');
  await phone.locator('tr[data-username="hanoi.nhap"]').waitFor();
  await shot(phone, 'accounts-phone');
  await phone.goto(base + '/me');
  await phone.getByRole('heading', { name: 'Tài khoản của tôi', level: 1 }).waitFor();
  await shot(phone, 'me-phone');
  c.true(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), 'nothing overflows sideways at 390 px');
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
