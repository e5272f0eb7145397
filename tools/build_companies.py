"""Regenerate ``marketimpact/data/companies.csv`` from the ``pytickersymbols`` package.

pytickersymbols (MIT, maintained) ships the members of 20 equity indices (S&P 500, S&P 600,
Nasdaq 100, Dow, FTSE 100, DAX/MDAX/SDAX/TecDAX, CAC 40/Mid 60, AEX, BEL 20, IBEX 35,
Euro Stoxx 50, SMI, OMX Stockholm 30 / Helsinki 25, Nikkei 225) with their Yahoo symbols.
We keep one row per company with its **home listing** (the symbol a Yahoo user types:
``SIE.DE``, ``BRBY.L``, ``7203.T``, ``AAPL``), the exchange calendar, the local close and
the trading currency, and the aliases a reporter uses ("Volkswagen Group" → "volkswagen").

The table is generated once and committed, so the package needs no download and no
import of pytickersymbols at run time; ``tests/test_generated_tables.py`` checks that the committed
file is what this script writes when pytickersymbols is installed (the ``test`` extra).

Usage: ``python tools/build_companies.py`` (writes the CSV atomically).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from marketimpact.extract.entities import fold

OUT = Path(__file__).resolve().parent.parent / "marketimpact" / "data" / "companies.csv"

#: Yahoo suffix → (exchange, exchange_calendars code, time zone, local close, currency, unit)
EXCHANGES: dict[str, tuple[str, str, str, str, str, str]] = {
    "": ("NYSE/NASDAQ", "XNYS", "America/New_York", "16:00", "USD", "USD"),
    "L": ("LSE", "XLON", "Europe/London", "16:30", "GBp", "GBp"),
    "DE": ("Xetra", "XETR", "Europe/Berlin", "17:30", "EUR", "EUR"),
    "PA": ("Euronext Paris", "XPAR", "Europe/Paris", "17:30", "EUR", "EUR"),
    "AS": ("Euronext Amsterdam", "XAMS", "Europe/Amsterdam", "17:30", "EUR", "EUR"),
    "BR": ("Euronext Brussels", "XBRU", "Europe/Brussels", "17:30", "EUR", "EUR"),
    "MC": ("BME", "XMAD", "Europe/Madrid", "17:30", "EUR", "EUR"),
    "MI": ("Borsa Italiana", "XMIL", "Europe/Rome", "17:30", "EUR", "EUR"),
    "SW": ("SIX", "XSWX", "Europe/Zurich", "17:30", "CHF", "CHF"),
    "ST": ("Nasdaq Stockholm", "XSTO", "Europe/Stockholm", "17:30", "SEK", "SEK"),
    "HE": ("Nasdaq Helsinki", "XHEL", "Europe/Helsinki", "18:30", "EUR", "EUR"),
    "T": ("TSE", "XTKS", "Asia/Tokyo", "15:30", "JPY", "JPY"),
}
#: country of a non-US company → the suffix of its home listing
HOME_SUFFIX = {
    "Germany": "DE", "United Kingdom": "L", "France": "PA", "Netherlands": "AS", "Belgium": "BR", "Spain": "MC",
    "Italy": "MI", "Switzerland": "SW", "Sweden": "ST", "Finland": "HE", "Japan": "T",
}
_LEGAL = re.compile(
    r"[,\s]+(?:inc\.?|incorporated|corp\.?|corporation|co\.?|company|plc|p\.l\.c\.|ltd\.?|limited|ag|se|sa|s\.a\.|nv|"
    r"n\.v\.|spa|s\.p\.a\.|oyj|abp|asa|ab(?:\s*\(publ\))?|a/s|kgaa|gmbh|holdings?|group|& co\.?(?:\s*kgaa)?|"
    r"the|class [abc]|reit)$",
    re.I,
)


def aliases_of(name: str) -> list[str]:
    """The name, the name without its Wikipedia-style qualifier ("Puma (brand)" → "Puma") and
    without legal suffixes, and their accent-free forms."""
    out = [name.strip()]
    base = re.sub(r"\s*\([^()]*\)$", "", name.strip())
    if base != out[0] and len(base) >= 2:
        out.append(base)
    for _ in range(4):
        shorter = _LEGAL.sub("", base).strip(" ,")
        if shorter == base or len(shorter) < 2:
            break
        base = shorter
        out.append(base)
    # "The Estée Lauder Companies", "The Walt Disney Company": reporters drop the article and the plural
    # "Companies"; kept when two words or a hyphenated one are left ("Walt Disney", "Coca-Cola"; not "Hartford")
    bare = re.sub(r"\s+Companies$", "", re.sub(r"^The\s+", "", base))
    if bare != base and (len(bare.split()) >= 2 or "-" in bare):
        out.append(bare)
    forms = []
    for a in out:
        for f in (a.lower(), fold(a)):
            if f and f not in forms:
                forms.append(f)
    return forms


def home_symbol(stock: dict) -> str | None:
    """The Yahoo symbol of the home listing, or None when it cannot be told."""
    symbols = [s.get("yahoo") for s in stock.get("symbols") or [] if s.get("yahoo")]
    main = str(stock.get("symbol") or "").strip()
    if not main or main.startswith("."):
        return None
    if "." in main and main.rsplit(".", 1)[1] in EXCHANGES:
        return main
    suffix = HOME_SUFFIX.get(str(stock.get("country") or ""))
    if suffix is None:
        # US companies: pytickersymbols gives a city/state as "country"; keep plain symbols only
        return main if main and main in symbols and re.fullmatch(r"[A-Z][A-Z.\-]{0,5}", main) else None
    cand = f"{main}.{suffix}"
    if suffix == "T" and main.isdigit():
        return cand
    return cand


def build_rows() -> list[list[str]]:
    from pytickersymbols import PyTickerSymbols

    rows: dict[str, list[str]] = {}
    for stock in PyTickerSymbols().get_all_stocks():
        name = str(stock.get("name") or "").strip()
        sym = home_symbol(stock)
        if not name or not sym:
            continue
        suffix = sym.rsplit(".", 1)[1] if "." in sym and sym.rsplit(".", 1)[1] in EXCHANGES else ""
        exchange, cal, tz, close, ccy, unit = EXCHANGES[suffix]
        if sym in rows:
            continue
        rows[sym] = [sym, name, ";".join(aliases_of(name)), "stock", exchange, cal, tz, close, ccy, unit, "no", ""]
    return sorted(rows.values(), key=lambda r: r[0])


HEADER = ["ticker", "name", "aliases", "kind", "exchange", "calendar", "timezone", "price_time", "currency", "unit",
          "continuous_future", "sign_note"]


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    """A table as the committed CSV files are written (``\\n`` line ends, minimal quoting)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def render(rows: list[list[str]]) -> str:
    return csv_text(HEADER, rows)


def write_table(path: Path, text: str) -> None:
    """Write a generated table atomically and say how many rows it holds."""
    from marketimpact._io import atomic_write

    atomic_write(path, text)
    print(f"wrote {path} ({text.count(chr(10)) - 1} companies)")


def main() -> None:
    write_table(OUT, render(build_rows()))


if __name__ == "__main__":
    main()
