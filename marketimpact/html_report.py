"""Self-contained HTML report of an :class:`~marketimpact.analysis.Analysis`.

One HTML file holds everything a reader needs to judge the study, with no external
resource of any kind:

* the article's metadata, the event with its evidence sentence highlighted in a short
  excerpt of the text, and the article's market claims with the verdicts and the numbers
  behind them;
* the normal-return model (parameters, estimation window and sessions, L, sigma, R²),
  the event-window days, the tests table (AR(0) and the CARs: estimate, t, p, 95% CI)
  with the statistical conventions, the day-0 rule and the data provenance;
* the price, AR and CAR charts as base64 PNG ``data:`` URIs;
* FT-like typography on the FT paper colour, with Source Sans Pro embedded as a
  subset WOFF ``data:`` URI when the ``font-source-sans-pro`` package and fontTools are
  available (else a system sans-serif stack).

Security: every piece of text that comes from the article (headline, publisher, body,
front matter, claim sentences, instrument names, file paths) is passed through
:func:`html.escape`; the page carries a Content-Security-Policy that forbids scripts and
every network fetch (``default-src 'none'``), so even a missed escape could not run code
or load anything.

    >>> from marketimpact.html_report import write_report
    >>> path = write_report(mi.analyze("data/articles/2025-02-12_ft_trump_putin_brent.md"), "out")  # doctest: +SKIP
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import html
import io
import math
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .instruments import find_instrument

if TYPE_CHECKING:  # pragma: no cover
    from ._io import OutputSet
    from .analysis import Analysis, ArticleStudies
    from .study.claims import ClaimCheck
    from .study.results_base import TestResult

__all__ = ["CONTENT_SECURITY_POLICY", "CHART_KINDS", "render_report", "report_filename", "write_report"]

#: The page's Content-Security-Policy: no scripts, no network; images and fonts only as data: URIs.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; "
    "base-uri 'none'; form-action 'none'"
)

#: Charts embedded in the report, in page order ("price" leads, "ar" and "car" follow the tests).
CHART_KINDS: tuple[str, ...] = ("price", "ar", "car")

#: Characters of article text shown on each side of the evidence sentence.
EXCERPT_CONTEXT = 240

_SANS = '"Source Sans Pro", "Source Sans 3", "Helvetica Neue", Arial, "Liberation Sans", "DejaVu Sans", sans-serif'
_SERIF = 'Georgia, "Times New Roman", "Liberation Serif", "DejaVu Serif", serif'
#: (CSS weight, CSS style, key in ``font_source_sans_pro.font_files_ttf``)
_FONT_FACES: tuple[tuple[int, str, str], ...] = (
    (400, "normal", "SourceSansPro"),
    (600, "normal", "SourceSansProSemibold"),
)

_CSS = """
*,*::before,*::after{box-sizing:border-box}
html{background:#FFF1E5;color:#33302E;-webkit-text-size-adjust:100%}
body{margin:0;font-family:__SANS__;font-size:18px;line-height:1.5;font-feature-settings:"tnum" 0}
.page{max-width:760px;margin:0 auto;padding:28px 24px 48px}
.masthead{display:flex;justify-content:space-between;align-items:baseline;border-bottom:1px solid #CCC1B7;
 padding-bottom:8px;margin-bottom:20px;font-size:14px;color:#66605C;letter-spacing:.02em}
.masthead .brand{font-weight:600;color:#33302E;text-transform:uppercase;letter-spacing:.08em}
.kicker{display:inline-block;font-size:16px;font-weight:600;color:#990F3D;margin:0 0 6px}
h1{font-family:__SERIF__;font-weight:400;font-size:40px;line-height:1.1;color:#1A1817;margin:0 0 12px;
 overflow-wrap:anywhere}
.standfirst{font-size:20px;line-height:1.4;color:#4D4845;margin:0 0 16px}
.byline{font-size:15px;color:#66605C;margin:0 0 8px;overflow-wrap:anywhere}
.byline b{color:#33302E;font-weight:600}
.keyfigures{display:grid;grid-template-columns:repeat(4,1fr);gap:0;border-top:4px solid #1A1817;
 border-bottom:1px solid #CCC1B7;margin:20px 0 8px}
.keyfigures div{padding:10px 12px 12px 0}
.keyfigures div+div{padding-left:12px;border-left:1px solid #E6D9CE}
.keyfigures dt{font-size:14px;color:#66605C;line-height:1.3}
.keyfigures dd{margin:4px 0 0;font-size:26px;line-height:1.1;font-weight:600;color:#1A1817;
 font-variant-numeric:tabular-nums}
.keyfigures dd small{display:block;font-size:14px;font-weight:400;color:#66605C;margin-top:4px}
section{margin-top:36px}
h2{font-size:24px;line-height:1.2;font-weight:600;color:#1A1817;margin:0 0 12px;padding-top:10px;
 border-top:1px solid #1A1817}
h3{font-size:18px;font-weight:600;margin:20px 0 6px;color:#1A1817}
p{margin:0 0 12px}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 20px;margin:0 0 16px;font-size:16px}
.facts dt{color:#66605C}
.facts dd{margin:0;overflow-wrap:anywhere}
blockquote.excerpt{font-family:__SERIF__;font-size:18px;line-height:1.55;margin:12px 0 8px;padding:4px 0 4px 18px;
 border-left:4px solid #0F5499;color:#4D4845;overflow-wrap:anywhere;white-space:pre-line}
mark{background:#CCE6FF;color:#1A1817;padding:1px 2px;box-decoration-break:clone;-webkit-box-decoration-break:clone}
.note{font-size:14px;color:#66605C;line-height:1.45}
.claim{background:#F2E5DA;padding:14px 16px 10px;margin:0 0 16px;border-top:3px solid #B3A9A0}
.claim.consistent{border-top-color:#0D7680}
.claim.inconsistent{border-top-color:#CC0000}
.claim-head{display:flex;justify-content:space-between;align-items:baseline;gap:12px;margin-bottom:6px}
.claim-head h3{margin:0}
.verdict{font-size:13px;font-weight:600;text-transform:uppercase;letter-spacing:.06em;padding:2px 8px;
 color:#FFFFFF;background:#807973;white-space:nowrap}
.verdict.consistent{background:#0D7680}
.verdict.inconsistent{background:#CC0000}
.claim .quote{font-family:__SERIF__;font-size:17px;color:#4D4845;margin:0 0 10px;overflow-wrap:anywhere}
.ok{color:#0D7680;font-weight:600}
.bad{color:#CC0000;font-weight:600}
.na{color:#807973;font-weight:600}
table{border-collapse:collapse;width:100%;font-size:15px;margin:0 0 8px;font-variant-numeric:tabular-nums}
caption{text-align:left;font-size:16px;font-weight:600;color:#1A1817;padding:0 0 6px}
th{font-weight:600;color:#66605C;text-align:right;border-bottom:1px solid #1A1817;padding:6px 8px;vertical-align:bottom;
 font-size:14px}
td{text-align:right;border-bottom:1px solid #E6D9CE;padding:5px 8px;white-space:nowrap}
th:first-child,td:first-child{text-align:left;padding-left:0}
th:last-child,td:last-child{padding-right:0}
td.text,th.text{text-align:left;white-space:normal}
.claim table td,.claim table th{font-size:15px}
tr.day0 td{background:#F2E5DA;font-weight:600}
tr.sig td{font-weight:600}
.neg{color:#B31147}
.pos{color:#105BA6}
.tablenote{font-size:13px;color:#66605C;line-height:1.45;margin:6px 0 0}
figure{margin:24px 0 8px}
figure img{display:block;width:100%;max-width:700px;height:auto}
figcaption{font-size:14px;color:#66605C;margin-top:6px}
.warn{background:#FFE3CC;border-left:4px solid #FF8833;padding:8px 12px;font-size:15px;margin:0 0 12px}
.callout{font-size:18px;line-height:1.45;border-left:4px solid #990F3D;padding:2px 0 2px 16px;margin:12px 0}
#provenance-table td{vertical-align:top;font-size:14px}
#provenance-table td:first-child{width:90px}
#provenance-table td:nth-child(2){width:34%}
ol.notes{font-size:14px;color:#4D4845;padding-left:20px;margin:8px 0 0}
ol.notes li{margin-bottom:4px}
footer{margin-top:40px;padding-top:10px;border-top:1px solid #CCC1B7;font-size:13px;color:#807973}
code{font-family:"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:.85em;overflow-wrap:anywhere}
@media (max-width:640px){h1{font-size:30px}.keyfigures{grid-template-columns:repeat(2,1fr)}
 .keyfigures div:nth-child(3){padding-left:0;border-left:0}.tablewrap{overflow-x:auto}}
@media print{html{background:#FFFFFF}.page{max-width:none}section{break-inside:avoid-page}}
"""


# --------------------------------------------------------------------------- formatting
def _e(value: Any) -> str:
    """Escape any value for HTML text or a quoted attribute (``None`` → empty string)."""
    return "" if value is None else html.escape(str(value), quote=True)


def _finite(x: Any) -> bool:
    try:
        return math.isfinite(float(x))
    except (TypeError, ValueError):
        return False


def _minus(s: str) -> str:
    """Typographic minus sign, as the FT sets it."""
    return s.replace("-", "\u2212")


def _num(x: Any, fmt: str = ".2f", *, signed: bool = False, dash: str = "\u2013") -> str:
    """Format a number with a typographic minus (``dash`` when missing or not finite)."""
    if not _finite(x):
        return dash
    spec = ("+" if signed else "") + fmt
    return _minus(format(float(x), spec))


def _pct(x: Any, digits: int = 2, *, signed: bool = True, scale: float = 1.0) -> str:
    """``x * scale`` as a signed percentage with a typographic minus (``scale=100`` for decimals)."""
    if not _finite(x):
        return "\u2013"
    return _num(float(x) * scale, f".{digits}f", signed=signed) + "%"


def _pvalue(p: Any) -> str:
    if not _finite(p):
        return "\u2013"
    return "<0.001" if float(p) < 0.001 else f"{float(p):.3f}"


def _sign_class(x: Any) -> str:
    if not _finite(x) or float(x) == 0:
        return ""
    return "neg" if float(x) < 0 else "pos"


def _day(n: int) -> str:
    return _minus(f"{n:+d}") if n else "0"


def _window_label(window: Sequence[int]) -> str:
    a, b = int(window[0]), int(window[1])
    if a == b:
        return f"AR({_day(a)})"
    return f"CAR({_day(a)}, {_day(b)})"


def _date(value: Any, fmt: str = "%a %-d %b %Y") -> str:
    if value is None:
        return "\u2013"
    if isinstance(value, dt.date):
        return value.strftime(fmt)
    with contextlib.suppress(AttributeError, ValueError):
        return value.strftime(fmt)
    return str(value)


def _quoted_decimals(value: float | None, minimum: int = 2, maximum: int = 6) -> int:
    """Decimals to show for prices compared with a quoted level (0.9877 → 4, 75.25 → 2, 272 → 2)."""
    if value is None or not _finite(value):
        return minimum
    text = repr(float(value))
    decimals = len(text.split(".")[1].rstrip("0")) if "." in text and "e" not in text else 0
    return max(minimum, min(decimals, maximum))


def _money(unit: str | None, value: float, decimals: int = 2) -> str:
    if unit and unit.startswith("USD"):
        return f"${value:,.{decimals}f}"
    if unit and unit.startswith("EUR"):
        return f"\u20ac{value:,.{decimals}f}"
    return f"{value:,.{decimals}f}"


def _dl(rows: Iterable[tuple[str, str]], cls: str = "facts") -> str:
    """A definition list from (label, already-escaped HTML) pairs."""
    body = "".join(f"<dt>{_e(k)}</dt><dd>{v}</dd>" for k, v in rows)
    return f'<dl class="{cls}">{body}</dl>'


# --------------------------------------------------------------------------- excerpt
def _snap_left(text: str, start: int) -> int:
    """Move ``start`` forward to the start of a word (or a line) so the excerpt opens cleanly."""
    if start <= 0:
        return 0
    nl = text.rfind("\n", start, start + 80)
    if nl != -1:
        return nl + 1
    sp = text.find(" ", start)
    return start if sp == -1 else sp + 1


def _snap_right(text: str, end: int) -> int:
    if end >= len(text):
        return len(text)
    sp = text.rfind(" ", 0, end)
    return end if sp == -1 else sp


def evidence_excerpt(text: str, evidence: str, span: tuple[int, int] | None = None, context: int = EXCERPT_CONTEXT) -> str:
    """HTML excerpt of ``text`` around ``evidence``, the evidence wrapped in ``<mark>``.

    Every part is escaped; the evidence is located by ``span`` when the span matches it,
    else by searching the text. When it cannot be found, only the evidence is shown.

    Parameters
    ----------
    text : str
        The article body.
    evidence : str
        The sentence to highlight.
    span : (int, int), optional
        Character offsets of ``evidence`` in ``text``.
    context : int
        Characters of text shown on each side (cut at word boundaries).

    Returns
    -------
    str
        Escaped HTML (no surrounding element).
    """
    if not evidence:
        return ""
    a = b = -1
    if span and 0 <= span[0] < span[1] <= len(text) and text[span[0] : span[1]] == evidence:
        a, b = span
    else:
        a = text.find(evidence)
        b = a + len(evidence) if a != -1 else -1
    if a == -1:
        return f"<mark>{_e(evidence)}</mark>"
    lo = _snap_left(text, max(a - context, 0)) if a - context > 0 else 0
    lo = min(lo, a)
    hi = _snap_right(text, min(b + context, len(text))) if b + context < len(text) else len(text)
    hi = max(hi, b)
    before, after = text[lo:a], text[b:hi]
    lead = "\u2026 " if lo > 0 else ""
    tail = " \u2026" if hi < len(text) else ""
    return f"{lead}{_e(before)}<mark>{_e(evidence)}</mark>{_e(after.rstrip())}{tail}"


# --------------------------------------------------------------------------- charts
def chart_data_uri(analysis: Analysis, kind: str, scale: float = 2.0) -> tuple[str, str, tuple[int, int]]:
    """Render one chart of ``analysis`` as a base64 PNG ``data:`` URI.

    Parameters
    ----------
    analysis : Analysis
    kind : {"price", "ar", "car"}
        Passed to :meth:`Analysis.plot`.
    scale : float
        Pixel density over the frame's layout size (2 = retina).

    Returns
    -------
    (str, str, (int, int))
        The data URI, the chart's title (plain text, for the ``alt`` attribute) and its
        CSS size in pixels.
    """
    from .charts import frame_of, style_context

    fig = analysis.plot(kind)
    frame = frame_of(fig)
    buf = io.BytesIO()
    dpi = (frame.dpi if frame is not None else fig.dpi) * scale
    with style_context(frame):
        fig.savefig(buf, format="png", dpi=dpi, facecolor=fig.get_facecolor(), metadata={"Software": "marketimpact"})
    if frame is not None:
        title = " ".join(frame.title_lines())
        size = (round(frame.width_px), round(frame.height_px))
    else:  # pragma: no cover - every Analysis chart is a frame figure
        title = kind
        w, h = fig.get_size_inches()
        size = (round(w * fig.dpi), round(h * fig.dpi))
    uri = "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")
    return uri, title, size


_CHART_CAPTIONS = {
    "price": "Daily closing prices around day 0; the vertical line marks the event session and the dot the "
    "article's claimed level, if any.",
    "ar": "Daily abnormal returns over the event window: actual return minus the model's expected return.",
    "car": "Cumulative abnormal return over the event window, with its 95% confidence band "
    "(prediction-error-corrected variance).",
}


def _figure(analysis: Analysis, kind: str, problems: list[str]) -> str:
    try:
        uri, title, (w, h) = chart_data_uri(analysis, kind)
    except Exception as exc:  # a broken chart must not cost the reader the rest of the report
        problems.append(f"{kind} chart could not be drawn: {type(exc).__name__}: {exc}")
        return f'<p class="warn" id="chart-{_e(kind)}">The {_e(kind)} chart could not be drawn ({_e(type(exc).__name__)}).</p>'
    return (
        f'<figure id="chart-{_e(kind)}"><img src="{uri}" alt="{_e(title)}" width="{w}" height="{h}">'
        f"<figcaption>{_e(_CHART_CAPTIONS.get(kind, ''))}</figcaption></figure>"
    )


# --------------------------------------------------------------------------- fonts
def _font_face_css(charset: str) -> str:
    """``@font-face`` rules for Source Sans Pro, subset to ``charset``, as WOFF data URIs.

    Returns an empty string when the font package or fontTools is missing (the CSS stack
    then falls back to system fonts).
    """
    try:
        import font_source_sans_pro
        from fontTools import subset
        from fontTools.ttLib import TTFont
    except ImportError:  # pragma: no cover - both are dependencies (fontTools via matplotlib)
        return ""
    files = font_source_sans_pro.font_files_ttf
    text = "".join(sorted(set(charset) | set(" !\"#$%&'()*+,-./0123456789:;<=>?@[]_–—−…‘’“”€£%")))
    rules = []
    for weight, style, key in _FONT_FACES:
        path = files.get(key)
        if not path:
            continue
        try:
            opts = subset.Options()
            opts.flavor = "woff"
            opts.layout_features = ["kern", "liga", "tnum", "lnum"]
            opts.name_IDs = [1, 2]
            opts.notdef_outline = True
            font = TTFont(str(path))
            sub = subset.Subsetter(opts)
            sub.populate(text=text)
            sub.subset(font)
            buf = io.BytesIO()
            font.flavor = "woff"
            font.save(buf)
        except Exception:  # pragma: no cover - a font that will not subset just falls back
            continue
        data = base64.b64encode(buf.getvalue()).decode("ascii")
        rules.append(
            f'@font-face{{font-family:"Source Sans Pro";font-weight:{weight};font-style:{style};'
            f'font-display:block;src:url("data:font/woff;base64,{data}") format("woff")}}'
        )
    return "\n".join(rules)


# --------------------------------------------------------------------------- sections
def _headline_numbers(analysis: Analysis) -> dict[str, Any]:
    st = analysis.study
    f = st.frame.set_index("rel_day")
    r0 = float(f.loc[0, "ret"])
    move = math.expm1(r0) if st.return_kind == "log" else r0
    ar0 = st.tests[0] if st.tests and tuple(st.tests[0].window) == (0, 0) else st.car_test(0, 0)
    car = next((t for t in st.tests if tuple(t.window) == (0, 1)), None)
    if car is None:
        car = next((t for t in st.tests if tuple(t.window) != (0, 0)), ar0)
    return {"move": move, "ar0": ar0, "car": car}


def _standfirst(analysis: Analysis) -> str:
    st = analysis.study
    inst = find_instrument(st.ticker)
    name = inst.name if inst else st.ticker
    n = _headline_numbers(analysis)
    ar0: TestResult = n["ar0"]
    verb = "fell" if n["move"] < 0 else "rose"
    sig = "significant" if ar0.pvalue < 0.05 else "not significant"
    return (
        f"{_e(name)} {verb} {_pct(abs(n['move']), 1, signed=False, scale=100)} on day 0 "
        f"({_e(_date(st.event_time.day0, '%-d %B %Y'))}). Against the {_e(st.fitted.name)} model the abnormal "
        f"return was {_pct(ar0.estimate, 2, scale=100)} (t = {_num(ar0.stat)}, p = {_pvalue(ar0.pvalue)}), "
        f"{sig} at the 5% level."
    )


def _header(analysis: Analysis) -> str:
    art, st = analysis.article, analysis.study
    headline = art.headline or art.article_id
    published = art.published
    pub = _date(published, "%-d %B %Y %H:%M %Z" if isinstance(published, dt.datetime) else "%A %-d %B %Y")
    byline = [f"<b>{_e(art.publisher or 'Unknown publisher')}</b>", _e(pub)]
    if art.timezone:
        byline.append(f"timezone {_e(art.timezone)}")
    if art.dateline:
        byline.append(f"dateline {_e(art.dateline)}")
    ident = [f"article id <code>{_e(art.article_id)}</code>"]
    if art.source_path:
        ident.append(f"file <code>{_e(art.source_path)}</code>")
    meta_note = art.metadata.get("note") if art.metadata else None
    n = _headline_numbers(analysis)
    ar0, car = n["ar0"], n["car"]
    inst = find_instrument(st.ticker)
    checks = analysis.claim_checks
    verdicts = [c.verdict for c in checks]
    if not verdicts:
        claim_value, claim_small = "None", "no market claim found"
    else:
        ok = verdicts.count("consistent")
        claim_value = f"{ok} of {len(verdicts)}"
        claim_small = "claims consistent with the data"
    keyfigs = [
        ("Day 0", _e(_date(st.event_time.day0, "%-d %b %Y")), _e(_date(st.event_time.day0, "%A") + " session")),
        (
            f"Return, {inst.name.split(' ')[0] if inst else st.ticker}",
            f'<span class="{_sign_class(n["move"])}">{_pct(n["move"], 2, scale=100)}</span>',
            f"{_e(st.return_kind)} return {_pct(float(st.frame.set_index('rel_day').loc[0, 'ret']), 2, scale=100)}",
        ),
        (
            "Abnormal return, day 0",
            f'<span class="{_sign_class(ar0.estimate)}">{_pct(ar0.estimate, 2, scale=100)}</span>',
            f"t = {_num(ar0.stat)}, p = {_pvalue(ar0.pvalue)}",
        ),
        (
            _window_label(car.window),
            f'<span class="{_sign_class(car.estimate)}">{_pct(car.estimate, 2, scale=100)}</span>',
            f"t = {_num(car.stat)}, p = {_pvalue(car.pvalue)}",
        ),
    ]
    figs = "".join(f"<div><dt>{_e(k)}</dt><dd>{v}<small>{s}</small></dd></div>" for k, v, s in keyfigs)
    claims_line = (
        f'<p class="byline">Market claims checked: <b>{_e(claim_value)}</b> {_e(claim_small)}.</p>' if checks else ""
    )
    return (
        '<header id="article">'
        '<div class="masthead"><span class="brand">marketimpact</span><span>Event study report</span></div>'
        f'<p class="kicker">Market impact \u00b7 {_e(st.ticker)}</p>'
        f"<h1>{_e(headline)}</h1>"
        f'<p class="standfirst">{_standfirst(analysis)}</p>'
        f'<p class="byline">{_DOT.join(byline)}</p>'
        f'<p class="byline">{_DOT.join(ident)}</p>'
        + (f'<p class="byline note">{_e(meta_note)}</p>' if meta_note else "")
        + claims_line
        + f'<dl class="keyfigures">{figs}</dl>'
        "</header>"
    )


def _event_section(analysis: Analysis) -> str:
    ev, art = analysis.event, analysis.article
    when = _date(ev.local_date, "%A %-d %B %Y")
    if ev.time is not None:
        when += f", {ev.time:%H:%M}"
    rows = [
        ("Announced", _e(when) + f" ({_e(ev.timezone)})"),
        ("Precision", _e(ev.precision) + ("" if ev.time else " (clock time unknown)")),
    ]
    if ev.earliest is not None and ev.latest is not None:
        span = f"{_date(ev.earliest, '%-d %b %Y %H:%M %Z')} to {_date(ev.latest, '%-d %b %Y %H:%M %Z')}"
        rows.append(("Announcement window", _e(span)))
    rows.append(("Extractor confidence", _e(f"{ev.confidence:.0%}")))
    if ev.description:
        rows.append(("What was announced", _e(ev.description)))
    rows.append(("Event id", f"<code>{_e(ev.event_id)}</code>"))
    excerpt = evidence_excerpt(art.text, ev.evidence, ev.evidence_span)
    quote = (
        f'<h3>Evidence</h3><blockquote class="excerpt" id="evidence">{excerpt}</blockquote>'
        '<p class="note">The highlighted sentence is the one that dates the event; the text around it is shown '
        "as published.</p>"
        if excerpt
        else '<p class="note">No sentence in the article dates the event; the date comes from the publication metadata.</p>'
    )
    related = [r for r in ev.related if r.role != "announcement"]
    rel = ""
    if related:
        items = "".join(
            f"<tr><td>{_e(r.value)}</td><td class='text'>{_e(r.role)}</td><td class='text'>\u201c{_e(r.text)}\u201d</td></tr>"
            for r in related[:12]
        )
        rel = (
            '<h3>Other dates in the text</h3><div class="tablewrap"><table id="related-dates"><thead><tr><th>date</th>'
            "<th class='text'>role</th><th class='text'>as written</th></tr></thead>"
            f"<tbody>{items}</tbody></table></div>"
        )
    return f'<section id="event"><h2>The event</h2>{_dl(rows)}{quote}{rel}</section>'


def _mark(ok: bool | None) -> str:
    if ok is None:
        return '<span class="na">not checked</span>'
    return '<span class="ok">\u2713 agrees</span>' if ok else '<span class="bad">\u2717 disagrees</span>'


def _claim_card(check: ClaimCheck, text: str) -> str:
    c = check.claim
    verdict = check.verdict
    cls = verdict.replace(" ", "-")
    title = f"{c.instrument} ({c.ticker})" if c.ticker else c.instrument
    quote = _e(c.evidence.strip())
    rows = []
    fmt = f".{_quoted_decimals(c.level)}f"
    claimed_move = _pct(c.move_pct, 1) if c.move_pct is not None else (_e(c.direction) if c.direction else "\u2013")
    if c.move_pct is not None or c.direction is not None:
        observed = "\u2013"
        if check.observed_move_pct is not None:
            observed = f"{_pct(check.observed_move_pct, 2)} close to close"
            if check.prev_close is not None and check.close is not None:
                observed += f" ({_num(check.prev_close, fmt)} \u2192 {_num(check.close, fmt)})"
        if check.intraday_move_range_pct:
            lo, hi = check.intraday_move_range_pct
            observed += f"; intraday {_pct(lo, 2)} to {_pct(hi, 2)}"
        rows.append(("Move", claimed_move, observed, _mark(check.move_ok)))
    if c.level is not None:
        claimed = _e(_money(c.unit, c.level, _quoted_decimals(c.level))) + (f" <small>{_e(c.unit)}</small>" if c.unit else "")
        if c.basis == "settle":
            obs = f"close {_num(check.close, fmt)}" if check.close is not None else "\u2013"
        elif check.low is not None and check.high is not None:
            obs = f"day's range {_num(check.low, fmt)}\u2013{_num(check.high, fmt)}; close {_num(check.close, fmt)}"
        else:
            obs = f"close {_num(check.close, fmt)} (no intraday range)" if check.close is not None else "\u2013"
        rows.append(("Level", claimed, obs, _mark(check.level_ok)))
    body = "".join(
        f"<tr><td>{_e(k)}</td><td>{a}</td><td class='text'>{b}</td><td>{m}</td></tr>" for k, a, b, m in rows
    )
    shown = "data show"
    if check.session is not None:
        shown += f" (session {_date(check.session, '%a %-d %b %Y')}"
        shown += f", previous session {_date(check.prev_session, '%-d %b')})" if check.prev_session is not None else ")"
    table = (
        '<div class="tablewrap"><table><thead><tr><th></th><th>article says</th>'
        f"<th class='text'>{_e(shown)}</th><th></th></tr></thead>"
        f"<tbody>{body}</tbody></table></div>"
        if rows
        else ""
    )
    tol = check.tolerance
    tol_txt = (
        f"Basis: {_e(c.basis)}. Tolerances: move \u00b1{_e(tol.get('move_pp', ''))} pp plus half a unit of the "
        f"last quoted digit; settle level \u00b1{_e(tol.get('level_pct', ''))}% of the close."
        if tol
        else f"Basis: {_e(c.basis)}."
    )
    reasons = "".join(f"<li>{_e(r)}</li>" for r in check.reasons)
    return (
        f'<article class="claim {_e(cls)}">'
        f'<div class="claim-head"><h3>{_e(title)}</h3><span class="verdict {_e(cls)}">{_e(verdict)}</span></div>'
        + (f'<p class="quote">\u201c{quote}\u201d</p>' if quote else "")
        + table
        + (f'<ol class="notes">{reasons}</ol>' if reasons else "")
        + f'<p class="tablenote">{tol_txt}</p>'
        "</article>"
    )


def _claims_section(analysis: Analysis) -> str:
    checks = list(analysis.claim_checks)
    checked = {id(c.claim) for c in checks}
    from .study.claims import ClaimCheck

    for c in analysis.claims:  # claims that were never checked still belong on the page
        if id(c) not in checked:
            checks.append(ClaimCheck(c, "cannot check", reasons=("not checked",)))
    if not checks:
        body = '<p>The article makes no market claim (a move or a price level) that marketimpact could read.</p>'
    else:
        body = (
            '<p class="note">Each claim is checked on the session it refers to (day 0 for its instrument): the move '
            "against the close-to-close change, the level against the day's range (or the settlement price).</p>"
            + "".join(_claim_card(c, analysis.article.text) for c in checks)
        )
    return f'<section id="claims"><h2>What the article claims</h2>{body}</section>'


def _param_rows(analysis: Analysis) -> list[tuple[str, str]]:
    st = analysis.study
    fm = st.fitted
    params = ", ".join(f"{_e(k)} = {_num(v, '.4g')}" for k, v in fm.params.items()) or "none (no parameters estimated)"
    regs = " + ".join(st.factors) if st.factors else (st.benchmark or "none")
    s0, s1 = st.estimation_sessions
    est_w = f"({_day(st.estimation.start)}, {_day(st.estimation.end)})"
    evt_w = f"({_day(st.window.start)}, {_day(st.window.end)})"
    f = st.frame
    rows = [
        ("Asset", f"{_e(st.ticker)}" + (f" \u2013 {_e(find_instrument(st.ticker).name)}" if find_instrument(st.ticker) else "")),
        ("Benchmark / regressors", _e(regs)),
        ("Model", f"{_e(fm.name)}, {_e(st.return_kind)} returns"),
        ("Parameters", params),
        ("Residual sigma", f"{_pct(fm.sigma, 4, signed=False, scale=100)} a day"),
        ("R\u00b2", _num(fm.r2, ".3f")),
        (
            "Estimation window",
            f"{_minus(est_w)} sessions = {_e(_date(s0, '%-d %b %Y'))} to {_e(_date(s1, '%-d %b %Y'))}",
        ),
        ("L (observations)", f"{int(fm.nobs)} (degrees of freedom {int(fm.dof)})"),
        (
            "Event window",
            f"{_minus(evt_w)} sessions = {_e(_date(f['session'].iloc[0], '%-d %b %Y'))} to "
            f"{_e(_date(f['session'].iloc[-1], '%-d %b %Y'))}",
        ),
        ("Variance", "prediction-error corrected" if st.pe_correction else "sigma\u00b2 I (no prediction-error correction)"),
    ]
    return rows


def _days_table(analysis: Analysis) -> str:
    st = analysis.study
    rows = []
    for r in st.frame.itertuples(index=False):
        d = int(r.rel_day)
        cls = ' class="day0"' if d == 0 else ""
        rows.append(
            f"<tr{cls}><td>{_day(d)}</td><td>{_e(_date(r.session, '%a %-d %b'))}</td>"
            f"<td>{_pct(r.ret, 2, scale=100)}</td><td>{_pct(r.expected, 2, scale=100)}</td>"
            f'<td class="{_sign_class(r.ar)}">{_pct(r.ar, 2, scale=100)}</td><td>{_num(r.ar_t)}</td>'
            f"<td>{_pvalue(r.ar_p)}</td><td>{_pct(r.car, 2, scale=100)}</td></tr>"
        )
    return (
        '<div class="tablewrap"><table id="days"><caption>Event window, day by day</caption><thead><tr><th>day</th>'
        "<th>session</th><th>return</th><th>expected</th><th>AR</th><th>t</th><th>p</th><th>CAR</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def _tests_table(analysis: Analysis) -> str:
    st = analysis.study
    rows = []
    for t in st.tests:
        lo, hi = t.conf_int()
        sig = t.pvalue < 0.05
        rows.append(
            f"<tr{_SIG if sig else ''}><td>{_e(_window_label(t.window))}</td><td>{_e(t.name)}</td>"
            f'<td class="{_sign_class(t.estimate)}">{_pct(t.estimate, 2, scale=100)}</td>'
            f"<td>{_pct(t.se, 2, signed=False, scale=100)}</td><td>{_num(t.stat)}</td>"
            f"<td>{_num(t.df, '.0f')}</td><td>{_pvalue(t.pvalue)}{'*' if sig else ''}</td>"
            f"<td>{_pct(lo, 2, scale=100)} to {_pct(hi, 2, scale=100)}</td></tr>"
        )
    conventions = list(dict.fromkeys(t.conventions for t in st.tests if t.conventions))
    references = list(dict.fromkeys(t.reference for t in st.tests if t.reference))
    nulls = list(dict.fromkeys(f"H0: {t.null} ({t.alternative})" for t in st.tests))
    foot = "".join(f"<li>{_e(c)}.</li>" for c in conventions)
    foot += "".join(f"<li>{_e(n)}.</li>" for n in nulls)
    foot += "".join(f"<li>Reference: {_e(r)}.</li>" for r in references)
    foot += "<li>* significant at the 5% level (two-sided). Estimates and standard errors in percent.</li>"
    return (
        '<div class="tablewrap"><table id="tests-table"><caption>Time-series t tests</caption><thead><tr>'
        "<th>window</th><th>test</th><th>estimate</th><th>std. error</th><th>t</th><th>df</th><th>p</th><th>95% CI</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div>"
        f'<ol class="notes" id="conventions">{foot}</ol>'
    )


def _model_section(analysis: Analysis, kinds: Iterable[str], problems: list[str]) -> str:
    warn = "".join(f'<p class="warn">{_e(m)}</p>' for m in analysis.study.warnings)
    figures = "".join(_figure(analysis, k, problems) for k in ("ar", "car") if k in kinds)
    return (
        '<section id="model"><h2>The model</h2>'
        '<p class="note">Normal returns are estimated on the estimation window and projected over the event '
        "window; the abnormal return (AR) is the actual minus the expected return, and the cumulative abnormal "
        "return (CAR) is the sum of the ARs.</p>"
        f"{warn}{_dl(_param_rows(analysis))}"
        "</section>"
        '<section id="tests"><h2>Abnormal returns and tests</h2>'
        f"{_tests_table(analysis)}{figures}{_days_table(analysis)}"
        "</section>"
    )


def _day0_section(analysis: Analysis) -> str:
    et = analysis.study.event_time
    rule_words = {
        "same_session": "announced on a trading session before the asset's daily price time, so day 0 is that "
        "session",
        "after_price_time": "announced after the asset's daily price time, so day 0 is the next session",
        "next": "announced on a day with no session, so day 0 is the next session",
        "previous": "announced on a day with no session, so day 0 is the previous session",
    }
    rows = [
        ("Day 0", _e(_date(et.day0, "%A %-d %B %Y"))),
        ("Rule", f"<code>{_e(et.rule)}</code>" + (f" \u2013 {_e(rule_words[et.rule])}" if et.rule in rule_words else "")),
        ("Ambiguous", "yes: see CAR(0, +1)" if et.ambiguous else "no"),
    ]
    return (
        '<section id="day0"><h2>How day 0 was chosen</h2>'
        f'{_dl(rows)}<p class="callout">{_e(et.note[:1].upper() + et.note[1:])}.</p>'
        "</section>"
    )


def _provenance_section(analysis: Analysis) -> str:
    prov = analysis.prices.provenance
    used = [t for t in (analysis.study.ticker, analysis.study.benchmark, *analysis.study.factors) if t]
    used += [c.claim.ticker for c in analysis.claim_checks if c.claim.ticker]
    order = list(dict.fromkeys([*used, *prov]))
    rows = []
    for t in order:
        p = prov.get(t)
        if p is None:
            continue
        role = (
            "asset" if t == analysis.study.ticker else "benchmark" if t == analysis.study.benchmark
            else "regressor" if t in analysis.study.factors else "claim check" if t in used else "loaded"
        )
        details = [
            f"{_e(p.get('source', ''))} data" + (f", {_e(p.get('interval'))} bars" if p.get("interval") else ""),
        ]
        if p.get("range"):
            details.append(f"covers {_e(str(p['range']).replace('..', ' to '))}")
        if p.get("file"):
            details.append(f"file <code>{_e(p['file'])}</code>")
        if p.get("origin"):
            details.append(f"origin <code>{_e(p['origin'])}</code>")
        rows.append(
            f"<tr><td class='text'><b>{_e(t)}</b><br><span class='note'>{_e(role)}</span></td>"
            f"<td class='text'>{_e(p.get('title', ''))}</td>"
            f"<td class='text'>{'<br>'.join(details)}</td></tr>"
        )
    table = (
        '<div class="tablewrap"><table id="provenance-table"><thead><tr><th class="text">ticker</th>'
        '<th class="text">series</th><th class="text">where the prices come from</th></tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table></div>'
        if rows
        else "<p>No provenance was recorded for these prices.</p>"
    )
    art = analysis.article
    src = f"<p>Article: <code>{_e(art.source_path)}</code>.</p>" if art.source_path else ""
    return f'<section id="provenance"><h2>Data provenance</h2>{table}{src}</section>'


# --------------------------------------------------------------------------- page
def _generator() -> str:
    from . import __version__

    return f"marketimpact {__version__}"


def _assets_section(assets: ArticleStudies, problems: list[str]) -> str:
    """Every instrument the article makes a claim about: one row each, and the small multiples."""
    rows = []
    for t, an in assets.analyses.items():
        st = an.study
        n = _headline_numbers(an)
        ar0: TestResult = n["ar0"]
        verdicts = ", ".join(c.verdict for c in assets.claim_checks if c.claim.ticker == t) or "\u2013"
        inst = find_instrument(t)
        rows.append(
            f"<tr><td class=\"text\">{_e(inst.name if inst else t)} <small>{_e(t)}</small></td>"
            f"<td>{_e(_date(st.event_time.day0))}</td><td class=\"{_sign_class(n['move'])}\">{_pct(n['move'], 2, scale=100)}</td>"
            f"<td class=\"{_sign_class(ar0.estimate)}\">{_pct(ar0.estimate, 2, scale=100)}</td><td>{_num(ar0.stat)}</td>"
            f"<td>{_pvalue(ar0.pvalue)}</td><td class=\"text\">{_e(verdicts)}</td></tr>"
        )
    rows += [f'<tr><td class="text">{_e(t)}</td><td colspan="6" class="text">not studied: {_e(w)}</td></tr>'
             for t, w in assets.skipped.items()]
    figure = ""
    if assets.analyses:
        try:
            from .charts import frame_of, style_context

            fig = assets.plot()
            frame = frame_of(fig)
            buf = io.BytesIO()
            with style_context(frame):
                fig.savefig(buf, format="png", dpi=(frame.dpi if frame else fig.dpi) * 2, facecolor=fig.get_facecolor(),
                            metadata={"Software": "marketimpact"})
            uri = "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")
            title = " ".join(frame.title_lines()) if frame else "small multiples"
            w, h = (round(frame.width_px), round(frame.height_px)) if frame else (700, 500)
            figure = (f'<figure id="chart-small-multiples"><img src="{uri}" alt="{_e(title)}" width="{w}" height="{h}">'
                      "<figcaption>Each instrument's close, % change since the session before its own day 0."
                      "</figcaption></figure>")
        except Exception as exc:  # a broken chart must not cost the reader the rest of the report
            problems.append(f"small-multiples chart could not be drawn: {type(exc).__name__}: {exc}")
    return (
        '<section id="all-assets"><h2>Every instrument the article names</h2>'
        '<p class="note">Each instrument with a claim in the article, studied with the same model and windows and '
        "its own day 0 (its own price time); the claims about it and their verdicts.</p>"
        '<div class="tablewrap"><table id="assets-table"><thead><tr><th class="text">instrument</th><th>day 0</th>'
        "<th>return</th><th>AR(0)</th><th>t</th><th>p</th><th class=\"text\">claims</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div>{figure}</section>"
    )


def render_report(
    analysis: Analysis,
    *,
    embed_fonts: bool = True,
    charts: Sequence[str] = CHART_KINDS,
    assets: ArticleStudies | None = None,
) -> str:
    """Render ``analysis`` as one self-contained HTML page.

    Parameters
    ----------
    analysis : Analysis
        The result of :func:`marketimpact.analyze`.
    embed_fonts : bool
        Embed Source Sans Pro (subset to the page's characters) as WOFF data URIs; otherwise
        the page uses the system's sans-serif fonts.
    charts : sequence of {"price", "ar", "car"}
        Charts to embed (PNG data URIs). A chart that fails to draw is replaced by a note.
    assets : ArticleStudies, optional
        Every instrument of the article (:func:`marketimpact.analyze_all`): adds a section with
        one row per instrument and the small-multiples chart.

    Returns
    -------
    str
        The HTML document. It loads nothing from outside: styles are inline, images and
        fonts are ``data:`` URIs, and its Content-Security-Policy forbids scripts and
        network fetches. All article-derived text is escaped.
    """
    unknown = set(charts) - set(CHART_KINDS)
    if unknown:
        raise ValueError(f"unknown chart kind(s) {sorted(unknown)}; use {', '.join(CHART_KINDS)}")
    problems: list[str] = []
    kinds = set(charts)
    price = _figure(analysis, "price", problems) if "price" in kinds else ""
    body_main = (
        _header(analysis)
        + _event_section(analysis)
        + _claims_section(analysis)
        + (f'<section id="charts"><h2>The market reaction</h2>{price}</section>' if price else "")
        + _model_section(analysis, kinds, problems)
        + (_assets_section(assets, problems) if assets is not None else "")
        + _day0_section(analysis)
        + _provenance_section(analysis)
    )
    if problems:
        body_main += "".join(f'<p class="warn">{_e(p)}</p>' for p in problems)
    gen = _generator()
    body = (
        f'<main class="page">{body_main}'
        f"<footer>Generated by {_e(gen)}. Self-contained page: no scripts, no external resources. "
        "Returns, abnormal returns and tests as defined in the notes above; prices as listed under data "
        "provenance.</footer></main>"
    )
    art = analysis.article
    title = f"{art.headline or art.article_id} \u2013 marketimpact event study ({analysis.study.ticker})"
    css = _CSS.replace("__SANS__", _SANS).replace("__SERIF__", _SERIF)
    fonts = _font_face_css(_visible_text(body) + title) if embed_fonts else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_e(CONTENT_SECURITY_POLICY)}">'
        '<meta name="referrer" content="no-referrer">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="{_e(gen)}">'
        f'<meta name="description" content="{_e(_strip_tags(_standfirst(analysis)))}">'
        f"<title>{_e(title)}</title>"
        f"<style>\n{fonts}\n{css}</style></head>\n"
        f"<body>{body}</body></html>\n"
    )


_DOT = " \u00b7 "
_SIG = ' class="sig"'
_TAG = re.compile(r"<[^>]*>")


def _strip_tags(fragment: str) -> str:
    return html.unescape(_TAG.sub("", fragment))


def _visible_text(fragment: str) -> str:
    """The characters a fragment shows (tags and data URIs removed), for font subsetting."""
    return _strip_tags(re.sub(r'src="data:[^"]*"', "", fragment))


def report_filename(analysis: Analysis) -> str:
    """Safe file name for the report: ``<event id>_<ticker>_report.html``.

    Everything but letters, digits, ``.``, ``_`` and ``-`` is replaced, so an article id
    such as ``../../x`` cannot write outside the output folder.
    """
    stem = f"{analysis.event.event_id}_{analysis.study.ticker}".replace("=", "").replace("^", "")
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("._-")[:150] or "marketimpact"
    return f"{stem}_report.html"


def write_report(analysis: Analysis, out_dir: str | os.PathLike[str], filename: str | None = None, *,
                 outputs: OutputSet | None = None, **kwargs: Any) -> Path:
    """Write the self-contained HTML report of ``analysis`` into ``out_dir`` atomically.

    The page goes through :mod:`marketimpact._io` (a unique temporary file in ``out_dir``,
    fsynced, moved into place with :func:`os.replace`), so a reader never sees a half-written
    report.

    Parameters
    ----------
    analysis : Analysis
        The result of :func:`marketimpact.analyze`.
    out_dir : path-like
        Output folder (created if missing).
    filename : str, optional
        File name inside ``out_dir``; default :func:`report_filename`. Only the name is
        used (any folder part is dropped).
    outputs : OutputSet, optional
        Stage the page in this output set (committed by the caller with the other files of
        the run, e.g. ``study --out DIR --html``) instead of writing it at once.
    **kwargs
        Passed to :func:`render_report` (``embed_fonts``, ``charts``).

    Returns
    -------
    pathlib.Path
        The written file.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    name = Path(filename).name if filename else report_filename(analysis)
    if not name or name in (".", ".."):
        raise ValueError(f"invalid report file name {filename!r}")
    target = out / name
    text = render_report(analysis, **kwargs)
    from ._io import atomic_write

    if outputs is not None:
        outputs.write(target, text)
    else:
        atomic_write(target, text)
    return target
