"""Which day each market claim is about: the date its own sentence states, else the event's.

"Brent fell 2.3% on Thursday" is about Thursday even when the announcement was on
Wednesday; "Brent crude falling 2.3% to $75.25" with no date of its own describes the
reaction to the event. So, per claim:

* ``session_source="text"`` — its sentence names a day ("on Thursday", "on 13 February",
  "yesterday"), resolved against the publication date like every other date
  (:func:`marketimpact.extract.dates.find_dates`); with several days in the sentence the
  one nearest the claim's first number wins; future tense ("will meet on Friday") and
  month/year mentions are ignored;
* ``session_source="event"`` — otherwise: ``session`` is the event's local date. The study
  then maps it to the instrument's trading session with the event-time rule (day 0), so
  an announcement after the close is checked on the next session.

``session`` is a calendar date here; :func:`marketimpact.analysis.check_claims` maps it to
the instrument's session.
"""

from __future__ import annotations

import dataclasses
import re

from ..types import Article, Event, MarketClaim
from .dates import find_dates
from .events import publication_reference

_FIRST_NUMBER = re.compile(r"\d")


def attach_sessions(claims: list[MarketClaim], article: Article, event: Event | None) -> list[MarketClaim]:
    """``claims`` with ``session`` and ``session_source`` filled (see the module docstring).

    Without an event (no date anywhere), claims keep ``session=None`` unless their own
    sentence dates them.
    """
    text = article.text
    _tz, ref = publication_reference(article)
    cache: dict[tuple[int, int], object] = {}
    out = []
    for c in claims:
        a, b = c.evidence_span
        if (a, b) not in cache:
            sentence = text[a:b] if 0 <= a < b <= len(text) else c.evidence
            days = [d for d in find_dates(sentence, ref)
                    if d.value is not None and d.granularity == "day" and d.tense != "future"]
            anchor = _FIRST_NUMBER.search(sentence)
            at = anchor.start() if anchor else 0
            cache[(a, b)] = min(days, key=lambda d: abs(d.span[0] - at)).value if days else None
        stated = cache[(a, b)]
        if stated is not None:
            out.append(dataclasses.replace(c, session=stated, session_source="text"))
        elif event is not None:
            out.append(dataclasses.replace(c, session=event.local_date, session_source="event"))
        else:
            out.append(c)
    return out
