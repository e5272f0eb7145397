"""`TestResult`: every test statistic returns this one shape (after arch's WaldTestStatistic)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class TestResult:
    """One test statistic with its reference distribution and conventions.

    Attributes
    ----------
    name : str
        Stable snake_case code (``ts_t``, ``patell``, ``bmp`` …).
    stat : float
        The statistic.
    dist : Distribution
        Its distribution under the null (:class:`Distribution`, which quacks like a scipy.stats frozen
        distribution); ``pvalue`` is two-sided from it.
    window : tuple of int
        Relative days covered (start = end for a single day).
    estimate : float
        The quantity tested (AR, CAR, AAR, CAAR as a decimal), NaN when not applicable.
    null, alternative : str
        Printable hypotheses.
    conventions : str
        Variance ddof, prediction-error correction, sidedness, distribution.
    reference : str
        The paper the statistic comes from.
    n : int
        Number of events (1 for single-event tests).
    """

    __test__ = False  # not a pytest test class

    name: str
    stat: float
    dist: Any
    window: tuple[int, int]
    estimate: float = float("nan")
    se: float = float("nan")
    null: str = "no abnormal return"
    alternative: str = "two-sided"
    conventions: str = ""
    reference: str = ""
    n: int = 1
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def pvalue(self) -> float:
        """Two-sided p-value ``2 * sf(|stat|)`` (or the bootstrap p when given in ``extra``)."""
        if "pvalue" in self.extra:
            return float(self.extra["pvalue"])
        if not np.isfinite(self.stat):
            return float("nan")
        return float(2 * self.dist.sf(abs(self.stat)))

    @property
    def df(self) -> float | None:
        return getattr(self.dist, "kwds", {}).get("df") or (self.dist.args[0] if self.dist.args else None)

    def conf_int(self, alpha: float = 0.05) -> tuple[float, float]:
        """Confidence interval for ``estimate``: estimate ± q(1 − alpha/2) · se."""
        if "conf_int" in self.extra:
            lo, hi = self.extra["conf_int"]
            return float(lo), float(hi)
        q = float(self.dist.ppf(1 - alpha / 2))
        return self.estimate - q * self.se, self.estimate + q * self.se

    def critical_values(self) -> dict[str, float]:
        return {f"{int(a * 100)}%": float(self.dist.ppf(1 - a / 2)) for a in (0.10, 0.05, 0.01)}

    def to_dict(self) -> dict[str, Any]:
        lo, hi = self.conf_int()
        return {
            "test": self.name,
            "rel_day_start": self.window[0],
            "rel_day_end": self.window[1],
            "estimate": _clean(self.estimate),
            "statistic": _clean(self.stat),
            "p_value": _clean(self.pvalue),
            "ci95_low": _clean(lo),
            "ci95_high": _clean(hi),
            "df": _clean(self.df) if self.df is not None else None,
            "n": self.n,
            "conventions": self.conventions,
        }

    def __str__(self) -> str:
        return (
            f"{self.name} {self.window}: stat={self.stat:.4f}, p={self.pvalue:.4f} "
            f"({self.alternative}; H0: {self.null})"
        )


class ShowsSummary:
    """Text display of a result object in IPython/Jupyter frontends without HTML (a terminal,
    a plain-text export): the result's ``summary()``, never the dataclass field dump."""

    def summary(self) -> str:  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def _short_repr(self) -> str:
        return f"<{type(self).__name__}>"

    def __repr__(self) -> str:
        return self._short_repr()

    def _repr_pretty_(self, p: object, cycle: bool) -> None:
        p.text("..." if cycle else self.summary())  # type: ignore[attr-defined]


class HasTests(ShowsSummary):
    """Lookup shared by result objects that hold a list of :class:`TestResult` in ``tests``."""

    tests: list[TestResult]

    def test(self, name: str, window: tuple[int, int]) -> TestResult:
        """The ``name`` test over ``window`` (``(d, d)`` for the AAR test on day *d*)."""
        for t in self.tests:
            if t.name == name and t.window == tuple(window):
                return t
        raise KeyError(f"no {name} test over {window}")


def aar_table_lines(result: HasTests, rel_days: Iterable[int], aar: pd.Series, caar: pd.Series,
                    names: Iterable[str], width: int = 78) -> list[str]:
    """Text rows of a multi-event summary: AAR/CAAR per day with up to four AAR tests, then
    every CAAR window test (shared by multi-event and batch results)."""
    names = list(names)[:4]
    out = [f"{'day':>4} {'AAR':>9} {'CAAR':>9}   " + "  ".join(f"{n:>12}" for n in names), "-" * width]
    for d in rel_days:
        cells = []
        for n in names:
            try:
                t = result.test(n, (int(d), int(d)))
                cells.append(f"{t.stat:>6.2f} ({t.pvalue:.2f})")
            except KeyError:
                cells.append(f"{'':>12}")
        out.append(f"{int(d):>+4d} {aar[d]:>9.3%} {caar[d]:>9.3%}   " + "  ".join(cells))
    out += ["-" * width, f"{'CAAR window':<14} {'test':<15} {'CAAR':>9} {'stat':>8} {'p-value':>8}", "-" * width]
    out += [f"{t.window!s:<14} {t.name:<15} {t.estimate:>9.3%} {t.stat:>8.3f} {t.pvalue:>8.4f}"
            for t in result.tests if t.window[0] != t.window[1]]
    return out


def group_tests_frame(groups: Iterable[tuple[Any, list[TestResult]]]) -> pd.DataFrame:
    """Window (CAAR) tests of each group as rows ``group, test, rel_day_start, …``."""
    rows = [{"group": g, **t.to_dict()} for g, tests in groups for t in tests if t.window[0] != t.window[1]]
    return pd.DataFrame(rows)


def _clean(x: Any) -> float | None:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return v if np.isfinite(v) else None


class Distribution:
    """Reference distribution of a test statistic: Student t with ``df`` degrees of freedom, or the
    standard normal — a stand-in for the scipy.stats frozen distribution that needs no scipy.stats.

    ``cdf``, ``sf``, ``ppf`` and ``isf`` evaluate the scipy.special functions scipy.stats itself calls
    (``stdtr``/``stdtrit``, ``ndtr``/``ndtri``) with scipy.stats' handling of the support's ends and of
    invalid arguments, so p-values and quantiles are scipy.stats' to the bit (pinned by
    ``tests/test_statistics.py``) while importing scipy.stats (about 0.6 s of start-up) is left to
    whoever needs more: every other attribute (``pdf``, ``rvs``, ``interval``, ``dist`` …) is the
    scipy.stats frozen distribution's, built on first use.
    """

    __slots__ = ("_frozen", "args", "name")

    def __init__(self, name: str, *args: float) -> None:
        if name not in ("t", "norm"):
            raise ValueError(f"unknown distribution {name!r}")
        self.name = name
        self.args = args
        self._frozen: Any = None

    @property
    def kwds(self) -> dict[str, Any]:
        return {}

    def _valid(self) -> bool:
        return self.name == "norm" or bool(self.args[0] > 0)

    def _cdf(self, x: np.ndarray) -> np.ndarray:
        from scipy import special

        return special.ndtr(x) if self.name == "norm" else special.stdtr(self.args[0], x)

    def _ppf(self, q: np.ndarray) -> np.ndarray:
        from scipy import special

        return special.ndtri(q) if self.name == "norm" else special.stdtrit(self.args[0], q)

    def cdf(self, x: Any) -> Any:
        x = np.asarray(x, dtype="float64")
        if not self._valid():
            return np.full(x.shape, np.nan)[()]
        with np.errstate(invalid="ignore"):
            out = np.where(np.isinf(x), (x > 0).astype("float64"), self._cdf(x))
        return out[()]

    def sf(self, x: Any) -> Any:
        x = np.asarray(x, dtype="float64")
        if not self._valid():
            return np.full(x.shape, np.nan)[()]
        with np.errstate(invalid="ignore"):
            out = np.where(np.isinf(x), (x < 0).astype("float64"), self._cdf(-x))
        return out[()]

    def ppf(self, q: Any) -> Any:
        q = np.asarray(q, dtype="float64")
        if not self._valid():
            return np.full(q.shape, np.nan)[()]
        inside = (q > 0) & (q < 1)
        with np.errstate(invalid="ignore"):
            out = np.where(inside, self._ppf(np.where(inside, q, 0.5)), np.nan)
        out = np.where(q == 0, -np.inf, np.where(q == 1, np.inf, out))
        return out[()]

    def isf(self, q: Any) -> Any:
        q = np.asarray(q, dtype="float64")
        if not self._valid():
            return np.full(q.shape, np.nan)[()]
        inside = (q > 0) & (q < 1)
        with np.errstate(invalid="ignore"):
            out = np.where(inside, -self._ppf(np.where(inside, q, 0.5)), np.nan)
        out = np.where(q == 0, np.inf, np.where(q == 1, -np.inf, out))
        return out[()]

    def frozen(self) -> Any:
        """The scipy.stats frozen distribution (scipy.stats is imported here)."""
        if self._frozen is None:
            from scipy import stats

            self._frozen = getattr(stats, self.name)(*self.args)
        return self._frozen

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.frozen(), name)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Distribution, (self.name, *self.args))

    def __repr__(self) -> str:
        return f"Distribution({self.name!r}{''.join(f', {a!r}' for a in self.args)})"


def t_sf(x: Any, df: Any) -> Any:
    """``scipy.stats.t.sf(x, df)`` element-wise (broadcast), to the bit, without scipy.stats:
    ``stdtr(df, −x)``, 0 at +inf and 1 at −inf, NaN where ``df`` is not positive."""
    from scipy import special

    x, df = np.broadcast_arrays(np.asarray(x, dtype="float64"), np.asarray(df, dtype="float64"))
    with np.errstate(invalid="ignore"):
        out = np.where(np.isinf(x), (x < 0).astype("float64"), special.stdtr(df, -x))
        out = np.where(df > 0, out, np.nan)
    return out[()]


def student_t(df: float) -> Distribution:
    """Student t with ``df`` degrees of freedom (:class:`Distribution`: scipy.stats on demand only)."""
    return Distribution("t", df)


def std_normal() -> Distribution:
    """The standard normal (:class:`Distribution`: scipy.stats on demand only)."""
    return Distribution("norm")
