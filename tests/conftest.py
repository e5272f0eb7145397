"""Test configuration: no network, offline mode, the repository's data folder.

The guard in ``tests/_no_network/sitecustomize.py`` blocks non-loopback sockets in this
process and — through PYTHONPATH — in every subprocess (notebook kernels, CLI runs).
"""

from __future__ import annotations

import importlib.util
import os
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUARD_DIR = Path(__file__).resolve().parent / "_no_network"

os.environ["MARKETIMPACT_TEST_NO_NETWORK"] = "1"
os.environ["MARKETIMPACT_OFFLINE"] = "1"
os.environ["MPLBACKEND"] = "Agg"
# the user's own cache is never read or written by the tests
os.environ["MARKETIMPACT_CACHE_DIR"] = tempfile.mkdtemp(prefix="marketimpact-test-cache-")
os.environ["PYTHONPATH"] = os.pathsep.join([str(GUARD_DIR), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)

_spec = importlib.util.spec_from_file_location("_mi_no_network", GUARD_DIR / "sitecustomize.py")
assert _spec and _spec.loader
_spec.loader.exec_module(importlib.util.module_from_spec(_spec))


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def seed_article_path() -> Path:
    return ROOT / "data" / "articles" / "2025-02-12_ft_trump_putin_brent.md"


@pytest.fixture(scope="session")
def seed_analysis(seed_article_path):
    import marketimpact as mi

    return mi.analyze(seed_article_path)


def run_cli(*args: str, env: dict[str, str] | None = None):
    """Run the CLI in a subprocess (as a user would) and return the CompletedProcess."""
    import subprocess

    return subprocess.run(
        [sys.executable, "-m", "marketimpact.cli", *args],
        capture_output=True, text=True, env={**os.environ, **(env or {})}, cwd=ROOT, timeout=300,
    )
