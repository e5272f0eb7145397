"""Regenerate ``marketimpact/data/companies_world.csv`` from a FinanceDatabase checkout.

FinanceDatabase (Jeroen Bouma, MIT licence, https://github.com/JerBouma/FinanceDatabase) keeps
one CSV per exchange (``database/equities/PAR.csv`` …) with the Yahoo symbol, the company name,
its country, a market-capitalisation class (Mega/Large/Mid/Small/Micro/Nano Cap), the trading
currency and a ``delisted`` flag. The ``financedatabase`` package downloads these files at run
time; we read a local checkout once and commit the result, so the package needs neither the
library nor a network connection.

Filters (see ``companies_world.md``):

* **venues**: the main exchange of each market that has an ``exchange_calendars`` calendar
  (:data:`VENUES`); secondary venues are skipped — the German regional exchanges
  (Berlin, Munich, Düsseldorf, Hamburg, Hanover), EuroTLX, London's international order book,
  Aquis, NEO, CSE, the Japanese regional exchanges — and so are Athens and Tel Aviv (their
  calendars do not build with the pinned pandas), Cairo and Doha (no calendar);
* **home listings**: a row is kept only where the company's country is the venue's country
  (an offshore-registered company — Cayman, Bermuda, Jersey … — on one of the main venues
  of :data:`OFFSHORE_VENUES`; see also :data:`ALSO_HOME`), in the venue's own currency (no
  B-shares in US dollars, no cross-listings of US companies in Mexico City, São Paulo or Vienna);
* **operating companies**: a sector is given (funds, warrants and certificates have none), a
  market-cap class of at least ``--min-cap`` (``Mid`` by default), not flagged delisted, and
  a name without the marks of warrants, rights, preferred or depositary lines (nor such an
  ``instrument_type``, nor such a US symbol: ``CMS-PB``, ``PSTH-WT``);
* **one row per company**: listings whose names reduce to the same key in one country are
  one company; the venue order of :data:`VENUES` then the shortest symbol picks its line;
* **existing tables win**: a ticker, or a company whose name is already an alias, of
  ``companies.csv``, ``companies_extra.csv`` or ``instruments.csv`` is left out.

Aliases are the name, without legal suffixes and accent-free (as :mod:`build_companies`);
aliases shared by two rows of this table, and aliases that are everyday words, countries or
cities, are dropped.

Usage: ``python tools/build_companies_world.py PATH [--min-cap Mid|Small] [--commit REV]
[--fallback-commit REV]`` where PATH is a FinanceDatabase checkout (or a git directory of one:
files are then read with ``git show`` at ``--commit``, HEAD by default). A snapshot may list a
large file without holding it (NYQ.csv at 268be5d): a venue file the snapshot lacks is read from
``--fallback-commit``, or else from the newest commit of any branch that has it; the tool prints
the commit each such file came from (for ``companies_world.md``).
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from build_companies import _LEGAL, EXCHANGES, aliases_of, render  # noqa: E402

from marketimpact.extract.entities import fold  # noqa: E402

OUT = ROOT / "marketimpact" / "data" / "companies_world.csv"

#: FinanceDatabase file → (Yahoo suffix, country the venue is home to). The order is the
#: preference when one company has several home lines (Shanghai/Shenzhen before Hong Kong).
VENUES: dict[str, tuple[str, str]] = {
    "PAR": ("PA", "France"), "GER": ("DE", "Germany"), "LSE": ("L", "United Kingdom"), "AMS": ("AS", "Netherlands"),
    "BRU": ("BR", "Belgium"), "MCE": ("MC", "Spain"), "MIL": ("MI", "Italy"), "EBS": ("SW", "Switzerland"),
    "STO": ("ST", "Sweden"), "HEL": ("HE", "Finland"), "CPH": ("CO", "Denmark"), "OSL": ("OL", "Norway"),
    "VIE": ("VI", "Austria"), "LIS": ("LS", "Portugal"), "ISE": ("IR", "Ireland"), "PRA": ("PR", "Czech Republic"),
    "BUD": ("BD", "Hungary"), "IST": ("IS", "Turkey"), "TAL": ("TL", "Estonia"), "RIS": ("RG", "Latvia"),
    "LIT": ("VS", "Lithuania"), "MCX": ("ME", "Russia"), "JPX": ("T", "Japan"), "SHH": ("SS", "China"),
    "SHZ": ("SZ", "China"), "HKG": ("HK", "Hong Kong"), "KSC": ("KS", "South Korea"), "KOE": ("KQ", "South Korea"),
    "TAI": ("TW", "Taiwan"), "TWO": ("TWO", "Taiwan"), "NSE": ("NS", "India"), "BSE": ("BO", "India"),
    "SES": ("SI", "Singapore"), "KLS": ("KL", "Malaysia"), "SET": ("BK", "Thailand"), "JKT": ("JK", "Indonesia"),
    "ASX": ("AX", "Australia"), "NZE": ("NZ", "New Zealand"), "TOR": ("TO", "Canada"), "VAN": ("V", "Canada"),
    "SAO": ("SA", "Brazil"), "MEX": ("MX", "Mexico"), "SGO": ("SN", "Chile"), "BUE": ("BA", "Argentina"),
    "JNB": ("JO", "South Africa"), "SAU": ("SR", "Saudi Arabia"), "NYQ": ("", "United States"),
    "NMS": ("", "United States"), "NGM": ("", "United States"), "NCM": ("", "United States"),
    "ASE": ("", "United States"),
}
#: other countries whose companies list at home on a venue (Chinese companies in Hong Kong)
ALSO_HOME = {"HKG": {"China"}, "LSE": {"Jersey", "Guernsey", "Isle of Man"}, "ISE": {"United Kingdom"}, "NYQ": {"Ireland"}, "NMS": {"Ireland"}}
#: where companies registered offshore have their home listing
OFFSHORE = frozenset("Cayman Islands;Bermuda;British Virgin Islands;Jersey;Guernsey;Isle of Man;Luxembourg;"
                     "Marshall Islands;Cyprus;Gibraltar;Mauritius;Bahamas;Panama;Curacao;Monaco;Liechtenstein"
                     .split(";"))
OFFSHORE_VENUES = frozenset("HKG LSE OSL TAI TWO SES STO AMS ASX TOR JNB NYQ NMS NGM NCM ASE SHH SHZ".split())
#: Yahoo suffix → (exchange, calendar, time zone, local close, currency, unit); the first
#: table's values are reused (build_companies.EXCHANGES, as companies_extra.csv uses them)
MARKETS: dict[str, tuple[str, str, str, str, str, str]] = {
    **EXCHANGES,
    "CO": ("Nasdaq Copenhagen", "XCSE", "Europe/Copenhagen", "17:00", "DKK", "DKK"),
    "OL": ("Oslo Bors", "XOSL", "Europe/Oslo", "16:20", "NOK", "NOK"),
    "VI": ("Wiener Borse", "XWBO", "Europe/Vienna", "17:30", "EUR", "EUR"),
    "LS": ("Euronext Lisbon", "XLIS", "Europe/Lisbon", "16:30", "EUR", "EUR"),
    "IR": ("Euronext Dublin", "XDUB", "Europe/Dublin", "16:30", "EUR", "EUR"),
    "PR": ("Prague Stock Exchange", "XPRA", "Europe/Prague", "16:20", "CZK", "CZK"),
    "BD": ("Budapest Stock Exchange", "XBUD", "Europe/Budapest", "17:00", "HUF", "HUF"),
    "IS": ("Borsa Istanbul", "XIST", "Europe/Istanbul", "18:00", "TRY", "TRY"),
    "TL": ("Nasdaq Tallinn", "XTAL", "Europe/Tallinn", "16:00", "EUR", "EUR"),
    "RG": ("Nasdaq Riga", "XRIS", "Europe/Riga", "16:00", "EUR", "EUR"),
    "VS": ("Nasdaq Vilnius", "XLIT", "Europe/Vilnius", "16:00", "EUR", "EUR"),
    "ME": ("Moscow Exchange", "XMOS", "Europe/Moscow", "18:45", "RUB", "RUB"),
    "SS": ("SSE", "XSHG", "Asia/Shanghai", "15:00", "CNY", "CNY"),
    "SZ": ("SZSE", "XSHG", "Asia/Shanghai", "15:00", "CNY", "CNY"),
    "HK": ("HKEX", "XHKG", "Asia/Hong_Kong", "16:00", "HKD", "HKD"),
    "KS": ("KRX", "XKRX", "Asia/Seoul", "15:30", "KRW", "KRW"),
    "KQ": ("KOSDAQ", "XKRX", "Asia/Seoul", "15:30", "KRW", "KRW"),
    "TW": ("TWSE", "XTAI", "Asia/Taipei", "13:30", "TWD", "TWD"),
    "TWO": ("TPEx", "XTAI", "Asia/Taipei", "13:30", "TWD", "TWD"),
    "NS": ("NSE", "XBOM", "Asia/Kolkata", "15:30", "INR", "INR"),
    "BO": ("BSE", "XBOM", "Asia/Kolkata", "15:30", "INR", "INR"),
    "SI": ("SGX", "XSES", "Asia/Singapore", "17:00", "SGD", "SGD"),
    "KL": ("Bursa Malaysia", "XKLS", "Asia/Kuala_Lumpur", "17:00", "MYR", "MYR"),
    "BK": ("SET", "XBKK", "Asia/Bangkok", "16:30", "THB", "THB"),
    "JK": ("IDX", "XIDX", "Asia/Jakarta", "15:50", "IDR", "IDR"),
    "AX": ("ASX", "XASX", "Australia/Sydney", "16:00", "AUD", "AUD"),
    "NZ": ("NZX", "XNZE", "Pacific/Auckland", "16:45", "NZD", "NZD"),
    "TO": ("TSX", "XTSE", "America/Toronto", "16:00", "CAD", "CAD"),
    "V": ("TSXV", "XTSX", "America/Toronto", "16:00", "CAD", "CAD"),
    "SA": ("B3", "BVMF", "America/Sao_Paulo", "17:00", "BRL", "BRL"),
    "MX": ("BMV", "XMEX", "America/Mexico_City", "15:00", "MXN", "MXN"),
    "SN": ("Santiago Stock Exchange", "XSGO", "America/Santiago", "17:00", "CLP", "CLP"),
    "BA": ("BYMA", "XBUE", "America/Argentina/Buenos_Aires", "17:00", "ARS", "ARS"),
    "JO": ("JSE", "XJSE", "Africa/Johannesburg", "17:00", "ZAc", "ZAc"),
    "SR": ("Tadawul", "XSAU", "Asia/Riyadh", "15:00", "SAR", "SAR"),
}
#: FinanceDatabase currency codes → the trading currency as the registry writes it
_CCY = {"GBP": "GBp", "ZAC": "ZAc"}
CAPS = ("Mega Cap", "Large Cap", "Mid Cap", "Small Cap", "Micro Cap", "Nano Cap")
#: name marks of lines that are not a company's ordinary shares
RE_NOT_ORDINARY = re.compile(
    r"\b(?:warrants?|wts?|rights?|pref(?:erred|erence)?|pfd|depositary|adrs?|gdrs?|etf|etn|fund|fonds|trust\s+units?|"
    r"units?|notes?|bonds?|certificates?|zertifikat|options?|call|put|spac|acquisition\s+corp|unsp|sponsored|"
    r"dl\s*-|ls\s*-|em\s*-)\b|\d/\d|%", re.I)
#: Yahoo's marks of a US line that is not ordinary shares: preferred series (``CMS-PB``),
#: warrants (``PSTH-WT``), units and rights
RE_US_NOT_ORDINARY = re.compile(r"-(?:P[A-Z]?|WT|WS|W|U|UN|R|RT)$")
#: Toronto's marks of a preferred series (``BPO-PC.TO``, ``W-PM.TO``), warrant or debenture line;
#: ``-A``/``-B``/``-X`` are share classes
RE_CA_NOT_ORDINARY = re.compile(r"-(?:P[A-Z]{0,2}|WT|DB)$")
#: the fewest letters and digits an alias has ("s.f." is too short)
_MIN_ALIAS = 4


def _git(source: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(source), *args], capture_output=True, check=False)


def _present(source: Path, specs: list[str]) -> list[bool]:
    """Whether each ``commit:path`` is a blob of the git directory (a snapshot may list a large
    file in its tree without holding its content)."""
    if not specs:
        return []
    res = subprocess.run(["git", "-C", str(source), "cat-file", "--batch-check=%(objecttype)"],
                         input="\n".join(specs) + "\n", capture_output=True, check=False, text=True)
    lines = res.stdout.splitlines() if res.returncode == 0 else []
    return [i < len(lines) and lines[i].strip() == "blob" for i in range(len(specs))]


def _commit_info(source: Path, rev: str) -> str:
    """``<short hash> (<commit date>)`` of a revision."""
    out = _git(source, "log", "-1", "--format=%h (%cs)", rev).stdout.decode().strip()
    return out or rev


def _fallback(source: Path, path: str, fallback_commit: str | None) -> tuple[str, str] | None:
    """``(commit, text)`` of ``path`` at ``fallback_commit``, or else at the newest commit of any
    branch where the git directory holds the file; ``None`` when none does."""
    if fallback_commit:
        candidates = [fallback_commit]
    else:  # the commits that wrote the file, newest first
        candidates = _git(source, "log", "--all", "--format=%H", "--", path).stdout.decode().split()
    for start in range(0, len(candidates), 200):
        chunk = candidates[start:start + 200]
        for commit, ok in zip(chunk, _present(source, [f"{c}:{path}" for c in chunk])):
            if ok:
                res = _git(source, "show", f"{commit}:{path}")
                if res.returncode == 0:
                    return commit, res.stdout.decode("utf-8")
    return None


def _read_csvs(source: Path, commit: str = "HEAD", fallback_commit: str | None = None,
               provenance: dict[str, str] | None = None) -> dict[str, str]:
    """File stem → CSV text of every ``database/equities/*.csv`` in a checkout or a git directory
    (of ``commit``). A file of a venue (:data:`VENUES`) or of the snapshot's tree whose content the
    snapshot lacks is read from ``fallback_commit``, or else from the newest commit that has it
    (when ``source`` is a git directory or the root of a git checkout); files found nowhere are
    skipped. ``provenance`` receives stem → ``<commit> (<date>)`` of every file read, or
    ``"absent"``."""
    folder = source / "database" / "equities"
    out: dict[str, str] = {}
    prov: dict[str, str] = {}
    is_git = (source / ".git").exists() or ((source / "HEAD").is_file() and (source / "objects").is_dir())
    if folder.is_dir():
        for f in sorted(folder.glob("*.csv")):
            out[f.stem] = f.read_text(encoding="utf-8")
            prov[f.stem] = "checkout"
        listed = set(out)
    else:  # a bare git directory: read the files of ``commit``
        names = _git(source, "ls-tree", "--name-only", commit, "database/equities/").stdout.decode().split()
        names = [n for n in names if n.endswith(".csv")]
        listed = {Path(n).stem for n in names}
        here = _commit_info(source, commit)
        for path, ok in zip(names, _present(source, [f"{commit}:{n}" for n in names])):
            res = _git(source, "show", f"{commit}:{path}") if ok else None
            if res is not None and res.returncode == 0:
                out[Path(path).stem] = res.stdout.decode("utf-8")
                prov[Path(path).stem] = here
    if is_git:
        for stem in sorted((listed | set(VENUES)) - set(out)):
            found = _fallback(source, f"database/equities/{stem}.csv", fallback_commit)
            if found:
                out[stem] = found[1]
                prov[stem] = _commit_info(source, found[0])
            else:
                prov[stem] = "absent"
    if not out:
        raise SystemExit(f"no database/equities/*.csv under {source}")
    if provenance is not None:
        provenance.update(prov)
    return out


def _existing() -> tuple[set[str], set[str]]:
    """Tickers and folded stock aliases of the registry's other tables (they win)."""
    tickers: set[str] = set()
    names: set[str] = set()
    for name in ("companies.csv", "companies_extra.csv", "instruments.csv"):
        text = (ROOT / "marketimpact" / "data" / name).read_text(encoding="utf-8")
        for r in csv.DictReader(text.splitlines()):
            tickers.add(r["ticker"].upper())
            if r["kind"] == "stock":
                names.update(fold(a) for a in [r["name"], *r["aliases"].split(";")] if a)
    return tickers, names


def _places() -> set[str]:
    text = (ROOT / "marketimpact" / "data" / "places.csv").read_text(encoding="utf-8")
    rows = csv.reader(text.splitlines())
    next(rows)
    return {fold(r[0]) for r in rows if r}


#: legal forms written before the name ("PJSC LUKOIL", "PT Bank Central Asia Tbk") and inner
#: parentheticals ("Lifan Technology (group) Co.,Ltd")
_LEAD = re.compile(r"^(?:the|pjsc|ojsc|oao|pao|jsc|pt|public\s+joint\s+stock\s+company)\s+", re.I)
_INNER_PAREN = re.compile(r"\s*\([^()]*\)(?=.)")
_TAIL = re.compile(r",?\s+(?:public\s+company\s+limited|public\s+limited\s+company|nyrt|tbk|bhd|berhad|pcl|pjsc|jsc|"
                   r"s\.?\s?a\.?\s?b\.?\s+de\s+c\.?\s?v|s\.?\s?a\.?\s?b|s\.a\.,\s+institucion\s+de\s+banca\s+multiple.*)\.?$", re.I)
_LEGAL_TAIL = re.compile(r"[,\s](?:co|corp|inc|ltd|plc|sa|s\.a|ag|se|nv|spa|s\.p\.a|ab|asa|oyj|limited|company|"
                         r"corporation|incorporated|holdings?|group)\.?,?$")


def _bare(name: str) -> str:
    return _TAIL.sub("", _LEAD.sub("", _INNER_PAREN.sub("", name)).strip())


#: a form that ends in an abbreviation's full stop ("hanmi pharm.", "cheng shin rubber ind."),
#: not in an initialism's ("transat a.t.")
_ABBREV_DOT = re.compile(r"(?<![.\w])[^\W\d_]{2,}\.$")


def _undotted(form: str) -> str:
    """The form without an abbreviation's final full stop, which news leaves out ("Hanmi Pharm")."""
    return form[:-1] if _ABBREV_DOT.search(form) and "." not in form.rsplit(" ", 1)[-1][:-1] else form


def world_aliases(name: str) -> list[str]:
    """The name in lower case, then the forms a reporter writes: without legal words before or
    after it (:func:`build_companies.aliases_of`), accent-free, and without an abbreviation's
    final full stop ("hanmi pharm." and "hanmi pharm")."""
    forms = aliases_of(_bare(name))
    short = [f for f in forms if not _LEGAL_TAIL.search(f)] or forms[-1:]
    out = [name.lower()]
    for f in short:
        if f == out[0]:
            continue  # no shorter form ("PCCW LTD CONS." of a German regional line): none undotted
        for g in (f, _undotted(f)):
            if g not in out:
                out.append(g)
    return out


#: the trailing words of a group's name that a reporter keeps when the name before them is too
#: short or an everyday word ("NIB Holdings", "Arena Group")
_GROUP_TAIL = re.compile(r"\s(?:holdings?|group)$")


def group_forms(name: str) -> list[str]:
    """Forms of the name that end in "holdings" or "group" ("nib holdings" of "nib holdings
    limited"): the reporter's name of a company whose bare name is too short to be an alias."""
    forms = aliases_of(_bare(name))
    return [f for f in forms[1:] if _GROUP_TAIL.search(f)]


def short_name(name: str) -> str:
    """The name as a reporter writes it: "SHIMAMURA Co., Ltd." → "Shimamura", "Worldline SA" → "Worldline"."""
    base = _bare(name)
    for _ in range(4):
        shorter = _LEGAL.sub("", base).strip(" ,")
        if shorter == base or len(shorter) < 2:
            break
        base = shorter
    return _cased(base)


def _cased(name: str) -> str:
    """"TAKARA HOLDINGS" → "Takara Holdings", "nib holdings" → "Nib Holdings" (short capitals stay: "DBS")."""
    if name.islower():
        return " ".join(w.capitalize() for w in name.split())
    return " ".join(w.capitalize() if len(w) > 4 and w.isupper() and w.isalpha() else w for w in name.split())


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", fold(world_aliases(name)[-1])).strip()


#: everyday nouns that wordfreq ranks just under the threshold
_ALSO_EVERYDAY = frozenset("workspace workman waypoint headhunter skylark".split())


def _everyday(alias: str) -> bool:
    """A one-word alias that is a common English word ("arena", "change", "credit"): a capitalised
    "Arena" at a sentence start is not the company (Zipf frequency 3 = once per million words)."""
    from wordfreq import zipf_frequency

    return " " not in alias and (alias in _ALSO_EVERYDAY or zipf_frequency(alias, "en") >= 3.0)


#: FinanceDatabase ``instrument_type`` values (a column of newer snapshots) that are not a
#: company's ordinary shares
_NOT_ORDINARY_TYPES = frozenset({"Preferred Stock", "Depositary Receipt"})


def build_rows(source: Path, min_cap: str = "Mid", everyday=_everyday, commit: str = "HEAD",
               fallback_commit: str | None = None, provenance: dict[str, str] | None = None) -> list[list[str]]:
    """The table's rows (see the module docstring); ``everyday`` tells a one-word alias that is a
    common word (:func:`_everyday`, which needs wordfreq); ``commit``, ``fallback_commit`` and
    ``provenance`` are those of :func:`_read_csvs`."""
    caps = CAPS[: CAPS.index(f"{min_cap} Cap") + 1]
    rank = {stem: i for i, stem in enumerate(VENUES)}
    tickers, taken = _existing()
    best: dict[tuple[str, str], tuple[tuple, list[str]]] = {}
    #: every name form of every operating company in the database (all venues, all sizes) → who
    universe: dict[str, set[tuple[str, str]]] = {}
    #: the same of the name forms that end in "holdings" or "group" (:func:`group_forms`)
    grouped: dict[str, set[tuple[str, str]]] = {}
    known: set[tuple[str, str]] = set()
    for stem, text in _read_csvs(source, commit, fallback_commit, provenance).items():
        suffix, home = VENUES.get(stem, ("?", "?"))
        for r in csv.DictReader(io.StringIO(text)):
            sym, name, country = r["symbol"].strip(), " ".join(r["name"].split()), r["country"].strip()
            if (not r["sector"] or not name or RE_NOT_ORDINARY.search(name)
                    or (r.get("instrument_type") or "").strip() in _NOT_ORDINARY_TYPES):
                continue
            key = _key(name)
            if len(key) < 2:
                continue
            for a in world_aliases(name)[1:]:
                universe.setdefault(fold(a), set()).add((country, key))
            for a in group_forms(name):
                grouped.setdefault(fold(a), set()).add((country, key))
            if stem not in VENUES or r["market_cap"] not in caps or r["delisted"].strip() == "True":
                continue
            if not (country == home or country in ALSO_HOME.get(stem, ()) or
                    (country in OFFSHORE and stem in OFFSHORE_VENUES)):
                continue
            exchange, cal, tz, close, ccy, unit = MARKETS[suffix]
            if _CCY.get(r["currency"], r["currency"]) not in (ccy, ""):
                continue  # B-shares in dollars, a line quoted in another currency
            if (sym.rsplit(".", 1)[1] if "." in sym else "") != suffix:
                continue
            if not suffix and RE_US_NOT_ORDINARY.search(sym):
                continue  # a preferred series, warrant or unit of a US company
            if suffix in ("TO", "V") and RE_CA_NOT_ORDINARY.search(sym.rsplit(".", 1)[0]):
                continue  # a preferred series of a Canadian company (``BPO-PC.TO``, ``PWF-PL.TO``)
            slot = (country, key)
            if sym.upper() in tickers:
                known.add(slot)  # the other tables have one of the company's lines: none of its lines here
                continue
            if not re.fullmatch(r"[A-Za-z0-9^=_\-]{1,12}(?:\.[A-Z]{1,3})?", sym):
                continue
            row = [sym, name, "", "stock", exchange, cal, tz, close, ccy, unit, "no", ""]
            order = (rank[stem], len(sym), sym)
            if slot not in best or order < best[slot][0]:
                best[slot] = (order, row)
    # a name form that begins or ends a longer name of another company or place is ambiguous:
    # "asahi" in "asahi kasei", "bank of india" in "central bank of india", "reserve bank of india";
    # not the name of a local subsidiary that adds a place to it ("whirlpool of india", "nestle
    # india"): news names the subsidiary in full, and the bare name is the parent's
    places = _places()
    parts: dict[str, set[tuple[str, str]]] = {}
    for a, who in [*universe.items(), *((a, {("", a)}) for a in (*taken, *places))]:
        words = a.split()
        for n in range(1, len(words)):
            rest = words[n + 1:] if words[n] == "of" else words[n:]
            if not (rest and " ".join(rest) in places):
                parts.setdefault(" ".join(words[:n]), set()).update(who)
            parts.setdefault(" ".join(words[n:]), set()).update(who)
    out = []
    for slot, (_, row) in best.items():
        forms = world_aliases(row[1])
        if slot in known or any(fold(a) in taken for a in forms):
            continue  # the other tables know the company (under another line or ticker)
        def usable(a: str, slot: tuple[str, str] = slot) -> bool:
            f = fold(a)
            return (sum(c.isalnum() for c in f) >= _MIN_ALIAS and universe.get(f, set()) <= {slot}
                    and parts.get(f, set()) <= {slot} and f not in places and not everyday(f))

        keep = [forms[0], *(a for a in forms[1:] if usable(a))]
        name = short_name(row[1])
        if len(keep) == 1:  # "nib" is too short: "nib holdings" is what news writes, and is the name
            keep += [a for a in group_forms(row[1]) if a not in keep and usable(a) and fold(a) not in taken
                     and grouped.get(fold(a), set()) <= {slot}]
            if len(keep) > 1:
                at = row[1].lower().find(keep[1])
                name = _cased(row[1][at:at + len(keep[1])] if at >= 0 else keep[1])
        if len(keep) > 1:
            row[1] = name
            row[2] = ";".join(keep)
            out.append(row)
    return sorted(out, key=lambda r: r[0])


def main(argv: list[str] | None = None) -> None:
    from marketimpact._io import atomic_write

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("source", type=Path, help="FinanceDatabase checkout (or its git directory)")
    ap.add_argument("--min-cap", default="Mid", choices=["Mega", "Large", "Mid", "Small"])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--commit", default="HEAD", help="the snapshot to read (a git directory's revision)")
    ap.add_argument("--fallback-commit", default=None,
                    help="where to read a file the snapshot lacks (default: the newest commit that has it)")
    args = ap.parse_args(argv)
    provenance: dict[str, str] = {}
    rows = build_rows(args.source, args.min_cap, commit=args.commit, fallback_commit=args.fallback_commit,
                      provenance=provenance)
    text = render(rows)
    atomic_write(args.out, text)
    print(f"wrote {args.out} ({text.count(chr(10)) - 1} companies, {len(text.encode()) / 1e6:.2f} MB)")
    main_commit = max(set(provenance.values()), key=list(provenance.values()).count, default="")
    for stem in sorted(provenance):
        if provenance[stem] != main_commit:
            print(f"  {stem}.csv: {provenance[stem]}")
    print(f"  other files: {main_commit}")


if __name__ == "__main__":
    main()
