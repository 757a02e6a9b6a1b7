"""Templates ask the model (`ballot.is_open`, `request.is_challenge`), never compare an enum's
string: a rule written in a template is a rule the API does not share (issue 14)."""
import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
STRING_COMPARISON = re.compile(r"\.value\s*(==|!=|in)\s*[\[('\"]")


def test_no_template_compares_an_enum_value_with_a_string():
    found = [f"{path.relative_to(TEMPLATES)}:{n}: {line.strip()}"
             for path in sorted(TEMPLATES.rglob("*.html"))
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if STRING_COMPARISON.search(line)]
    assert found == []
