"""Market claims: "Brent crude fell 2.3% to $75.25 a barrel" → MarketClaim.

Grammar, one function per part:

* :func:`_instrument_mentions` — instrument names from the registry's aliases
  (longest alias first, whole words);
* :func:`_parse_scope` — in the text that follows a mention up to the next mention or
  the clause end: a movement verb (direction), a percent move, an absolute move, a
  basis-point move, a level and its unit, and basis words (settled / trading at).

A weaker rouble or yen is quoted as RUB=X / JPY=X going **up** (more roubles per
dollar); the direction and the sign of ``move_pct`` always refer to the ticker quoted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..instruments import aliases, find_instrument
from ..types import MarketClaim
from .sentences import split_sentences

_UP = r"rose|rise|rises|rising|gained|gain|gains|gaining|jumped|jump|jumps|jumping|climbed|climb|climbing|rallied|rally|surged|surge|surging|soared|soar|soaring|advanced|advance|added|adding|increased|spiked|spiking|leapt|leaped|leap|rebounded|rebound|firmed|edged\s+up|edged\s+higher|ticked\s+up|shot\s+up|up|higher|strengthened|strengthening|appreciated|hit\s+a\s+high|topped"
_DOWN = r"fell|fall|falls|falling|dropped|drop|drops|dropping|declined|decline|declining|slid|slide|sliding|slipped|slip|slipping|lost|losing|sank|sink|sinking|tumbled|tumble|tumbling|plunged|plunge|plunging|eased|easing|retreated|retreat|slumped|slump|crashed|dipped|dip|down|lower|weakened|weakening|depreciated|shed|shedding|edged\s+down|edged\s+lower|ticked\s+down"
RE_VERB = re.compile(rf"\b(?P<up>{_UP})\b|\b(?P<down>{_DOWN})\b", re.I)
RE_PCT = re.compile(r"(?<![\d.])(?P<num>\d{1,3}(?:\.\d{1,3})?)\s*(?:%|per\s*cent\b|percent\b|pc\b|pct\b)", re.I)
RE_BP = re.compile(r"(?<![\d.])(?P<num>\d{1,4}(?:\.\d)?)\s*(?:basis\s+points?|bps?\b|bp\b)", re.I)
RE_CCY = r"(?P<ccy>\$|US\$|USD\s?|€|EUR\s?|£|GBP\s?|¥)"
RE_LEVEL = re.compile(
    rf"\b(?P<prep>to|at|of|near|around|above|below|reach(?:ing)?|hit(?:ting)?|settl(?:ed|ing)\s+at|clos(?:ed|ing)\s+at|end(?:ed|ing)\s+at|trad(?:ed|ing)\s+at|was\s+at)\s+"
    rf"(?:(?:about|around|nearly|almost|more\s+than|just\s+over|just\s+under|over|under|a\s+(?:record|high\s+of|low\s+of))\s+)?"
    rf"{RE_CCY}?(?P<num>\d{{1,3}}(?:,\d{{3}})*(?:\.\d{{1,4}})?|\d+(?:\.\d{{1,4}})?)(?P<pct>\s*%)?(?P<suffix>\s*(?:a|per)\s+(?:barrel|bbl|ounce|troy\s+ounce|oz|megawatt[\s-]hour|mwh|mmbtu|million\s+british\s+thermal\s+units|pound|lb|tonne|ton|dollar|euro))?",
    re.I,
)
RE_ABS = re.compile(rf"{RE_CCY}(?P<num>\d+(?:\.\d{{1,4}})?)(?!\s*(?:a|per)\s+barrel\s+(?:to|at))(?=\s*(?:,|to\b|or\b|at\b|a\s+barrel\s*,?\s*(?:or|to)))", re.I)
RE_POINTS = re.compile(r"(?<![\d.])(?P<num>\d{1,3}(?:,\d{3})*(?:\.\d+)?)\s*points\b", re.I)
RE_SETTLE = re.compile(r"\b(?:settled|settle|settling|closed|close|closing|ended\s+the\s+(?:day|session)|ended|finished|at\s+the\s+close|at\s+settlement)\b", re.I)
RE_INTRADAY = re.compile(r"\b(?:as\s+much\s+as|as\s+high\s+as|as\s+low\s+as|intraday|in\s+early\s+trading|in\s+early\s+trade|in\s+late\s+trading|was\s+trading|were\s+trading|traded\s+at|at\s+one\s+point|by\s+\d|in\s+(?:morning|afternoon|asian|european|london|new\s+york)\s+trad(?:e|ing)|was\s+(?:up|down))\b", re.I)
RE_CLAUSE_END = re.compile(r"[;]|\.(?=\s)|\bwhile\b|\bwhereas\b|\bbut\b", re.I)

_UNIT_BY_SUFFIX = {"barrel": "USD/bbl", "bbl": "USD/bbl", "ounce": "USD/oz", "troy ounce": "USD/oz", "oz": "USD/oz",
                   "megawatt hour": "EUR/MWh", "megawatt-hour": "EUR/MWh", "mwh": "EUR/MWh", "mmbtu": "USD/MMBtu",
                   "million british thermal units": "USD/MMBtu", "pound": "USD/lb", "lb": "USD/lb", "tonne": "USD/t", "ton": "USD/t"}

#: instruments quoted "per US dollar": a stronger currency is the ticker going down
_INVERTED = {"RUB=X", "JPY=X"}


def _alias_regex() -> re.Pattern[str]:
    names = sorted(aliases(), key=len, reverse=True)
    # "the dollar" only as a currency when not followed by "index"
    alt = "|".join(re.escape(n) for n in names if n not in {"bp", "shell", "dow", "gold"})
    return re.compile(rf"(?<![\w-])(?:{alt}|gold(?!man)|dow(?!ning)|BP|Shell)(?![\w-])", re.I)


_ALIAS_RE: re.Pattern[str] | None = None


def _instrument_mentions(sentence: str) -> Iterator[tuple[int, int, str]]:
    global _ALIAS_RE
    if _ALIAS_RE is None:
        _ALIAS_RE = _alias_regex()
    table = aliases()
    for m in _ALIAS_RE.finditer(sentence):
        name = m.group(0).lower()
        if name in ("bp", "shell") and not m.group(0)[0].isupper():
            continue
        ticker = table.get(name)
        if ticker:
            yield m.start(), m.end(), ticker


def _num(s: str) -> float:
    return float(s.replace(",", ""))


def _parse_scope(scope: str, ticker: str) -> dict:
    """Direction, moves, level, unit and basis in the text governed by one mention."""
    out: dict = {}
    verb = RE_VERB.search(scope)
    inst = find_instrument(ticker)
    if verb:
        word = verb.group(0).lower()
        up = verb["up"] is not None
        if ticker in _INVERTED and re.match(r"strength|weaken|apprecia|deprecia|firm", word):
            up = not up  # quoted per dollar
        out["direction"] = "up" if up else "down"
        rest = scope[verb.start():]
    else:
        rest = scope
    pct = RE_PCT.search(rest)
    level = None
    for lm in RE_LEVEL.finditer(rest):
        if lm["pct"] and (inst is None or inst.unit != "percent"):
            continue
        level = lm
        break
    if pct and (level is None or pct.start() < level.start() or (level["pct"] is None)):
        if not (level is not None and level["pct"] and pct.start() == level.start("num")):
            val = _num(pct["num"])
            out["move_pct"] = val
    bp = RE_BP.search(rest)
    if bp:
        out["move_bp"] = _num(bp["num"])
    if level is not None:
        out["level"] = _num(level["num"])
        suffix = (level["suffix"] or "").lower()
        unit = None
        for key, u in _UNIT_BY_SUFFIX.items():
            if key in suffix:
                unit = u
                break
        if unit is None and inst is not None:
            unit = inst.unit
        out["unit"] = unit
        if re.match(r"settl|clos|end", level["prep"], re.I):
            out["basis_hint"] = "settle"
        elif re.match(r"trad|was", level["prep"], re.I):
            out["basis_hint"] = "intraday"
    ab = RE_ABS.search(rest)
    if ab and (level is None or ab.start() < level.start()):
        out["move_abs"] = _num(ab["num"])
    elif "move_pct" not in out and inst is not None and inst.unit == "index points":
        pts = RE_POINTS.search(rest)
        if pts:
            out["move_abs"] = _num(pts["num"])
    return out


def extract_claims(text: str, event_id: str | None = None) -> list[MarketClaim]:
    """Every market claim in ``text``, in order of appearance.

    Within one sentence, several mentions of the same ticker are merged into the
    most specific claim (e.g. "oil prices fell, with Brent crude falling 2.3% to $75.25"
    is one BZ=F claim).
    """
    claims: list[MarketClaim] = []
    for s0, _s1, sent in split_sentences(text):
        mentions = list(_instrument_mentions(sent))
        per_ticker: dict[str, MarketClaim] = {}
        order: list[str] = []
        for i, (a, b, ticker) in enumerate(mentions):
            nxt = mentions[i + 1][0] if i + 1 < len(mentions) else len(sent)
            end_m = RE_CLAUSE_END.search(sent, b)
            stop = min(nxt, end_m.start() if end_m else len(sent))
            scope = sent[b:stop]
            parsed = _parse_scope(scope, ticker)
            if "direction" not in parsed:
                # a verb before the name: "gold prices, which rose 2%" handled above; "a 2% fall in Brent" here
                pre = sent[max(0, a - 40) : a]
                m = re.search(r"(?P<num>\d+(?:\.\d+)?)\s*(?:%|per\s*cent|percent)\s+(?P<w>fall|drop|decline|slide|rise|gain|jump|increase)\s+in\s+(?:the\s+)?$", pre, re.I)
                if not m:
                    continue
                parsed = {"direction": "down" if m["w"].lower() in ("fall", "drop", "decline", "slide") else "up",
                          "move_pct": float(m["num"])}
            direction = parsed["direction"]
            sign = -1.0 if direction == "down" else 1.0
            basis = parsed.get("basis_hint")
            if basis is None:
                if RE_INTRADAY.search(scope):
                    basis = "intraday"
                elif RE_SETTLE.search(scope):
                    basis = "settle"
                else:
                    basis = "unspecified"
            inst = find_instrument(ticker)
            claim = MarketClaim(
                instrument=_display_name(sent[a:b], ticker),
                ticker=ticker,
                direction=direction,
                move_pct=sign * parsed["move_pct"] if "move_pct" in parsed else None,
                move_abs=sign * parsed["move_abs"] if "move_abs" in parsed else None,
                move_bp=sign * parsed["move_bp"] if "move_bp" in parsed else None,
                level=parsed.get("level"),
                unit=parsed.get("unit") or (inst.unit if inst else None),
                basis=basis,
                evidence=sent,
                evidence_span=(s0, s0 + len(sent)),
                event_id=event_id,
            )
            prev = per_ticker.get(ticker)
            if prev is None:
                order.append(ticker)
                per_ticker[ticker] = claim
            elif _specificity(claim) > _specificity(prev):
                per_ticker[ticker] = claim
        claims.extend(per_ticker[t] for t in order)
    return claims


def _specificity(c: MarketClaim) -> int:
    return sum(x is not None for x in (c.move_pct, c.level, c.move_abs, c.move_bp))


_CANON = {
    "BZ=F": "Brent", "CL=F": "WTI", "GC=F": "gold", "SI=F": "silver", "HG=F": "copper", "NG=F": "US natural gas",
    "TTF=F": "TTF gas", "^GSPC": "S&P 500", "^DJI": "Dow Jones", "^IXIC": "Nasdaq Composite", "^STOXX": "Stoxx 600",
    "^FTSE": "FTSE 100", "^GDAXI": "DAX", "^FCHI": "CAC 40", "^N225": "Nikkei 225", "^HSI": "Hang Seng",
    "DX-Y.NYB": "dollar index", "EURUSD=X": "euro", "GBPUSD=X": "pound", "JPY=X": "yen", "RUB=X": "rouble",
    "^VIX": "VIX", "^TNX": "US 10-year Treasury yield", "BTC-USD": "bitcoin",
}


def _display_name(found: str, ticker: str) -> str:
    """Canonical instrument name (generic "oil prices" → "oil", else the registry's short name)."""
    low = found.lower()
    if ticker == "BZ=F" and "brent" not in low:
        return "oil"
    if ticker in _CANON:
        return _CANON[ticker]
    inst = find_instrument(ticker)
    return inst.name if inst else found
