"""Chart frames: the object that owns the furniture (after FT ``g-chartframe``).

A :class:`Frame` holds the canvas size, margins, title, subtitle, source and credit text with
their styles, the background and the 60 x 4 px bar. :meth:`Frame.figure` builds a new matplotlib
``Figure`` with all of that drawn at pixel positions and returns the plot ``Axes``; chart code
draws data only inside it.

Units: every length in a ``Frame`` is a CSS pixel of the FT frame (``*_px`` and the margin and
size fields). Figures are laid out at ``dpi`` (72 by default, so 1 px == 1 pt and the FT pixel
values are used one-for-one as matplotlib point sizes) and saved at ``2 x dpi``.

Right-aligned right-hand y labels
---------------------------------
Matplotlib left-aligns right-hand tick labels and has no rcParam for the FT layout (labels
right-aligned on a common edge, gridlines stopping 3 px before the widest label, right margin
growing by that width). Each frame figure gets a small layout engine (:class:`FrameLayout`) that
runs at draw time, before anything is painted: it measures the widest visible y tick label with
the renderer, narrows each plot ``Axes`` so that label + 3 px fits inside the frame's right
margin, sets every right-hand label to ``ha="right"`` and sets the tick pad to
``3 px + widest label``. Because it measures on every draw, it stays correct at any save dpi and
after the data or ticks change. The same pass keeps registered annotations (event labels,
callouts) and x tick labels inside the figure.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import json
import os
import weakref
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import matplotlib as mpl
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.layout_engine import LayoutEngine
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Annotation, Text

from . import colours as C
from .fonts import font_family

if TYPE_CHECKING:
    from .._io import OutputSet

__all__ = [
    "Frame",
    "FTFigure",
    "FrameLayout",
    "web_s",
    "web_m",
    "web_l",
    "print_",
    "social",
    "save",
    "style_context",
    "frame_of",
    "describe",
    "STYLE_PATH",
]

#: The matplotlib style sheet (section 6 of the FT chart spec).
STYLE_PATH = Path(__file__).with_name("ft.mplstyle")

MM_PER_INCH = 25.4


class FTFigure(Figure):
    """A matplotlib ``Figure`` that shows itself in Jupyter.

    Frame figures are built outside pyplot (no global state, no GUI backend), so IPython has no
    display hook for them and would print ``<Figure size ...>``. ``_repr_png_`` renders the chart
    as the saved PNG would look (frame style, 1 x the layout dpi: one pixel per FT px), and
    ``__repr__`` names the chart instead of the figure size.
    """

    #: the frame layout run at the start of each draw while :func:`_one_pass` has taken it off the figure
    _layout_in_draw: FrameLayout | None = None

    def draw(self, renderer) -> None:
        if self._layout_in_draw is not None:
            self._layout_in_draw.execute(self)
        super().draw(renderer)

    def _repr_png_(self) -> bytes:
        import io

        info = _INFO.get(self, {})
        frame: Frame | None = info.get("frame")
        buf = io.BytesIO()
        with style_context(frame), _one_pass(self):
            self.savefig(buf, format="png", dpi=frame.dpi if frame is not None else self.dpi,
                         facecolor=self.get_facecolor())
        return buf.getvalue()


@contextlib.contextmanager
def _one_pass(fig: Figure) -> Iterator[None]:
    """``savefig`` in one draw instead of two. A figure with a layout engine is first drawn whole
    without painting, only so that the engine runs, then drawn again; the engine runs again at the
    start of that second draw. The frame layout measures the same text at the same dpi both
    times and sets the same positions (it is idempotent), so the layout is run once at the start of
    the one draw instead: the same files (``tests/test_charts.py`` compares both ways). The engine
    is put back on exit."""
    engine = fig.get_layout_engine()
    if not isinstance(fig, FTFigure) or not isinstance(engine, FrameLayout):
        yield
        return
    fig.set_layout_engine(None)
    if fig.get_layout_engine() is not None:  # rcParams asked for another engine: keep the two draws
        fig.set_layout_engine(engine)
        yield
        return
    fig._layout_in_draw = engine
    try:
        yield
    finally:
        del fig._layout_in_draw
        fig.set_layout_engine(engine)

    def __repr__(self) -> str:
        frame = frame_of(self)
        if frame is None:
            return f"<marketimpact chart, {len(self.axes)} axes>"
        title = " ".join(frame.title_lines())
        return f"<marketimpact chart {frame.preset} {frame.width_px:g}x{frame.height_px:g} px: {title!r}>"
#: Gap between the plot edge (gridline end) and the widest right-hand y label, px.
Y_LABEL_GAP_PX = 3.0


def _lines(text: str | None) -> list[str]:
    """Split FT multi-line text on ``|``; empty text gives no lines."""
    if not text:
        return []
    return [part.strip() for part in str(text).split("|")]


@functools.lru_cache(maxsize=512)
def _text_width_px(text: str, size_px: float, weight: str, families: tuple[str, ...]) -> float:
    """Width of ``text`` set in ``families`` at ``size_px`` (at 72 dpi one px is one pt)."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    prop = FontProperties(family=list(families), size=size_px, weight=weight)
    width, _, _ = TextToPath().get_text_width_height_descent(text, prop, ismath=False)
    return float(width)


def _wrap(lines: list[str], size_px: float, weight: str, max_px: float) -> list[str]:
    """Each line broken at spaces so that it fits ``max_px`` (a single word longer than that
    stays on its own line): titles and subtitles never run off a small frame."""
    fams = tuple(font_family())
    if weight != "normal" and len(fams) > 1:
        fams = fams[:-1]
    out: list[str] = []
    for line in lines:
        if not line or _text_width_px(line, size_px, weight, fams) <= max_px:
            out.append(line)
            continue
        cur = ""
        for word in line.split():
            trial = f"{cur} {word}".strip()
            if cur and _text_width_px(trial, size_px, weight, fams) > max_px:
                out.append(cur)
                cur = word
            else:
                cur = trial
        out.append(cur)
    return out


@dataclass(frozen=True)
class Frame:
    """A chart frame: canvas, margins, furniture text and styles, in FT pixels.

    Build one with a preset (:func:`web_s`, :func:`web_m`, :func:`web_l`, :func:`print_`,
    :func:`social`) and vary it with :func:`dataclasses.replace` or the presets' keyword
    arguments.

    Parameters
    ----------
    preset : str
        Name of the preset the frame was built from ("webM", "print", ...).
    width_px, height_px : float
        Canvas size in px (at ``dpi``).
    dpi : float
        Layout resolution, dots per inch. At 72, 1 px == 1 pt.
    margin_left, margin_right, margin_bottom : float
        Plot margins in px. The right margin is the frame's margin *before* the y labels; the
        widest y label (+ 3 px) is added at draw time.
    margin_top : float or None
        Plot top in px. ``None`` derives it from the title and subtitle line counts (FT
        ``autoPosition``): ``title_y + n_title * title_lh + n_sub * subtitle_lh + 28 - top_adjust``.
    top_adjust : float
        Per-frame adjuster of the automatic plot top, px.
    rem : float
        The frame's rem, px (used for callout offsets and panel gaps).
    text_x : float
        x of title, subtitle, source and credit, px from the left edge.
    title, subtitle, source, credit : str
        Furniture text; ``|`` splits lines. ``source`` is prefixed with "Source: " unless it
        already starts with "Source". ``credit`` is the italic line under the source (the FT's is
        "(c) FT"; ours defaults to "marketimpact"); empty or ``None`` omits it.
    title_size, subtitle_size, source_size, credit_size, axis_label_size, panel_label_size : float
        Font sizes, px.
    title_line_height, subtitle_line_height, source_line_height : float
        Line heights, px.
    title_y, subtitle_y : float
        Baselines of the first title and subtitle line, px from the top.
    source_offset : float
        Source baseline = plot bottom + ``source_offset`` + 1.5 x ``source_line_height``, px.
    title_weight : str
        "normal" (400) on web, "semibold" (600) in print.
    background, title_colour, subtitle_colour, source_colour, axis_text_colour : str
        Colours (hex).
    grid_colour, baseline_colour, tick_colour, event_colour, annotation_colour : str
        Gridlines (black-10), baseline (black-40), x ticks (black-20), event and leader lines
        (black-60), annotation text (black-70).
    grid_width, baseline_width, event_width : float
        Line widths, px.
    line_width : float
        Data line width, px (3 on web, 4 social, 2 print).
    line_capstyle : str
        matplotlib cap style of data lines ("projecting" = square).
    line_colours : tuple of str
        Colour cycle; the first is the single-series colour.
    x_tick_length, x_minor_tick_length : float
        x tick lengths, px (0.75 rem and 0.3 rem).
    bar_width, bar_height, bar_x, bar_y : float
        The black bar at the top-left, px. A width of 0 omits it.
    bar_colour : str
        Bar colour (black on web, white on social).
    goalposts : bool
        Draw print "goalposts" (0.3 pt rules at the top with stubs, and at the bottom).
    """

    preset: str = "webM"
    width_px: float = 700.0
    height_px: float = 500.0
    dpi: float = 72.0
    margin_left: float = 20.0
    margin_right: float = 5.0
    margin_bottom: float = 104.0
    margin_top: float | None = None
    top_adjust: float = 4.0
    rem: float = 16.0
    text_x: float = 1.0
    title: str = ""
    subtitle: str = ""
    source: str = ""
    credit: str | None = "marketimpact"
    title_size: float = 24.0
    title_line_height: float = 28.0
    title_y: float = 32.0
    title_weight: str = "normal"
    subtitle_size: float = 18.0
    subtitle_line_height: float = 20.0
    subtitle_y: float = 64.0
    source_size: float = 14.0
    source_line_height: float = 16.0
    source_offset: float = 44.0
    credit_size: float = 14.0
    axis_label_size: float = 16.0
    panel_label_size: float = 14.0
    background: str = C.PAPER
    title_colour: str = C.BLACK
    subtitle_colour: str = C.BLACK_60
    source_colour: str = C.BLACK_60
    axis_text_colour: str = C.BLACK_70
    annotation_colour: str = C.BLACK_70
    grid_colour: str = C.BLACK_10
    baseline_colour: str = C.BLACK_40
    tick_colour: str = C.BLACK_20
    event_colour: str = C.BLACK_60
    grid_width: float = 1.0
    baseline_width: float = 1.0
    event_width: float = 1.0
    line_width: float = 3.0
    line_capstyle: str = "projecting"
    line_colours: tuple[str, ...] = field(default=C.LINE_WEB)
    x_tick_length: float = 12.0
    x_minor_tick_length: float = 5.0
    bar_width: float = 60.0
    bar_height: float = 4.0
    bar_x: float = 0.0
    bar_y: float = 0.0
    bar_colour: str = C.BLACK
    goalposts: bool = False

    # ----------------------------------------------------------------- geometry (px)
    def pt(self, px: float) -> float:
        """Convert frame px to matplotlib points (identity at 72 dpi)."""
        return px * 72.0 / self.dpi

    @property
    def figsize(self) -> tuple[float, float]:
        """Figure size in inches (px / dpi)."""
        return (self.width_px / self.dpi, self.height_px / self.dpi)

    def text_width(self) -> float:
        """Room for a furniture line: from ``text_x`` to the right edge less the right margin, px."""
        return self.width_px - self.text_x - self.margin_right

    def title_lines(self) -> list[str]:
        """Title lines: split on ``|`` and wrapped at spaces to :meth:`text_width`."""
        return _wrap(_lines(self.title), self.title_size, self.title_weight, self.text_width())

    def subtitle_lines(self) -> list[str]:
        return _wrap(_lines(self.subtitle), self.subtitle_size, "normal", self.text_width())

    def source_lines(self) -> list[str]:
        lines = _lines(self.source)
        if lines and not lines[0].lower().startswith("source"):
            lines[0] = f"Source: {lines[0]}"
        return _wrap(lines, self.source_size, "normal", self.text_width())

    def title_baselines(self) -> list[float]:
        """Baselines of the title lines, px from the top."""
        return [self.title_y + i * self.title_line_height for i in range(len(self.title_lines()))]

    def subtitle_baselines(self) -> list[float]:
        """Baselines of the subtitle lines, px from the top (pushed down by extra title lines)."""
        extra = max(len(self.title_lines()) - 1, 0) * self.title_line_height
        return [self.subtitle_y + extra + i * self.subtitle_line_height for i in range(len(self.subtitle_lines()))]

    def text_bottom(self) -> float:
        """Lowest point of the title and subtitle (last baseline + descent ≈ 0.25 em), px; 0 without them."""
        bottoms = [0.0]
        if self.title_lines():
            bottoms.append(self.title_baselines()[-1] + 0.25 * self.title_size)
        if self.subtitle_lines():
            bottoms.append(self.subtitle_baselines()[-1] + 0.25 * self.subtitle_size)
        return max(bottoms)

    def plot_top(self) -> float:
        """Top of the plot area, px from the top of the canvas.

        The preset's value (a fixed ``margin_top``, or FT ``autoPosition``), pushed down when the
        title and subtitle (wrapped to the frame) would otherwise leave no room for the event label
        drawn above the plot: half a rem, one axis-label line and 2 px.
        """
        if self.margin_top is not None:
            top = float(self.margin_top)
        else:
            n_title = max(len(self.title_lines()), 1)
            n_sub = max(len(self.subtitle_lines()), 1)
            top = self.title_y + n_title * self.title_line_height + n_sub * self.subtitle_line_height + 28.0 - self.top_adjust
        if self.text_bottom() > 0:
            top = max(top, self.text_bottom() + self.rem / 2 + self.axis_label_size + 2.0)
        return top

    def plot_bottom(self) -> float:
        """Bottom of the plot area, px from the top."""
        return self.height_px - self.margin_bottom

    def plot_rect(self) -> tuple[float, float, float, float]:
        """Plot area ``(left, top, width, height)`` in px from the top-left corner.

        The width includes the right-hand y-label gutter: at draw time the ``Axes`` box is
        narrowed by the widest y label + 3 px (see the module docstring).
        """
        top = self.plot_top()
        left = self.margin_left
        return (left, top, self.width_px - left - self.margin_right, self.plot_bottom() - top)

    def source_baselines(self) -> list[float]:
        """Baselines of the source lines, px from the top."""
        first = self.plot_bottom() + self.source_offset + 1.5 * self.source_line_height
        return [first + i * self.source_line_height for i in range(len(self.source_lines()))]

    def credit_baseline(self) -> float:
        """Baseline of the italic credit line: one source line height under the last source line."""
        src = self.source_baselines()
        if src:
            return src[-1] + self.source_line_height
        return self.plot_bottom() + self.source_offset + 1.5 * self.source_line_height

    # ----------------------------------------------------------------- config
    def as_dict(self) -> dict[str, Any]:
        """The whole configuration as a JSON-serialisable dict."""
        d = dataclasses.asdict(self)
        d["line_colours"] = list(self.line_colours)
        return d

    def rc(self) -> dict[str, Any]:
        """rcParams overrides applied on top of ``ft.mplstyle`` for this frame."""
        return {
            "font.family": font_family(),
            "figure.dpi": self.dpi,
            "savefig.dpi": 2 * self.dpi,
            "figure.facecolor": self.background,
            "figure.edgecolor": self.background,
            "axes.facecolor": self.background,
            "savefig.facecolor": self.background,
            "savefig.edgecolor": self.background,
            "grid.color": self.grid_colour,
            "grid.linewidth": self.pt(self.grid_width),
            "xtick.color": self.tick_colour,
            "xtick.labelcolor": self.axis_text_colour,
            "ytick.labelcolor": self.axis_text_colour,
            "xtick.labelsize": self.pt(self.axis_label_size),
            "ytick.labelsize": self.pt(self.axis_label_size),
            "xtick.major.size": self.pt(self.x_tick_length),
            "xtick.minor.size": self.pt(self.x_minor_tick_length),
            "xtick.major.width": self.pt(self.grid_width),
            "xtick.minor.width": self.pt(self.grid_width),
            "text.color": self.axis_text_colour,
            "axes.labelcolor": self.axis_text_colour,
            "font.size": self.pt(self.axis_label_size),
            "legend.fontsize": self.pt(self.axis_label_size),
            "legend.labelcolor": self.axis_text_colour,
            "lines.linewidth": self.pt(self.line_width),
            "lines.solid_capstyle": self.line_capstyle,
            "axes.prop_cycle": mpl.cycler(color=list(self.line_colours)),
        }

    @contextlib.contextmanager
    def style(self) -> Iterator[None]:
        """Context manager: ``ft.mplstyle`` plus :meth:`rc`, restored on exit (globals untouched)."""
        with mpl.rc_context(_style_file_rc()), mpl.rc_context(self.rc()):
            yield

    # ----------------------------------------------------------------- drawing
    def canvas(self, *, description: str | None = None) -> Figure:
        """Build a new ``Figure`` with the furniture drawn and no plot ``Axes``.

        Parameters
        ----------
        description : str, optional
            One-sentence description stored for :func:`save`'s metadata.

        Returns
        -------
        matplotlib.figure.Figure
        """
        with self.style():
            fig = FTFigure(figsize=self.figsize, dpi=self.dpi, facecolor=self.background)
            FigureCanvasAgg(fig)  # a real canvas, so text can be measured before saving
            fig.set_layout_engine(FrameLayout(self))
            _INFO[fig] = {"frame": self, "description": description or self._default_description()}
            self._draw_furniture(fig)
        return fig

    def figure(self, *, description: str | None = None) -> tuple[Figure, Axes]:
        """Build a new ``Figure`` with the furniture and return it with the plot ``Axes``.

        The style is applied with :func:`matplotlib.rc_context` only while building; global
        rcParams are never changed. The ``Axes`` sits at :meth:`plot_rect` (narrowed at draw time
        by the right-hand y labels).

        Parameters
        ----------
        description : str, optional
            One-sentence description stored for :func:`save`'s metadata.

        Returns
        -------
        (Figure, Axes)
        """
        fig = self.canvas(description=description)
        ax = self.add_plot(fig)
        return fig, ax

    def add_plot(self, fig: Figure, rect_px: Sequence[float] | None = None, *, gid: str = "plot") -> Axes:
        """Add a styled plot ``Axes`` at ``rect_px`` = (left, top, width, height) px.

        The rect is the area for the axes *and* its right-hand y labels; the frame's layout
        engine fits the axes inside it at draw time.

        Returns
        -------
        matplotlib.axes.Axes
        """
        rect = tuple(rect_px) if rect_px is not None else self.plot_rect()
        with self.style():
            ax = fig.add_axes(self._fraction(rect), facecolor=self.background)
            ax.set_gid(gid)
            self._style_axes(ax)
        layout = fig.get_layout_engine()
        if isinstance(layout, FrameLayout):
            layout.add_slot(ax, rect)
        return ax

    def _fraction(self, rect: Sequence[float]) -> tuple[float, float, float, float]:
        left, top, width, height = rect
        return (
            left / self.width_px,
            1.0 - (top + height) / self.height_px,
            width / self.width_px,
            height / self.height_px,
        )

    def _style_axes(self, ax: Axes) -> None:
        # Explicit tick parameters, so that ticks created later at draw time (outside the style
        # context) inherit the FT look instead of matplotlib defaults.
        fam = font_family()
        for a in ("left", "right", "top", "bottom"):
            ax.spines[a].set_visible(False)
        ax.tick_params(
            axis="y",
            which="both",
            left=False,
            right=True,
            labelleft=False,
            labelright=True,
            length=0,
            pad=self.pt(Y_LABEL_GAP_PX),
            labelsize=self.pt(self.axis_label_size),
            labelcolor=self.axis_text_colour,
            labelfontfamily=fam,
            color=self.tick_colour,
        )
        ax.tick_params(
            axis="x",
            which="both",
            bottom=True,
            top=False,
            labelbottom=True,
            direction="out",
            pad=self.pt(3),
            width=self.pt(1),
            labelsize=self.pt(self.axis_label_size),
            labelcolor=self.axis_text_colour,
            labelfontfamily=fam,
            color=self.tick_colour,
        )
        ax.tick_params(axis="x", which="major", length=self.pt(self.x_tick_length))
        ax.tick_params(axis="x", which="minor", length=self.pt(self.x_minor_tick_length))
        ax.grid(False, axis="x", which="both")
        ax.grid(True, axis="y", which="major", color=self.grid_colour, linewidth=self.pt(self.grid_width))
        ax.set_axisbelow(True)
        ax.yaxis.get_offset_text().set_visible(False)
        ax.xaxis.get_offset_text().set_visible(False)
        # instantiate the tick prototypes inside the style context
        ax.xaxis.get_major_ticks()
        ax.xaxis.get_minor_ticks()
        ax.yaxis.get_major_ticks()

    def _text(self, fig: Figure, x_px: float, y_px: float, s: str, **kw: Any) -> Text:
        return fig.text(
            x_px / self.width_px,
            1.0 - y_px / self.height_px,
            s,
            ha="left",
            va="baseline",
            **kw,
        )

    def _draw_furniture(self, fig: Figure) -> None:
        W, H = self.width_px, self.height_px
        if self.bar_width > 0 and self.bar_height > 0:
            bar = Rectangle(
                (self.bar_x / W, 1.0 - (self.bar_y + self.bar_height) / H),
                self.bar_width / W,
                self.bar_height / H,
                transform=fig.transFigure,
                facecolor=self.bar_colour,
                edgecolor="none",
                linewidth=0,
                antialiased=False,
                gid="ft-bar",
            )
            fig.add_artist(bar)
        if self.goalposts:
            lw = 0.3
            half = lw / 2 * self.dpi / 72.0
            stub = 15.0
            y_top = 1.0 - half / H
            y_bot = half / H
            for xs, ys in (
                ([0, 0, 1, 1], [1.0 - stub / H, y_top, y_top, 1.0 - stub / H]),
                ([0, 1], [y_bot, y_bot]),
            ):
                fig.add_artist(
                    Line2D(xs, ys, transform=fig.transFigure, color=C.BLACK, linewidth=lw, gid="ft-goalpost")
                )
        fams = font_family()
        # a non-regular title weight is looked up in the preferred face only (DejaVu has no semibold)
        title_fams = fams[:-1] if self.title_weight != "normal" and len(fams) > 1 else fams
        for i, (y, s) in enumerate(zip(self.title_baselines(), self.title_lines(), strict=True)):
            self._text(
                fig, self.text_x, y, s, fontsize=self.pt(self.title_size), color=self.title_colour,
                fontweight=self.title_weight, fontfamily=title_fams, gid=f"title-{i}",
            )
        for i, (y, s) in enumerate(zip(self.subtitle_baselines(), self.subtitle_lines(), strict=True)):
            self._text(
                fig, self.text_x, y, s, fontsize=self.pt(self.subtitle_size), color=self.subtitle_colour,
                gid=f"subtitle-{i}",
            )
        for i, (y, s) in enumerate(zip(self.source_baselines(), self.source_lines(), strict=True)):
            self._text(
                fig, self.text_x, y, s, fontsize=self.pt(self.source_size), color=self.source_colour,
                gid=f"source-{i}",
            )
        if self.credit:
            self._text(
                fig, self.text_x, self.credit_baseline(), self.credit, fontsize=self.pt(self.credit_size),
                color=self.source_colour, fontstyle="italic", gid="credit",
            )

    def _default_description(self) -> str:
        title = " ".join(self.title_lines()) or "untitled"
        return f"FT-style {self.preset} chart ({self.width_px:g}x{self.height_px:g} px): {title}."


# --------------------------------------------------------------------------- layout engine
class FrameLayout(LayoutEngine):
    """Draw-time layout for a :class:`Frame` figure.

    On every draw (before painting) it: measures the widest visible right-hand y tick label over
    all registered plot axes; shrinks each axes to its slot minus that width and the 3 px gap;
    right-aligns the labels by setting ``ha="right"`` and the tick pad to gap + widest; and
    nudges registered annotations and x tick labels that would cross the figure edge back inside.
    """

    _adjust_compatible = True
    _colorbar_gridspec = False

    def __init__(self, frame: Frame) -> None:
        super().__init__()
        self.frame = frame
        self._slots: list[tuple[weakref.ref[Axes], tuple[float, float, float, float]]] = []
        self._keep_inside: list[tuple[Annotation, tuple[float, float]]] = []

    def add_slot(self, ax: Axes, rect_px: Sequence[float]) -> None:
        """Register ``ax`` with the px rect that must hold it and its y labels."""
        self._slots.append((weakref.ref(ax), tuple(float(v) for v in rect_px)))  # type: ignore[misc]

    def keep_inside(self, ann: Annotation) -> Annotation:
        """Register an annotation (offset in points) to be kept inside the figure."""
        self._keep_inside.append((ann, tuple(ann.xyann)))  # type: ignore[arg-type]
        return ann

    def execute(self, fig: Figure) -> None:
        renderer = fig._get_renderer()
        frame = self.frame
        to_px = frame.dpi / fig.dpi  # device px -> frame px (savefig changes fig.dpi)
        slots = [(ref(), rect) for ref, rect in self._slots]
        slots = [(ax, rect) for ax, rect in slots if ax is not None and ax.figure is fig]
        widest = 0.0
        for ax, _ in slots:
            if not ax.yaxis.get_visible():
                continue
            for t in ax.yaxis.get_ticklabels(which="major"):
                if t.get_visible() and t.get_text():
                    widest = max(widest, t.get_window_extent(renderer).width * to_px)
        for ax, (left, top, width, height) in slots:
            ax_w = max(width - widest - Y_LABEL_GAP_PX, 1.0)
            ax.set_position(frame._fraction((left, top, ax_w, height)))
            pad = frame.pt(Y_LABEL_GAP_PX + widest)
            ax.yaxis.set_tick_params(which="both", pad=pad)
            for tick in ax.yaxis.get_major_ticks():
                tick.label2.set_horizontalalignment("right")
                tick.label1.set_horizontalalignment("left")
        fig_w = fig.bbox.width
        # x tick labels at the very edge: align them to the edge instead of centring.
        for ax, _ in slots:
            for t in ax.xaxis.get_ticklabels(which="major"):
                if not (t.get_visible() and t.get_text()):
                    continue
                ext = t.get_window_extent(renderer)
                if ext.x0 < 0:
                    t.set_horizontalalignment("left")
                elif ext.x1 > fig_w:
                    t.set_horizontalalignment("right")
        # annotations: shift horizontally (and down if needed) so they stay inside the figure.
        for ann, base in self._keep_inside:
            if ann.figure is not fig or not ann.get_visible():
                continue
            ann.xyann = base
            ext = ann.get_window_extent(renderer)
            dx = 0.0
            if ext.x0 < 1:
                dx = 1 - ext.x0
            elif ext.x1 > fig_w - 1:
                dx = fig_w - 1 - ext.x1
            if dx:
                ann.xyann = (base[0] + dx * 72.0 / fig.dpi, base[1])


# --------------------------------------------------------------------------- presets
def _preset(base: Frame, overrides: dict[str, Any]) -> Frame:
    return dataclasses.replace(base, **overrides) if overrides else base


def web_s(**overrides: Any) -> Frame:
    """FT webS frame: 300 x 400 px, rem 14, left 15 / right 5 / bottom 90, title 20 px.

    Keyword arguments override any :class:`Frame` field (for example ``title=...``).
    """
    base = Frame(
        preset="webS", width_px=300, height_px=400, margin_left=15, margin_right=5, margin_bottom=90,
        top_adjust=0, rem=14, title_size=20, title_line_height=24, subtitle_size=18, subtitle_line_height=20,
        source_size=12, source_line_height=12, source_offset=38, credit_size=12, axis_label_size=14,
        panel_label_size=12, x_tick_length=10.5, x_minor_tick_length=4.2,
    )
    return _preset(base, overrides)


def web_m(**overrides: Any) -> Frame:
    """FT webM frame: 700 x 500 px, rem 16, left 20 / right 5 / bottom 104, title 24 px.

    Plot top 104 px, source baseline 464 px, credit baseline 480 px (one-line title and subtitle).
    """
    return _preset(Frame(), overrides)


def web_l(**overrides: Any) -> Frame:
    """FT webL frame: 1180 x 700 px, rem 18, left 20 / right 5 / bottom 105, title 28 px."""
    base = Frame(
        preset="webL", width_px=1180, height_px=700, margin_left=20, margin_right=5, margin_bottom=105,
        top_adjust=8, rem=18, title_size=28, title_line_height=32, subtitle_size=18, subtitle_line_height=20,
        source_size=16, source_line_height=16, source_offset=44, credit_size=16, axis_label_size=18,
        panel_label_size=16, x_tick_length=13.5, x_minor_tick_length=5.4,
    )
    return _preset(base, overrides)


#: FT print column widths, mm.
PRINT_WIDTHS_MM = {1: 53.71, 2: 112.25, 3: 170.8, 4: 229.34, 5: 287.88, 6: 346.43}


def print_(columns: int | str = 2, *, height_mm: float = 68.0, **overrides: Any) -> Frame:
    """FT print frame: width from the column grid, 68 mm tall, white, no bar, goalposts.

    Millimetres are converted at 72 dpi (1 unit = 1 pt = 1 px at ``dpi=72``). Margins top 40,
    left 15, bottom 35, right 7; title 12 pt semibold at (7, 15); all text black; lines 2 pt.
    As in the FT print frame there is no credit line by default (the bottom margin only holds the
    x labels and one source line); pass ``credit=...`` and a larger ``margin_bottom`` to add one.

    Parameters
    ----------
    columns : int or "markets"
        1-6 FT columns, or "markets" for the 74 mm markets standard.
    height_mm : float
        Frame height, mm (68; the templates use 69.85, "charts that matter" 58.21).
    """
    if columns == "markets":
        width_mm = 74.0
    elif columns in PRINT_WIDTHS_MM:
        width_mm = PRINT_WIDTHS_MM[int(columns)]
    else:
        raise ValueError(f"print_ got columns={columns!r}; pass 1-6 or 'markets'")
    to_px = 72.0 / MM_PER_INCH
    base = Frame(
        preset=f"print{columns}", width_px=round(width_mm * to_px, 3), height_px=round(height_mm * to_px, 3),
        margin_left=15, margin_right=7, margin_bottom=35, margin_top=40, rem=9.6, text_x=7,
        title_size=12, title_line_height=13, title_y=15, title_weight="semibold",
        subtitle_size=9.6, subtitle_line_height=10, subtitle_y=27,
        source_size=7.2, source_line_height=8, source_offset=17, credit=None, credit_size=7.2,
        axis_label_size=9.6, panel_label_size=8,
        background=C.WHITE, title_colour=C.BLACK, subtitle_colour=C.BLACK, source_colour=C.BLACK,
        axis_text_colour=C.BLACK, annotation_colour=C.BLACK, grid_colour=C.BLACK, baseline_colour=C.BLACK,
        tick_colour=C.BLACK, event_colour=C.BLACK, grid_width=0.3, baseline_width=0.6, event_width=0.5,
        line_width=2, line_capstyle="round", line_colours=C.LINE_PRINT, x_tick_length=7.2,
        x_minor_tick_length=2.9, bar_width=0, bar_height=0, goalposts=True,
    )
    return _preset(base, overrides)


def social(**overrides: Any) -> Frame:
    """FT social frame: 612 x 612 px, slate background, white title and bar, lines 4 px.

    Margins left/right 40, top 140, bottom 138; title 30 px at (40, 80); subtitle 24 px at 112;
    text, baseline ``#8E9095``; gridlines ``#47494D``; white 60 x 4 bar at (40, 40).
    """
    base = Frame(
        preset="social", width_px=612, height_px=612, margin_left=40, margin_right=40, margin_bottom=138,
        margin_top=140, rem=24, text_x=40, title_size=30, title_line_height=32, title_y=80,
        subtitle_size=24, subtitle_line_height=28, subtitle_y=112, source_size=20, source_line_height=22,
        source_offset=30, credit_size=20, axis_label_size=20, panel_label_size=20,
        background=C.SLATE, title_colour=C.WHITE, subtitle_colour=C.SOCIAL_TEXT, source_colour=C.SOCIAL_TEXT,
        axis_text_colour=C.SOCIAL_TEXT, annotation_colour=C.SOCIAL_TEXT, grid_colour=C.SOCIAL_GRID,
        baseline_colour=C.SOCIAL_TEXT, tick_colour=C.SOCIAL_TEXT, event_colour=C.SOCIAL_TEXT,
        line_width=4, line_colours=C.LINE_SOCIAL, x_tick_length=18, x_minor_tick_length=7.2,
        bar_x=40, bar_y=40, bar_colour=C.WHITE,
    )
    return _preset(base, overrides)


# --------------------------------------------------------------------------- figure info, saving
_INFO: weakref.WeakKeyDictionary[Figure, dict[str, Any]] = weakref.WeakKeyDictionary()


def frame_of(fig: Figure) -> Frame | None:
    """Return the :class:`Frame` a figure was built with, or ``None``."""
    info = _INFO.get(fig)
    return None if info is None else info["frame"]


def describe(fig: Figure, description: str) -> None:
    """Set the one-sentence description written into the figure's saved metadata."""
    info = _INFO.setdefault(fig, {"frame": None, "description": ""})
    info["description"] = description


#: the rcParams a style sheet may not set (matplotlib.style's blacklist, which :func:`matplotlib.rc_file`
#: leaves out), written out here: importing matplotlib.style reads every style sheet matplotlib ships
#: (about 13 ms); ``tests/test_charts.py`` checks that it is matplotlib's
STYLE_BLACKLIST = frozenset({
    "interactive", "backend", "webagg.port", "webagg.address", "webagg.port_retries", "webagg.open_in_browser",
    "backend_fallback", "toolbar", "timezone", "figure.max_open_warning", "figure.raise_window",
    "savefig.directory", "tk.window_focus", "docstring.hardcopy", "date.epoch",
})


@functools.lru_cache(maxsize=1)
def _style_file_rc() -> dict[str, Any]:
    """What ``matplotlib.rc_context(fname=STYLE_PATH)`` sets: ``ft.mplstyle`` over matplotlib's default
    template, style-blacklisted keys left out (as :func:`matplotlib.rc_file`), read once per process
    instead of at every :meth:`Frame.style` (about 2 ms each, a dozen times per chart)."""
    rc = mpl.rc_params_from_file(str(STYLE_PATH), use_default_template=True)
    return {k: rc[k] for k in rc if k not in STYLE_BLACKLIST}


@contextlib.contextmanager
def style_context(frame: Frame | None = None) -> Iterator[None]:
    """Apply the FT style (and a frame's overrides) for the duration of a ``with`` block."""
    with (frame or web_m()).style():
        yield


def _metadata(fmt: str, frame: Frame | None, description: str) -> dict[str, str]:
    frame_json = json.dumps(frame.as_dict(), sort_keys=True) if frame is not None else "{}"
    title = " ".join(frame.title_lines()) if frame is not None else ""
    if fmt == "png":
        return {
            "Title": title,
            "Description": description,
            "Software": f"marketimpact.charts (matplotlib {mpl.__version__})",
            "Frame": frame_json,
        }
    if fmt == "svg":
        return {"Title": title, "Description": f"{description} Frame: {frame_json}"}
    if fmt == "pdf":
        return {"Title": title, "Subject": description, "Keywords": frame_json, "Creator": "marketimpact.charts"}
    return {}


def save(
    fig: Figure,
    path_stem: str | os.PathLike[str],
    formats: Sequence[str] = ("png", "svg"),
    *,
    scale: float = 2.0,
    description: str | None = None,
    outputs: OutputSet | None = None,
) -> dict[str, Path]:
    """Save a frame figure atomically in several formats.

    The files are written through :class:`marketimpact._io.OutputSet` (unique temporary files
    in the target folder, moved into place together), so readers never see a half-written
    chart and a failure leaves the previous charts in place. PNGs are written at
    ``scale x frame.dpi`` (2 x: 1400 x 1000 px for webM); SVG keeps text as paths (self-contained)
    and PDF embeds the TrueType fonts. The frame settings (JSON) and a one-sentence description go
    into the metadata: PNG ``Title``/``Description``/``Frame`` text chunks, SVG ``Title`` and
    ``Description``, PDF ``Title``/``Subject``/``Keywords``. Each format is drawn once (the frame
    layout runs in that draw); with other formats, the PNG's pixels are compressed in a thread while
    they are drawn.

    Parameters
    ----------
    fig : Figure
        A figure built by :meth:`Frame.figure` (any figure works; its frame metadata is then
        empty).
    path_stem : path-like
        Output path without extension; ``.png`` etc. are appended.
    formats : sequence of {"png", "svg", "pdf"}
        Formats to write.
    scale : float
        PNG resolution multiplier over the layout dpi.
    description : str, optional
        Overrides the stored description.
    outputs : OutputSet, optional
        Stage the files in this output set (committed by its owner together with other
        files) instead of writing them at once.

    Returns
    -------
    dict
        Format -> written ``Path``.
    """
    info = _INFO.get(fig, {})
    frame: Frame | None = info.get("frame")
    desc = description or info.get("description") or "Chart made with marketimpact.charts."
    from .._io import OutputSet

    stem = Path(path_stem)
    written: dict[str, Path] = {}
    base_dpi = frame.dpi if frame is not None else fig.dpi
    for fmt in formats:
        fmt = fmt.lower().lstrip(".")
        if fmt not in {"png", "svg", "pdf"}:
            raise ValueError(f"save got format {fmt!r}; pass 'png', 'svg' or 'pdf'")
    fmts = [fmt.lower().lstrip(".") for fmt in formats]
    with contextlib.nullcontext(outputs) if outputs is not None else OutputSet() as out:
        png_later = None
        for fmt in fmts:
            path = stem.with_name(f"{stem.name}.{fmt}")
            if fmt == "png" and png_later is None and len(set(fmts)) > 1:
                png_later = (path, _png_aside(fig, frame, base_dpi * scale, _metadata("png", frame, desc)))
                written[fmt] = path  # staged once the other formats are drawn
                continue

            def draw(fh, fmt: str = fmt) -> None:
                with style_context(frame), _one_pass(fig):
                    fig.savefig(
                        fh,
                        format=fmt,
                        dpi=base_dpi * scale if fmt == "png" else base_dpi,
                        facecolor=fig.get_facecolor(),
                        metadata=_metadata(fmt, frame, desc),
                    )

            written[fmt] = out.write(path, draw)
        if png_later is not None:
            out.write(png_later[0], png_later[1]())
    return written


def _png_aside(fig: Figure, frame: Frame | None, dpi: float, metadata: dict[str, str]) -> Callable[[], bytes]:
    """The PNG of ``fig`` at ``dpi``: its pixels drawn now, their encoding (zlib in PIL, which lets
    other Python threads run) done in a thread while the caller draws the other formats; returns a
    function that waits for the file's bytes. The same bytes as ``savefig(format="png")``, which
    draws the same pixels and hands them to the same :func:`matplotlib.image.imsave` call
    (``tests/test_charts.py`` compares them); without the expected pixel buffer, that call itself."""
    import io
    import threading

    import numpy as np
    from matplotlib import image

    raw = io.BytesIO()
    with style_context(frame), _one_pass(fig):
        fig.savefig(raw, format="rgba", dpi=dpi, facecolor=fig.get_facecolor())
    width, height = (int(v * dpi) for v in fig.get_size_inches())  # the Agg canvas's size at dpi
    if raw.getbuffer().nbytes != width * height * 4:  # pragma: no cover - a canvas of another size
        png = io.BytesIO()
        with style_context(frame), _one_pass(fig):
            fig.savefig(png, format="png", dpi=dpi, facecolor=fig.get_facecolor(), metadata=metadata)
        return png.getvalue
    pixels = memoryview(np.frombuffer(raw.getbuffer(), np.uint8).reshape(height, width, 4))
    done: dict[str, Any] = {}

    def encode() -> None:
        try:
            png = io.BytesIO()
            image.imsave(png, pixels, format="png", origin="upper", dpi=dpi, metadata=metadata, pil_kwargs=None)
            done["png"] = png.getvalue()
        except BaseException as exc:  # handed to the caller
            done["error"] = exc

    worker = threading.Thread(target=encode, name="marketimpact-png", daemon=True)
    worker.start()

    def result() -> bytes:
        worker.join()
        if "error" in done:
            raise done["error"]
        return done["png"]

    return result
