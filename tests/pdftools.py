"""Reading PDFs the way a person's tools would: poppler's pdfinfo, pdffonts, pdftotext and
pdftoppm (poppler-utils, installed by make system-deps)."""
import subprocess
import tempfile
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


def page_ink(data, page=1):
    """The share of non-white pixels on a page rendered at 20 dpi (0 = blank)."""
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "doc.pdf"
        pdf.write_bytes(data)
        subprocess.run(["pdftoppm", "-r", "20", "-gray", "-f", str(page), "-l", str(page),
                        str(pdf), str(Path(tmp) / "p")], check=True)
        image = next(Path(tmp).glob("p*.pgm")).read_bytes()
    # binary PGM: header "P5\nW H\n255\n" then one byte per pixel
    header_end = 0
    for _ in range(3):
        header_end = image.index(b"\n", header_end) + 1
    pixels = image[header_end:]
    return sum(1 for b in pixels if b < 200) / len(pixels)


def is_a4(data):
    size = info(data)["Page size"].strip()  # "595.276 x 841.89 pts (A4)"
    return "(A4)" in size


def footer_numbers(data):
    """[(page number printed in the footer, its centre x / page width)] per page, from the
    word boxes of `pdftotext -bbox`: the digits in the bottom tenth of each page."""
    import re

    html = _run("pdftotext", "-bbox", data=data, tail=("-",))
    result = []
    for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html,
                            re.S):
        width, height, body = float(page.group(1)), float(page.group(2)), page.group(3)
        for word in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                                r'yMax="[\d.]+">(\d+)</word>', body):
            x_min, y_min, x_max = (float(word.group(i)) for i in (1, 2, 3))
            if y_min > height * 0.885:  # below the text block (262 of 297 mm)
                result.append((int(word.group(4)), (x_min + x_max) / 2 / width))
    return result
