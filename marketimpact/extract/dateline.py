"""Wire copy as plain text: headline, dateline and publisher read from the text itself.

A wire story pasted as text looks like::

    Oil jumps after OPEC+ unveils surprise cuts        ← headline (first line, then a blank line)

    LONDON, April 3 (Reuters) - Oil prices jumped ...  ← dateline: CITY[, Month Day[, Year]] (Agency) -

Recognised datelines: ``LONDON, April 3 (Reuters) -``, ``NEW YORK (AP) —``,
``Feb 12 (Reuters) -`` (no city), ``TOKYO, Jan. 27, 2025 /PRNewswire/ --``,
``PARIS (AFP) -``, ``SEOUL, Dec 4 -``, ``MUMBAI:`` (a known city in capitals before a colon). The city's zone comes from the gazetteer
(:mod:`.lexicon`); a dateline without a year takes the year of the publication date (or,
without one, stays undated).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .lexicon import zone_of

MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
AGENCIES = {
    "reuters": "Reuters", "ap": "AP", "afp": "AFP", "bloomberg": "Bloomberg", "dpa": "dpa",
    "xinhua": "Xinhua", "ani": "ANI", "pti": "PTI", "kyodo": "Kyodo", "yonhap": "Yonhap", "cnbc": "CNBC",
    "prnewswire": "PR Newswire", "business wire": "Business Wire", "globe newswire": "GlobeNewswire",
    "globenewswire": "GlobeNewswire", "marketwatch": "MarketWatch", "dow jones": "Dow Jones", "ians": "IANS",
    "bernama": "Bernama", "anadolu": "Anadolu", "tass": "TASS", "interfax": "Interfax", "efe": "EFE",
}
_AGENCY_ALT = "|".join(sorted((re.escape(a) for a in AGENCIES), key=len, reverse=True))
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]{0,6}\.?"
RE_DATELINE = re.compile(
    rf"^(?P<city>(?!{_MONTH}\s\d)[A-Z][A-Za-z.'’\-]*(?:[ \-/][A-Z][A-Za-z.'’\-]*){{0,3}}(?:,\s[A-Z][A-Za-z.]+)?)?"
    rf"(?:(?:,\s*|\s+)?(?P<mon>{_MONTH})\s(?P<day>[0-3]?\d)(?:,?\s(?P<year>(?:19|20)\d\d))?)?"
    rf"\s*(?:\((?P<agency>{_AGENCY_ALT})\)|/(?P<wire>{_AGENCY_ALT})/)?\s*(?P<dash>--|[-—–]|:(?=\s))\s*",
    re.I,
)


@dataclass(frozen=True)
class Dateline:
    """What a dateline says: place (as written), its zone, the date it carries, the agency."""

    city: str | None
    timezone: str | None
    date: dt.date | None
    publisher: str | None
    span: tuple[int, int]


def find_dateline(body: str, year: int | None = None) -> Dateline | None:
    """The dateline opening one of the first three paragraphs of ``body`` (a press release
    puts its title first), or None."""
    pos = 0
    for _ in range(3):
        while body.startswith("\n", pos):
            pos += 1
        line = parse_dateline(body[pos:], year)
        if line is not None:
            return Dateline(line.city, line.timezone, line.date, line.publisher,
                            (line.span[0] + pos, line.span[1] + pos))
        nxt = body.find("\n\n", pos)
        if nxt < 0 or nxt > 2000:
            return None
        pos = nxt
    return None


def parse_dateline(body: str, year: int | None = None) -> Dateline | None:
    """The dateline opening ``body`` (its first paragraph), or None.

    A match needs a dash after it and at least a city in capitals or a date or an agency, so
    an ordinary sentence ("Oil rose - again") is not a dateline.
    """
    lead = len(body) - len(body.lstrip())
    head = body[lead : lead + 160]
    if "-" not in head and "—" not in head and "–" not in head and ":" not in head:
        return None  # no dash: no dateline (a substring test before the pattern's backtracking)
    m = RE_DATELINE.match(head)
    if not m:
        return None
    city = (m["city"] or "").strip() or None
    if m["dash"] == ":" and not (city and city.isupper() and zone_of(city.split(",")[0])):
        return None  # "MUMBAI: Shares …" (the Indian press's dateline); "Update: …" is not one
    agency = m["agency"] or m["wire"]
    if city is not None and not agency and not m["mon"] and not city.split(",")[0].isupper():
        return None  # "Oil rose - again" is prose, not a dateline
    if city is None and not m["mon"] and not agency:
        return None
    zone = zone_of(city.split(",")[0]) if city else None
    if city and zone is None and not city.split(",")[0].isupper():
        return None
    date = None
    if m["mon"]:
        month = MONTHS.get(m["mon"][:3].lower())
        y = int(m["year"]) if m["year"] else year
        if month and y:
            try:
                date = dt.date(y, month, int(m["day"]))
            except ValueError:
                date = None
    publisher = AGENCIES.get(agency.lower()) if agency else None
    return Dateline(_title(city), zone, date, publisher, (lead, lead + m.end()))


def _title(city: str | None) -> str | None:
    if not city:
        return None
    first = city.split(",")[0].strip()
    return first.title() if first.isupper() else first


def split_headline(text: str) -> tuple[str | None, str]:
    """(headline, body) of plain text whose first line is a headline: a short line (≤ 200
    characters, no final full stop) followed by a blank line. Otherwise (None, text)."""
    stripped = text.lstrip("\n")
    first, sep, rest = stripped.partition("\n")
    line = first.strip()
    if not sep or (not rest.startswith("\n") and not rest.lstrip(" \t").startswith("\n")):
        return None, text
    if not line or len(line) > 200 or line.endswith(".") or (RE_DATELINE.match(line + " -") is None and line.isupper()):
        return None, text
    return line.lstrip("#").strip() or None, rest.lstrip("\n")
