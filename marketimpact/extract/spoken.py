"""Numbers written in words, as a TV transcript or a machine translation writes them.

"four point four percent" → "4.4 percent", "three and a half percent" → "3.5 percent",
"about twenty-seven percent" → "about 27 percent", "seven basis points" → "7 basis points".
Only number words right before a unit of change (percent, per cent, basis points, points,
cents, dollars) are rewritten, so prose ("one of the three banks", "at one point") is left alone.
"""

from __future__ import annotations

import re

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_DIGIT = "|".join(_UNITS)
_TEN = "|".join(_TENS)
_WHOLE = rf"(?:(?:{_TEN})(?:[- ](?:{_DIGIT}))?|{_DIGIT})"
RE_SPOKEN = re.compile(
    rf"\b(?!one\s+point\b(?!\s+(?:{_DIGIT})\b))(?P<whole>{_WHOLE}|a)(?:\s+hundred(?:\s+(?:and\s+)?(?P<rest>{_WHOLE}))?)?"
    rf"(?:\s+point\s+(?P<frac>(?:(?:{_DIGIT})\s*){{1,3}})|\s+and\s+a\s+(?P<part>half|quarter))?"
    r"(?=\s+(?:percent|per\s?cent|basis\s+points?|points?|cents?|dollars?)\b)",
    re.I,
)


def _whole(text: str) -> int:
    words = re.split(r"[- ]", text.lower())
    return sum(_TENS.get(w, _UNITS.get(w, 0)) for w in words)


def _replace(m: re.Match[str]) -> str:
    whole = m["whole"].lower()
    value = 1 if whole == "a" else _whole(whole)
    if re.search(r"\bhundred\b", m.group(0), re.I):
        value = value * 100 + (_whole(m["rest"]) if m["rest"] else 0)
    text = str(value)
    if m["frac"]:
        text += "." + "".join(str(_UNITS[w]) for w in m["frac"].lower().split())
    elif m["part"]:
        text += ".5" if m["part"].lower() == "half" else ".25"
    return text


def digits_for_words(text: str) -> str:
    """``text`` with spoken numbers before units of change written as digits."""
    if not RE_SPOKEN.search(text):
        return text
    return RE_SPOKEN.sub(_replace, text)
