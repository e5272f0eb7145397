"""Security checks: dangerous calls in the package source, tickers and ids that try to become
paths, HTML escaping where the existing report tests do not look, and no secrets or machine
paths in the repository's tracked files.

Cross-checks with existing tests (not repeated here): tests/test_prices_cache.py refuses
path-like tickers for the cache (a fixed list); tests/test_html_report.py shows <script>/<img>
in the article text, headline, publisher and article id as text in the report page.
"""

from __future__ import annotations

import ast
import re
import struct
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import marketimpact as mi
from marketimpact.errors import InvalidTickerError, PriceDataError
from marketimpact.prices import cache

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "marketimpact"

# ---------------------------------------------------------------------------------------------
# 1. dangerous calls in the package source (AST, so comments and docstrings do not count)
# ---------------------------------------------------------------------------------------------
BANNED_MODULES = {"pickle", "cPickle", "_pickle", "dill", "cloudpickle", "shelve", "marshal"}
BANNED_BUILTINS = {"eval", "exec", "compile", "__import__"}
YAML_ALLOWED = {"safe_load", "safe_load_all", "YAMLError", "safe_dump", "safe_dump_all"}
SHELL_CALLS = {("os", "system"), ("os", "popen"), ("os", "popen2"), ("commands", "getoutput")}


def violations(source: str, name: str = "<string>") -> list[str]:
    """Every banned construct in ``source`` as ``name:line: what``."""
    tree = ast.parse(source, filename=name)
    out: list[str] = []

    def add(node: ast.AST, what: str) -> None:
        out.append(f"{name}:{getattr(node, 'lineno', 0)}: {what}")

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.name.split(".")[0] in BANNED_MODULES:
                    add(node, f"import {a.name}")
        elif isinstance(node, ast.ImportFrom):
            mod = (node.module or "").split(".")[0]
            if mod in BANNED_MODULES:
                add(node, f"from {node.module} import …")
            if mod == "yaml":
                for a in node.names:
                    if a.name not in YAML_ALLOWED:
                        add(node, f"from yaml import {a.name}")
            if mod == "tempfile" and any(a.name == "mktemp" for a in node.names):
                add(node, "from tempfile import mktemp")
        elif isinstance(node, ast.Call):
            f = node.func
            if isinstance(f, ast.Name) and f.id in BANNED_BUILTINS:
                add(node, f"{f.id}()")
            if isinstance(f, ast.Attribute):
                owner = f.value.id if isinstance(f.value, ast.Name) else None
                if owner == "yaml" and f.attr not in YAML_ALLOWED:
                    add(node, f"yaml.{f.attr}() (only yaml.safe_load is allowed)")
                if owner == "tempfile" and f.attr == "mktemp":
                    add(node, "tempfile.mktemp() (racy; use mkstemp)")
                if (owner, f.attr) in SHELL_CALLS:
                    add(node, f"{owner}.{f.attr}() runs a shell")
                if f.attr in ("read_pickle", "to_pickle") or (owner in BANNED_MODULES):
                    add(node, f"{owner or '…'}.{f.attr}() (pickle)")
            for kw in node.keywords:
                if kw.arg == "shell" and not (isinstance(kw.value, ast.Constant) and kw.value.value is False):
                    add(node, "shell=… (subprocess with a shell)")
    return out


def test_package_source_has_no_dangerous_calls():
    found: list[str] = []
    files = sorted(PKG.rglob("*.py"))
    assert len(files) > 30
    for p in files:
        found += violations(p.read_text(encoding="utf-8"), str(p.relative_to(ROOT)))
    assert not found, "\n".join(found)


@pytest.mark.parametrize("snippet", [
    "import pickle", "from pickle import loads", "import cloudpickle as cp", "pd.read_pickle('x')",
    "eval('1')", "exec('x = 1')", "yaml.load(s)", "yaml.load(s, Loader=yaml.Loader)", "yaml.unsafe_load(s)",
    "yaml.full_load(s)", "from yaml import load", "subprocess.run('ls', shell=True)", "subprocess.Popen(c, shell=flag)",
    "os.system('ls')", "tempfile.mktemp()", "from tempfile import mktemp",
])
def test_the_scanner_catches(snippet):
    """The scanner itself works: each planted construct is reported."""
    assert violations(snippet), snippet


@pytest.mark.parametrize("snippet", [
    "yaml.safe_load(s)", "subprocess.run(['ls'], shell=False)", "tempfile.mkstemp()", "x.evaluate()",
    "model.eval", "'eval(' + s",
])
def test_the_scanner_allows(snippet):
    assert not violations(snippet), snippet


# ---------------------------------------------------------------------------------------------
# 2. tickers and ids never become paths unsanitised
# ---------------------------------------------------------------------------------------------
HOSTILE = [
    "../x", "..", ".", "./x", "/etc/passwd", "x/../../y", "x\\..\\y", "C:\\Windows", "~/x", "~root", "%2e%2e%2f",
    "x\x00y", "x\ny", "\u2215etc", "\uff0e\uff0e", "con", "NUL", "a" * 25, "", "  ", "BZ=F/../../x", "^GSPC\\x",
    "....", "x..y", ".hidden", "-rf",
]


@pytest.mark.parametrize("ticker", HOSTILE)
def test_hostile_tickers_stay_inside_the_cache_dir(ticker, tmp_path, monkeypatch):
    monkeypatch.setenv("MARKETIMPACT_CACHE_DIR", str(tmp_path / "c"))
    try:
        path = cache.entry_path(ticker, "1d")
    except (InvalidTickerError, PriceDataError):
        return
    _inside(path, cache.cache_dir())


def _inside(path: Path, folder: Path) -> None:
    assert path.parent == folder, path
    assert path.resolve().parent == folder.resolve(), path
    assert re.fullmatch(r"[A-Za-z0-9_~-]+__1d\.parquet", path.name), path.name
    # never hidden, never mistaken for the cache's own ".<name>.tmp" temp files (a leading "-" is harmless:
    # cache files are only ever opened by absolute path, never passed to a shell or a command line)
    assert not path.name.startswith("."), path.name


@settings(max_examples=300, deadline=None)
@given(ticker=st.text(max_size=30))
def test_any_string_as_a_ticker_stays_inside_the_cache_dir(ticker):
    try:
        path = cache.entry_path(ticker, "1d")
    except (InvalidTickerError, PriceDataError):
        return
    _inside(path, cache.cache_dir())


@pytest.mark.parametrize("ticker", ["../x", "/etc/passwd", "x\\y", "a b", "x\x00"])
def test_hostile_tickers_are_refused_by_every_entry_point(ticker):
    with pytest.raises(InvalidTickerError):
        mi.load_prices(ticker, source="bundled")
    with pytest.raises(InvalidTickerError):
        mi.get_instrument(ticker)
    from marketimpact.prices.bundled import bundled_info
    with pytest.raises(InvalidTickerError):
        bundled_info(ticker)


EVIL_IDS = ["../../escaped", "/tmp/absolute", "..\\..\\win", "sub/dir/x", "..", "x\x00y"]


@pytest.mark.parametrize("evil", EVIL_IDS)
def test_article_ids_cannot_write_outside_out(evil, seed_analysis, tmp_path):
    """An article id (front matter ``id:``) names the output files: it must not climb out of --out."""
    import dataclasses

    an = dataclasses.replace(seed_analysis, event=dataclasses.replace(seed_analysis.event, event_id=evil))
    out = tmp_path / "a" / "out"
    written = an.save(out, formats=("svg",))
    assert written and all(p.parent == out for p in written), written
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["out"]
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in written)


def test_front_matter_id_cannot_write_outside_out_through_the_cli(tmp_path):
    from conftest import run_cli_in_process

    art = tmp_path / "story.md"
    art.write_text("---\nid: ../../escaped\npublished: 2025-02-12\ntimezone: Europe/London\n---\n"
                   "Trump said on Wednesday that talks would begin. Brent fell 2.3% to $75.25 a barrel.\n")
    out = tmp_path / "deep" / "er" / "out"
    for argv in (["study", str(art), "--out", str(out)], ["chart", "ar", str(art), "--out", str(out), "--formats", "svg"],
                 ["report", str(art), "--out", str(out)]):
        r = run_cli_in_process(*argv)
        assert r.returncode == 0, r.stderr
    assert list(out.glob("escaped*")), "the id should still name the files (sanitised)"
    assert {p.parent for p in tmp_path.rglob("*") if p.is_file()} == {tmp_path, out}


# ---------------------------------------------------------------------------------------------
# 3. HTML escaping where test_html_report.py does not look
# ---------------------------------------------------------------------------------------------
INJECT = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def injected(seed_article_path):
    text = seed_article_path.read_text(encoding="utf-8")
    body = text.split("---", 2)[2]
    art = mi.article_from_text(
        body.replace("Wednesday’s call", f"Wednesday’s call {INJECT}", 1), article_id="x",
        published="2025-02-12", timezone="Europe/London", headline=f'Oil "{INJECT}',
        publisher="a\" onmouseover=\"alert(3)", dateline=f"LONDON {INJECT}",
    )
    return mi.analyze(art)


def test_notebook_html_reprs_escape_article_text(injected):
    """Jupyter shows ``_repr_html_``: the article's headline and evidence must come out as text."""
    assert INJECT in injected.event.evidence  # the injection really reaches the evidence sentence
    for html in (injected._repr_html_(), injected.study._repr_html_()):
        assert "<script" not in html.lower()
    assert "&lt;script&gt;" in injected._repr_html_()


def test_report_quotes_cannot_break_out_of_attributes(injected):
    from marketimpact.html_report import render_report

    page = render_report(injected, embed_fonts=False, charts=())
    assert "<script" not in page.lower()
    assert 'onmouseover="' not in page and "onmouseover=\\\"" not in page
    assert not re.search(r"<[^>]+\son\w+\s*=", page, re.I), "event-handler attribute in the page"


# ---------------------------------------------------------------------------------------------
# 4. no secrets and no machine paths in tracked files
# ---------------------------------------------------------------------------------------------
def tracked_files() -> list[str]:
    """Paths in the git index (read directly; versions 2 and 3 — no git command is run)."""
    index = ROOT / ".git" / "index"
    if not index.exists():
        pytest.skip("not a git checkout")
    data = index.read_bytes()
    sig, version, count = struct.unpack(">4sII", data[:12])
    if sig != b"DIRC" or version not in (2, 3):
        pytest.skip(f"git index version {version} not parsed here")
    pos, out = 12, []
    for _ in range(count):
        flags = struct.unpack(">H", data[pos + 60: pos + 62])[0]
        start = pos + 62 + (2 if version == 3 and flags & 0x4000 else 0)
        end = data.index(b"\x00", start)
        out.append(data[start:end].decode("utf-8"))
        pos += (end - pos + 8) // 8 * 8  # entries are NUL-padded to a multiple of 8 bytes
    return out


SECRET_PATTERNS = {
    "AWS access key": r"\bAKIA[0-9A-Z]{16}\b",
    "GitHub token": r"\bgh[pousr]_[A-Za-z0-9]{36,}\b|\bgithub_pat_[A-Za-z0-9_]{40,}",
    "Slack token": r"\bxox[abprs]-[A-Za-z0-9-]{10,}",
    "Google API key": r"\bAIza[0-9A-Za-z_\-]{35}\b",
    "OpenAI/Anthropic key": r"\bsk-(?:ant-)?[A-Za-z0-9_\-]{20,}",
    "private key": r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY",
    "assigned credential": r"(?i)\b(?:api[_-]?key|secret|access[_-]?token|auth[_-]?token|passw(?:or)?d)\b\s*[:=]\s*"
                           r"['\"][A-Za-z0-9/+_\-]{16,}['\"]",
    "URL with password": r"[a-z]+://[^/\s:@]+:[^/\s:@]+@",
}
# written so that this file does not match itself
MACHINE_PATHS = r"/(?:root|home|work)/[A-Za-z0-9._-]|[Cc]:\\\\?[Uu]sers\\"

#: justified exceptions: (path, pattern name, substring of the match)
ALLOW: set[tuple[str, str, str]] = set()


def _text_files() -> list[Path]:
    out = []
    for rel in tracked_files():
        p = ROOT / rel
        if not p.is_file():
            continue
        data = p.read_bytes()
        if b"\x00" in data[:8192]:
            continue  # binary (PNG, Parquet)
        out.append(p)
    return out


def test_index_parser_sees_the_repository():
    files = tracked_files()
    assert "README.md" in files and "marketimpact/__init__.py" in files and "tests/conftest.py" in files
    assert any(f.startswith("notebooks/") and f.endswith(".ipynb") for f in files)


def test_no_secrets_in_tracked_files_or_notebooks():
    hits = []
    files = _text_files() + sorted((ROOT / "notebooks").glob("*.ipynb"))
    for p in dict.fromkeys(files):
        text = p.read_text(encoding="utf-8", errors="replace")
        rel = str(p.relative_to(ROOT))
        for name, rx in SECRET_PATTERNS.items():
            for m in re.finditer(rx, text):
                if not any(rel == a and name == n and s in m.group(0) for a, n, s in ALLOW):
                    hits.append(f"{rel}: {name}: {m.group(0)[:40]}")
    assert not hits, "\n".join(hits)


def test_no_machine_paths_in_tracked_files_or_notebooks():
    """Notebook outputs, docs and data must not leak where they were made (the home, root or work folders of a machine)."""
    hits = []
    files = _text_files() + sorted((ROOT / "notebooks").glob("*.ipynb"))
    for p in dict.fromkeys(files):
        text = p.read_text(encoding="utf-8", errors="replace")
        rel = str(p.relative_to(ROOT))
        for m in re.finditer(MACHINE_PATHS, text):
            if not any(rel == a and n == "machine path" and s in m.group(0) for a, n, s in ALLOW):
                line = text.count("\n", 0, m.start()) + 1
                hits.append(f"{rel}:{line}: {text[max(0, m.start() - 30): m.end() + 30]!r}")
    assert not hits, "\n".join(hits)


@pytest.mark.parametrize("sample, kind", [
    ("key = AKIA" + "ABCDEFGHIJKLMNOP", "AWS access key"),
    ("-----BEGIN RSA " + "PRIVATE KEY-----", "private key"),
    ("API_KEY = '" + "abcd1234efgh5678ijkl'", "assigned credential"),
    ("https://user:" + "hunter2@example.com", "URL with password"),
])
def test_secret_patterns_fire(sample, kind):
    assert re.search(SECRET_PATTERNS[kind], sample)


@pytest.mark.parametrize("sample", ["/" + "home/alice/x", "/" + "root/.cache", "/" + "work/main/data",
                                    "C:" + "\\Users\\bob", "C:" + "\\\\Users\\\\bob"])
def test_machine_path_pattern_fires(sample):
    assert re.search(MACHINE_PATHS, sample)
