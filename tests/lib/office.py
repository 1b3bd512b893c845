"""LibreOffice and poppler for the tests that look at a .docx as a printed page.

    import sys; sys.path.insert(0, "<repo>/tests/lib"); import office
    office.skip_unless_available("documents_demo_test")    # exit 77 without soffice/poppler
    pdf = office.to_pdf(docx_path, out_dir)               # headless, own profile, timeout
    office.page_sizes(pdf)      -> [(595.3, 841.9), ...]  points, one per page
    office.fonts(pdf)           -> [Font(name="LiberationSerif-Bold", family="LiberationSerif",
                                         type="TrueType", embedded=True), ...]
    office.words(pdf, 1)        -> Page(width, height, words=[Word(text, x0, y0, x1, y1)]),
                                   points from the top left (pdftotext -bbox)
    office.text(pdf, 1)         -> the page's text in reading layout (pdftotext -layout)
    office.render_png(pdf, 1, office.screenshots_dir() / "x-p1.png", dpi=96)

Tests only, never the server: a conversion takes 5–30 s on a loaded machine. Each conversion
runs with a profile directory of its own (LibreOffice refuses to share one between running
instances), in its own process group, killed whole at the timeout; an exit 0 without a PDF is
a failure. Times New Roman renders as Liberation Serif (Debian fonts-liberation2, metric
compatible); a DejaVu font in `fonts()` means it was missing and the layout drifted.
"""
import html
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOFFICE_CANDIDATES = ("soffice", "libreoffice", "/usr/lib/libreoffice/program/soffice")
POPPLER = ("pdfinfo", "pdffonts", "pdftotext", "pdftoppm")


class OfficeError(Exception):
    """A conversion or a poppler tool that failed; the message says which and why."""


def soffice():
    for c in SOFFICE_CANDIDATES:
        path = shutil.which(c)
        if path:
            return path
    return None


def missing():
    """The tools this module needs that are not installed (names of Debian packages' tools)."""
    out = [] if soffice() else ["soffice (libreoffice-writer-nogui)"]
    out += [f"{t} (poppler-utils)" for t in POPPLER if not shutil.which(t)]
    return out


def skip_unless_available(test_name):
    """Exits 77 (ctest's SKIP) with a line on stderr when LibreOffice or poppler is missing."""
    gone = missing()
    if gone:
        print(f"{test_name}: SKIP: missing {', '.join(gone)} (scripts/install-deps)",
              file=sys.stderr)
        sys.exit(77)


def screenshots_dir():
    d = Path(os.environ.get("WP_SCREENSHOTS", ROOT / "build" / "screenshots"))
    d.mkdir(parents=True, exist_ok=True)
    return d


def _run(cmd, timeout, **kw):
    """Runs cmd in its own process group; kills the group at the timeout. Returns (rc, out, err)."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True, **kw)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.communicate()
        raise OfficeError(f"{Path(cmd[0]).name} did not finish within {timeout} s")
    return proc.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")


def to_pdf(docx_path, out_dir=None, timeout=180):
    """Converts a .docx to PDF with LibreOffice headless; returns the PDF's Path."""
    exe = soffice()
    if exe is None:
        raise OfficeError("soffice is not installed (libreoffice-writer-nogui)")
    src = Path(docx_path).resolve()
    out = Path(out_dir) if out_dir else src.parent
    out.mkdir(parents=True, exist_ok=True)
    pdf = out / (src.stem + ".pdf")
    if pdf.exists():
        pdf.unlink()
    with tempfile.TemporaryDirectory(prefix="wp-lo-") as profile:
        cmd = [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
               "--nolockcheck", "--convert-to", "pdf", "--outdir", str(out), str(src)]
        env = dict(os.environ, HOME=profile, SAL_USE_VCLPLUGIN="svp")
        rc, stdout, stderr = _run(cmd, timeout, env=env)
    if rc != 0:
        raise OfficeError(f"soffice exited {rc}: {stderr.strip() or stdout.strip()}")
    if not pdf.is_file() or pdf.stat().st_size == 0:
        raise OfficeError(f"soffice exited 0 without a PDF: {stdout.strip()} {stderr.strip()}")
    return pdf


def _poppler(args, timeout=60):
    rc, out, err = _run(args, timeout)
    if rc != 0:
        raise OfficeError(f"{args[0]} exited {rc}: {err.strip()}")
    return out


def page_count(pdf):
    m = re.search(r"^Pages:\s+(\d+)", _poppler(["pdfinfo", str(pdf)]), re.M)
    if not m:
        raise OfficeError("pdfinfo printed no page count")
    return int(m.group(1))


def page_sizes(pdf):
    """Each page's (width, height) in points."""
    n = page_count(pdf)
    out = _poppler(["pdfinfo", "-f", "1", "-l", str(n), str(pdf)])
    sizes = [(float(w), float(h)) for w, h in
             re.findall(r"^Page\s+\d+\s+size:\s+([\d.]+) x ([\d.]+) pts", out, re.M)]
    if len(sizes) != n:
        raise OfficeError(f"pdfinfo gave {len(sizes)} page sizes for {n} pages")
    return sizes


@dataclass
class Font:
    name: str      # as embedded, without the subset prefix: "LiberationSerif-Bold"
    family: str    # "LiberationSerif"
    type: str
    embedded: bool


def fonts(pdf):
    out = _poppler(["pdffonts", str(pdf)])
    result = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        if len(parts) < 7:
            continue
        name = parts[0].split("+", 1)[-1]
        # Columns from the right: emb sub uni object-id generation; type and encoding between.
        emb = parts[-5] == "yes"
        result.append(Font(name=name, family=name.split("-")[0], type=" ".join(parts[1:-6]),
                           embedded=emb))
    return result


@dataclass
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def cx(self):
        return (self.x0 + self.x1) / 2


@dataclass
class Page:
    width: float
    height: float
    words: list = field(default_factory=list)

    def find(self, text):
        """The words equal to `text`, top to bottom."""
        return sorted((w for w in self.words if w.text == text), key=lambda w: (w.y0, w.x0))

    def line_of(self, first, *rest):
        """The first run of consecutive words reading `first rest...`, as one Word (its box)."""
        seq = (first,) + rest
        ws = self.words
        for i in range(len(ws) - len(seq) + 1):
            if all(ws[i + k].text == seq[k] for k in range(len(seq))):
                part = ws[i:i + len(seq)]
                return Word(" ".join(seq), min(w.x0 for w in part), min(w.y0 for w in part),
                            max(w.x1 for w in part), max(w.y1 for w in part))
        return None


_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                   r"(.*?)</word>")


def words(pdf, page):
    """The words of page `page` (1-based) with their boxes, in reading order."""
    out = _poppler(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"])
    m = _PAGE.search(out)
    if not m:
        raise OfficeError(f"pdftotext -bbox: no page {page}")
    p = Page(float(m.group(1)), float(m.group(2)))
    for x0, y0, x1, y1, text in _WORD.findall(out):
        p.words.append(Word(html.unescape(text), float(x0), float(y0), float(x1), float(y1)))
    return p


def text(pdf, page):
    return _poppler(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"])


def render_png(pdf, page, png_path, dpi=96):
    """Renders one page to PNG at `png_path`; returns the Path."""
    png = Path(png_path)
    png.parent.mkdir(parents=True, exist_ok=True)
    stem = png.with_suffix("")
    _poppler(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-png",
              "-singlefile", str(pdf), str(stem)], timeout=120)
    if not png.is_file():
        raise OfficeError(f"pdftoppm wrote no {png}")
    return png


MM = 72 / 25.4  # points per millimetre
