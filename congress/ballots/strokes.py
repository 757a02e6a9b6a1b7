"""Names in surname stroke order (姓氏笔画): candidates on an election's paper, the elected on
the result and the projector.

The order of official lists (GB 13000.1 / GB 13418 practice): the surname's stroke count, then
its strokes in writing order by the five kinds 横竖撇点折, character by character; a name of
two characters before a longer one of the same surname (王晨 before 王沪宁); then the rest of
the name the same way.

The characters' order comes from a maintained package, never a table of ours: the priority
table that `cn-sort` ships (`stroke_increment_level`: stroke count, then stroke order), read as
data — the package itself is not imported, since importing it reconfigures the process's
logging and writes log files into the working directory. Without that package, ICU's Chinese
stroke collation (PyICU) is the fallback: it orders by stroke count but breaks ties by radical,
not by the first stroke (张 before 李, 习 before 于), so official lists come out wrong within a
stroke count — tests/ballots/test_strokes.py checks against published lists, and
docs/decisions.md says why.
"""
import json
import logging
from functools import cache
from importlib.util import find_spec
from pathlib import Path

import icu

log = logging.getLogger(__name__)


@cache
def _table():
    """{character: rank} from cn-sort's shipped table, or None without the package."""
    spec = find_spec("cn_sort")  # finds the package without importing it
    if spec is None or not spec.submodule_search_locations:
        log.warning("ballots: cn-sort is not installed; names are ordered by ICU's stroke "
                    "collation, whose ties differ from the official order")
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "res" / "all_word.json"
    with path.open(encoding="utf-8") as f:
        entries = json.load(f)["all_word"]
    return {e["chinese"]: e["stroke_increment_level"] for e in entries
            if len(e["chinese"]) == 1}


@cache
def _collator():
    return icu.Collator.createInstance(icu.Locale("zh@collation=stroke"))


def _text_key(text):
    table = _table()
    if table is None:
        return (0, _collator().getSortKey(text))
    unknown = len(table) + 1  # a character the table lacks: after the known ones
    return (0, tuple((table.get(c, unknown), c) for c in text))


def stroke_key(name):
    """The sort key of a person's name: surname, then length, then the given name."""
    name = name.strip()
    return (_text_key(name[:1]), len(name), _text_key(name[1:]))


def stroke_sorted(names, key=None):
    """`names` (or items, with `key` giving the name) in surname stroke order."""
    get = key or (lambda item: item)
    return sorted(names, key=lambda item: stroke_key(get(item)))


def uses_official_order():
    """Whether the official tie-break (first stroke) is available (cn-sort installed)."""
    return _table() is not None
