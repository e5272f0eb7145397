"""A small, named grammar of date and time expressions found in news text.

Each ``_find_*`` function recognises one kind of expression and yields
:class:`DateMention` objects; :func:`find_dates` runs them all and resolves relative
expressions against the publication date. Patterns are anchored on word boundaries and
use bounded quantifiers only (no nested repetition), so matching is linear in the
text length.

Look-alikes that are *not* dates are excluded by construction: durations ("nearly 90
minutes", "three years") have no month or weekday word; "may" only counts as May when
followed by a day number or a year, or preceded by "in"/"on"/"since"/"of"; "we" is
never matched; prices ("$75", "25 a barrel") have no month word.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from . import memo as _memo
from .gates import Hinted
from .lexicon import OFFSET, TZ_WORDS, offset_zone
from .patterns import FoldedPattern, GatedPattern, may_contain, trie_pattern

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
#: abbreviations a note or a wire header uses ("cut on Fri"); matched with a capital only
WEEKDAY_ABBREV = {"mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4, "sat": 5, "sun": 6}

_MON = r"(?P<mon>January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WD = r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tues|Tue|Wed|Thurs|Thur|Thu|Fri|Sat|Sun)"

#: ``RE_ISO`` and ``RE_YEAR`` begin with the century digits and look behind them afterwards (the
#: look-behind spans those two digits): a pattern that starts with literal characters is scanned
#: for them in C, several times faster than trying a look-behind at every character
RE_ISO = re.compile(r"(?P<year>(?:19|20)(?<!\w\d\d)\d\d)-(?P<m>[01]\d)-(?P<day>[0-3]\d)\b")
RE_DMY = FoldedPattern(rf"(?=\d)\b{_DAY}\s+(?:of\s+)?{_MON}(?:,?\s+{_YEAR})?\b", re.I)
#: (gates.py: a day's last digit, blanks and a month's first letters, scanned for from the digits in C;
#: most texts hold none, and the pattern is tried at every character)
RE_DMY = Hinted(RE_DMY, re.compile(r"\d(?:st|nd|rd|th)?\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"))
RE_MDY = re.compile(rf"(?=[a-z])\b{_MON}\s+{_DAY}(?:,?\s+{_YEAR})?\b(?!\s*(?:%|per\s*cent|percent|pc\b|bn|billion|million|barrels|a\s+barrel))", re.I)
RE_WEEKDAY = re.compile(
    rf"(?=[a-z])\b{_WD}(?P<poss>['’]s)?(?P<after>\s+(?:next|last)\s+week|\s+(?:morning|afternoon|evening|night))?\b",
    re.I,
)
#: the word before a weekday ("last Friday"), looked up behind the match (a leading optional
#: group would be tried at every position of the text)
RE_WEEKDAY_MOD = re.compile(r"\b(?P<mod>last|this|next|previous|past|on|by|until|from|since|late|early|earlier|later)\s*$",
                            re.I)
RE_RELDAY = FoldedPattern(r"(?=[a-z])\b(?P<rel>today|yesterday|yday|tomorrow|tmrw|tonight|last\s+night|this\s+morning|this\s+afternoon|this\s+evening|earlier\s+today|overnight(?!\s+(?:borrowing|lending|rates?|repo|deposits?|funding|index|swaps?|"
                        r"interbank|money|loans?|facility|liquidity|policy)\b))\b", re.I)
RE_MONTH_YEAR = FoldedPattern(rf"(?=[a-z])\b(?:in|since|of|during|by|until)\s+{_MON}\s+{_YEAR}\b", re.I)
RE_YEAR = re.compile(r"(?P<year>(?:19|20)(?<![\w$€£.,-]\d\d)\d\d)\b(?![-/]\d)")
RE_YEAR_PRE = re.compile(r"\b(?P<pre>in|since|of|from|by|until|the|before|after|during|early|late|mid-?)\s*$", re.I)

_TZ_WORDS = TZ_WORDS
#: the zone words as a trie: the same matches as ``TZ_ALT`` (longest first; at one position the words
#: that match are prefixes of one another), without trying the 50 words one by one after every number
_TZ_ALT = trie_pattern(sorted(TZ_WORDS))
#: what follows a number that is a quantity, a price or a rate, never a clock time
#: ("1.16 million barrels", "5.25 percent", "10.30 euros")
_NOT_TIME_AFTER = (
    r"(?!\s?(?:million|billion|trillion|bn|mln|mn|tn|thousand|percent|per\s?cent|pc|pct|%|euros?|dollars?|pounds?|"
    r"yen|yuan|francs?|rupees?|pence|cents?|barrels?|bpd|tonnes?|tons?|points?|a\s+share|per\s+share|times|x)\b)"
)
RE_TIME_PRE = re.compile(
    r"\b(?P<pre>at|around|about|at\s+about|at\s+around|shortly\s+after|shortly\s+before|just\s+after|just\s+before|"
    r"after|before|by|from|until)(?:\s+the)?\s*$",  # translated Spanish "a las 00:45 horas": "at the 00:45 hours"
    re.I,
)
RE_TIME = FoldedPattern(
    r"(?=\d)(?<![\w.,:$€£¥])(?P<h>[01]?\d|2[0-3])(?:[:.](?P<m>[0-5]\d))?\s?(?P<ampm>a\.?m\.?|p\.?m\.?)?"
    rf"(?:\s?(?:\(|in\s+|local\s+time\s+)?(?:U\.?S\.?\s+)?(?:(?P<off>{OFFSET})|(?P<tz>{_TZ_ALT}))(?:\s+time)?\)?)?"
    rf"(?![\w%$]){_NOT_TIME_AFTER}",
    re.I,
)
#: "0715 GMT": hours and minutes run together, always with GMT or UTC (a bare four-digit number is no time)
RE_WIRE_TIME = re.compile(r"(?<![\w.,:$€£¥(])(?P<h>[01]\d|2[0-3])(?P<m>[0-5]\d)\s(?P<tz>GMT|UTC)\b")
RE_NOON = FoldedPattern(
    rf"(?=[a-z])\b(?P<word>noon|midday|midnight)\b"
    rf"(?:\s(?:U\.?S\.?\s+)?(?P<tz>{_TZ_ALT})(?:\s+time)?\b)?",
    re.I,
)


@dataclass(frozen=True)
class DateMention:
    """A date found in the text.

    ``kind``: explicit (day+month[+year]), weekday, relative (today/yesterday),
    month_year, year. ``value`` is the resolved date (None when it cannot be
    resolved), ``tense`` is "past" or "future" by the words around it.
    """

    kind: str
    text: str
    span: tuple[int, int]
    value: dt.date | None
    granularity: str  # "day", "month", "year"
    tense: str = "past"
    #: how a relative mention is resolved: ("weekday", wd, modifier, after) or ("relative", days)
    rule: tuple = ()

    def resolve(self, ref: dt.date) -> dt.date | None:
        """The date this mention names when the publication day is ``ref`` (relative
        mentions move with it; absolute ones keep their value)."""
        if not self.rule:
            return self.value
        if self.rule[0] == "weekday":
            _, wd, mod, after = self.rule
            return _weekday_value(wd, ref, mod, after, self.tense)
        return ref + dt.timedelta(days=self.rule[1])


@dataclass(frozen=True)
class TimeMention:
    """A clock time found in the text, with its timezone if stated."""

    text: str
    span: tuple[int, int]
    time: dt.time
    precision: str  # "minute" or "hour"
    timezone: str | None
    deadline: bool = False


_FUTURE = FoldedPattern(
    r"(?=[a-z])\b(?:will|shall|would\s+meet|is\s+due|are\s+due|due\s+to|due(?=\s+(?:at\s+|on\s+)?\d)|scheduled|is\s+set\s+to|are\s+set\s+to|plans?\s+to|"
    r"planned|expected\s+to|to\s+be\s+held|next|upcoming|ahead\s+of|is\s+to|are\s+to|later\s+this|going\s+to|"
    r"ends|begins|starts|opens|reopens|resumes|meets|takes\s+place|expires|kicks\s+off|"
    r"(?:come|comes)\s+into\s+(?:effect|force)|takes\s+effect|"
    r"announces?|unveils|delivers|speaks|publishes|releases|votes|decides|testifies|(?:is|are)\s+(?:published|released|announced|out)|"
    r"(?:promised|pledged|vowed|aims|intends|hopes)\s+to)\b",
)


#: where a clause ends; the dot of an abbreviation ("12:01 a.m. ET", "U.S.") ends none
#: (every alternative leads with its literal character, the look-behind after the dot: a pattern whose
#: alternatives all start with a literal is scanned for them in C; ``(?<!\.[A-Za-z])\.`` as written before)
_RE_CLAUSE_CUT = re.compile(r"\.(?<!\.[A-Za-z]\.)(?![A-Za-z]\.)|;|!|\?|\n|,\s+(?:but|while|and)\b")
_RE_NEXT_WEEK = re.compile(r"^\s+next\s+week", re.I)
_RE_LATER = re.compile(r"\blater\s+(?:on\s+)?$", re.I)
_RE_WAS_DUE = re.compile(r"\b(?:had|has|have)\s+been\s+(?:due|scheduled|expected|set|planned)\b", re.I)
_RE_WILL = FoldedPattern(r"\b(?:will|shall)\b", re.I)
#: (tried only when one of their words is in the text: every match holds one)
_RE_LATER = GatedPattern(_RE_LATER, ("later",))
_RE_WAS_DUE = GatedPattern(_RE_WAS_DUE, ("been",))
_RE_WILL = GatedPattern(_RE_WILL, ("will", "shall"))


#: the long text whose mentions' tenses :func:`_tense` remembers, and the memo: (left, after) → tense
#: (one tuple, replaced whole; a text of many repeated sentences reads each context once)
_TENSE_MEMO: tuple = (None, None)


def _tense(text: str, start: int, end: int) -> str:
    """'future' when a future marker sits in the same clause just before the mention."""
    left = text[max(0, start - 100) : start]
    after = text[end : end + 15]
    if len(text) < _memo.MEMO_MIN_CHARS:
        return _tense_of(left, after)
    global _TENSE_MEMO
    memo = _TENSE_MEMO
    if memo[0] is not text:
        memo = _TENSE_MEMO = (text, {})
    key = (left, after)
    tense = memo[1].get(key)
    if tense is None:
        tense = memo[1][key] = _tense_of(left, after)
    return tense


def _tense_of(left: str, after: str) -> str:
    """:func:`_tense` of the 100 characters before a mention and the 15 after it (all it reads)."""
    clause = _RE_CLAUSE_CUT.split(left)[-1]
    if _RE_NEXT_WEEK.search(after) or _RE_LATER.search(left):
        return "future"
    if _RE_WAS_DUE.search(clause):
        return "past"  # "which had been due on Wednesday": a schedule that did not hold, in the past
    return "future" if _FUTURE.search(clause[-60:]) or _RE_WILL.search(clause) else "past"


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _infer_year(month: int, day: int, ref: dt.date | None, tense: str) -> int | None:
    if ref is None:
        return None
    y = ref.year
    cand = _safe_date(y, month, day)
    if cand is None:
        return None
    if tense == "past" and cand > ref + dt.timedelta(days=7):
        return y - 1
    if tense == "future" and cand < ref - dt.timedelta(days=7):
        return y + 1
    return y


# --------------------------------------------------------------------------- word-anchored matching
#: Patterns that begin with a word from a known list are tried only where such a word starts
#: (one tokenisation per text), instead of at every character: same matches as ``finditer``
#: (the patterns start with ``\b`` and ``Pattern.match(text, pos)`` sees the character before
#: ``pos``), several times faster on news text.
_WORD = re.compile(r"[A-Za-z]+")
_MONTH_KEYS = frozenset(MONTHS)
_WEEKDAY_KEYS = frozenset(WEEKDAYS) | frozenset(WEEKDAY_ABBREV)
_RELDAY_KEYS = frozenset({"today", "yesterday", "yday", "tomorrow", "tmrw", "tonight", "last", "this", "earlier", "overnight"})
_MONTH_YEAR_KEYS = frozenset({"in", "since", "of", "during", "by", "until"})


_ALL_KEYS = _MONTH_KEYS | _WEEKDAY_KEYS | _RELDAY_KEYS | _MONTH_YEAR_KEYS
#: the key words as a trie, each a whole ASCII-letter word of the lower-cased text
_RE_KEYS = re.compile(r"(?<![a-z])(?:" + trie_pattern(sorted(_ALL_KEYS)) + r")(?![a-z])")


@lru_cache(maxsize=32)
def _word_index(text: str) -> dict[str, tuple[int, ...]]:
    """Start offsets of each key word (case-insensitive, whole ASCII word) in ``text``.

    One pass of the key words' trie over the lower-cased text (only the key words make a
    match object, not every word); texts whose lower-casing changes their length fall back
    to the tokenizer.
    """
    lower = text.lower()
    index: dict[str, list[int]] = {}
    if len(lower) != len(text):
        for m in _WORD.finditer(text):
            w = m.group(0).lower()
            if w in _ALL_KEYS:
                index.setdefault(w, []).append(m.start())
    else:
        for m in _RE_KEYS.finditer(lower):
            index.setdefault(m.group(0), []).append(m.start())
    return {k: tuple(v) for k, v in index.items()}


def _anchored(rx: re.Pattern[str], text: str, keys: frozenset[str]) -> Iterator[re.Match[str]]:
    """Non-overlapping matches of ``rx`` starting at words in ``keys``, left to right."""
    index = _word_index(text)
    positions = sorted(p for k in keys for p in index.get(k, ()))
    last_end = -1
    for p in positions:
        if p < last_end:
            continue
        m = rx.match(text, p)
        if m:
            last_end = m.end()
            yield m


def _find_iso(text: str, ref: dt.date | None) -> Iterator[DateMention]:
    for m in RE_ISO.finditer(text):
        v = _safe_date(int(m["year"]), int(m["m"]), int(m["day"]))
        if v:
            yield DateMention("explicit", m.group(0), m.span(), v, "day", _tense(text, *m.span()))


def _find_day_month(text: str, ref: dt.date | None) -> Iterator[DateMention]:
    for rx in (RE_DMY, RE_MDY):
        for m in (rx.finditer(text) if rx is RE_DMY else _anchored(RE_MDY, text, _MONTH_KEYS)):
            mon = m["mon"].lower().rstrip(".")
            if mon == "may" and rx is RE_MDY and not m["year"]:
                # "may 12" in prose is usually the verb; require a capital M
                if not m.group(0).startswith("May"):
                    continue
            if mon == "mar" and not m.group(0)[0].isupper():
                continue
            day = int(m["day"])
            tense = _tense(text, *m.span())
            year = int(m["year"]) if m["year"] else _infer_year(MONTHS[mon], day, ref, tense)
            v = _safe_date(year, MONTHS[mon], day) if year else None
            if v is None and year is not None:
                continue
            yield DateMention("explicit", m.group(0), m.span(), v, "day", tense)


def _weekday_value(wd: int, ref: dt.date, mod: str, after: str, tense: str) -> dt.date:
    delta_back = (ref.weekday() - wd) % 7
    if "next week" in after:
        return ref + dt.timedelta(days=(7 - ref.weekday()) + wd)
    if "last week" in after:
        return ref - dt.timedelta(days=ref.weekday() + 7 - wd)
    if mod == "next" or tense == "future":
        ahead = (wd - ref.weekday()) % 7
        if mod == "next" and ahead == 0:
            ahead = 7
        return ref + dt.timedelta(days=ahead)
    if mod in ("last", "previous", "past") and delta_back == 0:
        delta_back = 7
    return ref - dt.timedelta(days=delta_back)


#: words that make a weekday the name of a day ("Black Friday", "Cyber Monday", "Super Tuesday")
RE_NAMED_DAY = re.compile(r"\b(?:Black|Cyber|Super|Ash|Maundy|Good|Blue|Giving)\s+$")


def _find_weekday(text: str, ref: dt.date | None) -> Iterator[DateMention]:
    for m in _anchored(RE_WEEKDAY, text, _WEEKDAY_KEYS):
        word = m["wd"].lower()
        if word in WEEKDAY_ABBREV and (not m["wd"][0].isupper() or text[m.end() : m.end() + 1] == "-"):
            continue  # "sun", "sat", "wed" in lower case are words; "Sun-" is a name
        if RE_NAMED_DAY.search(text, max(0, m.start("wd") - 8), m.start("wd")):
            continue  # "a weak Black Friday period", "Super Tuesday": a day's name, not a date
        wd = WEEKDAYS.get(word, WEEKDAY_ABBREV.get(word, 0))
        pm = RE_WEEKDAY_MOD.search(text, max(0, m.start() - 12), m.start())
        mod = pm["mod"].lower() if pm else ""
        after = (m["after"] or "").lower()
        s, e = m.start("wd"), m.end()
        tense = _tense(text, s, e)
        if "next week" in after or mod == "next":
            tense = "future"
        v = _weekday_value(wd, ref, mod, after, tense) if ref else None
        yield DateMention("weekday", text[s:e], (s, e), v, "day", tense, ("weekday", wd, mod, after))


def _today_ahead(text: str, start: int) -> bool:
    """Whether "today" at ``start`` is still ahead: "later today", or a schedule verb just before it
    ("opens in Milwaukee today", "begins today"); "will cancel trades executed today" is not."""
    left = _RE_CLAUSE_CUT.split(text[max(0, start - 40) : start])[-1]
    return bool(_RE_LATER.search(left) or _FUTURE.search(left[-30:]))


def _find_relative(text: str, ref: dt.date | None) -> Iterator[DateMention]:
    for m in _anchored(RE_RELDAY, text, _RELDAY_KEYS):
        word = " ".join(m["rel"].lower().split())
        # "yday" and "tmrw" are a broker note's shorthand
        shift = {"yesterday": -1, "yday": -1, "tomorrow": 1, "tmrw": 1, "last night": -1}.get(word, 0)
        # "tomorrow" is ahead; "today" is ahead when the clause says so ("is due to speak later today",
        # "the convention opens today"); "yesterday" and "last night" never are
        tense = "future" if word in ("tomorrow", "tmrw") or (shift == 0 and _today_ahead(text, m.start())) else "past"
        v = ref + dt.timedelta(days=shift) if ref else None
        yield DateMention("relative", m.group(0), m.span(), v, "day", tense, ("relative", shift))


def _find_month_year(text: str, ref: dt.date | None) -> Iterator[DateMention]:
    for m in _anchored(RE_MONTH_YEAR, text, _MONTH_YEAR_KEYS):
        v = _safe_date(int(m["year"]), MONTHS[m["mon"].lower().rstrip(".")], 1)
        yield DateMention("month_year", m.group(0), m.span(), v, "month", _tense(text, *m.span()))


def _find_year(text: str, ref: dt.date | None) -> Iterator[DateMention]:
    for m in RE_YEAR.finditer(text):
        pm = RE_YEAR_PRE.search(text, max(0, m.start() - 12), m.start())
        if not pm:
            continue
        v = dt.date(int(m["year"]), 1, 1)
        yield DateMention("year", text[pm.start() : m.end()], m.span("year"), v, "year", _tense(text, pm.start(), m.end()))


#: a day of the month with no month: "announced on the 3rd" (translated and regional copy)
#: "on the 23rd"; machine-translated "after the trading end of 23rd", "on 13th of this month", "the evening of 28 day"
RE_ORDINAL_DAY = re.compile(r"\b(?i:on|from|since|of)\s+(?P<mention>(?:the\s+)?(?P<day>[1-3]?\d)(?:(?:st|nd|rd|th)\b|\s+day\b))"
                            r"(?!\s+of\b(?!\s+(?:this|last|the)\s+month)|\s*-|\s+[A-Z]|\s+(?:century|anniversary|"
                            r"time|round|quarter|day|week|month|year|straight|consecutive|largest|biggest|moving|average)\b)")


_RE_ORDINAL_HINT = re.compile(r"\d(?:st|nd|rd|th|\s+day)\b")


def _find_ordinal_day(text: str, ref: dt.date | None) -> Iterator[DateMention]:
    if ref is None or not _RE_ORDINAL_HINT.search(text):  # a plain scan for "3rd", "28th" first
        return
    for m in RE_ORDINAL_DAY.finditer(text):
        day = int(m["day"])
        month, year = ref.month, ref.year
        if day > ref.day:  # "the 28th" in a story of the 3rd: last month
            month, year = (12, year - 1) if month == 1 else (month - 1, year)
        v = _safe_date(year, month, day)
        if v is not None:
            s, e = m.span("mention")
            yield DateMention("explicit", text[s:e], (s, e), v, "day", _tense(text, s, e))


_FINDERS = (_find_iso, _find_day_month, _find_weekday, _find_relative, _find_ordinal_day, _find_month_year, _find_year)


def find_dates(text: str, ref: dt.date | None) -> list[DateMention]:
    """All date mentions in ``text``, resolved against the publication date ``ref``.

    Overlapping mentions keep the most specific (explicit day beats month-year beats
    year).
    """
    found: list[DateMention] = []
    for finder in _FINDERS:
        found.extend(finder(text, ref))
    rank = {"explicit": 0, "weekday": 1, "relative": 2, "month_year": 3, "year": 4}
    found.sort(key=lambda d: (rank[d.kind], d.span[0]))
    starts: list[int] = []
    ends: list[int] = []
    kept: list[DateMention] = []
    for d in found:
        i = bisect.bisect_left(starts, d.span[0])
        if (i > 0 and ends[i - 1] > d.span[0]) or (i < len(starts) and starts[i] < d.span[1]):
            continue  # overlaps a more specific mention
        starts.insert(i, d.span[0])
        ends.insert(i, d.span[1])
        kept.append(d)
    kept.sort(key=lambda d: d.span[0])
    return _join_weekday_dates(text, kept)


#: what may stand between a weekday and the date it names: "Monday, October 26", "Fri 17 Dec"
_RE_WEEKDAY_GAP = re.compile(r",?[ \t]{1,2}(?:the[ \t]+)?")


def _join_weekday_dates(text: str, mentions: list[DateMention]) -> list[DateMention]:
    """A weekday written just before an explicit date names that date: the two are one
    mention ("on Monday, October 26"), so the words before the weekday govern the date and
    the weekday is not counted back from the publication day on its own."""
    out: list[DateMention] = []
    i = 0
    while i < len(mentions):
        d = mentions[i]
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        if (d.kind == "weekday" and nxt is not None and nxt.kind == "explicit"
                and _RE_WEEKDAY_GAP.fullmatch(text, d.span[1], nxt.span[0])):
            s, e = d.span[0], nxt.span[1]
            out.append(DateMention("explicit", text[s:e], (s, e), nxt.value, "day", nxt.tense))
            i += 2
            continue
        out.append(d)
        i += 1
    return out


def find_times(text: str) -> list[TimeMention]:
    """Clock times ("at 2pm", "14:30 GMT", "8.30am New York time", "noon").

    A bare number is not a time: it needs am/pm, a timezone, or hh:mm after "at"/"by".
    Times introduced by "by", "until" or "from" are deadlines or ranges, flagged in
    ``TimeMention.deadline``.
    """
    out: list[TimeMention] = []
    for m in RE_TIME.finditer(text):
        if m.lastindex == 1:
            continue  # only the hour group took part: a bare number (most matches), as the test below finds
        h, mins, ampm, tz, off = m.group("h", "m", "ampm", "tz", "off")
        if not (ampm or tz or off or mins):
            continue  # a bare number (most matches): no word before it can make it a time
        pm = RE_TIME_PRE.search(text, max(0, m.start() - 20), m.start())
        pre = " ".join(pm["pre"].lower().split()) if pm else ""
        if not (ampm or tz or off or (mins and pre)):
            continue
        if mins is None and not ampm:
            continue
        hour = int(h)
        if ampm:
            if hour > 12 or hour == 0:
                continue
            pm = ampm.lower().startswith("p")
            hour = (hour % 12) + (12 if pm else 0)
        minute = int(mins) if mins else 0
        tzname = _TZ_WORDS.get(" ".join(tz.lower().split())) if tz else None
        if off:
            tzname = offset_zone(m["sign"], m["oh"], m["om"])
        s = m.start("h")
        out.append(TimeMention(text[s : m.end()].strip(), (s, m.end()), dt.time(hour, minute),
                               "minute" if mins else "hour", tzname, pre in ("by", "until", "from")))
    for m in (RE_WIRE_TIME.finditer(text) if "GMT" in text or "UTC" in text else ()):
        # a wire's four-digit clock with its zone: "In a statement released at 0715 GMT", "by 1030 GMT"
        pm = RE_TIME_PRE.search(text, max(0, m.start() - 20), m.start())
        pre = " ".join(pm["pre"].lower().split()) if pm else ""
        out.append(TimeMention(m.group(0), m.span(), dt.time(int(m["h"]), int(m["m"])), "minute",
                               _TZ_WORDS.get(m["tz"].lower()), pre in ("by", "until", "from")))
    for m in (RE_NOON.finditer(text) if may_contain(text, ("noon", "midday", "midnight")) else ()):
        word = m["word"].lower()
        t = dt.time(0, 0) if word == "midnight" else dt.time(12, 0)
        tz = m["tz"]
        tzname = _TZ_WORDS.get(" ".join(tz.lower().split())) if tz else None
        pm = RE_TIME_PRE.search(text, max(0, m.start() - 20), m.start())
        pre = " ".join(pm["pre"].lower().split()) if pm else ""
        out.append(TimeMention(m.group(0).strip(), (m.start("word"), m.end()), t, "hour", tzname, pre in ("by", "until")))
    return sorted(out, key=lambda t: t.span[0])
