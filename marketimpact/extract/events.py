"""Article → Event: which date (and time) is the announcement?

Every date mention is given a role from the words around it:

* **schedule** — future tense ("will meet on Thursday", "next week");
* **background** — year-only or month-year mentions, or dates more than 10 days
  before publication ("since 2022", "in March 2022");
* **reaction** — the sentence is about markets moving ("prices jumped on Monday")
  and has no announcement verb;
* **announcement** — the rest, scored higher when the sentence has an announcement
  verb (said, announced, agreed, attacked …) or "after <day>'s <noun>" (the cause).

The best announcement candidate wins (earliest in the text among equals). With no
candidate the publication date is used (precision day, low confidence); with neither,
:class:`~marketimpact.errors.NoEventDateError` tells the user to pass ``published``.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import replace
from functools import lru_cache
from zoneinfo import ZoneInfo

from ..errors import ConfigurationError, NoEventDateError
from ..instruments import find_instrument, headquarters_zone
from ..types import Article, DateCandidate, Event, RelatedDate, announcement_bounds
from .articles import parse_timezone
from .claims import instrument_mentions
from .dateline import find_dateline
from .dates import MONTHS, WEEKDAYS, DateMention, TimeMention, find_dates, find_times
from .lexicon import find_places, zone_of
from .patterns import FoldedPattern, GatedPattern, words_pattern
from .sentences import split_sentences

#: zoneinfo keeps only a few zones alive; articles from many timezones would reload tz files
_zone = lru_cache(maxsize=128)(ZoneInfo)

#: verbs (and a few nouns) that announce something: said, agreed, cut, voted, struck …
ANNOUNCE_WORDS = (
    "said|says|say|announced|announces|announce|announcement|agreed|agree|agrees|decided|decides|decide|"
    "declared|declares|unveiled|unveils|launched|attacked|struck|strikes|invaded|raised|raises|cut|cuts|"
    "lowered|hiked|hikes|held|holds|kept|keeps|voted|elected|won|wins|signed|imposed|imposes|ordered|"
    "told|wrote|posted|tweeted|confirmed|called|spoke|reached|approved|approves|rejected|resigned|"
    "made landfall|hit|halted|shut|seized|released|published|reported|forecast|postponed|postpones|"
    "adopted|adopts|dissolved|took effect|takes effect|collapsed|broke down|erupted|exploded|fired|"
    "launched|warned|stunned|surprised|scrapped|ended|ends|abandoned|suspended|backed|threatened|"
    "revealed|filed|sued|ruled|downgraded|disclosed|discloses|flagged|admitted|issued|withdrew|withdrawn|"
    "ousted|sacked|named|appointed|nominated|sanctioned|banned|bans|blocked|notified|indicted|charged|"
    "fined|recalled|grounded|delisted|defaulted|devalued|intervened|acquired|proposed|accepted|lifted|"
    "tightened|slashed|axed|unveiling|announcing|reporting|posted|approached|agreed|bid|offered|tabled|"
    "passed|enacted|declared|called|projected|guided|warned|accused|alleged|found|awarded|convicted|sentenced|"
    "overturned|upheld|cleared|authorised|authorized|vetoed|completed|terminated|cancelled|canceled|called off|"
    "quit|stepped down|arrested|detained|raided|bombed|shelled|annexed|nationalised|nationalized|floated|capped|"
    "killed|died|ditched|wrote down|dismissed|rescued|bailed out|saying|telling|confirming|warning|declaring|revealing|"
    # a listing is the event of a listing story: "made its debut on the New York Stock Exchange on Thursday"
    "debut|debuted|debuts|began trading|started trading|"
    "unsealed"
)
RE_ANNOUNCE = FoldedPattern(rf"(?=[a-z])\b(?:{words_pattern(ANNOUNCE_WORDS)})\b", re.I)
#: words of a market reaction: prices, shares, traders, rose, fell …
MARKET_WORDS = (
    "price|prices|shares|stock|stocks|futures|index|indices|market|markets|trader|traders|trading|traded|"
    "trade|yield|yields|investor|investors|session|opened|reopened|resumed|reacted|react|reacting|rose|fell|jumped|dropped|gained|slid|surged|"
    "rallied|tumbled|plunged|climbed|declined|slipped|sank|eased|settled|closed|topped|soared|slumped|rebounded|"
    "recovered|weakened|strengthened|crashed|firmed|spiked|stood|currency|sterling|crude|bitcoin|losses|gains|"
    "rally|sell-off|selloff|slide|slump|rebound"
)
RE_MARKET = FoldedPattern(rf"(?=[a-z])\b(?:{words_pattern(MARKET_WORDS)})\b")
RE_EVENT_NOUN = re.compile(
    r"^['’]s\s+(?:\w+\s+){0,2}?(?:attacks?|call|decision|announcement|vote|referendum|elections?|statement|meeting|"
    r"strikes?|deal|speech|address|ruling|report|result|tweet|post|budget|mini-budget|cut|hike|move|summit|talks|"
    r"earthquake|quake|landfall|invasion|explosion|blast|assault|coup|verdict|approval|surprise|raid|shutdown|"
    r"outage|collapse|resignation|announcement|action|intervention)\b",
    re.I,
)
RE_CAUSE = re.compile(r"\b(?:after|following|since|on\s+news\s+of|in\s+the\s+wake\s+of|in\s+response\s+to)\s+(?:the\s+)?$",
                      re.I)
#: the words right after a date, up to the verb of its clause: "On Saturday the Federal Aviation
#: Administration ordered …", "OPEC+ on Wednesday postponed …"
RE_RIGHT_CLAUSE = re.compile(r"^,?\s+(?:\([^()]{1,20}\)\s+)?(?!after\b|when\b|as\b|following\b|before\b|(?:a|one|two|three|the|\d)\s+days?\s+(?:after|before)\b)(?P<words>(?:[\w.&'’-]+\s+){0,5}[\w'’-]+)",
                             re.I)
#: a market noun that is the object of an announcement verb ("surprised the market on Tuesday")
#: says who was told, not that prices reacted
RE_MARKET_OBJECT = FoldedPattern(
    r"\b(?:surprised|stunned|shocked|spooked|rattled|told|warned|reassured|calmed|caught|wrong-footed)\s+"
    r"(?:the\s+|its\s+|global\s+|oil\s+|financial\s+)?$",
    re.I,
)
#: inside a non-restrictive relative clause (", which was hit by a fire on June 8,"): a detail
#: about the subject, not what the sentence reports
RE_RELATIVE_CLAUSE = re.compile(r"(?:,\s+|\b[a-z]+\s+)(?:which|who|whose)\b[^,;]*$")
RE_PERFECT = re.compile(r"\bhad\s+(?:[$€£]?[\w/'’-]+(?:[.,]\d+)*%?\s+){0,3}?(?:on\s+)?$"
                        # "many traders had expected after the group's talks on Thursday": the pluperfect's cause
                        r"|\bhad\s+(?:[a-z]+ly\s+)?[a-z]+(?:ed|en|wn)\s+(?:after|following|since|before)\s+[^,.;:]{0,40}?(?:on\s+)?$",
                        re.I)
RE_BEGAN = FoldedPattern(r"\b(?:began|begun|started|starting|since)\s+(?:on\s+|in\s+|an?\s+|the\s+)?$", re.I)
#: a deadline or the end of a reporting period: "published by Friday", "the three months ended April 25"
RE_SINCE_CLAUSE = re.compile(r"\b(?:has|have|had)\s+been\b[^.;:]{0,60}\bsince\s+[^,.;:()]{0,70}$", re.I)
RE_DEADLINE = re.compile(r"(?:\b(?:by|until|till|before|no\s+later\s+than|deadline\s+(?:of|on))\s+|"
                         r"\b(?:period|quarter|year|months|weeks|days)\s+(?:ended|ending|to)\s+)(?:on\s+)?$", re.I)

#: a date naming the writer's own earlier publication: "in our 14 Nov note", "our Tuesday preview"
RE_OWN_NOTE_BEFORE = re.compile(r"\b(?:our|my)\s+$", re.I)
RE_NOTE_AFTER = re.compile(r"['’]?s?\s+(?:note|report|comment|preview|review|update|piece|column|research|morning\s+note)\b",
                           re.I)
#: "for today": the day as a span ("leave the blog for today", "the guidance for today")
RE_FOR_THE_DAY = re.compile(r"\bfor\s+$|\ball\s+from\s+(?:us|me)\s+$", re.I)  # "That's all from us today"
#: a meeting or call set for a day: "a conference call for **2pm CET today**", "a vote for Thursday"
RE_SET_FOR = re.compile(r"\b(?:call|meeting|conference|vote|hearing|summit|briefing|webcast|presentation)\s+"
                        r"(?:[\w-]+\s+){0,2}?for\s+[*_]*(?:\d{1,2}(?:[:.]\d\d)?\s*(?:am|pm|a\.m\.|p\.m\.)?\s*"
                        r"(?:(?-i:[A-Z]{2,4})\s+)?)?(?:on\s+)?$", re.I)


def dateline_timezone(dateline: str | None) -> str | None:
    """IANA timezone of a dateline city ("Tokyo" → "Asia/Tokyo"), if known."""
    if not dateline:
        return None
    return zone_of(dateline)


def timezone_near(text: str) -> str | None:
    """A time zone named by a place right after a clock time ("2 p.m. in Washington")."""
    m = re.search(r"\b(?:in|from)\s+(?P<place>[A-Z][\w.]*(?:\s[A-Z][\w.]*){0,2})", text)
    return zone_of(m["place"]) if m else None


#: a clock time in a named place's time right before a weekday: "at 5:58 a.m. Tokyo time (on) Tuesday"
RE_ZONED_CLOCK_BEFORE = re.compile(r"\b\d{1,2}(?:[:.]\d\d)?\s*(?:a\.?m\.?|p\.?m\.?)?\s+"
                                   r"(?P<place>[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)\s+time,?\s+(?:on\s+)?$")


def publication_reference(article: Article) -> tuple[str, dt.date | None]:
    """(timezone the text's dates are read in, local publication date): the dateline's zone,
    else the article's, else UTC. Relative days ("Wednesday", "yesterday") resolve against it."""
    base_tz = dateline_timezone(article.dateline) or parse_timezone(article.timezone) or "UTC"
    return base_tz, _local_publication(article, base_tz)


def _already_there(mentions: list[DateMention], article: Article, ref: dt.date | None) -> list[DateMention]:
    """A bare weekday that names the day after the reference date ("Wednesday" in a story filed late
    on Tuesday in New York) is that day where it already is (Asia, the Pacific), not six days back:
    the publication instant is already that day east of the reporter."""
    pub = article.published
    if ref is None or not isinstance(pub, dt.datetime) or pub.tzinfo is None or pub.hour < 18:
        return mentions  # only a filing late in the reporter's evening: by then it is tomorrow in Asia
    east = pub.astimezone(_zone("Pacific/Auckland")).date()
    if east != ref + dt.timedelta(days=1):
        return mentions
    out = []
    for d in mentions:
        if (d.kind == "weekday" and d.rule and not d.rule[2] and not d.rule[3] and d.value == ref - dt.timedelta(days=6)
                and d.tense == "past"):
            d = replace(d, value=east)
        out.append(d)
    return out


def _local_publication(article: Article, tz: str) -> dt.date | None:
    pub = article.published
    if pub is None:
        return None
    if isinstance(pub, dt.datetime):
        if pub.tzinfo is None:
            return pub.date()
        return pub.astimezone(_zone(tz)).date()
    return pub


#: market-hours phrases that time an announcement, not a market move ("said after the close on
#: Thursday", "reported after market hours on Tuesday", "before the open"): masked before the
#: market-word test and scored as a cue of an announcement
RE_MARKET_HOURS = re.compile(
    r"\b(?:after|before|ahead\s+of|prior\s+to|following)\s+(?:the\s+)?(?:close\s+of\s+(?:trading|the\s+market|"
    r"markets)|(?:(?-i:[A-Z])[\w.]*\s+){0,2}(?:market|markets|stock\s+market|exchange|trading|cash)?\s*(?:had\s+|has\s+)?"
    r"(?:close|closed|"
    r"closing|open|opening|hours|bell)|market\s+hours|trading\s+hours|the\s+bell|markets?\s+closed"
    r"|(?:trading|market|session)\s+end)\b"  # machine-translated "after the trading end of 23rd"
    r"|\b(?:late|early)\s+(?:in\s+the\s+)?(?:evening|night|morning)\b",
    re.I,
)
#: a date that bounds a period ("from April 26 to May 29") is not an event
#: a date opening a sentence whose verb is past perfect: "On Wednesday, Wall Street had opened the quarter …"
#: (not "said on Saturday they had launched": reported speech)
RE_PERFECT_AFTER = re.compile(r",?\s+(?:[^,;.]{1,60},\s+)?(?:[\w.&'’-]+\s+){0,4}?had\s+(?!been\s+expected)\w+", re.I)
#: "… after the Federal Reserve pushed ahead with …": a cause clause whose subject did something (an
#: announcing verb, or any past tense in -ed: the vocabulary cannot list every verb a cause takes)
_AFTER_CLAUSE = r"\b(?:after|following)\s+(?:[\w'’.,-]+\s+){0,16}?"  # "after" and up to 16 words to the cause's verb
RE_AFTER_ANNOUNCE = re.compile(rf"{_AFTER_CLAUSE}(?:{words_pattern(ANNOUNCE_WORDS)}|(?-i:[a-z]{{3,}}ed))\b", re.I)
#: a cause clause with an announcing word (not just any verb in -ed: "after traders reassessed" is no cause)
RE_AFTER_ANNOUNCE_WORD = re.compile(rf"{_AFTER_CLAUSE}(?:{words_pattern(ANNOUNCE_WORDS)})\b", re.I)
#: what ends a release's dateline after its date: "July 7, 2024 /PRNewswire/ --", "March 15, 2021 /CNW/ -", " -- "
RE_RELEASE_STAMP_END = re.compile(r"\s*(?:/[A-Za-z .-]{2,30}/\s*)?(?:--|[-–—])\s")
#: a market move then its cause clause, before a date: "sank 8.3% after saying late Tuesday"
RE_SIDE_REACTION_CAUSE = re.compile(r"\b\d[\d.,]*\s?(?:%|per\s?cent|percent)[^.;]{0,40}\b(?:after|following|as\s+(?:a|an|the)\b)"
                                    r"[^.;]{0,80}$", re.I)  # ("as a softer inflation reading on Wednesday"; not "as well as")
#: what may open a sentence before its date: "On", "Late on", "Two days earlier, on"
RE_OPENING = re.compile(r"\W{0,3}(?:[A-Za-z][A-Za-z ]{0,24}:\s+)?"  # "For perspective: on Thursday night, …"
                        r"(?:(?:[\w-]+\s+){1,3}(?:earlier|before|previously),\s+)?(?:(?:late|early)\s+)?"
                        r"(?:on\s+|by\s+)?\Z", re.I)
RE_BACK_REFERENCE = re.compile(r"\b(?:most\s+recently|as\s+recently\s+as|(?:a|one|two|three|four|five|\d)\s+(?:days?|weeks?)\s+(?:earlier|before)|"
                               r"(?:the|a)\s+(?:day|week|night)\s+before|the\s+previous\s+(?:day|week))\s*,?\s+(?:on\s+)?\Z",
                               re.I)
RE_PERIOD_END = re.compile(r"\b(?:(?:week|weeks|month|months|quarter|year|period|half)\s+(?:ended|ending|to)\s+(?:on\s+)?|"
                           r"(?:provision|balance|position|figures?|accounts?|holdings?|stake|debt)s?\s+as\s+(?:of|at)\s+)$",
                           re.I)
RE_MARKET_SHUT = re.compile(r"\b(?:markets?|exchanges?|bourses?|trading|stock\s+markets?)\s+(?:were|was|are|is|remained|stayed)\s+"
                            r"(?:shut|closed)(?:\s+for\s+[^,.;]{0,40})?\s+(?:on\s+)?$", re.I)
RE_PERIOD_LEFT = re.compile(r"\b(?:from|between|covering|period)\b[^,.;]{0,40}\b(?:to|and|through|until)\s+$", re.I)
RE_PERIOD_RIGHT = re.compile(r"^\s*(?:to|through|until|and)\s+(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
                             r"[a-z]*\.?\s+)?\d", re.I)
RE_PERIOD_FROM = re.compile(r"\b(?:from|between)\s+$", re.I)
#: a comparison date: "compared with 6.1162 on Monday", "from Friday's close"
#: "compared with 188.38 on Wednesday", "against 1.10 on Monday": "against"/"from" compare only a
#: number ("plunged against the dollar on Thursday" is the day's move itself)
RE_COMPARISON = re.compile(r"\b(?:compared\s+with|compared\s+to|versus)\b[^,;]{0,30}$"
                           r"|\b(?:against|from)\b(?=[^,;]{0,30}$)[^,;\d]*\d[^,;]*$", re.I)
#: a done event's noun right before "(early|late) on <date>": "The attacks early on Saturday" (not
#: "decision" or "vote", which are as often scheduled: "The Fed decision on Wednesday is the next test")
RE_EVENT_NOUN_BEFORE = re.compile(
    r"\b(?:the|its|their|a|(?-i:[A-Z])[\w.'’-]*['’]s)\s+(?:[\w-]+\s+)?(?:attacks?|strikes?|tweet|coup|"
    r"ruling|verdict|invasion|explosion|blast|assault|raid|resignation|earthquake|quake|collapse)\s+(?:(?:late|early)\s+)?on\s+$", re.I)
#: what may sit between a date and its "after …" cause
RE_GAP_TO_CAUSE = re.compile(r"(?:,\s+(?:with|as|led\s+by)\s+[^,;.]{1,60})?,?\s+(?=(?:after|following)\b)")
#: a sentence whose subject is the market's commentators, not the news maker
RE_COMMENTATOR = re.compile(r"\W{0,3}(?:(?:Some|Many|Most|Several|Other|The|Local|Foreign|Market|Currency|Oil|Bond|Equity)\s+)?"
                            r"(?:analysts|economists|strategists|traders|dealers|investors|brokers|observers|experts|"
                            r"market\s+participants)\b(?!['’])", re.I)
#: a date inside a "before …" clause: a step in the background, not the story ("before the market
#: opened on Monday" is a timing, masked earlier as market hours)
RE_BEFORE_CLAUSE = re.compile(r"\b(?:already|was|were|had)\b[^,;:.]{0,40}\bbefore\s+(?:the\s+|a\s+|its\s+)?"
                              r"(?!(?:markets?|open|opening|bell|close|closing|trading|session)\b)[^,;:.]{1,60}$", re.I)
RE_BEFORE_CLAUSE = GatedPattern(RE_BEFORE_CLAUSE, ("before",))
#: a date inside the earlier event that the story's event "comes a week after": that event is background
RE_EARLIER_EVENT = re.compile(
    r"\b(?:comes?|came|follows|followed|arrives?|arrived)\s+(?:just\s+|barely\s+|only\s+|nearly\s+|almost\s+|"
    r"about\s+|(?:less|more)\s+than\s+)?(?:(?:a|one|two|three|four|five|six|several|a\s+few|\d{1,2})\s+)?"
    r"(?:days?|weeks?|months?|years?)\s+after\b[^.;]*$", re.I)
RE_EARLIER_EVENT = GatedPattern(RE_EARLIER_EVENT, ("after",))
#: "today is the first full session": the date is a trading session
RE_SESSION_DAY = re.compile(r"^\s*(?:is|was|will\s+be|marks?)\s+(?:the\s+)?(?:first|last|only)\s+(?:full\s+)?"
                            r"(?:trading\s+)?(?:session|day\s+of\s+trading|trading\s+day)", re.I)
#: a day's own session, named in the possessive: "Thursday's session was the first opportunity" (not "a Monday
#: session of parliament")
RE_POSSESSIVE_SESSION = re.compile(r"^\s+(?:trading\s+)?session\b(?!\s+of\b)", re.I)
#: the left-context patterns above tried only on a window holding one of their words (every match
#: holds one; tests/test_extract_fastpaths.py checks): most windows hold none
RE_PERIOD_LEFT = GatedPattern(RE_PERIOD_LEFT, ("from", "between", "covering", "period"))
RE_PERIOD_FROM = GatedPattern(RE_PERIOD_FROM, ("from", "between"))
RE_DEADLINE = GatedPattern(RE_DEADLINE, ("by", "until", "till", "before", "later", "deadline", "period", "quarter",
                                         "year", "months", "weeks", "days"))
RE_PERIOD_END = GatedPattern(RE_PERIOD_END, ("week", "month", "quarter", "year", "period", "half", "as"))
RE_MARKET_SHUT = GatedPattern(RE_MARKET_SHUT, ("shut", "closed"))
RE_BEGAN = GatedPattern(RE_BEGAN, ("began", "begun", "start", "since"))
RE_SINCE_CLAUSE = GatedPattern(RE_SINCE_CLAUSE, ("since",))
RE_CAUSE = GatedPattern(RE_CAUSE, ("after", "following", "since", "news", "wake", "response"))
RE_COMPARISON = GatedPattern(RE_COMPARISON, ("compared", "versus", "against", "from"))
RE_PERFECT = GatedPattern(RE_PERFECT, ("had",))
RE_RELATIVE_CLAUSE = GatedPattern(RE_RELATIVE_CLAUSE, ("which", "who"))
RE_MARKET_HOURS = GatedPattern(RE_MARKET_HOURS, ("after", "before", "ahead", "prior", "following", "late", "early"))


#: only the first date mentions are scored: news puts the announcement near the top, and a
#: bound keeps a pathological text (thousands of dates) linear
MAX_CANDIDATES = 300


def _mask(text: str, rx: re.Pattern[str]) -> str:
    """``text`` with ``rx``'s matches blanked out (same length, so offsets still hold)."""
    return _mask_cached(text, rx) if len(text) < 2000 else rx.sub(lambda m: " " * len(m.group(0)), text)


@lru_cache(maxsize=2048)
def _mask_cached(text: str, rx: re.Pattern[str]) -> str:
    return rx.sub(lambda m: " " * len(m.group(0)), text)


def _role(d: DateMention, sentence: str, pos: int, ref: dt.date | None) -> str:
    """schedule / background / reaction / announcement (see module docstring)."""
    if d.granularity != "day":
        return "background"
    if RE_BACK_REFERENCE.search(sentence[max(0, pos - 40) : pos]):
        return "background"  # "Two days earlier, on Monday": a step back from the story's day
    if (ref is not None and d.value is not None and d.value > ref) or (
            d.tense == "future" and not (ref is not None and d.value is not None and d.value < ref)):
        return "schedule"
    if ref is not None and d.value is not None and (ref - d.value).days > 10:
        return "background"
    end = pos + len(d.text)
    if (RE_PERIOD_LEFT.search(sentence[max(0, pos - 60) : pos]) or
            (RE_PERIOD_FROM.search(sentence[max(0, pos - 10) : pos]) and RE_PERIOD_RIGHT.match(sentence[end : end + 25]))):
        return "background"  # "from April 26 to May 29"
    if RE_SESSION_DAY.match(sentence[end : end + 50]) or (
            d.text.endswith(("'s", "’s")) and RE_POSSESSIVE_SESSION.match(sentence, end)):
        return "reaction"
    if RE_DEADLINE.search(sentence[max(0, pos - 30) : pos]):
        return "background"
    if RE_OWN_NOTE_BEFORE.search(sentence[max(0, pos - 10) : pos]) and RE_NOTE_AFTER.match(sentence, pos + len(d.text)):
        return "background"  # "We flagged this risk in our 14 Nov note": the writer's earlier publication
    if d.kind == "relative" and RE_FOR_THE_DAY.search(sentence[max(0, pos - 16) : pos]):
        return "background"  # "That's where we'll leave the blog for today": a span, not a day's news
    if RE_SET_FOR.search(sentence[max(0, pos - 60) : pos]):
        return "schedule"  # "called a conference call for 2pm CET today": when the call will be, not the news
    if RE_PERIOD_END.search(sentence[max(0, pos - 40) : pos]) or RE_MARKET_SHUT.search(sentence[max(0, pos - 60) : pos]):
        return "background"  # "in the week ended March 28"; "U.S. markets were shut on Monday for the holiday"
    sentence = _mask(sentence, RE_MARKET_HOURS)
    left = sentence[max(0, pos - 40) : pos]
    possessive_event = d.text.endswith(("'s", "’s")) and RE_EVENT_NOUN.match("'s" + sentence[pos + len(d.text) :][:40])
    if (RE_BEGAN.search(left) or RE_SINCE_CLAUSE.search(sentence[max(0, pos - 90) : pos])) and not possessive_event:
        return "background"  # "under pressure since May said on Sunday": when a state began, not the story
    if possessive_event and RE_CAUSE.search(sentence[max(0, pos - 30) : pos]):
        return "announcement"  # "since Saturday's surprise attack": the cause of what the clause reports
    ann, mkt = _attached(sentence, pos, pos + len(d.text))
    if mkt and not ann and not _in_cause_clause(sentence, pos):
        return "reaction"
    return "announcement"


@lru_cache(maxsize=16)  # _role and _score ask the same of each date
def _in_cause_clause(sentence: str, pos: int) -> bool:
    """Whether the date at ``pos`` sits in an "after <someone> <did something> …" clause: "Gold scaled a
    record on Monday … after a helicopter carrying Iran's president crashed … on Sunday" dates the cause."""
    left = sentence[max(0, pos - 160) : pos]
    markers = list(RE_CAUSE_MARKER.finditer(left))
    m = markers[-1] if markers else None
    return (m is not None and RE_AFTER_ANNOUNCE.match(left, m.start()) is not None
            and not RE_MARKET_SUBJECT.match(left, m.end()) and not RE_CLAUSE_END.search(left, m.end()))


#: where a cause clause has ended before the date: "…, and by 0940 GMT the contract stood at … from Friday's"
RE_CLAUSE_END = re.compile(r",\s+(?:and|but|while|whereas)\b|;")


#: "after prices fell …": a cause that is itself a market move
RE_MARKET_SUBJECT = re.compile(r"\s+(?:the\s+)?(?:[\w-]+\s+)?(?:prices?|shares|stocks?|futures|markets?|yields?|"
                               r"index|indices|currency|bonds?)\b", re.I)


RE_CLAUSE_BREAK = re.compile(r";|:\s")


@lru_cache(maxsize=16)  # _role and _score ask the same of each date
def _attached(sentence: str, pos: int, end: int) -> tuple[bool, bool]:
    """(announcement verb, market word) governing the date: the nearest one to its left
    in the clause, or an announcement verb right after it ("OPEC+ on Wednesday postponed",
    "the Council in Monday has formally adopted")."""
    left = RE_CLAUSE_BREAK.split(sentence[max(0, pos - 110) : pos])[-1]
    base = pos - len(left)
    last_a = last_m = -1
    for m in RE_ANNOUNCE.finditer(left):
        if (_states_a_level(sentence, base + m.end(), pos, end) or RE_MOVE_OBJECT.match(left, m.end())
                or (m.group(0).lower() in _REACHED_WORDS and RE_PRICE_AFTER.match(left, m.end()))):
            last_m = m.end()  # "Brent had ended last week at $79.02", "posted their steepest drop": a market verb
        else:
            last_a = m.end()
    last_m = max((m.end() for m in RE_MARKET.finditer(left) if not RE_MARKET_OBJECT.search(left[: m.start()])
                  and not RE_NOT_MARKET_AFTER.match(left, m.end()) and not RE_POLLS_BEFORE.search(left[: m.start()])),
                 default=last_m)
    right = sentence[end : end + 40]
    rm = RE_RIGHT_CLAUSE.match(sentence[end : end + 70])
    words = rm["words"].split()[:7] if rm else []
    for i, word in enumerate(words[:6]):
        if RE_ANNOUNCE.fullmatch(word):
            if words[i + 1 : i + 2] == ["without"]:
                break  # "talks on Thursday ended without an agreement": nothing was announced
            return True, False
        if (RE_MARKET.fullmatch(word) or word.lower() in ("that", "which", "who", "when")
                or (last_m > last_a and RE_OTHER_VERB.fullmatch(word))):
            break  # "Investors on Monday cheered a fine imposed by …": the market subject's verb comes first
    if last_a >= 0 or last_m >= 0:
        return (True, False) if last_a > last_m else (False, True)
    return False, bool(RE_MARKET.match(right.strip()))


#: words RE_ANNOUNCE counts (an attack "hit", a deal "reached") that, before a price, say a market reached a level:
#: "Brent had hit $74.75 on Thursday"
_REACHED_WORDS = frozenset(("hit", "hits", "touched", "reached", "topped"))
RE_PRICE_AFTER = re.compile(r"\s+(?:about\s+|around\s+|nearly\s+)?(?:US)?[$€£¥]\s?\d")
#: an announcing verb whose object is a market move: "stocks posted their steepest one-day drop since
#: July 2015", "recorded its biggest gain"
RE_MOVE_OBJECT = re.compile(r"\s+(?:(?:a|an|the|its|their|his|her)\s+)?(?:[\w-]+\s+){0,4}?"
                            r"(?:drop|fall|decline|loss|losses|gain|gains|rise|jump|rally|slump|plunge|slide|surge|"
                            r"sell-off|selloff|advance|rebound)s?\b"
                            # a market's extreme: "Bund yields had hit a record low of minus 0.71 per cent"
                            r"|\s+(?:a|an|its|their)\s+(?:[\w-]+\s+){0,3}?(?:low|high|peak|trough)\s+of\b", re.I)
#: "polling stations closed", "polls opened": a vote's hours, not a market's
RE_POLLS_BEFORE = re.compile(r"\b(?:polls|polling\s+stations|voting|ballot\s+boxes)\s+$", re.I)
#: a market word in another sense: "a gunman opened fire", "closed ranks", "the session of parliament"
RE_NOT_MARKET_AFTER = re.compile(r"\s+(?:fire|ranks|talks|[Ee]xchange\b|an?\s+(?:inquiry|investigation|probe|case))\b", re.I)
#: a past-tense verb ("cheered", "shrugged") after a market subject and its date: it governs the
#: clause, so an announcement word after it is inside its object ("cheered a fine imposed by …")
RE_OTHER_VERB = re.compile(r"(?!hundred)[a-z]{3,}(?<!e)ed")
#: a verb's complement that is a price level, not an object: "ended at $79.02", "ended Friday in
#: New York at $1.0727", "ended 2% higher" — the verb reports a market, not an announcement
RE_LEVEL_COMPLEMENT = re.compile(
    r"\s+(?:(?:last|this|the|on)\s+)?(?:(?:week|session|day|month|year|quarter|trading|\w+day)(?:['’]s)?,?\s+)?"
    r"(?:(?:session|trading|day)\s+)?"  # "ended Friday's session in New York at $28.64"
    r"(?:(?:in|on)\s+[A-Z][\w.]+(?:\s+[A-Z][\w.]+)?,?\s+)?"
    r"(?:(?:at|near|around|just\s+(?:above|below|under|over)|above|below)\s+(?:US|A|C|HK|S|R)?(?:[$€£¥₹]|Rs\.?|INR|EUR|USD)?\s?"
    r"\d(?![\d.]*\s?(?:[ap]\.?m\b|GMT|UTC|ET\b|BST|CET|local|hours|hrs|o'clock)|\d?[:h]\d\d)"
    r"|[\d.]+\s?(?:%|per\s*cent|percent)\s+(?:higher|lower|up|down)\b|(?:higher|lower|flat|unchanged)\b"
    r"|(?:up|down)\s+[\d.]+\s?(?:%|per\s*cent|percent))")  # "ended Wednesday down 1.1 per cent"


def _states_a_level(sentence: str, verb_end: int, pos: int, end: int) -> bool:
    """Whether the verb ending at ``verb_end`` takes a price level as its complement; the date
    at ``pos:end`` reads as a day word ("ended Friday at $79")."""
    day = "Monday's" if sentence[pos:end].endswith(("'s", "’s")) else "Monday"
    return bool(RE_LEVEL_COMPLEMENT.match(sentence[verb_end:pos] + day + sentence[end : end + 60]))


def _score(d: DateMention, sentence: str, pos: int, sent_index: int, times: list[tuple[int, int]]) -> dict[str, float]:
    """The named scoring terms that make a date the announcement (their sum is its score)."""
    f: dict[str, float] = {"base": 1.0}
    end = pos + len(d.text)
    near = sentence[max(0, pos - 60) : end + 40]
    if RE_MARKET_HOURS.search(near):
        f["market_hours_timing"] = 1.0  # "said after the close on Thursday": the timing of an announcement
    if RE_COMPARISON.search(sentence[max(0, pos - 40) : pos]):
        f["comparison"] = -1.5  # "compared with 6.1162 on Monday"
    if _is_price_line(sentence):
        f["price_sentence"] = -1.0  # a quote line ("MC -4.2% at EUR 634.10 (10:10 CEST)")
    sentence = _mask(sentence, RE_MARKET_HOURS)
    ann, mkt = _attached(sentence, pos, end)
    if d.text.endswith(("'s", "’s")) and RE_EVENT_NOUN.match("'s" + sentence[end : end + 40]):
        f["event_noun"] = 1.5  # "Saturday's surprise attack"
        if RE_CAUSE.search(sentence[max(0, pos - 30) : pos]):
            f["cause"] = 1.0  # "since Saturday's attack": the cause, whatever the clause reports
            ann, mkt = False, False
    elif RE_EVENT_NOUN_BEFORE.search(sentence[max(0, pos - 40) : pos]):
        f["event_noun"] = 1.5  # "The attacks early on Saturday on …", "the ruling on Tuesday"
    if ann:
        f["announce_verb"] = 1.5
        if sent_index == 0:
            f["lead_announcement"] = 0.5  # "Intel said on Monday its chief executive had retired": the lead's own news
    elif mkt and sent_index <= LEAD_SENTENCES and _in_cause_clause(sentence, pos):
        f["cause_clause"] = 1.5  # "… after a helicopter carrying Iran's president crashed … on Sunday"
    elif mkt:
        f["market_reaction"] = -1.5
    if any(abs(t0 - end) < 60 or abs(pos - t1) < 60 for t0, t1 in times):
        f["clock_time"] = 2.0
    if RE_PERFECT.search(sentence[max(0, pos - 70) : pos]) or (RE_OPENING.match(sentence[:pos])
                                                              and RE_PERFECT_AFTER.match(sentence, end)):
        f["past_perfect"] = -1.0  # "had … on Thursday", "On Wednesday, Wall Street had opened …"
    if RE_EVENT_CAME.search(sentence[max(0, pos - 80) : pos]):
        f["event_subject"] = 1.5  # "The bigger blow came on Sunday": the event itself
    if ann and "event_noun" not in f and RE_COMMENTATOR.match(sentence):
        f["commentary"] = -1.5  # "Analysts I've spoken to this morning say …": what commentators say, not the news
    if RE_BEFORE_CLAUSE.search(sentence[max(0, pos - 70) : pos]):
        f["before_clause"] = -1.5  # "already in recession before the lockdown took effect at midnight on Thursday"
    if RE_EARLIER_EVENT.search(sentence[max(0, pos - 160) : pos]):
        f["earlier_event"] = -2.0  # "The move comes barely a week after China devalued … on August 11"
    if RE_RELATIVE_CLAUSE.search(sentence[max(0, pos - 120) : pos]):
        f["relative_clause"] = -1.0
    if d.kind == "explicit":
        f["explicit_date"] = 0.3
    if sentence.rfind("(", 0, pos) > sentence.rfind(")", 0, pos) and not (
            sentence[pos - 1 : pos] == "(" and sentence[end : end + 1] == ")"):
        f["parenthetical"] = -1.5  # "(released 3pm CT Mon)": an aside, not the story; "White House (Tue) confirmed" is a date
    f["position"] = -0.05 * sent_index
    return f


def _good_times(times: list[TimeMention], a: int, b: int) -> list[TimeMention]:
    lo = bisect.bisect_left([t.span[0] for t in times], a) if len(times) < 64 else _bisect_times(times, a)
    out = []
    for t in times[lo:]:
        if t.span[0] >= b:
            break
        if not t.deadline:
            out.append(t)
    return out


def _bisect_times(times: list[TimeMention], a: int) -> int:
    lo, hi = 0, len(times)
    while lo < hi:
        mid = (lo + hi) // 2
        if times[mid].span[0] < a:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _pick_time(times: list[TimeMention], sentences: list[tuple[int, int, str]], idx: int, anchor: int,
               value: dt.date, mentions: list[DateMention]) -> tuple[TimeMention | None, int]:
    """Clock time of the announcement: in the evidence sentence (nearest the date), else in
    one of the next two sentences that announces something and names no other day."""
    a, b, _ = sentences[idx]
    inside = _good_times(times, a, b)
    if inside:
        return min(inside, key=lambda t: abs(t.span[0] - anchor)), idx
    for j in range(idx + 1, min(idx + 3, len(sentences))):
        a2, b2, sent2 = sentences[j]
        cand = _good_times(times, a2, b2)
        if not cand or not RE_ANNOUNCE.search(sent2):
            continue
        other = [m for m in mentions if a2 <= m.span[0] < b2 and m.granularity == "day" and m.value != value]
        if other:
            continue
        return cand[0], j
    return None, idx


#: a lower-case finite verb: a line without one is a heading, not a sentence
_PRICE_MOVE = re.compile(r"(?<![\w.])[+\-−]\d{1,3}(?:\.\d{1,3})?\s?%|\b\d{1,3}(?:\.\d{1,3})?\s?%\s+(?:higher|lower)\b")
@lru_cache(maxsize=4096)
def _is_price_line(sentence: str) -> bool:
    """A sentence that quotes a price move and announces nothing (searched once per sentence)."""
    return bool(_PRICE_MOVE.search(sentence)) and not RE_ANNOUNCE.search(sentence)


RE_FINITE_VERB = re.compile(r"\b(?:is|are|was|were|has|have|had|will|would|said|says|[a-z]{2,}ed|[a-z]{3,}s)\b")


def _heading_spans(text: str) -> list[tuple[int, int]]:
    """Masthead and heading lines: the first lines of the text, or any line in brackets or
    bold, that are short and have no verb ("MORNING NOTE — Monday, May 19, 2025",
    "[MORNING BELL — FRIDAY, AUGUST 2, 2024 — 6:05 A.M. ET]"). Their dates are publication
    dates, not events."""
    out = []
    pos = 0
    for i, line in enumerate(text.split("\n")):
        end = pos + len(line)
        stripped = line.strip().strip("*#[]_ ")
        words = stripped.split()
        boxed = line.strip().startswith(("[", "**", "#")) or i < 2
        if boxed and line.count(" | ") >= 2 and len(line) < 160:
            out.append((pos, end))  # "**ENERGY DAILY | Wed 24-Nov-21 | Short week: US closed Thu**": a masthead
            pos = end + 1
            continue
        if (words and len(words) <= 16 and boxed and not stripped.endswith((".", "!", "?"))
                and not RE_FINITE_VERB.search(_strip_dates(stripped))):
            out.append((pos, end))
        pos = end + 1
        if pos > 4000:
            break
    return out


def _strip_dates(line: str) -> str:
    """A heading without its weekday/month words (they end in s/ed-like letters: "Tuesdays")."""
    return re.sub(r"\b(?:[A-Z][a-z]+days?|[A-Z]{3,}DAY)\b", " ", line)


#: the subject of "came a day after": an announcement noun ("The approval", "The decision", "The move")
#: a noun for the event itself after a determiner or a possessive: "The approval", "Moody's downgrade"
_EVENT_NOUN = (r"(?:The|This|That|Its|Their|[A-Z][\w.'’-]*['’]s)\s+(?:[\w-]+\s+){0,2}?(?:approval|decision|"
               r"announcement|move|cut|hike|ruling|vote|statement|deal|offer|bid|launch|listing|filing|warning|"
               r"downgrade|upgrade|verdict|call|intervention|blow|news|order|ban")
RE_EVENT_SUBJECT = re.compile(rf"^\s*{_EVENT_NOUN})\b")
#: an event noun as the subject of "came/happened/struck" right before a date: "The bigger blow came on Sunday"
RE_EVENT_CAME = re.compile(
    rf"(?:(?:^|[.;:]\s+|,\s+){_EVENT_NOUN}|attack|strike|collapse|blast|explosion|crash|shock)"
    r"|,\s+an?\s+(?:[\w-]+\s+)?(?:reversal|U-turn)\s+that)\s+"
    r"(?:came|happened|occurred|struck|hit|arrived|landed|followed)\s+(?:late\s+|early\s+)?(?:on\s+)?$")  # (", a reversal that came late on Sunday")
RE_EVENT_CAME = GatedPattern(RE_EVENT_CAME, ("came", "happened", "occurred", "struck", "hit", "arrived", "landed",
                                             "followed"))
#: matched at the end of a date (``match(text, pos)`` anchors there; a ``^`` would only match at 0)
RE_DAYS_AFTER = re.compile(r",?\s+(?P<n>a|one|two|three|the|\d)\s+days?\s+after\b(?P<rest>[^.;]{0,120})", re.I)
_DAYS = {"a": 1, "one": 1, "two": 2, "three": 3, "the": 1}  # ("the day after the announcement": translated "au lendemain")


#: "The approval came a day after a hacker … on Tuesday": the subject's day is the named day plus n
RE_CAME_AFTER = re.compile(r"\b(?:came|comes|follows|followed|arrived)\s+(?P<n>a|one|two|three|\d)\s+days?\s+after\b",
                           re.I)


def _promote(scored: list, cand: tuple, term: str) -> None:
    """Make a market-day candidate the announcement, first in ``scored``, with its named score term."""
    cand[4][term] = 10.0
    scored.remove(cand)
    scored.insert(0, (cand[0] + 10.0, cand[1], cand[2], "announcement", cand[4]))


def _implied_candidates(sentences, scored):
    """Candidates the text implies without naming the day: "fell on Tuesday, a day after the
    lender disclosed …" → the day before Tuesday; "the approval came a day after … on Tuesday"
    → the day after Tuesday."""
    out = []
    for _sc, d, idx, role, _f in list(scored):
        if d.value is None:
            continue
        a = sentences[idx][0]
        sent = sentences[idx][2]
        came = RE_CAME_AFTER.search(sent, 0, d.span[0] - a)
        after = RE_DAYS_AFTER.match(sent, d.span[1] - a) or _days_after_later(sent, d.span[1] - a)
        if came and RE_EVENT_SUBJECT.search(sent, 0, came.start()):
            v = d.value + dt.timedelta(days=_days(came["n"]))
            text = came.group(0) + " " + d.text
        elif after and RE_ANNOUNCE.search(after["rest"]) and not (
                role == "announcement" and _attached(sent, d.span[0] - a, d.span[1] - a)[0]):
            # ("made its debut on Thursday, a day after pricing …": a day its own verb announces stands)
            v = d.value - dt.timedelta(days=_days(after["n"]))
            text = d.text + after.group(0)[:20]
        else:
            continue
        implied = DateMention("implied", text, d.span, v, "day", "past")
        out.append((1.0 + 1.5 + 1.0 - 0.05 * idx, implied, idx, "announcement",
                    {"base": 1.0, "announce_verb": 1.5, "days_after": 1.0, "position": -0.05 * idx}))
    return out


#: a flash's marker opening a sentence or a live blog's entry (after its time stamp): "**13.37 BST** — BREAKING: Liz
#: Truss has resigned", "Breaking news —" (not "RECORD-BREAKING RALLY")
RE_BREAKING = re.compile(r"^\W*(?:\d{1,2}[.:]\d\d\s*(?:[A-Z]{2,4}\b)?\W*)?(?P<flash>BREAKING|Breaking(?:\s+news)?)\s*[:—–-]")


def _breaking_candidates(sentences, mentions, times, ref: dt.date | None, scored: list) -> list:
    """A flash with no date of its own ("**13.37 BST** — BREAKING: Liz Truss has resigned …", in a live blog or a
    wire's first take) reports what happened on the day it was published: a candidate for that day, scored as an
    announcement (with the clock time of its entry, as any date's)."""
    if ref is None or any(sc > 0 and idx <= LEAD_SENTENCES and d.value is not None and 0 <= (ref - d.value).days <= 2
                          for sc, d, idx, _r, _f in scored):
        return []  # a lead that dates its story in the last days stands against a later flash (not a recap's old date)
    out = []
    for idx, (a, b, sent) in enumerate(sentences):
        m = RE_BREAKING.match(sent)
        if m is None or any(a <= d.span[0] < b for d in mentions):
            continue
        flash = DateMention("implied", m["flash"], (a + m.start("flash"), a + m.end("flash")), ref, "day", "past")
        feats = {"base": 1.0, "announce_verb": 1.5, "breaking": 2.0, "position": -0.05 * idx}
        if any(a <= t.span[0] < b for t in times):
            feats["clock_time"] = 2.0
        out.append((sum(feats.values()), flash, idx, "announcement", feats))
        break  # the first flash
    return out


def _days_after_later(sent: str, start: int) -> re.Match[str] | None:
    """", a day after an independent panel found …" later in the date's sentence, with no other date
    between them: "The rand suffered its worst day on Thursday as investors scrambled …, a day after …"."""
    m = RE_DAYS_AFTER_LATER.search(sent, start)
    if m is None:
        return None
    if RE_AFTER_ANNOUNCE_WORD.search(sent[start : m.start()]):
        return None  # "… on Thursday after Iran said it shot down a drone, a day after the Fed signalled …": the
        # day's own cause comes first; the later "a day after" dates a second one
    return m if RE_SECOND_DATE.search(sent, start, m.start()) is None else None


#: ", a day after …" anywhere after the date (comma first: an apposition on the whole clause)
RE_DAYS_AFTER_LATER = re.compile(r",\s+(?P<n>a|one|two|three|\d)\s+days?\s+after\b(?P<rest>[^.;]{0,120})", re.I)
#: a second day named between a date and a later ", a day after": the apposition is about that one
#: (the dates module's day and month names, written with a capital: "Thursday", "January", "Jan")
_DAY_AND_MONTH_NAMES = sorted((w.capitalize() for w in (*WEEKDAYS, *MONTHS)), key=len, reverse=True)
RE_SECOND_DATE = re.compile(rf"\b(?:{'|'.join(_DAY_AND_MONTH_NAMES)}|today|yesterday)\b")


def _days(word: str) -> int:
    """"a"/"one"/"two"/"three" or a digit → a number of days."""
    return _DAYS.get(word.lower()) or int(word)


#: where a reaction sentence turns to its cause: "fell on Wednesday, a day after …", "… after …"
RE_CAUSE_MARKER = re.compile(r"\b(?:after|following)\b", re.I)


#: a cause word between a speech verb and a name: the name is in the cause, not in what was said
RE_CAUSE_WORD = re.compile(r"\b(?:after|following|when|because)\b")
#: a speech verb and its clause before a name: the name is in what was said ("the companies said it had become
#: clear that the European Commission would not approve …")
RE_SPEECH_BEFORE = re.compile(r"\b(?:said|says|announced|confirmed|warned|added)\s+(?:that\s+|it\s+|they\s+)")
#: a capitalised word right after a place: the place is part of a longer proper name
RE_NAME_GOES_ON = re.compile(r"\s(?!(?:On|In|At|The|And|Or|But|For|To|Of|By|On|Via|As|Is|Was|Has|Had|Will|Said|Says|"
                             r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)[A-Z][a-z]")
RE_SEAT_HYPHEN = re.compile(r"-(?=(?:based|headquartered)\b)")


def _event_place(article: Article, texts: list[str], headline: str | None) -> tuple[str, str] | None:
    """(zone, source) of the place the announcement happened, from the evidence ``texts``
    (the cause's clause first, then the sentence without its dateline), then the headline:
    an institution, a city, a single-zone country or state, or a company of the registry
    (its head office's zone, else its exchange's)."""
    for text in (*texts, headline or ""):
        best: tuple[int, str, str] | None = None
        seat_text = RE_SEAT_HYPHEN.sub(" ", text)  # "New York-based" names a seat
        for p in find_places(seat_text):
            if p.multi or RE_NAME_GOES_ON.match(seat_text, p.span[1]):
                continue  # "Jordan Bardella", "Tokyo Electron", "Washington Post": part of another name
            if p.kind == "institution" and RE_SPEECH_BEFORE.search(seat_text, max(0, p.span[0] - 80), p.span[0]) and \
                    not RE_CAUSE_WORD.search(seat_text, max(0, p.span[0] - 80), p.span[0]):
                continue  # "the companies said … the European Commission would not approve": what was said, not who
            rank = {"institution": 0, "city": 1, "state": 2, "country": 3}.get(p.kind, 4)
            if best is None or rank < best[0]:
                best = (rank, p.timezone, "place")
        for m in instrument_mentions(text, entities=False, companies_only=True):
            inst = find_instrument(m.ticker) if m.ticker else None
            if inst is not None and inst.kind == "stock" and (best is None or best[0] > 1):
                best = (1, headquarters_zone(inst.ticker) or inst.timezone, "company")  # where it speaks from
                break
        if best is not None:
            return best[1], best[2]
    return None


#: wires that carry companies' own releases: their dateline city is the issuer's
PRESS_RELEASE_WIRES = frozenset({"PR Newswire", "Business Wire", "GlobeNewswire"})
#: sentences 0..LEAD_SENTENCES make the lead, where a story says what happened and why
LEAD_SENTENCES = 2


def extract_event(article: Article, event_id: str | None = None) -> Event:
    """The announcement behind ``article`` as an :class:`Event`.

    Every date expression becomes a candidate with its sentence, role and named score
    terms (``Event.candidates``, best first); the best announcement candidate wins. The
    event's zone is where it happened: the clock's zone if a time is given, else a place
    (institution, city, single-zone country, listed company) in the evidence sentence, else
    the dateline, else the publisher. Relative days ("Wednesday") are counted back from the
    publication instant in that zone.

    Raises
    ------
    NoEventDateError
        No resolvable date in the text and no publication date.
    """
    text = article.text
    pub = article.published
    if pub is not None and not 1678 <= pub.year <= 2261:  # a hand-built Article: beyond any clock or price
        raise ConfigurationError(f"article {article.article_id!r}: publication date {pub.isoformat()} is outside "
                                 "the years 1678–2261 that timestamps can hold; check the date")
    base_tz, ref = publication_reference(article)
    eid = event_id or article.article_id
    sentences = split_sentences(text)
    line = find_dateline(text, ref.year if ref else None)
    if line is not None and line.date is not None and (ref is None or abs((line.date - ref).days) <= 2):
        ref = line.date  # "MCLEAN, Va., Feb. 19 -- … today announced": the dateline's day is "today"
    mentions = _already_there(find_dates(text, ref), article, ref)
    times = find_times(text)
    dateline_end = line.span[1] if line else 0
    headings = _heading_spans(text)

    scored: list[tuple[float, DateMention, int, str, dict[str, float]]] = []
    starts = [sa for sa, _, _ in sentences]
    old_per_sentence: dict[int, int] = {}  # sentence → how many of its dates are over six months old
    for o in mentions if ref is not None else ():
        if o.value is not None and (ref - o.value).days > 180:
            i = max(0, bisect.bisect_right(starts, o.span[0]) - 1)
            old_per_sentence[i] = old_per_sentence.get(i, 0) + 1
    good_times = [t for t in times if not t.deadline]
    t_starts = [t.span[0] for t in good_times]
    for d in mentions[:MAX_CANDIDATES]:
        if d.value is None or d.span[0] < dateline_end or any(h0 <= d.span[0] < h1 for h0, h1 in headings):
            continue  # a dateline's or a masthead's date is the publication, not the event
        idx = max(0, bisect.bisect_right(starts, d.span[0]) - 1)
        a, _b, sent = sentences[idx] if sentences else (0, len(text), text)
        pos = d.span[0] - a
        d_ref = ref
        zoned = RE_ZONED_CLOCK_BEFORE.search(sent, max(0, pos - 40), pos) if d.kind == "weekday" else None
        zone = zone_of(zoned["place"]) if zoned else None
        if zone is not None and ref is not None:
            # "fired at 5:58 a.m. Tokyo time Tuesday": the weekday is Tokyo's, counted from the
            # publication instant there (a New York evening filing is already Tuesday in Tokyo)
            d_ref = _local_publication(article, zone) or ref
            d = replace(d, value=d.resolve(d_ref))
        if d.kind == "relative" and idx == 0:
            # a release's "today" is the day its dateline gives ("NEW YORK, July 7, 2024 /PRNewswire/ -- … today
            # announced"), even when the copy was published (or re-published) later
            stamp = next((m for m in mentions if m.kind == "explicit" and m.value is not None
                          and a <= m.span[0] < min(d.span[0], a + 100)
                          and RE_RELEASE_STAMP_END.match(text, m.span[1])), None)
            if stamp is not None:
                d_ref = stamp.value
                d = replace(d, value=d.resolve(d_ref))
        role = _role(d, sent, pos, d_ref)
        if d.granularity != "day":
            continue
        lo, hi = bisect.bisect_left(t_starts, a), bisect.bisect_left(t_starts, _b)
        spans = [(t.span[0] - a, t.span[1] - a) for t in good_times[lo:hi]]
        feats = _score(d, sent, pos, idx, spans)
        own_old = 1 if ref is not None and d.value is not None and (ref - d.value).days > 180 else 0
        if idx > LEAD_SENTENCES and old_per_sentence.get(idx, 0) - own_old > 0:
            feats["old_context"] = -1.0  # "… in a report in February 2019, and … published a dossier on June 30"
        gap = (RE_GAP_TO_CAUSE.match(sent, pos + len(d.text))
               if role == "announcement" and idx <= LEAD_SENTENCES and "announce_verb" not in feats else None)
        if (gap and RE_AFTER_ANNOUNCE.match(sent, gap.end())
                and not any(gap.end() <= m.span[0] - a < min(gap.end() + 120, _b - a) for m in mentions)):
            # "was thrust back into crisis on Wednesday after its largest shareholder said …": a state
            # dated with an undated cause dates the cause
            feats["dated_cause"] = 1.3
        if role == "announcement" and idx > LEAD_SENTENCES and RE_SIDE_REACTION_CAUSE.search(sent, 0, pos):
            # "Salesforce was an exception. The software company sank 8.3% after saying late Tuesday …": past the
            # lead, a date in the cause clause of another move is a side story's announcement
            feats["side_reaction_cause"] = -1.5
        if role == "reaction" and idx <= LEAD_SENTENCES and RE_AFTER_ANNOUNCE.search(sent, pos + len(d.text)):
            # the lead's "shares tumbled on Wednesday after a short-seller accused …": the reaction's
            # day dates its cause, unless a better-attested day for the cause is found elsewhere
            feats["reaction_with_its_cause"] = 1.7
        elif role != "announcement":
            feats[f"role_{role}"] = -10.0
        scored.append((sum(feats.values()), d, idx, role, feats))
    scored.extend(_implied_candidates(sentences, scored))
    scored.extend(_breaking_candidates(sentences, mentions, good_times, ref, scored))
    scored.sort(key=lambda c: (-c[0], c[1].span[0]))
    related = [RelatedDate(d.value.isoformat(), role, d.text, d.span) for _, d, _, role, _ in scored[1:] if d.value]
    related += [RelatedDate(d.value.isoformat(), "background", d.text, d.span)
                for d in mentions if d.value is not None and d.granularity != "day"]
    related.sort(key=lambda r: r.span[0])
    best_ok = bool(scored) and (scored[0][3] == "announcement" or "reaction_with_its_cause" in scored[0][4])
    if not best_ok:
        # no announcement date: a reaction dated in the same sentence as its cause ("lost R30bn on
        # Monday after it disclosed a fine") dates the cause too, better than the publication day
        caused = [c for c in scored if c[3] == "reaction" and c[1].value is not None
                  and RE_AFTER_ANNOUNCE.search(sentences[c[2]][2], c[1].span[1] - sentences[c[2]][0])]
        lead = [c for c in scored if c[3] == "reaction" and c[1].value is not None and c[2] <= LEAD_SENTENCES
                and not RE_RELATIVE_CLAUSE.search(sentences[c[2]][2][: c[1].span[0] - sentences[c[2]][0]])]
        if caused:
            _promote(scored, min(caused, key=lambda c: c[1].span[0]), "reaction_with_its_cause")
            best_ok = True
        elif lead and ref is not None and all(c[1].value < ref for c in lead):
            # only market days, all before the publication day: the story's first session (a debut, a
            # crash) is the event's day, not the day the story came out
            _promote(scored, min(lead, key=lambda c: c[1].span[0]), "lead_session")
            best_ok = True

    if best_ok:
        score_best, best, idx, _role_best, best_terms = scored[0]
        value = best.value
        assert value is not None
        tm, t_idx = _pick_time(times, sentences, idx, best.span[0], value, mentions)
        a, b, sent = sentences[idx]
        confidence = min(0.95, 0.55 + 0.1 * score_best)
    elif ref is not None:
        # no announcement date in the text: the announcement is taken to be the publication day
        best = None
        best_terms: dict[str, float] = {}
        value = ref
        idx = next((i for i, (_, _, s) in enumerate(sentences) if RE_ANNOUNCE.search(s)), 0)
        a, b, sent = sentences[idx] if sentences else (0, 0, "")
        tm, t_idx = (_pick_time(times, sentences, idx, a, value, mentions) if sentences else (None, 0))
        confidence = 0.4
        related = [RelatedDate(d.value.isoformat(), role, d.text, d.span) for _, d, _, role, _ in scored if d.value]
    else:
        raise NoEventDateError(
            f"no date found in article {article.article_id!r} and no publication date; "
            "pass published= (CLI: --published YYYY-MM-DD)"
        )

    place_texts = [text[max(a, dateline_end) : b]]  # the dateline is the reporter's city, not the event's
    if best is not None and ("days_after" in best_terms or "reaction_with_its_cause" in best_terms):
        cause = RE_CAUSE_MARKER.search(sent, best.span[1] - a)
        if cause:
            place_texts.insert(0, sent[cause.start() :])  # "fell on Wednesday after New York-based Hindenburg …"
    place = _event_place(article, place_texts, article.headline)
    if line is not None and line.timezone and line.publisher in PRESS_RELEASE_WIRES and a <= dateline_end:
        place = (line.timezone, "dateline")  # a release's dateline is where its issuer speaks from
    if tm is not None:
        ta = sentences[t_idx][0] if sentences else 0
        near = text[max(ta, tm.span[0] - 5) : tm.span[1] + 30]
        clock_zone = tm.timezone or timezone_near(near)
        tz, tz_source = ((clock_zone, "clock") if clock_zone else place if place else
                         (base_tz, "dateline" if line and line.timezone else "publisher"))
        precision = tm.precision
        local_time: dt.time | None = tm.time
    else:
        tz, tz_source = place if place else (base_tz, "dateline" if dateline_timezone(article.dateline) else "publisher")
        precision = "day"
        local_time = None
    if (best is not None and local_time == dt.time(0, 0) and tm is not None and tm.text.lower().startswith("midnight")
            and best.text.lower().endswith("night")):
        value += dt.timedelta(days=1)  # "shortly after midnight on Thursday night": the small hours of Friday
    if best is not None and best.rule and best.rule[0] == "weekday" and tz != base_tz:
        # a weekday names the day where the event happened: count back from the publication
        # instant in that zone ("Wednesday" in a Tokyo story about New York); "today" and
        # "yesterday" stay the reporter's (the dateline's) days
        ref_event = _local_publication(article, tz)
        if ref_event is not None and ref_event != ref:
            value = best.resolve(ref_event) or value
    elif best is None and ref is not None and not any(
            c[3] == "reaction" and c[1].value == ref and c[2] <= LEAD_SENTENCES for c in scored):
        # the publication day where the event happened — unless the lead dates the market's session on the
        # reporter's day ("Nvidia shares plunged 17% on Monday", filed Monday evening in New York): that day stands
        value = _local_publication(article, tz) or value
    earliest, latest = announcement_bounds(value, local_time, _zone(tz), precision)
    candidates = tuple(
        DateCandidate(d.value, d.text, sentences[i][2] if sentences else text, d.span, role, round(sc, 3), f)
        for sc, d, i, role, f in scored[:8] if d.value is not None
    )
    return Event(
        event_id=eid,
        local_date=value,
        timezone=tz,
        precision=precision,  # type: ignore[arg-type]
        time=local_time,
        evidence=sent,
        evidence_span=(a, b),
        earliest=earliest,
        latest=latest,
        confidence=round(confidence, 3),
        description=(article.headline or sent)[:160],
        related=tuple(related),
        article_id=article.article_id,
        candidates=candidates,
        timezone_source=tz_source,
    )
