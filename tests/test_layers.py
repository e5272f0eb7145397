"""The import direction of docs (style-anchors, architecture): nothing imports upward.

layer 0  _typing, errors, types, instruments        (import nothing above)
layer 1  extract/*, prices/*                         (layer 0 only)
layer 2  study/*                                     (layer 0 + prices.* only; never extract or charts)
layer 3  charts/*                                    (plain data in, figures out: no study, no prices)
layer 4  analysis, report, html_report, cli, __init__ (compose everything)
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parent.parent / "marketimpact"

LAYER = {"_typing": 0, "errors": 0, "types": 0, "instruments": 0, "extract": 1, "prices": 1, "study": 2,
         "charts": 3, "analysis": 4, "report": 4, "html_report": 4, "cli": 4, "__init__": 4}
FORBIDDEN = {"study": {"extract", "charts", "analysis", "report", "html_report", "cli"},
             "charts": {"study", "prices", "extract", "analysis", "report", "html_report", "cli"},
             "extract": {"study", "charts", "analysis", "report", "html_report", "cli"},
             "prices": {"study", "extract", "charts", "analysis", "report", "html_report", "cli"}}


def _top(module_path: Path) -> str:
    rel = module_path.relative_to(PKG)
    return rel.parts[0].removesuffix(".py")


def _imported(tree: ast.AST, module_path: Path) -> set[str]:
    """Top-level marketimpact modules imported (absolute or relative) by a file."""
    out: set[str] = set()
    depth_pkg = len(module_path.relative_to(PKG).parts) - 1
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level == 0 and node.module and node.module.startswith("marketimpact."):
                out.add(node.module.split(".")[1])
            elif node.level > 0:
                up = node.level - 1  # levels above the file's own package
                if up >= depth_pkg:
                    if node.module:
                        out.add(node.module.split(".")[0])
                    else:
                        out.update(a.name for a in node.names)
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith("marketimpact."):
                    out.add(a.name.split(".")[1])
    return out


FILES = sorted(p for p in PKG.rglob("*.py"))


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(PKG)) for p in FILES])
def test_no_upward_imports(path):
    top = _top(path)
    if top not in FORBIDDEN and LAYER.get(top, 4) != 0:
        return
    imported = _imported(ast.parse(path.read_text()), path)
    if LAYER.get(top) == 0:
        bad = {m for m in imported if LAYER.get(m, 4) > 0}
    else:
        bad = imported & FORBIDDEN[top]
    assert not bad, f"{path.relative_to(PKG)} ({top}) imports {sorted(bad)}"


def test_the_checker_sees_relative_and_absolute_imports():
    fake = PKG / "study" / "fake.py"
    tree = ast.parse("from ..charts import plot_price\nfrom .models import MarketModel\nimport marketimpact.extract.dates\n")
    assert _imported(tree, fake) == {"charts", "extract"}
