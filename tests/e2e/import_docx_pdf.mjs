#!/usr/bin/env node
// Issue 19 in Debian's Chromium against the real server on a temporary SQLite database: a
// planner brings the decision as the file it arrives in. A .doc is refused in Vietnamese with
// nothing stored; the 2012 decision as a .docx (LibreOffice's, tests/read/fixtures) is sent as its
// bytes, the review opens on the draft read from it, says which file it was read from and offers
// the original back byte for byte; the same decision as the signed PDF replaces the draft and
// the review names its pages. Screenshot build/screenshots/import-docx.png.
//
// usage: import_docx_pdf.mjs WORKPLAN_BINARY   (exit 77: skipped, no Chromium)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Check, Client, PASSWORD, ROOT, Workplan, e2eStart, launchChromium, newPage, screenshotsDir, signIn } from './harness.mjs';

const binary = e2eStart('import_docx_pdf', 240);
const c = new Check('e2e import_docx_pdf');
const shots = screenshotsDir();
const wp = new Workplan(binary);
const FIX = join(ROOT, 'tests', 'read', 'fixtures');
let browser;

async function main() {
  wp.clock.set('2012-02-28');
  wp.cli(['user', 'add', 'admin', '--role', 'admin', '--password-stdin'], PASSWORD + '\n');
  const base = await wp.start();
  const admin = new Client(base);
  await admin.login('admin');
  const r = await admin.request('POST', '/users', { username: 'kehoach', password: PASSWORD, role: 'planner', display_name: 'Vụ Kế hoạch - Tài chính' });
  c.eq(r.status, 201, 'admin creates the planner');

  browser = await launchChromium();
  const page = await newPage(browser, base, c);
  await signIn(page, base, 'kehoach');
  await page.getByRole('link', { name: 'Nhập quyết định' }).click();
  await page.getByRole('heading', { name: 'Nhập quyết định mới', level: 1 }).waitFor();
  const chooser = page.getByLabel('Chọn tệp quyết định (.docx, .pdf hoặc .txt)');
  c.eq(await chooser.getAttribute('accept').then((a) => a.split(',').slice(0, 3)), ['.txt', '.docx', '.pdf'], 'the chooser offers .txt, .docx and .pdf');

  // ── a Word 97–2003 file: refused in Vietnamese, nothing stored ──
  await chooser.setInputFiles(join(FIX, 'refuse_old.doc'));
  await page.locator('.import-file-info').waitFor();
  await page.getByRole('button', { name: 'Đọc và kiểm tra' }).click();
  await page.locator('.error-box').waitFor();
  c.true((await page.locator('.error-box').textContent()).includes('Tệp .doc (Word 97–2003): hãy lưu lại thành .docx'),
    'a .doc is refused with the Vietnamese message');
  c.eq((await admin.request('GET', '/programs')).data.items.length, 0, 'and nothing is stored');

  // ── the 2012 decision as a .docx ──
  await chooser.setInputFiles(join(FIX, 'molisa_2012.docx'));
  const info = await page.locator('.import-file-info').textContent();
  c.true(info.includes('molisa_2012.docx') && info.includes('Word (.docx)'), 'the chosen file is named with its form: ' + info);
  c.true(await page.locator('textarea').isDisabled(), 'the paste box is off while a file is chosen');
  c.eq(await page.getByLabel('Tên tệp (ghi vào nhật ký)').inputValue(), 'molisa_2012.docx', 'the file name is kept for the audit log');
  await page.getByRole('button', { name: 'Đọc và kiểm tra' }).click();
  await page.getByRole('heading', { name: 'Kiểm tra bản nháp trước khi ban hành' }).waitFor();
  const pid = Number(/\/programs\/(\d+)/.exec(page.url())[1]);
  c.true(pid > 0, 'the draft read from the .docx opens for review at /programs/' + pid);
  const source = await page.locator('.review-source').textContent();
  c.true(source.includes('Đọc từ tệp Word (.docx)'), 'the review says the draft was read from a Word file: ' + source);
  await page.locator('.source mark.hl-target').first().waitFor();
  c.eq(await page.locator('.source mark.hl-target').first().textContent(), '1.600 ngàn người', 'the jobs target is highlighted in the text read from the .docx');
  await page.screenshot({ path: join(shots, 'import-docx.png'), fullPage: true });
  const program = (await admin.request('GET', `/programs/${pid}`)).data;
  c.eq([program.document.number, program.source.form, program.source.file], ['224/QĐ-LĐTBXH', 'docx', 'molisa_2012.docx'], 'the program is the 2012 decision, kept with its .docx');
  const original = await page.evaluate(async (url) => {
    const res = await fetch(url, { credentials: 'same-origin' });
    return { type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), bytes: Array.from(new Uint8Array(await res.arrayBuffer())) };
  }, `/api/v1/programs/${pid}/source`);
  const want = readFileSync(join(FIX, 'molisa_2012.docx'));
  c.true(original.bytes.length === want.length && original.bytes.every((b, i) => b === want[i]), 'the review\'s "Tải tệp gốc" gives the .docx back byte for byte');
  c.eq(original.type, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'with its type');
  c.true((original.disposition ?? '').includes('molisa_2012.docx'), 'and its name');

  // ── the same decision as the signed PDF replaces the draft ──
  await page.getByRole('link', { name: 'Nhập quyết định' }).click();
  await page.getByRole('heading', { name: 'Nhập quyết định mới', level: 1 }).waitFor();
  await page.getByLabel('Chọn tệp quyết định (.docx, .pdf hoặc .txt)').setInputFiles(join(FIX, 'molisa_2012.pdf'));
  await page.getByRole('button', { name: 'Đọc và kiểm tra' }).click();
  await page.getByRole('button', { name: 'Thay bản nháp cùng số hiệu' }).click();
  await page.getByRole('heading', { name: 'Kiểm tra bản nháp trước khi ban hành' }).waitFor();
  const pdfSource = await page.locator('.review-source').textContent();
  c.true(/Đọc từ tệp PDF, \d+ trang/.test(pdfSource), 'the review says it was read from a PDF and how many pages: ' + pdfSource);
  const pdfId = Number(/\/programs\/(\d+)/.exec(page.url())[1]);
  const pdfProgram = (await admin.request('GET', `/programs/${pdfId}`)).data;
  c.eq([pdfProgram.source.form, pdfProgram.counts.targets, pdfProgram.counts.deadlines],
    ['pdf', program.counts.targets, program.counts.deadlines], 'the PDF gives the same plan as the .docx');
  await page.screenshot({ path: join(shots, 'import-pdf.png'), fullPage: true });
}

try {
  await main();
} catch (e) {
  c.true(false, 'the flow ran to its end: ' + (e.stack ?? e));
  let i = 0;
  for (const ctx of browser?.contexts() ?? []) {
    for (const p of ctx.pages()) await p.screenshot({ path: join(shots, `failure-import-docx-${++i}.png`) }).catch(() => {});
  }
} finally {
  if (browser) await browser.close().catch(() => {});
  await wp.stop().catch(() => {});
}
console.log('screenshots in ' + shots);
c.finish();
