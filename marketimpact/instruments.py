"""The instrument registry: ticker → name, kind, exchange, calendar, units, price time.

One table (``marketimpact/data/instruments.csv``) serves the extractor (aliases →
ticker), the price loader (units, continuous futures) and the day-0 rule
(``price_time``: the local clock time at which the daily close/settlement is struck).
Users extend it with :func:`register_instruments` (a CSV with the same columns).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .errors import ConfigurationError, InvalidTickerError, UnknownTickerError

#: Characters a Yahoo-style ticker may contain. Anything else (``/``, ``\\``, spaces,
#: ``..``) is refused before a ticker can reach the file system or a URL.
_TICKER_RE = re.compile(r"^[A-Za-z0-9^=._\-]{1,24}$")


@dataclass(frozen=True)
class Instrument:
    """One row of the registry.

    ``price_time`` is the local time (in ``timezone``) at which the daily price the
    bundled/Yahoo data report is fixed — the settlement for futures (14:30 New York for
    NYMEX crude), the close for equities, 00:00 London for Yahoo FX bars (a start-of-day
    snapshot). The day-0 rule compares the announcement instant with it.
    """

    ticker: str
    name: str
    aliases: tuple[str, ...]
    kind: str
    exchange: str
    calendar: str | None
    timezone: str
    price_time: dt.time
    currency: str
    unit: str
    continuous_future: bool
    sign_note: str = ""


def validate_ticker(ticker: object) -> str:
    """Return ``ticker`` stripped, or raise :class:`InvalidTickerError`.

    A ticker never becomes a path unsanitised: only letters, digits and ``^=._-`` are
    allowed and ``..`` is refused.
    """
    if not isinstance(ticker, str):
        raise InvalidTickerError(f"a ticker is a string, got {type(ticker).__name__}")
    t = ticker.strip()
    if not _TICKER_RE.match(t) or ".." in t:
        raise InvalidTickerError(
            f"invalid ticker {ticker!r}: use letters, digits and ^ = . _ - only (e.g. BZ=F, ^GSPC)"
        )
    return t


_YES = frozenset({"yes", "true", "1"})
_new = object.__new__


def _dict_rows(text: str) -> list[dict[str, str]]:
    """``list(csv.DictReader(text.splitlines()))`` without its per-row Python loop: the same dicts
    (blank lines skipped, a short row's missing fields None, a long row's extra fields under the
    key None; ``tests/test_startup_paths.py`` compares them on every bundled table)."""
    reader = csv.reader(text.splitlines())
    header = next(reader, None)
    if header is None:
        return []
    rows = [row for row in reader if row]
    n = len(header)
    if any(len(row) != n for row in rows):  # a ragged row: the reader's own rules
        return list(csv.DictReader(text.splitlines()))
    return [dict(zip(header, row)) for row in rows]


@lru_cache(maxsize=1)
def _curated_rows() -> tuple[dict[str, str], ...]:
    """Rows of the hand-written registry (``instruments.csv``), read once (callers only read them)."""
    return tuple(_dict_rows(resources.files("marketimpact").joinpath("data/instruments.csv").read_text(encoding="utf-8")))


def _parse_rows(rows: Sequence[dict[str, str]], origin: str) -> dict[str, Instrument]:
    out: dict[str, Instrument] = {}
    clocks: dict[str, dt.time] = {}  # a few distinct price times over thousands of rows
    for i, r in enumerate(rows, start=2):
        try:
            ticker = validate_ticker(r["ticker"])
            clock = r.get("price_time") or "16:00"
            price_time = clocks.get(clock)
            if price_time is None:
                hh, mm = (int(x) for x in clock.split(":"))
                price_time = clocks[clock] = dt.time(hh, mm)
            aliases = r.get("aliases")
            # what Instrument(...) sets, field by field in order, without the frozen class's
            # object.__setattr__ per field (thousands of rows; tests/test_startup_paths.py)
            inst = out[ticker] = _new(Instrument)
            inst.__dict__.update(
                ticker=ticker,
                name=r["name"].strip(),
                aliases=tuple([a.strip().lower() for a in aliases.split(";") if a.strip()]) if aliases else (),
                kind=(r.get("kind") or "other").strip(),
                exchange=(r.get("exchange") or "").strip(),
                calendar=(r.get("calendar") or "").strip() or None,
                timezone=(r.get("timezone") or "UTC").strip(),
                price_time=price_time,
                currency=(r.get("currency") or "").strip(),
                unit=(r.get("unit") or "").strip(),
                continuous_future=(r.get("continuous_future") or "").strip().lower() in _YES,
                sign_note=(r.get("sign_note") or "").strip(),
            )
        except (KeyError, ValueError) as exc:
            raise ConfigurationError(f"{origin}, line {i}: bad instrument row ({exc})") from None
    return out


#: company-table aliases that are everyday words: a company called "Next" or "Target" is only
#: found under its longer names ("Next plc") or through its ticker, never as the bare word
COMMON_WORDS = frozenset("""
a amazon an and apple ball best block booking box bright carnival city clean comfort continental crown deal eagle
employers equity essential fast first focus general global hope host hub international investor jack key live match
mercury meta mosaic national news next now on one oracle partners pool post principal progressive public regions
republic ross sage sealed sharp shell shift snap southern state steel stride target the total trade travelers union
united universal visa waters western""".split())


@lru_cache(maxsize=1)
def _company_rows() -> tuple[dict[str, str], ...]:
    """Rows of the generated company table (``companies.csv``, from pytickersymbols) then of the
    hand-compiled supplement for markets it does not cover (``companies_extra.csv``, see
    ``companies_extra.md``); an earlier row wins a shared ticker. Read once (the registry and
    :func:`_company_tickers` both need them; callers only read them)."""
    rows: list[dict[str, str]] = []
    seen: set[str] = set()
    for name in ("data/companies.csv", "data/companies_extra.csv"):
        text = resources.files("marketimpact").joinpath(name).read_text(encoding="utf-8")
        for r in _dict_rows(text):
            if r["ticker"] not in seen:
                seen.add(r["ticker"])
                rows.append(r)
    for r in rows:
        r["aliases"] = ";".join(a for a in r["aliases"].split(";") if a not in COMMON_WORDS)
    return tuple(rows)


@lru_cache(maxsize=1)
def _world() -> dict[str, Instrument]:
    """The lowest-priority company table (``companies_world.csv``: ~2,000 home listings of mid-caps
    and larger from FinanceDatabase, see ``companies_world.md``). Its names come after every
    other alias (:func:`_alias_index`); its tickers are not bare-ticker roots nor listing groups."""
    text = resources.files("marketimpact").joinpath("data/companies_world.csv").read_text(encoding="utf-8")
    return _parse_rows(_dict_rows(text), "companies_world.csv")


@lru_cache(maxsize=1)
def _builtin() -> dict[str, Instrument]:
    """The hand-written registry (``instruments.csv``) over the generated company table
    (``companies.csv``, ~1,800 index members from pytickersymbols) over the world table
    (``companies_world.csv``): a hand-written row wins, the world table never replaces a row."""
    curated = _parse_rows(_curated_rows(), "instruments.csv")
    companies = _parse_rows(_company_rows(), "companies.csv")
    return {**_world(), **companies, **curated}


def is_world_ticker(ticker: str) -> bool:
    """Whether ``ticker`` comes from the world table alone (not from another table or a registration)."""
    return ticker in _world() and ticker not in _user and ticker not in _others()


@lru_cache(maxsize=1)
def _others() -> frozenset[str]:
    return frozenset(r["ticker"] for r in _curated_rows()) | {r["ticker"] for r in _company_rows()}


_user: dict[str, Instrument] = {}


def register_instruments(path: str | Path) -> list[str]:
    """Add or override instruments from a CSV with the registry's columns.

    Returns the tickers registered. Later registrations win over earlier ones and over
    the built-in table.
    """
    p = Path(path)
    try:
        rows = list(csv.DictReader(p.read_text(encoding="utf-8").splitlines()))
    except OSError as exc:
        raise ConfigurationError(f"cannot read instrument file {p}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigurationError(f"cannot read instrument file {p}: not UTF-8 text") from None
    new = _parse_rows(rows, str(p))
    _user.update(new)
    _registry_changed()
    return list(new)


#: caches built from the registry elsewhere (the extractor's alias tables) clear themselves here
_listeners: list = []


def on_registry_change(clear) -> None:
    """Call ``clear()`` whenever instruments are registered or registrations are dropped."""
    _listeners.append(clear)


def _registry_changed() -> None:
    _table.cache_clear()
    _upper.cache_clear()
    _alias_index.cache_clear()
    _listing_groups.cache_clear()
    for clear in _listeners:
        clear()


def clear_registrations() -> None:
    """Drop every instrument added by :func:`register_instruments` (back to the built-in tables)."""
    _user.clear()
    _registry_changed()


def all_instruments() -> dict[str, Instrument]:
    """Built-in instruments overlaid with user registrations, keyed by ticker (a fresh dict)."""
    return dict(_table())


#: set once the registry has been built (then :func:`find_instrument` asks it directly)
_table_built = False


@lru_cache(maxsize=1)
def _table() -> dict[str, Instrument]:
    """The merged registry, built once (cleared by :func:`register_instruments`)."""
    global _table_built
    _table_built = True
    return {**_builtin(), **_user}


@lru_cache(maxsize=1)
def _upper() -> dict[str, Instrument]:
    return {k.upper(): v for k, v in _table().items()}


def get_instrument(ticker: str) -> Instrument:
    """Registry entry for ``ticker``; :class:`UnknownTickerError` when absent."""
    t = validate_ticker(ticker)
    table = _table()
    if t in table:
        return table[t]
    found = _upper().get(t.upper())
    if found is not None:
        return found
    raise UnknownTickerError(f"ticker {t!r} is not in the instrument registry")


def find_instrument(ticker: str) -> Instrument | None:
    """Like :func:`get_instrument` but returns ``None`` for unknown tickers."""
    t = validate_ticker(ticker)
    if not _user and not _table_built and t.upper() not in _bundled_upper():
        return None  # unknown: no need to build the registry (~70 ms)
    found = _table().get(t)  # as get_instrument, without validating again or raising
    return found if found is not None else _upper().get(t.upper())


@lru_cache(maxsize=1)
def _bundled_upper() -> frozenset[str]:
    """Every ticker of the bundled tables, upper-cased: read from their first column without parsing the rows,
    so that looking up tickers the registry does not have (a batch of a user's own series) stays cheap."""
    out: set[str] = set()
    for name in ("data/instruments.csv", "data/companies.csv", "data/companies_extra.csv",
                 "data/companies_world.csv"):
        rows = csv.reader(resources.files("marketimpact").joinpath(name).read_text(encoding="utf-8").splitlines())
        col = next(rows).index("ticker")
        out.update(r[col].strip().upper() for r in rows if r)
    return frozenset(out)


_PAIR_CODE = re.compile(r"[a-z]{3}/[a-z]{3}")


@lru_cache(maxsize=1)
def _alias_index() -> dict[str, str]:
    idx: dict[str, str] = {}
    table = _table()
    curated = [t for t in table if (t not in _company_tickers() and not is_world_ticker(t)) or t in _user]
    for ticker in (*curated, *(t for t in table if t in _company_tickers() and t not in _user)):
        inst = table[ticker]
        generated = ticker in _company_tickers() and ticker not in _user
        for alias in (inst.name.lower(), *inst.aliases):
            if not (generated and (alias in COMMON_WORDS or (len(alias) <= 2 and alias != ticker.split(".")[0].lower()))):
                # a generated two-letter name ("LY" of LY Corporation) is an abbreviation in prose ("8.8% LY")
                idx.setdefault(alias, inst.ticker)
            if inst.kind == "fx" and _PAIR_CODE.fullmatch(alias):
                idx.setdefault(alias.replace("/", ""), inst.ticker)  # "usd/jpy" is also written "USDJPY"
    for ticker, inst in _world().items():  # the world table last: a name there never shadows a registry alias
        if is_world_ticker(ticker):
            for alias in (inst.name.lower(), *inst.aliases):
                if alias not in COMMON_WORDS:
                    idx.setdefault(alias, ticker)
    return idx


@lru_cache(maxsize=1)
def _company_tickers() -> frozenset[str]:
    """Tickers that come only from the generated company table (not hand-written)."""
    curated = {r["ticker"] for r in _curated_rows()}
    return frozenset(r["ticker"] for r in _company_rows() if r["ticker"] not in curated)


@lru_cache(maxsize=1)
def _headquarters() -> dict[str, str]:
    text = resources.files("marketimpact").joinpath("data/company_hq.csv").read_text(encoding="utf-8")
    return {r["ticker"]: r["timezone"] for r in csv.DictReader(text.splitlines())}


def headquarters_zone(ticker: str) -> str | None:
    """IANA zone of a company's head office where it differs from its listing's (NKE →
    America/Los_Angeles; ``data/company_hq.csv``, built by ``tools/build_company_hq.py``), else None."""
    return _headquarters().get(ticker)


def ticker_for(name: str) -> str | None:
    """Ticker for an instrument name or alias ("Brent crude" → "BZ=F"), else ``None``."""
    if not isinstance(name, str):
        raise InvalidTickerError(f"an instrument name is a string, got {type(name).__name__}")
    return _alias_index().get(name.strip().lower())


def aliases() -> dict[str, str]:
    """Every alias (lower case) → ticker."""
    return dict(_alias_index())


#: words that do not tell one company from another when grouping its listings
_LEGAL_WORDS = frozenset("group holdings holding inc corp corporation co company ltd limited plc sa ag se nv ab asa "
                         "adr adrs".split())
_PAREN = re.compile(r"\s*\([^)]*\)")


def _company_key(name: str) -> str:
    """A company name without parentheticals and legal words ("Alibaba Group (Hong Kong listing)" → "alibaba")."""
    words = [w for w in _PAREN.sub("", name.lower()).replace(".", " ").split() if w not in _LEGAL_WORDS]
    return " ".join(words)


@lru_cache(maxsize=1)
def _listing_groups() -> dict[str, tuple[str, ...]]:
    """Stock ticker → every registry listing of the same company (itself included): tickers
    whose names or aliases reduce to the same key (:func:`_company_key`)."""
    by_key: dict[str, set[str]] = {}
    table = _table()
    for t, inst in table.items():
        if inst.kind != "stock" or is_world_ticker(t):
            continue
        for name in {inst.name, *inst.aliases}:
            key = _company_key(name)
            if len(key) >= 3:
                by_key.setdefault(key, set()).add(t)
    out: dict[str, set[str]] = {}
    for group in by_key.values():
        if 1 < len(group) <= 4:  # more is a shared word, not one company
            for t in group:
                out.setdefault(t, set()).update(group)
    return {t: tuple(sorted(g)) for t, g in out.items()}


def listings(ticker: str) -> tuple[Instrument, ...]:
    """Every registry listing of the company behind the stock ``ticker`` (home shares, ADRs,
    secondary listings: "PETR4.SA" → PETR4.SA, PBR); just its own entry when it has one."""
    table = _table()
    group = _listing_groups().get(ticker, (ticker,))
    return tuple(table[t] for t in group if t in table)
