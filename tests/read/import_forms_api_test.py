#!/usr/bin/env python3
"""POST /api/v1/programs takes the decision as text, .docx or PDF (issue 19): each form of the
2012 seed becomes the same draft (its counts equal the text's), octet-stream is told by its
bytes, a scan or a .doc is refused with its code and nothing stored, another content type is 415.

usage: import_forms_api_test.py WORKPLAN sqlite|postgres
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "api"))
from harness import Check, Client, Database, PASSWORD, serve_and_run, workplan  # noqa: E402

FIX = os.path.join(HERE, "fixtures")
SEEDS = os.path.join(HERE, "..", "..", "data", "seeds")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def read(path):
    with open(path, "rb") as f:
        return f.read()


def main():
    binary, backend = sys.argv[1], sys.argv[2]
    c = Check()
    db = Database(backend)
    try:
        workplan(binary, "user", "add", "admin", "--role", "admin", "--password-stdin",
                 "--db", db.url, stdin=PASSWORD + "\n")

        def body(port):
            admin = Client(port)
            c.eq(admin.login("admin")[0], 200, "admin signs in")

            def post(data, ctype, replace=True):
                path = "/api/v1/programs?name=x" + ("&replace=draft" if replace else "")
                return admin.request("POST", path, data, ctype)

            st, text, _ = post(read(os.path.join(SEEDS, "molisa_2012.txt")),
                               "text/plain; charset=utf-8", replace=False)
            c.eq(st, 201, "the text is imported")
            counts = text.get("counts") if isinstance(text, dict) else None
            for name, ctype in (("molisa_2012.docx", DOCX), ("molisa_2012.pdf", "application/pdf"),
                                ("molisa_2012.docx", "application/octet-stream"),
                                ("molisa_2012.pdf", "application/octet-stream")):
                st, got, _ = post(read(os.path.join(FIX, name)), ctype)
                c.eq(st, 201, f"{name} as {ctype}: imported")
                if isinstance(got, dict):
                    c.eq(got.get("number"), "224/QĐ-LĐTBXH", f"{name} as {ctype}: its number")
                    c.eq(got.get("replaced"), True, f"{name} as {ctype}: replaces the draft")
                    c.eq(got.get("counts"), counts, f"{name} as {ctype}: the same plan as the text")
            _, programs, _ = admin.request("GET", "/api/v1/programs")
            before = len(programs["items"]) if isinstance(programs, dict) else -1
            for name, ctype, status, code in (
                    ("refuse_scan.pdf", "application/pdf", 400, "pdf_no_text"),
                    ("refuse_locked.pdf", "application/octet-stream", 400, "pdf_locked"),
                    ("refuse_old.doc", "application/octet-stream", 400, "unsupported_format"),
                    ("molisa_2012.docx", "application/pdf", 400, "pdf_invalid"),
                    ("molisa_2012.docx", "image/png", 415, "unsupported_media_type")):
                st, got, _ = post(read(os.path.join(FIX, name)), ctype, replace=False)
                c.eq(st, status, f"{name} as {ctype}: {status}")
                reason = got.get("error", {}).get("code") if isinstance(got, dict) else None
                c.eq(reason, code, f"{name} as {ctype}: {code}")
            _, programs, _ = admin.request("GET", "/api/v1/programs")
            after = len(programs["items"]) if isinstance(programs, dict) else -2
            c.eq(after, before, "nothing stored by a refusal")

        serve_and_run(binary, db, c, body)
    finally:
        db.close()
    c.finish("import_forms_api_test[%s]" % backend)


if __name__ == "__main__":
    main()
