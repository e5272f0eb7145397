"""FT-style charts for marketimpact event studies.

``Frame`` presets own the chart furniture (paper background, black bar, title, subtitle, source
and credit lines, pixel geometry); the ``plot_*`` functions take plain pandas/numpy data and
return a matplotlib ``Figure`` drawn in that frame; ``save`` writes PNG (2x), SVG and PDF
atomically with the frame settings in the metadata. The style lives in ``ft.mplstyle`` and is
only ever applied through ``matplotlib.rc_context``; global rcParams are not changed.
"""

from __future__ import annotations

try:
    import matplotlib  # noqa: F401
except ValueError as _exc:  # matplotlib refuses an unknown MPLBACKEND while importing itself
    import os as _os

    from ..errors import ConfigurationError

    if "backend" not in str(_exc).lower():
        raise
    raise ConfigurationError(
        f"MPLBACKEND={_os.environ.get('MPLBACKEND', '')!r} is not a matplotlib backend; "
        "unset it or set MPLBACKEND=Agg (marketimpact draws without a display)"
    ) from None

from .colours import FT_COLOURS
from .fonts import FONT_FAMILIES, active_font, font_family, register_fonts
from .frame import STYLE_PATH, Frame, frame_of, print_, save, social, style_context, web_l, web_m, web_s
from .intraday import plot_intraday, plot_intraday_car
from .plots import plot_ar, plot_caar, plot_car, plot_price, plot_small_multiples

__all__ = [
    "Frame",
    "web_s",
    "web_m",
    "web_l",
    "print_",
    "social",
    "register_fonts",
    "active_font",
    "font_family",
    "FONT_FAMILIES",
    "save",
    "style_context",
    "frame_of",
    "STYLE_PATH",
    "plot_price",
    "plot_ar",
    "plot_car",
    "plot_caar",
    "plot_small_multiples",
    "plot_intraday",
    "plot_intraday_car",
    "FT_COLOURS",
]
