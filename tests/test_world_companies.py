"""The world company table (``companies_world.csv``, issue 12): companies only it knows, the
filters of its build tool, and that it never changes what the other tables resolve."""

from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path

import pytest

from marketimpact.extract import extract_claims
from marketimpact.extract.entities import fold, resolve_name
from marketimpact.instruments import (
    COMMON_WORDS,
    _alias_index,
    find_instrument,
    is_world_ticker,
    listings,
    validate_ticker,
)

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "marketimpact" / "data"


def _rows(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader((DATA / name).read_text(encoding="utf-8").splitlines()))


def _tool():
    spec = importlib.util.spec_from_file_location("build_companies_world", ROOT / "tools" / "build_companies_world.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["build_companies_world"] = mod
    spec.loader.exec_module(mod)
    return mod


def _claims(text: str) -> list[tuple]:
    return [(c.ticker, c.direction, c.move_pct, c.level) for c in extract_claims(text)]


# ------------------------------------------------------------------ companies only the world table knows
@pytest.mark.parametrize(("text", "want"), [
    ("Sodexo shares fell 4.2% to 71.30 euros after the caterer cut its organic growth forecast.",
     ("SW.PA", "down", -4.2, 71.3)),
    ("Alstom SA slumped 38% on Wednesday after the train maker warned on cash flow.", ("ALO.PA", "down", -38.0, None)),
    ("Shares of Lukoil dropped 5.5% in Moscow on Monday.", ("LKOH.ME", "down", -5.5, None)),
    ("Kewpie Corp rose 3.1% in Tokyo after the mayonnaise maker raised its outlook.", ("2809.T", "up", 3.1, None)),
])
def test_a_company_only_the_world_table_knows(text, want):
    assert _claims(text) == [want]
    assert is_world_ticker(want[0])


def test_world_names_are_found_without_a_share_cue():
    got = _claims("Arkema gained 2.5% in Paris, while Getlink slipped 1.1%.")
    assert got == [("AKE.PA", "up", 2.5, None), ("GET.PA", "down", -1.1, None)]
    assert resolve_name("Worldline SA") == "WLN.PA" and resolve_name("Aéroports de Paris") == "ADP.PA"


def test_a_longer_world_name_wins_over_the_registry_name_it_starts_with():
    got = _claims("Its subsidiary Evergrande Property Services (06666.HK) also fell 3.4%.")
    assert got == [("6666.HK", "down", -3.4, None)]  # not China Evergrande (3333.HK)


def test_an_acronym_in_a_sentence_about_the_other_market_is_the_local_company():
    assert _claims("Paris airports operator ADP was down 4.29% at 122.60 euros.") == [("ADP.PA", "down", -4.29, 122.6)]
    # the registry's ADP (New York) where the sentence names its own market or no market
    assert _claims("ADP rose 1.2% in New York after the payroll processor beat forecasts.")[0][0] == "ADP"
    assert _claims("ADP rose 1.2% after the payroll processor beat forecasts.")[0][0] == "ADP"


def test_everyday_words_are_not_world_companies():
    assert _claims("The Arena fell silent as Change came; Credit rose 2%.") == []


# ------------------------------------------------------------------ the committed table
def test_world_rows_are_valid_unique_and_new():
    world = _rows("companies_world.csv")
    others = _rows("companies.csv") + _rows("companies_extra.csv") + _rows("instruments.csv")
    tickers = [r["ticker"] for r in world]
    assert len(world) > 1000 and len(tickers) == len(set(tickers))
    assert all(validate_ticker(t) == t for t in tickers)
    assert not set(tickers) & {r["ticker"] for r in others}  # rows of the other tables win: none repeated
    taken = {fold(a) for r in others if r["kind"] == "stock" for a in [r["name"], *r["aliases"].split(";")] if a}
    seen: dict[str, str] = {}
    for r in world:
        aliases = r["aliases"].split(";")
        assert r["kind"] == "stock" and len(aliases) >= 2  # the legal name and at least one short form
        for a in aliases:
            assert fold(a) not in taken, (r["ticker"], a)  # never a name of another table's company
            assert seen.setdefault(a, r["ticker"]) == r["ticker"], a  # never two world companies
            assert a not in COMMON_WORDS


def test_world_rows_use_the_exchange_table_of_the_tool():
    import exchange_calendars as xcals

    tool = _tool()
    names = set(xcals.get_calendar_names())
    assert {m[1] for m in tool.MARKETS.values()} <= names  # every calendar the table names exists
    for r in _rows("companies_world.csv"):
        suffix = r["ticker"].rsplit(".", 1)[1] if "." in r["ticker"] else ""
        want = tool.MARKETS[suffix]
        assert (r["exchange"], r["calendar"], r["timezone"], r["price_time"], r["currency"], r["unit"]) == want


def test_world_table_changes_no_other_resolution():
    index = _alias_index()
    for name in ("companies.csv", "companies_extra.csv", "instruments.csv"):
        for r in _rows(name):
            for a in [r["name"].lower(), *r["aliases"].split(";")]:
                if a and a in index:
                    assert not is_world_ticker(index[a]), (a, index[a])
    assert listings("6666.HK") == (find_instrument("6666.HK"),)  # not grouped with China Evergrande


# ------------------------------------------------------------------ the build tool's filters
_HEADER = ("symbol,name,summary,currency,sector,industry_group,industry,exchange,mic,market,country,state,city,"
           "zipcode,website,market_cap,isin,cusip,figi,composite_figi,shareclass_figi,delisted")


def _fd_row(symbol, name, country, cap="Mid Cap", currency="EUR", sector="Industrials", delisted="False"):
    return f'{symbol},"{name}",,{currency},{sector},,,,,,{country},,,,,{cap},,,,,,{delisted}'


def test_build_tool_keeps_home_listings_of_operating_companies(tmp_path):
    tool = _tool()
    eq = tmp_path / "database" / "equities"
    eq.mkdir(parents=True)
    (eq / "PAR.csv").write_text("\n".join([
        _HEADER,
        _fd_row("ZZQX.PA", "Zorblax Industries SA", "France"),              # kept
        _fd_row("ZZQXB.PA", "Zorblax Industries SA", "France"),            # same company, another line
        _fd_row("ZZSM.PA", "Quuxbridge SA", "France", cap="Small Cap"),     # too small
        _fd_row("ZZDL.PA", "Flombert SA", "France", delisted="True"),       # delisted
        _fd_row("ZZFN.PA", "Grizzle Fund", "France", sector=""),            # no sector: not an operating company
        _fd_row("ZZWT.PA", "Zorblax Warrants 2026", "France"),              # a warrant line
        _fd_row("ZZUS.PA", "Wumpus Corporation", "United States"),          # a US company's line in Paris
        _fd_row("ZZAA.PA", "Plonkett SA", "France"),                        # name shared with a German company
        _fd_row("ZZAB.PA", "Plinth Group SA", "France"),                   # "plinth" is everyday: "plinth group"
        _fd_row("ADP.PA", "Aeroports de Paris SA", "France"),               # ADP (the registry's ticker) is not this
        _fd_row("BNP.PA", "BNP Paribas SA", "France"),                      # another table's ticker
    ]), encoding="utf-8")
    (eq / "GER.csv").write_text("\n".join([_HEADER, _fd_row("ZPLK.DE", "Plonkett AG", "Germany")]), encoding="utf-8")
    (eq / "BER.csv").write_text("\n".join([_HEADER, _fd_row("ZZQX.BE", "Zorblax Industries SA", "France")]),
                                encoding="utf-8")
    rows = tool.build_rows(tmp_path, everyday=lambda a: a == "plinth")
    got = {r[0]: r for r in rows}
    assert set(got) == {"ZZQX.PA", "ADP.PA", "ZZAB.PA"}
    assert got["ZZAB.PA"][1:3] == ["Plinth Group", "plinth group sa;plinth group"]
    assert got["ZZQX.PA"][1] == "Zorblax Industries" and got["ZZQX.PA"][2] == "zorblax industries sa;zorblax industries"
    assert got["ZZQX.PA"][4:10] == ["Euronext Paris", "XPAR", "Europe/Paris", "17:30", "EUR", "EUR"]


def test_build_tool_name_forms():
    tool = _tool()
    assert tool.world_aliases("PJSC LUKOIL") == ["pjsc lukoil", "lukoil"]
    assert tool.world_aliases("The Star Entertainment Group Limited")[-1] == "star entertainment"
    assert tool.world_aliases("Arca Continental, S.A.B. de C.V.")[-1] == "arca continental"
    assert tool.short_name("SHIMAMURA Co., Ltd.") == "Shimamura"
    assert tool.short_name("Advanced Info Service Public Company Limited") == "Advanced Info Service"
    # an abbreviation's full stop is left out too, an initialism's is not; a Hungarian "Nyrt." is a legal form
    assert tool.world_aliases("Hanmi Pharm. Co., Ltd.") == ["hanmi pharm. co., ltd.", "hanmi pharm.", "hanmi pharm"]
    assert tool.world_aliases("Transat A.T. Inc.") == ["transat a.t. inc.", "transat a.t."]
    assert tool.world_aliases("OTP Bank Nyrt.") == ["otp bank nyrt.", "otp bank"]
    assert tool.group_forms("nib holdings limited") == ["nib holdings"]


def test_a_group_whose_bare_name_is_too_short_keeps_its_holdings_name(tmp_path):
    tool = _tool()
    eq = tmp_path / "database" / "equities"
    eq.mkdir(parents=True)
    (eq / "ASX.csv").write_text("\n".join([
        _HEADER,
        _fd_row("ZNB.AX", "znb holdings limited", "Australia", currency="AUD"),      # "znb" is too short
        _fd_row("ZQW.AX", "Zqwerty Holdings Limited", "Australia", currency="AUD"),  # "zqwerty" is enough
    ]), encoding="utf-8")
    (eq / "TOR.csv").write_text("\n".join([
        _HEADER,
        _fd_row("ZZP-PC.TO", "Zorpco Properties Inc.", "Canada", currency="CAD"),    # a preferred series only
        _fd_row("ZZC-A.TO", "Zedcorp Inc.", "Canada", currency="CAD"),               # class A shares
    ]), encoding="utf-8")
    got = {r[0]: r[1:3] for r in tool.build_rows(tmp_path, everyday=lambda a: False)}
    assert got == {"ZNB.AX": ["Znb Holdings", "znb holdings limited;znb holdings"],
                   "ZQW.AX": ["Zqwerty", "zqwerty holdings limited;zqwerty"],
                   "ZZC-A.TO": ["Zedcorp", "zedcorp inc.;zedcorp"]}


def test_build_tool_skips_preferred_and_warrant_lines_of_us_companies(tmp_path):
    tool = _tool()
    eq = tmp_path / "database" / "equities"
    eq.mkdir(parents=True)
    (eq / "NYQ.csv").write_text("\n".join([
        _HEADER,
        _fd_row("ZZQP-PB", "Quuxco Energy Company", "United States", currency="USD"),  # a preferred series only
        _fd_row("ZZWW-WT", "Wobbleton Holding", "United States", currency="USD"),      # a warrant only
        _fd_row("ZZFB", "Flurbotic Corporation", "United States", currency="USD"),     # ordinary shares
        _fd_row("ZZFB-PA", "Flurbotic Corporation", "United States", currency="USD"),
    ]), encoding="utf-8")
    rows = tool.build_rows(tmp_path, everyday=lambda a: False)
    assert [(r[0], r[2]) for r in rows] == [("ZZFB", "flurbotic corporation;flurbotic")]
    assert rows[0][4:10] == ["NYSE/NASDAQ", "XNYS", "America/New_York", "16:00", "USD", "USD"]


def test_a_subsidiary_named_after_a_place_leaves_the_parent_its_short_name(tmp_path):
    tool = _tool()
    eq = tmp_path / "database" / "equities"
    eq.mkdir(parents=True)
    (eq / "NYQ.csv").write_text("\n".join([
        _HEADER, _fd_row("ZZGR", "Glorptex Corporation", "United States", currency="USD")]), encoding="utf-8")
    (eq / "NSE.csv").write_text("\n".join([
        _HEADER, _fd_row("GLORPTEX.NS", "Glorptex of India Limited", "India", currency="INR")]), encoding="utf-8")
    got = {r[0]: r[2] for r in tool.build_rows(tmp_path, everyday=lambda a: False)}
    assert got == {"ZZGR": "glorptex corporation;glorptex", "GLORPTEX.NS": "glorptex of india limited;glorptex of india"}


def _git(cwd: Path, *args: str) -> str:
    import subprocess

    config = ["-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"]
    return subprocess.run(["git", *config, "-C", str(cwd), *args], capture_output=True, check=True, text=True).stdout


def test_build_tool_reads_a_venue_file_the_chosen_commit_lacks_from_an_older_commit(tmp_path):
    import shutil

    if not shutil.which("git"):
        pytest.skip("git is not installed")
    tool = _tool()
    repo = tmp_path / "fd"
    eq = repo / "database" / "equities"
    eq.mkdir(parents=True)
    _git(repo, "init", "-q")
    (eq / "NYQ.csv").write_text("\n".join([
        _HEADER, _fd_row("ZZFB", "Flurbotic Corporation", "United States", currency="USD")]), encoding="utf-8")
    (eq / "PAR.csv").write_text("\n".join([_HEADER, _fd_row("ZZQX.PA", "Zorblax Industries SA", "France")]),
                                encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "with NYQ")
    old = _git(repo, "rev-parse", "HEAD").strip()
    (eq / "NYQ.csv").unlink()
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "without NYQ")
    bare = tmp_path / "fd.git"
    _git(tmp_path, "clone", "-q", "--bare", str(repo), str(bare))
    provenance: dict[str, str] = {}
    rows = tool.build_rows(bare, everyday=lambda a: False, provenance=provenance)
    assert {r[0] for r in rows} == {"ZZFB", "ZZQX.PA"}
    assert provenance["NYQ"].startswith(old[:7]) and provenance["NMS"] == "absent"
    assert provenance["PAR"] != provenance["NYQ"]
    # an explicit fallback commit; the older snapshot itself
    assert {r[0] for r in tool.build_rows(bare, everyday=lambda a: False, fallback_commit=old)} == {"ZZFB", "ZZQX.PA"}
    assert {r[0] for r in tool.build_rows(bare, everyday=lambda a: False, commit=old)} == {"ZZFB", "ZZQX.PA"}
