"""render_pdf(): the print stylesheet, the CJK fonts, and a fetcher that reads nothing."""
import pytest

from congress.core.pdf import RefusingFetcher


@pytest.mark.parametrize("url", ["file:///etc/passwd", "http://127.0.0.1:9/x.png",
                                 "https://example.org/font.woff", "ftp://example.org/x"])
def test_fetcher_refuses_files_and_the_network(url):
    with pytest.raises(ValueError, match="disallowed protocol"):
        RefusingFetcher()(url)


def test_fetcher_allows_inline_data():
    response = RefusingFetcher()("data:text/plain;base64,aGk=")
    assert response.read() == b"hi"
    response.close()


def _black_png(size=64):
    """A small all-black PNG, written by hand (zlib + CRCs)."""
    import struct
    import zlib

    def chunk(kind, body):
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))
    raw = b"".join(b"\x00" + b"\x00" * size for _ in range(size))
    header = struct.pack(">IIBBBBB", size, size, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _ink(html):
    from weasyprint import HTML

    from tests import pdftools
    return pdftools.page_ink(HTML(string=html, url_fetcher=RefusingFetcher()).write_pdf())


def test_a_document_cannot_pull_in_a_local_file(tmp_path):
    import base64
    image = tmp_path / "black.png"
    image.write_bytes(_black_png())
    style = "width:150mm;height:150mm"
    inline = f"data:image/png;base64,{base64.b64encode(_black_png()).decode()}"
    assert _ink(f'<img style="{style}" src="{inline}">') > 0.2   # inline data is drawn
    assert _ink(f'<img style="{style}" src="file://{image}">') < 0.01  # the file is not read


@pytest.mark.parametrize("n,words", [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"),
                                     (21, "二十一"), (99, "九十九"), (100, "100"), (0, "0")])
def test_chinese_heading_numbers(n, words):
    from congress.core.pdf import chinese_number

    assert chinese_number(n) == words
