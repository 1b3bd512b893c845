#!/usr/bin/env node
// The giao ban's briefing pack in the browser (issue 17), on the demo as `make run` starts it:
// the leader (lanhdao) opens "Tài liệu giao ban" from the reports' list, reads the pack of
// 31/12/2012 an area a page, and clicks "Tải .docx": the file is named for December 2012 in
// Vietnamese and, read back with python-docx, holds the page's areas in order, each opening a
// page (WPArea), with the same targets and % of plan as the page shows. Screenshots under
// build/screenshots/briefing-*.png.
//
// usage: briefing.mjs WORKPLAN_BINARY   (exit 77: skipped, no Chromium)
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Check, Client, Workplan, e2eStart, launchChromium, newPage, screenshotsDir, signIn } from './harness.mjs';

const binary = e2eStart('briefing', 300);

const c = new Check('e2e briefing');
const wp = new Workplan(binary);
delete wp.env.WORKPLAN_CLOCK_FILE; // the demo runs on the real clock, as make run does
const PW = 'workplan-demo';
const shots = screenshotsDir();

let browser;
let page;
try {
  const base = await wp.start(['--demo']);
  const api = new Client(base);
  await api.login('lanhdao', PW);
  const p2012 = (await api.request('GET', '/programs')).data.items.find((p) => p.year === 2012);
  const brief = (await api.request('GET', `/programs/${p2012.id}/briefing?at=2012-12-31`)).data;
  c.true(brief.areas?.length >= 14, `the demo's pack has the 2012 decision's areas (${brief.areas?.length})`);

  browser = await launchChromium();
  page = await newPage(browser, base, c);
  await signIn(page, base, 'lanhdao', PW);

  // ── from the reports' list to the pack of 31/12/2012 ──
  await page.goto(`${base}/documents?program=${p2012.id}`);
  await page.getByRole('link', { name: 'Tài liệu giao ban' }).click();
  await page.waitForURL(/\/briefing\?/);
  await page.goto(`${base}/briefing?program=${p2012.id}&at=2012-12-31`);
  const areas = page.locator('section.brief-area');
  await areas.first().waitFor({ timeout: 60_000 });
  const onPage = await areas.evaluateAll((secs) => secs.map((s) => ({
    heading: s.querySelector('h2')?.textContent ?? '',
    rows: [...s.querySelectorAll('table.brief-targets tbody tr')].map((tr) => ({
      name: tr.querySelector('th')?.textContent ?? '',
      pct: tr.querySelectorAll('td')[3]?.textContent ?? '',
      state: tr.querySelectorAll('td')[4]?.textContent ?? '',
    })),
  })));
  c.eq(onPage.map((a) => a.heading), brief.areas.map((a) => `${a.section}. ${a.title}`), 'the page shows the areas of the pack, in order');
  await page.screenshot({ path: join(shots, 'briefing-page.png') });

  // ── "Tải .docx" ──
  const button = page.getByRole('link', { name: 'Tải .docx' });
  c.true(await button.isVisible(), 'the leader may download the pack');
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), button.click()]);
  c.eq(download.suggestedFilename(), 'Tài liệu giao ban tháng 12 năm 2012.docx', 'the file is named for December 2012 in Vietnamese');
  const path = join(shots, 'briefing-2012-M12.docx');
  await download.saveAs(path);
  c.eq(readFileSync(path).subarray(0, 2).toString(), 'PK', 'a .docx (a zip)');
  const read = JSON.parse(execFileSync('/usr/bin/python3', ['-c', `
import json, sys, docx
from docx.table import Table
from docx.text.paragraph import Paragraph
d = docx.Document(sys.argv[1])
def breaks(p):
    if p.paragraph_format.page_break_before is not None:
        return p.paragraph_format.page_break_before
    s = p.style
    while s is not None:
        if s.paragraph_format.page_break_before is not None:
            return s.paragraph_format.page_break_before
        s = s.base_style
    return False
areas = []
for el in d.element.body.iterchildren():
    tag = el.tag.rsplit("}", 1)[-1]
    if tag == "p":
        p = Paragraph(el, d)
        if p.style.style_id == "WPArea":
            areas.append({"heading": p.text, "breaks": bool(breaks(p)), "rows": []})
    elif tag == "tbl" and areas and not areas[-1]["rows"]:
        t = Table(el, d)
        areas[-1]["rows"] = [{"name": r.cells[1].text, "pct": r.cells[5].text, "state": r.cells[6].text} for r in t.rows[1:]]
s = d.sections[0]
print(json.dumps({"title": [p.text for p in d.paragraphs if p.style.style_id == "WPTitle"],
                  "a4": [round(s.page_width.mm), round(s.page_height.mm)],
                  "font": d.styles["Normal"].font.name, "areas": areas}))`, path], { encoding: 'utf8', timeout: 60_000 }));
  c.eq(read.title, ['TÀI LIỆU GIAO BAN THÁNG 12 NĂM 2012'], 'the title names the month');
  c.eq([read.a4, read.font], [[210, 297], 'Times New Roman'], 'A4 in Times New Roman');
  const number = (section) => (section.startsWith('II.') ? section.slice(3) : section);
  c.eq(read.areas.map((a) => a.heading), brief.areas.map((a) => `${number(a.section)}. ${a.title}`), 'the file has the page\'s areas, in order');
  c.true(read.areas.length > 0 && read.areas.every((a) => a.breaks), 'each starting on a new page');
  c.eq(read.areas.map((a) => a.rows), onPage.map((a) => a.rows), 'with the targets, % of plan and states the page shows');
} catch (e) {
  c.true(false, 'the flow runs to its end: ' + (e.stack ?? e));
  await page?.screenshot({ path: join(shots, 'briefing-failure.png'), fullPage: false }).catch(() => {});
} finally {
  await browser?.close();
  await wp.stop();
}
c.finish();
