#!/usr/bin/env python3
"""The briefing pack of the monthly giao ban (issue 17), against the real binary on the rehearsal
clock (22 October 2012), the 2012 decision published, the jobs target shared out to the 63
provinces and ten months of figures loaded for them (six provinces far behind):

- one area per item of part II, in the decision's order, titled as the decision titles it; the
  jobs target (I.1, restated in II.2.1) on the page of II.2;
- every target's plan, figure and % of plan are the dashboard's at the same date, and the
  cover's headline counts and reporting panel too;
- at most three shortfalls per area, the largest gap to the expected pace first;
- the provinces lagging most on II.2's main target: the five furthest behind, in order, with
  the dashboard ranking's figures, none on pace;
- at most five overdue tasks per area, the longest overdue first, "quá hạn N ngày" counted from
  the deadline, and the area's total the overdue list's rows of its sections;
- a leader (viewer) reads it, a province's editor gets its province's, another province is out
  of scope; a bad date and an unknown program are refused with a Vietnamese message; the route
  is in openapi.json;
- briefing.docx, read back with python-docx: "giao-ban-2012-M10.docx" (and its Vietnamese
  filename*), A4 in Times New Roman, "TÀI LIỆU GIAO BAN THÁNG 10 NĂM 2012", one WPArea heading
  per area of the JSON, in order, each starting a new page; each area's table holds the JSON's
  targets with the same plan, figure, % of plan, state and coverage, then its shortfalls,
  lagging provinces and overdue tasks; ?period= picks the month (its end, or today), a quarter,
  a month not begun or of another year is refused; the same access as the JSON; `workplan
  document briefing` writes it; LibreOffice prints each area from the top of a page
  (build/screenshots/briefing-docx-*.png).

usage: briefing_test.py WORKPLAN_BINARY sqlite|postgres"""
import datetime as dt
import io
import json
import os
import re
import sys
import tempfile
import urllib.parse
import zipfile

from harness import Client, PASSWORD, routes_missing_from_openapi, run_on_2012_program, workplan

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import office  # noqa: E402
import ooxml  # noqa: E402

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SCALES = {"nghìn tỷ": 1e12, "nghìn": 1e3, "triệu": 1e6, "tỷ": 1e9}

TODAY = dt.date(2012, 10, 22)
LOW = {"02": 0.30, "04": 0.35, "06": 0.40, "08": 0.45, "10": 0.50, "11": 0.55}


def area_of(section):
    """"II.2.1" → "II.2"; "" outside part II."""
    parts = section.split(".")
    return ".".join(parts[:2]) if parts[0] == "II" and len(parts) > 1 else ""


def run(port, pid, db, c):
    admin = Client(port)
    c.eq(admin.login("admin")[0], 200, "admin signs in")
    base = "/api/v1/programs/%d" % pid
    _, provinces, _ = admin.request("GET", "/api/v1/org-units?at=2012-06-30&kind=province")
    provinces = provinces["items"]
    by_code = {u["code"]: u for u in provinces}

    def add_user(name, role, unit_id):
        st, _, _ = admin.request("POST", "/api/v1/users", {
            "username": name, "password": PASSWORD, "role": role, "unit_id": unit_id})
        c.eq(st, 201, "create " + name)
        cl = Client(port)
        c.eq(cl.login(name)[0], 200, name + " signs in")
        return cl

    viewer = add_user("lanhdao", "viewer", None)
    hanoi = add_user("hanoi.nhap", "editor", by_code["01"]["id"])

    # The jobs target shared out (25 000 a province, Hà Nội the rest) and nine months loaded.
    _, targets, _ = admin.request("GET", base + "/targets")
    jobs = next(t for t in targets["items"] if t["indicator"] == "Tạo việc làm")
    shares = {p["code"]: 25000 for p in provinces}
    shares["01"] = 1600000 - 25000 * 62
    st, _, _ = admin.request("PUT", base + "/allocations", {"items": [
        {"target_id": jobs["id"], "unit": code, "value": v} for code, v in shares.items()]})
    c.eq(st, 200, "the jobs target is shared out to the provinces")
    rows = ["obligation,period,unit,target_id,scope,kind,value"]
    for code, share in shares.items():
        for month in range(3, 11):
            value = round(share * 0.1 * LOW.get(code, 1.0)) + (month if code not in LOW else 0)
            rows.append("r2,2012-M%02d,%s,%d,period,actual,%d" % (month, code, jobs["id"], value))
    st, b, _ = admin.request("POST", base + "/bulk-values", "\n".join(rows) + "\n", "text/csv")
    c.eq((st, b.get("values")), (200, len(rows) - 1), "ten months of figures loaded")

    at = TODAY.isoformat()
    st, brief, _ = viewer.request("GET", base + "/briefing?at=" + at)
    c.eq(st, 200, "a leader opens the briefing pack")
    if st != 200:
        return
    _, dash, _ = viewer.request("GET", base + "/dashboard?at=" + at)
    if os.environ.get("BRIEFING_DUMP"):
        with open(os.environ["BRIEFING_DUMP"], "w") as f:
            json.dump(brief, f, ensure_ascii=False, indent=1)
    _, outline, _ = viewer.request("GET", base + "/outline")
    sections = outline["items"] if isinstance(outline, dict) and "items" in outline else outline
    items_of_ii = []
    for s in sections:
        if area_of(s["number"]) == s["number"] and s["number"] not in [x[0] for x in items_of_ii]:
            items_of_ii.append((s["number"], s["title"]))

    # ── the cover ──
    c.eq(brief["at"], at, "the pack is of the date asked")
    c.eq(brief["headline_counts"], dash["headline_counts"], "the cover's counts are the dashboard's")
    c.eq(brief["headline"], dash["headline"], "and its headline")
    c.eq(brief["reporting"]["counts"], dash["reporting"]["counts"],
         "the reporting of the period is the dashboard's")
    c.eq(brief["reporting"]["text"], dash["reporting"]["text"], "with the same sentence")
    c.eq(brief["program"]["number"], "224/QĐ-LĐTBXH", "the program named on the cover")

    # ── one area per item of part II, in order ──
    areas = brief["areas"]
    of_ii = [(a["section"], a["title"]) for a in areas if a["section"].startswith("II.")]
    c.eq(of_ii, items_of_ii, "an area per item of part II, in order, with its title")
    c.true(len(of_ii) == 14, "the 2012 decision has 14 items in part II: %d" % len(of_ii))
    placed = {}
    for a in areas:
        for t in a["targets"]:
            c.true(t["target_id"] not in placed, "target %d on one page only" % t["target_id"])
            placed[t["target_id"]] = a["section"]
    c.eq(sorted(placed), sorted(t["target"]["id"] for t in dash["targets"]),
         "every target of the dashboard is on a page")
    c.eq(placed.get(jobs["id"]), "II.2", "jobs created (I.1, restated in II.2.1) is on II.2's page")
    # Section I's targets no item of part II restates go to the area their unit leads.
    code_of = {t["id"]: t.get("indicator_code") for t in targets["items"]}
    for code, area in (("ty_le_ho_ngheo", "II.7"), ("nha_tinh_nghia_xay_moi", "II.6"),
                       ("tuyen_moi_day_nghe", "II.5"), ("cai_nghien", "II.11"),
                       ("xkld", "II.3"), ("tre_em_dbkk_tro_giup", "II.9")):
        ids = [i for i, cd in code_of.items() if cd == code and i in placed]
        c.eq([placed[i] for i in ids], [area], "%s is on %s's page" % (code, area))
    c.true(all(a["section"].startswith("II.") for a in areas),
           "every target of section I finds its area of part II")

    # ── the figures are the dashboard's ──
    by_id = {t["target"]["id"]: t for t in dash["targets"]}
    for a in areas:
        for t in a["targets"]:
            d = by_id[t["target_id"]]
            c.eq((t["plan"], t["current"], t["achievement"], t["state"]),
                 (d["target_value"], d["current"], d["achievement"], d["state"]),
                 "target %d: plan, figure, %% of plan and state as the dashboard's"
                 % t["target_id"])
            c.eq(t["coverage"], d["coverage"], "target %d: the same coverage" % t["target_id"])

    # ── shortfalls ──
    for a in areas:
        gaps = [s["gap"] for s in a["shortfalls"]]
        c.true(len(gaps) <= 3, "%s: at most three shortfalls" % a["section"])
        c.eq(gaps, sorted(gaps, reverse=True), "%s: the largest shortfall first" % a["section"])
        for s in a["shortfalls"]:
            t = by_id[s["target_id"]]
            c.eq(s["achievement"], t["achievement"], "a shortfall's %% is the dashboard's")
            c.true(s["gap"] > 0 and s["text"].startswith("đạt "), "a shortfall says what it lacks")
            c.true(placed[s["target_id"]] == a["section"], "a shortfall of the area's targets")
    jobs_row = by_id[jobs["id"]]
    ii2 = next(a for a in areas if a["section"] == "II.2")
    share = jobs_row["expected"] / jobs_row["target_value"]
    c.true(jobs_row["achievement"] < share, "jobs is behind its pace (six provinces far behind)")
    mine = [s for s in ii2["shortfalls"] if s["target_id"] == jobs["id"]]
    c.eq(len(mine), 1, "jobs behind its pace is among II.2's shortfalls")
    for s in mine:
        c.eq(round(s["expected"], 9), round(share, 9), "its expected share of the year's plan")
        c.eq(round(s["gap"], 9), round(share - jobs_row["achievement"], 9), "what it lacks")

    # ── the provinces lagging most on II.2's main target ──
    c.eq(ii2["main_target"], jobs["id"], "II.2's main province-reported target is jobs")
    lagging = ii2["lagging_units"]
    c.eq([x["unit"]["code"] for x in lagging], ["02", "04", "06", "08", "10"],
         "the five provinces furthest behind, furthest first")
    _, ranked, _ = viewer.request("GET", base + "/dashboard?at=%s&target=%d" % (at, jobs["id"]))
    ranking = {r["node"]["code"]: r for r in ranked["ranking"]["items"]}
    for x in lagging:
        r = ranking[x["unit"]["code"]]
        c.eq((x["achievement"], x["pace"], x["current"]), (r["achievement"], r["pace"], r["current"]),
             "%s: the ranking's figures" % x["unit"]["code"])
        c.true((x["pace"] if x["pace"] is not None else x["achievement"]) < 1,
               "%s is behind its pace" % x["unit"]["code"])

    # ── the tasks overdue longest ──
    _, overdue, _ = viewer.request("GET", base + "/overdue-tasks?as_of=" + at)
    per_area = {}
    for o in overdue["items"]:
        key = area_of(o["section"]) or o["section"].split(".")[0]
        per_area[key] = per_area.get(key, 0) + 1
    c.true(sum(per_area.values()) > 0, "some tasks are overdue on 22/10/2012")
    for a in areas:
        listed = a["overdue_tasks"]
        c.eq(a["overdue_total"], per_area.get(a["section"], 0),
             "%s: its overdue tasks are the overdue list's rows of its sections" % a["section"])
        c.eq(len(listed), min(5, a["overdue_total"]), "%s: at most five listed" % a["section"])
        days = [x["days_overdue"] for x in listed]
        c.eq(days, sorted(days, reverse=True), "%s: the longest overdue first" % a["section"])
        for x in listed:
            due = dt.date.fromisoformat(x["deadline"])
            c.eq(x["days_overdue"], (TODAY - due).days, "days overdue counted from the deadline")
            c.eq(x["text"], "quá hạn %d ngày" % x["days_overdue"], "as the lead says it")
            c.true(x["what"] and x["lead"]["name"], "the task's text and its lead unit")
    pairs = sorted((a["section"], x["task_id"], x["lead"]["id"])
                   for a in areas for x in a["overdue_tasks"])
    c.eq(len(pairs), len(set(pairs)), "a task and lead listed once")
    n = sum(a["overdue_total"] for a in areas)
    c.eq(n, len(overdue["items"]), "every overdue row is counted on some page")

    # ── who reads it ──
    st, mine, _ = hanoi.request("GET", base + "/briefing?at=" + at)
    c.eq((st, (mine.get("unit") or {}).get("code")), (200, "01"),
         "a province's editor gets its province's pack")
    if st == 200:
        mine_targets = [t["target_id"] for a in mine["areas"] for t in a["targets"]]
        c.true(jobs["id"] in mine_targets, "with the targets Hà Nội reports")
    st, b, _ = hanoi.request("GET", base + "/briefing?at=%s&unit=%d" % (at, by_code["31"]["id"]))
    c.eq((st, b["error"]["code"]), (403, "out_of_scope"),
         "another province's pack is out of an editor's scope")
    st, b, _ = viewer.request("GET", base + "/briefing?at=31/12/2012")
    c.eq(st, 400, "a date not in YYYY-MM-DD is refused")
    c.true("message" in b.get("error", {}) and any(ch in b["error"]["message"] for ch in "àáạảãâăđêôơư"),
           "with a Vietnamese message: %r" % b)
    st, b, _ = viewer.request("GET", "/api/v1/programs/9999/briefing")
    c.eq(st, 404, "an unknown program")
    st, _, _ = Client(port).request("GET", base + "/briefing")
    c.eq(st, 401, "not signed in")

    check_docx(port, pid, db, c, viewer, hanoi, brief, by_code)

    missing, paths = routes_missing_from_openapi(admin)
    c.eq(missing, [], "every route answered is in openapi.json")
    c.true("/api/v1/programs/{id}/briefing" in paths, "the briefing is described")
    c.true("/api/v1/programs/{id}/briefing.docx" in paths, "and its .docx")


def vn_number(text):
    """"1.618,9" → (1618.9, 1 decimal shown); None for an empty cell."""
    text = text.strip()
    if not text:
        return None
    m = re.fullmatch(r"(-?[\d.]+)(?:,(\d+))?", text)
    if not m:
        raise ValueError("not a Vietnamese number: %r" % text)
    decimals = m.group(2) or ""
    return float(m.group(1).replace(".", "") + "." + (decimals or "0")), len(decimals)


def same_number(cell, unit, want):
    """Whether a table's cell, in the unit the table names ("nghìn người": thousands), shows
    `want` as rounded to the decimals it has."""
    got = vn_number(cell)
    if got is None or want is None:
        return got is None and want is None
    value, decimals = got
    scale = next((f for w, f in SCALES.items() if unit.startswith(w + " ") or unit == w), 1)
    return abs(value * scale - want) <= (0.5 * 10 ** -decimals) * scale * (1 + 1e-9) + 1e-9


def same_ratio(cell, want):
    """"101,2%" against a ratio, as rounded to the decimals shown."""
    if not cell.strip() or want is None:
        return not cell.strip() and want is None
    value, decimals = vn_number(cell.strip().rstrip("%"))
    return abs(value / 100 - want) <= 0.5 * 10 ** -decimals / 100 * (1 + 1e-9)


def effective_page_break(paragraph):
    """pageBreakBefore on the paragraph, else on its style or the styles it is based on."""
    if paragraph.paragraph_format.page_break_before is not None:
        return paragraph.paragraph_format.page_break_before
    style = paragraph.style
    while style is not None:
        if style.paragraph_format.page_break_before is not None:
            return style.paragraph_format.page_break_before
        style = style.base_style
    return False


def body_blocks(document):
    """The body's paragraphs and tables in document order, as ("p", Paragraph) / ("t", Table)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    out = []
    for el in document.element.body.iterchildren():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.append(("p", Paragraph(el, document)))
        elif tag == "tbl":
            out.append(("t", Table(el, document)))
    return out


def heading_of(area):
    number = area["section"][3:] if area["section"].startswith("II.") else area["section"]
    return "%s. %s" % (number, area["title"] or area["section"])


def download(cl, path):
    st, body, resp = cl.request("GET", path)
    return st, body, resp.getheader("Content-Type") or "", resp.getheader("Content-Disposition") or ""


def check_docx(port, pid, db, c, viewer, hanoi, brief, by_code):
    import docx  # python3-docx
    from docx.shared import Mm

    base = "/api/v1/programs/%d" % pid
    at = TODAY.isoformat()
    st, data, ctype, disposition = download(viewer, base + "/briefing.docx?at=" + at)
    c.eq((st, ctype), (200, DOCX_TYPE), "a leader downloads the pack as .docx")
    if st != 200:
        return
    c.true('filename="giao-ban-2012-M10.docx"' in disposition,
           "named after its month: %r" % disposition)
    ext = re.search(r"filename\*=UTF-8''([^;]+)", disposition)
    c.eq(urllib.parse.unquote(ext.group(1)) if ext else None,
         "Tài liệu giao ban tháng 10 năm 2012.docx", "with its Vietnamese name (RFC 5987)")

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        order = ["%s: %s" % (part, problem) for part in z.namelist()
                 if part.startswith("word/") and part.endswith(".xml")
                 for problem in ooxml.order_problems(z.read(part))]
    c.eq(order, [], "Word opens it: every property in the schema's order")
    d = docx.Document(io.BytesIO(data))
    s = d.sections[0]
    c.true(abs(s.page_width - Mm(210)) < Mm(1) and abs(s.page_height - Mm(297)) < Mm(1), "A4")
    c.eq(d.styles["Normal"].font.name, "Times New Roman", "in Times New Roman")
    paragraphs = [p.text for p in d.paragraphs]
    c.true("TÀI LIỆU GIAO BAN THÁNG 10 NĂM 2012" in paragraphs,
           "the title names the month: %r" % paragraphs[:3])
    c.true("Số liệu từ các báo cáo đã được duyệt đến ngày 22/10/2012." in paragraphs,
           "and the figures' date")
    hc = brief["headline_counts"]
    counts = ", ".join("%d %s" % (hc[k], label) for k, label in (
        ("on_track", "đạt và vượt tiến độ"), ("at_risk", "có nguy cơ không đạt"),
        ("off_track", "chậm tiến độ"), ("incomplete", "chưa đủ báo cáo"),
        ("not_measurable", "chưa đo được")) if hc[k])
    c.true("Trong %d chỉ tiêu: %s." % (hc["total"], counts) in paragraphs,
           "the cover counts the targets by state as the JSON does: %s" % counts)

    # One heading per area, in order, each opening a page.
    areas = brief["areas"]
    headings = [p for p in d.paragraphs if p.style.style_id == "WPArea"]
    c.eq([p.text for p in headings], [heading_of(a) for a in areas],
         "one heading per area of the JSON, in order")
    c.true(headings and all(effective_page_break(p) for p in headings),
           "every area starts on a new page")

    # The cover's table of the areas.
    glance = next((t for t in d.tables if t.rows[0].cells[1].text == "Lĩnh vực"), None)
    c.true(glance is not None, "the cover lists the areas")
    if glance is not None:
        c.eq([(r.cells[1].text, r.cells[2].text, r.cells[5].text) for r in glance.rows[1:]],
             [(a["title"] or a["section"], str(len(a["targets"])), str(a["overdue_total"]))
              for a in areas], "each with its number of targets and of overdue tasks")

    # Each area's page: its targets' table with the JSON's figures, then the decisions.
    blocks = body_blocks(d)
    starts = [i for i, (k, b) in enumerate(blocks) if k == "p" and b.style.style_id == "WPArea"]
    rows_checked = 0
    for n, a in enumerate(areas[:len(starts)]):
        page = blocks[starts[n]:starts[n + 1] if n + 1 < len(starts) else len(blocks)]
        tables = [b for k, b in page if k == "t"]
        texts = [b.text for k, b in page if k == "p"]
        if a["targets"]:
            c.eq(len(tables), 1, "%s: one table of its targets" % a["section"])
            if not tables:
                continue
            rows = tables[0].rows
            c.eq([cell.text for cell in rows[0].cells],
                 ["TT", "Chỉ tiêu", "ĐVT", "Kế hoạch năm", "Thực hiện", "% KH", "Trạng thái",
                  "Đã báo cáo"], "%s: the table's columns" % a["section"])
            c.eq(len(rows) - 1, len(a["targets"]), "%s: a row per target" % a["section"])
            for row, t in zip(rows[1:], a["targets"]):
                cells = [cell.text for cell in row.cells]
                what = "%s, target %d" % (a["section"], t["target_id"])
                c.eq(cells[1], t["name"], what + ": its name")
                c.true(same_number(cells[3], cells[2], t["plan"]),
                       what + ": plan %r %r = %r" % (cells[3], cells[2], t["plan"]))
                c.true(same_number(cells[4], cells[2], t["current"]),
                       what + ": figure %r %r = %r" % (cells[4], cells[2], t["current"]))
                c.true(same_ratio(cells[5], t["achievement"]),
                       what + ": %% of plan %r = %r" % (cells[5], t["achievement"]))
                c.eq(cells[6], t["state_label"], what + ": its state in Vietnamese")
                cov = t["coverage"]
                c.eq(cells[7], "%d/%d" % (cov["reported"], cov["expected"]) if cov else "",
                     what + ": who reported")
                rows_checked += 1
        else:
            c.eq(tables, [], "%s: no table without targets" % a["section"])
        c.true("Những việc cần quyết định:" in texts, "%s: what needs a decision" % a["section"])
        for sf in a["shortfalls"]:
            c.true("+ %s: %s." % (sf["name"], sf["text"]) in texts,
                   "%s: the shortfall of %s" % (a["section"], sf["name"]))
        for lag in a["lagging_units"]:
            pct = lambda x: (("%.1f" % (x * 100)).rstrip("0").rstrip(".").replace(".", ",") + "%")
            c.true(any(x.startswith("+ %s: đạt %s kế hoạch giao" % (lag["unit"]["name"],
                                                                     pct(lag["achievement"])))
                       for x in texts), "%s: %s lagging" % (a["section"], lag["unit"]["name"]))
        for o in a["overdue_tasks"]:
            due = dt.date.fromisoformat(o["deadline"]).strftime("%d/%m/%Y")
            tail = "(%s, hạn %s): quá hạn %d ngày." % (o["lead"]["name"], due, o["days_overdue"])
            c.true(any(x.startswith("+ ") and x.endswith(tail) for x in texts),
                   "%s: overdue %s %r" % (a["section"], o["task_id"], tail))
        if not (a["shortfalls"] or a["lagging_units"] or a["overdue_tasks"]):
            c.true("Không có việc cần quyết định." in texts, "%s: nothing to decide" % a["section"])
    c.eq(rows_checked, sum(len(a["targets"]) for a in areas), "every target's row compared")
    ii2 = next((a for a in areas if a["section"] == "II.2"), None)
    c.true(ii2 and ii2["lagging_units"], "II.2's page has lagging provinces to compare")
    c.true(any(a["overdue_tasks"] for a in areas), "and some page overdue tasks")

    # ?period= picks the month: its end, or today while it runs.
    st, data10, _, disp = download(viewer, base + "/briefing.docx?period=2012-M10")
    c.eq(st, 200, "October's pack")
    if st == 200:
        texts = [p.text for p in docx.Document(io.BytesIO(data10)).paragraphs]
        c.true("Số liệu từ các báo cáo đã được duyệt đến ngày 22/10/2012." in texts,
               "October's, while it runs, reads today's figures")
    st, data9, _, disp = download(viewer, base + "/briefing.docx?period=2012-M09")
    c.eq((st, 'filename="giao-ban-2012-M09.docx"' in disp), (200, True), "September's pack")
    if st == 200:
        texts = [p.text for p in docx.Document(io.BytesIO(data9)).paragraphs]
        c.true("TÀI LIỆU GIAO BAN THÁNG 9 NĂM 2012" in texts and
               "Số liệu từ các báo cáo đã được duyệt đến ngày 30/09/2012." in texts,
               "September's reads the figures of its last day")
    for query, code, why in (
            ("period=2012-Q4", "bad_period", "a quarter"),
            ("period=2012-M11", "bad_period", "a month not begun"),
            ("period=2012-M09&at=2012-08-31", "bad_period", "figures from before the month"),
            ("period=2011-M12&at=2012-06-30", "bad_period", "another year's month"),
            ("period=2012-M1", "bad_period", "a malformed month"),
            ("at=31/12/2012", "bad_date", "a date not in YYYY-MM-DD")):
        st, b, _, _ = download(viewer, base + "/briefing.docx?" + query)
        err = b.get("error", {}) if isinstance(b, dict) else {}
        c.eq((st, err.get("code")), (400, code), why + " is refused")
        c.true(any(ch in err.get("message", "") for ch in "àáạảãâăđêôơư"),
               why + ": a Vietnamese message %r" % err.get("message"))

    # The same access as the JSON.
    st, mine, _, disp = download(hanoi, base + "/briefing.docx?at=" + at)
    c.eq((st, 'filename="giao-ban-2012-M10-01.docx"' in disp), (200, True),
         "a province's editor gets its province's pack: %r" % disp)
    if st == 200:
        texts = [p.text for p in docx.Document(io.BytesIO(mine)).paragraphs]
        c.true(any("Hà Nội" in x for x in texts[:6]), "naming the province")
    st, b, _, _ = download(hanoi, base + "/briefing.docx?at=%s&unit=%d" % (at, by_code["31"]["id"]))
    c.eq((st, b.get("error", {}).get("code") if isinstance(b, dict) else b), (403, "out_of_scope"),
         "another province's is out of scope")
    st, _, _, _ = download(viewer, "/api/v1/programs/9999/briefing.docx")
    c.eq(st, 404, "an unknown program")
    st, _, _, _ = download(Client(port), base + "/briefing.docx")
    c.eq(st, 401, "not signed in")

    # The command line writes the same pack.
    with tempfile.TemporaryDirectory(prefix="wp-briefing-") as tmp:
        path = os.path.join(tmp, "giao-ban.docx")
        out = workplan(sys.argv[1], "document", "briefing", "--program", str(pid), "--period",
                       "2012-M09", "--out", path, "--db", db.url, check=False)
        c.eq(out.returncode, 0, "document briefing from the command line: %s" % out.stderr)
        if out.returncode == 0:
            texts = [p.text for p in docx.Document(path).paragraphs]
            c.true("TÀI LIỆU GIAO BAN THÁNG 9 NĂM 2012" in texts and
                   [p for p in texts if p[:1].isdigit()] ==
                   [p.text for p in docx.Document(io.BytesIO(data9)).paragraphs
                    if p.text[:1].isdigit()], "the same pack as the API's")
        out = workplan(sys.argv[1], "document", "briefing", "--program", str(pid), "--period",
                       "2012-M09", "--unit", "01", "--out", path, "--db", db.url, check=False)
        c.eq(out.returncode, 0, "a unit's pack from the command line: %s" % out.stderr)
        if out.returncode == 0:
            texts = [p.text for p in docx.Document(path).paragraphs]
            c.true(any("Hà Nội" in x for x in texts[:6]), "naming the unit: %r" % texts[:6])
        out = workplan(sys.argv[1], "document", "briefing", "--program", str(pid), "--period",
                       "2012-Q3", "--out", path, "--db", db.url, check=False)
        c.true(out.returncode != 0 and "bad_period" in out.stderr,
               "a quarter is refused: %s" % out.stderr)

    # LibreOffice prints it: every area from the top of a page (once, on SQLite).
    if db.backend != "sqlite":
        return
    if office.missing():
        print("briefing_test: no LibreOffice (%s): the print is not looked at"
              % ", ".join(office.missing()), file=sys.stderr)
        return
    with tempfile.TemporaryDirectory(prefix="wp-briefing-") as tmp:
        path = os.path.join(tmp, "briefing.docx")
        with open(path, "wb") as f:
            f.write(data)
        pdf = office.to_pdf(path, tmp)
        sizes = office.page_sizes(pdf)
        c.true(all(abs(w - 595.3) < 1 and abs(h - 841.9) < 1 for w, h in sizes),
               "every page A4 portrait: %r" % sizes[:3])
        c.eq({f.family for f in office.fonts(pdf)}, {"LiberationSerif"},
             "Times New Roman (Liberation Serif) alone")
        firsts = []
        for i in range(2, len(sizes) + 1):
            lines = [ln.strip() for ln in office.text(pdf, i).splitlines() if ln.strip()]
            firsts.append((i, " ".join(lines[1:2])))  # line 1 is the page number
        pages = []
        for a in areas:
            h = " ".join(heading_of(a).split())[:30]
            pages.append(next((i for i, first in firsts if " ".join(first.split()).startswith(h)),
                              None))
        c.true(None not in pages and pages == sorted(pages) and len(set(pages)) == len(pages),
               "each area opens a page of its own, in order: %r" % pages)
        shots = office.screenshots_dir()
        office.render_png(pdf, 1, shots / "briefing-docx-p1.png")
        if ii2 and None not in pages:
            office.render_png(pdf, pages[areas.index(ii2)], shots / "briefing-docx-II.2.png")


if __name__ == "__main__":
    run_on_2012_program("briefing_test", TODAY, run)
