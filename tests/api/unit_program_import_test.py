#!/usr/bin/env python3
"""A unit's own program read from its decision (issue 18, the import and the forms), against the
real binary on the 2012 program:

- on 5/3 Hà Nội's editor imports its Sở's "Chương trình công tác năm 2012" as text (invented,
  no public text of it): six tasks read, with their part, date and output; one ties to II.2.3
  by the number it repeats, four to the Ministry's tasks they repeat the words of (the
  software upgrade to II.14's administrative reform), one to nothing ("chưa gắn mục của Bộ");
  saved as a draft whose history says "import";
- a viewer may not import; bytes that are not text, an empty file, a text without tasks and a
  broken .docx are refused by name with nothing stored;
- a .docx built with python-docx (a heading and an appendix table) is read the same way;
- the unassigned task keeps the program from being sent until the unit ties it; sent, accepted;
- April's monthly form shows the accepted tasks ("u:<id>", kind unit) right after the Ministry
  item each serves; progress saved on one is carried into May;
- the task board nests them under each Ministry task with the person responsible, and
  `responsible=me` keeps only the Ministry tasks with a task of the signed-in account; the CLI
  imports from a file too; `audit verify` passes.

usage: unit_program_import_test.py WORKPLAN_BINARY sqlite|postgres"""
import datetime as dt
import io
import os
import re
import sys
import urllib.parse

from harness import Client, PASSWORD, run_on_2012_program, set_clock, workplan

HANOI_PROGRAM = """UBND THÀNH PHỐ HÀ NỘI\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI\tĐộc lập - Tự do - Hạnh phúc
Số: 215/CTr-SLĐTBXH\tHà Nội, ngày 28 tháng 02 năm 2012
CHƯƠNG TRÌNH
CÔNG TÁC NĂM 2012 CỦA SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI HÀ NỘI
I. MỤC TIÊU
1. Giải quyết việc làm cho 143.000 lao động.
II. NHIỆM VỤ TRỌNG TÂM
1. Lĩnh vực lao động, việc làm
1.1. Tổ chức các phiên giao dịch việc làm định kỳ tại sàn giao dịch việc làm của Trung tâm giới thiệu việc làm Hà Nội.
- Bộ phận chủ trì: Nguyễn Thị Lan
- Thời gian hoàn thành: Hằng tháng
- Sản phẩm: 24 phiên giao dịch việc làm
1.2. Xây dựng phương án phân bổ nguồn vốn ngân sách trung ương năm 2012 hỗ trợ các dự án (mục II.2.3 Chương trình của Bộ).
- Bộ phận chủ trì: Phòng Kế hoạch - Tài chính
- Thời gian hoàn thành: Quý II/2012
- Sản phẩm: Tờ trình UBND Thành phố
1.3. Theo dõi, tổng hợp đánh giá tình hình thực hiện chỉ tiêu tạo việc làm và tỷ lệ thất nghiệp khu vực thành thị trên địa bàn.
- Bộ phận chủ trì: Phòng Lao động - Việc làm
- Thời gian hoàn thành: 6 tháng đầu năm và cả năm
- Kết quả đầu ra: Báo cáo Bộ và UBND Thành phố
2. Lĩnh vực bảo hiểm thất nghiệp
2.1. Tổng hợp, đánh giá tình hình thực hiện chính sách bảo hiểm thất nghiệp tại các quận, huyện.
- Bộ phận chủ trì: Phòng Lao động - Việc làm
- Thời gian hoàn thành: Từ tháng 4 đến tháng 9/2012
- Sản phẩm: Báo cáo kết quả
3. Công tác văn phòng
3.1. Nâng cấp phần mềm quản lý công văn đi, đến của Sở.
- Bộ phận chủ trì: Văn phòng Sở
- Thời gian hoàn thành: 30/11/2012
3.2. Sửa chữa nhà xe, trồng cây xanh trong khuôn viên trụ sở.
- Bộ phận chủ trì: Văn phòng Sở
- Thời gian hoàn thành: Quý III
III. TỔ CHỨC THỰC HIỆN
1. Các phòng, đơn vị thuộc Sở căn cứ chương trình này xây dựng kế hoạch cụ thể.
"""


def docx_program():
    """The same kind of program as a Word file: a heading, then an appendix table."""
    import docx
    d = docx.Document()
    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph("CÔNG TÁC NĂM 2012 CỦA SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI HÀ NỘI")
    t = d.add_table(rows=1, cols=5)
    for cell, text in zip(t.rows[0].cells, ["TT", "Nội dung công việc", "Bộ phận chủ trì",
                                            "Thời gian hoàn thành", "Sản phẩm"]):
        cell.text = text
    rows = [
        ["I", "Lĩnh vực việc làm (mục II.2.1)", "", "", ""],
        ["1", "Điều tra cung lao động trên địa bàn thành phố", "Phòng Lao động - Việc làm",
         "Quý III", "Báo cáo kết quả điều tra"],
        ["II", "Bảo hiểm thất nghiệp", "", "", ""],
        ["2", "Kiểm tra việc thực hiện chính sách bảo hiểm thất nghiệp tại doanh nghiệp",
         "Thanh tra Sở", "Từ tháng 5 đến tháng 8", "Kết luận kiểm tra"],
    ]
    for values in rows:
        cells = t.add_row().cells
        for cell, text in zip(cells, values):
            cell.text = text
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def docx_numbered_program():
    """The text program as its Sở types it in Word: the fields and sections as typed, the groups
    and tasks of part II numbered by Word's own multi-level list ("1.", "1.1." shown, not in the
    text), as decisions are."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn
    d = docx.Document()
    numbering = d.part.numbering_part.element
    numbering.insert(0, parse_xml(
        '<w:abstractNum %s w:abstractNumId="90"><w:multiLevelType w:val="multilevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        '<w:lvlText w:val="%%1."/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        '<w:lvlText w:val="%%1.%%2."/></w:lvl></w:abstractNum>' % nsdecls("w")))
    numbering.append(parse_xml('<w:num %s w:numId="90"><w:abstractNumId w:val="90"/></w:num>'
                               % nsdecls("w")))
    part_two = False
    for line in HANOI_PROGRAM.strip("\n").split("\n"):
        if line.startswith("II. "):
            part_two = True
        elif line.startswith("III. "):
            part_two = False
        m = re.match(r"^(\d+)\.(\d+\.)? (.*)$", line)
        if not (part_two and m):
            d.add_paragraph(line)
            continue
        p = d.add_paragraph(m.group(3))
        ppr = p._p.get_or_add_pPr()
        ppr.append(parse_xml('<w:numPr %s><w:ilvl w:val="%d"/><w:numId w:val="90"/></w:numPr>'
                             % (nsdecls("w"), 1 if m.group(2) else 0)))
    assert qn("w:numPr")
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def main():
    run_on_2012_program("unit_program_import_test", dt.date(2012, 3, 5), run)


def run(port, pid, db, c):
    clock = os.environ["WORKPLAN_CLOCK_FILE"]
    binary = sys.argv[1]
    admin = Client(port)
    c.eq(admin.login("admin")[0], 200, "admin signs in")
    base = "/api/v1/programs/%d" % pid
    _, provinces, _ = admin.request("GET", "/api/v1/org-units?at=2012-03-01&kind=province")
    hn = next(u for u in provinces["items"] if u["code"] == "01")
    _, depts, _ = admin.request("GET", "/api/v1/org-units?at=2012-03-01&kind=department")
    kh = next(u for u in depts["items"] if u["code"] == "KHTC")

    def add_user(name, role, unit_id, display_name=""):
        body = {"username": name, "password": PASSWORD, "role": role, "unit_id": unit_id,
                "display_name": display_name}
        st, user, _ = admin.request("POST", "/api/v1/users", body)
        c.eq(st, 201, "create " + name)
        cl = Client(port)
        c.eq(cl.login(name)[0], 200, name + " signs in")
        return cl, user

    planner, _ = add_user("kehoach", "planner", kh["id"])
    hanoi, lan = add_user("hanoi.nhaplieu", "editor", hn["id"], "Nguyễn Thị Lan")
    other, _ = add_user("hanoi.nhaplieu2", "editor", hn["id"], "Trần Văn Bình")
    viewer, _ = add_user("hanoi.xem", "viewer", hn["id"])
    signed_in = {"admin": admin, "kehoach": planner, "hanoi.nhaplieu": hanoi,
                 "hanoi.nhaplieu2": other, "hanoi.xem": viewer}

    url = "%s/unit-programs/%d" % (base, hn["id"])

    def import_(client, body, version, name="chuong_trinh.txt", content_type="text/plain"):
        q = urllib.parse.urlencode({"name": name, "version": version})
        return client.request("POST", url + "/import?" + q, body, content_type=content_type)

    # --- the text, read and saved as a draft ---
    st, b, _ = import_(viewer, HANOI_PROGRAM, 0)
    c.eq((st, b.get("error", {}).get("code")), (403, "forbidden"), "a viewer may not import")
    st, r, _ = import_(hanoi, HANOI_PROGRAM, 0)
    c.eq(st, 200, "Hà Nội imports its program's text: %s" % (r if st != 200 else ""))
    if st != 200:
        return
    tasks = r["proposed"]["tasks"]
    text_tasks = tasks
    c.eq((len(tasks), r["proposed"]["matched"], r["proposed"]["unassigned"]), (6, 5, 1),
         "six tasks read: five tied to a Ministry item, one not: %s"
         % [(t["text"][:30], t["serves"]) for t in tasks])
    by_text = {t["text"][:20]: t for t in tasks}
    alloc = by_text["Xây dựng phương án p"]
    c.eq((alloc["serves"], alloc["match"]["rule"], alloc["due"], alloc["responsible"],
          alloc["output"]),
         ("II.2.3", "number", "2012-06-30", "Phòng Kế hoạch - Tài chính", "Tờ trình UBND Thành phố"),
         "the task naming II.2.3 serves it, due at the end of quarter II")
    fair = by_text["Tổ chức các phiên gi"]
    c.true(fair["serves"].startswith("II.2.1#") and fair["match"]["rule"] == "words"
           and fair["match"]["overlap"] >= 0.5,
           "the job fairs serve a task of II.2.1 by their words: %s" % fair["match"])
    insurance = by_text["Tổng hợp, đánh giá t"]
    c.true(insurance["serves"].startswith("II.4.3"), "unemployment insurance serves II.4.3")
    c.eq((insurance["start"], insurance["due"]), ("2012-04-01", "2012-09-30"),
         "'từ tháng 4 đến tháng 9/2012': from 1/4 to 30/9")
    office = by_text["Nâng cấp phần mềm qu"]
    c.true((office["serves"] or "").startswith("II.14") and office["match"]["rule"] == "words",
           "the software upgrade: administrative reform, by its words: %s" % office["serves"])
    garage = by_text["Sửa chữa nhà xe, trồ"]
    c.eq((garage["serves"], garage["match"], garage["due"]), (None, None, "2012-09-30"),
         "the garage repair ties to nothing")
    c.true(any(d["code"] == "unit_task_unassigned" and d["span"]["line"] > 0
               for d in r["diagnostics"]), "and the diagnostics say so, with its line")
    view = r["program"]
    c.eq((view["version"], view["status"], view["decision"]["number"]),
         (1, "draft", "215/CTr-SLĐTBXH"), "saved as a draft, version 1, the decision's number")
    c.eq([h["action"] for h in view["history"]], ["import"], "its history: an import")
    c.eq(len(view["unassigned"]), 1, "the program shows the task still to tie")
    fair_task = next(t for i in view["items"] for t in i["tasks"]
                     if t["text"].startswith("Tổ chức các phiên"))
    c.eq((fair_task["responsible"]["user"] or {}).get("username"), "hanoi.nhaplieu",
         "a part written as an account's name is that account")

    # --- what is refused, nothing stored ---
    for body, ctype, code, what in [
            (b"\xff\xfe\x00bad", "text/plain", "invalid_utf8", "bytes that are not UTF-8"),
            (b"   \n", "text/plain", "empty_input", "an empty file"),
            ("CHƯƠNG TRÌNH CÔNG TÁC NĂM 2012\nSở cố gắng hoàn thành mọi việc.\n", "text/plain",
             "no_unit_tasks", "a text without tasks"),
            (b"PK\x03\x04not really a zip", "application/octet-stream", "docx_invalid",
             "a broken .docx")]:
        st, b, _ = import_(hanoi, body, 1)
        c.eq((st, b.get("error", {}).get("code")), (400, code), what + ": refused")
    st, b, _ = import_(hanoi, HANOI_PROGRAM, 0)
    c.eq((st, b.get("error", {}).get("code")), (409, "stale_version"),
         "an import over a version not read: stale")
    st, view, _ = hanoi.request("GET", url)
    c.eq(view["version"], 1, "nothing stored by the refusals")

    # --- the .docx ---
    st, r, _ = import_(hanoi, docx_program(), 1, name="ke_hoach.docx",
                       content_type="application/vnd.openxmlformats-officedocument."
                                    "wordprocessingml.document")
    c.eq(st, 200, "the .docx is imported: %s" % (r if st != 200 else ""))
    if st == 200:
        docx_tasks = r["proposed"]["tasks"]
        c.eq([(t["serves"] or "")[:6] for t in docx_tasks], ["II.2.1", "II.4.2"],
             "its table's rows: one under the group naming II.2.1, one by its words to II.4.2's "
             "insurance inspections")
        c.eq((docx_tasks[0]["responsible"], docx_tasks[0]["due"]),
             ("Phòng Lao động - Việc làm", "2012-09-30"), "columns read: part, quarter III")
        c.eq(r["program"]["version"], 2, "version 2")

    # --- the same program typed in Word, its tasks numbered by Word's list: read as the text ---
    st, r, _ = import_(hanoi, docx_numbered_program(), 2, name="chuong_trinh.docx",
                       content_type="application/vnd.openxmlformats-officedocument."
                                    "wordprocessingml.document")
    c.eq(st, 200, "the Word file with automatic numbering is imported: %s"
         % (r if st != 200 else ""))
    if st == 200:
        def seen(ts):
            return [(t["text"], t["serves"], t["responsible"], t["start"], t["due"], t["output"])
                    for t in ts]
        c.eq(seen(r["proposed"]["tasks"]), seen(text_tasks),
             "Word's numbering read: the same six tasks, fields and items as from the text")
        c.eq(r["program"]["decision"]["number"], "215/CTr-SLĐTBXH", "the decision's number")

    # --- back to the text; sent once every task serves an item; accepted ---
    st, r, _ = import_(hanoi, HANOI_PROGRAM, 3)
    c.eq(st, 200, "the text again")
    view = r["program"]
    st, b, _ = hanoi.request("POST", "/api/v1/unit-programs/%d/submit" % view["id"],
                             {"version": view["version"]})
    c.eq((st, b.get("error", {}).get("code")), (400, "unit_program_invalid"),
         "not sent while a task is tied to nothing")
    put_tasks = []
    for i in view["items"]:
        for t in i["tasks"]:
            put_tasks.append(t)
    for t in view["unassigned"]:
        put_tasks.append(dict(t, serves="II.2.1"))
    body = {"version": view["version"], "tasks": [
        {"id": t["id"], "serves": t["serves"], "text": t["text"],
         "responsible_user_id": (t["responsible"]["user"] or {}).get("id"),
         "responsible_name": t["responsible"]["name"], "start": t["start"], "due": t["due"],
         "output": t["output"]} for t in put_tasks]}
    st, view, _ = hanoi.request("PUT", url, body)
    c.eq(st, 200, "the unit ties the last task to II.2.1: %s" % (view if st != 200 else ""))
    st, view, _ = hanoi.request("POST", "/api/v1/unit-programs/%d/submit" % view["id"],
                                {"version": view["version"]})
    c.eq((st, view.get("status")), (200, "submitted"), "sent")
    st, view, _ = planner.request("POST", "/api/v1/unit-programs/%d/accept" % view["id"],
                                  {"version": view["version"]})
    c.eq((st, view.get("status")), (200, "accepted"), "accepted")
    ids = {t["text"][:20]: t["id"] for i in view["items"] for t in i["tasks"]}

    # --- April's form: the tasks under their items; progress carried into May ---
    set_clock(clock, dt.date(2012, 5, 2))
    for name, cl in signed_in.items():
        cl.login(name)
    april = "%s/reports/r2/2012-M04/%d" % (base, hn["id"])
    st, form, _ = hanoi.request("GET", april)
    c.eq(st, 200, "April's form")
    order = [t["id"] for t in form["tasks"]]
    units = [t for t in form["tasks"] if t.get("kind") == "unit"]
    c.eq(sorted(t["id"] for t in units), sorted(ids.values()), "the six accepted tasks are on it")
    alloc_id = ids["Xây dựng phương án p"]
    at = order.index(alloc_id)
    c.true(at > 0 and order[at - 1].startswith("II.2.3#")
           and (at + 1 == len(order) or not order[at + 1].startswith("II.2.3#")),
           "II.2.3's task comes right after II.2.3's last task: %s" % order[max(0, at - 2):at + 2])
    alloc_row = next(t for t in units if t["id"] == alloc_id)
    c.eq((alloc_row["serves"], alloc_row["section"], alloc_row["due"], alloc_row["output_expected"],
          alloc_row["responsible"]["name"]),
         ("II.2.3", "II.2.3", "2012-06-30", "Tờ trình UBND Thành phố", "Phòng Kế hoạch - Tài chính"),
         "with what it serves, its due date, output and part")
    fair_id = ids["Tổ chức các phiên gi"]
    st, saved, _ = hanoi.request("PUT", april, {
        "version": form["version"], "submit": True,
        "task_progress": [{"task_id": alloc_id, "status": "in_progress", "percent": 40,
                           "output": "Đã lấy ý kiến các quận, huyện"},
                          {"task_id": fair_id, "status": "in_progress", "percent": 30,
                           "output": "Đã tổ chức 3 phiên"}]})
    c.eq((st, saved.get("status")), (200, "submitted"),
         "April sent with progress on two of its own tasks: %s" % (saved if st != 200 else ""))
    st, may, _ = hanoi.request("GET", "%s/reports/r2/2012-M05/%d" % (base, hn["id"]))
    carried = {t["task_id"]: t for t in may.get("carried_tasks", [])}
    c.eq((carried.get(alloc_id, {}).get("percent"),
          carried.get(alloc_id, {}).get("from", {}).get("label")),
         (40, "Tháng 4/2012"), "May starts from April's progress on it")

    # --- the board: Ministry task → unit task → person ---
    st, board, _ = admin.request("GET", base + "/task-status")
    c.eq(st, 200, "the task board")
    nested = {u["id"]: (r["task_id"], u) for r in board["items"] for u in r["unit_tasks"]}
    c.eq(sorted(nested), sorted(ids.values()), "each accepted task once on the board")
    row_id, fair_row = nested.get(fair_id, ("", {}))
    c.eq((row_id, fair_row.get("unit", {}).get("code"), fair_row.get("status"),
          fair_row.get("percent"), fair_row.get("responsible", {}).get("name")),
         (fair["serves"], "01", "in_progress", 30, "Nguyễn Thị Lan"),
         "the job fairs under the Ministry task they serve, with Hà Nội's progress and its person")
    st, mine, _ = hanoi.request("GET", base + "/task-status?responsible=me")
    c.eq((st, [u["id"] for r in mine.get("items", []) for u in r["unit_tasks"]]),
         (200, [fair_id]), "responsible=me: the editor's own task alone")
    st, theirs, _ = other.request("GET", base + "/task-status?responsible=me")
    c.eq((st, theirs.get("items")), (200, []), "another account of the unit has none")
    st, b, _ = hanoi.request("GET", base + "/task-status?responsible=him")
    c.eq((st, b.get("error", {}).get("code")), (400, "bad_parameter"), "responsible: only 'me'")

    # --- the CLI reads a file too ---
    path = os.path.join(db.tmp, "hanoi.txt")
    with open(path, "w", encoding="utf-8") as f:
        f.write(HANOI_PROGRAM)
    out = workplan(binary, "unit-programs", "import", "--program", str(pid), "--unit", "01", path,
                   "--db", db.url, check=False)
    c.eq(out.returncode, 1, "the CLI refuses an import over an accepted program: %s" % out.stderr)
    c.true("unit_program_accepted" in out.stderr, "naming why")
    out = workplan(binary, "audit", "verify", "--db", db.url, check=False)
    c.eq(out.returncode, 0, "audit verify passes: %s" % out.stdout[-400:])


if __name__ == "__main__":
    main()
