"""Long lists a page at a time: Flask-SQLAlchemy's `paginate` (one count and one page of rows,
whatever the length of the list), and the pager's links, which keep every other argument of
the page (its filters) and change only the page number."""
from urllib.parse import urlencode

from flask import request

from congress.extensions import db

PER_PAGE = 50
MAX_PER_PAGE = 200


def page_of(query, page=1, per_page=PER_PAGE):
    """One page of the select's rows (`.items`) with `.page`, `.pages` and `.total`. A page
    below 1 is the first; a page beyond the last is empty."""
    return db.paginate(query, page=max(page or 1, 1), per_page=per_page,
                       max_per_page=MAX_PER_PAGE, error_out=False, count=True)


def requested_page():
    """The page number a page's query string asks for (1 when absent or not a number)."""
    return max(request.args.get("page", 1, type=int), 1)


def page_url(number):
    """The current page's URL with another page number: its path and every other argument of
    its query string as they came (not through url_for, whose own keywords, `endpoint` or
    `_external`, a query string could name)."""
    args = [(key, value) for key, value in request.args.items(multi=True) if key != "page"]
    return f"{request.script_root}{request.path}?{urlencode([*args, ('page', number)])}"


def init_app(app):
    app.jinja_env.globals["page_url"] = page_url
