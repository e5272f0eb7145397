"""Progress bars (tqdm) that appear only when a person is watching a terminal.

Downloads and batches call :func:`progress`; in CI, notebooks' kernels, pipes and the
tests (no TTY on stderr) it is a plain pass-through, so logs stay clean.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def progress_enabled(requested: bool | None = None) -> bool:
    """``requested`` if given, else True only when stderr is a terminal and
    ``MARKETIMPACT_NO_PROGRESS`` is not set."""
    if requested is not None:
        return requested
    if os.environ.get("MARKETIMPACT_NO_PROGRESS"):
        return False
    return bool(getattr(sys.stderr, "isatty", lambda: False)())


def progress(iterable: Iterable[T], total: int | None = None, desc: str = "", enabled: bool | None = None) -> Iterator[T]:
    """Iterate with a tqdm bar when :func:`progress_enabled`, else silently."""
    if not progress_enabled(enabled):
        yield from iterable
        return
    from tqdm.auto import tqdm

    yield from tqdm(iterable, total=total, desc=desc, leave=False, file=sys.stderr)
