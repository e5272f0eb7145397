"""Market claims: "Brent crude fell 2.3% to $75.25 a barrel" → MarketClaim.

A small named grammar, one function (or pattern) per kind of expression:

* :func:`instrument_mentions` — instrument names from the registry's aliases (longest
  alias first, whole words), plus "the company's shares" (the last company named) and
  "the dollar … yen" (→ JPY=X); a generic "oil"/"crude" only counts as the subject of
  a move ("oil prices fell"), and an alias right after another one is absorbed
  ("WTI crude oil futures" is one mention);
* :func:`segments` — the text a mention governs (up to the next mention or ``;``) cut
  at commas and at *before / after / and / then / while / but*;
* :func:`direction_word` — the first movement word of a segment (rose, slid, "was
  up", "2% higher" …), skipping nouns ("pared its gains") and particles ("shut down");
* :func:`numbers` — every number of a segment with its role: ``pct`` (2.3%),
  ``bp`` (12 basis points), ``abs`` ($3.59, 88 cents, 140 points) or ``level``
  (after *to / at / above / a record high of …*); quantities, years and clock times are
  dropped ("2 million barrels", "since 2014", "7.50pm");
* :func:`basis_of` — *settle* (settled, closed, ended) or *intraday* (as much as, hit,
  was trading, in early trading, by 0900 GMT), else *unspecified*; a trading-session
  phrase anywhere in the sentence (or in a claim-less opening sentence of the
  paragraph: "when trading opened on Monday") makes every claim of it intraday.

Segments are merged into one claim until a segment repeats a field the claim already has
*and* carries its own movement word ("rose as much as 5.7% to $81.40 … before trading
2.4% higher at $78.87" is two claims). A claim needs a direction and at least one
number; forecasts ("may push prices to …") are not claims.

A weaker rouble or yen is quoted as RUB=X / JPY=X going **up** (more roubles per
dollar): instruments whose unit is "XXX per USD" invert the wording when the currency
itself is the subject; "the dollar rose 0.9% to 150.45 yen" is JPY=X up as written.
The direction and the sign of ``move_pct`` always refer to the ticker quoted.

All patterns use bounded quantifiers; work is linear in the text length.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

from ..instruments import COMMON_WORDS, _alias_index, find_instrument, on_registry_change
from ..types import MarketClaim
from .dates import MONTHS
from .entities import (
    BLOOMBERG_SUFFIX,
    CURRENCY_PLURALS,
    FUNCTION_WORDS,
    LEGAL_SUFFIX_EXCHANGE,
    RE_APPOSITION_COMPANY,
    RE_CONTRAST_NAME_MOVES,
    RE_GLOBE_CODE,
    RE_LEGAL_NAME,
    RE_LEGAL_SUFFIX_END,
    RE_LEGAL_WORD,
    RE_PAREN_CODE,
    RE_SHORT_TENOR,
    US_TENORS,
    caps_name_before,
    counter_currency,
    country_before,
    debt_market,
    entity_mentions,
    fx_pair,
    fx_subject,
    leading_debt,
    local_currency,
    local_namesake,
    opener_not_name,
    place_only,
    resolve_name,
    text_countries,
    unknown_instruments,
    without_legal_suffix,
    yahoo_symbol,
)
from .gates import Hinted
from .memo import TextMemo
from .patterns import FOLDS_TO_ASCII, FoldedPattern, GatedPattern, lower_words, may_contain, trie_pattern
from .sentences import split_sentences
from .spoken import digits_for_words

# --------------------------------------------------------------------------- words
_UP = (
    r"rose|rise|rises|rising|risen|grown|grow|grows|gained|gain|gains|gaining|jumped|jump|jumps|jumping|climbed|climb|climbs|climbing|"
    r"rallied|rally|rallies|rallying|surged|surge|surges|surging|soared|soar|soars|soaring|advanced|advance|advances|"
    r"advancing|(?:added|add|adds|adding)(?!\s+to\s+(?:\w+['’]s\s+)?(?:[\d.]+\s?(?:%|per\s?cent)\s+)?(?:plunge|drop|fall|"
    r"loss(?:es)?|decline|slide|slump|sell-off|selloff|rout)\b)|increased|spiked|spike|spiking|leapt|leaped|leap|rebounded|rebound|rebounding|"
    r"recovered|firmed|firming|firm|edged\s+up|edged\s+higher|ticked\s+up|shot\s+up|up|higher|strengthened|"
    r"strengthening|strengthen|appreciated|appreciation|dearer|plus(?=\s+(?:of\s+)?\d)|in\s+(?:the\s+|a\s+)?(?:small\s+|slight\s+|clear\s+)?plus\b|topped|grew|firmer|stronger|hit\s+a\s+record(?!\s+low)|hits\s+a\s+record(?!\s+low)|"
    r"(?:hit|hits|touched|reached|scaled|set|printed|printing|prints)\s+(?:a|an|its|their|another|fresh|new)\s+"
    r"(?:[\w-]+\s+){0,2}(?:high|peak)\b|"
    r"(?:hit|hits|touched|reached|struck)\s+(?:its|their)\s+(?:highest|strongest)\b|"  # "touched its strongest since May at"
    r"record\s+high|as\s+strong\s+as|as\s+high\s+as|"
    r"rocketed|rocketing|skyrocketed|skyrocketing|zoomed|vaulted|catapulted|ripped|"
    r"(?:pushed|pushing|broke|breaking|moved|crossed)\s+above|"
    # "It briefly crossed 3.99%", "first crossed $2,000 in 2020": past a level, from below (not "the first time it
    # had crossed the 20 mark", a clause about the move just told; not "has never crossed $75,000"; not a level
    # of another period, "after it crossed $70,000 last week", "crossed $1,000 in June")
    r"(?<!had\s)(?<!has\s)(?<!have\s)(?<!never\s)(?<!not\s)(?<!n't\s)(?<!to\s)(?:crossed|crosses|crossing)"
    r"(?=\s+(?:the\s+)?[$€£¥]?\d)(?!(?:[^.;,]|(?<=\d)[.,](?=\d)){0,30}?\b(?:last\s+(?:week|month|year)|in\s+(?:19|20)\d\d|in\s+(?:January|"
    r"February|March|April|May|June|July|August|September|October|November|December)))|"
    r"(?:above|over)\s+(?:the\s+|its\s+)?(?:IPO\s+|offer\s+|issue\s+|listing\s+)price|"
    r"premium\s+of(?=\s+[\d.]+\s?(?:%|per\s?cent)\s+(?:to|on|over)\s+(?:the\s+|its\s+)?(?:(?:upper|top)\s+end\s+of\s+the\s+)?"
    r"(?:IPO|offer|issue)\s+price)|"
    # "a 193.9 per cent premium to its initial public offering price"
    r"premium(?=\s+(?:to|on|over)\s+(?:the\s+|its\s+)?(?:initial\s+public\s+offering|IPO|offer|issue|listing)\s+price)|"
    # machine-translated copy: "won near 25 percent" (gagné), "progressed 3%" (progressé)
    r"won(?=\s+(?:near\s+|about\s+|around\s+|some\s+|nearly\s+)?\d)|progressed|progressing|doubled|tripled|quadrupled|"
    # translated Spanish/Portuguese: "ascended a 1.9% until the 3.83 euros" (ascendió, subiu)
    r"(?:ascended|ascends|ascending)(?=\s+(?:(?:a|an|the|by|to|until|near|about|around|nearly)\s+){0,2}[\d.,]+)|"
    # Indian press: a stock locked at its daily limit, "hit its 20 per cent upper circuit", "hit the upper circuit of 5%"
    r"(?:hit|hits|hitting|touched|touching|locked\s+in|locked\s+at)\s+(?:its|the|an?)\s+(?=(?:[\d.]+\s?(?:%|per\s?cent)\s+)?upper\s+circuit)|"
    # translated Portuguese/Spanish: "finished in high of 2.1%" (em alta de)
    r"in\s+(?:a\s+)?(?:slight\s+|small\s+|strong\s+)?high\s+of(?=\s+(?:about\s+|around\s+)?[\d.,]+\s?(?:%|per\s?cent|percent))|"
    r"(?<=%\s)(?:more\s+)?expensive|"
    r"(?<=%\s)high(?=\s+(?:in|at|on)\b)|"  # translated Japanese: "at 38,910 yen, 0.8% high in the same time" (高)
    r"(?<=%\s)(?:rise|gain)(?=\s+(?:compared|from\s+the\s+previous|against\s+the\s+previous))"  # translated Korean
)
_DOWN = (
    # machine-translated copy: "abandoned 38%" (abandonné), "was yielding 33.9%" (cédait), "gave up 5%"
    r"abandoned|abandoning|abandons|yielding|yielded|ceded|ceding|halved|"
    r"(?:descended|descends|descending)(?=\s+(?:(?:a|an|the|by|to|until|near|about|around|nearly)\s+){0,2}[\d.,]+)|"
    r"(?:hit|hits|hitting|touched|touching|locked\s+in|locked\s+at)\s+(?:its|the|an?)\s+(?=(?:[\d.]+\s?(?:%|per\s?cent)\s+)?lower\s+circuit)|"
    r"(?<=%\s)cheap|"  # translated Japanese: "the closing price was 3,175 yen, 3.6% cheap"
    r"(?<=%\s)low(?=\s+(?:in|at|on)\b)|"  # "… 0.8% low in the same time" (安)
    # translated Korean: "508,000 won which is 18.06% fall compared to previous day" (전일 대비 하락)
    r"(?<=%\s)(?:fall|drop|decline)(?=\s+(?:compared|from\s+the\s+previous|against\s+the\s+previous))|"
    # translated German: "went back by 1.9 percent" (ging zurück), "gave 1.1 percent in" (gab nach)
    r"(?:went|gone|going|goes)\s+back(?=\s+(?:by\s+)?(?:about\s+|around\s+|nearly\s+)?\d)|"
    r"(?:gave|gives)(?=\s+(?:about\s+|around\s+|nearly\s+)?[\d.,]+\s?(?:%|per\s?cent|percent)\s+in\b"
    r"|\s+in\s+(?:the\s+)?(?:[\w-]+\s+){0,2}(?:trade|trading|session)\s+(?:about\s+|around\s+|nearly\s+)?[\d.,]+\s?"
    r"(?:%|per\s?cent|percent))|"  # "the Dax itself gave in the morning trade 0.6 percent"
    # translated Portuguese/Spanish: "closed in low of 1.2%" (em baixa de), "came to retreat 32.8%"
    r"in\s+(?:a\s+)?(?:slight\s+|small\s+|strong\s+)?low\s+of(?=\s+(?:about\s+|around\s+)?[\d.,]+\s?(?:%|per\s?cent|percent))|"
    # "a loss of 26 percent" (not "a loss of 20% of their revenue", "a loss of 15% in fees")
    r"loss(?=\s+of\s+(?:about\s+|around\s+|nearly\s+|some\s+|almost\s+|roughly\s+|more\s+than\s+)?"
    r"(?:[\d.,]+\s+[a-z]+\s+or\s+)?[\d.,]+\s?(?:%|per\s?cent|percent)(?!\s+of\b)(?!\s+in\s+(?!(?:a\s+single\s+|one\s+|the\s+|a\s+)?(?:session|day|"
    r"trading|week|hour|minutes|value)\b)))|"
    # a devalued currency: "the tenge was cut by 19 percent to around 185 per dollar" (a new level follows;
    # "demand was cut by 10% last year" is no price)
    r"(?:was|were|been|is|are)\s+cut(?=\s+by\s+(?:about\s+|around\s+|nearly\s+|some\s+|almost\s+)?[\d.,]+\s?"
    r"(?:%|per\s?cent|percent)\s+to\s+(?:about\s+|around\s+|roughly\s+)?[$€£¥]?\d)|"
    r"(?:gave|giving)\s+up(?=\s+(?:about\s+|around\s+|nearly\s+|some\s+|almost\s+)?\d)|"
    r"fell|fall|falls|falling|fallen|sunk|dropped|drop|drops|dropping|declined|decline|declines|declining|slid|slide|slides|sliding|"
    r"slipped|slip|slips|slipping|lost|lose|loses|losing|sank|sink|sinks|sinking|tumbled|tumble|tumbles|tumbling|"
    r"plunged|plunge|plunges|plunging|eased|ease|eases|easing|retreated|retreat|retreating|slumped|slump|slumps|"
    r"slumping|crashed|crash|dipped|dip|dips|dipping|down|lower|weakened|weakening|weaken|weakens|depreciated|"
    r"weaker|softer|devalued|depreciation|devaluation|(?:closed|ended|finished|was|were|is|are|traded|trading)\s+off|"
    r"shed|sheds|shedding|cheaper|minus(?=\s+(?:of\s+)?\d)|in\s+(?:the\s+|a\s+)?(?:small\s+|slight\s+|deep\s+|clear\s+)?minus\b|edged\s+down|edged\s+lower|ticked\s+down|tanked|sagged|record\s+low|"
    r"off(?=\s+(?:about\s+|around\s+|nearly\s+|some\s+|almost\s+|roughly\s+)?(?:\d|a\s+(?:half|quarter)))|"
    r"(?:hit|hits|touched|touches|reached|plumbed|printed|printing|prints)\s+(?:a|an|its)\s+(?:[\w.-]+\s+){0,2}low|"
    r"(?:hit|hits|touched|reached|struck|plumbed)\s+(?:its|their)\s+weakest\b|"  # ("its lowest": the line above)
    r"as\s+weak\s+as|as\s+low\s+as|as\s+little\s+as|"
    r"plummeted|plummeting|plummets|plummet|collapsed|collapsing|collapse(?=\s+of\s+\d)|cratered|nosedived|nose-dived|skidded|dived|"
    r"(?:pushed|pushing|broke|breaking|moved)\s+below|"
    # a debut against its offer price: "closed 26.3% under the offer price", "a discount of 9.07 per cent
    # to the issue price"
    r"(?:under|below)\s+(?:the\s+|its\s+)?(?:IPO\s+|offer\s+|issue\s+|listing\s+)price|"
    r"discount\s+of(?=\s+[\d.]+\s?(?:%|per\s?cent)\s+(?:to|on|from)\s+(?:the\s+|its\s+)?(?:IPO|offer|issue)\s+price)"
)
RE_DIR = FoldedPattern(rf"(?=[a-z])\b(?:(?P<up>{_UP})|(?P<down>{_DOWN}))\b")
#: a movement word used as a noun or particle is not a direction ("pared its gains", "shut down")
RE_NOT_DIR_BEFORE = FoldedPattern(
    r"(?:\b(?:its|their|the|of|some|earlier|early|recent|pared|paring|pare|shut|written|write|step|stepped|steps|"
    r"slow|calm|calmed|cooled|quieted|wound|broke|turned|track|bring|brought|called|set|pick|picked|made|back|"
    r"held|hold|holds|sped|speed|"
    r"price|prices)\s+)$",
    re.I,
)
RE_NOT_DIR_AFTER = re.compile(r"^\s*(?:to\s+\d|from\b(?!\s+(?:above|below|around|about|near|over|under)?\s*[$€£¥]?\d)|"
                              r"from\s+\S+\s+(?:to|-|–)\s+[$€£¥]?\d|"  # "down from $4.90 to $5.30": a range, a forecast
                              r"in\s+(?:demand|supply|output|production)|for\b)", re.I)

RE_MODAL = re.compile(
    r"(?=[a-z])\b(?:will|would|could|(?-i:may)|might|should|expects?\s+to|expected\s+to|forecasts?|likely\s+to|set\s+to|"
    r"poised\s+to|target|seen\s+at|predicts?)\b",
    re.I,
)
RE_MODAL = GatedPattern(RE_MODAL, ("will", "would", "could", "may", "might", "should", "expect", "forecast", "likely",
                                   "set", "poised", "target", "seen", "predict"))
RE_SETTLE = FoldedPattern(
    r"(?=[a-z])\b(?:settled|settle|settles|settling|settlement|closed|close|closes|closing|ended|end|ends|ending|"
    r"finished|finish|finishing)\b",
    re.I,
)
RE_INTRADAY_VERB = FoldedPattern(
    r"(?=[a-z])\b(?:as\s+much\s+as|as\s+high\s+as|as\s+low\s+as|briefly|intraday|hit|hits|hitting|touched|touching|"
    r"(?:was|were|is|are)\s+trading|trading\s+at|traded\s+at|to\s+trade|(?:was|were|is|are)\s+(?:up|down)|"
    r"at\s+one\s+point|during\s+the\s+session)\b",
    re.I,
)
RE_SESSION = FoldedPattern(
    r"(?=[a-z])(?:\b(?:in|during)\s+(?:[\w-]+\s+){0,4}?trad(?:e|ing)\b|\bwhen\s+(?:trading|markets?|the\s+market)\s+"
    r"(?:opened|resumed|reopened)\b|\bat\s+the\s+open\b|\bby\s+(?:late\s+|mid-?)?(?:morning|afternoon|midday)\b|"
    r"\bby\s+the\s+lunch\s+break\b|\b(?:by|at)\s+\d{4}\s*(?:GMT|UTC|BST|ET)\b|\bovernight\b|\bin\s+the\s+first\s+"
    r"(?:minutes|hour|hours)\b|\b(?:pre-?market|after-hours|extended\s+trading|after\s+the\s+bell)\b)",
    re.I,
)

#: every match of RE_SESSION holds one of the words :func:`has_session` looks for (keep them in step)
#: or a clock time before its zone (RE_SESSION_CLOCK): a sentence with neither is not scanned
#: (the digits one by one, not ``\d{4}``: a pattern that starts with a character class is scanned
#: for it in C; the zone by its first letter)
RE_SESSION_CLOCK = re.compile(r"\d\d\d\d\s*[GUBEgube]")


def has_session(text: str) -> bool:
    """``RE_SESSION.search(text) is not None``, the pattern tried only when its words can be there."""
    low = text.lower()
    return (("trad" in low or "open" in low or "first" in low or "bell" in low or "morning" in low
             or "afternoon" in low or "midday" in low or "lunch" in low or "overnight" in low or "resumed" in low
             or "premarket" in low or "pre-market" in low or "after-hours" in low
             or (not text.isascii() and any(c in text for c in FOLDS_TO_ASCII))
             or RE_SESSION_CLOCK.search(text) is not None)
            and RE_SESSION.search(text) is not None)


# --------------------------------------------------------------------------- numbers
_CCY = (r"(?P<ccy>US\$\s?|\$US|U\.S\.\s?\$\s?|C\$\s?|A\$\s?|HK\$\s?|S\$\s?|NT\$\s?|T\$\s?|R\$\s?|NZ\$\s?|\$\s?|€|£|¥|₹|₩|"
        r"USD\s?|EUR\s?|GBP\s?|CHF\s?|"
        r"JPY\s?|SEK\s?|NOK\s?|DKK\s?|AUD\s?|CAD\s?|HKD\s?|INR\s?|SAR\s?|ZAR\s?|BRL\s?|KRW\s?|CNY\s?|TWD\s?|"
        r"RUB\s?|TRY\s?|MXN\s?|SGD\s?|NZD\s?|₦|N(?=\d)|Rs\.?\s?|SR\s?|R(?=\d)|"
        r"RM\s?|kr\.?\s?|W(?=\d))")
RE_NUMBER = re.compile(
    rf"{_CCY}?(?<![\d.,:])(?P<num>(?P<eu>\d{{1,3}}(?:\.\d{{3}}){{1,4}},\d{{1,6}}|\d{{1,3}},\d{{1,2}}(?=\s?(?:%|per\s?cent|percent|euros?\b|pesos\b|reais\b|zł|złoty|francs?\b|points\b))"
    # a decimal comma after a currency sign: "quoted to R$ 1,25" (two digits after a comma are no thousands)
    rf"|(?<=[$€£]\s)\d{{1,3}},(?:\d{{2}}|\d{{4}})(?![\d,])|(?<=[$€£])\d{{1,3}},(?:\d{{2}}|\d{{4}})(?![\d,]))"
    rf"|\d{{1,3}}(?:,\d{{3}}){{1,4}}(?:\.\d{{1,6}})?|\d{{1,7}}(?:\.\d{{1,6}})?)(?![\d]|:\d)"  # ("10:30" is a clock; "at $5.66: Train 4/5 …" a price)
    r"(?P<suf>\s?(?:%|per\s?cent\b|percent\b|pc\b|pct\b|percentage\s+points?\b|basis\s+points?\b|bps?\b|"
    r"points?\b|pts\b|cents?\b|(?<=\d)c(?![\w'’])))?",  # "US63.65c": an Australian dollar in US cents
    re.I,
)
RE_DOTTED_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")
RE_GRAIN_FRACTION = re.compile(r"-(?P<n>[1-7])/(?P<d>[248])(?![\d/])")
#: an offer's or a target's price named before a number: not a market level (docs/corpus-conventions.md)
RE_OFFER_PRICE_BEFORE = re.compile(r"\b(?:issue|offer|IPO|offering|listing|tender|strike|target|reference|subscription)\s+"
                                   r"price\s+(?:of\s+)?(?:about\s+|around\s+)?$", re.I)
#: a number followed by one of these is a quantity, a duration or a clock time, not a price
RE_QUANTITY_AFTER = re.compile(
    r"^(?:\s?(?:million|billion|trillion|bn|mln|m|k|tn|thousand|lakhs?|crores?|barrels?|bpd|b/d|tonnes?|tons?|people|years?|"
    r"days?|weeks?|months?|hours?|minutes?|seconds?|times|members|mph|miles|km|homes|jobs|hostages|trucks|"
    r"stocks?|shares|companies|issues|"  # "the Nikkei Average of 225 stock", "a basket of 30 stocks"
    r"a\.m\.?|p\.m\.?|am|pm|gmt|utc|bst|local\s+time|a\s+share|per\s+share|st|nd|rd|th|-\w+)\b|[-/:]\d)",
    re.I,
)
RE_LEVEL_PREP = FoldedPattern(
    r"(?:@\s?|\b(?:(?<!close\s)to|at|of|above|below|near|around|beyond|past|over|under|hit|hits|hitting|touched|touches|touching|reached|reaches|"
    r"reaching|as\s+high\s+as|as\s+low\s+as|as\s+far\s+as|as\s+weak\s+as|as\s+strong\s+as|as\s+little\s+as|"
    r"settled?\s+in|(?:stood|stands)\s+in|settle\s+in|reported|became|becoming|topped|topping|cost|"
    r"tops|surpassed|surpassing|breached|breaching|crossed|crosses|crossing)\s+"
    r"(?:(?:a|an|the)\s+)?(?:(?:psychologically\s+)?(?:important|key|closely[- ]watched|psychological|critical|"
    r"crucial|symbolic|indicative|indicated|theoretical)\s+)?(?:(?:record|fresh|new|[\w]+-(?:year|month|week|day)|multi-year|all-time|session|intraday)\s+)?"
    r"(?:(?:high|low|close|peak|trough)\s+)?(?:of\s+)?"
    r"(?:(?:about|around|nearly|almost|roughly|some|more\s+than|less\s+than|just\s+over|just\s+under|just\s+above|"
    r"just\s+below)\s+)?)$",
)


RE_TO_AT_BEFORE = re.compile(r"\b(?:to|at)\s+(?:(?:about|around|just|a\s+record|a\s+low\s+of)\s+)?$", re.I)
RE_UPTO_BEFORE = re.compile(r"\b(?:lost|fell|dropped|gained|rose|climbed|slumped|plunged|jumped|surged|up|down)\s+"
                            r"(?:by\s+)?(?:up\s+)?to\s+$", re.I)
RE_FROM_BEFORE = re.compile(r"\bfrom\s+(?:about\s+|around\s+|roughly\s+|nearly\s+|above\s+|below\s+|over\s+|"
                            r"under\s+)?$", re.I)
RE_MINUS_BEFORE = re.compile(r"\bminus\s+(?:US)?\$?$", re.I)
#: "The TOPIX was 1,905.59, down 1.54%": a bare number (no currency sign, no unit suffix) after a
#: copula is a level when nothing but its unit follows it in the clause (not "was 669 yen cheaper")
#: "until" before a price in translated copy ("hasta los 5,86 euros"); before a percentage it is "up to"
RE_UNTIL_BEFORE = re.compile(r"\buntil\s+(?:the\s+)?$", re.I)
RE_COPULA_LEVEL = re.compile(r"\b(?:was|were|is|are|stood|closed|ended|finished|settled)\s+$", re.I)
#: a form of "to be" right before a number: "the stock was JPY545 in mid-Dec" (a price, unless a
#: direction follows it)
RE_BE_BEFORE = re.compile(r"\b(?:was|were|is|are)\s+$", re.I)
#: what makes a price after a copula a move's size or a distance: "was $3 higher", "are $40 off their record",
#: "is $300 an ounce above its 200-day average" (used with .match at one position only)
RE_MOVE_AFTER_PRICE = re.compile(r"\s*(?:\w+\s+){0,3}?(?:higher|lower|up|down|cheaper|dearer|more|less|above|below|"
                                 r"stronger|weaker|firmer|softer|off|short|away|from)\b", re.I)
#: a move as the copula's subject: "the decline was $4.50 a barrel" (a size, not a price)
RE_MOVE_NOUN_BE = re.compile(r"\b(?:decline|drop|gain|loss|rise|fall|move|jump|slide|increase|decrease|premium|discount|"
                             r"difference|gap|spread|swing)s?\s+(?:was|were|is|are)\s+$", re.I)
RE_LEVEL_END = re.compile(r"\s?(?:(?:yen|yuan|won|rupees?|lira|euros?|dollars?|francs?|pesos?|rand|points)\s?)?(?:\(|$)",
                          re.I)
#: "a depreciation of 4.4%", "a fall of about 3%": the size of a move, not a level
RE_MOVE_NOUN_OF = re.compile(r"\b(?:in\s+(?:a\s+)?(?:slight\s+|small\s+|strong\s+)?(?:high|low)|fall|"  # translated "closed in high of 0.65%"
                             r"depreciation|appreciation|devaluation|decline|drop|fall|rise|gain|loss|increase|decrease|collapse|"
                             r"premium|discount|"
                             r"slide|jump|plunge|surge|rally|plus|minus|"
                             # the daily limit's size: translated "the stop high of the 700 yen", "the maximum daily limit of 10%"
                             r"stop\s+(?:high|low)|limit-(?:up|down)|(?:maximum\s+|daily\s+){1,2}limit|(?:upper|lower)\s+circuit)\s+of\s+(?:the\s+)?(?:about\s+|around\s+|nearly\s+|"
                             r"almost\s+|some\s+|roughly\s+|more\s+than\s+)?$", re.I)
#: a subject's scope that is only a size, its verb left out after an earlier subject's move
RE_GAPPED_MOVE = re.compile(r"^\s*(?:(?:Inc|Corp|Co|plc|PLC|Ltd|AG|SE|SA|NV|Group|Holdings)\.?\s*)?"
                            r"(?:\([^()]{1,24}\)\s*)?"  # "… and Sumitomo Corp. (8053) 8.9%": after the name's code
                            r"(?:(?:about|around|nearly|some|almost|roughly|another|a\s+further)\s+)?[\d.,]+\s?"
                            # (the scope may end at the next subject's conjunction: "… 8.9%, while Mitsubishi …")
                            r"(?:%|per\s?cent|percent|points?)\W*(?:(?:while|and|but|whereas)\s*)?$", re.I)
#: a direction adverb right after a percentage: the percentage is the move's size
RE_ADVERB_AFTER = re.compile(r"\s+(?:higher|lower|up|down|weaker|stronger|firmer|softer)\b", re.I)
#: the left-context patterns above tried only on a window holding one of their words (every match
#: holds one; tests/test_extract_fastpaths.py checks): most windows hold none
RE_MINUS_BEFORE = GatedPattern(RE_MINUS_BEFORE, ("minus",))
RE_FROM_BEFORE = GatedPattern(RE_FROM_BEFORE, ("from",))
#: "down from above 151", "up from": a direction told against an earlier level
RE_DIR_BEFORE_FROM = re.compile(r"\b(?:up|down)\s+from\s+(?:\w+\s+)?[$€£¥]?$", re.I)
RE_MOVE_NOUN_OF = GatedPattern(RE_MOVE_NOUN_OF, ("of",))


#: every currency sign or code of ``_CCY`` is at most this long and holds no digit, so a number
#: match starts at most this many characters before its first digit
_CCY_MAX = 7
#: the characters a currency of ``_CCY`` can begin with (its alternatives hold no nested ``|``)
_RE_CCY_FIRST = re.compile(
    "[" + re.escape("".join(sorted({a.lstrip("\\")[:1] for a in _CCY[len("(?P<ccy>") : -1].split("|")}))) + "]", re.I)
_RE_DIGIT = re.compile(r"\d")


def _number_matches(seg: str):
    """The matches of :data:`RE_NUMBER` in ``seg``, as ``finditer`` gives them, tried only near
    digits: the grammar is attempted at the few places a number (or its currency) can start
    instead of at every character (several times faster on prose)."""
    pos = 0
    while True:
        dm = _RE_DIGIT.search(seg, pos)
        if dm is None:
            return
        d = dm.start()
        m = None
        p = max(pos, d - _CCY_MAX)
        while p < d:  # a currency before the first digit: "$", "US$", "Rs. "
            c = _RE_CCY_FIRST.search(seg, p, d)
            if c is None:
                break
            m = RE_NUMBER.match(seg, c.start())
            if m is not None:
                break
            p = c.start() + 1
        if m is None:
            m = RE_NUMBER.match(seg, d)
        if m is None:
            pos = d + 1
            continue
        yield m
        pos = m.end()


RE_CLOSED_IN_BEFORE = re.compile(r"\b(?:closed|closes|ended|finished|quoted)\s+(?:(?:this|last|on)\s+[A-Za-z]+\s+)?in\s+$",
                                 re.I)
RE_CURRENCY_UNIT_AFTER = re.compile(rf"\s?(?:{CURRENCY_PLURALS}|soles|reais|ringgit|baht|rand|lira|yen|yuan|won|"
                                    r"units\s+per|per\s+(?:dollar|euro|US\s+dollar))\b", re.I)
#: a mention's own verb right after it: a compared index with its own move ("… vs ASX200 closed -0.1% at 7,279.2")
RE_OWN_VERB_AFTER = re.compile(r"\s+(?:closed|ended|finished|settled|rose|fell|gained|lost|was|were)\b")
RE_LISTED_AFTER = re.compile(r"\s+(?:is|are)\s+(?:listed|traded|based|quoted|an?\s+(?:heavyweight|member|constituent|component))\b")
RE_WITH_BEFORE = re.compile(r",\s+with\s+(?:the\s+)?$")
RE_AT_LEVEL_START = re.compile(r"\s+at\s+(?:about\s+|around\s+)?(?:US)?[$€£¥]?\s?[\d.,]+(?![\d.,])(?:\s+a\s+\w+)?"
                               r"(?!\s+(?:seen|expected|as\s+a|a\s+floor|support|resistance|target))")
#: a signed move in brackets right after a number (and its unit): "98.4 (-0.6%)", "$1,935/oz (+1.1%)"
RE_SIGNED_PAREN_AFTER = re.compile(r"(?:/[a-z]{1,5})?\s?\(\s?[+\-−–]\s?\d")
#: "US" written before a cents price: "slipped 0.1% to US63.65c"
RE_US_BEFORE = re.compile(r"(?<=\s)US$")
#: what a percentage sizes when a policy noun follows it: "a 2% cap on premiums", "a 10% stake in"
RE_POLICY_PCT_AFTER = re.compile(r"\s+(?:[a-z-]+\s+)?(?:(?:cap|ceiling|tariffs?|levy|tax|stake|quota|haircut|duty|"
                                 r"surcharge)\s+(?:on|in|for|over)\b|(?:target|goal|objective)\b"  # "its 2% target"
                                 # a definition: "the 20% decline that marks a bear market"
                                 r"|(?:decline|drop|fall|rise|gain|threshold)\s+(?:that\s+)?(?:marks|defines|signals)\s+"
                                 r"(?:an?\s+)?(?:bear\s+market|bull\s+market|correction)\b)")
#: … when the percentage modifies that noun ("a 25%", "Labor's proposed 2%"), not a move's size ("rose 4% on tariffs")
RE_NOUN_MODIFIER_BEFORE = re.compile(r"(?:\b(?:a|an|the|its|their|his|her)|['’]s)\s+(?:[a-z-]+\s+)?$", re.I)


@dataclass
class _Num:
    role: str  # pct, bp, abs, level
    value: float
    start: int


def numbers(seg: str, unit: str | None) -> list[_Num]:
    """Numbers of a segment with their role (see module docstring)."""
    out: list[_Num] = []
    for m in _number_matches(seg):
        raw = m["num"]
        after = seg[m.end() : m.end() + 16]
        suf = (m["suf"] or "").strip().lower()
        if m["ccy"] in ("N", "R", "W") and m.start() > 0 and seg[m.start() - 1].isalpha():
            continue  # "(WN22)": a contract code, not 22 naira
        eighths = RE_GRAIN_FRACTION.match(seg, m.end()) if not suf and m["ccy"] else None
        if not suf and not eighths and RE_QUANTITY_AFTER.match(after):
            continue
        pence = seg[m.end() : m.end() + 1] == "p" and not seg[m.end() + 1 : m.end() + 2].isalpha()
        if not suf and m.end() < len(seg) and seg[m.end()].isalpha() and not pence:
            continue  # 13th, 7.50pm (but 412p is a London price in pence)
        # continental notation ("18.330,27 points", "16,5%") in translated copy
        value = float(raw.replace(".", "").replace(",", ".")) if m["eu"] else float(raw.replace(",", ""))
        if eighths:  # grain futures quote fractions of a cent: "$12.47-1/2" is $12.475 a bushel
            value = round(value + int(eighths["n"]) / int(eighths["d"]) / 100.0, 6)
        ccy = m["ccy"]
        if not ccy and not suf and "," not in raw and "." not in raw and 1900 <= value <= 2100:
            continue  # a year
        left = seg[max(0, m.start() - 60) : m.start()]
        if RE_OFFER_PRICE_BEFORE.search(left):
            continue  # "to the issue price of Rs 2,150": an offer's price, not where the stock traded
        negative = RE_MINUS_BEFORE.search(left)
        if negative:
            left = left[: negative.start()]  # "settled at minus $37.63": a level below zero
        if left[-1:] in ("-", "−", "–") and unit == "percent":
            left = left[:-1]  # "stood at about -0.74 per cent": the sign is the level's
        is_level = bool(RE_LEVEL_PREP.search(left)) and not RE_MOVE_NOUN_OF.search(left)
        if not is_level and RE_CLOSED_IN_BEFORE.search(left) and RE_CURRENCY_UNIT_AFTER.match(seg, m.end()):
            is_level = True  # translated Spanish/Portuguese "cerró en": "closed this Monday in 3.9440 soles"
        if not is_level and not left.strip() and RE_SIGNED_PAREN_AFTER.match(seg, m.end()):
            is_level = True  # a quote line: "DXY 98.4 (-0.6%)", "gold $1,935/oz (+1.1%)": the level, then its move
        until = RE_UNTIL_BEFORE.search(left) is not None  # translated "rising a 0,8 % until the 5,86 euros"
        if suf.startswith("percentage"):
            continue
        if suf in ("%", "pc", "pct") or suf.startswith("per") or suf == "percent":
            if RE_POLICY_PCT_AFTER.match(seg, m.end()) and RE_NOUN_MODIFIER_BEFORE.search(left):
                continue  # "Labor's proposed 2% cap on premium increases", "a 25% tariff on steel": a policy's size
            if RE_FROM_BEFORE.search(left):
                continue  # "rose to 4.42% from 4.38%": the earlier level, not the size of the move
            signed = m.start() > 0 and seg[m.start() - 1] in "+-−–"  # "hit -9.1% at the open" is a move
            signed_level = (signed and unit == "percent"  # "the Bund yield stood at about -0.74 per cent"
                            and RE_AT_SIGNED_LEVEL.search(seg, max(0, m.start() - 21), m.start() - 1) is not None)
            if unit == "percent" and not signed and RE_COPULA_LEVEL.search(left) and not RE_ADVERB_AFTER.match(seg, m.end()):
                out.append(_Num("level", value, m.start()))  # a yield that "closed 0.555%" stood there
                continue
            if is_level and (not signed or signed_level) and not RE_ADVERB_AFTER.match(seg, m.end()):
                # ("to close 7.3% lower" is a move)
                if unit == "percent":
                    below = negative or (signed_level and seg[m.start() - 1] != "+")
                    out.append(_Num("level", -value if below else value, m.start()))  # "to minus 0.03%"
                    continue
                if not ((unit or left.rstrip().endswith("up to")) and RE_UPTO_BEFORE.search(left)):
                    continue
                # a price cannot stand at "14 percent": "the share lost (up) to 14 percent" is the move's size
            out.append(_Num("pct", value, m.start()))
        elif suf.startswith("basis") or suf in ("bp", "bps"):
            out.append(_Num("bp", value, m.start()))
        elif suf.startswith("point") or suf == "pts":
            is_level = is_level or until
            if is_level and RE_DOTTED_THOUSANDS.fullmatch(raw):
                value = float(raw.replace(".", ""))  # "124.610 points": an index level with dotted thousands
            out.append(_Num("level" if is_level else "abs", value, m.start()))
        elif suf.startswith("cent") or suf == "c":  # "up 88 cents" is a move; "fell to 20.5 cents" a penny price
            us = RE_US_BEFORE.search(left)  # "slipped 0.1% to US63.65c"
            left = left[: us.start()] if us else left
            is_level = is_level or (us is not None and bool(RE_LEVEL_PREP.search(left)))
            cents_level = is_level and RE_TO_AT_BEFORE.search(left) is not None
            out.append(_Num("level" if cents_level else "abs", round(value / 100.0, 6), m.start()))
        elif RE_FROM_BEFORE.search(left) and RE_DIR_BEFORE_FROM.search(left):
            continue  # "at 150.38 yen, down from above 151 a day earlier": the earlier level, not where it is
        elif is_level or until or (not ccy and RE_COPULA_LEVEL.search(left) and RE_LEVEL_END.match(seg, m.end())) or (
                ccy and RE_BE_BEFORE.search(left) and not RE_MOVE_NOUN_BE.search(left)
                and not RE_MOVE_AFTER_PRICE.match(seg, m.end())):
            # ("the stock was JPY545 in mid-Dec"; not "was $3 higher")
            out.append(_Num("level", -value if negative else value, m.start()))
        elif ccy and not RE_FROM_BEFORE.search(left):  # "down to ¥104.87 from about ¥108.70": no move size
            out.append(_Num("abs", value, m.start()))
    return out


#: a signed percentage is a direction in notes and tables: "+0.4%", "(-3.0%)", "−2.1 pct"
#: (the look-behind comes after the sign and spans it: the sign is scanned for in C)
RE_SIGNED_PCT = re.compile(r"(?P<sign>[+\-−–])(?<![\w.].)\s?\d{1,3}(?:\.\d{1,3})?\s?(?:%|pc\b|pct\b|per\s?cent\b|bps?\b|"
                           r"basis\s+points?\b)")


#: movement words that also report speech ("added that …")
_SPEECH_DIR_WORDS = frozenset(("added", "add", "adds", "adding"))
RE_THAT_AFTER = re.compile(r"\s+that\b")
_IRREGULAR_PAST = frozenset("fell rose sank slid lost shot grew won hit leapt sunk".split())


def _is_past_verb(word: str) -> bool:
    return word.endswith("ed") or word in _IRREGULAR_PAST


def direction_word(seg: str) -> tuple[str, int] | None:
    """First movement word of a segment: ("up"|"down", position); a signed percentage
    ("+0.4%", "-3.0%") counts as one."""
    sm = RE_SIGNED_PCT.search(seg)
    for m in RE_DIR.finditer(seg):
        if sm is not None and sm.start() < m.start():
            break
        word = m.group(0).lower()
        before = RE_NOT_DIR_BEFORE.search(seg[max(0, m.start() - 12) : m.start()])
        if before and not (before.group(0).strip().lower() in ("price", "prices")
                           and (_is_past_verb(word) or word.endswith("ing"))):
            continue  # "pared its gains" is no move, "a price rise" a noun; "prices surged/climbing" a move
        if word in ("up", "down") and RE_NOT_DIR_AFTER.match(seg[m.end() : m.end() + 20]):
            continue
        if word in _SPEECH_DIR_WORDS and RE_THAT_AFTER.match(seg, m.end()):
            continue  # "adding that he believed …": reported speech, not a move
        return ("up" if m["up"] else "down"), m.start()
    if sm is not None and not RE_AT_SIGNED_LEVEL.search(seg, max(0, sm.start() - 20), sm.start()):
        return ("up" if sm["sign"] == "+" else "down"), sm.start()
    return None


#: "stood at about -0.74 per cent": a signed percentage after "at" is a yield's level, not a move
#: a counter-currency named before the subject: "Against the euro, the Japanese currency slipped to ¥159.21"
RE_LEAD_AGAINST = re.compile(r"(?:Against|Versus)\s+the\s+[\w.]+(?:\s+[a-z]+)?(?=,)")
RE_AT_SIGNED_LEVEL = re.compile(r"\b(?:at|to)\s+(?:about\s+|around\s+|roughly\s+)?$", re.I)


def basis_of(text: str) -> str | None:
    """'settle' / 'intraday' from the words of a claim, else None."""
    if RE_SETTLE.search(text):
        return "settle"
    if RE_INTRADAY_VERB.search(text) or has_session(text):
        return "intraday"
    return None


# --------------------------------------------------------------------------- mentions
@dataclass
class Mention:
    start: int
    end: int
    ticker: str | None  # None: a company the text names that no table resolves
    alias: str
    generic: bool = False  # "oil", "crude": a benchmark only when nothing more specific is named
    entity: bool = False  # found as a named entity (legal suffix, "shares of X", a ticker code), not an alias
    unknown_kind: bool = False  # a named instrument outside the tables ("Dubai crude"), not a company
    other_subject: bool = False  # a subject that is no instrument ("…, while Europe slipped 1.8%"): ends a scope


_GENERIC_OIL = {"oil", "oil prices", "crude", "crude oil", "global oil", "oil price", "crude prices", "crude price",
                "global oil prices", "international oil benchmark"}
_COMPANY_NOUNS = (r"(?:company|group|bank|firm|lender|carrier|chipmaker|automaker|carmaker|miner|insurer|airline|retailer|"
                  r"utility|producer|drugmaker|operator|conglomerate|developer|maker|giant|manufacturer|chain|brand|"
                  r"supplier|owner|platform|startup|shipper|explorer|refiner|provider|processor|builder|designer|"
                  r"broker|brokerage|exchange|manager|fund|conglomerate|operator|telecom|utility)")
RE_COREF = re.compile(
    rf"(?=[a-z-*•])(?:\b(?:the\s+(?:[\w-]+\s+){{0,2}}?{_COMPANY_NOUNS}['’]s|its|their|whose)\s+"
    r"(?:(?:ordinary|common|preference|preferred|class\s+[ab]|[ab]|listed|U\.?S\.?-listed|(?:(?-i:[A-Z])\w*\s)?(?-i:[A-Z])\w*-listed)\s+)?"
    r"(?:shares|stock|share\s+price|ADRs|American\s+[Dd]epositary\s+(?:[Rr]eceipts|[Ss]hares))"
    r"|\bthe\s+(?:(?:ordinary|common|preference|preferred|voting|non-voting|class\s+[ab]|[ab]|listed|(?-i:[A-Z])[\w.]*-listed)\s+){0,2}"
    r"(?:stock|shares?|title|action|scrip|papers?|(?:closing|opening)\s+price)(?!\s+(?:of|in)\b)"
    r"|^(?:[-*•]\s*)?(?:shares|they|stock)(?!\s+(?:of|in)\b)"
    # "The stock of the Bengaluru-headquartered firm tanked 16.2 per cent"
    rf"|\bthe\s+(?:stock|shares)\s+of\s+the\s+(?:[\w-]+\s+){{0,3}}?{_COMPANY_NOUNS}\b"
    # a description as the sentence's subject: "The payments group finished the day 39% lower"
    # (after a short opening phrase: "By lunchtime the FTSE 250 lender was trading 18.6 per cent lower")
    r"|^(?:[-*•]\s*)?(?:(?-i:By|At|In|On|Later|Earlier|Meanwhile)\b[\w -]{0,24}?,?\s+)?"
    rf"[Tt]he\s+(?-i:(?:[A-Za-z0-9][\w-]*\s+){{0,3}}?{_COMPANY_NOUNS})(?!['’\w-])"
    r"(?=(?:,\s+(?:which|who)\b[^,;]{0,160},)?"  # "The Japanese broker, which said …, closed down 16.3%"
    r"\s+(?:(?:was|is|were|had|has|also|then|later|briefly)\s+)*(?:closed|ended|finished|fell|rose|dropped|jumped|"
    # ("was trading 18.6 per cent lower", "was down 5%")
    r"slid|sank|plunged|tumbled|surged|soared|gained|lost|slumped|climbed|traded|trading|opened|shed|added|down|up)\b))\b",
    re.I,
)
_SHARE_CLASS = r"(?:(?:ordinary|common|preference|preferred|voting|non-voting|class\s+[abc]|[abc]|listed|[\w.]+(?:\s[A-Z]\w+)?-listed)\s+){0,2}"
_PAREN = r"(?:\([^()]{1,40}\),?\s*)?"
#: the rest of a longer name than the alias found: "Evergrande| Property Services (06666.HK) also fell",
#: "SVB| Financial fell 60.4%" (capitalised words, then a code or a lower-case word)
RE_NAME_CONTINUATION = re.compile(r"^\s*(?:[A-Z][\w&'’.-]*(?:\s+|(?=,))){1,3}(?=\(|[a-z]|,)")  # ("Fortescue| Metals, which …")
RE_STOCK_GAP = FoldedPattern(
    r"^[,)]?\s*"
    r"(?:(?:&\s+)?(?:Inc|Corp|Corporation|Co|plc|PLC|AG|SE|SA|NV|N\.V|Ltd|Group|Holdings|ASA|AB|A/S|Oyj|SpA)\.?"
    r"(?:['’]s)?,?\s+){0,2}"  # "JPMorgan Chase & Co shares", "Alphabet Inc's Class A shares"
    rf"{_PAREN}(?:['’]s?\s+)?(?:own\s+)?{_SHARE_CLASS}(?:(?:shares|share|stock|stocks|scrip|share\s+price|stock\s+price|prices?|futures|benchmark|ADRs|"
    rf"(?:American\s+)?[Dd]epositary\s+(?:[Rr]eceipts|[Ss]hares))\s+)?{_PAREN}"
    r"(?:(?:was|were|is|are|had|has|have|been|also|both|each|later|initially|then|already|now|still|closed|ended|finished|settled|"
    r"closing|ending|finishing|settling|end|close|finish|settle|opened|opening|open|reopened|started|began|"
    r"traded|trading|hit|touched|indicated|seen|called|quoted|going|moving|stood|stands|came\s+to|itself|themselves|"
    r"\w+ly)\s+){0,3}"  # MT; "Rio itself finished 1.9 per cent higher"
    r"(?:(?:the|its)\s+(?:day|session|week|trading\s+day)\s+)?"  # "ASML ended the day 16.3% lower"
    r"(?:a\s+further\s+|another\s+|further\s+|more\s+than\s+|nearly\s+|almost\s+)?"
    r"(?:(?:about|around|nearly|some|roughly|almost)\s+)?"
    r"(?:[$€£]?\d{1,7}(?:[.,]\d{1,4})?\s?(?:%|per\s?cent|percent|cents?|pence|p|yen|won|euros?|dollars?|rupees?|"
    r"francs?|lira|rand)?,?\s+(?:or\s+)?){0,2}$",  # "9.7% lower", "was 5,387 yen, 10.3% lower"
    # "85p, or 16.4%, higher"
    re.I,
)
RE_DIGIT_BEFORE = re.compile(r"\d\s?$")
#: an exchange-traded fund named with its ticker: "iShares MSCI South Korea ETF (EWY)", "SPDR Gold Trust (GLD)"
RE_FUND_CODE = re.compile(r"(?P<name>(?:[A-Z][\w&.'’-]*\s+){1,6}(?:ETF|Fund|Trust))\s*\(\s*(?:(?:NYSE\s?Arca|NYSE|"
                          r"Nasdaq|BATS|Cboe)\s?:\s?)?(?P<code>[A-Z]{2,5})\s*\)")
#: "the real" is a common word; it is Brazil's currency when quoted against the dollar in its clause
RE_THE_REAL = re.compile(r"(?<![\w-])(?:[Tt]he|Brazil['’]s)\s+real(?=\s(?:[^.;]|\.(?=\d)){0,80}?\b(?:per|against|to)\s+(?:the\s+|one\s+|each\s+)?"
                         r"(?:U\.?S\.?\s+)?dollar)")
RE_CAP_WORD_JUST_BEFORE = re.compile(r"(?<![\w.])([A-Z][a-z]+)\s$")
#: capitalised words that qualify a commodity rather than name a company: venues, grades, places' adjectives
_COMMODITY_QUALIFIERS = frozenset("Brent Comex Nymex Spot Arabica Robusta Henry Asian European Benchmark Global "
                                  "Physical Front Crude Raw White".split())
#: words that join a title-case headline's clauses: "Stocks Slip While Gold Jumps 2%"
_HEADLINE_JOINS = frozenset("while as why when and but after before amid on with how where".split())


def _in_company_name(sentence: str, start: int) -> bool:
    """Whether the capitalised word at ``start`` ends a company's name: a capitalised word before it
    that is no venue, grade or place ("Luckin Coffee", not "Arabica Coffee" or "London Cocoa")."""
    m = RE_CAP_WORD_JUST_BEFORE.search(sentence, max(0, start - 20), start)
    if m is None or m.group(1) in _COMMODITY_QUALIFIERS or m.start() == 0 or m.group(1).lower() in MONTHS \
            or m.group(1).lower() in FUNCTION_WORDS or m.group(1).lower() in _HEADLINE_JOINS:
        return False  # ("The May West Texas Intermediate contract": a contract month; "… While Gold Jumps 2%")
    from .lexicon import find_places

    return not find_places(m.group(1)) and m.group(1).lower() not in _alias_index()


#: a sentence that opens with a company's shares: "Shares of Luckin Coffee …", "Shares in Wirecard …"
RE_SHARES_OPENING = re.compile(r"(?:[A-Z ,/-]{0,40}(?:\s\([A-Za-z .-]{1,20}\))?\s[-–—]\s)?(?:Shares|The\s+shares|Stock)\s+(?:of|in)\s+[A-Z]")
#: what makes "Nikkei" the newspaper: "the Nikkei report", "the Nikkei business daily said"
RE_NEWSPAPER_AFTER = re.compile(r"\s+(?:report(?:ed|s)?|newspaper|business\s+daily|daily|said|says|Asia|"
                                r"Shimbun|Asian\s+Review|story)\b")
#: a Reuters index code: a dot and the root (".XU100", ".N225", ".SPX")
RE_INDEX_RIC = re.compile(r"(?<![\w.])\.(?P<root>[A-Z][A-Z0-9]{1,8})\b")
def index_ric(root: str) -> str | None:
    """Yahoo symbol of a Reuters index code's root: the registry's alias (".spx" → ^GSPC, ".xu100" →
    XU100.IS), else "^" + root when registered ("N225" → ^N225)."""
    ticker = _alias_index().get("." + root.lower()) or "^" + root
    return ticker if _kind(ticker) == "index" else None


#: "the crown" quoted in crowns or against another currency: a currency (which one, the text's country says)
RE_THE_CROWN = re.compile(r"(?<![\w-])[Tt]he\s+crown(?=\s+(?:\w+ly\s+)?(?:was|is|rose|fell|strengthened|weakened|firmed|"
                          r"eased|gained|lost|slipped|climbed|jumped|dropped|slid|traded|stood|ended|closed|hit)\b"
                          r"(?:[^.;]|\.(?=\d)){0,80}?\b(?:crowns|per|against)\b)")
#: exchanges that are also listed companies or index names: after "on"/"at" they are the venue
_VENUES = frozenset({"ice", "cme", "nymex", "comex", "lme", "nasdaq", "nyse", "cboe", "euronext", "b3", "jse", "asx",
                     "tsx", "sgx", "hkex", "intercontinental exchange", "cme group",
                     # where something was said, not what moved: "after a message on Twitter, Trump said …"
                     "twitter", "facebook", "instagram", "weibo", "truth social", "linkedin", "youtube"})
#: a currency named by its people: "the Japanese currency", "the South African unit"
_NATIONAL_CURRENCY = {
    "Japanese": "yen", "Swiss": "swiss franc", "British": "pound", "Indian": "rupee", "South Korean": "korean won",
    "Korean": "korean won", "Chinese": "yuan", "Mexican": "mexican peso", "Brazilian": "brazilian real", "Turkish": "lira",
    "Russian": "rouble", "South African": "rand", "Australian": "australian dollar", "Canadian": "canadian dollar",
    "Swedish": "krona", "Norwegian": "norwegian krone", "Polish": "zloty", "Israeli": "shekel", "Argentine": "argentine peso",
    "Egyptian": "egyptian pound", "Nigerian": "naira", "European": "euro", "New Zealand": "new zealand dollar",
}
RE_NATIONAL_CURRENCY = re.compile(
    r"(?<![\w-])(?:[Tt]he\s+)(?P<people>" + "|".join(k.replace(" ", r"\s+") for k in _NATIONAL_CURRENCY)
    + r")\s+(?:single\s+)?(?:currency|unit)\b")
#: a speaker's name after "said": "said Dana Whitlock, an analyst" (a first name that is also a company's)
RE_SPEAKER_BEFORE = re.compile(r"\b(?:said|says|according\s+to|told|wrote|added)\s+$")
RE_SURNAME_AFTER = re.compile(r"\s[A-Z][a-z]+(?:,|\s+(?:of|at|from|who)\b)")
#: exchanges that are listed companies, named where a company files: "a statement to the London Stock Exchange"
_LISTED_EXCHANGES = frozenset({"london stock exchange", "hong kong exchanges", "japan exchange", "singapore exchange",
                               "australian securities exchange", "deutsche börse", "deutsche boerse", "nasdaq", "nyse",
                               "jse", "asx", "sgx", "hkex", "tsx", "b3", "euronext"})
RE_FILED_WITH_BEFORE = re.compile(r"\b(?:statement|filing|announcement|notice|notification|disclosure|release|"
                                  r"letter|submission)\s+(?:[\w-]+\s+){0,2}?(?:to|with)\s+(?:the\s+)?$", re.I)
#: the company already being told about, as a sentence's subject: "the company said", "it said"
RE_COMPANY_BACKREF = re.compile(r"\b(?:[Tt]he|[Tt]his)\s+(?:company|group|firm|miner|lender|carrier|airline|retailer|"
                                r"insurer|developer|conglomerate|producer|maker|startup|business)\s+(?:said|says|had|has|"
                                r"would|will|added|announced|warned|told|confirmed)\b"
                                r"|\b[Ii]t\s+(?:said|says|added|announced|warned|told|confirmed)\b")
#: a company named as a side party of what another did: "a facility led by JPMorgan", "talks with Pfizer"
RE_SIDE_PARTY_BEFORE = re.compile(r"\b(?:by|with|from|to|for|including|like|such\s+as)\s+(?:the\s+)?$")
RE_VENUE_BEFORE = re.compile(r"\b(?:on|at|via|in)\s+(?:the\s+)?$", re.I)
RE_BLOOMBERG_AFTER = re.compile(r" (?:" + "|".join(BLOOMBERG_SUFFIX) + r")(?![\w-])")
#: only a conjunction between two mentions: they share the move that follows the second
RE_CONJUNCTION = re.compile(r"\s*(?:,\s*|,?\s+and\s+|\s*&\s*)$")
#: futures named before their index: "Futures tied to the Dow Jones Industrial Average rose 400 points"
RE_FUTURES_TIED_BEFORE = re.compile(r"\bfutures\s+(?:(?:tied|linked|pegged)\s+to|for|on)\s+(?:the\s+)?$", re.I)
#: the index futures the registry has, by their index
INDEX_FUTURES = {"^DJI": "YM=F", "^GSPC": "ES=F", "^NDX": "NQ=F", "^IXIC": "NQ=F", "^RUT": "RTY=F"}
RE_FUTURES_WORD_AFTER = re.compile(r"(?:\s+(?:index\s+)?|-)(?:futures|futs|future|fut)\b", re.I)  # "DAX futs", "Dax-future"
#: a sector's sub-index after a market index's name ("the Topix banks index", "the FTSE 350 mining
#: sector"): another instrument, with no Yahoo symbol
RE_SECTOR_AFTER = re.compile(
    r"\s+(?P<sector>banks?|banking|bank\s+shares|energy|oil\s+(?:and|&)\s+gas|tech(?:nology)?|mining|miners|property|"
    r"real\s+estate|utilities|insurance|insurers|healthcare|health\s+care|financials?|industrials?|materials|"
    r"telecoms?|autos?|automobiles?|retail(?:ers)?|chip(?:makers)?|semiconductors?|airlines?|construction|media|"
    r"pharma(?:ceuticals)?|consumer\s+(?:staples|discretionary)|transport(?:ation)?|steel|metals?)\s+"
    r"(?:sub-?)?(?:index|indices|sector|sub-index|gauge)\b", re.I)
#: a commodity's physical market after its name: "crude output", "oil inventories", "copper demand"
RE_FUNDAMENTALS_AFTER = re.compile(r"\s+(?:output|production|inventories|stockpiles|stocks|exports|imports|demand|supply|"
                                   r"shipments|reserves|consumption|purchases|sales)\b")  # ("gold stocks": miners' shares;
# "crude sales": volumes)
RE_MEMBERS_AFTER = re.compile(r"\s*(?:-listed\s+)?(?:stocks|shares|members|constituents|components|companies|heavyweights|"
                              rf"member|constituent|{_COMPANY_NOUNS}"
                              # a member described by its trade: "FTSE 100 hospital operator NMC Health" (no verb or
                              # article between: not "the FTSE 100 outperformed the miner")
                              rf"|(?-i:(?:(?!the\b|an?\b|its\b|their\b)[a-z][a-z-]*(?<!ed)\s+){{1,2}}){_COMPANY_NOUNS}"
                              r"(?=\s+(?-i:[A-Z])))\b", re.I)  # (the member's name follows: not "rose as bank shares …")
RE_RELATIVE = re.compile(r",\s*(?:(?:in|of|through|by|for)\s+which|whose|which|who|where|the|a|an|one\s+of|its|their|"
                         r"listed\s+(?:on|in)|"
                         r"part\s+of|also\s+(?:named|cited|mentioned|hit|targeted|listed)|led\s+by|run\s+by|based\s+in|"
                         # a participle's aside: "Vodacom, seen as a relative haven in the sector, rose 2.1%"
                         r"(?:seen|regarded|viewed|known)\s+as|considered|owned\s+by|controlled\s+by|backed\s+by|"
                         r"headquartered\s+in)\b"
                         # (a thousands comma and a weekday's comma before its date, "on Friday, December 8", stay inside)
                         r"(?:[^,;]|(?<=\d),(?=\d{3})|(?<=day),(?=\s(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s\d)){0,120},",
                         re.I)
#: a mention inside a relative clause (", through which the families control Volkswagen, was
#: down 2.7%") is not the subject of the move that follows the clause
RE_CLAUSE_OPEN = re.compile(
    r",\s*(?:(?:in|of|through|by|for|with)\s+(?:which|whom)|whose|which|who|"
    r"where|the\s+[a-z][\w-]*(?:\s+[a-z][\w-]*){0,3}"
    r"\s+(?:through|in|of|by|for|to)\s+which|one\s+of|the\s+main\s+supplier|a\s+(?:member|component|unit|supplier|rival))"
    r"\b[^,;]*$", re.I)
RE_OPEN_RELATIVE = re.compile(r",\s*(?:(?:in|of|through|by|for|with)\s+(?:which|whom)|whose|which|who|that)\b[^,;]{0,120}$",
                              re.I)

#: aliases the alias pattern finds with a look-around (case is checked per match)
_SPECIAL_ALIASES = frozenset({"dow", "gold", "pound", "euro"})


def _trie_aliases(table: dict[str, str]) -> list[str]:
    """The aliases :func:`_alias_regex` holds in its trie: everything but stocks and the specials."""
    return [n for n, t in table.items() if n not in _SPECIAL_ALIASES and not _is_stock(t)]


#: characters a process scans for aliases with the first-word dictionary (:class:`_AliasScan`) before it
#: compiles :func:`_alias_regex` (about 50 ms): one study never pays the compile; a batch pays it once,
#: early (as ``lexicon.DICT_SCAN_CHARS``: by then the dictionary's extra cost per character, about
#: twice the regex's on the corpora, has reached the compile's)
ALIAS_DICT_CHARS = 250_000
_alias_scanned = 0
_RE_RUN = re.compile(r"[\w-]*")
#: where an alias may start (``(?=[a-z0-9])(?<![\w-])`` of the pattern) and the text's run of ``[\w-]`` there
_RE_ALIAS_START = re.compile(r"(?<![\w-])[a-z0-9][\w-]*")
_RE_FREE = re.compile(r"(?![\w-])")
_RE_AREA_AFTER = re.compile(r"\s+(?:area|zone)")


class _AliasMatch:
    """A match of :class:`_AliasScan`: the span in the text and its words as written."""

    __slots__ = ("_a", "_b", "string")

    def __init__(self, string: str, a: int, b: int) -> None:
        self.string, self._a, self._b = string, a, b

    def start(self) -> int:
        return self._a

    def end(self) -> int:
        return self._b

    def span(self) -> tuple[int, int]:
        return self._a, self._b

    def group(self, g: int = 0) -> str:
        if g != 0:
            raise IndexError("no such group")
        return self.string[self._a : self._b]


class _AliasScan:
    r"""``finditer`` and ``match`` of :func:`_alias_regex` without compiling it: at each place an alias
    may start, the trie's aliases whose first run of ``[\w-]`` is the text's run there, longest first,
    then the four look-around aliases, on the lower-cased text as the pattern runs. The same matches
    (``tests/test_alias_scan.py``: every corpus sentence and made-up text); a text whose case folding
    the fast path cannot follow (:data:`patterns.CASE_TRICKY`) goes to the pattern itself."""

    def __init__(self) -> None:
        from .patterns import _lowered  # the fold FoldedPattern runs on

        self._lowered = _lowered
        self._table: dict[str, str] | None = None
        self._by_run: dict[str, tuple[str, ...]] = {}

    def _words(self) -> dict[str, tuple[str, ...]]:
        table = _alias_index()
        if table is not self._table:  # built once per registry (about a ms)
            by: dict[str, list[str]] = {}
            for name in sorted(_trie_aliases(table), key=len, reverse=True):
                by.setdefault(_RE_RUN.match(name).group(), []).append(name)  # type: ignore[union-attr]
            self._by_run, self._table = {k: tuple(v) for k, v in by.items()}, table
        return self._by_run

    def _end(self, low: str, i: int, run: str) -> int | None:
        for name in self._words().get(run, ()):
            j = i + len(name)
            if low.startswith(name, i) and _RE_FREE.match(low, j):
                return j
        if run == "gold" or run == "dow":  # gold(?!man), dow(?!ning): the word alone
            return i + len(run)
        if run == "pound":  # (?<!a\s)(?<!per\s)pound
            if i and low[i - 1].isspace() and (low[i - 2 : i - 1] == "a" or (i >= 4 and low[i - 4 : i - 1] == "per")):
                return None
            return i + 5
        if run == "euro" and not _RE_AREA_AFTER.match(low, i + 4):  # euro(?!\s+area|\s+zone)
            return i + 4
        return None

    def finditer(self, text: str):
        low = self._lowered(text)
        if low is None:
            yield from _alias_regex().finditer(text)
            return
        end = 0
        for m in _RE_ALIAS_START.finditer(low):
            i = m.start()
            if i < end:
                continue
            j = self._end(low, i, m.group())
            if j is not None:
                yield _AliasMatch(text, i, j)
                end = j

    def match(self, text: str, pos: int = 0):
        low = self._lowered(text)
        if low is None:
            return _alias_regex().match(text, pos)
        m = _RE_ALIAS_START.match(low, pos)
        j = self._end(low, pos, m.group()) if m is not None else None
        return None if j is None else _AliasMatch(text, pos, j)


_ALIAS_SCAN = _AliasScan()


def _alias_matcher(text: str) -> _AliasScan | FoldedPattern:
    """What finds the aliases in ``text``: :class:`_AliasScan` for a process's first
    :data:`ALIAS_DICT_CHARS` characters, then the compiled :func:`_alias_regex`."""
    global _alias_scanned
    if _alias_scanned < ALIAS_DICT_CHARS:
        _alias_scanned += len(text)
        return _ALIAS_SCAN
    return _alias_regex()


_ALIAS_RE: FoldedPattern | None = None
_ALIAS_KEY: int | None = None


def _alias_regex() -> FoldedPattern:
    """One pattern for the aliases of everything but stocks (stocks: :func:`_company_index`)."""
    global _ALIAS_RE, _ALIAS_KEY
    table = _alias_index()
    key = id(table)
    if _ALIAS_RE is None or key != _ALIAS_KEY:
        trie = trie_pattern(_trie_aliases(table))
        _ALIAS_RE = FoldedPattern(
            rf"(?=[a-z0-9])(?<![\w-])(?:{trie}|gold(?!man)|dow(?!ning)|(?<!a\s)(?<!per\s)pound|euro(?!\s+area|\s+zone))"
            r"(?![\w-])"
        )
        _ALIAS_KEY = key
    return _ALIAS_RE


#: a capitalised word (or a number-led name such as "3M"): where a company alias may start
#: (the look-behind comes after the first character and spans it: a pattern that starts with a
#: character class is scanned for it in C instead of trying the look-behind at every character)
RE_PROPER_START = re.compile(r"[A-Z0-9](?<![\w&'’.-].)[\w&'’./-]*")
#: a company name written with a lower-case first letter and a capital inside: "easyJet", "eBay"
RE_INTERCAP_START = re.compile(r"\b[a-z]{1,4}[A-Z][\w&'’./-]*")
#: a capital right after a lower-case letter, which every intercap name holds: a cheap pre-test (the
#: capital is looked for first, so the scan skips the lower-case letters in C)
_RE_LOWER_UPPER = re.compile(r"[A-Z](?<=[a-z][A-Z])")
_ALIAS_TAIL = re.compile(r"[\w-]")
#: a company name joined to its shares, as translated German writes it: "the Bayer-share lost 14 percent"
RE_SHARE_COMPOUND = re.compile(r"-(?:shares?|stocks?|paper)\b", re.I)


@lru_cache(maxsize=1)
def _company_index() -> dict[str, tuple[str, ...]]:
    """First word (lower case) → the stock aliases starting with it, longest first. Company
    names are proper nouns, so they are looked up only at capitalised words: a dictionary
    lookup per capitalised word instead of a regex over thousands of names at every position."""
    out: dict[str, list[str]] = {}
    for alias, ticker in _alias_index().items():
        if _is_stock(ticker) and alias and not alias[0].isspace():
            out.setdefault(alias.split(" ")[0], []).append(alias)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in out.items()}


@lru_cache(maxsize=1)
def _company_buckets() -> dict[str, tuple[dict[str, tuple[str, ...]], tuple[str, ...]]]:
    """For a first word that starts many company names ("china", "the", "bank"): its aliases of
    :func:`_company_index` by their first two characters after the word, and those too short to
    have them (both longest first), so that only the names that can match are compared."""
    out: dict[str, tuple[dict[str, tuple[str, ...]], tuple[str, ...]]] = {}
    for key, aliases in _company_index().items():
        if len(aliases) <= 4:
            continue
        n = len(key) + 2
        by: dict[str, list[str]] = {}
        for a in aliases:
            if len(a) >= n:
                by.setdefault(a[:n], []).append(a)
        out[key] = ({k: tuple(v) for k, v in by.items()}, tuple(a for a in aliases if len(a) < n))
    return out


RE_NAME_SEP = re.compile(r"[ -]+")


#: the last sentence the alias pattern read, the registry table, the matcher and its matches
_ALIAS_HITS: tuple = (None, None, None, [])


def _alias_hits(sentence: str) -> tuple:
    """(matcher, its matches in ``sentence``) of the instrument aliases (:func:`_alias_matcher`); the
    last sentence's are remembered (by identity, for the same registry): the light path asks whether
    a sentence names any alias before it reads the sentence's mentions, which then reuse the scan."""
    global _ALIAS_HITS
    table = _alias_index()
    last = _ALIAS_HITS
    if last[0] is sentence and last[1] is table:
        return last[2], last[3]
    rx = _alias_matcher(sentence)
    hits = list(rx.finditer(sentence))
    _ALIAS_HITS = (sentence, table, rx, hits)
    return rx, hits


def _alias_spans(sentence: str, companies_only: bool = False) -> list[tuple[int, int, str]]:
    """(start, end, text) of every alias in ``sentence``, non-overlapping, longest first
    (``companies_only``: the company names alone, without the instrument-alias regex)."""
    spans: list[tuple[int, int, str]] = []
    if not companies_only:
        rx, hits = _alias_hits(sentence)
        for m in hits:
            text = m.group(0)
            spans.append((m.start(), m.end(), text))
            # a name that starts inside this one and runs past it: "the [Dow Jones Industrial
            # Average]", "tech-heavy [Nasdaq 100]"
            for sep in (RE_NAME_SEP.finditer(text) if " " in text or "-" in text else ()):
                inner = rx.match(sentence, m.start() + sep.end())
                if inner is not None and inner.end() > m.end():
                    spans.append((inner.start(), inner.end(), inner.group(0)))
    index = _company_index()
    buckets = _company_buckets()
    lower = sentence.lower()
    starts = list(RE_PROPER_START.finditer(sentence))
    if _RE_LOWER_UPPER.search(sentence):
        starts += RE_INTERCAP_START.finditer(sentence)
    for w in starts:
        key: str | None = w.group(0).lower()
        cands = index.get(key)
        if cands is None and not key.isalnum():  # an all-letter word has no punctuation to strip
            word = key
            for key in (word.rstrip(".,;:"), word.partition("'")[0].partition("’")[0],
                        word.partition("-")[0] if RE_SHARE_COMPOUND.search(word) else None):
                cands = index.get(key) if key is not None else None
                if cands:
                    break
        if not cands:
            continue
        a = w.start()
        bucket = buckets.get(key)
        if bucket is not None:
            cands = bucket[0].get(lower[a : a + len(key) + 2], ()) + bucket[1]
        for alias in cands:
            if not lower.startswith(alias, a):
                continue
            b = a + len(alias)
            compound = RE_SHARE_COMPOUND.match(sentence, b)
            if not _ALIAS_TAIL.match(sentence, b) or compound:
                spans.append((a, compound.end() if compound else b, sentence[a:b]))
                break
    if len(spans) < 2:
        return spans
    spans.sort(key=lambda x: (x[0], -(x[1] - x[0])))
    out: list[tuple[int, int, str]] = []
    for sp in spans:
        if out and sp[0] < out[-1][1]:
            prev = out[-1]
            if sp[0] > prev[0] and sentence[prev[1] : sp[1]].strip().lower() in _GENERIC_TAILS:
                out[-1] = (prev[0], sp[1], prev[2])  # "[European natural gas] futures", not Henry Hub's
                continue
            if (sp[1] - sp[0] > prev[1] - prev[0] and sp[0] == prev[0]) or sp[1] > prev[1]:
                out[-1] = sp  # the longer name, or the one that ends later ("tech-heavy [Nasdaq 100]")
            continue
        out.append(sp)
    return out


#: words that only say which form of a named instrument is quoted: a later alias that adds one of them
#: to an earlier one's words does not replace it
_GENERIC_TAILS = frozenset({"futures", "prices", "price", "contract", "contracts", "benchmark"})


#: an aside between a company and its move: "is moving the other way, up 0.4%", "bucked the trend,
#: rising 5.6%", "was the hardest hit among Nifty stocks, ending 13.4% lower"
RE_ASIDE = re.compile(
    r"^(?:\s*\([^()]{1,40}\))?\s+(?:is|was|were|are|went|bucked|moved|has\s+been|had\s+been)\b[^,;.]{0,60},\s+"
    r"(?:(?:up|down|rising|falling|gaining|losing|ending|closing|finishing|trading|sliding|jumping|dropping|"
    r"climbing|slipping)\b)", re.I)


#: the head words an index name ends with; other capitalised words after an alias narrow it
RE_INDEX_HEAD = re.compile(r"^(?:Index|Indices|Composite|Average|Benchmark|Gauge|Futures|Contract|Crude|Yields?)$")


#: an exchange's acronym other than Johannesburg's before a generic "All-Share Index"
RE_OTHER_EXCHANGE_BEFORE = re.compile(r"\b(?!JSE\b|FTSE\b)[A-Z]{2,5}\s$")
#: an exchange or index provider before an index name ("NSE Nifty 50", "S&P BSE Sensex")
RE_EXCHANGE_ACRONYM = re.compile(r"NSE|BSE|S&P|NYSE|LSE|TSE|JSE|ASX|SGX|KRX|TWSE|SSE|SZSE|HKEX|MSCI|FTSE|CBOE|"
                                 r"Comex|COMEX|Nymex|NYMEX|CBOT|CME|ICE")


def _narrower(rest: str) -> bool:
    """Words after an alias that make a different, narrower index ("Nasdaq | Biotechnology Index",
    "Hang Seng | Technology Index"), not the head of the same one ("Nikkei 225 | index")."""
    from .lexicon import find_places

    for p in find_places(rest):  # "Brent | North Sea crude": where it is produced, not another benchmark
        rest = rest[: p.span[0]] + " " * (p.span[1] - p.span[0]) + rest[p.span[1] :]
    return any(w[:1].isupper() and not RE_INDEX_HEAD.match(w) for w in rest.split())


def _place_qualified(words: str, ticker: str | None = None) -> bool:
    """Words before an alias that only say where ("Germany's", "Japan's benchmark", "U.S."): the alias stands.
    An exchange's name qualifies it only where the exchange's place is the instrument's ("the Toronto Stock
    Exchange's S&P/TSX composite"; not "the Nigerian Exchange's All-Share Index", Lagos's and not Johannesburg's)."""
    from .lexicon import find_places

    text = words.replace("'s", "  ").replace("’s", "  ")
    places = find_places(text)
    for p in places:  # multi-word places ("Hong Kong's") are blanked out whole
        a, b = p.span
        text = text[:a] + " " * (b - a) + text[b:]
    words_left = [w.strip(",") for w in text.split()]
    if any(w.lower() in _EXCHANGE_WORDS for w in words_left):
        inst = find_instrument(ticker) if ticker else None
        if inst is None or not places or any(p.timezone != inst.timezone for p in places):
            return False
    return all(w.lower() in _QUALIFIERS or w.lower() in _EXCHANGE_WORDS or RE_EXCHANGE_ACRONYM.fullmatch(w)
               for w in words_left)


#: an exchange named before its index (see :func:`_place_qualified`)
_EXCHANGE_WORDS = frozenset(("stock", "exchange", "bourse"))


#: words before an alias that say which contract or series, not another instrument ("Front-month TTF
#: futures", "the most-active Comex copper contract")
_QUALIFIERS = frozenset(("the", "benchmark", "main", "broader", "blue-chip", "key", "", "front-month", "front",
                         "spot", "most-active", "most-traded", "most", "active", "traded", "nearby", "near-month",
                         "prompt", "international", "global", "headline"))


def _is_subject(rest: str) -> bool:
    """A movement word follows the name closely ("oil prices fell", "Exxon shares, whose …, closed up")."""
    rest = digits_for_words(rest)  # "off about three percent" reads as "off about 3 percent"
    d = direction_word(rest)
    if d is not None and (_gap_ok(rest, d[1]) or bool(RE_ASIDE.match(rest))):
        return True
    return d is not None and _states_level(rest)  # "Worldline finished at 9.42 euros, down 59.24%"


@lru_cache(maxsize=16384)  # room for every registry ticker (about 4,900): the alias tables ask for each
def _kind(ticker: str | None) -> str:
    """The registry kind of ``ticker`` ("stock", "index", "fx" …), "" when unregistered
    (cached; cleared when instruments are registered)."""
    inst = find_instrument(ticker) if ticker else None
    return inst.kind if inst is not None else ""


RE_EQUITY_SYMBOL = re.compile(r"[A-Z0-9][A-Z0-9-]{0,9}(?:\.[A-Z]{1,3})?")


def _is_stock(ticker: str | None) -> bool:
    # unresolved names are companies (entities are only found as companies), and so are equity codes
    # outside the registry that the text itself gives ("Wirecard (WDIG.DE)" → WDI.DE)
    return ticker is None or _kind(ticker) == "stock" or (_kind(ticker) == "" and RE_EQUITY_SYMBOL.fullmatch(ticker) is not None)


RE_COREF_INDEX = re.compile(r"(?=[a-z])\bthe\s+(?:(?-i:[a-z][\w-]*)\s+){0,2}?(?:index|gauge|average)\b",
                            re.I)
#: a pronoun or a generic noun for the previous sentence's instrument, as the subject of a move:
#: "It ended at 85.08", "At one time it became 3,125 yen", "On Thursday it weakened by a further 5.75%",
#: "The domestic unit fell 12 paise"; what follows it is checked by :func:`_coref_subject`
RE_COREF_PRONOUN = re.compile(
    r"(?<![\w'’])(?:[Ii]t(?:['’]s)?|[Ss]he|They|[Tt]he\s+(?:(?:New\s+York|London|Chicago|Shanghai|Singapore|U\.S\.|"
    r"front-month|most-active)\s+)?(?:currency|contract|benchmark|(?:domestic|local)\s+(?:unit|currency)|"
    r"exchange\s+rate)|"  # (translated "the exchange rate": a currency pair named before, see _coref_subject's caller)
    # a class noun for the story's instrument: "The world's largest cryptocurrency climbed above US$100,000",
    # "the precious metal", "the yellow metal"
    r"[Tt]he\s+(?:world['’]s\s+(?:largest|biggest|most\s+valuable)\s+|(?:precious|yellow|red|base)\s+)?"
    r"(?:cryptocurrency|crypto\s+token|token|metal))"
    r"(?P<aux>\s+(?:(?:had|has|was|is|then|later|briefly|also|further|been|have|already|since|still|now|"
    # manner adverbs of the day's move ("It quickly climbed another 10 per cent"); not the ones that move the time
    # ("It previously lost 10% in 2022", "eventually", "mostly")
    r"quickly|swiftly|sharply|steadily|initially|immediately|rapidly|slowly|gradually|promptly|abruptly|modestly|"
    r"slightly|finally|eventually|ultimately)\s+){0,3})")  # ("It finally settled at Rs 2,206": the day's end)
RE_COREF_VERB = re.compile(r"(?:became|opened|ended|closed|settled|finished|traded|trading|stood|added|changed\s+hands)\b",
                           re.I)
RE_COREF_AUX = re.compile(r"\s+(?:was|is|had|has|were)\b")


#: an adverbial that opens a sentence before its subject: "At the interbank market, ", "In early trade, "
RE_OPENING_PHRASE = re.compile(r"(?:At|In|On|By|After|Against|Later|Earlier|Meanwhile|Elsewhere|Overall|Then|Still|"
                               r"Nonetheless|However|Today|Yesterday)\b[^,;.]{0,80},\s+"
                               # a time of day needs no comma: "By 9am the local currency had slipped 0.6%"
                               r"|(?:By|At|Around|Shortly\s+after)\s+(?:\d{1,2}(?:[:.]\d\d)?\s?(?:a\.?m\.?|p\.?m\.?)"
                               r"(?:\s(?:GMT|BST|ET|CET|SAST|local\s+time))?|\d{4}\s?GMT|midday|noon|lunchtime|"
                               r"mid-?(?:morning|afternoon|session|day)|the\s+(?:close|open|midday\s+break))\s+")


RE_NUMBER_NEAR = re.compile(r"[^.;]{0,12}\d")


#: a note's sentence with no subject, opening with its verb and a move: "Indicated -19% at EUR 103.80
#: on Lang & Schwarz pre-mkt", "Opened +3.1%": the previous sentence's subject (a zero-width match)
RE_SUBJECTLESS_MOVE = re.compile(r"(?P<aux>)(?=(?:Indicated|Opened|Closed|Seen|Called|Quoted|Last)\s+"
                                 r"(?:[+\-−–]\d|(?:up|down|higher|lower)\b)"
                                 # a note's clipped sentence under its label: "USDJPY: whipsawed. Dropped to 138.05"
                                 r"|(?:Dropped|Fell|Rose|Jumped|Slid|Climbed|Gained|Lost|Surged|Plunged|Rallied|Slumped)\s+"
                                 r"(?:to\s+|by\s+|as\s+much\s+as\s+)?[+\-−–]?[$€£¥]?\d)")


def _coref_subject(sentence: str) -> re.Match[str] | None:
    """The first pronoun-like subject of a move in ``sentence`` (see :data:`RE_COREF_PRONOUN`):
    at the start of the sentence, or "it" inside it; a movement word or a level verb must follow."""
    bare = RE_SUBJECTLESS_MOVE.match(sentence)
    if bare is not None:
        return bare
    for m in RE_COREF_PRONOUN.finditer(sentence):
        if m.start() > 0 and m.group(0)[0] not in "iIsS" and not RE_OPENING_PHRASE.fullmatch(sentence, 0, m.start()):
            continue  # "the currency" inside a sentence may be another one; "it" may not
        if m.start() == 0 and RE_COREF_AUX.match(m["aux"]):
            return m  # "It was at 23.98 by 1300 GMT", "It has since calmed down …": the sentence's subject
        if (0 < m.start() <= 30 and RE_COREF_AUX.match(m["aux"]) and RE_NUMBER_NEAR.match(sentence, m.end())
                and direction_word(sentence[m.end() : m.end() + 40])):
            return m  # "By 1515 GMT it was 8.2 percent weaker at 19.89 per dollar": a short opener, then its subject
        if RE_COREF_VERB.match(sentence, m.end()) or (RE_DIR.match(sentence, m.end())
                                                      and direction_word(sentence[m.end() : m.end() + 40])):
            return m
    return None


#: what every claim needs besides a number: a movement word, a signed percentage, or a level verb
#: (the first words of :data:`RE_DIR`, :data:`RE_LEVEL_VERB`, :data:`RE_PRIOR_CLOSE` and the causatives,
#: looked up as a word set: one pass of a simple word pattern instead of hundreds of alternatives)
#: words that open a movement phrase without telling it ("in plus", "as weak as", "under the offer
#: price"): the phrase's cue is its next word
_NOT_CUES = frozenset("a an the its their was were is are about around almost nearly some roughly in as on from per "
                      "over of to at by fresh new set offer issue listing ipo price s w d".split())
def _top_alternatives(pattern: str) -> list[str]:
    """The alternatives of ``pattern`` at the top level (a "|" inside a group or a look-ahead splits nothing)."""
    out, depth, start, i = [], 0, 0, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            out.append(pattern[start:i])
            start = i + 1
        i += 1
    out.append(pattern[start:])
    return out


def _first_cues(alt: str) -> set[str]:
    r"""The words an alternative can start with: its first word, or the first word of each choice of a
    leading group ("(?:went|gone|going|goes)\s+back" → went, gone, going, goes)."""
    if alt.startswith("(?:"):
        depth, i = 0, 0
        while i < len(alt):
            if alt[i] == "\\":
                i += 2
                continue
            depth += alt[i] == "("
            depth -= alt[i] == ")"
            if depth == 0:
                break
            i += 1
        return set().union(*(_first_cues(a) for a in _top_alternatives(alt[3:i]))) | _first_cues(alt[i + 1 :])
    return {next((w for w in re.findall(r"[a-z]+", alt) if w not in _NOT_CUES), "")}


_CUE_WORDS = frozenset(
    set().union(*(_first_cues(alt) for alt in _top_alternatives(_UP + "|" + _DOWN)))
    - {""}
    | set("settled closed ended finished stood stands traded trades trading hovered hovering changed changing opened "
          "held quoted assessed priced unchanged flat steady stable last close closing settlement settle finish sent "
          "sending pushed pushing drove driving lifted lifting dragged dragging knocked above below record high low "
          "percent cent peaked touched reached completed listed debuted cost negotiated".split()))
#: (one character class first, then which alternative by a look-behind: scanned for in C)
RE_SIGNED_CUE = re.compile(r"[+\-−–%@\d$€£¥₹](?:(?<=[+\-−–%@])\s?\d|(?<=\d)\s?%|(?<=[$€£¥₹])\s?\d)")  # "It was at $3,478.20"


def _has_claim_cue(sentence: str) -> bool:
    """Whether ``sentence`` has a word or sign every claim needs (a superset test: the full
    parse decides)."""
    return RE_SIGNED_CUE.search(sentence) is not None or not _CUE_WORDS.isdisjoint(lower_words(sentence))


RE_ANY_NUMBER = re.compile(r"\d|\b(?:percent|per\s?cent|points?|dollars|euros)\b", re.I)  # digits or spoken
_RE_ANY_DIGIT = re.compile(r"\d")  # a plain character class: scanned far faster than the alternation


def _any_number(sentence: str) -> bool:
    """``RE_ANY_NUMBER.search(sentence) is not None``, the digit looked for first."""
    return _RE_ANY_DIGIT.search(sentence) is not None or (
        may_contain(sentence, ("per", "point", "dollars", "euros")) and RE_ANY_NUMBER.search(sentence) is not None)


#: what may stand between two parts of one name: "West Texas Intermediate (WTI) crude futures"
RE_NAME_GAP = re.compile(r"\s*(?:\([A-Za-z0-9=.^ ]{1,12}\)\s*)?")


def instrument_mentions(sentence: str, last_stock: str | None = None, last_index: str | None = None,
                        last_any: str | None = None, entities: bool = True,
                        companies_only: bool = False, last_company: str | None = None,
                        last_unknown: str | None = None) -> list[Mention]:
    """Instrument mentions of one sentence, in order (see module docstring). ``entities=False``
    looks up registry names only, ``companies_only=True`` only the registry's company names
    (enough to follow who a later "the stock" is, or which listed company a sentence is about).
    ``last_company`` names the previous company subject when no table resolved it (``last_stock``
    is then None): "the company's shares" become a claim on that name with ``ticker: null``."""
    table = _alias_index()
    found: list[Mention] = []
    codes = [c.span() for c in RE_PAREN_CODE.finditer(sentence)] if "(" in sentence else []
    for start, end, text in _alias_spans(sentence, companies_only=companies_only):
        if any(c0 < start < c1 for c0, c1 in codes):
            continue  # "BP" inside "(BP.L)": a ticker code, not another mention
        name = text.lower()
        ticker = table.get(name)
        if ticker and _is_stock(ticker) and not text[0].isupper() and text == text.lower():
            continue  # company names are proper nouns: "shell", "apple", "meta", "total" in lower case are words
        if RE_DIGIT_BEFORE.search(sentence, max(0, start - 3), start):
            continue  # "140.20 yen", "1.5 euro": a unit, not a subject
        if sentence[end : end + 1] == "/" and sentence[end + 1 : end + 2].isupper() and _kind(ticker) != "fx":
            continue  # "FTSE/JSE Banks index": part of another index's name
        if name in _VENUES and RE_VENUE_BEFORE.search(sentence, max(0, start - 12), start):
            continue  # "arabica futures on ICE", "shares rose on the Nasdaq": where it traded, not what
        if (ticker and text[:1].isupper() and RE_SPEAKER_BEFORE.search(sentence, max(0, start - 16), start)
                and RE_SURNAME_AFTER.match(sentence, end) and _kind(ticker) == "stock"):
            continue  # "said Dana Whitlock, an analyst": a person, not Dana Inc
        if name in _LISTED_EXCHANGES and RE_FILED_WITH_BEFORE.search(sentence, max(0, start - 50), start):
            continue  # "In a statement to the London Stock Exchange": where a company filed, not what moved
        other_exchange = (RE_OTHER_EXCHANGE_BEFORE.search(sentence, max(0, start - 8), start)
                          if ticker == "^J203.JO" and name.startswith("all") else None)
        if other_exchange:  # "The NSE All-Share Index": Lagos's (or Colombo's, Accra's) all-share index, not Johannesburg's
            found.append(Mention(other_exchange.start(), end, None, sentence[start:end], entity=True, unknown_kind=True))
            continue
        if ticker and _kind(ticker) == "stock":
            code = RE_BLOOMBERG_AFTER.match(sentence, end)
            if code:
                end = code.end()  # "BHP AU is -2.4%": the Bloomberg exchange code is part of the name
        if ticker and RE_MEMBERS_AFTER.match(sentence, end) and _kind(ticker) == "index":
            continue  # "among Nifty stocks": the index's members, not the index
        if ticker and _kind(ticker) in ("future", "spot") and RE_FUNDAMENTALS_AFTER.match(sentence, end):
            continue  # "U.S. crude output rose to a record 10.54 million bpd": the physical market, not the price
        if ticker in INDEX_FUTURES and RE_FUTURES_TIED_BEFORE.search(sentence, max(0, start - 40), start):
            found.append(Mention(start, end, INDEX_FUTURES[ticker], name))  # "Futures tied to the Dow Jones …"
            continue
        if ticker and _kind(ticker) == "index" and RE_FUTURES_WORD_AFTER.match(sentence, end):
            # "DAX futs -0.9%": the index's futures contract, which no registry symbol names (the US
            # index futures are aliases of their own, ES=F/NQ=F/YM=F, matched whole before this)
            f_end = RE_FUTURES_WORD_AFTER.match(sentence, end).end()
            if ticker in INDEX_FUTURES:  # "Standard & Poor's 500 futures": the registry's E-mini
                found.append(Mention(start, f_end, INDEX_FUTURES[ticker], sentence[start:f_end]))
            else:
                found.append(Mention(start, f_end, None, sentence[start:f_end], entity=True, unknown_kind=True))
            continue
        sector = RE_SECTOR_AFTER.match(sentence, end) if ticker and _kind(ticker) == "index" else None
        if sector:
            found.append(Mention(start, sector.end(), None, sentence[start : sector.end()], entity=True, unknown_kind=True))
            continue  # "the Topix banks index": the sector's own index, not the Topix
        if ticker == "^N225" and RE_NEWSPAPER_AFTER.match(sentence, end):
            continue  # "on the Nikkei report", "the Nikkei business daily reported": the newspaper
        if ticker and sentence.startswith("-listed", end):
            continue  # "The Nasdaq-listed stock": where a company is listed, not the index
        if ticker and text[:1].isupper() and _kind(ticker) in ("future", "spot") and _in_company_name(sentence, start):
            continue  # "Shares of Luckin Coffee lost three-quarters": the end of a company's name, not coffee
        if ticker and ticker == "BZ=F" and name in _GENERIC_OIL and not _is_subject(sentence[end : end + 120]):
            continue  # "barrels of oil", "the release of oil": not the subject of a move
        if ticker and text.isupper() and len(text) <= 3 and _kind(ticker) == "stock" and \
                caps_name_before(sentence, start):
            continue  # "Shares of PKO BP": the last word of another company's name, not BP
        if ticker and text.isupper() and _kind(ticker) == "stock":
            ticker = local_namesake(text, ticker, sentence) or ticker  # "Paris airports operator ADP": ADP.PA
        if ticker:
            found.append(Mention(start, end, ticker, name, ticker == "BZ=F" and name in _GENERIC_OIL))
    for m in (RE_FUND_CODE.finditer(sentence) if entities and "(" in sentence else ()):
        # "the iShares MSCI South Korea ETF (EWY)": the fund's own ticker, not the names inside it
        found = [f for f in found if not (m.start() <= f.start < m.end())]
        found.append(Mention(m.start(), m.end(), m["code"], m["name"], entity=True))
    for m in (RE_INDEX_RIC.finditer(sentence) if entities and (" ." in sentence or "(." in sentence) else ()):
        ticker = index_ric(m["root"])  # "Istanbul's main share index .XU100 reversed early gains"
        if ticker and sentence[m.start() - 1 : m.start()] == "(" and any(
                f.ticker == ticker and 0 <= m.start() - f.end <= 40 for f in found):
            continue  # "Japan's Nikkei share average (.N225) opened higher": the name's own code
        if ticker and not any(f.start < m.end() and m.start() < f.end for f in found):
            found.append(Mention(m.start(), m.end(), ticker, m.group(0).lower()))
    for m in (RE_THE_CROWN.finditer(sentence) if entities and "crown" in sentence else ()):
        if not any(f.start < m.end() and m.start() < f.end for f in found):  # whose crown: the text's country
            found.append(Mention(m.start(), m.end(), "SEK=X", "crown"))
    for m in (RE_THE_REAL.finditer(sentence) if entities and "real" in sentence else ()):
        if not any(f.start < m.end() and m.start() < f.end for f in found):
            found.append(Mention(m.start(), m.end(), "BRL=X", "real"))
    for m in (RE_NATIONAL_CURRENCY.finditer(sentence) if entities and ("currency" in sentence or "unit" in sentence)
              else ()):
        word = _NATIONAL_CURRENCY[" ".join(m["people"].split())]
        ticker = _alias_index().get(word)
        if ticker and not any(f.start < m.end() and m.start() < f.end for f in found):
            found.append(Mention(m.start(), m.end(), ticker, word))  # "the Japanese currency" is the yen
    for e in (unknown_instruments(sentence, []) if entities else ()):
        inner = [f for f in found if e.start <= f.start and f.end <= e.end]
        if inner and (e.named or all(f.start > e.start and (f.generic or not _place_qualified(sentence[e.start : f.start],
                                                                                               f.ticker))
                                     for f in inner) or _narrower(sentence[inner[-1].end : e.end])):
            # "Dubai crude", "LME 3M copper", "the Tadawul All Share Index": a more specific name than the alias
            found = [f for f in found if f not in inner]
        if not any(e.start < f.end and f.start < e.end for f in found):
            found.append(Mention(e.start, e.end, e.ticker, e.name, entity=True, unknown_kind=e.ticker is None))
    if entities and found and RE_LEGAL_WORD.search(sentence):
        found = _wider_legal_names(sentence, found)
    for e in (entity_mentions(sentence, [(f.start, f.end) for f in found]) if entities else ()):
        if e.name.lower() in _VENUES and RE_VENUE_BEFORE.search(sentence, max(0, e.start - 12), e.start):
            continue
        found.append(Mention(e.start, e.end, e.ticker, e.name, entity=True))
    if entities and any(_is_stock(f.ticker) for f in found):
        # "Deckers shares ended 3.3% higher, while Whirlpool slipped 1.8%": a capitalised subject of a
        # move after a company's move is another company, even one no table knows (ticker null)
        from .lexicon import find_places

        for m in RE_CONTRAST_NAME_MOVES.finditer(sentence):
            a, b = m.span("name")
            name = m["name"]
            owner = name.find("'s ") if "'s " in name else name.find("’s ")
            if owner > 0:  # "while CP's New York-listed shares fell 4.8%": the company is CP
                name, b = name[:owner], a + owner
            if not any(f.start < b and a < f.end for f in found):
                other = bool(find_places(name)) or name.split()[0].lower() in FUNCTION_WORDS
                found.append(Mention(a, b, None, name, entity=not other, other_subject=other))
    if last_index:
        for m in RE_COREF_INDEX.finditer(sentence):

            if not any(f.start < m.end() and m.start() < f.end for f in found):  # "the [blue-chip average]" is named
                found.append(Mention(m.start(), m.end(), last_index, "the index"))
    if last_any or last_stock or last_unknown or last_company:
        m = _coref_subject(sentence)
        if m and not any(f.start <= m.start() for f in found):  # nothing named before it is its antecedent
            if m.group(0)[:1] in ("s", "S"):  # translated German "sie" (die Aktie): the share, not any instrument
                if last_stock:
                    found.append(Mention(m.start(), m.end() - len(m["aux"]), last_stock, "she"))
            elif last_any and ("exchange" not in m.group(0).lower() or _kind(last_any) == "fx"):
                found.append(Mention(m.start(), m.end() - len(m["aux"]), last_any, "it"))
            elif last_unknown:  # "the yield on the 10-year Bund jumped …; on Thursday it climbed another 13 bp"
                found.append(Mention(m.start(), m.end() - len(m["aux"]), None, last_unknown, unknown_kind=True))
            elif last_company:  # "Luckin Coffee … At one point it had fallen as much as 81 per cent"
                found.append(Mention(m.start(), m.end() - len(m["aux"]), None, last_company, entity=True))

    if last_stock or last_company or any(_is_stock(f.ticker) for f in found):
        for m in RE_COREF.finditer(sentence):
            if not any(f.start <= m.start() < f.end for f in found):
                # "Adyen has started trading, and it's ugly: the shares opened 22% lower": a company
                # named earlier in the same sentence comes before the previous sentence's
                whose = m.group(0)[:5].lower() == "whose"  # binds to the name just before it, even "than X"
                before = [f for f in found if f.end <= m.start() and f.ticker and _is_stock(f.ticker)
                          and (whose or not _side_mention(sentence, f.start))]
                code = RE_PAREN_CODE.match(sentence, m.end() + (sentence[m.end() : m.end() + 1] == " "))
                listing = yahoo_symbol(code["code"], code["exch"]) if code and (
                    code["exch"] or RE_GLOBE_CODE.fullmatch(code["code"]) or "." in code["code"]) else None
                if before:
                    found.append(Mention(m.start(), m.end(), listing or before[-1].ticker, "its shares"))
                elif last_stock:
                    # "Its New York-listed shares (LSPD-N)": the code names which listing
                    found.append(Mention(m.start(), m.end(), listing or last_stock, "its shares"))
                elif not last_company:
                    continue

                else:  # a company no table resolves: "The ride-hailing company's ADSs" are Didi's
                    found.append(Mention(m.start(), m.end(), None, last_company or "", entity=True))
    found.sort(key=lambda x: x.start)
    merged: list[Mention] = []
    for mt in found:
        if merged and (merged[-1].end >= mt.start or RE_NAME_GAP.fullmatch(sentence, merged[-1].end, mt.start)):
            prev = merged[-1]
            if prev.unknown_kind and prev.ticker is None and mt.ticker is not None:
                prev.ticker, prev.alias, prev.unknown_kind = mt.ticker, mt.alias, False  # "Seoul's benchmark | Kospi"
            elif (prev.generic and not mt.generic) or (prev.alias == "the index" and mt.ticker is not None):
                prev.ticker, prev.alias, prev.generic = mt.ticker, mt.alias, False  # "the leading index | SMI"
            prev.end = mt.end  # "WTI crude oil", "Brent crude futures"
            continue
        merged.append(mt)
    return merged


# --------------------------------------------------------------------------- segments → claims
#: clause cuts; ``(?<!\s)`` lets only the first blank of a run start a match, so a long run of
#: spaces is scanned once (linear), not once per position
#: (one character class first, then which alternative by a look-behind: scanned for in C; a blank
#: run is tried at its first blank only)
RE_SEG = FoldedPattern(r"[,;\s](?:(?<=,)\s+|(?<=;)\s*|(?<=\s)[—–]\s|(?<!\s\s)(?<=\s)\s*(?:before|after|and|then|while|whereas|but)\s+)",
                       re.I)
RE_PREFIX_MOVE = re.compile(
    r"(?P<num>\d{1,3}(?:\.\d{1,3})?)\s?(?:%|per\s?cent|percent)\s+(?P<w>fall|drop|decline|slide|slump|plunge|rise|gain|"
    r"jump|increase|rally|surge|advance|loss)\s+(?:in|for|by)\s+(?:the\s+)?(?:price\s+of\s+)?"
    r"(?:(?:benchmark|broader|wider|main|blue-chip|key|tech-heavy)\s+)?$",
    re.I,
)
#: the same move before the next mention, at the end of the scope of the one before: "the stock was up 7.2%,
#: outpacing a 1.9% gain in the benchmark Hang Seng index" (the 1.9% is the index's)
RE_PREFIX_MOVE_TAIL = re.compile(r"\b(?:an?\s+)?" + RE_PREFIX_MOVE.pattern, re.I)
RE_CAUSATIVE = re.compile(r"\b(?:sent|sending|pushed|pushing|drove|driving|lifted|lifting|dragged|knocked)\s+(?:the\s+)?$", re.I)
RE_CAUSATIVE_DIR = re.compile(r"^\s*(?:(?P<up>above|higher|up|to\s+a\s+record(?!\s+low)|"
                              r"to\s+(?:a|an|its|their)\s+(?:[\w-]+\s+){0,3}?(?:high|peak))|"
                              # "sending the dollar index to a three-year low of 97.92"
                              r"(?P<down>below|lower|down|to\s+(?:a|an|its|their)\s+(?:[\w-]+\s+){0,3}?(?:low|trough)))\b",
                              re.I)


def segments(scope: str) -> list[str]:
    """The scope of a mention cut into clauses."""
    out, start = [], 0
    for m in RE_SEG.finditer(scope):
        out.append(scope[start : m.start()])
        start = m.end()
    out.append(scope[start:])
    return [s for s in out if s.strip()]


#: a level that is the previous close the move is measured from: "from Friday's close of $11.77"
RE_PRIOR_CLOSE = re.compile(
    r"^\s*(?:up\s+|down\s+)?(?:from|against|compared\s+with|versus|vs\.?)\s+(?:a\s+|the\s+|its\s+|their\s+)?"
    r"(?:[\w']+\s+){0,2}?(?:close|closing\s+price|closing\s+level|settlement|settle|finish)\s+(?:of|at)\b"
    # "having closed at 84.94 on Wednesday", "after ending Friday at $79.02": the earlier session's level
    r"|^\s*(?:having|after)\s+(?:closed|ended|settled|finished|closing|ending|settling|finishing)\s+"
    r"(?:(?:the\s+)?(?:previous\s+)?(?:session|day|week|\w+day)\s+)?(?:(?:in|on)\s+(?-i:[A-Z])[\w.]+(?:\s+(?-i:[A-Z])[\w.]+)?\s+)?at\b",
    re.I,
)



#: a comparison with an earlier close after the direction: "6 paise stronger than Monday's close of 79.98"
RE_THAN_CLOSE = re.compile(r"\b(?:stronger|weaker|higher|lower|firmer|softer)\s+than\s+(?:the\s+|its\s+)?(?:[\w'’]+\s+){0,2}?"
                           r"(?:close|closing\s+(?:price|level)|settlement|finish)\s+(?:of|at)\s+\D{0,4}\d", re.I)


#: a level told as an earlier extreme with a verb of state: "had traded as high as 7,700p in March"
#: (the day's "Brent traded as high as $90.10" is the day's move up to there)
RE_STATE_EXTREME = re.compile(r"\bhad\s+(?:\w+ly\s+)?(?:traded|stood|changed\s+hands|been(?:\s+trading)?)\s+as\s+"
                              r"(?:high|low)\s+as\b", re.I)
#: a movement told only from an earlier extreme: "fallen from a two-year high of $59.49"
RE_FROM_EXTREME = re.compile(r"\bfrom\s+(?:(?:a|an|the|its|their|this\s+\w+['’]s)\s+)?(?:[\w'’-]+\s+){0,5}?"
                             r"(?:high|low|peak|record|top|trough)(?:\s+(?:close|closing\s+level|finish))?\s+of\s+"
                             r"(?:about\s+|around\s+)?(?-i:[A-Z]{0,3})[$€£¥]?\s?\d", re.I)


def _parse_segment(seg: str, unit: str | None) -> dict:
    f: dict = {"text": seg}
    d = direction_word(seg)
    if d:
        f["dir"], pos = d
        if RE_MODAL.search(seg[:pos]):
            f["modal"] = True

    level_at = -1
    for n in numbers(seg, unit):
        key = {"pct": "move_pct", "bp": "move_bp", "abs": "move_abs", "level": "level"}[n.role]
        if key == "level" and "level" not in f:
            level_at = n.start
        f.setdefault(key, n.value)
    if "dir" not in f and "level" in f and RE_PRIOR_CLOSE.match(seg):
        f["prior_close"] = True
    elif "level" in f and not any(k in f for k in _MOVES) and RE_STATE_EXTREME.search(seg):
        f.pop("dir", None)  # "it had traded as high as 7,700p in March": where it stood, no move of its own
    elif "level" in f and not any(k in f for k in _MOVES) and (extreme := RE_FROM_EXTREME.search(seg)) \
            and level_at >= extreme.start():
        # "had fallen from a more than two-year high of $59.49": the level the move started from (not
        # "fell to $1,910 from a record high of $2,070", whose level is where it went)
        f.pop("dir", None)
        f["prior_close"] = True
    elif "dir" in f and "level" in f and (than := RE_THAN_CLOSE.search(seg)) and level_at >= than.end() - 1:
        # "It settled at 79.92, 6 paise stronger than Monday's close of 79.98": the direction is the day's, the
        # level the earlier close's (a claim of its own on that session)
        f["prior_level"] = f.pop("level")
    elif "level" in f and "move_pct" in f and (extreme := RE_FROM_EXTREME.search(seg)) and level_at >= extreme.start():
        # "is now down 19.8% from its record close of 2,930.75 on Sept. 20": the move, and the earlier level it
        # is counted from (a claim of its own on that session)
        f["prior_level"] = f.pop("level")
    return f


_NUMERIC = ("move_pct", "level", "move_abs", "move_bp")
_MOVES = ("move_pct", "move_abs", "move_bp")
#: a superlative after a level the subject reached: the move's direction ("hit $1.3516, its strongest
#: since May 2018"); after "stood at" or "closed at" a level stays level-only
RE_SUPERLATIVE = re.compile(r"^\s*(?:(?:its|their|the)\s+(?:(?P<up>highest|strongest|best)|(?P<down>lowest|weakest|worst))"
                            r"|an?\s+(?:[\w-]+\s+){0,2}?(?:(?P<up2>peak|high)|(?P<down2>low|trough))\b(?!\s+of\b))\b",
                            re.I)
RE_REACH_VERB = re.compile(r"\b(?:hit|hits|touched|touches|reached|reaches|struck|scaled|topped)\b", re.I)
RE_HAVING = re.compile(r"^\s*having\b", re.I)
RE_LEAD_PAREN = re.compile(r"^\s*\([^()]{1,24}\)")
RE_WHEN_IT = re.compile(r"^\s*when\s+(?:it|they)\s+", re.I)
#: a company named as the owner of the shares that move: "the shares of the gas importer Uniper …"
RE_SHARES_OF_BEFORE = re.compile(r"\b(?:shares|stock|titles|actions|papers)\s+(?:of|in)\s+(?:the\s+(?:[a-z]+\s+){0,2})?$",
                                 re.I)
RE_AFTER_ING = re.compile(r"^\s*after\s+\w+ing\b", re.I)
#: a clause with a subject of its own: "and the extended-hours slide put it on course to …"
RE_OWN_SUBJECT = re.compile(r"^\s*(?:and\s+|but\s+)?(?:the|its|their|this|that)\s+[\w-]+", re.I)
#: a clause that names its subject again: "and they finished at …", "and the stock closed at …"
#: a past state told in a "when" clause: "lost almost 15% since mid-February, when it traded near R11.50"
RE_WHEN_STATE = re.compile(r"^\s*when\s+(?:it|they)\s+(?:traded|stood|was|were|changed\s+hands)\b", re.I)
RE_NEW_CLAUSE_SUBJECT = re.compile(r"^\s*(?:and\s+)?(?:they|it|the\s+(?:shares|stock|papers?))\s+(?:\w+\s+)?"
                                   r"(?:finished|closed|ended|settled)\b", re.I)
#: a clause whose number sizes something other than the price: a dividend, a forecast, output …
RE_NON_PRICE = re.compile(r"\b(?:its|their|the|a)\s+(?:[\w-]+\s+)?(?:dividend|payout|forecast|guidance|outlook|workforce|"
                          r"jobs|headcount|stake|output|production|budget|spending|capex|revenue|sales|profit|earnings|"
                          r"margin|deficit|tariffs?|taxe?s?|rates?)\s+(?:by|to|of)\b", re.I)
#: a clause whose subject is a business figure, not the price: "after profit … collapsed by 90%"
RE_NON_PRICE_SUBJECT = re.compile(
    r"^\s*(?:(?:even\s+)?(?:after|as|while|and|but|with|though|although)\s+)?"
    r"(?:(?:the\s+)?(?:[\w-]+\s+){0,2}?[\w-]+['’]s\s+)?"  # "even as the electric-car maker's first-quarter profit dropped 71%"
    r"(?:(?:its|their|the|a|net|operating|quarterly|annual|first-half|half-year|full-year|core|adjusted|underlying|"
    r"(?:first|second|third|fourth)-quarter|Q[1-4])\s+)*(?:profits?|earnings|sales|revenues?|income|output|production|exports|imports|"
    r"inflation|unemployment|orders|deliveries|margins?|volumes?)\b(?!\s+(?:shares|stock|futures|index))", re.I)
#: the day's net move after an intraday swing: "…, still up 23% on the day", "…, but still down 2%"
RE_STILL = re.compile(r"^\s*(?:but\s+|yet\s+)?(?:was\s+|is\s+)?still\s+(?:up|down|higher|lower|[\d.]+\s?(?:%|per))", re.I)
#: Japanese prices in translated copy: yen and sen
RE_YEN_SEN = Hinted(re.compile(r"(\d[\d,]*)\s+yen\s+(\d\d)\s+sen\b"), ("sen",))
RE_VULGAR_FRACTION = re.compile(r"(\d+)(\.\d+)?([½¼¾])")
_FRACTION_DIGITS = {"½": "5", "¼": "25", "¾": "75"}


def _fraction_digits(m: re.Match[str]) -> str:
    """"9.79½" → "9.795" (a fraction of the last quoted digit), "10¼" → "10.25"."""
    return f"{m[1]}{m[2] or '.'}{_FRACTION_DIGITS[m[3]]}"

#: what may sit between a name and the comma of its relative clause: a legal suffix, a code
RE_NAME_TAIL = re.compile(r"^(?:\s*(?:Inc|Corp|Corporation|Co|plc|PLC|AG|SE|SA|NV|Ltd|Group|Holdings)\.?)?"
                          r"(?:\s*\([^()]{1,40}\))?(?:['’]s)?(?:\s+(?:shares|stock|ADRs))?\s*(?=,)")
#: a clause that only sizes the move just reported: "…, up 4.2% on the day", "…, 3% higher"
RE_TRAILING_MOVE = re.compile(r"^\s*(?:(?:up|down)\s+[\d.]+\s?(?:%|per\s?cent|percent)|[\d.]+\s?(?:%|per\s?cent|percent)\s+"
                              r"(?:higher|lower|up|down))(?:\s+(?:on|for)\s+the\s+(?:day|session))?\W*$", re.I)


#: numbers written the continental way: "14,02 euros", "6.980 points", "18.330,27"
RE_CONTINENTAL_NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\d.,])|(?<![\d.,])\d+,\d{1,2}(?![\d,])")
#: a decimal comma / point after a whole number ("0,4", "14,02"; "6.98"); the look-behind comes after the
#: first digit and spans it (the pattern starts with a character class, scanned for in C: searched over
#: the whole text; tests/test_extract_rewrites.py checks them against ``(?<![\d.,])\d+…`` as first written)
RE_DECIMAL_COMMA = re.compile(r"\d(?<![\d.,]\d)\d*,\d{1,2}(?![\d,])")
RE_DECIMAL_POINT = re.compile(r"\d(?<![\d.,]\d)\d*\.\d{1,2}(?![\d.,])")


def continental_numbers(text: str) -> bool:
    """Whether ``text`` writes decimals with a comma ("0,4%", "14,02 euros"; translated or
    European copy) and never with a point: then "6.980 points" is 6,980, not 6.98."""
    return RE_DECIMAL_COMMA.search(text) is not None and RE_DECIMAL_POINT.search(text) is None


def _memo_steps() -> tuple:
    """The pure per-sentence steps :func:`extract_claims` remembers over a long text (``memo.py``), in
    the order it binds them: each reads only its arguments and the registry."""
    return _any_number, _has_claim_cue, has_session, instrument_mentions, _untabled_company_subject, _scope_claims


def _to_points(m: re.Match[str]) -> str:
    return m.group(0).replace(".", "").replace(",", ".")


#: a clause of its own, about another period, after a stated level (the segment starts after "but"/"and"):
#: "… at 3,509.44 but finished the week up 7.3%" (not "settled at $2,300 and gained 1.2%": one day's claim)
RE_BUT_NEW_VERB = re.compile(r"^\W*(?:but\s+|and\s+)?(?:\w+ly\s+)?(?:finished|ended|closed|rose|fell|gained|lost|climbed|"
                             r"dropped|jumped|slid)\s+(?:the|this|for\s+the)\s+(?:week|month|quarter|year)\b", re.I)


#: … or a move over a longer span than the level's session: "It had closed at $128.99 on Tuesday, already down
#: roughly 40% from where it started the year"
RE_OTHER_PERIOD_MOVE = re.compile(r"\b(?:(?:so\s+far\s+)?this\s+(?:year|month|quarter)|year[\s-]to[\s-]date|YTD|"
                                  r"since\s+the\s+(?:start|beginning)\s+of\s+the\s+(?:year|month|quarter)|"
                                  r"from\s+where\s+(?:it|they)\s+(?:started|began)\s+the\s+(?:year|month|quarter)|"
                                  r"(?:over|in)\s+the\s+past\s+(?:year|(?:\d+|two|three|four|six|twelve)\s+(?:weeks|months|years))|"
                                  r"(?:for|over)\s+the\s+(?:year|month|quarter))\b", re.I)


def _scope_claims(scope: str, unit: str | None, continental: bool = False) -> list[dict]:
    claims: list[dict] = []
    if continental:
        scope = RE_CONTINENTAL_NUMBER.sub(_to_points, scope)  # only parsed here: no offsets depend on it
    cur: dict | None = None
    pending: dict | None = None  # a size whose direction word comes in a later clause
    scope = RE_YEN_SEN.sub(r"\1.\2 yen", digits_for_words(scope))  # "26,568 yen 03 sen" → "26,568.03 yen"
    if "½" in scope or "¼" in scope or "¾" in scope:
        scope = RE_VULGAR_FRACTION.sub(_fraction_digits, scope)  # grain quotes: "$9.79½" → "$9.795"
    for seg in segments(scope):  # "four and a half percent" read before the cut at "and"
        f = _parse_segment(seg, unit)
        if "prior_level" in f:
            claims.append({"level": f.pop("prior_level"), "texts": [seg], "prior_close": True})
        if f.get("modal"):
            if cur is not None:
                claims.append(cur)
            cur = None
            break
        if cur is None:
            cur = f
            cur["texts"] = [seg]
            if "dir" in f and not any(k in f for k in _NUMERIC):
                cur["bare_dir"] = True  # "It recovered through the afternoon": a path, no size of its own
            continue
        if f.get("prior_close"):
            claims.append({"level": f["level"], "texts": [seg], "prior_close": True})  # its own level-only claim
            continue
        has_num = any(k in f for k in _NUMERIC)
        if "dir" in f and "dir" not in cur and "level" in cur and has_num and (
                RE_BUT_NEW_VERB.match(seg) or RE_OTHER_PERIOD_MOVE.search(seg)):
            # "ended little changed at 3,509.44 but finished the week up 7.3%": the day's level, then the
            # week's move, two claims
            claims.append(cur)
            cur = f
            cur["texts"] = [seg]
            continue
        new_move = "dir" in f and "dir" in cur and any(k in cur for k in _NUMERIC)
        if new_move and f["dir"] == cur["dir"] and "level" in cur and "move_pct" not in cur and "level" not in f \
                and (RE_TRAILING_MOVE.match(seg) or (not any(k in cur for k in _MOVES) and set(f) & set(_MOVES) == {"move_pct"}
                                                     and not RE_HAVING.match(seg))):
            # "hit a record $10,080 a ton, up 4.2% on the day", "fell till to 1.1722 US-dollar and lost so 0.5
            # percent": one move, its level and its size
            new_move = False
        if new_move and cur.get("bare_dir") and "level" in cur and not any(k in cur for k in _MOVES) \
                and "level" not in f and any(k in f for k in _MOVES):
            # "recovered through the afternoon and ended at 27,252.53, down 338.61 points or 1.2 per
            # cent": the close and its size are one claim; the path's word gives way to the size's
            cur.update({k: f[k] for k in (*_MOVES, "dir") if k in f})
            cur["texts"].append(seg)
            continue
        if not has_num and RE_HAVING.match(seg):
            continue  # "closed at $90.45, having touched a six-month high earlier": another, earlier move
        if has_num and (RE_NEW_CLAUSE_SUBJECT.match(seg) or RE_WHEN_STATE.match(seg)) and any(k in cur for k in _MOVES) \
                and "dir" not in f:
            # "… retreat 32.8% in the session, and they finished quoted at R$ 1.28, falling 25.23%": the
            # subject named again opens another move, which a later clause may size
            claims.append(cur)
            cur = f
            cur["texts"] = [seg]
            continue
        sup = RE_SUPERLATIVE.match(seg) if not has_num else None
        if sup and "level" in cur and "dir" not in cur and RE_REACH_VERB.search(" ".join(cur["texts"])) \
                and not RE_HAVING.match(cur["texts"][0]):
            cur["dir"] = "down" if sup["down"] or sup["down2"] else "up"  # "hit $1.3516, its strongest since 2018"
            cur["texts"].append(seg)
            continue
        if RE_NON_PRICE_SUBJECT.match(seg):
            continue  # "after profit in the first half collapsed by more than 90%": not the price's move
        if "dir" not in f and has_num and RE_NON_PRICE.search(seg):
            continue  # "… after the drugmaker slashed its dividend by 75 percent": not the price's size
        if (has_num and "dir" in f and any(k in f for k in _MOVES) and "level" not in f and "level" in cur
                and "dir" not in cur and not any(k in cur for k in _MOVES) and RE_AFTER_ING.match(seg)
                and _states_level(cur["texts"][0])):
            claims.append(cur)  # "stood at $1.1344 in Tokyo, after jumping 1.4 percent on Tuesday": two claims
            cur = f
            cur["texts"] = [seg]
            continue
        if has_num and RE_HAVING.match(seg) and any(k in cur for k in _MOVES):
            claims.append(cur)  # "ended 24% lower, having indicated at $28.92, down 7.4%": an earlier move
            cur = f
            cur["texts"] = [seg]
            if "level" in f and not any(k in f for k in _MOVES) and RE_REACH_VERB.search(seg):
                f.pop("dir", None)  # "…, having earlier touched A$27.31": the extreme of the path, a level only
            continue
        if ("dir" in f and "move_pct" in f and "level" in cur and not any(k in cur for k in _MOVES)
                and RE_STILL.match(seg)):
            cur["dir"], cur["move_pct"] = f["dir"], f["move_pct"]  # "eased to 256 euros, still up 23% on the day"
            cur["texts"].append(seg)
            continue
        if has_num and (new_move or any(k in cur and k in f for k in _NUMERIC)):
            if "dir" in f or ("level" in f and "level" in cur and "dir" in cur) or (
                    "level" in f and "level" in cur and not any(k in cur for k in _MOVES)):
                # (a level after a level: "opened at ¥1,631 …, and were trading at ¥1,740, up 24%")
                # a new move, or a new level that a later clause may size ("were later trading at
                # $59.54, a gain of $4.69, or 7.9%"); a level nothing sizes stays out (no direction)
                claims.append(cur)
                cur = f
                cur["texts"] = [seg]
                if pending and "dir" in f:
                    for k in _MOVES:  # "and closed 85p, or 16.4%, higher at 602p": sized before its direction
                        if k in pending and k not in cur:
                            cur[k] = pending[k]
                pending = None
            elif "dir" not in f and not any(k in f for k in ("level", "prior_close")):
                pending = f
            continue
        if not has_num and "dir" in f and "level" in cur and "dir" not in cur and len(cur["texts"]) == 1 \
                and not any(k in cur for k in _MOVES) and RE_OWN_SUBJECT.match(seg) and _states_level(cur["texts"][0]):
            continue  # "had ended the regular session at $348.61, and the extended-hours slide …": a level only
        if has_num or "dir" not in cur:
            for k in (*_NUMERIC, "dir"):
                if k in f and k not in cur:
                    cur[k] = f[k]
        cur["texts"].append(seg)
    if cur is not None:
        claims.append(cur)
    return claims


#: a relative clause's "which" (", which closed at 9.80 …"): what follows is the clause's own verb
RE_WHICH_START = re.compile(r"^[\s,]*which\s+", re.I)


def _split_relative(scope: str) -> tuple[str | None, str]:
    """(relative clause, rest) of a scope that opens with a relative clause or apposition.
    When the move or level comes after the clause ("Porsche SE, the holding company …, was
    down 2.7%"), the rest is parsed without it, and the clause is returned only if it holds a
    move of its own ("The euro, which had jumped as high as $1.0278 …, ended at $1.0229");
    otherwise the clause is the move itself ("gold, which is trading 0.3% higher")."""
    m = RE_RELATIVE.search(scope)
    if m is None:
        return None, scope
    rest = scope[m.end() :]
    if direction_word(rest) is None and not _states_level(rest):
        return None, scope
    clause = scope[m.start() : m.end()]
    which = RE_WHICH_START.match(clause)
    if direction_word(clause) is None and not (which and _states_level(clause[which.end() :])):
        clause = None  # "shares, which closed at 9.80 dollars on Friday, soared …": that close is a level claim
    return clause, ", " + rest


def _gap_ok(scope: str, seg_dir_pos: int) -> bool:
    tail = RE_NAME_CONTINUATION.match(scope)
    start = tail.end() if tail is not None and tail.end() <= seg_dir_pos else 0
    gap = RE_RELATIVE.sub(" ", (" " if start else "") + scope[start:seg_dir_pos], count=1)
    return bool(RE_STOCK_GAP.match(gap))


#: a company named as the object of a comparison or a deal, not the story's subject: "its merger
#: with parent HDFC Ltd", "compared with rival Adyen"; a later "the stock" is not about it
RE_SIDE_BEFORE = re.compile(r"\b(?:with|from|against|than|like|unlike|including|versus|besides|such\s+as|according\s+to|"
                            r"(?:compiled|polled|tracked|calculated|surveyed)\s+by)\s+"
                            r"(?:(?:its|the|a|an|former|parent|rival|peer|competitor|partner|larger|smaller)\s+){0,3}"
                            r"(?:(?-i:[A-Z][\w&.'’-]*)\s+){0,3}?(?:(?:and|or)\s+)?$", re.I)


RE_POSSESSIVE_END = re.compile(r"['’]s?$")


#: last words of company names that name a kind of business, not the company ("Deutsche Bank")
_GENERIC_NAME_WORDS = frozenset(
    "bank banks group holdings holding motors motor energy financial airlines airways air steel oil gas power capital "
    "technologies technology industries industrial mining resources pharma pharmaceuticals insurance foods brands "
    "international global electric electronics chemicals chemical telecom communications systems entertainment "
    "healthcare partners properties realty investments securities semiconductor semiconductors networks services "
    "corporation company limited inc corp plc ltd ag sa se nv".split())


def _wider_legal_names(sentence: str, found: list[Mention]) -> list[Mention]:
    """A legal name that holds a company alias and then a country ("PT Vale Indonesia Tbk (INCO)" around
    "Vale") is another company, a local arm: the alias gives way to the name (its code, if the text gives one)."""
    out = list(found)
    for m in RE_LEGAL_NAME.finditer(sentence):
        inner = [f for f in out if m.start() <= f.start and f.end <= m.end() and _is_stock(f.ticker) and f.ticker]
        if not inner:
            continue
        from .lexicon import find_places

        rest = sentence[inner[-1].end : m.end()]  # words before it are descriptors ("Megabank")
        if not any(p.kind == "country" for p in find_places(rest)):
            continue  # "Toyota Motor Corp", "Puig Brands SA": the alias's own company; "Vale Indonesia Tbk" is not
        code = RE_PAREN_CODE.match(sentence, m.end() + (1 if sentence[m.end() : m.end() + 1] == " " else 0))
        ticker = yahoo_symbol(code["code"], code["exch"]) if code and ("." in code["code"] or code["exch"]) else None
        legal = RE_LEGAL_SUFFIX_END.search(m.group(0)) if code and ticker is None else None
        if legal is not None and code["code"].isalnum():
            ticker = code["code"] + LEGAL_SUFFIX_EXCHANGE[legal.group(1)]  # "PT Vale Indonesia Tbk (INCO)": INCO.JK
        out = [f for f in out if f not in inner]
        out.append(Mention(m.start(), m.end(), ticker, m.group(0), entity=True))
    return sorted(out, key=lambda f: f.start)


def _overlaps(mentions: list[Mention], a: int, b: int) -> bool:
    """Whether a span ``a:b`` of the sentence overlaps one of ``mentions``."""
    return any(f.start < b and a < f.end for f in mentions)


def _with_extra(mentions: list[Mention], extra: list[Mention]) -> list[Mention]:
    """``mentions`` and ``extra`` in sentence order (``mentions`` itself when nothing was added)."""
    return sorted([*mentions, *extra], key=lambda x: x.start) if extra else mentions


#: a broker's bare tenor as the subject of a move: "Cash 10y (UST10Y) spiked to 1.614%", "5y was the
#: epicentre: +21bp to 0.82%", "10y began the year at 0.91%"
RE_BARE_TENOR = re.compile(r"(?<![\w$€£.%-])(?<!%\s)(?:(?:[Cc]ash|[Tt]he)\s+)?(?P<n>2|5|10|30)"
                           # a rates desk's plural before a yield quote: "10s closed +11bp at 4.59%", "30s at 5.09%"
                           # (5s, 10s and 30s only: the tenors with a registry yield)
                           r"(?:y|(?<=0|5)s(?=\s+(?:(?:closed|ended|were|are)\s+)?(?:at\s+)?[+\-−]?\d{1,2}(?:\.\d+)?\s?(?:%|bp)))(?![\w-])"
                           r"(?!\s+(?:target|cap|band|point|peg|ceiling)\b)(?:\s+\(UST\d{1,2}Y\))?")
RE_BARE_TENOR = Hinted(RE_BARE_TENOR, ("2y", "5y", "0y", "2s", "5s", "0s"))  # (gates.py: "10y", "30y" end in "0y")


def _with_bare_tenors(sentence: str, mentions: list[Mention], debt_zone: str | None) -> list[Mention]:
    """``mentions`` plus bare tenors ("10y") read against the debt the text is about: Treasuries'
    registry yields, another issuer's (or an unlisted tenor) with ticker null."""
    extra = []
    for m in RE_BARE_TENOR.finditer(sentence):
        if _overlaps(mentions, m.start(), m.end()):
            continue
        if RE_NAMED_ISSUER_BEFORE.search(sentence, max(0, m.start() - 12), m.start()):
            continue  # "ACGB 10y", "JGB 10y": the issuer is named, another mention covers it
        us = debt_zone in (None, "America/New_York")
        ticker = US_TENORS.get(m["n"]) if us else None
        extra.append(Mention(m.start(), m.end(), ticker, m.group(0), entity=ticker is None, unknown_kind=ticker is None))
    return _with_extra(mentions, extra)


#: "the 10-year Treasury yield is down 13 bp at 4.80%, and the 30-year is off 12 bp at 4.97%": a
#: tenor alone after a Treasury yield is that curve's other point
RE_ELLIPTIC_TENOR = re.compile(r"\bthe\s+(?P<n>5|10|30|five|ten|thirty)-year(?![\w-])"
                               r"(?!\s+(?:yield|yields|note|notes|bond|bonds|Treasury|gilt|Bund|JGB|auction|sale)\b)", re.I)


#: another sovereign's debt named in a sentence: "Italy's benchmark 10-year yielded 3.9% after the 10-year rose 5 bps"
RE_OTHER_ISSUER_BEFORE = re.compile(r"\b(?:Bunds?|gilts?|BTPs?|JGBs?|OATs?|Bonos?|ACGBs?)\b|(?-i:[A-Z][a-z]+)['’]s\s+"
                                    r"(?:benchmark\s+|government\s+)?(?:\d{1,2}|two|five|ten|thirty)-year")


def _with_elliptic_tenors(sentence: str, mentions: list[Mention], story_treasuries: bool = False) -> list[Mention]:
    """``mentions`` plus "the 10-year" (a Treasury yield named by its tenor alone) after a Treasury yield in the
    sentence, or anywhere in it when ``story_treasuries`` (the story's debt so far is Treasuries)."""
    extra = []
    for m in RE_ELLIPTIC_TENOR.finditer(sentence):
        if _overlaps(mentions, m.start(), m.end()):
            continue
        if not any(f.ticker in _US_YIELDS and f.end <= m.start() for f in mentions) and (
                not story_treasuries or RE_OTHER_ISSUER_BEFORE.search(sentence, 0, m.start())):
            continue  # the Treasury yield must come first (in a Treasuries story: no other issuer named before it)
        extra.append(Mention(m.start(), m.end(), US_TENORS[m["n"].lower()], m.group(0)))
    return _with_extra(mentions, extra)


RE_NAMED_ISSUER_BEFORE = re.compile(r"\b(?:ACGB|JGB|OAT|BTP|Bund|gilt|[A-Z]{2,5})\s+$")


def _remember_code(codes: dict[str, str], sentence: str, ticker: str) -> None:
    """Keep the root of a ticker the sentence gives in parentheses ("LVMH (MC FP)", "(NHY.OL)"):
    the text's later bare "MC closed Tue at EUR 662.40" is that listing, whatever else "MC" is."""
    root = ticker.split(".")[0]
    if len(root) >= 2 and re.search(rf"\(\s?(?:[A-Za-z ]{{1,18}}:\s?)?{re.escape(root)}\b", sentence):
        codes[root] = ticker


RE_CODE_WORD = re.compile(r"(?<![\w.$€£/-])[A-Z][A-Z0-9]{1,5}(?![\w/-])")


def _with_known_codes(sentence: str, mentions: list[Mention], codes: dict[str, str]) -> list[Mention]:
    """``mentions`` plus the text's own bare codes that start a move ("MC -4.2% at EUR 634.10")."""
    extra = []
    for m in RE_CODE_WORD.finditer(sentence):
        ticker = codes.get(m.group(0))
        if ticker is None or _overlaps(mentions, m.start(), m.end()):
            continue
        if RE_BARE_CODE_MOVE.match(sentence, m.end()):
            extra.append(Mention(m.start(), m.end(), ticker, m.group(0), entity=True))
    return _with_extra(mentions, extra)


#: what follows a bare code that is the subject of a move: a signed number or a market verb
RE_BARE_CODE_MOVE = re.compile(r"\s(?:[+\-−–]\d|(?:had\s+)?(?:closed|ended|settled|finished|opened|is|was|were|are|rose|fell|"
                               r"jumped|dropped|gained|lost|slid|climbed|traded|trading|shares)\b)")


#: a short name a press release defines after the company's name and codes: '… Limited (TSX: CP) ("CP")'
#: (used with .match at one position only: a search over a long run of blanks would be quadratic)
RE_DEFINED_SHORT_NAME = re.compile(r"(?:,?\s+(?:Limited|Ltd|Inc|Corp|Corporation|Company|Co|plc|PLC|AG|SE|SA|NV|Holdings)\.?)?"
                                   r"(?:\s*\([^()\"“]{1,30}\))*\s*\(\s*(?:the\s+)?[\"“](?P<short>[A-Z][\w&.-]{1,15})[\"”]\s*\)")


def _remember_definition(names: dict[str, str], codes: dict[str, str], sentence: str, end: int, ticker: str,
                         defined: dict[str, str] | None = None) -> None:
    """'Kansas City Southern (NYSE: KSU) ("KCS")': the short name the text defines after a company's
    name (ending at ``end``) is that company from here on, as a name ("CP's shares") and, written in
    capitals, as a bare code ("KCS had closed at $223.64")."""
    short = RE_DEFINED_SHORT_NAME.match(sentence, end)
    if short is not None:
        names[short["short"].lower()] = ticker
        if defined is not None:
            defined[short["short"].lower()] = ticker  # ("Rogers") outranks the registry's own "Rogers" (ROG) here
        if RE_CODE_WORD.fullmatch(short["short"]):
            codes[short["short"]] = ticker


def _remember_short_name(table: dict[str, str], name: str, ticker: str) -> None:
    """Keep the first word of a company's multi-word name ("Rio Tinto" → "rio"), and a distinctive
    last word of a two-word name ("Norsk Hydro" → "hydro"), so that a later "Rio's shares" or "Shares
    in Hydro" in the same text is the same company; a word two companies share is dropped."""
    words = name.split()
    if len(words) < 2 or len(words[0]) < 3 or not words[0][:1].isupper():
        return
    keys = [RE_POSSESSIVE_END.sub("", words[0]).lower()]
    last = RE_POSSESSIVE_END.sub("", words[-1]).lower()
    if len(words) == 2 and len(last) >= 4 and words[-1][:1].isupper() and last not in _GENERIC_NAME_WORDS:
        from .lexicon import find_places

        if not find_places(words[-1]):
            keys.append(last)
    capitals = [w for w in words if w[:1].isupper() and w.isalpha()]
    if len(capitals) >= 3:  # "Life Insurance Corporation of India" → "lici" and, before "of", "lic"
        keys.append("".join(w[0] for w in capitals).lower())
        head = name.split(" of ")[0].split()
        if len(head) >= 3 and all(w[:1].isupper() for w in head):
            keys.append("".join(w[0] for w in head).lower())
    for key in keys:
        if key in COMMON_WORDS:
            continue
        if table.get(key, ticker) != ticker:
            table[key] = ""  # ambiguous in this text
        else:
            table[key] = ticker


def _with_defined_names(sentence: str, mentions: list[Mention], short_names: dict[str, str], codes: dict[str, str],
                        defined: dict[str, str]) -> list[Mention]:
    """``mentions`` with the short names the text defines applied: 'Rogers Communications Inc. ("Rogers")' (recorded
    here from this sentence's registry companies) makes every later "Rogers" that company, not the registry's Rogers
    Corporation. Copies, never the (memoised) mentions themselves."""
    if "(" in sentence:
        for m in mentions:
            if m.ticker is not None and _is_stock(m.ticker):
                _remember_definition(short_names, codes, sentence, m.end, m.ticker, defined)
    if not defined:
        return mentions
    out = []
    for m in mentions:
        alt = defined.get(RE_POSSESSIVE_END.sub("", m.alias).strip().lower()) if m.ticker and _is_stock(m.ticker) else None
        out.append(replace(m, ticker=alt) if alt and alt != m.ticker else m)
    return out


def _is_index_mention(m: Mention) -> bool:
    """An index named as one (what a later "the index" may be): not "the index" itself, and not the dollar named as a
    currency ("the dollar costs 0.8125 franc" is the dollar index's registry alias, but no index the story is about)."""
    return (_kind(m.ticker) == "index" and m.alias != "the index"
            and not (m.ticker == "DX-Y.NYB" and "index" not in m.alias.lower() and "dxy" not in m.alias.lower()))


#: a company that moved only "in sympathy" with the story's company is a side mention: a later "the stock" or a
#: broker's bare "Stock" is still the story's ("FMC (FMEG.DE) indicated -4% in sympathy. Stock already -24% YTD")
RE_IN_SYMPATHY = re.compile(r"\bin\s+sympathy\b", re.I)


def _moves_in_sympathy(sentence: str, mention: Mention, mentions: list[Mention]) -> bool:
    """Whether "in sympathy" is in ``mention``'s own clause (after it, before the next mention): "Lloyds fell 2% in
    sympathy", not "Barclays fell 5% …, and Lloyds fell 2% in sympathy" for Barclays."""
    nxt = min((m.start for m in mentions if m.start > mention.start), default=len(sentence))
    return RE_IN_SYMPATHY.search(sentence, mention.end, nxt) is not None
RE_OPENING_SIDE = re.compile(r"\b(?:of|by|for|to|at|on|in|into|from|with|than|like|and|or)\s+(?:the\s+)?$", re.I)


#: a sentence that opens with its subject ("The dollar weakened sharply …", "The Mexican peso took a
#: similar beating"): an instrument named there is what a later "it" refers to
RE_OPENS_WITH_SUBJECT = re.compile(r"(?:The\s+|Meanwhile,?\s+the\s+)?(?:[A-Z][\w.'’-]*\s+){1,3}[a-z]+")


def _untabled_company_subject(sentence: str, before: int) -> str | None:
    """The name of a company with a legal suffix that no table resolves, when it comes before
    offset ``before`` (the first registry company) and is not a side mention ("A week ago,
    Didi Global Inc. rang …"): what a later "the company's shares" refer to."""
    apposition = RE_APPOSITION_COMPANY.match(sentence, 0, before) if ", " in sentence[:60] else None
    if (apposition is not None and resolve_name(apposition["name"]) is None and not place_only(apposition["name"])
            and not opener_not_name(apposition["name"])):
        return apposition["name"]  # "Steinhoff International, the Stellenbosch-based owner of Pep, …"
    if RE_LEGAL_WORD.search(sentence, 0, before) is None:
        return None
    m = RE_LEGAL_NAME.search(sentence, 0, before)
    if m is None or resolve_name(m["name"]) is not None or _side_mention(sentence, m.start()) \
            or RE_OPENING_SIDE.search(sentence, max(0, m.start() - 12), m.start()):
        return None
    return m["name"]


def _side_mention(sentence: str, start: int) -> bool:
    return RE_SIDE_BEFORE.search(sentence, max(0, start - 48), start) is not None


#: a copper price quoted the London way: per tonne, on the LME (Comex's HG=F is in dollars a pound)
#: bullion quoted in India's own contract: rupees, per 10 grams, on the MCX
RE_LOCAL_BULLION = re.compile(r"\bMCX\b|Multi\s+Commodity\s+Exchange|\bRs\.?\s?\d|₹\s?\d|\bper\s+10\s?(?:grams|g)\b")
RE_DOLLAR_BULLION = re.compile(r"\$\s?\d|\ban\s+ounce\b|/oz\b|\bComex\b|\bCOMEX\b")


def _local_bullion(text: str) -> bool:
    """Whether gold or silver is quoted in India's own contract before any dollar quote: "on the MCX
    plunged 6 per cent to Rs 68,500" (not "rose 1.1% to $2,340 an ounce; Indian buyers paid Rs 72,000")."""
    local = RE_LOCAL_BULLION.search(text)
    dollar = RE_DOLLAR_BULLION.search(text)
    return local is not None and (dollar is None or local.start() < dollar.start())


RE_LME_QUOTE = re.compile(r"\b(?:(?:a|per|/)\s*(?:metric\s+)?(?:tonne|ton)\b|London\s+Metal\s+Exchange|LME)\b", re.I)
#: the registry's Treasury yields, which a bare "10-year yield" resolves to
_US_YIELDS = frozenset({"^TNX", "^TYX", "^FVX", "^IRX"})
RE_US_WORDS = re.compile(r"\b(?:U\.?S\.?|US|Treasury|Treasuries|T-note|UST|American)\b", re.I)


def extract_claims(text: str, event_id: str | None = None) -> list[MarketClaim]:
    """Every market claim in ``text``, in order of appearance.

    A generic "oil prices fell" in a sentence that names Brent or WTI is not a claim of
    its own; several distinct moves of one instrument in a sentence are kept in order.
    """
    if not isinstance(text, str):
        from ..errors import ArticleFormatError

        raise ArticleFormatError(f"article text must be a string, got {type(text).__name__}")
    claims: list[MarketClaim] = []
    countries = text_countries(text)
    debt_zone = lru_cache(maxsize=1)(lambda: debt_market(text))  # whose debt the text is about, found when first needed
    debt_leaders = lru_cache(maxsize=1)(lambda: leading_debt(text))

    def debt_before(end: int) -> str | None:
        """The debt named most up to ``end`` ("a 20-year Japanese government bond … The 30-year yield
        jumped" is Japan's, whatever Treasuries come later), else the one the text names most."""
        leaders = debt_leaders()
        i = bisect.bisect_left(leaders, (end, "")) - 1
        return leaders[i][1] if i >= 0 else debt_zone()

    usd_pairs: Counter[str] = Counter()  # dollar-based pairs the text quotes ("the peso" → CLP=X), how often
    doc_codes: dict[str, str] = {}  # ticker roots the text gave in parentheses ("LVMH (MC FP)" → MC → MC.PA)
    continental = continental_numbers(text)

    last_stock: str | None = None
    last_company: str | None = None  # the last company subject no table resolves (then last_stock is None)
    recent_stocks: list[str] = []  # the last few companies named, most recent first
    short_names: dict[str, str] = {}  # first word of a company named in full → its ticker ("rio" → RIO.L)
    defined_names: dict[str, str] = {}  # short names the text defines ('… Inc. ("Rogers")') → their tickers
    last_index: str | None = None
    index_seen: dict[str, int] = {}  # how often each index was named: the story's index is "the index"
    last_any: str | None = None
    last_mention: Mention | None = None  # the mention last_any was read from ("it" may be re-read against a pair)
    last_unknown: str | None = None  # the last subject that is a named instrument outside the tables

    last_inverted = False
    scene_para: set[int] = set()
    # a long text that repeats sentences parses each distinct one once (memo.py): in this function these
    # names are then the remembering steps; a news article (a short text) gets the functions themselves
    memo = TextMemo.for_text(text)
    _any_number, _has_claim_cue, has_session, instrument_mentions, _untabled_company_subject, _scope_claims = (
        memo.wrap(f) for f in _memo_steps())
    para, para_pos = 0, 0
    for s0, _s1, sent in split_sentences(text):
        para += text.count("\n\n", para_pos, s0)  # incremental: linear in the text
        para_pos = s0
        numbered = _any_number(sent)
        if not numbered or not _has_claim_cue(sent):
            # no number, or no move and no stated level: no claim; only follow who "the stock",
            # "the index" and "it" will be (registry names; company names alone without a number)
            seen = _with_defined_names(sent, instrument_mentions(sent, entities=False, companies_only=not numbered),
                                       short_names, doc_codes, defined_names)
            first_stock = next((m.start for m in seen if _is_stock(m.ticker) and not _side_mention(sent, m.start)),
                               len(sent))
            back = (RE_COMPANY_BACKREF.search(sent, 0, first_stock)
                    if first_stock < len(sent) and RE_SIDE_PARTY_BEFORE.search(sent, max(0, first_stock - 30), first_stock)
                    else None)
            if back:
                # "… the company said … a debt facility led by JPMorgan": the story's company is still the
                # subject; the one named later is a side party
                first_stock = len(sent)
            untabled = _untabled_company_subject(sent, first_stock)
            if untabled:
                last_stock, last_company = None, untabled  # "A week ago, Didi Global Inc. rang the opening bell …"
            opening = RE_SHARES_OPENING.match(sent) if first_stock == len(sent) and not untabled else None
            if opening:
                # "Shares of Luckin Coffee lost three-quarters of their value …": a company no table knows
                # opens the story (after its dateline: "NEW YORK (AP) — Shares of …"); "the stock" and "it"
                # that follow are it
                lead = next((e for e in entity_mentions(sent, []) if e.start < opening.end() and e.ticker is None), None)
                if lead is not None:
                    last_stock, last_company, last_any = None, lead.name, None
                    untabled = lead.name
            if "(" in sent:  # "Norwegian aluminium producer Norsk Hydro (NHY.OL) was hit …": a code names it
                for e in entity_mentions(sent, [(m.start, m.end) for m in seen]):
                    if e.ticker is not None and _is_stock(e.ticker):
                        _remember_short_name(short_names, e.name, e.ticker)
                        _remember_code(doc_codes, sent, e.ticker)
                        _remember_definition(short_names, doc_codes, sent, e.end, e.ticker, defined_names)
                        if e.start < first_stock and not untabled and not _side_mention(sent, e.start) \
                                and not any(m.ticker == e.ticker for m in seen):
                            # "The shares of Gol (GOLL4) were the protagonists": the code's company is
                            # the one "the papers" and "they" follow (a registry name is handled below)
                            last_stock, last_company = e.ticker, None
                            first_stock = e.start
            for m in seen:
                if m.ticker is not None and _is_stock(m.ticker):
                    _remember_short_name(short_names, sent[m.start : m.end], m.ticker)
                    recent_stocks = [m.ticker, *(t for t in recent_stocks if t != m.ticker)][:4]
                    if m.start == first_stock and not untabled and not _moves_in_sympathy(sent, m, seen):
                        last_stock, last_company = m.ticker, None  # the sentence's first company, not "since Alibaba"
            for m in seen:
                if _kind(m.ticker) == "fx":
                    _count_usd_pair(usd_pairs, _quoted_ticker(m, "", countries)[0])
                if numbered and _is_index_mention(m):
                    index_seen[m.ticker] = index_seen.get(m.ticker, 0) + 1
            last_index = next((m.ticker for m in seen if numbered and _is_index_mention(m)), last_index)
            first = next((m for m in seen if m.ticker), None) if numbered else None
            if first is None and not numbered and (last_any is None or RE_OPENS_WITH_SUBJECT.match(sent)) \
                    and _alias_hits(sent)[1]:  # (no alias: only companies, no subject of these kinds)
                # the story's topic before any number ("a day of records for the rupee"), or a new subject
                # that opens a sentence with its move ("The dollar weakened sharply."): what a later
                # "the domestic unit" or "it" refers to
                first = next((m for m in instrument_mentions(sent, entities=False) if m.ticker
                              and (_kind(m.ticker) in ("fx", "future", "spot", "crypto", "yield")
                                   or m.ticker == "DX-Y.NYB")
                              and (last_any is None or m.start < 12)), None)

            if first is not None:  # the sentence's subject, read as the full path reads it
                last_any, last_inverted = _quoted_ticker(first, sent[first.end : first.end + 160], countries)
                last_mention = first
                if not numbered:
                    _count_usd_pair(usd_pairs, last_any)  # the story's currency, named as its topic
            if has_session(sent):
                scene_para.add(para)
            continue
        # "the index": the story's index, the one named most often so far (the latest among equals)
        story_index = max(index_seen, key=lambda t: (index_seen[t], t == last_index)) if index_seen else last_index
        mentions = _drop_clause_mentions(sent, instrument_mentions(sent, last_stock, story_index, last_any,
                                                                   last_company=last_company,
                                                                   last_unknown=None if last_any else last_unknown))
        mentions = _with_defined_names(sent, mentions, short_names, doc_codes, defined_names)
        if doc_codes:
            mentions = _with_known_codes(sent, mentions, doc_codes)
        if "-year" in sent:
            # "… the 10-year fell as low as 3.603%": after a Treasury yield in the sentence, or in a sentence
            # about yields in a story whose debt so far is Treasuries
            treasuries = "yield" in sent and debt_before(s0) == "America/New_York"
            if treasuries or any(m.ticker in _US_YIELDS for m in mentions):
                mentions = _with_elliptic_tenors(sent, mentions, story_treasuries=treasuries)
        if RE_BARE_TENOR.search(sent):
            mentions = _with_bare_tenors(sent, mentions, debt_before(s0))
        if "(" in sent:
            for mt in mentions:
                if mt.entity and mt.ticker is not None and _is_stock(mt.ticker):
                    _remember_code(doc_codes, sent, mt.ticker)
        # "against the euro", "per dollar": the other side of a currency move, not a subject; the
        # subject's scope runs over it ("The franc fell 1% against the euro to 0.9785 per euro")
        mentions = [m for m in mentions if not RE_COUNTER_BEFORE.search(sent, max(0, m.start - 24), m.start)
                    or (_kind(m.ticker) != "fx" and RE_OWN_VERB_AFTER.match(sent, m.end))]  # "vs ASX200 closed -0.1%"
        named_oil = any(m.ticker in ("BZ=F", "CL=F") and not m.generic for m in mentions)
        sent_session = bool(mentions) and has_session(sent)  # searched once per sentence
        out_sent: list[MarketClaim] = []
        untabled_subject = False  # the sentence's move is on a company no table knows
        subject: str | None = None  # the sentence's first resolved instrument ("it" in the next one)
        subject_inverted = False
        subject_mention: Mention | None = None
        stock_subject_set = index_subject_set = False
        for i, mt in enumerate(mentions):
            if mt.other_subject:
                continue  # it only ends the previous subject's scope
            unknown_kind = mt.unknown_kind  # a named instrument no table has (so not a company)
            if _is_stock(mt.ticker) and mt.ticker is not None:
                recent_stocks = [mt.ticker, *(t for t in recent_stocks if t != mt.ticker)][:4]
                if not stock_subject_set and not _side_mention(sent, mt.start):
                    stock_subject_set = True
                    if not (RE_COMPANY_BACKREF.search(sent, 0, mt.start)  # (not a side party after "the company said")
                            and RE_SIDE_PARTY_BEFORE.search(sent, max(0, mt.start - 30), mt.start)) \
                            and not _moves_in_sympathy(sent, mt, mentions):
                        last_stock, last_company = mt.ticker, None  # the sentence's first company is its subject
            elif (mt.ticker is None and mt.entity and not mt.unknown_kind and not stock_subject_set
                  and not _side_mention(sent, mt.start)):
                last_stock, last_company = None, mt.alias  # a company no table resolves
                stock_subject_set = True
            if _is_index_mention(mt) and not index_subject_set:
                last_index, index_subject_set = mt.ticker, True  # the sentence's first index: "the index" later
            if _is_index_mention(mt):
                index_seen[mt.ticker] = index_seen.get(mt.ticker, 0) + 1
            nxt = mentions[i + 1].start if i + 1 < len(mentions) else len(sent)
            scope = sent[mt.end : nxt]
            j = i + 1
            while (j < len(mentions) and mentions[j].ticker != mt.ticker and _kind(mentions[j].ticker) == _kind(mt.ticker)
                   and RE_CONJUNCTION.match(sent, mentions[j - 1].end, mentions[j].start)):
                j += 1  # "Sony and Tokyo Electron are also down more than 5%": one move for both subjects
            if j > i + 1:
                scope = sent[mentions[j - 1].end : mentions[j].start if j < len(mentions) else len(sent)]
            if j < len(mentions) and ("%" in scope or "cent" in scope):
                tail = RE_PREFIX_MOVE_TAIL.search(scope)
                if tail is not None:
                    scope = scope[: tail.start()]  # the next mention's own move (RE_PREFIX_MOVE, below)
            if scope.lstrip().startswith(",") and RE_OPEN_RELATIVE.search(sent, max(0, mt.start - 130), mt.start):
                continue  # inside a relative clause: the move after it belongs to the clause's subject
            if mt.alias == "it" and mt.ticker == last_any:
                ticker, inverted = last_any, last_inverted  # "it": the previous subject, read the same way
                if last_mention is not None and (_kind(last_mention.ticker) == "fx" or last_mention.ticker == "DX-Y.NYB"):
                    here = _quoted_ticker(last_mention, sent[mt.end : mt.end + 160], countries)
                    if here != _quoted_ticker(last_mention, "", countries):
                        ticker, inverted = here  # "The dollar is back. It is up 1.9% against the yen": USD/JPY
            else:
                ahead = sent[mt.end : mt.end + 160]
                lead_counter = RE_LEAD_AGAINST.search(sent, 0, mt.start)
                if lead_counter is not None and lead_counter.end() <= mt.start:
                    ahead = lead_counter.group(0) + " " + ahead  # "Against the euro, the Japanese currency slipped"
                ticker, inverted = _quoted_ticker(mt, ahead, countries)
                if ticker is None and mt.entity and not mt.unknown_kind:
                    ticker = short_names.get(RE_POSSESSIVE_END.sub("", mt.alias).strip().lower()) or None  # "Rio's"
                elif ticker is not None and _is_stock(ticker):
                    _remember_short_name(short_names, sent[mt.start : mt.end], ticker)  # (definitions: _with_defined_names)
            if subject is None and ticker:
                subject, subject_inverted = ticker, inverted
                subject_mention = mt if mt.alias != "it" else last_mention
            code = _explicit_code(scope)
            if code and ticker and "." in ticker and "." not in code and code.split("-")[0] == ticker.split("-")[0]:
                code += ticker[ticker.index(".") :]  # "(BBD.B)" beside Bombardier's BBD-A.TO: the Toronto class B
            if code and code != ticker and ((_is_stock(ticker) and not _same_listing(ticker, code))
                                            or _kind(code) == "future"):
                ticker = code  # "Shopify's Toronto-listed shares (TSX: SHOP)": the code names the listing
            elif code is None and _kind(ticker) == "stock":
                ticker = _listing(ticker, sent[max(0, mt.start - 80) : mt.end], scope)  # "the company's ADRs"
            if code is None and ticker is not None and _is_stock(ticker):
                ticker = _priced_in(ticker, scope, recent_stocks if mt.alias in ("its shares", "it") else [])
                ticker = share_class_listing(ticker, sent[mt.start : mt.end] + scope[:24])
            elif code is not None and ticker is not None and _is_stock(ticker):
                # "Bombardier's class B shares (BBD.B)": the code names the class of the same listing
                ticker = share_class_listing(ticker, sent[mt.start : mt.end] + scope[:24])
            if ticker in _US_YIELDS and not RE_US_WORDS.search(mt.alias):
                # "the 10-year yield" in a story about Italian debt, "Italy's 10-year yield": not Treasuries
                owner = country_before(sent, mt.start) or debt_before(s0 + mt.start)
                if owner is None and mt.entity and not re.search(r"\bnotes?\b", mt.alias):
                    # "the yield of ten-year bonds" and no debt named: whose, the text does not say ("notes"
                    # are Treasuries')
                    owner = ""
                if owner is not None and owner != "America/New_York":
                    ticker, unknown_kind = None, True  # another state's yield: a named instrument, no symbol
            if ticker in ("GC=F", "SI=F") and _local_bullion(sent[mt.start : mt.end] + scope[:120]):
                ticker, unknown_kind = None, True  # "Rs 68,500 per 10 grams on the MCX": India's own contract, not Comex's
            if ticker == "HG=F" and RE_LME_QUOTE.search(scope[:120]):
                ticker, unknown_kind = None, True  # "$4,975 a tonne on the London Metal Exchange": LME copper, not Comex's
            _count_usd_pair(usd_pairs, ticker)
            inst = find_instrument(ticker) if ticker else None
            unit = inst.unit if inst else ("percent" if re.search(r"\byi?e?ld|\bborrowing\s+cost", mt.alias, re.I)
                                           or RE_SHORT_TENOR.match(mt.alias) or RE_BARE_TENOR.fullmatch(mt.alias)
                                           else None)
            lead = RE_NAME_TAIL.match(scope)  # "Taiwan Semiconductor Manufacturing| Co (2330.TW), which …"
            clause, main = _split_relative(scope[lead.end() :]) if lead else (None, scope)
            # the relative clause left out: "Crown shares, which closed at 9.80 …, soared" → "Crown shares soared"
            subject_scope = (scope[: lead.end()] + (" " + main.lstrip(" ,") if main is not scope else main)
                             if lead else scope)
            own = [p for p in _scope_claims(clause, unit, continental) if any(k in p for k in _NUMERIC)] if clause else []
            parsed = own + _scope_claims(main, unit, continental)
            if memo.enabled:  # the memo's dicts stay as parsed: what follows may change a copy
                parsed = [{k: list(v) if type(v) is list else v for k, v in p.items()} for p in parsed]
            if parsed and not any("dir" in p for p in parsed) and out_sent and out_sent[-1].direction \
                    and RE_GAPPED_MOVE.match(digits_for_words(scope)):
                # "Societe Generale shedding 7.3 percent and BNP Paribas 5.6 percent": the verb is not repeated
                parsed[0]["dir"] = out_sent[-1].direction
                parsed[0]["gapped"] = True
            if not any("dir" in p for p in parsed):
                pre = sent[max(0, mt.start - 60) : mt.start]
                pm = RE_PREFIX_MOVE.search(pre)
                cm = RE_CAUSATIVE_DIR.match(scope) if RE_CAUSATIVE.search(pre) else None
                if pm:
                    up = pm["w"].lower() in ("rise", "gain", "jump", "increase", "rally", "surge")
                    parsed = [{**(parsed[0] if parsed else {}), "dir": "up" if up else "down",
                               "move_pct": float(pm["num"]), "texts": [pre[pm.start():], scope]}]
                elif cm:
                    p0 = parsed[0] if parsed else {"texts": [scope]}
                    p0["dir"] = "up" if cm["up"] else "down"
                    p0["texts"] = [*p0.get("texts", []), "briefly" if "briefly" in pre.lower() else ""]
                    parsed = [p0]
            for k, p in enumerate(parsed):
                level_only = "dir" not in p and "level" in p and not p.get("modal") and (
                    p.get("prior_close") or _states_level(scope if k == 0 and not own else
                                                          RE_WHICH_START.sub("", p["texts"][0], count=1))
                    # an absolute clause after a settle: "…, with Brent at $86.54"
                    or (k == 0 and RE_WITH_BEFORE.search(sent, max(0, mt.start - 12), mt.start) is not None
                        and RE_AT_LEVEL_START.match(scope) is not None))
                if ("dir" not in p and not level_only) or not any(x in p for x in _NUMERIC):
                    continue
                if (_is_stock(ticker) and not unknown_kind and k == len(own) and not level_only
                        and mt.alias not in ("it", "she") and not p.get("gapped") and not _is_subject(subject_scope)
                        and not RE_SHARES_OF_BEFORE.search(sent, max(0, mt.start - 40), mt.start)):
                    # ("it" was found as a move's subject; "the shares of the gas importer Uniper … went out of
                    # the trade with minus 4.8 percent": the shares named are the subject, however far the move)
                    continue
                if mt.generic and named_oil:
                    continue
                claim_ticker, claim_inverted = ticker, inverted
                if k > 0 and _kind(ticker) == "fx" and mt.alias != "it" and RE_AGAINST_COUNTER.search(p["texts"][0]):
                    # "fell 1% against the euro to 0.9785 per euro, and weakened 1.2% against the dollar to
                    # 0.9020": each move has its own counter-currency
                    here = _quoted_ticker(mt, p["texts"][0], countries)
                    if here[0] is not None:
                        claim_ticker, claim_inverted = here
                direction = p.get("dir")
                if claim_inverted and direction is not None:
                    direction = "down" if direction == "up" else "up"
                sign = -1.0 if direction == "down" else 1.0
                basis = basis_of(" ".join(p.get("texts", [])))
                if basis is None and (sent_session or para in scene_para):
                    basis = "intraday"
                out_sent.append(MarketClaim(
                    instrument=_display_name(last_mention.alias if mt.alias == "it" and last_mention else mt.alias,
                                             claim_ticker),
                    ticker=claim_ticker,
                    direction=direction,  # type: ignore[arg-type]
                    move_pct=sign * p["move_pct"] if "move_pct" in p else None,
                    move_abs=sign * p["move_abs"] if "move_abs" in p else None,
                    move_bp=sign * p["move_bp"] if "move_bp" in p else None,
                    level=_pence_per_euro(claim_ticker, p.get("level")),
                    unit=unit,
                    basis=basis or "unspecified",  # type: ignore[arg-type]
                    evidence=sent,
                    evidence_span=(s0, s0 + len(sent)),
                    event_id=event_id,
                ))
                if ticker is None and mt.entity and not unknown_kind and not _side_mention(sent, mt.start):
                    last_stock, last_company = None, out_sent[-1].instrument  # the story's company, untabled
                    untabled_subject = True
        if not mentions and has_session(sent):
            scene_para.add(para)  # "Investors reacted nervously when trading opened on Monday."
        claims.extend(_merge_sides(out_sent))
        if mentions:
            unknown = next((m for m in mentions if m.ticker is None and m.unknown_kind), None)
            if subject is None and unknown is not None and mentions[0] is unknown:
                last_any, last_unknown = None, unknown.alias  # a named instrument no table has: "it" is it
            elif subject is not None:
                last_unknown = None
            lead = mentions[0]
            if ((not out_sent or out_sent[0].ticker is None) and lead.ticker is None and lead.entity and not lead.unknown_kind
                    and not lead.other_subject and lead.start <= 40 and not _side_mention(sent, lead.start)):
                # "NEW YORK - Shares of Luckin Coffee lost three-quarters of their value on Wall Street …":
                # the company no table knows leads the sentence, whatever else it names
                last_stock, last_company, untabled_subject, subject = None, without_legal_suffix(lead.alias), True, None
            last_any = subject or next((m.ticker for m in mentions if m.ticker), last_any)  # the sentence's subject
            if untabled_subject and subject is None:
                last_any = None  # "Crown shares … soared 20%. They finished …": not an earlier sentence's subject
            last_inverted = subject_inverted if subject else False
            last_mention = subject_mention if subject else next((m for m in mentions if m.ticker), last_mention)
    return _local_dollar(claims, usd_pairs)


#: a pair quoted as units of a currency per US dollar ("CLP=X", "JPY=X")
RE_USD_BASE_PAIR = re.compile(r"[A-Z]{3}=X")
#: where the dollar index has traded (it was 71–121 from 1990 to 2025, with a margin)
DOLLAR_INDEX_RANGE = (60.0, 140.0)


def _pence_per_euro(ticker: str | None, level: float | None) -> float | None:
    """A euro quoted in pence ("the pound strengthened to 84.70p" against the euro) is EURGBP=X at 0.847:
    the cross never trades above 10, so a larger level is pence."""
    if ticker == "EURGBP=X" and level is not None and level > 10:
        return round(level / 100, 6)
    return level


def _count_usd_pair(usd_pairs: Counter[str], ticker: str | None) -> None:
    """Count ``ticker`` among the text's dollar-based pairs when it is one ("CLP=X")."""
    if ticker is not None and RE_USD_BASE_PAIR.fullmatch(ticker):
        usd_pairs[ticker] += 1


def _local_dollar(claims: list[MarketClaim], usd_pairs: Counter[str]) -> list[MarketClaim]:
    """"The dollar fell 5.3% to 990.50" in a story about the Chilean peso: a dollar at a level the
    dollar index never had is the dollar against the story's currency (CLP=X, same direction)."""
    if not usd_pairs:
        return claims
    local = max(usd_pairs, key=lambda t: usd_pairs[t])
    lo, hi = DOLLAR_INDEX_RANGE
    return [replace(c, ticker=local, unit=(find_instrument(local).unit if find_instrument(local) else c.unit))
            if c.ticker == "DX-Y.NYB" and c.level is not None and not lo <= c.level <= hi else c for c in claims]


#: a price's currency when the text marks it unambiguously (a bare "$" or "£" is not used)
RE_PRICE_CURRENCY = re.compile(r"(?=[HCASNR₹¥€₩\d])"  # the first characters of the alternatives: one test per position
                               r"(?:(?P<HKD>HK\$)|(?P<CAD>C\$)|(?P<AUD>A\$)|(?P<SGD>S\$)|(?P<TWD>NT\$)|(?P<BRL>R\$)|"
                               r"(?P<INR>\bRs\.?\s?\d|₹)|(?P<JPY>¥|\d\s?yen\b)|(?P<EUR>€|\d\s?euros?\b)|"
                               r"(?P<KRW>₩|\d\s?won\b)|(?P<CNY>\d\s?yuan\b)|(?P<SEK>\bSEK\s?\d|\d\s?kronor\b)|"
                               r"(?P<CHF>\bCHF\s?\d|\d\s?(?:Swiss\s)?francs\b))")


def _priced_in(ticker: str, scope: str, recent: list[str]) -> str:
    """The listing whose currency the quoted price is in: "NetEase … to HK$117.30" is 9999.HK, not
    NTES; when "the shares … at 2,033 yen" (a pronoun: ``recent`` given) follow a sentence that named a
    Canadian company last, the Japanese one named just before it. ``ticker`` when the price names no
    currency or it fits."""
    from ..instruments import listings

    m = RE_PRICE_CURRENCY.search(scope[:160])
    inst = find_instrument(ticker)
    if m is None or inst is None or m.lastgroup == inst.currency:
        return ticker
    same = [i.ticker for i in listings(ticker) if i.currency == m.lastgroup]
    if len(same) == 1:
        return same[0]
    other = next((t for t in recent if (i := find_instrument(t)) is not None and i.currency == m.lastgroup), None)
    return other or ticker


RE_AGAINST_COUNTER = re.compile(r"\b(?:against|versus|vs\.?)\s+(?:the\s+)?(?:[\w.]+\s+)?[a-z]+", re.I)  # ("the Swiss franc", "the stronger dollar")
RE_OTHER_SIDE_CLAUSE = re.compile(r"\b(?:against|versus|vs\.?)\s+(?:the\s+)?[\w.$€£¥-]+(?:\s+[\w.-]+)?,\s+which\b", re.I)


RE_MOVE_APPOSITION = re.compile(r",\s+a\s+(?:drop|fall|decline|loss|slide|rise|gain|jump)\s+of\b", re.I)


def _merge_sides(found: list[MarketClaim]) -> list[MarketClaim]:
    """One move told from both sides of a pair in one sentence is one claim: "the franc surged by
    almost 30% against the euro, with the euro sinking as low as 0.8597 francs" (the size from one
    clause, the level from the next, same ticker and direction)."""
    out: list[MarketClaim] = []
    for c in found:
        prev = out[-1] if out else None
        if (prev is not None and prev.ticker is not None and c.ticker == prev.ticker and _kind(c.ticker) == "fx"
                and prev.move_pct is not None and prev.level is None
                and c.level is not None and c.move_pct is None and c.move_abs is None and c.move_bp is None
                and (c.direction == prev.direction or RE_OTHER_SIDE_CLAUSE.search(c.evidence or ""))):
            # "the franc soared 30 percent against the euro, which sank to 0.8517 francs": the clause's
            # subject is the other side, so its direction is the same move read the other way
            out[-1] = replace(prev, level=c.level)
            continue
        if (prev is not None and prev.ticker is not None and c.ticker == prev.ticker and _kind(c.ticker) == "fx"
                and c.direction == prev.direction and prev.level is not None and prev.move_pct is None
                and prev.move_abs is None and c.move_pct is not None and c.level is None
                and RE_MOVE_APPOSITION.search(c.evidence or "")):
            # "The loonie fell as far as 1.4793 per U.S. dollar, …, a drop of 2.1 per cent": the level
            # first, the size of the same move after it
            out[-1] = replace(prev, move_pct=c.move_pct)
            continue
        out.append(c)
    return out


def _drop_clause_mentions(sentence: str, mentions: list[Mention]) -> list[Mention]:
    """Mentions inside a relative clause or apposition that follows an earlier mention are not
    subjects ("TSMC (2330.TW), which makes Nvidia's chips, was down 1.2%": Nvidia is dropped, so
    TSMC's scope reaches its move)."""
    out: list[Mention] = []
    for m in mentions:
        if out:
            between = sentence[out[-1].end : m.start]
            rel = RE_CLAUSE_OPEN.search(between)
            if rel is not None and rel.group(0).lstrip(", ").startswith("where") and not RE_LISTED_AFTER.match(sentence, m.end):
                rel = None  # ", where the FTSE 100 rose 1%": a place's own market; ", where Wood is listed,": an aside
            if rel is not None and "," in sentence[m.end : m.end + 160] and not RE_DIR.search(between[: rel.start()]):
                close = sentence.find(",", m.end)
                if RE_DIR.search(sentence[close : close + 60]) or _states_level(sentence[close:]):
                    continue
        out.append(m)
    return out


_CANON = {
    "BZ=F": "Brent", "CL=F": "WTI", "GC=F": "gold", "SI=F": "silver", "HG=F": "copper", "NG=F": "US natural gas",
    "TTF=F": "TTF gas", "^GSPC": "S&P 500", "^DJI": "Dow Jones", "^IXIC": "Nasdaq Composite", "^STOXX": "Stoxx 600",
    "^FTSE": "FTSE 100", "^GDAXI": "DAX", "^FCHI": "CAC 40", "^N225": "Nikkei 225", "^HSI": "Hang Seng",
    "DX-Y.NYB": "dollar index", "EURUSD=X": "euro", "GBPUSD=X": "pound", "JPY=X": "yen", "RUB=X": "rouble",
    "^VIX": "VIX", "^TNX": "US 10-year Treasury yield", "BTC-USD": "bitcoin",
}


RE_LEVEL_VERB = re.compile(
    r"^(?:['’]s\s+)?(?:(?:shares|stock(?:\s+price)?|share\s+price|futures|prices?|contract|yield|benchmark|index)\s+)?"
    r"(?:(?:\w+ly|also|then|later|had|has|have|had\s+been|has\s+been|was|were|last)\s+)?"
    r"(?:(?:settled|closed|ended|finished|stood|stands|traded|trades|hovered|hovering|changed\s+hands|opened|held|"
    r"(?:listed|debuted)\s+at|negotiated\s+at|(?:still\s+)?cost(?=\s+[$€£¥]?\d)|"  # translated "were negotiated at", "had cost 1.1790 dollar"
    r"(?:opening|closing|ending|finishing|settling|listing)\s+at|"
    r"(?:was|were|is|are)\s+(?:trading|quoted|changing\s+hands|at|around|near|hovering|assessed\s+at|priced\s+at|"
    r"untraded\b[^,;.]{0,40}?\bat|(?:locked|stuck|bid|offered|indicated)\b[^,;.]{0,40}?\bat))"
    r"(?:\s+(?:unchanged|flat|steady|little\s+changed|stable|(?:\w+['’]s\s+)?session|"
    r"the\s+(?:regular\s+|previous\s+|prior\s+|trading\s+)?(?:session|day|trading)(?=\s+at\b)))?"  # "had ended the regular session at"
    # a copula before a price in a currency: "the stock was JPY545 in mid-Dec"
    r"|(?:was|were|is|are|stood)(?=\s+(?:(?:US|HK|A|C|S|R|NT)?[$€£¥₹₩]\s?\d|(?:JPY|USD|EUR|GBP|CHF|INR|HKD|AUD|CAD|ZAR|Rs\.?)\s?\d))"
    r"|(?:was|were|is|are|stood|held|remained)\s+(?:unchanged|flat|steady|little\s+changed|stable)|last\s+(?:at|traded)"
    # a background peak or an earlier close: "had peaked at $263.81", "had touched 147.66 yen",
    # "closed Fri (24 Oct) at USD 49.37", "had completed the week at 74.99 dollars"
    r"|peaked|had\s+(?:touched|hit|reached)|having\s+(?:(?:earlier|briefly|\w+ly)\s+)?(?:touched|hit|reached)|completed\s+the\s+(?:week|session|day)"
    r"|(?:closed|ended|settled|finished)\s+(?:\w+day|Mon|Tue|Wed|Thu|Fri)\.?\s+(?:\([^()]{1,20}\)\s+)?(?=at\b))\b",
    re.I,
)


RE_COUNTER_BEFORE = re.compile(r"\b(?:against|versus|vs\.?|per|(?:gaining|losing|rising|falling|strengthening|weakening)\s+to|"
                               r"(?<=\d\s)to|"  # "trading at R13.79 to the dollar"
                               rf"for\s+(?=one)|(?:{CURRENCY_PLURALS}|zł)\s+for)\s+"
                               r"(?:the\s+|a\s+|one\s+)?(?:U\.?S\.?\s+)?$", re.I)


def _states_level(scope: str) -> bool:
    """"Brent settled at $84.93", "the yen stood at 151.2": a level with no direction."""
    scope = RE_RELATIVE.sub(" ", scope[:200], count=1) if scope.lstrip().startswith(",") else scope
    scope = RE_LEAD_PAREN.sub("", scope, count=1)  # "Japan Post Holdings (6178.T) opened at ¥1,631"
    scope = RE_WHEN_IT.sub("", scope, count=1)  # "…, when it traded near R11.50"
    return bool(RE_LEVEL_VERB.match(scope.lstrip(" ,")))


def _quoted_ticker(mt: Mention, scope: str, countries: tuple[str, ...] = ()) -> tuple[str | None, bool]:
    """(ticker quoted, whether the wording runs opposite to it) for a mention and its scope.

    A currency quoted per US dollar (JPY=X, MXN=X) runs opposite to the currency's own
    move ("the yen surged" is JPY=X down); a currency moving against another named currency
    is that cross ("the franc soared against the euro" → EURCHF=X down); the dollar moving
    against a named currency is that pair ("the dollar rose to 150.45 yen" → JPY=X up).
    """
    ticker = mt.ticker
    if ticker is None:
        return None, False
    inst = find_instrument(ticker)
    if inst is None:
        return ticker, False
    if ticker == "DX-Y.NYB" and "index" not in mt.alias and "dxy" not in mt.alias:
        counter = counter_currency(scope, "USD", countries)
        pair = fx_pair("USD", counter) if counter else None
        return pair if pair else (ticker, False)
    subject = fx_subject(ticker, mt.alias) if inst.kind == "fx" else None
    if subject is None:
        return ticker, False
    local = local_currency(mt.alias, countries)
    if local and local != subject:  # "the peso" in a story about Argentina is the Argentine peso
        subject = local
        pair = fx_pair(subject, "USD")
        if pair is None:
            return None, False
        ticker, inst = pair[0], find_instrument(pair[0]) or inst
    counter = counter_currency(scope, subject, countries)
    if counter and counter != "USD":
        pair = fx_pair(subject, counter)
        if pair:
            return pair
    return ticker, bool(re.fullmatch(r"\w+ per USD", inst.unit or ""))


def _same_listing(known: str | None, code: str) -> bool:
    """A code outside the tables on the exchange of the registry ticker the name resolved to
    names that same listing: Reuters roots differ from Yahoo's ("IAG (ICAG.L)" is IAG.L,
    "UniCredit (CRDI.MI)" is UCG.MI), so the registry ticker stands."""
    if known is None or find_instrument(code) is not None or find_instrument(known) is None:
        return False
    if code.split(".")[0].isdigit():
        return False  # numeric codes ("06666.HK", "7203.T") are the same in both systems: the code names the stock
    return _exchange_suffix(known) == _exchange_suffix(code)


def _exchange_suffix(ticker: str) -> str:
    """The Yahoo exchange suffix of a ticker ("IAG.L" → "L"), "" for a US listing ("BA")."""
    return ticker.rpartition(".")[2] if "." in ticker else ""


#: words that name which listing of a company moved: "Alibaba's Hong Kong-listed shares",
#: "Vale's American depositary receipts", "TSMC's U.S.-listed shares", "Petrobras ADRs"
RE_LISTING = re.compile(
    r"(?P<us>\bADRs?\b|\bAmerican\s+[Dd]epositary\s+(?:[Rr]eceipts?|[Ss]hares?)|\b(?:U\.?S\.?|New\s+York|NYSE|Nasdaq|"
    r"Wall\s+Street)[-\s]listed)|(?P<place>\b[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)-listed|"
    r"\b(?:[Ii]n|on)\s+(?P<in>[A-Z][\w]*(?:\s[A-Z][\w]*)?)(?:\s+(?:trade|trading|shares)\b|,|\.?\s*$|"
    r"\s+(?:on|after|as|following|before|while|when)\b)",  # "In Tel Aviv, …", "fell 4.6% in Hong Kong."
)


RE_ORDINARY = re.compile(r"\b(?:ordinary|common|voting)\s+(?:shares|stock)\b", re.I)
RE_PREFERRED = re.compile(r"\b(?:preferred|preference|non-voting|pref)\s+(?:shares|stock)\b", re.I)


RE_CLASS_LETTER = re.compile(r"\bclass\s+([A-Ca-c])\b", re.I)


def share_class_listing(ticker: str, words: str) -> str:
    """The symbol of the share class ``words`` name, by each market's symbol convention:
    Xetra's preference shares carry a 3 ("VOW3.DE"; ordinary "VOW.DE"), B3's ordinary shares
    end in 3 and preferred in 4 ("PETR3.SA", "PETR4.SA"), Korea's preferred shares end in 5
    ("005935.KS"; common "005930.KS"). ``ticker`` itself when no class is named or the
    market has no such convention."""
    lettered = RE_CLASS_LETTER.search(words)
    root, _, suffix = ticker.partition(".")
    if lettered and re.fullmatch(r".+-[A-C]", root):  # "class B shares": BBD-B.TO beside BBD-A.TO, VOLV-B.ST
        return f"{root[:-1]}{lettered.group(1).upper()}" + (f".{suffix}" if suffix else "")
    ordinary = RE_ORDINARY.search(words) is not None
    preferred = not ordinary and RE_PREFERRED.search(words) is not None
    if not (ordinary or preferred):
        return ticker
    if suffix == "DE":
        if ordinary and root.endswith("3") and len(root) > 1:
            return f"{root[:-1]}.DE"
        if preferred and not root[-1].isdigit():
            return f"{root}3.DE"
    elif suffix == "SA" and root[-1:] in ("3", "4"):
        return f"{root[:-1]}{'3' if ordinary else '4'}.SA"
    elif suffix in ("KS", "KQ") and len(root) == 6 and root.isdigit():
        return f"{root[:5]}{'0' if ordinary else '5'}.{suffix}"
    return ticker


def _listing(ticker: str | None, before: str, scope: str) -> str | None:

    """The listing of ``ticker``'s company that the words around the mention name (the text
    ``before`` it and its ``scope`` up to the move); ``ticker`` itself when none is named or
    the registry knows one listing only (:func:`marketimpact.instruments.listings`)."""
    from ..instruments import listings
    from .lexicon import find_places

    if ticker is None:
        return None
    group = listings(ticker)
    if len(group) < 2:
        return ticker
    d = direction_word(scope)
    # the listing named nearest the mention: "fell 2% in Sao Paulo, while its US-listed shares …"
    named = list(RE_LISTING.finditer(before[-80:] + " " + scope[: d[1] if d else 80]))
    m = named[-1] if named else None
    if m is None:  # "fell 5% in New York trading": where it traded, after the move
        m = next((x for x in RE_LISTING.finditer(scope[:120]) if x["in"]), None)
    if m is None:
        return ticker
    if m["us"]:
        pick = [i for i in group if i.exchange == "NYSE/NASDAQ"]
    else:
        zones = {p.timezone for p in find_places(m["place"] or m["in"])}
        pick = [i for i in group if i.timezone in zones]
    return pick[0].ticker if len(pick) == 1 else ticker


def _explicit_code(scope: str) -> str | None:
    """The ticker of an exchange code or RIC in parentheses right after a company name,
    before its move ("'s Toronto-listed shares (TSX: SHOP) closed"), if it maps to a symbol."""
    m = RE_PAREN_CODE.search(scope, 0, 60)
    if m is None or RE_DIR.search(scope, 0, m.start()):
        return None
    if m["exch"] is None and "." not in m["code"] and not RE_GLOBE_CODE.fullmatch(m["code"]):  # ("NA-T": Toronto)
        alias = _alias_index().get(m["code"].lower())  # "(ESc1)", "(LCOc1)": a continuous-future RIC
        return alias if alias is not None and _kind(alias) == "future" else None
    return yahoo_symbol(m["code"], m["exch"])


def _display_name(found: str, ticker: str | None) -> str:
    """Canonical instrument name (generic "oil prices" → "oil", else the registry's short name)."""
    if ticker is None:
        return found
    inst = find_instrument(ticker)
    if inst is not None and inst.kind == "fx" and ticker not in _CANON:
        return found
    low = found.lower()
    if ticker == "BZ=F" and low in _GENERIC_OIL:
        return "oil"
    if ticker in _CANON:
        return _CANON[ticker]
    inst = find_instrument(ticker)
    return inst.name if inst else found


on_registry_change(_company_index.cache_clear)
on_registry_change(_company_buckets.cache_clear)
on_registry_change(_kind.cache_clear)
