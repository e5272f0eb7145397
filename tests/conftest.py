"""Test configuration: no network, offline mode, the repository's data folder.

The guard in ``tests/_no_network/sitecustomize.py`` blocks non-loopback sockets in this
process and — through PYTHONPATH — in every subprocess (notebook kernels, CLI runs).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
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


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start the notebook runs that the selected tests read, in the background (tests/_notebooks.py)."""
    if session.config.option.collectonly:
        return
    import _notebooks

    _notebooks.start([m.args[0] for item in session.items for m in item.iter_markers("notebook")])


def pytest_sessionfinish(session: pytest.Session) -> None:
    import _notebooks

    _notebooks.stop()
    # the per-run cache folder made above is the tests' own: remove it (runs used to leave one each)
    shutil.rmtree(os.environ["MARKETIMPACT_CACHE_DIR"], ignore_errors=True)


@pytest.fixture
def executed_notebook(request):
    """The executed notebook named by the test's ``@pytest.mark.notebook(NAME)`` (an nbformat node)."""
    import _notebooks

    (name,) = request.node.get_closest_marker("notebook").args
    return _notebooks.result(name)


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
    """Run the CLI in a subprocess (as a user would) and return the CompletedProcess.

    Each run costs about 3 s of CPU for the imports alone: use it where the process itself is
    under test (the console entry point, exit status, what the interpreter prints); elsewhere use
    :func:`run_cli_in_process`.
    """
    import subprocess

    return subprocess.run(
        [sys.executable, "-m", "marketimpact.cli", *args],
        capture_output=True, text=True, env={**os.environ, **(env or {})}, cwd=ROOT, timeout=300,
    )


#: the warning filters of a fresh interpreter started without -W or PYTHONWARNINGS (Python 3.11),
#: first match wins; a subprocess of :func:`run_cli` prints whatever gets past them to stderr
_FRESH_WARNING_FILTERS = (
    ("default", DeprecationWarning, "__main__"),
    ("ignore", DeprecationWarning, ""),
    ("ignore", PendingDeprecationWarning, ""),
    ("ignore", ImportWarning, ""),
    ("ignore", ResourceWarning, ""),
)


def run_cli_in_process(*args: str, env: dict[str, str] | None = None):
    """Run ``marketimpact.cli.main(args)`` in this process, isolated like :func:`run_cli`.

    Returns a ``CompletedProcess`` with the exit code, stdout and stderr a subprocess would have
    given: the working directory is the repository root, ``env`` is overlaid on the environment,
    the warning filters are those of a fresh interpreter and each warning that gets past them is
    written to stderr as the interpreter would, a log record of level WARNING or above is written
    to stderr (Python's last-resort handler), ``SystemExit`` (argparse) gives its code, and an
    exception that escapes ``main`` is written as a traceback with exit code 1. Instrument
    registrations, the symbol-search memory and new matplotlib figures of the run are undone, so
    runs do not see each other. Not thread-safe (it swaps ``sys.stdout``/``sys.stderr``).
    """
    import io
    import logging
    import subprocess
    import traceback
    import warnings

    from marketimpact import cli, instruments
    from marketimpact.prices import symbol_search

    out, err = io.StringIO(), io.StringIO()
    registered = dict(instruments._user)  # a new process starts with none
    if registered:
        instruments.clear_registrations()
    symbol_search.clear_memory()
    handler = logging.StreamHandler(err)
    handler.setLevel(logging.WARNING)
    root_logger = logging.getLogger()
    plt = sys.modules.get("matplotlib.pyplot")
    figures = set(plt.get_fignums()) if plt else set()
    with pytest.MonkeyPatch.context() as mp, warnings.catch_warnings(record=True) as caught:
        warnings.resetwarnings()
        for action, category, module in _FRESH_WARNING_FILTERS:
            warnings.filterwarnings(action, category=category, module=module, append=True)
        mp.chdir(ROOT)
        for key, value in (env or {}).items():
            mp.setenv(key, value)
        mp.setattr(sys, "stdout", out)
        mp.setattr(sys, "stderr", err)
        root_logger.addHandler(handler)
        try:
            code = cli.main(list(args))
        except SystemExit as exc:
            if exc.code is None or isinstance(exc.code, int):
                code = exc.code or 0
            else:
                print(exc.code, file=err)
                code = 1
        except Exception:
            err.write(traceback.format_exc())
            code = 1
        finally:
            root_logger.removeHandler(handler)
            if instruments._user != registered:
                instruments._user.clear()
                instruments._user.update(registered)
                instruments._registry_changed()
            symbol_search.clear_memory()
            plt = sys.modules.get("matplotlib.pyplot")
            for num in set(plt.get_fignums()) - figures if plt else ():
                plt.close(num)
        for w in caught:
            err.write(warnings.formatwarning(w.message, w.category, w.filename, w.lineno, w.line))
    return subprocess.CompletedProcess(["marketimpact", *args], code, out.getvalue(), err.getvalue())
