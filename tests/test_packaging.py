"""Packaging invariants: one list of dependencies, the README's two commands, CI calls the second."""

from __future__ import annotations

import re
import tomllib

import yaml

#: conda-forge names that differ from PyPI names
CONDA_TO_PYPI = {"arch-py": "arch"}


def _name(req: str) -> str:
    n = re.split(r"[<>=!~ \[;]", req.strip(), maxsplit=1)[0].lower().replace("_", "-")
    return CONDA_TO_PYPI.get(n, n)


def test_environment_yml_matches_pyproject(root):
    pp = tomllib.loads((root / "pyproject.toml").read_text())
    deps = {_name(d) for d in pp["project"]["dependencies"]} | {_name(d) for d in pp["project"]["optional-dependencies"]["test"]}
    env = yaml.safe_load((root / "environment.yml").read_text())
    listed = set()
    for d in env["dependencies"]:
        if isinstance(d, dict):
            listed |= {_name(x) for x in d.get("pip", []) if not x.startswith("-e")}
        else:
            listed.add(_name(d))
    listed -= {"python", "pip"}
    assert deps == listed, f"only in pyproject: {deps - listed}; only in environment.yml: {listed - deps}"


def test_required_packages_declared(root):
    pp = tomllib.loads((root / "pyproject.toml").read_text())
    deps = {_name(d) for d in pp["project"]["dependencies"]}
    assert {"jupyterlab", "yfinance", "statsmodels", "matplotlib", "pandas"} <= deps
    assert pp["project"]["scripts"]["marketimpact"] == "marketimpact.cli:main"


def test_readme_has_two_commands_and_ci_runs_the_second(root):
    readme = (root / "README.md").read_text()
    blocks = re.findall(r"```(?:bash|sh)\n(.*?)```", readme, re.S)
    setup = [b.strip() for b in blocks if "pip install" in b]
    assert len(setup) >= 2
    demo, tests = setup[0], setup[1]
    assert "marketimpact study" in demo and "pytest" in tests
    ci = (root / ".ci" / "run").read_text()
    assert tests in ci


def test_bundled_data_has_provenance(root):
    prov = (root / "data" / "prices" / "PROVENANCE.md").read_text()
    for line in (root / "data" / "prices" / "tickers.csv").read_text().splitlines()[1:]:
        assert line.split(",")[1] in prov
