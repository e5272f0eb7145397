"""Second hardening pass (issue 15), the inputs that must *work* (their failures are rows of the
bad-input matrix in test_hardening_matrix.py):

* UTF-16/UTF-32 articles and CR-only line ends read like UTF-8/LF ones;
* a folder of articles goes on past bad files and lists them (API warning, CLI text and JSON);
* an impossible HTML ``<meta>`` date is ignored when the user gives ``--published``;
* an RSS year "0001" is not read as 2001; RSS dates in year 9999 leave the item without a date;
* ``$`` in chart titles and headlines is a dollar sign (no TeX), through ``chart`` and ``study --out``;
* ``analyze(prices=…)`` with newest-first rows or a timezone-aware index gives the same numbers;
* an unreadable price-cache entry is named, not quarantined as corrupt; quarantines never overwrite;
* YYYYMMDD numbers in batch tables are dates (not nanoseconds since 1970) in every engine.
"""

from __future__ import annotations

import json
import warnings

import pytest
from conftest import ROOT

import marketimpact as mi
from marketimpact import cli
from marketimpact.errors import ArticleFormatError, ArticleSkippedWarning
from marketimpact.extract import read_articles

SEED = ROOT / "data" / "articles" / "2025-02-12_ft_trump_putin_brent.md"
BODY = "Brent crude fell 2.3% to $75.25 a barrel on Wednesday after the call.\n"
FRONT = "---\nheadline: Oil slips\npublished: 2025-02-12T18:30:00+00:00\n---\n"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig"])
def test_utf16_and_utf32_articles_read_like_utf8(tmp_path, codec):
    (tmp_path / "a.md").write_bytes((FRONT + BODY).encode(codec))
    (tmp_path / "b.md").write_text(FRONT + BODY, encoding="utf-8")
    a, b = mi.read_article(tmp_path / "a.md"), mi.read_article(tmp_path / "b.md")
    assert (a.text, a.headline, a.published) == (b.text, b.headline, b.published)
    assert mi.extract_event(a).local_date == mi.extract_event(b).local_date


def test_cr_only_line_ends_read_like_lf(tmp_path):
    (tmp_path / "cr.md").write_bytes((FRONT + BODY + "Second paragraph.\n").replace("\n", "\r").encode())
    art = mi.read_article(tmp_path / "cr.md")
    assert art.headline == "Oil slips" and art.text == BODY + "Second paragraph.\n"


@pytest.fixture
def mixed_folder(tmp_path):
    (tmp_path / "a_good.md").write_text(FRONT + BODY)
    (tmp_path / "b_feb31.md").write_text("---\npublished: 2025-02-31\n---\n" + BODY)
    (tmp_path / "c_number.md").write_text("---\npublished: 2025-02-12\nheadline: 123\n---\n" + BODY)
    (tmp_path / "d_binary.txt").write_bytes(b"\x89PNG\x00\x00\x00")
    return tmp_path


def test_a_folder_goes_on_past_bad_files_and_names_them(mixed_folder):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        arts = read_articles(mixed_folder)
    assert [a.article_id for a in arts] == ["a_good"]
    skipped = {w.message.path: w.message.reason for w in caught if isinstance(w.message, ArticleSkippedWarning)}
    assert sorted(skipped) == ["b_feb31.md", "c_number.md", "d_binary.txt"]
    assert "'2025-02-31' is not a valid ISO-8601 date: it does not exist" in skipped["b_feb31.md"]
    assert "headline: 123 is a number, not text" in skipped["c_number.md"]
    assert "binary" in skipped["d_binary.txt"]


def test_extract_on_a_folder_lists_the_bad_files(mixed_folder, capsys):
    assert cli.main(["extract", str(mixed_folder), "--json"]) == 0
    docs = json.loads(capsys.readouterr().out)
    assert [d["article"] for d in docs] == ["a_good", "b_feb31.md", "c_number.md", "d_binary.txt"]
    assert docs[0]["event"]["date"] == "2025-02-12"
    assert all(d["event"] is None and d["error"] for d in docs[1:])
    assert cli.main(["extract", str(mixed_folder)]) == 0
    out = capsys.readouterr().out
    assert "== c_number.md" in out and "put it in quotes" in out


def test_impossible_html_meta_date_is_ignored_with_published(tmp_path):
    page = ('<html><head><title>Oil</title><meta property="article:published_time" content="2025-02-31">'
            "</head><body><article><h1>Oil falls</h1><p>" + BODY * 3 + "</p></article></body></html>")
    (tmp_path / "p.html").write_text(page)
    with pytest.raises(ArticleFormatError, match="does not exist"):
        mi.read_article(tmp_path / "p.html")
    art = mi.read_article(tmp_path / "p.html", published="2025-02-12")
    assert str(art.published) == "2025-02-12" and "Brent crude fell" in art.text


def _rss(pub: str) -> bytes:
    return ("<?xml version='1.0'?><rss version='2.0'><channel><title>t</title>"
            f"<item><title>Oil</title><description>{BODY}</description><pubDate>{pub}</pubDate></item>"
            "<item><title>Gold</title><description>Gold rose 1% on Wednesday.</description>"
            "<pubDate>Wed, 12 Feb 2025 10:00:00 GMT</pubDate></item></channel></rss>").encode()


@pytest.mark.parametrize("pub", ["Mon, 01 Jan 0001 10:00:00 GMT", "Fri, 31 Dec 9999 10:00:00 GMT"])
def test_feed_dates_at_the_year_edges_leave_the_item_undated(pub):
    from marketimpact.extract.feeds import parse_feed

    oil, gold = parse_feed(_rss(pub))
    assert oil.published is None  # not 2001, not a crash; the other item keeps its date
    assert str(gold.published) == "2025-02-12 10:00:00+00:00"


def _all_text_is_literal(fig) -> list[str]:
    from matplotlib.text import Text

    return [t.get_text() for t in fig.findobj(Text) if t.get_text() and t._preprocess_math(t.get_text())[1]]


@pytest.mark.parametrize("kind", ["price", "ar", "car"])
def test_dollar_signs_in_chart_text_are_literal(seed_analysis, kind):
    import io

    fig = seed_analysis.plot(kind, title="Brent slips $2 to $75 $x^{$", subtitle="$ a barrel")
    buf = io.BytesIO()
    fig.savefig(buf, format="png")  # "$x^{$" used to raise a mathtext ParseException
    assert _all_text_is_literal(fig) == []


def test_dollar_signs_through_chart_and_study_out(tmp_path, capsys):
    article = tmp_path / "dollars.md"
    article.write_text(SEED.read_text().replace("headline:", "headline: $x^{$ Brent slips $2 to $75 —", 1))
    assert cli.main(["chart", "price", str(article), "--title", "$x^{$", "--out", str(tmp_path / "c"),
                     "--formats", "svg"]) == 0
    assert cli.main(["study", str(article), "--out", str(tmp_path / "s")]) == 0
    assert sorted(p.suffix for p in (tmp_path / "s").iterdir()) == [".json", ".png", ".svg"]


def test_own_prices_newest_first_or_tz_aware_give_the_same_numbers():
    wide = mi.load_prices(["BZ=F", "^GSPC"]).close()
    base = mi.analyze(SEED, prices=wide).study.to_frame()
    newest_first = mi.analyze(SEED, prices=wide.iloc[::-1]).study.to_frame()
    aware = wide.copy()
    aware.index = aware.index.tz_localize("America/New_York")
    tz = mi.analyze(SEED, prices=aware).study.to_frame()
    assert newest_first.equals(base) and tz.equals(base)


# ---------------------------------------------------------------------------------------------
# the price cache: unreadable is not corrupt; quarantines never overwrite each other
# ---------------------------------------------------------------------------------------------
def _cached_bars(level: float):
    import pandas as pd

    idx = pd.bdate_range("2025-01-06", periods=5, name="session")
    close = [level + i / 100 for i in range(5)]
    return pd.DataFrame({"open": close, "high": close, "low": close, "close": close, "volume": 100.0}, index=idx)


def test_unreadable_cache_entry_is_named_and_left_alone(monkeypatch, tmp_path):
    import builtins
    import errno

    from marketimpact.errors import CacheReadError
    from marketimpact.prices import cache

    monkeypatch.setenv("MARKETIMPACT_CACHE_DIR", str(tmp_path / "c"))
    df = _cached_bars(70.0)
    entry = cache.write_entry("BZ=F", "1d", df, [(df.index[0].date(), df.index[-1].date())])
    before = entry.path.read_bytes()
    real_open = builtins.open

    def denied(path, mode="r", *a, **kw):  # the tests may run as root: simulate chmod 000
        if str(path) == str(entry.path):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, mode, *a, **kw)

    monkeypatch.setattr(cache, "open", denied, raising=False)
    with pytest.raises(CacheReadError, match=r"Permission denied.*fix its permissions"):
        cache.read_entry("BZ=F")
    with pytest.raises(CacheReadError, match="Permission denied"):  # a writer does not quarantine it either
        cache.write_entry("BZ=F", "1d", _cached_bars(71.0), [(df.index[0].date(), df.index[-1].date())])
    monkeypatch.undo()
    assert entry.path.read_bytes() == before
    assert sorted(p.name for p in entry.path.parent.iterdir() if "corrupt" in p.name) == []


def test_a_second_quarantine_keeps_the_first(monkeypatch, tmp_path):
    from marketimpact.errors import MarketImpactWarning
    from marketimpact.prices import cache

    monkeypatch.setenv("MARKETIMPACT_CACHE_DIR", str(tmp_path / "c"))
    df = _cached_bars(70.0)
    covered = [(df.index[0].date(), df.index[-1].date())]
    damaged = []
    for k in range(2):
        entry = cache.write_entry("BZ=F", "1d", df, covered)
        entry.path.write_bytes(f"torn {k}".encode())
        damaged.append(f"torn {k}".encode())
        with pytest.warns(MarketImpactWarning, match="moved aside"):
            cache.write_entry("BZ=F", "1d", df, covered)
    names = sorted(p.name for p in entry.path.parent.iterdir() if "corrupt" in p.name)
    assert names == [entry.path.name + ".corrupt", entry.path.name + ".corrupt.2"]
    assert [(entry.path.parent / n).read_bytes() for n in names] == damaged


# ---------------------------------------------------------------------------------------------
# batch tables: YYYYMMDD numbers are dates, one reading for every engine
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("engine", ["numpy", "reference"])
def test_yyyymmdd_numbers_read_as_dates_in_every_engine(tmp_path, capsys, engine):
    import pandas as pd

    wide = mi.load_prices(["BZ=F", "^GSPC"]).close().loc["2019-01-01":"2024-12-31"].rename_axis("date").reset_index()
    events = pd.DataFrame({"event_id": ["a", "b"], "ticker": "BZ=F", "date": ["2022-03-09", "2023-04-03"]})
    results = {}
    for name, (ev, px) in {
        "iso": (events, wide),
        "numbers": (events.assign(date=[20220309, 20230403]),
                    wide.assign(date=wide["date"].dt.strftime("%Y%m%d").astype(int))),
    }.items():
        ev.to_csv(tmp_path / f"ev_{name}.csv", index=False)
        px.to_csv(tmp_path / f"px_{name}.csv", index=False)
        out = tmp_path / f"res_{name}.csv"
        assert cli.main(["batch", str(tmp_path / f"ev_{name}.csv"), "--prices", str(tmp_path / f"px_{name}.csv"),
                         "--out", str(out), "--tests", "cs_t", "--engine", engine]) == 0
        results[name] = pd.read_csv(out)
    capsys.readouterr()
    assert len(results["iso"]) == 22 and results["numbers"].equals(results["iso"])


def test_own_prices_object_newest_first_tz_aware_or_duplicated():
    import pandas as pd

    from marketimpact.errors import BadPriceError
    from marketimpact.prices import Prices

    p = mi.load_prices(["BZ=F", "^GSPC"])
    base = mi.analyze(SEED, prices=p).study.to_frame()
    newest_first = Prices({t: b.iloc[::-1] for t, b in p.bars.items()}, p.provenance)
    aware = Prices({t: b.tz_localize("UTC") for t, b in p.bars.items()}, p.provenance)
    assert mi.analyze(SEED, prices=newest_first).study.to_frame().equals(base)
    assert mi.analyze(SEED, prices=aware).study.to_frame().equals(base)
    doubled = Prices({t: pd.concat([b, b.iloc[-2:]]) for t, b in p.bars.items()}, p.provenance)
    with pytest.raises(BadPriceError, match=r"duplicate date .* for BZ=F"):
        mi.analyze(SEED, prices=doubled)
