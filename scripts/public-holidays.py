#!/usr/bin/env python3
"""Writes src-tauri/core/data/holidays.json: the national public holidays of
every EU and EEA member state, 2024 to 2040, from Python's `holidays` package
(the version pinned in tests/requirements.txt), for counting periods under
Regulation (EEC, Euratom) No 1182/71.

Regenerate after changing the pin (scripts/setup-python installs it):

    scripts/setup-python && .build/venv/bin/python scripts/public-holidays.py

`.build/venv/bin/python scripts/public-holidays.py -` prints the file instead of
writing it; tests/integration/holidays.rs does that and fails when the
committed file differs.

Only the package's public category is taken (its default, named here so a
change of default cannot widen the file), with no subdivision, so a day is
listed only when it is a public holiday in the whole country. The days off
the package adds in lieu of a holiday on a weekend ("(observed)": Bulgaria,
Latvia, Greece) are public holidays too and stay in. Names are English
(en_US) where the package translates a country, its own language otherwise;
two holidays on one day are one entry, their names joined by "; ".

(Not named holidays.py: Python would import this file as the package.)
"""

import json
import sys
from pathlib import Path

import holidays
from holidays.constants import PUBLIC

FIRST_YEAR = 2024
LAST_YEAR = 2040

# The 27 EU member states, then the EEA's Iceland, Liechtenstein and Norway,
# by ISO 3166-1 alpha-2 code, named as the EU's Interinstitutional Style Guide
# names them.
MEMBER_STATES = {
    "AT": "Austria",
    "BE": "Belgium",
    "BG": "Bulgaria",
    "CY": "Cyprus",
    "CZ": "Czechia",
    "DE": "Germany",
    "DK": "Denmark",
    "EE": "Estonia",
    "ES": "Spain",
    "FI": "Finland",
    "FR": "France",
    "GR": "Greece",
    "HR": "Croatia",
    "HU": "Hungary",
    "IE": "Ireland",
    "IT": "Italy",
    "LT": "Lithuania",
    "LU": "Luxembourg",
    "LV": "Latvia",
    "MT": "Malta",
    "NL": "Netherlands",
    "PL": "Poland",
    "PT": "Portugal",
    "RO": "Romania",
    "SE": "Sweden",
    "SI": "Slovenia",
    "SK": "Slovakia",
    "IS": "Iceland",
    "LI": "Liechtenstein",
    "NO": "Norway",
}

OUTPUT = Path(__file__).resolve().parent.parent / "src-tauri/core/data/holidays.json"


def public_holidays(code):
    """[date, name] pairs of the country's nationwide public holidays, sorted."""
    years = range(FIRST_YEAR, LAST_YEAR + 1)
    probe = holidays.country_holidays(code, years=[], categories=PUBLIC)
    language = "en_US" if "en_US" in probe.supported_languages else None
    days = holidays.country_holidays(code, years=years, categories=PUBLIC, language=language)
    return [[day.isoformat(), name] for day, name in sorted(days.items())]


def render():
    """The file's text: one holiday a line, so that a regenerated file's diff
    shows the days that changed."""
    lines = [
        "{",
        f'"source": {json.dumps(f"python-holidays {holidays.__version__}")},',
        f'"years": [{FIRST_YEAR}, {LAST_YEAR}],',
        '"countries": {',
    ]
    codes = sorted(MEMBER_STATES)
    for i, code in enumerate(codes):
        name = json.dumps(MEMBER_STATES[code], ensure_ascii=False)
        lines.append(f'{json.dumps(code)}: {{"name": {name}, "days": [')
        days = public_holidays(code)
        for j, day in enumerate(days):
            comma = "," if j < len(days) - 1 else ""
            lines.append(json.dumps(day, ensure_ascii=False) + comma)
        lines.append("]}" + ("," if i < len(codes) - 1 else ""))
    lines += ["}", "}"]
    return "\n".join(lines) + "\n"


def main():
    text = render()
    if sys.argv[1:] == ["-"]:
        sys.stdout.buffer.write(text.encode("utf-8"))
    else:
        OUTPUT.write_text(text, encoding="utf-8")
        print(f"{OUTPUT}: {len(text.encode())} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
