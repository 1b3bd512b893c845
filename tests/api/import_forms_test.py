#!/usr/bin/env python3
"""The decision as the file it arrives in, kept (issue 19, increment E), against the real binary:

- the 2012 seed as .txt, as LibreOffice's .docx and as its PDF (tests/read/fixtures) each becomes
  the same draft; the import answers `source: {form, pages, bytes}`; GET …/source gives the file
  back byte for byte with its content type and its name, …/source.txt the text read from it
  (the text the spans point into); the program says its form, pages and file size;
- a .txt typed in the legacy TCVN3 font (.VnTime, 8-bit) is read as Unicode with the reading
  note legacy_encoding_converted; one in VNI is refused with a Vietnamese message;
- refusals: image/png 415, a body above the upload limit (16 MiB) 413, a .doc, a scan, a .docx sent as a
  PDF 400 — each with its code and a Vietnamese message, and nothing half-stored (no program, no
  audit entry);
- who may read a program may read its source: a viewer gets neither file nor text of a draft
  (404), both once it is published;
- the stored file edited by hand is refused (source_tampered), as the text is.

usage: import_forms_test.py WORKPLAN sqlite|postgres"""
import os
import sys

from harness import Check, Client, Database, PASSWORD, serve_and_run, workplan

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
FIX = os.path.join(ROOT, "tests", "read", "fixtures")
SEED = os.path.join(ROOT, "data", "seeds", "molisa_2012.txt")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# TCVN3 (VN3): Unicode letter → its byte. A capital TCVN3 has no code for is written with the
# small letter's code, as the .VnTimeH fonts are used (they draw those codes as capitals).
_LOWER = ("àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ")
_CODES = bytes([0xB5, 0xB8, 0xB6, 0xB7, 0xB9, 0xA8, 0xBB, 0xBE, 0xBC, 0xBD, 0xC6, 0xA9, 0xC7,
                0xCA, 0xC8, 0xC9, 0xCB, 0xAE, 0xCC, 0xD0, 0xCE, 0xCF, 0xD1, 0xAA, 0xD2, 0xD5,
                0xD3, 0xD4, 0xD6, 0xD7, 0xDD, 0xD8, 0xDC, 0xDE, 0xDF, 0xE3, 0xE1, 0xE2, 0xE4,
                0xAB, 0xE5, 0xE8, 0xE6, 0xE7, 0xE9, 0xAC, 0xEA, 0xED, 0xEB, 0xEC, 0xEE, 0xEF,
                0xF3, 0xF1, 0xF2, 0xF4, 0xAD, 0xF5, 0xF8, 0xF6, 0xF7, 0xF9, 0xFA, 0xFD, 0xFB,
                0xFC, 0xFE])
TCVN3 = dict(zip(_LOWER, _CODES))
TCVN3.update({"Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7})


def to_tcvn3(text):
    out = bytearray()
    for ch in text:
        if ch in TCVN3:
            out.append(TCVN3[ch])
        elif ch.lower() in TCVN3:
            out.append(TCVN3[ch.lower()])
        else:
            try:  # ASCII, and the dashes and quotes of Windows-1252 beside the font's letters
                out += ch.encode("cp1252")
            except UnicodeEncodeError:
                out += b"?"
    return bytes(out)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def code(body):
    return body.get("error", {}).get("code") if isinstance(body, dict) else None


def message(body):
    return body.get("error", {}).get("message", "") if isinstance(body, dict) else ""


def header(resp, name):
    return resp.getheader(name) or ""


def main():
    binary, backend = sys.argv[1], sys.argv[2]
    c = Check()
    db = Database(backend)
    try:
        for name, role in (("admin", "admin"), ("kehoach", "planner"), ("lanhdao", "viewer")):
            workplan(binary, "user", "add", name, "--role", role, "--password-stdin",
                     "--db", db.url, stdin=PASSWORD + "\n")

        def body(port):
            admin, planner, viewer = Client(port), Client(port), Client(port)
            c.eq(admin.login("admin")[0], 200, "the admin signs in")
            c.eq(planner.login("kehoach")[0], 200, "the planner signs in")
            c.eq(viewer.login("lanhdao")[0], 200, "the viewer signs in")
            seed = read(SEED)

            def post(data, ctype, name, replace=True):
                path = "/api/v1/programs?name=" + name + ("&replace=draft" if replace else "")
                return planner.request("POST", path, data, ctype)

            def imports():
                _, log, _ = admin.request("GET", "/api/v1/audit?limit=500")
                items = log.get("items", []) if isinstance(log, dict) else []
                return sum(1 for e in items if e.get("action") == "program.import")

            # ---- Three forms of one decision, each kept as it came. ----------------------------
            st, text, _ = post(seed, "text/plain; charset=utf-8", "molisa_2012.txt", replace=False)
            c.eq(st, 201, "the text is imported")
            c.eq(text.get("source"), {"form": "text", "pages": 0, "bytes": len(seed)},
                 "the import says it read text, and how many bytes")
            pid = text["id"]
            st, got, resp = planner.request("GET", "/api/v1/programs/%d/source" % pid)
            c.eq((st, got), (200, seed), "/source of a text is the text as sent")
            c.true(header(resp, "Content-Type").startswith("text/plain"), "as text/plain")
            c.true("molisa_2012.txt" in header(resp, "Content-Disposition"), "under its name")
            st, got, _ = planner.request("GET", "/api/v1/programs/%d/source.txt" % pid)
            c.eq((st, got), (200, seed), "/source.txt of a text is the same text")
            counts = text["counts"]
            done = 1
            pdf_pages = 0
            for fname, ctype, form in (("molisa_2012.docx", DOCX, "docx"),
                                       ("molisa_2012.pdf", "application/pdf", "pdf"),
                                       ("molisa_2012.docx", "application/octet-stream", "docx"),
                                       ("molisa_2012.pdf", "application/octet-stream", "pdf")):
                original = read(os.path.join(FIX, fname))
                what = "%s as %s" % (fname, ctype)
                st, got, _ = post(original, ctype, fname)
                c.eq(st, 201, what + ": imported")
                if st != 201:
                    continue
                done += 1
                c.eq(got.get("counts"), counts, what + ": the same plan as the text")
                src = got.get("source", {})
                c.eq((src.get("form"), src.get("bytes")), (form, len(original)),
                     what + ": the import names its form and size")
                if form == "pdf":
                    pdf_pages = src.get("pages", 0)
                    c.true(pdf_pages >= 10, what + ": and its pages (%r)" % pdf_pages)
                pid = got["id"]
                st, file, resp = planner.request("GET", "/api/v1/programs/%d/source" % pid)
                c.true(st == 200 and file == original,
                       what + ": /source gives the file back byte for byte (%d, %d bytes)"
                       % (st, len(file) if isinstance(file, bytes) else -1))
                want_type = DOCX if form == "docx" else "application/pdf"
                c.eq(header(resp, "Content-Type"), want_type, what + ": with its content type")
                c.true(('filename="%s"' % fname) in header(resp, "Content-Disposition"),
                       what + ": and its name: " + header(resp, "Content-Disposition"))
                st, txt, resp = planner.request("GET", "/api/v1/programs/%d/source.txt" % pid)
                c.true(st == 200 and header(resp, "Content-Type").startswith("text/plain")
                       and "224/QĐ-LĐTBXH".encode() in txt,
                       what + ": /source.txt is the text read from it")
                st, program, _ = planner.request("GET", "/api/v1/programs/%d" % pid)
                s = program.get("source", {}) if isinstance(program, dict) else {}
                c.eq((s.get("form"), s.get("file_bytes"), s.get("bytes")),
                     (form, len(original), len(txt)),
                     what + ": the program says its form, the file's size and the text's")
            c.eq(imports(), done, "one audited import per file read")

            # ---- Legacy fonts. ------------------------------------------------------------------
            legacy = to_tcvn3(seed.decode("utf-8"))
            c.true(legacy[:200].decode("utf-8", "replace").count("\ufffd") > 0,
                   "the TCVN3 file is not UTF-8 (8-bit, as old editors saved it)")
            st, got, _ = post(legacy, "text/plain", "molisa_2012_vntime.txt")
            c.eq(st, 201, "a decision typed in .VnTime (TCVN3) is imported: %r" % message(got))
            if st == 201:
                done += 1
                pid = got["id"]
                c.eq(got.get("number"), "224/QĐ-LĐTBXH", "its number read in Unicode")
                c.true(got["counts"]["targets"] >= counts["targets"] - 3,
                       "its targets read (%d, the Unicode text %d)"
                       % (got["counts"]["targets"], counts["targets"]))
                _, notes, _ = planner.request("GET", "/api/v1/programs/%d/diagnostics" % pid)
                legacy_notes = [d for d in notes["items"] if d["code"] == "legacy_encoding_converted"]
                c.true(len(legacy_notes) == 1 and "TCVN3" in legacy_notes[0]["message"],
                       "the reading says the TCVN3 text was converted")
                _, txt, _ = planner.request("GET", "/api/v1/programs/%d/source.txt" % pid)
                c.true("Thương binh và Xã hội".encode() in txt and "Quyết định".encode() in txt,
                       "the text read is Unicode Vietnamese")
                _, file, _ = planner.request("GET", "/api/v1/programs/%d/source" % pid)
                c.eq(file, legacy, "and /source keeps the 8-bit file as it came")
            vni = ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam\nÑoäc laäp - Töï do - Haïnh phuùc\n"
                   "Quyeát ñònh veà vieäc ban haønh Chöông trình coâng taùc naêm 2012\n")
            st, got, _ = post(vni.encode("utf-8"), "text/plain", "vni.txt", replace=False)
            c.eq((st, code(got)), (400, "legacy_encoding_unsupported"), "a VNI text is refused")
            c.true("VNI" in message(got) and "Unicode" in message(got),
                   "with a Vietnamese message saying what to do: " + message(got))

            # ---- Refusals: nothing half-stored. -----------------------------------------------
            _, before, _ = planner.request("GET", "/api/v1/programs")
            before = len(before["items"])
            for data, ctype, status, reason, words in (
                    (read(os.path.join(FIX, "molisa_2012.docx")), "image/png", 415,
                     "unsupported_media_type", "Word (.docx)"),
                    (b"x" * (17 << 20), "application/pdf", 413, "too_large", "quá lớn"),
                    (read(os.path.join(FIX, "refuse_old.doc")), "application/octet-stream", 400,
                     "unsupported_format", "Word 97"),
                    (read(os.path.join(FIX, "refuse_scan.pdf")), "application/pdf", 400,
                     "pdf_no_text", "quét"),
                    (read(os.path.join(FIX, "molisa_2012.docx")), "application/pdf", 400,
                     "pdf_invalid", "PDF")):
                st, got, _ = post(data, ctype, "refused", replace=False)
                c.eq((st, code(got)), (status, reason), "%s as %s: %d %s" % (
                    reason, ctype, status, reason))
                c.true(words in message(got), "%s: a Vietnamese message (%r)" % (reason, message(got)))
            _, after, _ = planner.request("GET", "/api/v1/programs")
            c.eq(len(after["items"]), before, "no program stored by a refusal")
            c.eq(imports(), done, "and no import audited")

            # ---- Who may read a program may read its source. -----------------------------------
            st, got, _ = post(read(os.path.join(FIX, "molisa_2012.docx")), DOCX, "qd224.docx")
            pid = got["id"]
            for part in ("/source", "/source.txt"):
                st, _, _ = viewer.request("GET", "/api/v1/programs/%d%s" % (pid, part))
                c.eq(st, 404, "a viewer does not see a draft's %s" % part)
            st, _, _ = planner.request("POST", "/api/v1/programs/%d/publish" % pid, {})
            c.eq(st, 200, "the planner publishes the program read from the .docx")
            st, file, _ = viewer.request("GET", "/api/v1/programs/%d/source" % pid)
            c.true(st == 200 and file == read(os.path.join(FIX, "molisa_2012.docx")),
                   "once published the viewer gets its .docx (%d)" % st)
            st, _, _ = viewer.request("GET", "/api/v1/programs/%d/source.txt" % pid)
            c.eq(st, 200, "and its text")

            # ---- The stored file edited by hand is not served. ---------------------------------
            blob = "X'504B0304'" if backend == "sqlite" else "'\\x504b0304'::bytea"
            db.execute("UPDATE programs SET source_bytes = %s WHERE id = %d" % (blob, pid))
            st, got, _ = planner.request("GET", "/api/v1/programs/%d/source" % pid)
            c.eq((st, code(got)), (500, "source_tampered"), "an edited file is refused")
            c.true(("#%d" % pid) in message(got), "naming the program: " + message(got))

        serve_and_run(binary, db, c, body)
    finally:
        db.close()
    c.finish("import_forms_test[%s]" % backend)


if __name__ == "__main__":
    main()
