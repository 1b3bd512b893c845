#!/usr/bin/env node
// The web application in Debian's Chromium against the real server on a temporary SQLite
// database: a planner imports the 2012 decision from its file, reviews the draft beside its
// text, corrects the value of the jobs target (a wrong value is refused beside its input, what
// was typed kept), sees the correction listed, and publishes; the published program carries the
// corrected value and the audit log the correction. One PNG per page under build/screenshots/.
//
// usage: import_review.mjs WORKPLAN_BINARY   (exit 77: skipped, no Chromium)
import { join } from 'node:path';
import { Check, Client, PASSWORD, Workplan, e2eStart, importCorrectPublish, launchChromium, newPage, screenshotsDir, signIn } from './harness.mjs';

const binary = e2eStart('import_review', 240);
const c = new Check('e2e import_review');
const shots = screenshotsDir();
const wp = new Workplan(binary);
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

  // ── import, review, one correction, publication ──
  const pid = await importCorrectPublish(page, {
    item: '1.600.000 người',
    value: '1.650.000',
    reason: 'Bản ký ghi 1.650 ngàn',
    beforeFile: async () => {
      await page.getByRole('button', { name: 'Đọc và kiểm tra' }).click();
      await page.getByText('Chưa có nội dung: hãy dán văn bản hoặc chọn tệp.').waitFor();
      c.true(true, 'reading nothing is refused with a plain message');
    },
    afterFile: async () => {
      c.eq(await page.getByLabel('Tên tệp (ghi vào nhật ký)').inputValue(), 'molisa_2012.txt', 'the file name is kept for the audit log');
      await page.screenshot({ path: join(shots, 'import.png'), fullPage: true });
    },
    afterReview: async (id) => {
      c.true(id > 0, 'the draft opens for review at /programs/' + id);
      c.true(/\d+ lưu ý khi đọc \(\d+ lỗi\) · 0 chỗ đã sửa/.test(await page.locator('section.review').textContent()),
        'the review counts the reading notes, no correction yet');
      await page.locator('.source mark.hl-target').first().waitFor();
      c.eq(await page.locator('.source mark.hl-target').first().textContent(), '1.600 ngàn người', 'the jobs target is highlighted in its clause');
      await page.screenshot({ path: join(shots, 'review.png'), fullPage: true });
    },
    beforeSave: async (form, input) => {
      c.eq(await input.inputValue(), '1.600.000', 'the form offers the value as read, written the Vietnamese way');
      await input.fill('một triệu sáu');
      await form.getByRole('button', { name: 'Lưu chỗ sửa' }).click();
      await form.locator('.field-error').waitFor();
      c.true((await form.locator('.field-error').textContent()).includes('không phải là số'), 'a value that is not a number is refused beside its input');
      c.eq(await input.inputValue(), 'một triệu sáu', 'and what was typed is kept');
    },
    afterSave: async () => {
      await page.locator('.items-pane li', { hasText: '1.650.000 người' }).first().waitFor();
      c.true(true, 'the corrected value shows beside the text');
      const review = page.locator('section.review');
      const row = review.locator('table.corrections tbody tr').first();
      c.eq(await row.locator('td').evaluateAll((tds) => tds.slice(1, 4).map((td) => td.textContent)),
        ['1.600.000 người', '1.650.000 người', 'Bản ký ghi 1.650 ngàn'], 'the correction is listed with before, after and reason');
      c.true((await review.textContent()).includes('· 1 chỗ đã sửa'), 'and counted');
      await page.screenshot({ path: join(shots, 'review-corrected.png'), fullPage: true });
    },
  });
  c.true(true, 'after publication the review is gone: nothing more to correct');
  const targets = (await admin.request('GET', `/programs/${pid}/targets`)).data.items;
  const corrected = targets.filter((x) => x.value === 1650000 && x.unit === 'người');
  c.eq(corrected.map((x) => [x.section, x.raw]), [['I.1', '1.600 ngàn người']],
    'the published program carries the corrected value (the text as written stays beside it)');
  const program = (await admin.request('GET', `/programs/${pid}`)).data;
  c.eq([program.status, program.counts.corrections], ['published', 1], 'published, with its one correction');
  const audit = (await admin.request('GET', '/audit?limit=500')).data.items;
  const fix = audit.find((e) => e.action === 'program.correct');
  c.eq(fix && [fix.actor, fix.before.value, fix.after.value, fix.after.reason],
    ['kehoach', '1.600.000 người', '1.650.000 người', 'Bản ký ghi 1.650 ngàn'], 'the correction is in the audit log');
  c.true(audit.some((e) => e.action === 'program.publish' && e.entity_id === String(pid)), 'and so is the publication');
  await page.getByRole('link', { name: 'Chương trình', exact: true }).click();
  await page.getByText('Đã ban hành').first().waitFor();
  c.true(true, 'the program list shows it published');
}

try {
  await main();
} catch (e) {
  c.true(false, 'the flow ran to its end: ' + (e.stack ?? e));
  let i = 0;
  for (const ctx of browser?.contexts() ?? []) {
    for (const p of ctx.pages()) await p.screenshot({ path: join(shots, `failure-import-${++i}.png`) }).catch(() => {});
  }
} finally {
  if (browser) await browser.close().catch(() => {});
  await wp.stop().catch(() => {});
}
console.log('screenshots in ' + shots);
c.finish();
