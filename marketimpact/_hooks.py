"""Services an upper layer lends a lower one (dependency inversion, see tests/test_layers.py).

The study layer may not import the charts or the report; a result's ``plot()`` calls
:data:`plotter`, which the package installs at import (``marketimpact/__init__.py``) as a
function that loads :func:`marketimpact.report.plot` on first use.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

#: (result, kind, **kwargs) -> matplotlib Figure; installed by ``marketimpact/__init__.py``
plotter: Callable[..., Any] | None = None


def plot(result: Any, kind: str | None, **kwargs: Any) -> Any:
    """Draw ``result`` with the installed plotter."""
    if plotter is None:  # only if marketimpact/__init__.py did not run, which importing a submodule prevents
        raise RuntimeError("no plotter installed: import marketimpact first")
    return plotter(result, kind, **kwargs)
