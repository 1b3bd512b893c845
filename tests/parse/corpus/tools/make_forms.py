#!/usr/bin/env python3
"""Derives the corpus inputs that are not the copies as found (run once; the outputs are checked in).

1. NAME.ws (a copy from a Vietnamese NLP corpus, word-segmented: syllables of a word joined by '_',
   a space around every punctuation mark) → NAME.txt: '_' → ' ', no space before , . ; : ) % and
   none after '(' — nothing else (case damage such as 'Ii. mục_đích' is kept).
2. NAME.found.md (a legal website's page as a scraper stored it in Markdown) → NAME.txt, the text a
   drafter's file would hold: the scraper's '*Source: …*' and '# …' lines dropped, each cell of a
   '| … |' table row on its own line ('---' runs inside a cell on their own line too), the '|---|'
   separator rows dropped.
3. NAME.txt → NAME.docx and NAME.pdf with LibreOffice headless (soffice --infilter="Text (encoded):UTF8"
   --convert-to docx, then docx → pdf), for the documents listed in FORMS.

usage: make_forms.py [CORPUS_DIR]   (needs soffice)
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

FORMS = ["sonla_254_2023_qd", "tuyenquang_986_2024_qd", "hanoi_6154_2011_qd"]


def desegment(text):
    out = []
    for line in text.split("\n"):
        line = line.replace("_", " ")
        line = re.sub(r" +([,.;:)%])", r"\1", line)
        line = re.sub(r"\( +", "(", line)
        out.append(line.rstrip())
    return "\n".join(out)


def demarkdown(text):
    out = []
    for line in text.split("\n"):
        s = line.strip()
        if s.startswith("*Source:") or s.startswith("# "):
            continue
        if s.startswith("|"):
            cells = [c.strip() for c in s.strip("|").split("|")]
            if all(re.fullmatch(r"-*", c) for c in cells):
                continue
            for c in cells:
                if not c:
                    continue
                # the header cells hold the issuer / motto and a '-----' rule: one line each
                for part in re.split(r"\s+(-{3,})\s*", c):
                    if part:
                        out.append(part)
            continue
        out.append(line.rstrip())
    text = "\n".join(out)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"


def soffice(args, cwd):
    subprocess.run(["soffice", "--headless", "--norestore"] + args, cwd=cwd, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)


def main():
    corpus = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    for d in (corpus, os.path.join(corpus, "heldout")):
        for ws in glob.glob(os.path.join(d, "*.ws")):
            open(ws[:-3] + ".txt", "w", encoding="utf-8").write(desegment(open(ws, encoding="utf-8").read()))
        for md in glob.glob(os.path.join(d, "*.found.md")):
            open(md[:-len(".found.md")] + ".txt", "w", encoding="utf-8").write(
                demarkdown(open(md, encoding="utf-8").read()))
    with tempfile.TemporaryDirectory() as tmp:
        for d in (corpus, os.path.join(corpus, "heldout")):
            names = [n for n in FORMS if os.path.exists(os.path.join(d, n + ".txt"))]
            names += [os.path.basename(p)[:-len(".found.md")] for p in glob.glob(os.path.join(d, "*.found.md"))
                      if "form: pdf" in open(p[:-len(".found.md")] + ".source", encoding="utf-8").read()]
            for n in sorted(set(names)):
                shutil.copy(os.path.join(d, n + ".txt"), os.path.join(tmp, n + ".txt"))
                soffice(["--infilter=Text (encoded):UTF8", "--convert-to", "docx:MS Word 2007 XML", n + ".txt"], tmp)
                soffice(["--convert-to", "pdf", n + ".docx"], tmp)
                for ext in (".docx", ".pdf"):
                    shutil.copy(os.path.join(tmp, n + ext), os.path.join(d, n + ext))
                print("made", n, ".docx .pdf")


if __name__ == "__main__":
    main()
