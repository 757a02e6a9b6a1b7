"""Reading PDFs the way a person's tools would: poppler's pdfinfo, pdffonts, pdftotext and
pdftoppm (poppler-utils, installed by make system-deps)."""
import html
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


def _run(*args, data, tail=()):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(data)
        return subprocess.run([*args, str(path), *tail], capture_output=True, text=True,
                              check=True).stdout


def info(data):
    out = _run("pdfinfo", data=data)
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


def fonts(data):
    """[(name, type, embedded, subset)] from pdffonts."""
    rows = _run("pdffonts", data=data).splitlines()[2:]
    result = []
    for row in rows:
        parts = row.split()
        # name type... encoding emb sub uni object ID
        result.append((parts[0], " ".join(parts[1:-6]), parts[-5] == "yes", parts[-4] == "yes"))
    return result


def text(data):
    return _run("pdftotext", "-layout", data=data, tail=("-",)).replace("\f", "\n")


def _gray_pixels(data, page, dpi):
    """(width, height, pixels) of a page rendered in gray: one byte per pixel, 0 = black."""
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "doc.pdf"
        pdf.write_bytes(data)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-f", str(page), "-l", str(page),
                        str(pdf), str(Path(tmp) / "p")], check=True)
        image = next(Path(tmp).glob("p*.pgm")).read_bytes()
    # binary PGM: header "P5\nW H\n255\n" then one byte per pixel
    header_end = 0
    for _ in range(3):
        header_end = image.index(b"\n", header_end) + 1
    width, height = map(int, image.split(b"\n")[1].split())
    return width, height, image[header_end:]


def page_ink(data, page=1):
    """The share of non-white pixels on a page rendered at 20 dpi (0 = blank)."""
    _w, _h, pixels = _gray_pixels(data, page, 20)
    return sum(1 for b in pixels if b < 200) / len(pixels)


def widest_ink_mm(data, box_mm, page=1, dpi=100):
    """The widest horizontal stretch from the first to the last dark pixel of any one pixel
    row inside box_mm = (left, top, right, bottom), in millimetres: e.g. a QR code's width."""
    width, _height, pixels = _gray_pixels(data, page, dpi)
    left, top, right, bottom = (round(v * dpi / 25.4) for v in box_mm)
    widest = 0
    for y in range(top, bottom):
        dark = [x for x in range(left, right) if pixels[y * width + x] < 128]
        if dark:
            widest = max(widest, dark[-1] - dark[0] + 1)
    return widest * 25.4 / dpi


def is_a4(data):
    size = info(data)["Page size"].strip()  # "595.276 x 841.89 pts (A4)"
    return "(A4)" in size


@dataclass(frozen=True)
class Word:
    text: str
    x_min: float
    y_min: float
    x_max: float
    y_max: float

    @property
    def x_center(self):
        return (self.x_min + self.x_max) / 2


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    words: list


_PAGE_RE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD_RE = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                      r'yMax="([\d.]+)">(.*?)</word>')


def pages(data):
    """Every page with its words and their boxes (pdftotext -bbox; points, origin top left)."""
    out = _run("pdftotext", "-bbox", data=data, tail=("-",))
    return [Page(float(w), float(h), [Word(html.unescape(m[4]), *map(float, m[:4]))
                                      for m in _WORD_RE.findall(body)])
            for w, h, body in _PAGE_RE.findall(out)]


def page_number(page):
    """The number printed as "— n —" in the bottom margin of a page, as a Word, or None."""
    bottom = [w for w in page.words if w.y_min > page.height * 0.85]
    for before, word, after in zip(bottom, bottom[1:], bottom[2:], strict=False):
        if before.text == after.text == "—" and word.text.isdigit():
            return word
    return None


def qr_codes(data, page=1, dpi=150):
    """The payloads of the QR codes on a page, read by zbarimg (zbar-tools) from a rendering
    as a printer would make it."""
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "doc.pdf"
        pdf.write_bytes(data)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-f", str(page), "-l", str(page),
                        str(pdf), str(Path(tmp) / "p")], check=True)
        image = next(Path(tmp).glob("p*.pgm"))
        result = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable",
                                 "-Sqrcode.enable", str(image)], capture_output=True, text=True)
    assert result.returncode in (0, 4), result.stderr  # 4: no code found
    return result.stdout.splitlines()
def footer_numbers(data):
    """[(page number printed in the footer, its centre x / page width)] for every page."""
    return [(int(word.text), word.x_center / page.width) for page in pages(data)
            if (word := page_number(page)) is not None]

