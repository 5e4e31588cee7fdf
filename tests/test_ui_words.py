"""Words and dates people read (issue 16): "Anda" always capitalised, and one date style per
context (DOMAIN.md): "21 Agustus 2025" (or with the weekday) in text, dd-mm-yyyy in tables
(SHORT_DATE_FORMAT), never abbreviated month names."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UI_FOLDERS = ["templates", "intan_wpl", "pilots", "learning_needs", "learning_plans", "learning_records", "insights"]
TRANSLATED = re.compile(r"""(?:translate|gettext(?:_lazy)?|_)\s*\(?\s*["']([^"']*)["']""")


def ui_files():
    for folder in UI_FOLDERS:
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in {".html", ".py", ".txt"} and "/migrations/" not in path.as_posix():
                yield path


def test_anda_is_always_capitalised_in_what_people_read():
    found = []
    for path in ui_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for text in TRANSLATED.findall(line):
                if re.search(r"\banda\b", text):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {text}")
    assert found == []


def test_no_abbreviated_month_names_in_dates():
    found = [
        f"{path.relative_to(ROOT)}: {match}"
        for path in (ROOT / "templates").rglob("*.html")
        for match in re.findall(r'\|date:"[^"]*\bM\b[^"]*"', path.read_text(encoding="utf-8"))
        if "j M" in match and '"j M"' not in match
    ]
    assert found == []
