"""Stopping the processes a test started: one helper for the notebook runners and the dask fixture."""

from __future__ import annotations

import subprocess
from collections.abc import Iterable


def stop_processes(procs: Iterable[subprocess.Popen], grace_s: float = 30.0) -> None:
    """Terminate each process still running (only these handles: never a process group or a
    name), wait up to ``grace_s`` seconds for each, and kill the ones that do not exit."""
    procs = list(procs)
    for proc in procs:
        if proc.poll() is None:
            proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=grace_s)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
