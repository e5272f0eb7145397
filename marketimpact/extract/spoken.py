"""Numbers written in words, as a TV transcript or a machine translation writes them.

"four point four percent" → "4.4 percent", "three and a half percent" → "3.5 percent",
"about twenty-seven percent" → "about 27 percent", "seven basis points" → "7 basis points",
"seventy-five thousand three hundred dollars" → "75300 dollars", "settling at four thousand
fifty-seven point six six" → "settling at 4057.66", "fifteen euros forty" → "15.40 euros",
"seventy-two dollars and fifty cents" → "72.50 dollars", and prices read as dealers read them
after "at"/"to": "at three seventy-nine eighty" → "at 379.80", "at sixty-eight twenty" → "at 68.20".

Only number words in a market position are rewritten: right before a unit of change or a
currency (percent, per cent, basis points, points, cents, dollars, euros …), or, for a
number of two words or more, right after "at"/"to" (a level). Prose ("one of the three
banks", "at one point", "at one stage") is left alone.
"""

from __future__ import annotations

import re

from .patterns import FoldedPattern, lower_words

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_DIGIT = "|".join(_UNITS)
_TEN = "|".join(_TENS)
_WHOLE = rf"(?:(?:{_TEN})(?:[- ](?:{_DIGIT}))?|{_DIGIT})"
#: up to 999: "seven", "twenty-seven", "three hundred", "three hundred and five"
_HUNDREDS = rf"(?:(?:{_WHOLE}|a)\s+hundred(?:\s+(?:and\s+)?{_WHOLE})?|{_WHOLE})"
_NUMBER = (rf"(?P<num>(?:{_HUNDREDS}\s+thousand(?:\s+(?:and\s+)?{_HUNDREDS})?|{_HUNDREDS}|a)"
           rf"(?:\s+point\s+(?P<frac>(?:(?:{_DIGIT})\s*){{1,3}})|\s+and\s+a\s+(?P<part>half|quarter))?)")
_CURRENCY = r"dollars?|euros?|pounds?|yen|yuan|rupees?|francs?|pence|cents?"
_UNIT_AFTER = rf"(?:percent|per\s?cent|basis\s+points?|points?(?!\s+(?:{_DIGIT})\b)|{_CURRENCY})\b"
#: (searched on the lower-cased text: the number words tried at every word are far fewer steps
#: case-sensitively; ``sub`` runs the ignore-case pattern)
RE_SPOKEN = FoldedPattern(
    # "at one point", "at one stage": an idiom, not a number (unless a digit word follows "point")
    rf"\b(?!one\s+point\b(?!\s+(?:{_DIGIT})\b)){_NUMBER}"
    rf"(?:(?<=\w)(?P<ccy>\s+(?:{_CURRENCY}))\s+(?:and\s+)?(?P<cents>{_WHOLE})(?:\s+cents?)?\b|(?=\s+{_UNIT_AFTER}))",
    re.I,
)
#: a level after "at"/"to" needs no unit ("settling at four thousand fifty-seven point six six")
RE_SPOKEN_LEVEL = FoldedPattern(
    rf"\b(?P<pre>(?:at|to)\s+(?:(?:about|around|nearly|roughly|some|almost)\s+)?)"
    rf"(?!one\s+point\b(?!\s+(?:{_DIGIT})\b)){_NUMBER}(?![\w-])", re.I)


_TEENS = "|".join(w for w, v in _UNITS.items() if v >= 10)
_TWO = rf"(?:(?:{_TEN})(?:-(?:{_DIGIT}))?|{_TEENS})"  # a two-digit group: "seventy-nine", "eighty", "fifteen"
#: a price read the way dealers read it, after "at"/"to": "at three seventy-nine eighty" → 379.80,
#: "at sixty-eight twenty" → 68.20, "at one twenty-five" → 125
RE_SPOKEN_QUOTE = re.compile(
    rf"\b(?P<pre>(?:at|to)\s+(?:(?:about|around|nearly|roughly|some|almost)\s+)?)"
    rf"(?:(?P<h>{_DIGIT})\s+(?P<t>{_TWO})(?:\s+(?P<c>{_TWO}))?|(?P<w>{_TWO})\s+(?P<c2>{_TWO}))"
    rf"(?![\w-])(?!\s+(?:{_UNIT_AFTER}|thousand|hundred|million|billion))", re.I)


def _quote(m: re.Match[str]) -> str:
    if m["h"]:
        whole = _UNITS[m["h"].lower()] * 100 + _whole(m["t"])
        return f"{m['pre']}{whole}" + (f".{_whole(m['c']):02d}" if m["c"] else "")
    return f"{m['pre']}{_whole(m['w'])}.{_whole(m['c2']):02d}"


def _whole(text: str) -> int:
    """Value of a number of up to 999 in words ("three hundred and five" → 305)."""
    words = [w for w in re.split(r"[- ]+", text.lower()) if w and w != "and"]
    if "hundred" in words:
        i = words.index("hundred")
        head = 1 if words[:i] == ["a"] else sum(_TENS.get(w, _UNITS.get(w, 0)) for w in words[:i])
        return head * 100 + sum(_TENS.get(w, _UNITS.get(w, 0)) for w in words[i + 1 :])
    return sum(_TENS.get(w, _UNITS.get(w, 0)) for w in words)


def _value(m: re.Match[str]) -> str:
    """The digits for a matched number ("four thousand fifty-seven point six six" → "4057.66")."""
    num = m["num"]
    body = re.split(r"\s+(?:point|and\s+a)\s+", num, maxsplit=1, flags=re.I)[0]
    low = body.lower()
    if low == "a":
        value = 1
    elif "thousand" in low:
        head, _, tail = re.split(r"\s*(thousand)\s*", low, maxsplit=1)
        value = _whole(head) * 1000 + (_whole(tail) if tail.strip() else 0)
    else:
        value = _whole(low)
    text = str(value)
    if m["frac"]:
        text += "." + "".join(str(_UNITS[w]) for w in m["frac"].lower().split())
    elif m["part"]:
        text += ".5" if m["part"].lower() == "half" else ".25"
    return text


def _replace(m: re.Match[str]) -> str:
    if m["ccy"]:  # "fifteen euros forty" → "15.40 euros"
        return f"{_value(m)}.{_whole(m['cents']):02d}{m['ccy']}"
    return _value(m)


_NUMBER_WORDS = frozenset({*_UNITS, *_TENS, "hundred", "thousand", "half", "quarter"})


def digits_for_words(text: str) -> str:
    """``text`` with spoken numbers in market positions written as digits (see module docstring)."""
    if _NUMBER_WORDS.isdisjoint(lower_words(text)):
        return text  # no number word at all: one pass of a simple pattern instead of the grammar
    if not RE_SPOKEN.search(text) and not RE_SPOKEN_LEVEL.search(text):
        return text
    text = RE_SPOKEN_QUOTE.sub(_quote, RE_SPOKEN.sub(_replace, text))
    return RE_SPOKEN_LEVEL.sub(
        lambda m: m["pre"] + _value(m) if " " in m["num"].strip() or m["frac"] else m.group(0), text)
