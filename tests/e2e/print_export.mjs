#!/usr/bin/env node
// Printing and "Xuất Excel" (issue 17, acceptance) in Debian's Chromium against the demo
// (workplan serve --demo, the real clock): the leader opens the 2012 dashboard at 31/12/2012;
// in print media the menu, filters and buttons are gone and no table is wider than its box at
// A4 landscape's width; the PDF Chromium prints (the page's own @page) is A4 landscape on every
// page, each page opening with the print head or the repeated header row, numbered "Trang n/N",
// without the navigation's labels; page 1 as a PNG in build/screenshots/. Then "Xuất Excel" on
// the targets table: the download read by check_xlsx.py (openpyxl) holds the dashboard's numbers.
//
// usage: print_export.mjs WORKPLAN_BINARY   (exit 77: skipped, no Chromium)
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Check, Client, ROOT, Workplan, e2eStart, launchChromium, newPage, screenshotsDir, signIn } from './harness.mjs';

const binary = e2eStart('print_export', 600);
const c = new Check('e2e print_export');
const wp = new Workplan(binary);
delete wp.env.WORKPLAN_CLOCK_FILE; // the demo runs on the real clock, as make run does
const DEMO_PASSWORD = 'workplan-demo';
const A4_LANDSCAPE_CSS_PX = 1032; // 297 mm − 2 × 12 mm at 96 px per inch

function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.status} ${r.stderr}`);
  return r.stdout;
}

async function main() {
  for (const tool of ['pdfinfo', 'pdftotext', 'pdftoppm']) {
    if (spawnSync('which', [tool]).status !== 0) {
      console.log(`SKIPPED: ${tool} missing (poppler-utils: scripts/install-deps installs it)`);
      process.exit(77);
    }
  }
  const base = await wp.start(['--demo']);
  const leader = new Client(base);
  await leader.login('lanhdao', DEMO_PASSWORD);
  const p2012 = (await leader.request('GET', '/programs')).data.items.find((p) => p.year === 2012);
  const dash = (await leader.request('GET', `/programs/${p2012.id}/dashboard?at=2012-12-31`)).data;
  c.true(dash.targets.length > 50, `the dashboard lists the targets (${dash.targets.length})`);
  const dashPath = join(wp.tmp, 'dashboard.json');
  writeFileSync(dashPath, JSON.stringify(dash));

  const browser = await launchChromium();
  try {
    const page = await newPage(browser, base, c);
    await signIn(page, base, 'lanhdao', DEMO_PASSWORD);
    await page.goto(`${base}/?program=${p2012.id}&at=2012-12-31`);
    await page.locator('#targets-table tbody tr').first().waitFor();
    await page.waitForFunction((n) => document.querySelectorAll('#targets-table tbody tr').length === n, dash.targets.length);
    const navLabels = await page.locator('header.top nav a').allInnerTexts();
    const mainText = await page.locator('main').innerText();
    const chrome = [...navLabels, 'Đăng xuất', 'Xuất Excel', 'Diễn biến'].filter((l) => l.trim() && !mainText.replace('Diễn biến', '').replace('Xuất Excel', '').includes(l.trim()));

    // ── print media at A4 landscape's width ──
    await page.setViewportSize({ width: A4_LANDSCAPE_CSS_PX, height: 720 });
    await page.emulateMedia({ media: 'print' });
    const seen = await page.evaluate(() => {
      const shown = (sel) => [...document.querySelectorAll(sel)].filter((e) => getComputedStyle(e).display !== 'none').length;
      return {
        header: getComputedStyle(document.querySelector('header.top')).display,
        printHead: getComputedStyle(document.querySelector('.print-head')).display,
        hidden: { filters: shown('.filters'), chips: shown('.chips'), search: shown('.search'), buttons: shown('main button'), rule: shown('details.rule'), spark: shown('.spark') },
        wide: [...document.querySelectorAll('.table-wrap')].filter((w) => w.scrollWidth > w.clientWidth + 1).map((w) => `${w.scrollWidth}>${w.clientWidth}`),
        thead: getComputedStyle(document.querySelector('#targets-table thead')).display,
        overflow: getComputedStyle(document.querySelector('.table-wrap')).overflowX,
      };
    });
    c.eq(seen.header, 'none', 'printed, the menu bar (header.top) is hidden');
    c.eq(seen.printHead, 'block', 'printed, the print head shows');
    c.eq(seen.hidden, { filters: 0, chips: 0, search: 0, buttons: 0, rule: 0, spark: 0 }, 'no filters, chips, search, buttons, rule or sparklines on paper');
    c.eq(seen.wide, [], 'no table is wider than its box at A4 landscape\'s width');
    c.eq([seen.thead, seen.overflow], ['table-header-group', 'visible'], 'a real table (not the phone\'s cards), nothing scrolled away');

    const pdfPath = join(wp.tmp, 'dashboard.pdf');
    await page.pdf({ path: pdfPath, preferCSSPageSize: true, printBackground: true });
    const info = run('pdfinfo', ['-f', '1', '-l', '999', pdfPath]);
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? 0);
    const sizes = [...info.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/gm)].map((m) => [Math.round(Number(m[1])), Math.round(Number(m[2]))]);
    c.true(pages >= 2, `the dashboard prints on ${pages} pages`);
    c.true(sizes.length === pages && sizes.every(([w, h]) => w === 842 && h === 595), `every page is A4 landscape (842×595 pt): ${JSON.stringify(sizes.slice(0, 3))}`);
    const heads = [];
    for (let n = 1; n <= pages; n++) {
      const text = run('pdftotext', ['-f', String(n), '-l', String(n), '-layout', pdfPath, '-']);
      const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
      const first = lines[0] ?? '';
      const opensRight = n === 1 ? first.startsWith(p2012.number) : /^Chỉ tiêu\s+Kế hoạch\s+Ước\/thực hiện\s+Mức đạt/.test(first);
      heads.push(opensRight ? 'ok' : first.slice(0, 80));
      c.true(text.includes(`Trang ${n}/${pages}`), `page ${n} is numbered "Trang ${n}/${pages}"`);
      const leaked = chrome.filter((l) => text.includes(l));
      c.eq(leaked, [], `page ${n} has none of the navigation's labels or buttons`);
    }
    c.eq(heads, heads.map(() => 'ok'), 'page 1 opens with the print head (the program), every other with the repeated header row');
    const page1 = run('pdftotext', ['-f', '1', '-l', '1', pdfPath, '-']);
    c.true(page1.includes('Ngày số liệu: 31/12/2012') && page1.includes('từ các báo cáo đã duyệt') && page1.includes('In lúc'), 'the print head: the date of the figures, approved reports, when printed');
    const shots = screenshotsDir();
    run('pdftoppm', ['-r', '80', '-f', '1', '-l', '2', '-png', pdfPath, join(wp.tmp, 'print')]);
    for (const [n, name] of [[1, 'print-dashboard-p1.png'], [2, 'print-dashboard-p2.png']]) {
      const made = [join(wp.tmp, `print-${n}.png`), join(wp.tmp, `print-0${n}.png`)].find((p) => existsSync(p));
      c.true(made, `page ${n} rendered to PNG`);
      if (made) copyFileSync(made, join(shots, name));
    }
    copyFileSync(pdfPath, join(shots, 'print-dashboard.pdf'));

    // ── "Xuất Excel" on the targets table ──
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 1280, height: 900 });
    const button = page.locator('button[data-export-table="targets-table"]');
    c.eq(await button.innerText(), 'Xuất Excel', 'the targets table has its "Xuất Excel"');
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), button.click()]);
    c.eq(download.suggestedFilename(), 'bang-dieu-hanh.xlsx', 'the file is named after the table');
    const xlsx = join(wp.tmp, 'targets.xlsx');
    await download.saveAs(xlsx);
    copyFileSync(xlsx, join(shots, 'print-export-targets.xlsx'));
    const check = spawnSync('/usr/bin/python3', [join(ROOT, 'tests', 'e2e', 'check_xlsx.py'), xlsx, dashPath], { encoding: 'utf8', timeout: 120_000 });
    process.stdout.write(check.stdout + check.stderr);
    c.eq(check.status, 0, 'the downloaded workbook opens with openpyxl and holds the dashboard\'s numbers (check_xlsx.py)');

    // ── the other printed pages: a target (its months and provinces), the tasks by lead unit,
    // the reporting overview ──
    const jobs = dash.targets.find((x) => x.target.indicator_code === 'viec_lam');
    for (const [name, path, table] of [
      ['target', `/targets/${jobs.target.id}?program=${p2012.id}&at=2012-12-31`, '#ranking-table'],
      ['tasks', `/tasks?program=${p2012.id}&at=2012-12-31&view=list`, '#units-tasks'],
      ['overview', `/overview?program=${p2012.id}`, '#units-table'],
    ]) {
      await page.goto(base + path);
      await page.locator(`${table} tbody tr`).first().waitFor();
      await page.setViewportSize({ width: A4_LANDSCAPE_CSS_PX, height: 720 });
      await page.emulateMedia({ media: 'print' });
      const got = await page.evaluate(() => ({
        header: getComputedStyle(document.querySelector('header.top')).display,
        head: getComputedStyle(document.querySelector('.print-head')).display,
        buttons: [...document.querySelectorAll('main button:not(.tile)')].filter((e) => getComputedStyle(e).display !== 'none').length,
        tiles: [...document.querySelectorAll('main button.tile')].filter((e) => getComputedStyle(e).display !== 'none').length,
        wide: [...document.querySelectorAll('.table-wrap')].filter((w) => w.scrollWidth > w.clientWidth + 1).length,
      }));
      c.eq(got, { header: 'none', head: 'block', buttons: 0, tiles: name === 'target' ? 63 : 0, wide: 0 },
        `${name}: printed without the menu or buttons (the provinces' map kept), with its head, no table cut`);
      const pdf = join(wp.tmp, `${name}.pdf`);
      await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
      const sizes = [...run('pdfinfo', ['-f', '1', '-l', '999', pdf]).matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/gm)]
        .map((m) => `${Math.round(Number(m[1]))}x${Math.round(Number(m[2]))}`);
      c.true(sizes.length > 0 && sizes.every((x) => x === '842x595'), `${name}: ${sizes.length} A4 landscape pages`);
      const text1 = run('pdftotext', ['-f', '1', '-l', '1', '-layout', pdf, '-']);
      const first = text1.split('\n').map((l) => l.trim()).find(Boolean) ?? '';
      c.true(first.startsWith(p2012.number) && !text1.includes('Đang tải'), `${name}: page 1 opens with the print head, nothing left loading: "${first.slice(0, 60)}"`);
      run('pdftoppm', ['-r', '80', '-f', '1', '-l', '2', '-png', pdf, join(wp.tmp, name)]);
      for (const n of [1, 2]) {
        const png = [join(wp.tmp, `${name}-${n}.png`), join(wp.tmp, `${name}-0${n}.png`)].find((x) => existsSync(x));
        if (png) copyFileSync(png, join(shots, `print-${name}-p${n}.png`));
      }
      await page.emulateMedia({ media: 'screen' });
      await page.setViewportSize({ width: 1280, height: 900 });
    }

    // ── a second table's Excel: the tasks by lead unit, its counts as numbers ──
    await page.goto(`${base}/tasks?program=${p2012.id}&at=2012-12-31&view=list`);
    await page.locator('#units-tasks tbody tr').first().waitFor();
    const board = (await leader.request('GET', `/programs/${p2012.id}/task-status?as_of=2012-12-31`)).data;
    const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }),
      page.locator('button[data-export-table="units-tasks"]').click()]);
    const unitsXlsx = join(wp.tmp, 'units.xlsx');
    await dl.saveAs(unitsXlsx);
    const read = spawnSync('/usr/bin/python3', ['-c', `
import json, openpyxl, sys
ws = openpyxl.load_workbook(sys.argv[1]).active
rows = list(ws.iter_rows(values_only=True))
h = next(i for i, r in enumerate(rows) if r[0] == 'Chủ trì')
print(json.dumps({"filters": [r[0] for r in rows[1:h] if r[0]], "rows": [[r[0], r[1], r[6]] for r in rows[h + 1:]]}))
`, unitsXlsx], { encoding: 'utf8', timeout: 60_000 });
    const units = read.status === 0 ? JSON.parse(read.stdout) : { filters: [], rows: [] };
    c.true(read.status === 0, 'the tasks workbook opens with openpyxl: ' + read.stderr.slice(-300));
    c.true(units.filters.includes('Ngày số liệu: 31/12/2012'), `the tasks workbook's filter row: ${JSON.stringify(units.filters)}`);
    c.eq(units.rows.map((r) => [r[1], r[2]]), board.units.map((u) => [u.counts.overdue, u.counts.total]),
      'each lead unit\'s overdue and total tasks are numbers equal to task-status\'s');
  } finally {
    await browser.close();
  }
}

try {
  await main();
} catch (e) {
  c.true(false, 'the run ends normally: ' + (e.stack ?? e));
} finally {
  await wp.stop();
}
c.finish();
