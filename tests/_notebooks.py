"""Notebook executions for the tests, started in the background when the run begins.

A notebook runs in a kernel, a process of its own, so it needs no core of the test process:
``conftest.pytest_collection_finish`` starts the executions that the selected tests read (the
tests marked ``@pytest.mark.notebook(NAME)``), one at a time in the order those tests come, each
in a fresh ``python tests/_notebooks.py`` process that drives the kernel (nbclient, or papermill for
a run with parameters) and writes the executed notebook to a file. The tests read it with
:func:`result` (fixture ``executed_notebook``), waiting if it is not done yet.

Each run gets the environment of the start of the session (the network guard, offline mode; no
test's monkeypatched variables) with a price cache of its own, and the repository root as working
directory; this process only waits on the runner processes (no kernel client code runs in it,
so nothing in it can meet the tests' warning filters). ``stop`` ends runs still going at the end
of the session.

Run as a script: ``python tests/_notebooks.py SOURCE OUTPUT KERNEL_DIR CELL_TIMEOUT_S [PARAMETERS_JSON]``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from _processes import stop_processes

ROOT = Path(__file__).resolve().parent.parent
#: a run still going after this many seconds is a hang (the slowest notebook takes about 30 s)
RUN_TIMEOUT = 1800


@dataclass(frozen=True)
class Job:
    """One notebook execution: ``source`` is the notebook file, or a builder that writes one into
    the folder it is given and returns its path; ``kernel_dir`` is the kernel's working directory;
    ``parameters`` (papermill) injects values into the notebook's ``parameters`` cell; a cell still
    running after ``cell_timeout`` seconds fails the run (nbclient; papermill runs have none)."""

    name: str
    source: Path | Callable[[Path], Path]
    kernel_dir: Path
    parameters: dict[str, Any] | None = None
    cell_timeout: int = 600


_jobs: dict[str, Job] = {}
_futures: dict[str, Future] = {}
_procs: list[subprocess.Popen] = []
_lock = threading.Lock()
_state: dict[str, Any] = {"folder": None, "env": None, "stopping": False}


def register(job: Job) -> None:
    """Make ``job`` available to :func:`start` and :func:`result` (called when a test module is imported)."""
    if job.name in _jobs and _jobs[job.name] != job:
        raise ValueError(f"two different notebook jobs named {job.name!r}")
    _jobs[job.name] = job


def _folder() -> Path:
    if _state["folder"] is None:
        _state["folder"] = Path(tempfile.mkdtemp(prefix="marketimpact-test-notebooks-"))
        _state["env"] = dict(os.environ)  # as the session began: before any test changes it
    return _state["folder"]


def _run(job: Job, source: Path, out: Path) -> Path:
    """Execute ``source`` into ``out`` in a runner process (this thread only waits on it)."""
    cache = out.parent / "cache"
    argv = [sys.executable, str(Path(__file__).resolve()), str(source), str(out), str(job.kernel_dir),
            str(job.cell_timeout)]
    if job.parameters is not None:
        argv.append(json.dumps(job.parameters))
    with _lock:
        if _state["stopping"]:
            raise RuntimeError(f"notebook run {job.name} not started: the session is ending")
        proc = subprocess.Popen(argv, cwd=ROOT, env={**_state["env"], "MARKETIMPACT_CACHE_DIR": str(cache)},
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        _procs.append(proc)
    try:
        stdout, stderr = proc.communicate(timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        stdout, stderr = proc.communicate()
        raise AssertionError(f"notebook {job.name}: still running after {RUN_TIMEOUT} s\n{stderr[-4000:]}") from None
    if proc.returncode != 0:
        raise AssertionError(f"notebook {job.name} failed (exit {proc.returncode}):\n{stderr[-6000:]}{stdout[-2000:]}")
    return out


def start(names: list[str]) -> None:
    """Start the runs ``names`` in the background, one after another, in this order."""
    names = [n for n in dict.fromkeys(names) if n not in _futures]
    if not names:
        return
    base = _folder()
    todo = []
    for name in names:
        job = _jobs[name]
        work = base / f"{len(_futures):02d}"
        work.mkdir()
        fut = _futures[name] = Future()
        try:  # a builder runs here, in the main thread, before any test
            source = job.source(work) if callable(job.source) else job.source
        except Exception as exc:  # handed to the test that reads this notebook
            fut.set_running_or_notify_cancel()
            fut.set_exception(exc)
            continue
        todo.append((job, Path(source), work / "executed.ipynb"))

    def worker() -> None:
        for job, source, out in todo:
            fut = _futures[job.name]
            if not fut.set_running_or_notify_cancel():
                continue
            try:
                fut.set_result(_run(job, source, out))
            except BaseException as exc:  # handed to the test that reads this notebook
                fut.set_exception(exc)

    threading.Thread(target=worker, name="notebook-runs", daemon=True).start()


def result(name: str):
    """The executed notebook ``name`` (an ``nbformat`` node), run now if it was not started."""
    import nbformat

    if name not in _futures:
        start([name])
    path = _futures[name].result(timeout=2 * RUN_TIMEOUT)
    return nbformat.read(path, as_version=4)


def stop() -> None:
    """End the runner processes still going (only those started here) and remove the files."""
    with _lock:
        _state["stopping"] = True
        for fut in _futures.values():
            fut.cancel()
        stop_processes(_procs, grace_s=30)
    if _state["folder"] is not None:
        shutil.rmtree(_state["folder"], ignore_errors=True)


def _execute(source: str, out: str, kernel_dir: str, cell_timeout: str, parameters: str | None = None) -> None:
    """The runner: execute ``source`` in a ``python3`` kernel working in ``kernel_dir``, write it to ``out``
    (a cell may run ``cell_timeout`` seconds)."""
    if parameters is not None:
        import papermill

        papermill.execute_notebook(source, out, parameters=json.loads(parameters), cwd=kernel_dir,
                                   kernel_name="python3", progress_bar=False)
        return
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(source, as_version=4)
    NotebookClient(nb, timeout=int(cell_timeout), kernel_name="python3",
                   resources={"metadata": {"path": kernel_dir}}).execute()
    nbformat.write(nb, out)


def _terminated(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)  # unwinds through nbclient, which shuts its kernel down


if __name__ == "__main__":
    import signal

    signal.signal(signal.SIGTERM, _terminated)
    _execute(*sys.argv[1:])
