"""Yahoo symbol for a company name the offline tables miss: Yahoo Finance search, cached.

:func:`search_symbol` asks Yahoo's search endpoint (``/v1/finance/search``, through
``yfinance.Search`` and the project's observed ``curl_cffi`` session from
:mod:`.yahoo`) and picks one quote:

1. **Kind.** Only quotes of the requested kind (``equity`` → Yahoo ``quoteType``
   ``EQUITY``; ``kind="any"`` ranks equities first).
2. **Name.** Names are compared after folding accents and case, dropping punctuation,
   share-class noise ("ADR", "ORD", "Class A") and trailing legal forms ("plc", "AG",
   "S.A.B. de C.V.", "Group", "Holdings"). Similarity 1.0 = same name; 0.9 = the query is
   the first words of the name ("Toyota Motor" → "Toyota Motor Corporation"); otherwise
   :class:`difflib.SequenceMatcher` ratio, accepted from :data:`MIN_SIMILARITY`. Exact
   matches beat the rest; several *different* non-exact names → unsure → ``None``.
3. **Listing.** Among the listings of the chosen name, the home listing wins: an
   exchange in the company's country (``country=`` or, failing that, the country its
   legal form implies: "plc" → GB/IE, "Oyj" → FI, "S.A.B. de C.V." → MX …), then other
   main boards, US main boards when a non-US main board also lists the name (those are
   ADRs), then cross-listing venues (German regional exchanges, LSE international order
   book, NEO CDRs, Brazilian BDRs, named ADR/GDR lines), then OTC (Pink, OTCQX …).
   Ties keep Yahoo's order.

Results, hits and misses alike, are cached with their UTC time in
``$MARKETIMPACT_CACHE_DIR/symbol_search.json`` (written atomically under a file lock),
so a name is asked once; hits are trusted for :data:`HIT_TTL_DAYS`, misses for
:data:`MISS_TTL_DAYS`. Offline (``MARKETIMPACT_OFFLINE=1``, ``offline=True``) or when
Yahoo cannot be reached, the cached answer (even a stale one) or ``None`` comes back at
once: never an exception for a network failure, one :class:`MarketImpactWarning` per
process, and no further attempt for :data:`DOWN_PAUSE_S` seconds.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import json
import logging
import os
import re
import threading
import time
import unicodedata
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

from .._io import atomic_write
from ..errors import ConfigurationError, MarketImpactWarning, NetworkUnavailableError
from . import cache, yahoo

log = logging.getLogger(__name__)

CACHE_FILE = "symbol_search.json"
CACHE_FORMAT = 1
#: Days a cached hit / miss is trusted before Yahoo is asked again (when online).
HIT_TTL_DAYS = 180
MISS_TTL_DAYS = 30
#: Entries kept in the cache file (oldest dropped first).
MAX_ENTRIES = 20_000
#: Seconds per search request; attempts per search; back-off base (seconds, doubled per retry).
SEARCH_TIMEOUT = 5.0
ATTEMPTS = 2
BACKOFF_S = 0.5
#: After a network failure, seconds during which no request is tried (answers come from the cache).
DOWN_PAUSE_S = 60.0
#: Quotes asked from Yahoo per search.
MAX_QUOTES = 10
#: Lowest accepted name similarity (0..1) for names that are neither equal nor a word prefix.
MIN_SIMILARITY = 0.85
PREFIX_SIMILARITY = 0.9
MAX_NAME_LENGTH = 200

#: ``kind`` → Yahoo ``quoteType`` values accepted, in preference order.
KINDS: dict[str, tuple[str, ...]] = {
    "equity": ("EQUITY",),
    "etf": ("ETF",),
    "index": ("INDEX",),
    "future": ("FUTURE",),
    "currency": ("CURRENCY",),
    "crypto": ("CRYPTOCURRENCY",),
    "fund": ("MUTUALFUND",),
    "any": ("EQUITY", "ETF", "INDEX", "FUTURE", "CURRENCY", "CRYPTOCURRENCY", "MUTUALFUND"),
}

Role = Literal["main", "host", "cross", "otc"]

#: Yahoo symbol suffix → (ISO 3166 country, role). ``main``: the country's main board;
#: ``host``: a main board that also carries many foreign cross-listings (home only for
#: its own country's companies); ``cross``: a venue for secondary listings.
#: Source: Yahoo Finance's list of exchanges and suffixes.
SUFFIXES: dict[str, tuple[str, Role]] = {
    "L": ("GB", "main"), "IR": ("IE", "main"), "DE": ("DE", "main"), "PA": ("FR", "main"), "AS": ("NL", "main"),
    "BR": ("BE", "main"), "LS": ("PT", "main"), "MI": ("IT", "main"), "MC": ("ES", "main"), "SW": ("CH", "main"),
    "VI": ("AT", "main"), "CO": ("DK", "main"), "ST": ("SE", "main"), "OL": ("NO", "main"), "HE": ("FI", "main"),
    "IC": ("IS", "main"), "WA": ("PL", "main"), "PR": ("CZ", "main"), "BD": ("HU", "main"), "AT": ("GR", "main"),
    "IS": ("TR", "main"), "ME": ("RU", "main"), "TA": ("IL", "main"), "SR": ("SA", "main"), "QA": ("QA", "main"),
    "JO": ("ZA", "main"), "CA": ("EG", "main"), "TO": ("CA", "main"), "V": ("CA", "main"), "CN": ("CA", "main"),
    "SA": ("BR", "main"), "SN": ("CL", "main"), "LM": ("PE", "main"), "AX": ("AU", "main"), "NZ": ("NZ", "main"),
    "T": ("JP", "main"), "HK": ("HK", "main"), "SS": ("CN", "main"), "SZ": ("CN", "main"), "TW": ("TW", "main"),
    "TWO": ("TW", "main"), "KS": ("KR", "main"), "KQ": ("KR", "main"), "NS": ("IN", "main"), "BO": ("IN", "main"),
    "SI": ("SG", "main"), "KL": ("MY", "main"), "JK": ("ID", "main"), "BK": ("TH", "main"), "PS": ("PH", "main"),
    "MX": ("MX", "host"), "BA": ("AR", "host"),
    "F": ("DE", "cross"), "SG": ("DE", "cross"), "BE": ("DE", "cross"), "MU": ("DE", "cross"), "DU": ("DE", "cross"),
    "HM": ("DE", "cross"), "HA": ("DE", "cross"), "IL": ("GB", "cross"), "NE": ("CA", "cross"), "XC": ("GB", "cross"),
}
#: Yahoo ``exchange`` codes of US over-the-counter markets (symbols without a suffix).
OTC_EXCHANGES = frozenset({"PNK", "OQB", "OQX", "OBB", "OEM", "OGM", "OTC", "PINK", "OTCM"})
#: LSE international order book lines ("0R2V.L") and Brazilian BDRs ("AAPL34.SA") are cross-listings.
_CROSS_SYMBOL = re.compile(r"^(?:0[0-9A-Z]{3}\.L|[A-Z]{4}3[1-5]\.SA)$")
_DEPOSITARY = re.compile(r"\b(?:adrs?|ads|gdrs?|cdrs?|depositary|sponsored|unsponsored)\b")

#: Legal forms that tell the home country (folded, punctuation removed) → countries.
LEGAL_COUNTRY: dict[str, frozenset[str]] = {
    "plc": frozenset({"GB", "IE"}), "public limited company": frozenset({"GB", "IE"}),
    "ag": frozenset({"DE", "CH", "AT"}), "aktiengesellschaft": frozenset({"DE", "CH", "AT"}),
    "kgaa": frozenset({"DE"}), "gmbh": frozenset({"DE", "AT"}), "spa": frozenset({"IT"}), "nv": frozenset({"NL", "BE"}),
    "oyj": frozenset({"FI"}), "asa": frozenset({"NO"}), "ab": frozenset({"SE"}), "publ": frozenset({"SE"}),
    "as": frozenset({"DK", "NO"}), "sab de cv": frozenset({"MX"}), "sa de cv": frozenset({"MX"}),
    "kk": frozenset({"JP"}), "kabushiki kaisha": frozenset({"JP"}), "tbk": frozenset({"ID"}),
    "bhd": frozenset({"MY"}), "berhad": frozenset({"MY"}), "pcl": frozenset({"TH"}),
    "public company limited": frozenset({"TH"}), "asa publ": frozenset({"NO"}), "sca": frozenset({"FR", "LU"}),
}
#: Trailing words that are legal forms or corporate filler, dropped before comparing names.
_LEGAL_WORDS = (
    "public limited company|public company limited|sab de cv|sa de cv|kabushiki kaisha|aktiengesellschaft|"
    "societe europeenne|societe anonyme|sociedad anonima|limited|ltd|plc|inc|incorporated|corp|corporation|co|"
    "company|ag|se|sa|nv|bv|spa|sca|oyj|asa|as|ab|publ|kgaa|gmbh|kk|tbk|bhd|berhad|pcl|llc|lp|holdings|holding|"
    "group|and|the"
)
_TRAILING_LEGAL = re.compile(rf"(?:\s(?:{_LEGAL_WORDS}))+$")
#: Share-class and listing noise in Yahoo short names ("BURBERRY GROUP PLC ORD 0.05").
_NOISE = re.compile(
    r"\b(?:adrs?|ads|gdrs?|cdrs?|depositary|receipts?|sponsored|unsponsored|spon|unsp|each|rep|repr|ord|npv|"
    r"reg|registered|shares?|common|stock|class [a-c]|cl [a-c]|series [a-c]|cad hedged)\b|\b\d[\d ]*\b"
)
_FOLD_EXTRA = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "đ": "d", "ð": "d", "þ": "th"})


@dataclass(frozen=True)
class SymbolMatch:
    """The Yahoo quote chosen for a company name.

    ``score`` is the name similarity in [0, 1] (1 = same name after normalisation);
    ``source`` says whether Yahoo was asked now (``yahoo-search``) or the cache answered.
    """

    query: str
    symbol: str
    name: str
    exchange: str
    quote_type: str
    score: float
    source: Literal["yahoo-search", "cache"]


# --- names ---------------------------------------------------------------------


def fold_name(text: str) -> str:
    """Lower case, accents folded, punctuation → spaces ("Nestlé S.A." → "nestle sa")."""
    text = text.lower().translate(_FOLD_EXTRA)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = re.sub(r"\ba/s\b", "as", text.replace("&", " and "))
    text = re.sub(r"(?<=\w)[.'’](?=\w)", "", text)  # p.l.c. → plc, o'neil → oneil
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


def core_name(text: str) -> str:
    """The name without share-class noise, leading "the" and trailing legal forms ("Burberry Group plc" → "burberry")."""
    folded = fold_name(text)
    name = " ".join(_NOISE.sub(" ", folded).split())
    name = name.removeprefix("the ")
    stripped = _TRAILING_LEGAL.sub("", " " + name).strip()
    return stripped or name or folded


def legal_countries(text: str) -> frozenset[str]:
    """Countries the trailing legal form points to ("Cemex, S.A.B. de C.V." → {"MX"}); empty when it says nothing."""
    name = " " + " ".join(_NOISE.sub(" ", fold_name(text)).split())
    tail = _TRAILING_LEGAL.search(name)
    if tail is None:
        return frozenset()
    for form, countries in sorted(LEGAL_COUNTRY.items(), key=lambda kv: -len(kv[0])):
        if re.search(rf"(?:^|\s){form}(?:\s|$)", tail.group()):
            return countries
    return frozenset()


def name_similarity(query: str, name: str) -> float:
    """Similarity in [0, 1] of two *core* names: 1.0 equal, 0.9 word prefix, else SequenceMatcher ratio."""
    if not query or not name:
        return 0.0
    if query == name or query.replace(" ", "") == name.replace(" ", ""):
        return 1.0
    if name.startswith(query + " "):
        return PREFIX_SIMILARITY
    return difflib.SequenceMatcher(None, query, name).ratio()


# --- listings ------------------------------------------------------------------


def listing(symbol: str, exchange: str) -> tuple[str, Role]:
    """(country, role) of a Yahoo symbol: from its suffix, or a US board / OTC market when it has none."""
    if _CROSS_SYMBOL.match(symbol.upper()):
        return ("GB" if symbol.upper().endswith(".L") else "BR"), "cross"
    if "." in symbol:
        suffix = symbol.rsplit(".", 1)[1].upper()
        if suffix in SUFFIXES:
            return SUFFIXES[suffix]
    if exchange.upper() in OTC_EXCHANGES:
        return "US", "otc"
    return "US", "main"


def _board(quote: dict[str, Any], home: frozenset[str]) -> tuple[str, Role]:
    """(country, role) of a quote where ``host`` is resolved against ``home`` and depositary lines count as ``cross``."""
    country, role = listing(str(quote.get("symbol", "")), str(quote.get("exchange", "")))
    if role == "host":
        role = "main" if country in home else "cross"
    if role == "main" and _DEPOSITARY.search(fold_name(f"{quote.get('longname') or ''} {quote.get('shortname') or ''}")):
        role = "cross"
    return country, role


def _listing_rank(quote: dict[str, Any], home: frozenset[str], foreign_main: bool) -> int:
    """0 home listing, 1 main board, 2 US board of a name also on a foreign main board (ADR), 3 cross-listing, 4 OTC."""
    country, role = _board(quote, home)
    if role == "otc":
        return 4
    if role == "cross":
        return 3
    if country in home:
        return 0
    return 2 if country == "US" and foreign_main else 1


def _quote_name(quote: dict[str, Any]) -> str:
    return str(quote.get("longname") or quote.get("shortname") or "")


def best_quote(
    query: str, quotes: list[dict[str, Any]], kind: str = "equity", country: str | None = None
) -> tuple[dict[str, Any], float] | None:
    """The quote :func:`search_symbol` would choose among Yahoo search ``quotes`` (with its similarity), or None."""
    types = KINDS[kind]
    q = core_name(query)
    scored: list[tuple[int, dict[str, Any], str, float]] = []
    for order, quote in enumerate(quotes):
        if quote.get("quoteType") not in types or not quote.get("symbol") or quote.get("isYahooFinance") is False:
            continue
        names = {core_name(n) for n in (quote.get("longname"), quote.get("shortname")) if n}
        sim, key = max(((name_similarity(q, n), n) for n in names), default=(0.0, ""))
        if sim >= MIN_SIMILARITY:
            scored.append((order, quote, key, sim))
    if not scored:
        return None
    exact = [s for s in scored if s[3] == 1.0]
    if exact:
        group = exact
    else:
        if len({s[2] for s in scored}) > 1:  # several different names start like the query: unsure
            return None
        group = scored
    home = frozenset({country}) if country else legal_countries(_quote_name(group[0][1]))
    boards = [_board(s[1], home) for s in group]
    foreign_main = any(c != "US" and role == "main" for c, role in boards)
    order, quote, _key, sim = min(
        group, key=lambda s: (types.index(s[1]["quoteType"]), _listing_rank(s[1], home, foreign_main), s[0])
    )
    return quote, sim


# --- cache ---------------------------------------------------------------------


_lock = threading.Lock()
_memo: dict[str, Any] = {"path": None, "stamp": None, "entries": {}}
_state: dict[str, Any] = {"down_until": 0.0, "warned": set()}


def cache_path() -> Path:
    """The JSON file of cached searches: ``$MARKETIMPACT_CACHE_DIR/symbol_search.json``."""
    return cache.cache_root() / CACHE_FILE


def clear_memory() -> None:
    """Forget this process's copy of the cache file and any "network down" pause (the file is kept)."""
    with _lock:
        _memo.update(path=None, stamp=None, entries={})
        _state.update(down_until=0.0, warned=set())


def _cache_key(name: str, kind: str, country: str | None) -> str:
    return f"{kind}|{country or '*'}|{fold_name(name)}"


def _read_file(path: Path) -> dict[str, Any]:
    """Entries of the cache file; a missing file is empty, an unreadable one is set aside with a warning."""
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as exc:
        _warn_once("cache", f"symbol search cache {path} cannot be read ({exc}); searching without it")
        return {}
    try:
        body = json.loads(raw)
        if body.get("format") != CACHE_FORMAT or not isinstance(body.get("entries"), dict):
            raise ValueError(f"not a format-{CACHE_FORMAT} symbol search cache")
        return body["entries"]
    except (ValueError, AttributeError) as exc:
        aside = path.with_name(f"{path.name}.corrupt")
        with contextlib.suppress(OSError):
            os.replace(path, aside)
        _warn_once("cache", f"symbol search cache {path} is corrupt ({exc}); moved to {aside.name}, starting afresh")
        return {}


def _entries() -> dict[str, Any]:
    """The cache entries, re-read only when the file changed (stat per call)."""
    path = cache_path()
    try:
        st = path.stat()
        stamp: tuple[int, int] | None = (st.st_mtime_ns, st.st_size)
    except OSError:
        stamp = None
    with _lock:
        if _memo["path"] == path and _memo["stamp"] == stamp:
            return _memo["entries"]
    entries = _read_file(path) if stamp is not None else {}
    with _lock:
        _memo.update(path=path, stamp=stamp, entries=entries)
    return entries


def _store(key: str, entry: dict[str, Any]) -> None:
    """Add one entry: read–merge–write under the cache's file lock, atomically (:func:`marketimpact._io.atomic_write`)."""
    path = cache_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with cache._locked(path.with_name(path.name + ".lock")):
            entries = dict(_read_file(path))
            entries[key] = entry
            if len(entries) > MAX_ENTRIES:
                keep = sorted(entries.items(), key=lambda kv: kv[1].get("fetched_at", ""))[-MAX_ENTRIES:]
                entries = dict(keep)
            atomic_write(path, json.dumps({"format": CACHE_FORMAT, "entries": entries}, ensure_ascii=False,
                                          sort_keys=True))
    except OSError as exc:
        _warn_once("cache", f"symbol search cache {path} cannot be written ({exc}); the answer is not kept")
        return
    with _lock:
        _memo.update(path=None, stamp=None, entries={})


def _fresh(entry: dict[str, Any], now: dt.datetime) -> bool:
    try:
        fetched = dt.datetime.fromisoformat(entry["fetched_at"])
    except (KeyError, TypeError, ValueError):
        return False
    ttl = HIT_TTL_DAYS if entry.get("match") else MISS_TTL_DAYS
    return now - fetched < dt.timedelta(days=ttl)


def _from_entry(entry: dict[str, Any] | None, query: str) -> SymbolMatch | None:
    match = (entry or {}).get("match")
    if not isinstance(match, dict):
        return None
    try:
        return SymbolMatch(
            query=query, symbol=str(match["symbol"]), name=str(match["name"]), exchange=str(match["exchange"]),
            quote_type=str(match["quote_type"]), score=float(match["score"]), source="cache",
        )
    except (KeyError, TypeError, ValueError):
        return None


def _warn_once(topic: str, message: str) -> None:
    """One :class:`MarketImpactWarning` per ``topic`` ("network", "cache") and process; later ones are logged."""
    with _lock:
        first = topic not in _state["warned"]
        _state["warned"].add(topic)
    if first:
        warnings.warn(message, MarketImpactWarning, stacklevel=3)
    else:
        log.info("%s", message)


# --- Yahoo ---------------------------------------------------------------------


class _SearchFailed(Exception):
    """The search request failed (not a miss: nothing is cached)."""

    def __init__(self, detail: str, transient: bool) -> None:
        super().__init__(detail)
        self.transient = transient


def _search_once(name: str) -> list[dict[str, Any]]:
    """One ``yfinance.Search`` call on an observed session; Yahoo's quotes, or :class:`_SearchFailed`."""
    import yfinance as yf  # heavy: only imported when Yahoo is actually asked

    session = yahoo.make_session()
    yahoo._forget_responses()  # yfinance memoises responses per URL, failures included
    yf_logger = logging.getLogger("yfinance")
    level = yf_logger.level
    yf_logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            found = yf.Search(
                name, max_results=MAX_QUOTES, news_count=0, lists_count=0, include_cb=False,
                include_nav_links=False, include_research=False, include_cultural_assets=False,
                enable_fuzzy_query=False, recommended=0, session=session, timeout=SEARCH_TIMEOUT,
            )
    except Exception as exc:  # curl errors, rate limits, "Yahoo is down" pages: all worth a retry
        raise _SearchFailed(f"{type(exc).__name__}: {exc}", transient=True) from exc
    finally:
        yf_logger.setLevel(level)
    statuses = [o.status for o in session.outcomes if "/v1/finance/search" in o.url]
    status = statuses[-1] if statuses else None
    if status != 200:
        transient = status is None or status == 429 or status >= 500
        raise _SearchFailed(f"HTTP {status} from Yahoo search", transient=transient)
    if not isinstance(found.response, dict) or "quotes" not in found.response:
        raise _SearchFailed("Yahoo search answered without a quotes list", transient=True)
    return [q for q in found.quotes if isinstance(q, dict)]


def _ask_yahoo(name: str) -> list[dict[str, Any]]:
    """Quotes for ``name``, retried with back-off on transient failures (:class:`_SearchFailed` at the end)."""
    for attempt in range(ATTEMPTS):
        try:
            return _search_once(name)
        except _SearchFailed as exc:
            if not exc.transient or attempt == ATTEMPTS - 1:
                raise
            time.sleep(BACKOFF_S * 2**attempt)
    raise AssertionError("unreachable")


# --- the public function -------------------------------------------------------


def _check_args(name: object, kind: object, country: object) -> tuple[str, str, str | None]:
    if not isinstance(name, str) or not name.strip():
        raise ConfigurationError(f"search_symbol needs a company name (a non-empty string), got {name!r}")
    if len(name) > MAX_NAME_LENGTH:
        raise ConfigurationError(f"company name is {len(name)} characters long; at most {MAX_NAME_LENGTH} are searched")
    if not isinstance(kind, str) or kind not in KINDS:
        raise ConfigurationError(f"kind {kind!r} is not supported; use one of {', '.join(KINDS)}")
    if country is not None:
        if not isinstance(country, str) or not re.fullmatch(r"[A-Za-z]{2}", country.strip()):
            raise ConfigurationError(f"country {country!r} should be an ISO 3166 two-letter code such as 'GB'")
        country = country.strip().upper()
    return " ".join(name.split()), str(kind), country


def search_symbol(
    name: str, *, kind: str = "equity", offline: bool | None = None, country: str | None = None
) -> SymbolMatch | None:
    """Yahoo symbol of a company (or other instrument) the offline tables do not know.

    Parameters
    ----------
    name
        The name as written ("Burberry", "Cemex S.A.B. de C.V.").
    kind
        ``equity`` (default), ``etf``, ``index``, ``future``, ``currency``, ``crypto``,
        ``fund`` or ``any`` (equities ranked first).
    offline
        ``True``: never ask Yahoo (cache only). ``None``: follow ``MARKETIMPACT_OFFLINE``.
        ``False``: ask Yahoo even when that variable is set.
    country
        ISO 3166 code of the company's home country, when known: its listing there is
        preferred. Without it the legal form of the name decides ("plc" → London).

    Returns
    -------
    SymbolMatch or None
        ``None`` when Yahoo has no quote of that kind with a similar enough name, when the
        name is ambiguous, or when offline/unreachable with nothing cached. Never raises
        for a network failure (one warning per process).

    Raises
    ------
    ConfigurationError
        Empty or over-long name, unknown ``kind``, malformed ``country``.
    """
    query, kind, country = _check_args(name, kind, country)
    if not _TRAILING_LEGAL.sub("", " " + fold_name(query)).strip():  # only punctuation/legal words ("&", "plc")
        return None
    key = _cache_key(query, kind, country)
    entry = _entries().get(key)
    now = dt.datetime.now(dt.UTC)
    if entry is not None and _fresh(entry, now):
        return _from_entry(entry, query)
    stale = _from_entry(entry, query)
    if offline or (offline is None and yahoo.offline()):
        return stale
    with _lock:
        paused = time.monotonic() < float(_state["down_until"])
    if paused:
        return stale
    try:
        yahoo.check_reachable() if offline is False else yahoo.check_network()
        quotes = _ask_yahoo(query)
    except (NetworkUnavailableError, _SearchFailed) as exc:
        with _lock:
            _state["down_until"] = time.monotonic() + DOWN_PAUSE_S
        _warn_once("network", f"Yahoo symbol search unavailable ({exc}); unknown names stay unresolved")
        return stale
    chosen = best_quote(query, quotes, kind, country)
    match = None
    if chosen is not None:
        quote, sim = chosen
        match = SymbolMatch(
            query=query, symbol=str(quote["symbol"]), name=_quote_name(quote),
            exchange=str(quote.get("exchange", "")), quote_type=str(quote["quoteType"]),
            score=round(sim, 4), source="yahoo-search",
        )
    stored = {k: v for k, v in asdict(match).items() if k not in ("query", "source")} if match else None
    _store(key, {"query": query, "kind": kind, "country": country, "fetched_at": now.isoformat(), "match": stored})
    return match
