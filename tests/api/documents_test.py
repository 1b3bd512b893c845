#!/usr/bin/env python3
"""The consolidated report (issue 17, acceptance "the edited draft survives regeneration; its
history is in the audit log") against the real binary on the 2012 program, the rehearsal clock
at 10 January 2013:

- Hà Nội and Hải Phòng report December's jobs and the same proposal, approved; the planner
  generates the Ministry's report of December as of 31/12/2012: the jobs sentence and its table
  row carry the dashboard's percentage at that date as the browser's formatRatio writes it, the
  two provinces' proposal is one passage naming both, quoted in the annex (IV summarises it);
- the planner edits the jobs sentence and a passage; Đà Nẵng's report is approved; regenerating
  keeps both edits, marks the jobs sentence changed underneath with the new figure in
  underneath.after and in the suggestion, and the table has the new figure;
- issuing is refused (409 document_has_conflicts, the key named) until resolved, and without a
  signer's name (400 signature_missing); then "1/BC-LĐTBXH", the next report "2/BC-LĐTBXH";
  a PUT after issue is 409; the issued file.docx is byte-identical when read again;
- python-docx reads it back: A4, Times New Roman, the borderless header table, "BÁO CÁO", a row
  for the jobs target whose "% KH" is the dashboard's;
- a viewer reads the draft but cannot write; the audit log holds generate, edit, regenerate,
  resolve and issue; `workplan audit verify` is ok; `workplan report consolidated` writes the
  November report from the command line;
- issue 18 §3: an amendment raising jobs from 1/7/2012, approved by the Minister, is stated in
  the third quarter's report after the targets and its plan is marked "(đã điều chỉnh)".

usage: documents_test.py WORKPLAN_BINARY sqlite|postgres"""
import datetime as dt
import io
import os
import re
import sys
from decimal import Decimal, ROUND_HALF_UP

from harness import Client, PASSWORD, run_on_2012_program, workplan


def format_number(x, decimals):
    """web/src/lib/format.ts formatNumber: toFixed on the exact binary value, half up, trailing
    zeros dropped, "." grouping thousands, "," for the decimal point."""
    d = Decimal(x).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    s = format(d, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    i, _, f = s.partition(".")
    i = "{:,}".format(int(i)).replace(",", ".")
    return i + ("," + f if f else "")


def format_ratio(x):
    """formatRatio: a ratio as a percentage with one decimal."""
    return format_number(x * 100, 1) + "%"


def main():
    run_on_2012_program("documents_test", dt.date(2013, 1, 10), run)


def run(port, pid, db, c):
    admin = Client(port)
    c.eq(admin.login("admin")[0], 200, "admin signs in")
    base = "/api/v1/programs/%d" % pid
    _, provinces, _ = admin.request("GET", "/api/v1/org-units?at=2012-12-31&kind=province")
    prov = {u["code"]: u for u in provinces["items"]}
    _, depts, _ = admin.request("GET", "/api/v1/org-units?at=2012-12-31&kind=department")
    dept = {u["code"]: u for u in depts["items"]}

    def add_user(name, role, unit_id=None):
        body = {"username": name, "password": PASSWORD, "role": role}
        if unit_id:
            body["unit_id"] = unit_id
        st, _, _ = admin.request("POST", "/api/v1/users", body)
        c.eq(st, 201, "create " + name)
        cl = Client(port)
        c.eq(cl.login(name)[0], 200, name + " signs in")
        return cl

    planner = add_user("kehoach", "planner", dept["KHTC"]["id"])
    leader = add_user("lanhdao", "viewer")
    hanoi_editor = add_user("hanoi.nhap", "editor", prov["01"]["id"])
    c.eq(planner.request("PUT", base + "/settings", {"four_eyes": False})[0], 200,
         "four eyes off: the admin approves what it writes")

    _, dash, _ = admin.request("GET", base + "/dashboard?at=2012-12-31")
    jobs = next((t for t in dash["targets"] if t["target"]["indicator_code"] == "viec_lam"), None)
    c.true(jobs is not None, "the jobs target is on the dashboard")
    if jobs is None:
        return
    jid = jobs["target"]["id"]

    def report(code, period_value, cumulative, narrative):
        url = "%s/reports/r2/2012-M12/%d" % (base, prov[code]["id"])
        st, r, _ = admin.request("PUT", url, {
            "version": 0, "narrative": narrative, "submit": True,
            "values": [{"target_id": jid, "scope": "period", "value": period_value},
                       {"target_id": jid, "scope": "cumulative", "value": cumulative}]})
        c.eq((st, r.get("status")), (200, "submitted"), "%s's December is submitted %s" % (code, r))
        st, a, _ = admin.request("POST", "/api/v1/reports/%d/approve" % r.get("id", 0),
                                 {"version": r.get("version", 0)})
        c.eq((st, a.get("status")), (200, "approved"), "%s's December is approved" % code)

    proposal = "Đề nghị Bộ bổ sung vốn vay giải quyết việc làm."
    report("01", 12000, 140000, {"shortcomings": "Giải ngân vốn vay chậm.", "proposals": proposal})
    report("31", 8000, 60000, {"proposals": proposal})

    _, dash, _ = admin.request("GET", base + "/dashboard?at=2012-12-31")
    jm = next(t for t in dash["targets"] if t["target"]["id"] == jid)
    pct = format_ratio(jm["achievement"])

    # ── the planner generates December's report ──
    st, doc, resp = planner.request("POST", base + "/documents", {
        "kind": "consolidated", "period": "2012-M12", "as_of": "2012-12-31"})
    c.eq(st, 201, "the report is created: %s" % (doc if st != 201 else ""))
    if st != 201:
        return
    did = doc["id"]
    c.eq(resp.getheader("Location"), "/api/v1/documents/%d" % did, "Location names it")
    c.eq((doc["status"], doc["version"], doc["kind"]), ("draft", 1, "consolidated"), "a draft, v1")
    c.eq(doc["header"]["symbol"], "BC-LĐTBXH", "the Ministry's symbol")
    c.eq(doc["header"]["issuer"], "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "the Ministry issues it")
    c.eq(doc["header"]["subject"], "Tình hình thực hiện Chương trình công tác tháng 12 năm 2012",
         "the subject")
    c.eq((doc["signature"]["authority"], doc["signature"]["title"]),
         ("KT. BỘ TRƯỞNG", "THỨ TRƯỞNG"), "signed by a deputy minister")
    blocks = {b["key"]: b for b in doc["blocks"]}
    fig_key = "I.fig.%d" % jid
    fig = blocks.get(fig_key, {})
    c.true(("đạt " + pct + " kế hoạch năm") in fig.get("text", ""),
           "the jobs sentence says the dashboard's %s: %r" % (pct, fig.get("text")))
    thousands = format_number(jm["current"] / 1000, 1)
    c.true((thousands + " nghìn người") in fig.get("text", ""),
           "at the decision's scale (%s nghìn): %r" % (thousands, fig.get("text")))
    tables = [b for b in doc["blocks"] if b["kind"] == "table" and b["key"].startswith("I.table.")]
    rows = [r for t in tables for r in t["table"]["rows"]
            if r[1]["text"] == jobs["target"]["display_name"]]
    c.eq(len(rows), 1, "one row for the jobs target")
    if rows:
        c.eq(rows[0][6]["text"], pct, "its % KH is the dashboard's")
        c.eq(rows[0][5]["text"], thousands, "its year to date in thousands")
    # The provinces' words are quoted in the annex (II–IV summarise them).
    merged = [b for b in doc["blocks"] if b["key"].startswith("annex.IV.") and
              proposal in b["text"]]
    c.eq([b["text"] for b in merged], ["- Hà Nội và Hải Phòng (2 đơn vị): " + proposal],
         "the same proposal of two provinces is one passage naming both")
    c.true(any(b["key"] == "IV.provinces.other" and "tại mục 3 Phụ lục" in b["text"]
               for b in doc["blocks"]), "IV summarises the provinces and points to the annex")
    hn_passage = "annex.II.%d" % prov["01"]["id"]
    c.eq(blocks.get(hn_passage, {}).get("text"), "- Hà Nội: Giải ngân vốn vay chậm.",
         "Hà Nội's shortcoming, named")

    # ── who may read and write ──
    st, seen, _ = leader.request("GET", "/api/v1/documents/%d" % did)
    c.eq((st, seen.get("status")), (200, "draft"), "the leader reads the draft")
    st, b, _ = leader.request("PUT", "/api/v1/documents/%d" % did, {"version": 1, "blocks": []})
    c.eq(st, 403, "the leader cannot edit it")
    st, b, _ = hanoi_editor.request("PUT", "/api/v1/documents/%d" % did, {"version": 1, "blocks": []})
    c.eq(st, 403, "a province's editor cannot edit the Ministry's report")
    st, b, _ = planner.request("PUT", "/api/v1/documents/%d" % did, {
        "version": 1, "blocks": [{"key": tables[0]["key"] if tables else "I.table", "text": "x"}]})
    c.eq((st, b.get("error", {}).get("code")), (400, "block_not_editable"), "a table is not edited")
    st, b, _ = planner.request("PUT", "/api/v1/documents/%d" % did, {
        "version": 1, "blocks": [{"key": hn_passage, "text": "a\x01b"}]})
    c.eq((st, b.get("error", {}).get("code"), [d["field"] for d in b.get("error", {}).get("details", [])]),
         (400, "document_invalid", ["blocks[0].text"]), "a control character is refused, named")

    # ── the planner edits the jobs sentence and a passage ──
    edited_fig = "Theo báo cáo của các địa phương, " + fig["text"][2:]
    st, doc, _ = planner.request("PUT", "/api/v1/documents/%d" % did, {
        "version": 1, "blocks": [{"key": fig_key, "text": edited_fig},
                                 {"key": hn_passage, "text": "- Thành phố Hà Nội: giải ngân chậm."}]})
    c.eq((st, doc.get("version")), (200, 2), "the edits are saved as v2")
    st, b, _ = planner.request("PUT", "/api/v1/documents/%d" % did, {"version": 1, "blocks": []})
    c.eq((st, b.get("error", {}).get("code")), (409, "stale_version"), "a stale version is refused")

    # ── one more approval, then regenerate ──
    report("48", 20000, 100000, {"results": "Đạt kế hoạch."})
    _, dash, _ = admin.request("GET", base + "/dashboard?at=2012-12-31")
    jm2 = next(t for t in dash["targets"] if t["target"]["id"] == jid)
    pct2 = format_ratio(jm2["achievement"])
    c.true(pct2 != pct, "the figure moved (%s → %s)" % (pct, pct2))
    _, listed, _ = planner.request("GET", base + "/documents?kind=consolidated")
    c.eq([(d["id"], d["stale"]) for d in listed.get("items", [])], [(did, True)],
         "the list says the draft's figures are stale")
    st, doc, _ = planner.request("POST", "/api/v1/documents/%d/regenerate" % did, {"version": 2})
    c.eq((st, doc.get("version")), (200, 3), "regenerated as v3")
    blocks = {b["key"]: b for b in doc.get("blocks", [])}
    fig = blocks.get(fig_key, {})
    c.eq((fig.get("state"), fig.get("text")), ("changed_underneath", edited_fig),
         "the edit is kept, marked changed underneath")
    c.true(pct2 in ((fig.get("underneath") or {}).get("after") or ""),
           "underneath.after has the new figure: %r" % fig.get("underneath"))
    c.true(pct2 in (fig.get("suggestion") or "") and
           (fig.get("suggestion") or "").startswith("Theo báo cáo của các địa phương"),
           "the suggestion is the edit with the new figure: %r" % fig.get("suggestion"))
    c.eq((blocks.get(hn_passage, {}).get("state"), blocks.get(hn_passage, {}).get("text")),
         ("edited", "- Thành phố Hà Nội: giải ngân chậm."),
         "the passage's edit is kept (nothing changed under it)")
    rows = [r for b in doc.get("blocks", []) if b["kind"] == "table" and b["key"].startswith("I.table.")
            for r in b["table"]["rows"] if r[1]["text"] == jobs["target"]["display_name"]]
    c.eq([r[6]["text"] for r in rows], [pct2], "the unedited table has the new figure")
    c.eq(doc.get("counts", {}).get("changed_underneath"), 1, "one block to look at")

    # ── issuing ──
    sig = {"authority": "KT. BỘ TRƯỞNG", "title": "THỨ TRƯỞNG", "name": "Nguyễn Thanh Hòa"}
    st, b, _ = planner.request("POST", "/api/v1/documents/%d/issue" % did, {
        "version": 3, "date": "2013-01-15", "signature": sig})
    c.eq((st, b.get("error", {}).get("code")), (409, "document_has_conflicts"),
         "issuing is refused while a block changed underneath")
    c.eq([d["field"] for d in b.get("error", {}).get("details", [])], [fig_key], "the key is named")
    st, doc, _ = planner.request("PUT", "/api/v1/documents/%d" % did, {
        "version": 3, "resolve": [{"key": fig_key, "take": "suggestion"}]})
    fig = next((x for x in doc.get("blocks", []) if x["key"] == fig_key), {})
    c.eq((st, fig.get("state")), (200, "edited"), "resolved by the suggestion")
    c.true(pct2 in fig.get("text", "") and fig.get("text", "").startswith("Theo báo cáo"),
           "the Office's words with the new figure: %r" % fig.get("text"))
    st, b, _ = planner.request("POST", "/api/v1/documents/%d/issue" % did, {
        "version": 4, "date": "2013-01-15", "signature": dict(sig, name="")})
    c.eq((st, b.get("error", {}).get("code")), (400, "signature_missing"), "a signer is named")
    st, b, _ = leader.request("POST", "/api/v1/documents/%d/issue" % did, {
        "version": 4, "date": "2013-01-15", "signature": sig})
    c.eq(st, 403, "the leader does not issue")
    st, doc, _ = planner.request("POST", "/api/v1/documents/%d/issue" % did, {
        "version": 4, "date": "2013-01-15", "signature": sig})
    c.eq((st, doc.get("status"), doc.get("header", {}).get("number")),
         (200, "issued", "1/BC-LĐTBXH"), "issued as 1/BC-LĐTBXH")
    c.eq(doc.get("header", {}).get("date_line"), "Hà Nội, ngày 15 tháng 01 năm 2013",
         "the date line as Decree 30 writes it")
    st, b, _ = planner.request("PUT", "/api/v1/documents/%d" % did, {"version": 5, "blocks": []})
    c.eq((st, b.get("error", {}).get("code")), (409, "document_issued"), "no edit after issue")
    st, b, _ = planner.request("POST", base + "/documents", {"kind": "consolidated",
                                                             "period": "2012-M12"})
    c.eq((st, b.get("error", {}).get("code")), (409, "document_issued"), "nor a regeneration")
    st, f1, r1 = planner.request("GET", "/api/v1/documents/%d/file.docx" % did)
    c.eq(st, 200, "the issued file")
    report("79", 1000, 1000, {})  # the data moves on; the issued file does not
    _, f2, _ = leader.request("GET", "/api/v1/documents/%d/file.docx" % did)
    c.true(isinstance(f1, bytes) and f1 == f2, "the issued file is byte-identical later")

    # ── the next report's number ──
    st, nov, _ = planner.request("POST", base + "/documents", {"kind": "consolidated",
                                                               "period": "2012-Q4",
                                                               "as_of": "2012-12-31"})
    c.eq(st, 201, "the fourth quarter's report")
    st, nov, _ = planner.request("POST", "/api/v1/documents/%d/issue" % nov.get("id", 0), {
        "version": nov.get("version", 0), "date": "2013-01-16", "signature": sig})
    c.eq((st, nov.get("header", {}).get("number")), (200, "2/BC-LĐTBXH"), "the next is 2/BC-LĐTBXH")

    # ── the file read back ──
    readback(f1, jobs["target"]["display_name"], pct2, c)

    # ── history and audit ──
    st, hist, _ = leader.request("GET", "/api/v1/documents/%d/history" % did)
    c.eq([h["action"] for h in hist.get("items", [])],
         ["generate", "edit", "regenerate", "resolve", "issue"], "the history")
    c.eq(hist["items"][1]["by"]["username"] if hist.get("items") else None, "kehoach", "who edited")
    _, log, _ = admin.request("GET", "/api/v1/audit?limit=1000")
    actions = [e["action"] for e in log.get("items", []) if e["entity"] == "document"
               and e["entity_id"] == str(did)]
    c.eq(sorted(set(actions)), ["document.edit", "document.generate", "document.issue",
                                "document.regenerate", "document.resolve"], "audited")
    out = workplan(sys.argv[1], "audit", "verify", "--db", db.url, check=False)
    c.eq(out.returncode, 0, "audit verify is ok: %s%s" % (out.stdout[-500:], out.stderr[-500:]))

    # ── the command line ──
    path = os.path.join(db.tmp, "nov.docx")
    out = workplan(sys.argv[1], "report", "consolidated", "--program", str(pid), "--period",
                   "2012-M11", "--out", path, "--db", db.url, check=False)
    c.eq(out.returncode, 0, "report consolidated from the command line: %s" % out.stderr)
    c.true(os.path.exists(path) and os.path.getsize(path) > 10000, "it writes the .docx")
    out = workplan(sys.argv[1], "document", "list", "--program", str(pid), "--db", db.url,
                   check=False)
    c.true("2012-M11" in out.stdout and "1/BC-LĐTBXH" in out.stdout,
           "document list shows them: %s" % out.stdout)
    out = workplan(sys.argv[1], "report", "consolidated", "--program", str(pid), "--period",
                   "2012-M13", "--out", path, "--db", db.url, check=False)
    c.true(out.returncode != 0 and "bad_period" in out.stderr, "a bad period is refused: %s"
           % out.stderr)

    amendments_in_report(port, admin, planner, base, dept, add_user, c)


def amendments_in_report(port, admin, planner, base, dept, add_user, c):
    """Issue 18 §3: the Cục Việc làm proposes raising jobs from 1.600.000 to 1.650.000 from
    1/7/2012, the planner forwards it, the Minister approves it; the third quarter's report
    states it after the targets, in the Ministry's words, and its table's year plan is the value
    in force marked "(đã điều chỉnh)"; the first quarter's states nothing and keeps 1.600."""
    vieclam = add_user("vieclam.dc", "editor", dept["VL"]["id"])
    st, _, _ = admin.request("POST", "/api/v1/users", {
        "username": "bo.truong", "password": PASSWORD, "role": "leader", "title": "Bộ trưởng"})
    c.eq(st, 201, "the Minister's account")
    minister = Client(port)
    c.eq(minister.login("bo.truong")[0], 200, "the Minister signs in")
    _, m, _ = planner.request("GET", base + "/responsibilities?at=2012-06-30")
    jobs_id = next((r["target_id"] for r in m.get("rows", [])
                    if r["indicator_code"] == "viec_lam"), 0)
    reason = "Nhu cầu tuyển dụng của doanh nghiệp tăng mạnh từ quý III"
    st, a, _ = vieclam.request("POST", base + "/amendments", {
        "effective_from": "2012-07-01", "reason": reason, "submit": True,
        "changes": [{"kind": "target_value", "locator": "target:%d" % jobs_id,
                     "value": "1.650.000"}]})
    c.eq((st, a.get("status")), (201, "submitted"), "Cục Việc làm proposes: %r" % (a,))
    st, f, _ = planner.request("POST", "/api/v1/amendments/%d/forward" % a.get("id", 0),
                               {"version": a.get("version"), "comment": "Đề nghị phê duyệt"})
    c.eq(st, 200, "the planner forwards it: %r" % (f,))
    st, ok, _ = minister.request("POST", "/api/v1/amendments/%d/approve" % a.get("id", 0),
                                 {"version": f.get("version")})
    c.eq((st, ok.get("status")), (200, "approved"), "the Minister approves it: %r" % (ok,))

    def report(period, as_of):
        st, doc, _ = planner.request("POST", base + "/documents", {
            "kind": "consolidated", "period": period, "as_of": as_of})
        c.eq(st, 201, "the report of %s: %r" % (period, doc if st != 201 else ""))
        return doc if st == 201 else {"blocks": []}

    def jobs_plan(doc):
        for b in doc["blocks"]:
            if b["kind"] == "table" and b["key"].startswith("I.table."):
                for row in b["table"]["rows"]:
                    if "tạo việc làm" in row[1]["text"].lower():
                        return row[3]["text"]
        return None

    q3 = report("2012-Q3", "2012-09-30")
    said = [b["text"] for b in q3["blocks"] if b["key"].startswith("I.amendments.")]
    c.eq(said, ["Trong kỳ, Bộ trưởng đồng ý điều chỉnh chỉ tiêu tạo việc làm từ 1.600 nghìn người "
                "lên 1.650 nghìn người, áp dụng từ ngày 01/7/2012 (đề nghị của Cục Việc làm: " +
                reason + ")."], "Q3 states the amendment after the targets")
    keys = [b["key"] for b in q3["blocks"]]
    if said:
        last_table = max(i for i, k in enumerate(keys) if k.startswith("I.table."))
        first = keys.index(next(k for k in keys if k.startswith("I.amendments.")))
        c.true(first > last_table and keys[first + 1] == "II",
               "the block closes part I, after the targets' tables")
    c.eq(jobs_plan(q3), "1.650 (đã điều chỉnh)", "Q3's plan is the value in force, marked")
    q1 = report("2012-Q1", "2012-03-31")
    c.eq([b for b in q1["blocks"] if b["key"].startswith("I.amendments.")], [],
         "Q1 states no amendment")
    c.eq(jobs_plan(q1), "1.600", "and keeps the published plan")


def readback(data, jobs_name, pct, c):
    import docx  # python3-docx
    from docx.shared import Mm

    d = docx.Document(io.BytesIO(data))
    s = d.sections[0]
    c.true(abs(s.page_width - Mm(210)) < Mm(1) and abs(s.page_height - Mm(297)) < Mm(1), "A4")
    c.true(Mm(29) <= s.left_margin <= Mm(35) and Mm(14) <= s.right_margin <= Mm(20), "margins")
    c.eq(d.styles["Normal"].font.name, "Times New Roman", "Times New Roman")
    head = d.tables[0]
    c.eq(len(head.columns), 2, "the header is a two-column table")
    left = "\n".join(r.cells[0].text for r in head.rows)
    right = "\n".join(r.cells[1].text for r in head.rows)
    c.true("BỘ LAO ĐỘNG" in left and "1/BC-LĐTBXH" in left, "left: issuer and number %r" % left)
    c.true("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right and "Hà Nội, ngày 15 tháng 01 năm 2013"
           in right, "right: the motto and the date line %r" % right)
    c.true(any(p.text.strip() == "BÁO CÁO" for p in d.paragraphs), '"BÁO CÁO"')
    rows = [r for t in d.tables for r in t.rows if len(r.cells) == 8 and r.cells[1].text == jobs_name]
    c.eq([r.cells[6].text for r in rows], [pct], "the jobs row's % KH in the file")
    c.true(any(p.text.startswith("- Hà Nội và Hải Phòng (2 đơn vị):") for p in d.paragraphs),
           "the merged passage names the provinces")


if __name__ == "__main__":
    main()
