"""The self-contained HTML report: structure, escaping, no external resources, and a real browser.

The structural tests parse the page with the standard library's ``html.parser``. The browser
test opens the written file in headless Chromium through Playwright (system browser at
/usr/bin/chromium; skipped with a message when it or Playwright is missing).
"""

from __future__ import annotations

import base64
import dataclasses
import importlib.util
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import marketimpact as mi
from marketimpact.html_report import CONTENT_SECURITY_POLICY, render_report, report_filename, write_report

INJECT_SCRIPT = "<script>alert(1)</script>"
INJECT_IMG = "<img src=x onerror=alert(2)>"
ARTICLE = f"""President Donald Trump said on Wednesday that Washington and Moscow would start negotiations \
on the war in Ukraine {INJECT_SCRIPT} after a call with Vladimir Putin.
Global oil prices fell, with Brent crude falling 2.3% to $75.25 a barrel. {INJECT_IMG}
Traders called the news a "surprise" & said it was priced in quickly.
"""
HEADLINE = f"Oil slides {INJECT_SCRIPT} on peace talk"
SECTIONS = ("article", "event", "claims", "charts", "model", "tests", "day0", "provenance")
BROWSER = Path(__file__).parent / "browser" / "render_page.py"


class PageParser(HTMLParser):
    """Collects elements, attributes, ids, text and the text inside each ``<mark>``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: set[str] = set()
        self.text: list[str] = []
        self.marks: list[str] = []
        self.section_text: dict[str, list[str]] = {}
        self._in_mark = 0
        self._sections: list[str] = []
        self._stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if a.get("id"):
            self.ids.add(str(a["id"]))
        if tag == "mark":
            self._in_mark += 1
            self.marks.append("")
        if tag in ("section", "header"):
            self._sections.append(str(a.get("id", "")))
        if tag not in ("meta", "img", "br", "link", "input"):
            self._stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self._in_mark -= 1
        if tag in ("section", "header") and self._sections:
            self._sections.pop()
        if self._stack and self._stack[-1] == tag:
            self._stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_mark:
            self.marks[-1] += data
        for sid in self._sections:
            self.section_text.setdefault(sid, []).append(data)

    def section(self, sid: str) -> str:
        return "".join(self.section_text.get(sid, []))

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag]


@pytest.fixture(scope="module")
def injected_analysis():
    art = mi.article_from_text(
        ARTICLE, article_id="inject<script>", published="2025-02-12", timezone="Europe/London",
        headline=HEADLINE, publisher="The <b>Daily</b> Test",
    )
    return mi.analyze(art)


@pytest.fixture(scope="module")
def page(injected_analysis) -> str:
    return render_report(injected_analysis)


@pytest.fixture(scope="module")
def parsed(page) -> PageParser:
    p = PageParser()
    p.feed(page)
    p.close()
    return p


def test_sections_present(parsed):
    for sid in SECTIONS:
        assert sid in parsed.ids, f"section #{sid} missing"
    for kind in ("price", "ar", "car"):
        assert f"chart-{kind}" in parsed.ids
    assert {"tests-table", "days", "conventions", "provenance-table", "evidence"} <= parsed.ids
    assert [h for h in parsed.all("h1")], "no headline"


def test_no_script_and_injection_is_text(page, parsed):
    assert not parsed.all("script"), "the page must contain no <script> element"
    text = "".join(parsed.text)
    assert INJECT_SCRIPT in text  # shown literally, as text
    assert INJECT_IMG in text
    assert "The <b>Daily</b> Test" in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script" not in page.lower()
    assert "<img src=x" not in page
    # no event-handler attribute anywhere, and the only images are the three charts
    assert not [a for _, attrs in parsed.tags for a in attrs if a.lower().startswith("on")]
    assert len(parsed.all("img")) == 3
    title = re.search(r"<title>(.*?)</title>", page, re.S)
    assert title and "&lt;script&gt;" in title.group(1)


def test_images_are_data_uris(parsed):
    imgs = parsed.all("img")
    assert imgs
    for a in imgs:
        src = str(a.get("src"))
        assert src.startswith("data:image/png;base64,"), src[:40]
        png = base64.b64decode(src.split(",", 1)[1], validate=True)
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert a.get("alt"), "chart images need alt text"


def test_no_external_urls(page, parsed):
    assert not re.search(r"https?://", page, re.I)
    assert not re.search(r"(?:src|href)\s*=\s*[\"']?(?!data:)(?:/|\w+:)", page, re.I)
    assert "@import" not in page
    for tag in ("link", "iframe", "object", "embed", "base", "form", "a"):
        assert not parsed.all(tag), f"unexpected <{tag}>"
    urls = re.findall(r"url\(\s*[\"']?([^\"')]{0,20})", page)
    assert all(u.startswith("data:") for u in urls), urls


def test_meta_csp_and_generator(parsed):
    metas = parsed.all("meta")
    csp = [m for m in metas if (m.get("http-equiv") or "").lower() == "content-security-policy"]
    assert len(csp) == 1 and csp[0]["content"] == CONTENT_SECURITY_POLICY
    policy = str(csp[0]["content"])
    assert "default-src 'none'" in policy and "img-src data:" in policy and "style-src 'unsafe-inline'" in policy
    assert "script-src" not in policy  # scripts fall back to default-src 'none'
    gen = [m for m in metas if m.get("name") == "generator"]
    assert gen and str(gen[0]["content"]).startswith("marketimpact ")
    assert any(m.get("charset") for m in metas)


def test_event_evidence_highlighted(injected_analysis, parsed):
    ev = injected_analysis.event
    assert ev.local_date.isoformat() == "2025-02-12"
    assert parsed.marks and parsed.marks[0] == ev.evidence
    section = parsed.section("event")
    assert ev.timezone in section and "Wednesday 12 February 2025" in section


def test_claims_with_numbers(injected_analysis, parsed):
    (check,) = injected_analysis.claim_checks
    assert check.verdict == "consistent"
    s = parsed.section("claims")
    assert "Brent (BZ=F)" in s and "consistent" in s
    assert "\u22122.3%" in s  # claimed move
    assert "\u22122.36% close to close" in s  # observed move
    assert "77.00 \u2192 75.18" in s
    assert "$75.25" in s and "day's range 74.95\u201376.89" in s  # claimed level vs range
    assert "Global oil prices fell, with Brent crude falling 2.3% to $75.25 a barrel." in s
    assert INJECT_IMG in "".join(parsed.text)


def test_model_tests_and_conventions(injected_analysis, parsed):
    st = injected_analysis.study
    m = parsed.section("model")
    for needle in ("alpha = ", "beta = ", "Residual sigma", "R\u00b2", "L (observations)", f"{st.fitted.nobs} ("):
        assert needle in m, needle
    s0, s1 = st.estimation_sessions
    assert f"{s0:%-d %b %Y}" in m and f"{s1:%-d %b %Y}" in m
    t = parsed.section("tests")
    for needle in ("AR(0)", "CAR(\u22121, +1)", "CAR(0, +1)", "95% CI", "prediction-error corrected", "two-sided"):
        assert needle in t, needle
    ar0 = st.tests[0]
    lo, hi = ar0.conf_int()
    assert f"{abs(ar0.estimate) * 100:.2f}%" in t and f"{abs(lo) * 100:.2f}%" in t and f"{abs(hi) * 100:.2f}%" in t
    assert f"{ar0.pvalue:.3f}" in t


def test_day0_and_provenance(injected_analysis, parsed):
    d = parsed.section("day0")
    assert injected_analysis.study.event_time.rule in d and "14:30" in d
    p = parsed.section("provenance")
    for t, prov in injected_analysis.prices.provenance.items():
        assert t in p
        for key in ("source", "file", "origin"):
            if prov.get(key):
                assert str(prov[key]) in p, (t, key)


def test_write_report_atomic_and_safe_name(injected_analysis, tmp_path):
    out = tmp_path / "reports"
    path = write_report(injected_analysis, out)
    assert path.parent == out and path.name == report_filename(injected_analysis)
    assert re.fullmatch(r"[A-Za-z0-9._-]+_report\.html", path.name)
    assert [p.name for p in out.iterdir()] == [path.name], "temporary file left behind"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and text.rstrip().endswith("</html>")
    # an id that tries to climb out of the output folder stays inside it
    evil = dataclasses.replace(injected_analysis, event=dataclasses.replace(injected_analysis.event, event_id="../../x y"))
    p2 = write_report(evil, out, embed_fonts=False, charts=())
    assert p2.parent == out and ".." not in p2.name
    p3 = write_report(injected_analysis, out, filename="../named.html", embed_fonts=False, charts=())
    assert p3 == out / "named.html"


def test_render_without_charts_or_fonts(injected_analysis):
    page = render_report(injected_analysis, embed_fonts=False, charts=())
    assert "<img" not in page and "@font-face" not in page and 'id="tests-table"' in page
    with pytest.raises(ValueError, match="unknown chart"):
        render_report(injected_analysis, charts=("pie",))


def test_seed_story_report(seed_analysis):
    page = render_report(seed_analysis, embed_fonts=False)
    assert "Donald Trump says US and Russia to start negotiations on Ukraine war" in page
    assert "<mark>Wednesday\u2019s call showed" in page
    assert not re.search(r"https?://", page)


def _browser_module():
    spec = importlib.util.spec_from_file_location("mi_render_page", BROWSER)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_report_in_headless_chromium(injected_analysis, tmp_path):
    browser = _browser_module()
    why = browser.missing_requirement()
    if why:
        pytest.skip(f"browser test needs Chromium and Playwright: {why}")
    path = write_report(injected_analysis, tmp_path)
    shot = tmp_path / "report.png"
    res = browser.open_report(path, shot)
    errors = [m for m in res["console"] if m["type"] == "error"]
    assert not errors, errors
    assert not res["page_errors"], res["page_errors"]
    assert not res["dialogs"], f"injected script ran: {res['dialogs']}"
    assert not res["requests"], f"page fetched something: {res['requests']}"
    dom = res["dom"]
    assert dom["scripts"] == 0 and dom["injectedImgs"] == 0
    assert len(dom["images"]) == 3
    for img in dom["images"]:
        assert img["complete"] and img["naturalWidth"] > 0 and img["naturalHeight"] > 0, img
    for svg in dom["svgs"]:
        assert svg["width"] > 0 and svg["height"] > 0, svg
    assert set(SECTIONS) <= set(dom["sections"])
    assert dom["background"] == "rgb(255, 241, 229)"  # FT paper
    assert INJECT_SCRIPT in dom["title"]
    assert dom["scrollWidth"] <= dom["clientWidth"], "page overflows horizontally"
    assert any(f["status"] == "loaded" for f in dom["fonts"]) and dom["sourceSansUsable"]
    assert shot.exists() and shot.stat().st_size > 10_000
    with shot.open("rb") as fh:
        assert fh.read(8) == b"\x89PNG\r\n\x1a\n"
