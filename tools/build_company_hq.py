"""Regenerate ``marketimpact/data/company_hq.csv``: the time zone of a company's head office
where it differs from its listing's.

An announcement happens where the company is, not where its shares trade: Nike speaks from
Beaverton (America/Los_Angeles) while NKE trades in New York. pytickersymbols (MIT, the source
of ``companies.csv``) records each index member's headquarters ("Apple Park, Cupertino,
California, US"); the project's gazetteer (``places.csv``) reads the place (a city first, then a
state, then a single-zone country). Only rows whose zone differs from the listing's zone are kept.

Usage: ``python tools/build_company_hq.py`` (writes the CSV atomically); the committed file is
checked against this script by ``tests/test_generated_tables.py``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_companies import EXCHANGES, csv_text, home_symbol, write_table

OUT = Path(__file__).resolve().parent.parent / "marketimpact" / "data" / "company_hq.csv"
_RANK = {"city": 0, "state": 1, "country": 2}
RE_NAME_GOES_ON = re.compile(r"\s[A-Z][a-z]")
RE_US = re.compile(r"(?<![\w.])(?:U\.S\.?|US|USA|United States)(?!\w)")


def hq_zone(headquarters: str) -> str | None:
    """The IANA zone of a head-office description, or None when no single-zone place is named.
    A city counts unless the state or single-zone country named after it disagrees ("Newport Beach,
    California" is not Newport, Wales; "Windsor, England, UK" not Windsor, Ontario); a U.S. address
    keeps American zones only ("Atlanta, Georgia, U.S.")."""
    from marketimpact.extract.lexicon import find_places

    # (a demonym followed by a capitalised word is part of a longer name: "British Columbia")
    places = [p for p in find_places(headquarters) if p.kind in _RANK
              and not (p.kind == "country" and RE_NAME_GOES_ON.match(headquarters, p.span[1]))]
    if RE_US.search(headquarters):  # "Atlanta, Georgia, U.S." is not the country Georgia
        places = [p for p in places if p.timezone.startswith(("America/", "Pacific/Honolulu"))]
    for i, p in enumerate(places):
        if p.kind != "city" and not p.multi and not any(q.kind == "city" for q in places[:i]):
            return p.timezone  # an address that opens with its country: "Baar, Switzerland (headquarters) London …"
        if p.kind != "city" or p.multi:
            continue
        region = next((q for q in places[i + 1 :] if q.kind != "city"), None)
        if region is None or region.multi or _same_clock(p.timezone, region.timezone):
            return p.timezone
        # the state or single-zone country after a city is its own: "Perth, Scotland, UK" is not Perth,
        # Australia; "Ota, Tokyo, Japan" not Ota, Nigeria (a multi-zone one is no guide: "Houston, Texas")
    state = next((p.timezone for p in places if p.kind == "state" and not p.multi), None)
    country = next((p.timezone for p in places if p.kind == "country" and not p.multi), None)
    return state or country


def _same_clock(a: str, b: str) -> bool:
    """Whether two zones keep the same clock (America/Detroit and America/New_York do)."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    moments = (dt.datetime(2024, 1, 15, 12), dt.datetime(2024, 7, 15, 12))
    return all(ZoneInfo(a).utcoffset(m) == ZoneInfo(b).utcoffset(m) for m in moments)


def build_rows() -> list[list[str]]:
    from pytickersymbols import PyTickerSymbols

    rows: dict[str, list[str]] = {}
    for stock in PyTickerSymbols().get_all_stocks():
        sym = home_symbol(stock)
        hq = " ".join(str((stock.get("metadata") or {}).get("headquarters") or "").split())
        if not sym or not hq or sym in rows:
            continue
        suffix = sym.rsplit(".", 1)[1] if "." in sym and sym.rsplit(".", 1)[1] in EXCHANGES else ""
        zone = hq_zone(hq)
        if zone is not None and not _same_clock(zone, EXCHANGES[suffix][2]):
            rows[sym] = [sym, hq, zone]
    return sorted(rows.values(), key=lambda r: r[0])


def render(rows: list[list[str]]) -> str:
    return csv_text(["ticker", "headquarters", "timezone"], rows)


def main() -> None:
    write_table(OUT, render(build_rows()))


if __name__ == "__main__":
    main()
