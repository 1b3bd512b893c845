#!/usr/bin/env node
// The demo as `make run` starts it (workplan serve --demo, the real clock) on a temporary SQLite
// database: its year of 2012 reports written at first start, on the days they would have been
// sent, and not again at a restart; the figures the dashboard shows are those of the approved
// reports.
//
// usage: demo_dashboard.mjs WORKPLAN_BINARY   (exit 77: skipped, no Chromium)
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { Check, Client, ROOT, Workplan, chromiumPresent } from './harness.mjs';

const binary = process.argv[2];
if (!binary) {
  console.error('usage: demo_dashboard.mjs WORKPLAN_BINARY');
  process.exit(2);
}
if (!chromiumPresent()) {
  console.log('SKIPPED: no Chromium at /usr/bin/chromium (scripts/install-deps installs Debian\'s chromium)');
  process.exit(77);
}
if (!existsSync(join(ROOT, 'web', 'dist', 'index.html'))) {
  console.error('web/dist is not built: run make (or npm run build in web/)');
  process.exit(1);
}

const watchdog = setTimeout(() => {
  console.error('demo_dashboard: still running after 300 s, giving up');
  process.exit(1);
}, 300_000);
watchdog.unref();

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
  const jobs = dash.targets.find((t) => t.target.section === 'II.2.1' && t.target.unit === 'người');
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

  // Written through the service: audited, by "demo", at the times of 2012.
  const admin = new Client(base);
  await admin.login('admin', DEMO_PASSWORD);
  const verify = (await admin.request('GET', '/audit/verify')).data;
  c.true(verify.ok, 'the audit chain verifies');
  const entries = (await admin.request('GET', '/audit?after=20&limit=5')).data.items;
  c.true(entries.some((e) => e.actor === 'demo' && e.action.startsWith('report.') && e.at.startsWith('2012-')),
    'report writes are audited as the demo, at 2012 times');

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

try {
  await demoApi();
} catch (e) {
  c.true(false, 'the test ran to its end: ' + (e.stack ?? e));
} finally {
  await wp.stop().catch(() => {});
}
c.finish();
