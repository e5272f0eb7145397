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

import datetime as dt
import re
from zoneinfo import ZoneInfo

from ..errors import NoEventDateError
from ..types import Article, Event, RelatedDate
from .dates import DateMention, TimeMention, find_dates, find_times, timezone_near
from .sentences import split_sentences

RE_ANNOUNCE = re.compile(
    r"\b(?:said|says|say|announced|announces|announce|announcement|agreed|agree|decided|decision|declared|"
    r"unveiled|launched|attacked|attack|strikes?|struck|hit|invaded|raised|cut|cuts|lowered|hiked|held|kept|"
    r"voted|elected|won|wins|signed|imposed|imposes|sanctions?|ordered|told|wrote|posted|confirmed|"
    r"called|call|talks?|spoke|deal|reached|approved|rejected|resigned|made\s+landfall|landfall|explosion|"
    r"blast|outage|halted|shut|seized|ceasefire|truce|meeting|met|statement|reported|released|surprised?|stunned)\b",
    re.I,
)
RE_MARKET = re.compile(
    r"\b(?:prices?|shares?|stocks?|futures|index|indices|markets?|traders?|trading|yields?|crude|brent|wti|"
    r"rose|fell|jumped|dropped|gained|slid|surged|rallied|tumbled|plunged|climbed|declined|slipped|sank|eased)\b",
    re.I,
)
RE_CAUSE = re.compile(r"\b(?:after|following|in\s+response\s+to|on\s+news\s+of|in\s+the\s+wake\s+of)\b[^.]{0,40}$", re.I)

_DATELINE_TZ = {
    "london": "Europe/London", "new york": "America/New_York", "washington": "America/New_York",
    "houston": "America/Chicago", "chicago": "America/Chicago", "san francisco": "America/Los_Angeles",
    "tokyo": "Asia/Tokyo", "singapore": "Asia/Singapore", "hong kong": "Asia/Hong_Kong", "beijing": "Asia/Shanghai",
    "shanghai": "Asia/Shanghai", "sydney": "Australia/Sydney", "riyadh": "Asia/Riyadh", "dubai": "Asia/Dubai",
    "moscow": "Europe/Moscow", "frankfurt": "Europe/Berlin", "berlin": "Europe/Berlin", "paris": "Europe/Paris",
    "brussels": "Europe/Brussels", "vienna": "Europe/Vienna", "kyiv": "Europe/Kyiv", "kiev": "Europe/Kyiv",
    "mumbai": "Asia/Kolkata", "new delhi": "Asia/Kolkata", "seoul": "Asia/Seoul", "jerusalem": "Asia/Jerusalem",
    "tehran": "Asia/Tehran", "doha": "Asia/Qatar", "abu dhabi": "Asia/Dubai", "zurich": "Europe/Zurich",
    "amsterdam": "Europe/Amsterdam", "madrid": "Europe/Madrid", "rome": "Europe/Rome", "oslo": "Europe/Oslo",
    "toronto": "America/Toronto", "ottawa": "America/Toronto", "mexico city": "America/Mexico_City",
    "sao paulo": "America/Sao_Paulo", "buenos aires": "America/Argentina/Buenos_Aires", "caracas": "America/Caracas",
    "johannesburg": "Africa/Johannesburg", "lagos": "Africa/Lagos", "cairo": "Africa/Cairo", "istanbul": "Europe/Istanbul",
    "ankara": "Europe/Istanbul", "kuala lumpur": "Asia/Kuala_Lumpur", "jakarta": "Asia/Jakarta", "taipei": "Asia/Taipei",
}


def dateline_timezone(dateline: str | None) -> str | None:
    """IANA timezone of a dateline city ("Tokyo" → "Asia/Tokyo"), if known."""
    if not dateline:
        return None
    return _DATELINE_TZ.get(dateline.strip().lower().rstrip(","))


def _local_publication(article: Article, tz: str) -> dt.date | None:
    pub = article.published
    if pub is None:
        return None
    if isinstance(pub, dt.datetime):
        if pub.tzinfo is None:
            return pub.date()
        return pub.astimezone(ZoneInfo(tz)).date()
    return pub


def _role(d: DateMention, sentence: str, pos_in_sentence: int, ref: dt.date | None) -> str:
    if d.granularity != "day":
        return "background"
    if d.tense == "future" or (ref is not None and d.value is not None and d.value > ref):
        return "schedule"
    if ref is not None and d.value is not None and (ref - d.value).days > 10:
        return "background"
    before = sentence[:pos_in_sentence]
    if RE_CAUSE.search(before):
        return "announcement"
    has_announce = bool(RE_ANNOUNCE.search(sentence))
    if RE_MARKET.search(sentence) and not has_announce:
        return "reaction"
    return "announcement"


def _score(d: DateMention, sentence: str, pos_in_sentence: int, sent_index: int, headline_hit: bool) -> float:
    score = 1.0
    before = sentence[:pos_in_sentence]
    if RE_CAUSE.search(before):
        score += 2.0
    if RE_ANNOUNCE.search(sentence):
        score += 1.0
    if RE_MARKET.search(sentence):
        score -= 0.5
    if d.kind == "explicit":
        score += 0.5
    score -= 0.05 * sent_index
    if headline_hit:
        score += 0.5
    return score


def _pick_time(times: list[TimeMention], sentence_span: tuple[int, int]) -> TimeMention | None:
    inside = [t for t in times if sentence_span[0] <= t.span[0] < sentence_span[1]]
    return inside[0] if inside else None


def extract_event(article: Article, event_id: str | None = None) -> Event:
    """The announcement behind ``article`` as an :class:`Event`.

    Raises
    ------
    NoEventDateError
        No resolvable date in the text and no publication date.
    """
    text = article.text
    base_tz = dateline_timezone(article.dateline) or article.timezone or "UTC"
    ref = _local_publication(article, base_tz)
    eid = event_id or article.article_id
    sentences = split_sentences(text)
    mentions = find_dates(text, ref)
    times = find_times(text)

    candidates: list[tuple[float, DateMention, int]] = []
    related: list[RelatedDate] = []
    for d in mentions:
        idx = next((i for i, (a, b, _) in enumerate(sentences) if a <= d.span[0] < b), 0)
        a, _b, sent = sentences[idx] if sentences else (0, len(text), text)
        pos = d.span[0] - a
        role = _role(d, sent, pos, ref)
        if d.value is None:
            continue
        if role == "announcement":
            candidates.append((_score(d, sent, pos, idx, False), d, idx))
        related.append(RelatedDate(d.value.isoformat(), role, d.text, d.span))

    if candidates:
        candidates.sort(key=lambda c: (-c[0], c[1].span[0]))
        _score_best, best, idx = candidates[0]
        a, b, sent = sentences[idx]
        value = best.value
        assert value is not None
        tm = _pick_time(times, (a, b))
        confidence = min(0.95, 0.6 + 0.1 * _score_best)
        related = [r for r in related if r.span != best.span]
    elif ref is not None:
        # no date in the text: the announcement is taken to be the publication day
        value = ref
        idx = next((i for i, (_, _, s) in enumerate(sentences) if RE_ANNOUNCE.search(s)), 0)
        a, b, sent = sentences[idx] if sentences else (0, 0, "")
        tm = _pick_time(times, (a, b))
        confidence = 0.4
    else:
        raise NoEventDateError(
            f"no date found in article {article.article_id!r} and no publication date; "
            "pass published= (CLI: --published YYYY-MM-DD)"
        )

    if tm is not None:
        tz = tm.timezone or timezone_near(sent) or base_tz
        precision = tm.precision
        local_time: dt.time | None = tm.time
        zone = ZoneInfo(tz)
        earliest = dt.datetime.combine(value, tm.time, tzinfo=zone)
        latest = earliest + (dt.timedelta(hours=1) if precision == "hour" else dt.timedelta(minutes=1))
    else:
        tz = base_tz
        precision = "day"
        local_time = None
        zone = ZoneInfo(tz)
        earliest = dt.datetime.combine(value, dt.time(0, 0), tzinfo=zone)
        latest = earliest + dt.timedelta(days=1)
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
    )
