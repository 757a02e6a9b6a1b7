"""One way to make a PDF: Jinja renders templates/records/<doc>.html with the shared print
stylesheet (GB/T 9704 page box, CJK font stack); WeasyPrint renders it without fetching
anything from the file system or the network. Fonts come from the system (fontconfig) and are
embedded as subsets."""
import re

from flask import current_app, render_template
from flask_babel import force_locale
from markupsafe import Markup, escape
from weasyprint import HTML
from weasyprint.urls import URLFetcher

CHINESE_DIGITS = "零一二三四五六七八九"


def chinese_number(n):
    """一, 二 ... 十, 十一 ... 九十九 for the headings 一、 and （一） of printed documents
    (larger numbers stay digits). A template global."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    prefix = "" if tens == 0 else ("十" if tens == 1 else CHINESE_DIGITS[tens] + "十")
    return prefix + (CHINESE_DIGITS[ones] if ones else "")


# "2026年年会", "2026年年会纪要": a year and what it names, one unit on a printed title line
YEAR_PHRASE = re.compile(r"\d{4}年[^\s，。、；：（）()]{0,8}")


def nobr_title(title):
    """A document title whose year phrase (2026年年会) never breaks across lines: a long
    title breaks before the year instead of between 年 and 年会. A template global."""
    text, parts, at = str(title), [], 0
    for match in YEAR_PHRASE.finditer(text):
        parts += [escape(text[at:match.start()]),
                  Markup('<span class="nobr">%s</span>') % match.group()]
        at = match.end()
    parts.append(escape(text[at:]))
    return Markup("").join(parts)


class RefusingFetcher(URLFetcher):
    """Only inline `data:` URLs (QR codes, charts); never `file:`, never the network."""

    def __init__(self):
        super().__init__(allowed_protocols={"data"}, allow_redirects=False)


def render_pdf(template, locale=None, **context):
    """PDF bytes. Official records are printed in the meeting's language (CONGRESS_LOCALE),
    whatever language the person pressing the button reads the screen in."""
    with force_locale(locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        html = render_template(template, **context)
    return HTML(string=html, base_url="about:blank", url_fetcher=RefusingFetcher()).write_pdf()
