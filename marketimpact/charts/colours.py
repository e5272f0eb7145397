"""FT colour palette (Origami tokens and ``g-chartcolour`` palettes) as hex strings.

Values from ``docs/ft-chart-style.md`` sections 1.1-1.3. The ``black-xx`` tints are black mixed
into paper (warm greys), using the published values.
"""

from __future__ import annotations

from types import MappingProxyType

__all__ = [
    "FT_COLOURS",
    "LINE_WEB",
    "PAPER",
    "BLACK",
    "BLACK_10",
    "BLACK_20",
    "BLACK_30",
    "BLACK_40",
    "BLACK_60",
    "BLACK_70",
    "OXFORD",
    "SKY",
    "SLATE",
    "WHITE",
    "POSITIVE",
    "NEGATIVE",
]

PAPER = "#FFF1E5"
BLACK = "#000000"
WHITE = "#FFFFFF"
BLACK_5 = "#F2E5DA"
BLACK_10 = "#E6D9CE"
BLACK_20 = "#CCC1B7"
BLACK_30 = "#B3A9A0"
BLACK_40 = "#999189"
BLACK_50 = "#807973"
BLACK_60 = "#66605C"
BLACK_70 = "#4D4845"
BLACK_80 = "#33302E"
BLACK_90 = "#1A1817"
OXFORD = "#0F5499"
SKY = "#CCE6FF"
SLATE = "#262A33"
WHITE_80 = "#FFFCFA"
#: Ends of the FT diverging ramp, used for abnormal-return columns.
POSITIVE = "#105BA6"
NEGATIVE = "#B31147"
#: Inverse (social/video) frame text, gridline and baseline colours.
SOCIAL_TEXT = "#8E9095"
SOCIAL_GRID = "#47494D"

#: lineWeb, the default web line palette, in order.
LINE_WEB: tuple[str, ...] = ("#0F5499", "#EB5E8D", "#70DCE6", "#9DBF57", "#208FCE", "#7F062E", "#C2B7AF")
#: lineSocial, for the slate background.
LINE_SOCIAL: tuple[str, ...] = ("#FF0055", "#0066FF", "#B1E645", "#00CCFF", "#F2E5DA", "#65798C")
#: linePrint.
LINE_PRINT: tuple[str, ...] = ("#006A93", "#DDB831", "#AAD1D1", "#AD1C21", "#55A2C7", "#0083B3")

FT_COLOURS = MappingProxyType(
    {
        "paper": PAPER,
        "legacy-paper": "#FFF1E0",
        "ft-pink": "#FCD0B1",
        "ft-grey": "#333333",
        "black": BLACK,
        "white": WHITE,
        "claret": "#990F3D",
        "oxford": OXFORD,
        "teal": "#0D7680",
        "slate": SLATE,
        "wheat": "#F2DFCE",
        "sky": SKY,
        "velvet": "#593380",
        "mandarin": "#FF8833",
        "lemon": "#FFEC1A",
        "jade": "#00994D",
        "wasabi": "#96CC28",
        "candy": "#FF7FAA",
        "crimson": "#CC0000",
        "light-blue": "#00A0DD",
        "graphics-dark-blue": "#006F9B",
        "matisse": "#355778",
        "black-5": BLACK_5,
        "black-10": BLACK_10,
        "black-20": BLACK_20,
        "black-30": BLACK_30,
        "black-40": BLACK_40,
        "black-50": BLACK_50,
        "black-60": BLACK_60,
        "black-70": BLACK_70,
        "black-80": BLACK_80,
        "black-90": BLACK_90,
        "white-80": WHITE_80,
        "positive": POSITIVE,
        "negative": NEGATIVE,
        "social-text": SOCIAL_TEXT,
        "social-grid": SOCIAL_GRID,
    }
)
