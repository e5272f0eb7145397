"""Font registration for the FT chart style.

The FT sets every piece of chart text in Metric (web name "Metric 2 VF", older CSS name
"MetricWeb"), which is proprietary. When one of those families is installed on the machine it is
used; otherwise the charts fall back to Source Sans Pro, shipped by the PyPI package
``font-source-sans-pro`` (SIL OFL), and only then to matplotlib's DejaVu Sans.

Matplotlib logs a warning for every family in ``font.family`` that it cannot find, so the list
handed to matplotlib is filtered to installed families by :func:`font_family`.
"""

from __future__ import annotations

import threading
from pathlib import Path

from matplotlib import font_manager

__all__ = ["FONT_FAMILIES", "register_fonts", "font_family", "active_font"]

#: Preference order, best first. The Metric names are used only when installed.
FONT_FAMILIES: tuple[str, ...] = ("Metric", "Metric 2 VF", "MetricWeb", "Source Sans Pro", "DejaVu Sans")

_lock = threading.Lock()
_registered: set[str] = set()


def _source_sans_files() -> list[Path]:
    try:
        import font_source_sans_pro
    except ImportError:  # pragma: no cover - the package is a dependency
        return []
    return sorted(Path(p) for p in font_source_sans_pro.font_files_ttf.values())


def register_fonts() -> list[str]:
    """Register the Source Sans Pro TTF files with matplotlib's font manager.

    Calls :meth:`matplotlib.font_manager.FontManager.addfont` on each TTF file of the
    ``font-source-sans-pro`` package (the TTFs, not the CFF OTFs, so that PDF output with
    ``pdf.fonttype: 42`` embeds TrueType). Registration is in memory and per process; no font
    cache is rebuilt. Calling the function again does nothing.

    Returns
    -------
    list of str
        Paths of the font files known to be registered (empty if the package is missing).
    """
    with _lock:
        known = {f.fname for f in font_manager.fontManager.ttflist}
        for path in _source_sans_files():
            p = str(path)
            if p not in _registered and p not in known:
                font_manager.fontManager.addfont(p)
            _registered.add(p)
        return sorted(_registered)


def _installed_families() -> set[str]:
    return {f.name for f in font_manager.fontManager.ttflist}


#: the last answer of :func:`font_family`, with the font manager it read and its number of fonts then
#: (a chart asks a few dozen times, once per style context; a font added or another manager loaded
#: makes it look again)
_families: tuple[font_manager.FontManager, int, tuple[str, ...]] | None = None


def font_family() -> list[str]:
    """Return the ``font.family`` list to use: :data:`FONT_FAMILIES` filtered to installed fonts.

    Registers Source Sans Pro first. DejaVu Sans (bundled with matplotlib) is always kept last, so
    glyphs missing from the preferred face fall back per glyph instead of becoming boxes.

    Returns
    -------
    list of str
        Family names, best first.
    """
    global _families
    manager, cached = font_manager.fontManager, _families
    if cached is not None and cached[0] is manager and cached[1] == len(manager.ttflist):
        return list(cached[2])
    register_fonts()
    installed = _installed_families()
    fams = [f for f in FONT_FAMILIES if f in installed]
    if "DejaVu Sans" not in fams:
        fams.append("DejaVu Sans")
    _families = (manager, len(manager.ttflist), tuple(fams))
    return fams


def active_font() -> str:
    """Return the family name matplotlib actually resolves for regular chart text.

    Returns
    -------
    str
        For example ``"Source Sans Pro"`` (or ``"Metric"`` where licensed and installed).
    """
    prop = font_manager.FontProperties(family=font_family(), weight="normal", style="normal")
    path = font_manager.findfont(prop, fallback_to_default=True)
    return font_manager.get_font(path).family_name
