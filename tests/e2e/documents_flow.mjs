#!/usr/bin/env node
// The Ministry's consolidated report in the browser (issue 17), on the demo as `make run` starts
// it: the planner (kehoach) makes December 2012's report, edits the sentence of the jobs figure
// and saves; someone else saves meanwhile and the planner's next save is refused (409) without
// losing what was typed; Hà Nội's December report is approved through the API, which moves the
// figure; "Cập nhật số liệu" keeps the edit and shows the change underneath word by word;
// issuing is refused until "Áp dụng số mới" resolves it; the leader (lanhdao) reads the draft
// without any editing; the planner issues it (number, date, signer) and downloads the .docx,
// read back with python-docx, and the tables' .xlsx, and prints it (A4 portrait, poppler reads the
// PDF). Screenshots under build/screenshots/.
//
// usage: documents_flow.mjs WORKPLAN_BINARY   (exit 77: skipped, no Chromium)
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Check, Client, Workplan, e2eStart, launchChromium, newPage, screenshotsDir, signIn } from './harness.mjs';

const binary = e2eStart('documents_flow', 480);

const c = new Check('e2e documents_flow');
const wp = new Workplan(binary);
delete wp.env.WORKPLAN_CLOCK_FILE; // the demo runs on the real clock, as make run does
const PW = 'workplan-demo';
const shots = screenshotsDir();
const shot = (page, name, fullPage = false) => page.screenshot({ path: join(shots, `documents-${name}.png`), fullPage });
// The dashboard's percentage as the web shows it (lib/format.ts formatRatio: toFixed(1), "," decimals).
const pct = (ratio) => (ratio * 100).toFixed(1).replace(/\.0$/, '').replace('.', ',') + '%';
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let browser;
let page;
try {
  const base = await wp.start(['--demo']);
  const leaderApi = new Client(base);
  await leaderApi.login('lanhdao', PW);
  const planner = new Client(base);
  await planner.login('kehoach', PW);
  const p2012 = (await leaderApi.request('GET', '/programs')).data.items.find((p) => p.year === 2012);
  const dashboard = async () => (await leaderApi.request('GET', `/programs/${p2012.id}/dashboard?at=2012-12-31`)).data;
  const jobs = (await dashboard()).targets.find((t) => t.target.indicator_code === 'viec_lam');
  c.true(jobs && jobs.achievement > 0, `the demo has the jobs figure at 31/12/2012 (${jobs?.current})`);

  browser = await launchChromium();
  page = await newPage(browser, base, c);
  page.on('dialog', (d) => d.accept());
  await signIn(page, base, 'kehoach', PW);

  // ── the list, and "Tạo báo cáo" for December 2012 ──
  await page.getByRole('link', { name: 'Báo cáo tổng hợp' }).click();
  await page.getByRole('heading', { name: 'Báo cáo tổng hợp', level: 1 }).waitFor();
  await page.goto(`${base}/documents?program=${p2012.id}`);
  await page.getByRole('button', { name: 'Tạo báo cáo' }).click();
  const create = page.getByRole('form', { name: 'Tạo báo cáo' });
  await create.getByLabel('Loại báo cáo').selectOption('consolidated');
  await create.getByLabel('Kỳ', { exact: true }).selectOption('month');
  await create.getByLabel('Tháng', { exact: true }).selectOption('12');
  c.eq(await create.getByLabel('Số liệu đến ngày (dd/mm/yyyy)').inputValue(), '31/12/2012', 'December reads the figures of 31/12/2012 by default');
  await shot(page, 'create');
  await create.getByRole('button', { name: 'Lập báo cáo' }).click();
  await page.waitForURL(/\/documents\/\d+$/, { timeout: 60_000 });
  const id = Number(/\/documents\/(\d+)$/.exec(page.url())[1]);
  const doc0 = (await planner.request('GET', `/documents/${id}`)).data;
  c.eq([doc0.kind, doc0.period.key, doc0.as_of, doc0.status], ['consolidated', '2012-M12', '2012-12-31', 'draft'], 'the draft is December 2012\'s, as of 31/12/2012');
  c.eq(await page.getByRole('heading', { level: 1 }).first().textContent(), 'Báo cáo của Bộ tháng 12 năm 2012',
    'the editor names the period as the report\'s title does (not "Tháng 12/2012" mid-sentence)');

  // ── the A4 preview: Decree 30's header, title and closing ──
  const sheet = page.locator('article.doc-sheet');
  await sheet.waitFor();
  c.eq(await sheet.locator('.doc-nation').textContent(), 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'the header names the Republic');
  c.eq(await sheet.locator('.doc-motto').textContent(), 'Độc lập - Tự do - Hạnh phúc', 'and its motto');
  c.true((await sheet.locator('.doc-number').textContent()).endsWith('/' + doc0.header.symbol), `a draft's number is blank before "/${doc0.header.symbol}"`);
  c.eq(await sheet.locator('.doc-title').textContent(), 'BÁO CÁO', 'the title');
  c.eq(await sheet.locator('.doc-recipients-head').textContent(), 'Nơi nhận:', 'Nơi nhận at the foot');
  c.eq(await sheet.evaluate((e) => getComputedStyle(e).fontFamily.split(',')[0].replace(/"/g, '')), 'Times New Roman', 'in Times New Roman');
  const tables = await sheet.locator('table.doc-table').count();
  c.true(tables > 0, `the figures' tables are shown (${tables})`);

  // ── the planner edits the jobs sentence and saves ──
  const figKey = `I.fig.${jobs.target.id}`;
  const figBlock = doc0.blocks.find((b) => b.key === figKey);
  c.true(figBlock, `the report has the jobs sentence (${figKey})`);
  c.true(figBlock?.text.includes(pct(jobs.achievement)), `its percentage is the dashboard's (${pct(jobs.achievement)}): ${figBlock?.text}`);
  const fig = sheet.locator(`[data-key="${figKey}"]`);
  const tail = '; các địa phương tiếp tục rà soát số liệu.'; // the planner's words, kept across regenerations
  const edited = figBlock.text.replace(/\.\s*$/, '') + tail;
  await fig.getByRole('button').first().click();
  await fig.getByRole('textbox').fill(edited);
  await fig.getByRole('button', { name: 'Xong' }).click();
  await fig.locator('.badge', { hasText: 'Đã sửa' }).waitFor();
  c.true(await page.getByText('1 thay đổi chưa lưu').isVisible(), 'the page counts the change not saved yet');
  await page.getByRole('button', { name: 'Lưu', exact: true }).click();
  await page.getByText(/Đã lưu \(phiên bản \d+\)/).waitFor();
  let stored = (await planner.request('GET', `/documents/${id}`)).data;
  c.eq([stored.blocks.find((b) => b.key === figKey)?.text, stored.blocks.find((b) => b.key === figKey)?.edited], [edited, true], 'the edit is stored');

  // ── someone saves meanwhile: the next save is refused, what was typed is kept ──
  const intro = stored.blocks.find((b) => b.kind === 'paragraph' && !b.edited && b.key !== figKey && b.text);
  const other = await planner.request('PUT', `/documents/${id}`, { version: stored.version, header: { subject: stored.header.subject + ' (bản trình)' }, blocks: [], resolve: [] });
  c.eq(other.status, 200, 'another session saves the draft (the subject)');
  const introBlock = sheet.locator(`[data-key="${intro.key}"]`);
  await introBlock.getByRole('button').first().click();
  const typed = intro.text + ' Số liệu tổng hợp từ các báo cáo đã duyệt.';
  await introBlock.getByRole('textbox').fill(typed);
  await introBlock.getByRole('button', { name: 'Xong' }).click();
  await page.getByRole('button', { name: 'Lưu', exact: true }).click();
  await page.getByText('Người khác vừa lưu báo cáo này.', { exact: false }).waitFor();
  await shot(page, 'stale-version', false);
  await page.getByRole('button', { name: 'Tải bản mới, giữ chỗ tôi đã gõ' }).click();
  await page.locator('.doc-subject', { hasText: '(bản trình)' }).waitFor();
  c.true((await introBlock.textContent()).includes('Số liệu tổng hợp từ các báo cáo đã duyệt.'), 'after loading the new version the typed paragraph is still there');
  await page.getByRole('button', { name: 'Lưu', exact: true }).click();
  await page.getByText(/Đã lưu \(phiên bản \d+\)/).waitFor();
  stored = (await planner.request('GET', `/documents/${id}`)).data;
  c.eq([stored.blocks.find((b) => b.key === intro.key)?.text, stored.header.subject.endsWith('(bản trình)')], [typed, true],
    'both saves are in the draft: the other session\'s subject and the typed paragraph');

  // ── Hà Nội's December is approved through the API: the jobs figure moves ──
  const ranked = (await leaderApi.request('GET', `/programs/${p2012.id}/dashboard?at=2012-12-31&target=${jobs.target.id}`)).data.ranking.items;
  const hanoi = ranked.find((r) => r.node.code === '01').node.unit_id;
  const editor = new Client(base);
  await editor.login('hanoi.nhaplieu', PW);
  const url = `/programs/${p2012.id}/reports/r2/2012-M12/${hanoi}`;
  const form = (await editor.request('GET', url)).data;
  const ref = Number(form.cumulative_references?.values?.[String(jobs.target.id)] ?? 0);
  const sent = await editor.request('PUT', url, { version: form.version ?? 0, submit: true, values: [
    { target_id: jobs.target.id, scope: 'period', value: '25000' }, { target_id: jobs.target.id, scope: 'cumulative', value: String(ref + 25000) }] });
  c.eq([sent.status, sent.data.status], [200, 'submitted'], 'Hà Nội sends December with 25.000 jobs');
  const approver = new Client(base);
  await approver.login('hanoi.duyet', PW);
  c.eq((await approver.request('POST', `/reports/${sent.data.id}/approve`, { version: sent.data.version })).status, 200, 'and its approver approves it');
  const jobs2 = (await dashboard()).targets.find((t) => t.target.id === jobs.target.id);
  c.true(jobs2.current === jobs.current + 25000, `the dashboard's jobs figure moves: ${jobs.current} → ${jobs2.current}`);

  // ── the draft says its figures changed; "Cập nhật số liệu" keeps the edit, shows what changed ──
  await page.reload();
  await sheet.waitFor();
  await page.locator('.notice .badge', { hasText: 'Số liệu đã thay đổi' }).waitFor();
  c.true(true, 'the draft says a later approval changed its figures');
  await page.getByRole('button', { name: 'Cập nhật số liệu' }).click();
  await page.getByText(/Đã cập nhật số liệu/).waitFor({ timeout: 60_000 });
  await fig.locator('.badge', { hasText: 'Số liệu bên dưới đã thay đổi' }).waitFor();
  c.true((await fig.locator('.doc-p').first().textContent()).endsWith(tail), 'the edit is kept over the new figures');
  const dels = await fig.locator('.doc-diff del').allTextContents();
  const ins = await fig.locator('.doc-diff ins').allTextContents();
  c.true(dels.some((d) => d.includes(pct(jobs.achievement))) && ins.some((d) => d.includes(pct(jobs2.achievement))),
    `the diff shows ${pct(jobs.achievement)} → ${pct(jobs2.achievement)}: −${JSON.stringify(dels)} +${JSON.stringify(ins)}`);
  await fig.scrollIntoViewIfNeeded();
  await shot(page, 'changed-underneath');

  // Issuing waits until the change is resolved.
  await page.getByRole('button', { name: 'Ban hành', exact: true }).click();
  const issue = page.getByRole('dialog', { name: 'Ban hành báo cáo' });
  await issue.getByText(/Còn 1 đoạn có số liệu thay đổi chưa xử lý/).waitFor();
  c.true(await issue.getByRole('button', { name: 'Ban hành', exact: true }).isDisabled(), 'issuing is refused while a paragraph\'s figures changed under an edit');
  await issue.getByRole('button', { name: 'Hủy' }).click();
  c.eq((await planner.request('POST', `/documents/${id}/issue`, { version: (await planner.request('GET', `/documents/${id}`)).data.version, date: '2013-01-05',
    signature: { authority: 'KT. BỘ TRƯỞNG', title: 'THỨ TRƯỞNG', name: 'Nguyễn Thanh Hòa' }, recipients: ['- Lưu: VT, KHTC.'] })).status, 409,
  'and the server refuses it too (409)');

  await fig.getByRole('button', { name: 'Áp dụng số mới' }).click();
  await fig.locator('.badge', { hasText: 'Số liệu bên dưới đã thay đổi' }).waitFor({ state: 'detached' });
  const resolved = (await planner.request('GET', `/documents/${id}`)).data.blocks.find((b) => b.key === figKey);
  c.true(resolved.text.endsWith(tail) && resolved.text.includes(pct(jobs2.achievement)) && resolved.state === 'edited',
    `"Áp dụng số mới": the planner's wording with the new figures: ${resolved.text}`);
  await fig.scrollIntoViewIfNeeded();
  await shot(page, 'resolved');

  // ── the leader reads the draft, without editing ──
  const leader = await newPage(browser, base, c);
  await signIn(leader, base, 'lanhdao', PW);
  await leader.getByRole('link', { name: 'Báo cáo tổng hợp' }).waitFor();
  await leader.goto(`${base}/documents/${id}`);
  await leader.locator('article.doc-sheet').waitFor();
  c.true((await leader.locator(`[data-key="${figKey}"]`).textContent()).includes(tail), 'the leader reads the edited draft');
  c.eq(await leader.locator('.doc-editable').count(), 0, 'no paragraph is editable for the leader');
  for (const name of ['Lưu', 'Cập nhật số liệu', 'Ban hành']) {
    c.eq(await leader.getByRole('button', { name, exact: true }).count(), 0, `no "${name}" for the leader`);
  }
  c.true(await leader.getByRole('link', { name: 'Tải .docx' }).isVisible(), 'the leader may download it');
  await shot(leader, 'leader-draft');
  c.eq((await leaderApi.request('PUT', `/documents/${id}`, { version: 1, blocks: [], resolve: [] })).status, 403, 'a leader\'s save is refused by the server (403)');

  // ── the planner issues it: number, date, signer ──
  await page.getByRole('button', { name: 'Ban hành', exact: true }).click();
  await issue.getByLabel('Ngày ban hành (dd/mm/yyyy)').fill('05/01/2013');
  await issue.getByLabel('Họ và tên người ký').fill('Nguyễn Thanh Hòa');
  await issue.getByRole('button', { name: 'Ban hành', exact: true }).click();
  await page.getByText(/Đã ban hành: số /).waitFor({ timeout: 60_000 });
  const issued = (await planner.request('GET', `/documents/${id}`)).data;
  c.eq(issued.status, 'issued', 'the report is issued');
  c.true(new RegExp(`^\\d+/${escape(issued.header.symbol)}$`).test(issued.header.number ?? ''), `it has its number: ${issued.header.number}`);
  c.eq(await sheet.locator('.doc-number').textContent(), `Số: ${issued.header.number}`, 'the preview shows the number');
  c.eq(await sheet.locator('.doc-dateline').textContent(), 'Hà Nội, ngày 05 tháng 01 năm 2013', 'and the date as Decree 30 writes it');
  c.eq(await sheet.locator('.doc-sign-name').textContent(), 'Nguyễn Thanh Hòa', 'and the signer');
  c.eq(await page.locator('.doc-editable').count(), 0, 'an issued report is no longer editable');
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, 'issued');

  // ── "In": the preview alone on A4 portrait, Decree 30's numbering from page 2 ──
  await page.emulateMedia({ media: 'print' });
  const pdfPath = join(shots, 'documents-2012-M12-print.pdf');
  await page.pdf({ path: pdfPath, preferCSSPageSize: true, printBackground: true });
  await page.emulateMedia({ media: 'screen' });
  const info = execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' });
  const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
  c.true(/Page size:\s+59[45]\.\d+ x 84[12]\.\d+ pts/.test(info) && pages > 1, `the print is A4 portrait, ${pages} pages`);
  const pageText = (n) => execFileSync('pdftotext', ['-layout', '-f', String(n), '-l', String(n), pdfPath, '-'], { encoding: 'utf8' });
  const first = pageText(1);
  c.true(first.includes('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM') && first.includes('BÁO CÁO') && first.includes(`Số: ${issued.header.number}`),
    'page 1 opens with the header table, the number and "BÁO CÁO"');
  c.true(!/Tổng quan|Đăng xuất|Cập nhật số liệu|Tải \.docx/.test(first), 'nothing of the application prints (menu, buttons)');
  c.eq(pageText(2).trim().split('\n')[0].trim(), '2', 'page 2 is numbered at its top, page 1 is not');
  execFileSync('pdftoppm', ['-r', '72', '-f', '1', '-l', '1', '-png', '-singlefile', pdfPath, join(shots, 'documents-2012-M12-print-p1')]);

  // ── the .docx, read back with python-docx; the tables' .xlsx ──
  const [docx] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Tải .docx' }).click()]);
  const docxPath = join(shots, 'documents-2012-M12.docx');
  await docx.saveAs(docxPath);
  const read = JSON.parse(execFileSync('/usr/bin/python3', ['-c', `
import json, sys, docx
d = docx.Document(sys.argv[1])
paras = [p.text for p in d.paragraphs]
cells = [c.text for t in d.tables for r in t.rows for c in r.cells]
print(json.dumps({"paras": paras, "cells": cells}))`, docxPath], { encoding: 'utf8', timeout: 60_000 }));
  const all = [...read.paras, ...read.cells];
  c.true(all.some((p) => p.endsWith(tail) && p.includes(pct(jobs2.achievement))), 'the .docx says the planner\'s sentence with the new figure');
  c.true(all.some((p) => p.includes(issued.header.number)), `the .docx carries the number ${issued.header.number}`);
  c.true(all.some((p) => p.includes('Số liệu tổng hợp từ các báo cáo đã duyệt.')), 'and the paragraph typed across the refused save');
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Tải Excel các bảng' }).click()]);
  const xlsxPath = join(shots, 'documents-2012-M12-tables.xlsx');
  await xlsx.saveAs(xlsxPath);
  c.eq(readFileSync(xlsxPath).subarray(0, 2).toString(), 'PK', 'the tables download as an .xlsx');

  // ── the list shows it issued ──
  await page.getByRole('link', { name: /Danh sách báo cáo/ }).click();
  const row = page.locator('table.documents-list tr', { has: page.locator(`a[href="/documents/${id}"]`) });
  await row.waitFor();
  c.true((await row.textContent()).includes(issued.header.number) && (await row.textContent()).includes('Đã ban hành'), 'the list shows December issued with its number');
  await shot(page, 'list');

} catch (e) {
  c.true(false, 'the flow runs to its end: ' + (e.stack ?? e));
  await page?.screenshot({ path: join(shots, 'documents-failure.png'), fullPage: false }).catch(() => {});
} finally {
  await browser?.close();
  await wp.stop();
}
c.finish();
