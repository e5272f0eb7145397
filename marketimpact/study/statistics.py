r"""Multi-event test statistics: every test reads an :class:`~.panel.ARPanel`, returns a :class:`~.results_base.TestResult`.

One class per statistic (after arch's ``WaldTestStatistic``): a stable snake_case ``name``, the
paper in ``reference`` and the exact conventions in ``conventions``. ``compute(panel, window)``
tests the AAR of one relative day when ``window = (d, d)`` and the CAAR over ``window = (a, b)``
otherwise. ``ALL_TESTS`` maps every code to its class; :func:`run_tests` runs many codes over many
windows. ``docs/statistics.md`` tabulates the codes, conventions and the published values each
statistic reproduces.

Common notation (N events, event-window days :math:`t`, test window :math:`w` of
:math:`T_w` days):

* :math:`AR_{it}` — event-window abnormal return (``panel.ar``),
  :math:`CAR_i = \sum_{t \in w} AR_{it}` (``panel.car(w)``),
  :math:`CAAR = N^{-1} \sum_i CAR_i` — the ``estimate`` of every result (the AAR when
  :math:`T_w = 1`), so a table of tests over one window shows one estimate.
* :math:`V_i` — covariance of event *i*'s event-window ARs (``panel.ar_cov``); it is prediction-error
  corrected, :math:`\sigma_i^2 (I + X_e (X'X)^{-1} X_e')`, when the study ran with
  ``pe_correction=True`` and :math:`\sigma_i^2 I` otherwise. Standardised tests inherit that choice.
* :math:`e_{is}` — estimation residuals (``panel.est_ar``, right-aligned on relative days,
  NaN-padded), :math:`\sigma_i` their standard deviation (ddof = number of model parameters).

All p-values are two-sided (``TestResult.pvalue``). Event-window ARs are assumed complete (no NaN);
estimation residuals may be NaN-padded (events with shorter estimation windows).
"""

from __future__ import annotations

import warnings
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from ..errors import ConfigurationError
from .panel import ARPanel
from .results_base import TestResult, std_normal, student_t, t_sf

__all__ = [
    "ALL_TESTS", "BMPTest", "BootstrapCAAR", "CorradoRank", "CorradoZivney", "CrossSectionalT", "GRank",
    "GeneralizedSign", "KolariPynnonenBMP", "KolariPynnonenPatell", "PatellZ", "SignTest", "TestStatistic",
    "TimeSeriesT", "WilcoxonSignedRank", "event_car_t", "kp_bmp_adjustment", "kp_patell_adjustment", "mean_residual_correlation",
    "run_tests",
]

_NAN = float("nan")


def event_car_t(car: Any, car_var: Any, dof: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""Time-series t of one event's CAR (or of many, element-wise): the per-event ``ts_t``.

    :math:`t_i = CAR_i / \sqrt{1'V_i 1}`, Student t with the event's :math:`L_i - k` degrees of freedom,
    two-sided p (Brown & Warner 1985; Campbell, Lo & MacKinlay 1997 sec. 4.4). ``car`` in decimals,
    ``car_var`` (:math:`1'V_i 1`) in decimals². Returns ``(se, t, p)`` as arrays of the broadcast shape.
    """
    car = np.asarray(car, dtype=float)
    se = np.sqrt(np.asarray(car_var, dtype=float))
    with np.errstate(divide="ignore", invalid="ignore"):
        t = car / se
    return se, t, 2 * t_sf(np.abs(t), np.asarray(dof, dtype=float))


# ----------------------------------------------------------------------------------------------
# base class
# ----------------------------------------------------------------------------------------------
class TestStatistic:
    """Base of every multi-event test statistic.

    A concrete subclass must define the class attributes ``name`` (stable snake_case code),
    ``reference`` (full citation) and ``conventions`` (variance ddof, prediction-error handling,
    sidedness, distribution) and its own ``compute``; otherwise class creation raises
    :class:`TypeError`. Intermediate bases set ``abstract = True`` in their own body.
    Options are constructor keywords; every option has a default, so ``ALL_TESTS[name]()`` works.
    """

    __test__ = False  # not a pytest test class

    abstract: ClassVar[bool] = True
    name: ClassVar[str] = ""
    reference: ClassVar[str] = ""
    conventions: ClassVar[str] = ""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.__dict__.get("abstract", False):
            return
        name = cls.__dict__.get("name")
        if not isinstance(name, str) or not name or not name.replace("_", "a").isalnum() or name != name.lower():
            raise TypeError(f"{cls.__name__} must define a snake_case class attribute 'name'")
        if "compute" not in cls.__dict__:
            raise TypeError(f"{cls.__name__} must implement compute(panel, window)")
        if not cls.__dict__.get("reference") or not cls.__dict__.get("conventions"):
            raise TypeError(f"{cls.__name__} must define 'reference' and 'conventions'")

    def compute(self, panel: ARPanel, window: tuple[int, int]) -> TestResult:  # pragma: no cover - abstract
        """Test the AAR on day ``a`` (``window == (a, a)``) or the CAAR over ``window = (a, b)``."""
        raise NotImplementedError

    def __call__(self, panel: ARPanel, window: tuple[int, int]) -> TestResult:
        return self.compute(panel, window)

    def __repr__(self) -> str:
        opts = ", ".join(f"{k}={v!r}" for k, v in vars(self).items())
        return f"{type(self).__name__}({opts})"

    # --- helpers shared by the subclasses ----------------------------------------------------
    def _options_note(self) -> str:
        opts = vars(self)
        return ("; options: " + ", ".join(f"{k}={v!r}" for k, v in opts.items())) if opts else ""

    def _result(self, panel: ARPanel, window: tuple[int, int], stat: float, dist: Any, *, se: float = _NAN,
                n: int | None = None, estimate: float | None = None, null: str | None = None,
                extra: dict[str, Any] | None = None) -> TestResult:
        a, b = window
        if estimate is None:
            estimate = float(np.mean(panel.car(window))) if panel.n_events else _NAN
        return TestResult(
            name=self.name, stat=float(stat), dist=dist, window=(a, b), estimate=float(estimate), se=float(se),
            null=null or ("AAR = 0" if a == b else "CAAR = 0"), alternative="two-sided",
            conventions=self.conventions + self._options_note(), reference=self.reference,
            n=panel.n_events if n is None else int(n), extra=dict(extra or {}),
        )


def _window(panel: ARPanel, window: tuple[int, int]) -> tuple[tuple[int, int], np.ndarray]:
    w = (int(window[0]), int(window[1]))
    return w, panel.columns(w)  # raises WindowError when reversed or outside the event window


def _t_ratio(x: np.ndarray) -> tuple[float, float, float]:
    """(mean, se = sd(ddof=1)/sqrt(n), t) of a 1-d sample; NaN when n < 2 or sd = 0."""
    n = x.size
    if n < 2:
        return (float(x.mean()) if n else _NAN), _NAN, _NAN
    m = float(x.mean())
    se = float(x.std(ddof=1) / np.sqrt(n))
    with np.errstate(divide="ignore", invalid="ignore"):
        t = m / se if se > 0 else _NAN
    return m, se, float(t)


#: rows × columns handled at once by the row-block loops (bounds their temporaries to ~100 MB)
_BLOCK_CELLS = 4_000_000


def _row_blocks(n_rows: int, n_cols: int, cells: int = _BLOCK_CELLS) -> list[slice]:
    step = max(1, cells // max(n_cols, 1))
    return [slice(a, min(n_rows, a + step)) for a in range(0, n_rows, step)]


def _rank_rows(x: np.ndarray, dtype: Any = float) -> np.ndarray:
    """Average ranks along each row, NaN kept as NaN (excluded from the ranking); row blocks.

    ``dtype=np.float32`` stores the ranks exactly (half-integers below 2**23) in half the memory.
    """
    from scipy import stats  # here, not at import: the single-event path needs no scipy.stats

    out = np.empty(x.shape, dtype=dtype)
    for sl in _row_blocks(x.shape[0], x.shape[1], _BLOCK_CELLS // 8):  # rankdata's temporaries are many
        out[sl] = stats.rankdata(x[sl], axis=1, nan_policy="omit")
    return out


class _PanelCache:
    """Per-panel quantities that do not depend on the test window (computed once for all windows).

    Keyed by the identity of the panel's arrays, which are kept alive by the entry, so an id is
    never reused while cached; a few panels at most.
    """

    def __init__(self, size: int = 8) -> None:
        self.size = size
        self.store: dict[tuple[Any, ...], tuple[tuple[Any, ...], Any]] = {}

    def get(self, key: str, arrays: tuple[Any, ...], make: Any) -> Any:
        k = (key, *map(id, arrays))
        hit = self.store.get(k)
        if hit is not None and all(a is b for a, b in zip(hit[0], arrays)):
            return hit[1]
        val = make()
        if len(self.store) >= self.size:
            self.store.pop(next(iter(self.store)))
        self.store[k] = (arrays, val)
        return val


_CACHE = _PanelCache()


def mean_residual_correlation(panel: ARPanel, min_overlap: int = 10,
                              method: str = "calendar") -> tuple[float, int, int]:
    r"""Average cross-correlation :math:`\bar r` of the events' estimation residuals, matched by calendar session.

    ``method="calendar"`` (default; O(N·E) time and memory, no N × N matrix). Each event's
    residuals are standardised over its own estimation window,
    :math:`a_{is} = (e_{is} - \bar e_i)/\sqrt{\sum_s (e_{is} - \bar e_i)^2}`, and placed on the
    calendar (``panel.est_sessions``); with :math:`A_s = \sum_i a_{is}` summed per session,

    .. math::

        \bar r = \binom{N}{2}^{-1} \sum_{i<j} \sum_{s \in S_i \cap S_j} a_{is} a_{js}
              = \binom{N}{2}^{-1} \tfrac12 \Big(\sum_s A_s^2 - \sum_{i,s} a_{is}^2\Big).

    For two events with the same estimation sessions (events clustered on one date, the case
    Kolari–Pynnönen address) the pair term is exactly their Pearson correlation; for partly
    overlapping windows it is the correlation with the non-shared sessions counted as zero
    (expected value of a residual), which shrinks a pair's weight with its overlap; disjoint
    windows contribute 0. ``min_overlap`` is not used. ``pairs_with_correlation`` counts the pairs
    whose estimation spans (first..last session) overlap.

    ``method="pairwise"`` (the earlier definition; O(N²) memory, for small N): the Pearson
    correlation of each pair on the sessions both have; a pair enters when it shares at least
    :math:`\min(\text{min\_overlap}, L_i, L_j)` sessions (and at least 3), otherwise it
    **contributes 0** and stays in the denominator. Both methods agree when all events share their
    estimation sessions (tests/test_statistics.py pins them).

    Returns
    -------
    (r_bar, pairs_with_correlation, pairs)
    """
    if method not in ("calendar", "pairwise"):
        raise ConfigurationError("method must be 'calendar' (O(N·E)) or 'pairwise' (O(N²))")
    n = panel.n_events
    pairs = n * (n - 1) // 2
    if pairs == 0:
        return 0.0, 0, 0
    arrays = (panel.est_ar, panel.est_sessions)
    if method == "calendar":
        return _CACHE.get("rbar-calendar", arrays, lambda: _rbar_calendar(panel))
    return _CACHE.get(f"rbar-pairwise-{int(min_overlap)}", arrays, lambda: _rbar_pairwise(panel, min_overlap))


def _rbar_calendar(panel: ARPanel) -> tuple[float, int, int]:
    n = panel.n_events
    pairs = n * (n - 1) // 2
    days_all = np.asarray(panel.est_sessions, dtype="datetime64[ns]")
    est_all = np.asarray(panel.est_ar, dtype=float)
    lo, hi = np.iinfo(np.int64).max, np.iinfo(np.int64).min
    for sl in _row_blocks(n, est_all.shape[1]):  # calendar span, without full-size temporaries
        d = days_all[sl]
        d = d[~np.isnat(d)].astype("datetime64[D]").astype(np.int64)
        if d.size:
            lo, hi = min(lo, int(d.min())), max(hi, int(d.max()))
    if lo > hi:
        return 0.0, 0, pairs
    acc = np.zeros(int(hi - lo) + 1)  # Σ_i a_is per calendar day
    sq = 0.0
    first = np.full(n, np.iinfo(np.int64).max)
    last = np.full(n, np.iinfo(np.int64).min)
    for sl in _row_blocks(n, est_all.shape[1]):
        e, d = est_all[sl], days_all[sl]
        ok = np.isfinite(e) & ~np.isnat(d)
        cnt = ok.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.where(ok, e, 0.0).sum(axis=1) / cnt
            c = np.where(ok, e - mean[:, None], 0.0)
            ss = np.einsum("ij,ij->i", c, c)
            a = c / np.sqrt(ss)[:, None]
        use = ok & (ss > 0)[:, None] & (cnt >= 2)[:, None]
        day = d.astype("datetime64[D]").astype(np.int64)
        acc += np.bincount((day[use] - lo), weights=a[use], minlength=acc.size)
        sq += float(np.sum(a[use] ** 2))
        big = np.iinfo(np.int64).max
        first[sl] = np.where(use, day, big).min(axis=1)
        last[sl] = np.where(use, day, -big).max(axis=1)
    r = 0.5 * (float(acc @ acc) - sq) / pairs
    have = first <= last
    f, la = np.sort(first[have]), last[have]
    disjoint = int((f.size - np.searchsorted(f, la, side="right")).sum())  # pairs with j starting after i ends
    used = f.size * (f.size - 1) // 2 - disjoint
    return float(r), int(used), pairs


def _rbar_pairwise(panel: ARPanel, min_overlap: int) -> tuple[float, int, int]:
    n = panel.n_events
    pairs = n * (n - 1) // 2
    sess = np.asarray(panel.est_sessions, dtype="datetime64[ns]")
    est = np.asarray(panel.est_ar, dtype=float)
    valid = ~np.isnat(sess) & np.isfinite(est)
    uniq, inv = np.unique(sess[valid], return_inverse=True)
    mat = np.full((n, uniq.size), np.nan)
    mat[np.nonzero(valid)[0], inv] = est[valid]
    if np.isfinite(mat).all():
        with np.errstate(invalid="ignore", divide="ignore"):
            corr = np.corrcoef(mat)
    else:  # pairwise-complete correlations
        corr = pd.DataFrame(mat.T).corr(method="pearson", min_periods=3).to_numpy()
    have = np.isfinite(mat).astype(float)
    common = have @ have.T
    length = have.sum(axis=1)
    need = np.maximum(np.minimum(min_overlap, np.minimum.outer(length, length)), 3)
    iu = np.triu_indices(n, 1)
    ok = (common[iu] >= need[iu]) & np.isfinite(corr[iu])
    r = np.where(ok, corr[iu], 0.0)
    return float(r.sum() / pairs), int(ok.sum()), pairs


def kp_patell_adjustment(n: int, r_bar: float) -> float:
    """Kolari–Pynnönen (2010) factor for a Patell-type Z: √(1/(1 + (N − 1) r̄)); NaN when undefined."""
    d = 1 + (n - 1) * r_bar
    return float(np.sqrt(1 / d)) if np.isfinite(d) and d > 0 else _NAN


def kp_bmp_adjustment(n: int, r_bar: float) -> float:
    """Kolari–Pynnönen (2010) factor for the BMP t: √((1 − r̄)/(1 + (N − 1) r̄)); NaN when undefined."""
    d = 1 + (n - 1) * r_bar
    return float(np.sqrt((1 - r_bar) / d)) if np.isfinite(d) and d > 0 and r_bar <= 1 else _NAN



# ----------------------------------------------------------------------------------------------
# parametric tests
# ----------------------------------------------------------------------------------------------
class CrossSectionalT(TestStatistic):
    r"""Cross-sectional t test of the CAAR (Brown & Warner 1985; MacKinlay 1997).

    .. math::

        t = \frac{\overline{CAR}}{s_{CAR} / \sqrt{N}}, \qquad
        s_{CAR}^2 = \frac{1}{N-1} \sum_i (CAR_i - \overline{CAR})^2

    * Variance: cross-sectional sample variance, ddof = 1; the model variance is not used, so there
      is no prediction-error correction and event-induced volatility is allowed for.
    * Distribution: Student t with N − 1 df; two-sided p. ``se`` = :math:`s_{CAR}/\sqrt{N}`.

    Reproduces sipemu ``csect_aar_t`` / ``csect_caar_t`` and event_study_toolkit ``car_t``.
    """

    abstract = False
    name = "cs_t"
    reference = (
        "Brown, S. J. & Warner, J. B. (1985). Using daily stock returns: the case of event studies. "
        "Journal of Financial Economics 14(1), 3-31; MacKinlay, A. C. (1997). Event studies in economics "
        "and finance. Journal of Economic Literature 35(1), 13-39."
    )
    conventions = "t = mean(CAR)/(sd(CAR, ddof=1)/sqrt(N)); no model variance, no PE correction; Student t N-1; two-sided"

    def compute(self, panel: ARPanel, window: tuple[int, int]) -> TestResult:
        w, _ = _window(panel, window)
        car = panel.car(w)
        m, se, t = _t_ratio(car)
        n = car.size
        return self._result(panel, w, t, student_t(max(n - 1, 1)), se=se, estimate=m)


class TimeSeriesT(TestStatistic):
    r"""Time-series (crude dependence adjustment) t test (Brown & Warner 1980, 1985).

    .. math::

        \overline{AR}_s = \frac{1}{N_s} \sum_{i} e_{is}, \quad
        \hat S = \sqrt{\frac{1}{E-1} \sum_s (\overline{AR}_s - \bar{\bar{A}})^2}, \quad
        t = \frac{CAAR}{\sqrt{T_w}\, \hat S}

    * :math:`\overline{AR}_s` averages the estimation residuals of relative day *s* over the events
      that have one (NaN ignored); :math:`E` = estimation days with at least one residual.
    * Variance: sample sd of the estimation-window AARs, ddof = 1; it captures cross-sectional
      dependence (clustered dates) crudely. No prediction-error correction.
    * Distribution: Student t with E − 1 df; two-sided p. ``se`` = :math:`\sqrt{T_w}\hat S`.

    Reproduces sipemu ``calendar_time_t`` (AAR days) and ``calendar_time_cumulative_t``.
    """

    abstract = False
    name = "ts_t"
    reference = (
        "Brown, S. J. & Warner, J. B. (1980). Measuring security price performance. Journal of Financial "
        "Economics 8(3), 205-258; Brown, S. J. & Warner, J. B. (1985). Using daily stock returns: the case "
        "of event studies. Journal of Financial Economics 14(1), 3-31."
    )
    conventions = (
        "crude dependence adjustment: t = CAAR/(sqrt(T_w)*sd(AAR over estimation days, ddof=1)); "
        "estimation AAR per relative day ignores NaN; no PE correction; Student t E-1; two-sided"
    )

    def compute(self, panel: ARPanel, window: tuple[int, int]) -> TestResult:
        w, cols = _window(panel, window)
        aar_est = panel.estimation_aar()  # once per panel
        e = int(aar_est.size)
        sd = float(aar_est.std(ddof=1)) if e >= 2 else _NAN
        caar = float(panel.car(w).mean())
        se = float(np.sqrt(cols.sum()) * sd)
        t = caar / se if se > 0 else _NAN
        return self._result(panel, w, t, student_t(max(e - 1, 1)), se=se, estimate=caar,
                            extra={"sd_aar_est": sd, "estimation_days": e})


class PatellZ(TestStatistic):
    r"""Patell (1976) standardised-residual Z test.

    .. math::

        SAR_{it} = \frac{AR_{it}}{\sqrt{V_{i,tt}}}, \qquad
        SCAR_i = \frac{\sum_{t \in w} SAR_{it}}{\sqrt{T_w \frac{L_i - k}{L_i - k - 2}}}, \qquad
        Z = \frac{1}{\sqrt N} \sum_i SCAR_i

    * :math:`V_{i,tt}` is the day-specific variance from ``panel.ar_cov``: prediction-error corrected
      (Patell's :math:`1 + 1/L + (R_{mt}-\bar R_m)^2/S_{xx}` factor for the market model) when the
      study used ``pe_correction=True``.
    * :math:`L_i - k = ` ``panel.dof[i]``; :math:`(L_i-k)/(L_i-k-2)` is the variance of a Student-t
      SAR (needs dof > 2). ``small_sample_factor=False`` drops it (event_study_toolkit's ``tpatell``,
      which with a ``pe_correction=False`` panel is :math:`\sqrt N \cdot \overline{SCAR}`).
    * Distribution: standard normal; two-sided p. No ``se`` (the test is on the standardised scale).

    Reproduces sipemu ``patell_aar_z`` and ``patell_caar_z`` (PE-corrected panel) and, with
    ``small_sample_factor=False`` on an uncorrected panel, event_study_toolkit ``tpatell``.
    """

    abstract = False
    name = "patell"
    reference = (
        "Patell, J. M. (1976). Corporate forecasts of earnings per share and stock price behavior: "
        "empirical tests. Journal of Accounting Research 14(2), 246-276."
    )
    conventions = (
        "SAR = AR/sqrt(diag V_i) (V_i PE-corrected when the study used it); SCAR_i = sum SAR/sqrt(T_w*dof/(dof-2)); "
        "Z = sum_i SCAR_i/sqrt(N); standard normal; two-sided"
    )

    def __init__(self, small_sample_factor: bool = True) -> None:
        self.small_sample_factor = bool(small_sample_factor)

    def scar(self, panel: ARPanel, window: tuple[int, int]) -> np.ndarray:
        """(N,) Patell-standardised CARs :math:`SCAR_i` (unit variance under the null)."""
        _, cols = _window(panel, window)
        sar_of = getattr(panel, "sar", None)  # SummaryPanel: the division done once for every window (same values)
        sar = sar_of(cols) if sar_of is not None else panel.ar[:, cols] / np.sqrt(panel.ar_var()[:, cols])
        memo = getattr(panel, "_memo", None)  # SummaryPanel: the per-event factor once for every window
        q = memo.get(("patell_q", self.small_sample_factor)) if memo is not None else None
        if q is None:
            dof = np.asarray(panel.dof, dtype=float)
            with np.errstate(divide="ignore", invalid="ignore"):
                q = np.where(dof > 2, dof / (dof - 2), np.nan) if self.small_sample_factor else np.ones_like(dof)
            if memo is not None:
                q.setflags(write=False)
                memo["patell_q", self.small_sample_factor] = q
        return sar.sum(axis=1) / np.sqrt(cols.sum() * q)

    def compute(self, panel: ARPanel, window: tuple[int, int]) -> TestResult:
        w, _ = _window(panel, window)
        s = self.scar(panel, w)
        z = float(s.sum() / np.sqrt(s.size)) if s.size else _NAN
        return self._result(panel, w, z, std_normal(), extra={"mean_scar": float(s.mean()) if s.size else _NAN})


class BMPTest(TestStatistic):
    r"""Standardised cross-sectional test of Boehmer, Musumeci & Poulsen (1991).

    .. math::

        SCAR_i = \frac{CAR_i}{\sqrt{\mathbf 1' V_{i,ww} \mathbf 1}}, \qquad
        t = \frac{\overline{SCAR}}{s_{SCAR}/\sqrt N}, \quad s_{SCAR}: \text{ddof} = 1

    * :math:`\mathbf 1' V_{i,ww} \mathbf 1` = ``panel.car_var(w)``; for one day it is the
      day-specific variance, so :math:`SCAR_i` is BMP's standardised residual. With a
      prediction-error-corrected panel this is the paper's (textbook) statistic; with a panel from
      ``EventStudy(..., pe_correction=False)`` the variance is :math:`T_w \sigma_i^2`, sipemu's and
      event_study_toolkit's convention (the t ratio does not depend on the :math:`\sqrt{T_w}` scale).
    * Distribution: Student t with N − 1 df; two-sided p. No ``se`` (standardised scale).

    Reproduces sipemu ``bmp_t`` / ``bmp_cumulative_t`` (uncorrected panel), sipemu
    ``textbook_value_computed_by_us`` of ``bmp_t`` (corrected panel) and event_study_toolkit ``scar_t``.
    """

    abstract = False
    name = "bmp"
    reference = (
        "Boehmer, E., Musumeci, J. & Poulsen, A. B. (1991). Event-study methodology under conditions of "
        "event-induced variance. Journal of Financial Economics 30(2), 253-272."
    )
    conventions = (
        "SCAR_i = CAR_i/sqrt(1'V_i 1) (V_i PE-corrected when the study used it); t = mean(SCAR)/(sd(SCAR, ddof=1)/sqrt(N)); "
        "Student t N-1; two-sided"
    )

    def scar(self, panel: ARPanel, window: tuple[int, int]) -> np.ndarray:
        """(N,) standardised CARs :math:`CAR_i / \\sqrt{1'V_i 1}`."""
        w, _ = _window(panel, window)
        return panel.car(w) / np.sqrt(panel.car_var(w))

    def compute(self, panel: ARPanel, window: tuple[int, int]) -> TestResult:
        w, _ = _window(panel, window)
        s = self.scar(panel, w)
        m, _, t = _t_ratio(s)
        return self._result(panel, w, t, student_t(max(s.size - 1, 1)), extra={"mean_scar": m})


class KolariPynnonenBMP(TestStatistic):
    r"""BMP test adjusted for cross-correlation (Kolari & Pynnönen 2010).

    .. math::

        t_{adj} = t_{BMP} \sqrt{\frac{1 - \bar r}{1 + (N - 1)\bar r}}

    * :math:`t_{BMP}` is :class:`BMPTest` on the same panel (so it inherits its prediction-error
      handling); :math:`\bar r` = :func:`mean_residual_correlation` — average cross-correlation of
      estimation residuals matched by calendar session: by default (``correlation="calendar"``)
      from per-session sums of standardised residuals in O(N·E) memory (exactly the average
      Pearson correlation when the events share their estimation sessions; partly overlapping
      windows count their shared sessions only); ``correlation="pairwise"`` is the earlier O(N²)
      average of pairwise Pearson correlations where pairs sharing fewer than ``min_overlap``
      sessions (or all sessions of the shorter window when it has fewer) contribute 0.
    * Distribution: Student t with N − 1 df; two-sided p.

    Reproduces sipemu ``kolari_pynnonen_adj_bmp_t`` / ``..._cumulative_t`` (uncorrected panel).
    """

    abstract = False
    name = "kp_bmp"
    reference = (
        "Kolari, J. W. & Pynnönen, S. (2010). Event study testing with cross-sectional correlation of "
        "abnormal returns. Review of Financial Studies 23(11), 3996-4025."
    )
    conventions = (
        "BMP t * sqrt((1 - r)/(1 + (N-1) r)), r = average cross-correlation of estimation residuals on common "
        "calendar sessions (calendar: per-session sums of residuals standardised over each event's window, "
        "O(N E); pairwise: mean Pearson r of pairs, < min(10, shorter window) common sessions count as 0); "
        "Student t N-1; two-sided"
    )

    def __init__(self, min_overlap: int = 10, correlation: str = "calendar") -> None:
        self.min_overlap = int(min_overlap)
        self.correlation = correlation

    def compute(self, panel: ARPanel, window: tuple[int, int]) -> TestResult:
        base = BMPTest().compute(panel, window)
        n = panel.n_events
        r, used, pairs = mean_residual_correlation(panel, self.min_overlap, self.correlation)
        adj = kp_bmp_adjustment(n, r)
        return self._result(panel, base.window, base.stat * adj, base.dist, estimate=base.estimate,
                            extra={"r_bar": r, "adjustment": adj, "bmp_t": base.stat, "pairs_used": used,
                                   "pairs": pairs})


class KolariPynnonenPatell(TestStatistic):
    r"""Patell Z adjusted for cross-correlation (Kolari & Pynnönen 2010).

    .. math::

        Z_{adj} = Z_{Patell} \sqrt{\frac{1}{1 + (N - 1)\bar r}}

    * :math:`Z_{Patell}` is :class:`PatellZ` on the same panel; :math:`\bar r` as in
      :class:`KolariPynnonenBMP` (``correlation="calendar"`` by default, ``"pairwise"`` the O(N²) one).
    * Distribution: standard normal; two-sided p.

    Validated against an independent numpy computation, and the adjustment factor against the
    EventStudyTools service's published adjusted Patell values (tests/data/published/eventstudytools_api).
    """

    abstract = False
    name = "kp_patell"
    reference = (
        "Kolari, J. W. & Pynnönen, S. (2010). Event study testing with cross-sectional correlation of "
        "abnormal returns. Review of Financial Studies 23(11), 3996-4025; Patell, J. M. (1976), Journal "
        "of Accounting Research 14(2), 246-276."
    )
    conventions = (
        "Patell Z * sqrt(1/(1 + (N-1) r)), r as for kp_bmp (calendar: per-session sums of standardised "
        "estimation residuals, O(N E); pairwise: mean Pearson r of pairs); standard normal; two-sided"
    )

    def __init__(self, min_overlap: int = 10, small_sample_factor: bool = True, correlation: str = "calendar") -> None:
        self.min_overlap = int(min_overlap)
        self.small_sample_factor = bool(small_sample_factor)
        self.correlation = correlation

    def compute(self, panel: ARPanel, window: tuple[int, int]) -> TestResult:
        base = PatellZ(self.small_sample_factor).compute(panel, window)
        n = panel.n_events
        r, used, pairs = mean_residual_correlation(panel, self.min_overlap, self.correlation)
        adj = kp_patell_adjustment(n, r)
        return self._result(panel, base.window, base.stat * adj, base.dist, estimate=base.estimate,
                            extra={"r_bar": r, "adjustment": adj, "patell_z": base.stat, "pairs_used": used,
                                   "pairs": pairs})


# ----------------------------------------------------------------------------------------------
# rank and sign tests
# ----------------------------------------------------------------------------------------------
def _combined_blocks(panel: ARPanel):
    """Row blocks of the (N, E + T) estimation residuals followed by the event-window ARs."""
    est, ar = np.asarray(panel.est_ar, dtype=float), np.asarray(panel.ar, dtype=float)
    for sl in _row_blocks(est.shape[0], est.shape[1] + ar.shape[1]):
        yield np.hstack([est[sl], ar[sl]])


def _column_means(blocks, width: int) -> tuple[np.ndarray, np.ndarray]:
    """(column sums ignoring NaN, column counts of non-NaN) over row blocks."""
    tot, cnt = np.zeros(width), np.zeros(width, dtype=np.int64)
    for b in blocks:
        fin = np.isfinite(b)
        tot += np.where(fin, b, 0.0).sum(axis=0)
        cnt += fin.sum(axis=0)
    return tot, cnt


def _estimation_aar(panel: ARPanel) -> np.ndarray:
    """(E',) mean estimation residual of each relative day with any residual (NaN ignored), row blocks."""
    est = np.asarray(panel.est_ar, dtype=float)
    tot, cnt = _column_means((est[sl] for sl in _row_blocks(est.shape[0], est.shape[1])), est.shape[1])
    return tot[cnt > 0] / cnt[cnt > 0]


def _corrado_kbar(panel: ARPanel) -> np.ndarray:
    from scipy import stats

    def k_blocks():
        for x in _combined_blocks(panel):
            yield stats.rankdata(x, axis=1, nan_policy="omit") / (np.isfinite(x).sum(axis=1, keepdims=True) + 1) - 0.5

    tot, cnt = _column_means(k_blocks(), panel.est_ar.shape[1] + panel.ar.shape[1])
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(cnt > 0, tot / cnt, np.nan)


def _zivney_gt(panel: ARPanel) -> np.ndarray:
    def g_blocks():
        for x in _combined_blocks(panel):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                med = np.nanmedian(x, axis=1, keepdims=True)
            yield np.sign(x - med)  # NaN stays NaN

    tot, cnt = _column_means(g_blocks(), panel.est_ar.shape[1] + panel.ar.shape[1])
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(cnt > 0, tot / np.sqrt(cnt), np.nan)


class CorradoRank(TestStatistic):
    r"""Corrado (1989) rank test; multi-day version of Cowan (1992) / Campbell & Wasley (1993).

    .. math::

        K_{it} = \frac{\operatorname{rank}(A_{it})}{n_i + 1} - \frac12, \quad
        \bar K_t = \frac{1}{N_t} \sum_i K_{it}, \quad
        S_K = \sqrt{\frac{1}{T} \sum_t \bar K_t^2}, \quad
        z = \frac{\sum_{t \in w} \bar K_t}{\sqrt{T_w}\, S_K}

    * Ranks: per event over its combined series (estimation residuals + all event-window ARs),
      average ranks for ties, NaN excluded; :math:`n_i` = its non-missing count. Corrado writes
      :math:`K_{it} - (n+1)/2` on raw ranks; dividing by :math:`n_i + 1` (Campbell & Wasley 1993,
      Cowan 1992) gives the same z when all :math:`n_i` are equal and makes events with different
      window lengths comparable. :math:`\bar K_t` averages the :math:`N_t` events with data on day
      *t*; *T* counts the days (estimation + event window) with any data.
    * ``ddof_variant="corrado"`` (default): :math:`S_K` as above (Corrado 1989, divisor T, no
      centring). ``"sample"``: :math:`S_K` = sample sd of :math:`\bar K_t` (centred, ddof = 1),
      sipemu's convention.
    * Distribution: standard normal; two-sided p.

    Reproduces sipemu ``corrado_rank_z`` (``"sample"``) and the Corrado value stored as
    ``textbook_value_computed_by_us`` (default).
    """

    abstract = False
    name = "corrado_rank"
    reference = (
        "Corrado, C. J. (1989). A nonparametric test for abnormal security-price performance in event "
        "studies. Journal of Financial Economics 23(2), 385-395; Cowan, A. R. (1992). Nonparametric event "
        "study tests. Review of Quantitative Finance and Accounting 2(4), 343-358; Campbell, C. J. & "
        "Wasley, C. E. (1993). Measuring security price performance using daily NASDAQ returns. Journal "
        "of Financial Economics 33(1), 73-92."
    )
    conventions = (
        "K = rank/(n_i+1) - 0.5 over estimation + event window (average ranks, NaN excluded); "
        "z = sum_w Kbar_t/(sqrt(T_w)*S_K), S_K = sqrt(mean_t Kbar_t^2) (Corrado, divisor T) or sd(Kbar, ddof=1) "
        "with ddof_variant='sample'; standard normal; two-sided"
    )

    def __init__(self, ddof_variant: str = "corrado") -> None:
        if ddof_variant not in ("corrado", "sample"):
            raise ConfigurationError("ddof_variant must be 'corrado' (divisor T) or 'sample' (ddof = 1)")
        self.ddof_variant = ddof_variant

    def mean_ranks(self, panel: ARPanel) -> np.ndarray:
        """(E + T,) :math:`\\bar K_t` over estimation and event-window days (NaN where no event has data)."""
        return _CACHE.get("corrado-kbar", (panel.est_ar, panel.ar), lambda: _corrado_kbar(panel))  # once per panel

    def compute(self, panel: ARPanel, window: tuple[int, int]) -> TestResult:
        w, cols = _window(panel, window)
        kbar = self.mean_ranks(panel)
        days = kbar[np.isfinite(kbar)]
        if self.ddof_variant == "sample":
            s = float(days.std(ddof=1)) if days.size > 1 else _NAN
        else:
            s = float(np.sqrt(np.mean(days**2))) if days.size else _NAN
        kw = kbar[-panel.ar.shape[1]:][cols]
        z = float(kw.sum() / (np.sqrt(cols.sum()) * s)) if s > 0 else _NAN
        return self._result(panel, w, z, std_normal(), extra={"mean_rank": float(kw.mean()), "s_k": s, "days": days.size})


class CorradoZivney(TestStatistic):
    r"""Corrado & Zivney (1992) sign test against each event's median.

    .. math::

        G_{it} = \operatorname{sign}(A_{it} - \operatorname{med}_i), \quad
        g_t = \frac{1}{\sqrt{N_t}} \sum_i G_{it}, \quad
        S_G = \sqrt{\frac{1}{T} \sum_t g_t^2}, \quad
        z = \frac{\sum_{t \in w} g_t}{\sqrt{T_w}\, S_G}

    * :math:`\operatorname{med}_i` is the median of event *i*'s combined series (estimation residuals +
      all event-window ARs, NaN excluded); a value equal to the median has sign 0. :math:`N_t` is the
      number of events with data on day *t*, *T* the days with any data. For one day this is the
      paper's :math:`N^{-1/2}\sum_i G_{i0}/S_G`; the window sum over :math:`\sqrt{T_w}` is the same
      extension as :class:`CorradoRank`.
    * Distribution: standard normal; two-sided p.

    No published reference value exists; validated against an independent numpy computation and a
    hand-computed example.
    """

    abstract = False
    name = "corrado_zivney"
    reference = (
        "Corrado, C. J. & Zivney, T. L. (1992). The specification and power of the sign test in event study "
        "hypothesis tests using daily stock returns. Journal of Financial and Quantitative Analysis 27(3), 465-478."
    )
    conventions = (
        "G = sign(A - median of the event's estimation + event series), 0 at the median; g_t = sum_i G/sqrt(N_t); "
        "z = sum_w g_t/(sqrt(T_w)*sqrt(mean_t g_t^2)); standard normal; two-sided"
    )

    def compute(self, panel: ARPanel, window: tuple[int, int]) -> TestResult:
        w, cols = _window(panel, window)
        g_t = _CACHE.get("zivney-gt", (panel.est_ar, panel.ar), lambda: _zivney_gt(panel))  # once per panel
        have = np.isfinite(g_t)
        s = float(np.sqrt(np.mean(g_t[have] ** 2))) if have.any() else _NAN
        gw = g_t[-panel.ar.shape[1]:][cols]
        z = float(gw.sum() / (np.sqrt(cols.sum()) * s)) if s > 0 else _NAN
        return self._result(panel, w, z, std_normal(), extra={"s_g": s})


class GRank(TestStatistic):
    r"""Generalised rank test GRANK of Kolari & Pynnönen (2011).

    .. math::

        GSAR_{it} = \begin{cases} e_{it}/\sigma_i & t \text{ in the estimation window} \\
                      SCAR_i^* = SCAR_i / S_{SCAR} & \text{the event window, compressed into one day}
                    \end{cases}, \qquad SCAR_i = \frac{CAR_i}{\sqrt{\mathbf 1'V_i\mathbf 1}}

        U_{it} = \frac{\operatorname{rank}(GSAR_{it})}{T_i + 1} - \frac12, \quad
        Z = \frac{\bar U_0}{S_{\bar U}}, \quad
        S_{\bar U} = \sqrt{\frac1T \sum_{t} \frac{n_t}{n} \bar U_t^2}, \quad
        t_{grank} = Z \sqrt{\frac{T - 2}{T - 1 - Z^2}}

    * :math:`S_{SCAR}` is the cross-sectional sd (ddof = 1) of :math:`SCAR_i`; :math:`V_i` is
      prediction-error corrected when the study used it. Ranks per event over its :math:`T_i`
      non-missing GSARs (average ranks for ties). *T* is the number of time points (estimation
      days with data + the compressed event day), :math:`n_t` the events with data on day *t*.
    * Default (the paper): ``variance="empirical"`` — stat = :math:`t_{grank}`, Student t with
      T − 2 df (Z in ``extra["z"]``); ``event_scale="paper"``; all tested events restandardise.
    * Options reproducing event_study_toolkit's ``grank_z`` (deviations from the paper):
      ``variance="analytic"`` — :math:`Z = \bar U_0 / \sqrt{\sum_i (T_i-1)/(12(T_i+1))/n^2}`, standard
      normal; ``event_scale="toolkit"`` — the event value is :math:`\sqrt{T_w}\,SCAR_i^*`
      (:math:`(CAR_i/\sigma_i)/S_{SCAR}` on an uncorrected panel); ``group=g`` — test only events
      with ``panel.groups == g`` while :math:`S_{SCAR}` uses every event of the panel.
    * Two-sided p.
    """

    abstract = False
    name = "grank"
    reference = (
        "Kolari, J. W. & Pynnönen, S. (2011). Nonparametric rank tests for event studies. Journal of "
        "Empirical Finance 18(5), 953-971."
    )
    conventions = (
        "GSAR = e/sigma on estimation days, SCAR/sd(SCAR, ddof=1) for the compressed event window (SCAR = CAR/sqrt(1'V1)); "
        "U = rank/(T_i+1) - 0.5; default t_grank = Z*sqrt((T-2)/(T-1-Z^2)), Z = Ubar_0/S_Ubar (empirical), Student t T-2; "
        "variance='analytic' gives the normal Z of event_study_toolkit; two-sided"
    )

    def __init__(self, variance: str = "empirical", event_scale: str = "paper", group: Any = None) -> None:
        if variance not in ("empirical", "analytic"):
            raise ConfigurationError("variance must be 'empirical' (KP 2011 t_grank) or 'analytic' (normal Z)")
        if event_scale not in ("paper", "toolkit"):
            raise ConfigurationError("event_scale must be 'paper' or 'toolkit'")
        self.variance = variance
        self.event_scale = event_scale
        self.group = group

    @staticmethod
    def _ranks(panel: ARPanel, sel: np.ndarray, events: np.ndarray
               ) -> list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
        """Per window (columns of ``events``, the tested events' compressed event values): column sums and
        counts of U over the estimation days, U of the event value, and T_i.

        The estimation GSARs are ranked once per panel (ranks do not change when a row is divided by
        sigma_i > 0; kept as float32, exact for half-integer ranks); inserting a window's event value
        only shifts the ranks above it by one (a half for ties), so a window costs O(N·E) comparisons
        instead of a new sort, and every window shares one pass over the row blocks.
        """
        est = np.asarray(panel.est_ar, dtype=float)
        base = _CACHE.get("grank-est-ranks", (panel.est_ar,), lambda: _rank_rows(est, np.float32))
        sigma = np.asarray(panel.sigma, dtype=float)
        rows = np.nonzero(sel)[0]
        n_w = events.shape[1]
        u_sum, n_t = np.zeros((n_w, est.shape[1])), np.zeros(est.shape[1], dtype=np.int64)
        u_event, t_i = np.empty((n_w, rows.size)), np.empty((n_w, rows.size))
        for sl in _row_blocks(rows.size, 2 * est.shape[1]):
            r = rows[sl]
            x = est[r] / sigma[r, None]
            fin = np.isfinite(x)
            n_fin = fin.sum(axis=1, keepdims=True)
            n_t += fin.sum(axis=0)
            b = base[r]
            for k in range(n_w):
                v = events[sl, k][:, None]
                has_v = np.isfinite(v)
                t = n_fin + has_v
                with np.errstate(invalid="ignore"):
                    above, tie = has_v & (x > v), has_v & (x == v)
                u = (b + above + 0.5 * tie) / (t + 1) - 0.5  # NaN stays NaN
                u_sum[k] += np.where(fin, u, 0.0).sum(axis=0)
                with np.errstate(invalid="ignore"):
                    rank_v = (fin & (x < v)).sum(axis=1) + 1 + 0.5 * tie.sum(axis=1)
                u_event[k, sl] = np.where(has_v[:, 0], rank_v / (t[:, 0] + 1) - 0.5, np.nan)
                t_i[k, sl] = t[:, 0]
        return [(u_sum[k], n_t, u_event[k], t_i[k]) for k in range(n_w)]

    def compute(self, panel: ARPanel, window: tuple[int, int]) -> TestResult:
        return self.compute_many(panel, [window])[0]

    def compute_many(self, panel: ARPanel, windows: list[tuple[int, int]]) -> list[TestResult]:
        """Every window in one pass over the estimation ranks (what :meth:`compute` does window by window)."""
        sel = np.ones(panel.n_events, dtype=bool)
        if self.group is not None:
            if panel.groups is None:
                raise ConfigurationError("GRank(group=...) needs a panel with groups")
            sel = np.asarray(panel.groups == self.group, dtype=bool)
        ws, events, s_scars = [], [], []
        for window in windows:
            w, cols = _window(panel, window)
            scar = panel.car(w) / np.sqrt(panel.car_var(w))
            s_scar = float(scar.std(ddof=1)) if scar.size > 1 else _NAN
            ws.append(w)
            s_scars.append(s_scar)
            events.append((scar / s_scar * (np.sqrt(cols.sum()) if self.event_scale == "toolkit" else 1.0))[sel])
        tested = panel if sel.all() else panel.subset(sel)  # no copy of the whole panel when every event is tested
        ranks = self._ranks(panel, sel, np.column_stack(events) if events else np.zeros((int(sel.sum()), 0)))
        return [self._finish(panel, tested, sel, w, s_scar, *rk) for w, s_scar, rk in zip(ws, s_scars, ranks)]

    def _finish(self, panel: ARPanel, tested: ARPanel, sel: np.ndarray, w: tuple[int, int], s_scar: float,
                u_sum: np.ndarray, n_t: np.ndarray, u_event: np.ndarray, t_i: np.ndarray) -> TestResult:
        n = int(sel.sum())
        u0 = float(u_event.mean()) if n else _NAN
        extra: dict[str, Any] = {"mean_rank_event": u0, "s_scar": s_scar}
        if self.variance == "analytic":
            z = u0 / np.sqrt(np.sum((t_i - 1) / (t_i + 1)) / (12 * n * n)) if n else _NAN
            extra["z"] = float(z)
            return self._result(tested, w, z, std_normal(), n=n, estimate=float(panel.car(w)[sel].mean()), extra=extra)
        u_sum = np.append(u_sum, np.nansum(u_event))
        n_t = np.append(n_t, np.isfinite(u_event).sum())
        have = n_t > 0
        ubar = u_sum[have] / n_t[have]
        t_points = int(have.sum())
        s_u = float(np.sqrt(np.sum(n_t[have] / n * ubar**2) / t_points)) if n else _NAN
        z = u0 / s_u if s_u > 0 else _NAN
        with np.errstate(invalid="ignore", divide="ignore"):
            tg = z * np.sqrt((t_points - 2) / (t_points - 1 - z**2)) if t_points - 1 - z**2 > 0 else _NAN
        extra.update(z=float(z), t_grank=float(tg), time_points=t_points)
        return self._result(tested, w, tg, student_t(max(t_points - 2, 1)), n=n,
                            estimate=float(panel.car(w)[sel].mean()), extra=extra)


class GeneralizedSign(TestStatistic):
    r"""Generalised sign test of Cowan (1992).

    .. math::

        \hat p = \frac1N \sum_i \frac{\#\{s: e_{is} > 0\}}{L_i}, \quad
        w = \#\{i: CAR_i > 0\}, \quad
        z = \frac{w - N\hat p}{\sqrt{N \hat p (1 - \hat p)}}

    * :math:`\hat p` averages each event's share of positive estimation residuals (NaN excluded; a
      zero counts as non-positive); a CAR of exactly 0 is non-positive.
    * Distribution: standard normal; two-sided p.

    Reproduces event_study_toolkit ``gen_z`` (all events and per group) and sipemu
    ``generalized_sign_z`` / ``..._cumulative_z``.
    """

    abstract = False
    name = "gen_sign"
    reference = (
        "Cowan, A. R. (1992). Nonparametric event study tests. Review of Quantitative Finance and "
        "Accounting 2(4), 343-358."
    )
    conventions = (
        "p = mean over events of the share of positive estimation residuals; w = #(CAR > 0) (zeros non-positive); "
        "z = (w - N p)/sqrt(N p (1-p)); standard normal; two-sided"
    )

    def compute(self, panel: ARPanel, window: tuple[int, int]) -> TestResult:
        w, _ = _window(panel, window)
        est = np.asarray(panel.est_ar, dtype=float)
        fin = np.isfinite(est)
        share = (np.where(fin, est, 0) > 0).sum(axis=1) / fin.sum(axis=1)
        p = float(share.mean())
        n = panel.n_events
        pos = int((panel.car(w) > 0).sum())
        den = np.sqrt(n * p * (1 - p))
        z = (pos - n * p) / den if den > 0 else _NAN
        return self._result(panel, w, z, std_normal(), extra={"p_hat": p, "n_positive": pos})


class SignTest(TestStatistic):
    r"""Ordinary sign test on the CARs.

    .. math::

        z = \frac{w - N/2}{\sqrt N / 2}, \qquad w = \#\{i: CAR_i > 0\}

    * A CAR of exactly 0 counts as non-positive (sipemu's convention).
    * Distribution: standard normal (binomial(N, ½) approximation); two-sided p.

    Reproduces sipemu ``sign_z`` / ``sign_cumulative_z`` and event_study_toolkit ``tsign``.
    """

    abstract = False
    name = "sign"
    reference = (
        "Brown, S. J. & Warner, J. B. (1980). Measuring security price performance. Journal of Financial "
        "Economics 8(3), 205-258; Cowan, A. R. (1992), Review of Quantitative Finance and Accounting 2(4), 343-358."
    )
    conventions = "z = (#(CAR > 0) - N/2)/(sqrt(N)/2), zeros count as non-positive; standard normal; two-sided"

    def compute(self, panel: ARPanel, window: tuple[int, int]) -> TestResult:
        w, _ = _window(panel, window)
        n = panel.n_events
        pos = int((panel.car(w) > 0).sum())
        z = (pos - n / 2) / (np.sqrt(n) / 2) if n else _NAN
        return self._result(panel, w, z, std_normal(), extra={"n_positive": pos})


class WilcoxonSignedRank(TestStatistic):
    r"""Wilcoxon (1945) signed-rank test of the CARs against zero.

    .. math::

        W^+ = \sum_{i: CAR_i > 0} \operatorname{rank}(|CAR_i|), \qquad
        z = \frac{W^+ - n(n+1)/4}{\sqrt{n(n+1)(2n+1)/24 - \sum_g (t_g^3 - t_g)/48}}

    * Zero CARs are dropped (``zero_method="wilcox"``), *n* = the non-zero count; average ranks for
      tied :math:`|CAR_i|` with the tie correction over tie groups :math:`t_g`; no continuity correction.
    * ``stat`` = this normal-approximation z (so it is comparable across N); the p-value is
      ``scipy.stats.wilcoxon(car)`` two-sided with ``method="auto"`` and is stored in
      ``extra["pvalue"]``: scipy uses the exact null distribution when N ≤ 50 and there are no
      zeros or ties, a permutation test when there are and N ≤ 13, otherwise the normal
      approximation (``extra["method"]`` says which).
    * Distribution (for critical values): standard normal.
    """

    abstract = False
    name = "wilcoxon"
    reference = (
        "Wilcoxon, F. (1945). Individual comparisons by ranking methods. Biometrics Bulletin 1(6), 80-83; "
        "as an event-study test: Campbell, C. J. & Wasley, C. E. (1993), Journal of Financial Economics 33(1), 73-92."
    )
    conventions = (
        "signed-rank on CAR_i, zeros dropped, average ranks; stat = normal z with tie correction, no continuity "
        "correction; p from scipy.stats.wilcoxon (exact for N <= 50 without ties/zeros); two-sided"
    )

    def compute(self, panel: ARPanel, window: tuple[int, int]) -> TestResult:
        w, _ = _window(panel, window)
        car = panel.car(w)
        d = car[car != 0]
        n = d.size
        extra: dict[str, Any] = {"median_car": float(np.median(car)) if car.size else _NAN}
        if n == 0:
            extra.update(pvalue=_NAN, method="none")
            return self._result(panel, w, _NAN, std_normal(), extra=extra)
        from scipy import stats

        r = stats.rankdata(np.abs(d))
        w_plus = float(r[d > 0].sum())
        _, counts = np.unique(np.abs(d), return_counts=True)
        var = n * (n + 1) * (2 * n + 1) / 24 - np.sum(counts.astype(float) ** 3 - counts) / 48
        z = (w_plus - n * (n + 1) / 4) / np.sqrt(var) if var > 0 else _NAN
        ties = bool((counts > 1).any())
        zeros = bool(n < car.size)
        if car.size > 50:
            method = "normal approximation"
        elif not (ties or zeros):
            method = "exact"
        elif car.size <= 13:
            method = "permutation"
        else:
            method = "normal approximation"
        p = float(stats.wilcoxon(car, zero_method="wilcox", alternative="two-sided", method="auto").pvalue)
        extra.update(pvalue=p, method=method, w_plus=w_plus, n_nonzero=n)
        return self._result(panel, w, z, std_normal(), extra=extra)


class BootstrapCAAR(TestStatistic):
    r"""Studentised bootstrap of the cross-sectional t (events resampled with replacement).

    .. math::

        t^*_b = \frac{\overline{CAR}^*_b - \overline{CAR}}{s^*_b / \sqrt N}, \qquad
        p = \frac{1}{B}\#\{b : |t^*_b| \ge |t|\}

    * Resampling: ``idx = numpy.random.default_rng(seed).integers(0, N, size=(B, N), dtype=uint32)``,
      one row per bootstrap sample, drawn in blocks of rows (the same stream as one draw; memory
      O(block × N), each row turned into counts with ``bincount`` and the moments of every window
      taken at once by a product with the centred CARs), so every window of one call uses the same
      resamples (:meth:`compute_many`); :math:`s^*_b` is the sd (ddof = 1) of the resampled CARs. The bootstrap t is
      centred at the sample CAAR (the null imposed by centring), so *p* is two-sided. Resamples with
      zero spread (possible only for tiny N) give a non-finite :math:`t^*` and are dropped from *B*.
    * ``stat`` = the cross-sectional t (:class:`CrossSectionalT`), ``extra["pvalue"]`` = *p*,
      ``extra["conf_int"]`` = percentile (1 − alpha) interval of :math:`\overline{CAR}^*`
      (``numpy.percentile``, linear interpolation), ``extra["boot_se"]`` = the bootstrap standard
      error of the CAAR, sd(ddof = 1) of the *B* resampled means; as *B* → ∞ it tends to the
      plug-in value sqrt(Σ(CAR_i − CAAR)²)/N (Efron & Tibshirani 1993, ch. 6; their mouse data:
      23.36, checked in the tests); ``dist`` is Student t N − 1 for critical values only.
    """

    abstract = False
    name = "bootstrap"
    reference = (
        "Efron, B. & Tibshirani, R. J. (1993). An Introduction to the Bootstrap. Chapman & Hall (studentised "
        "bootstrap-t, ch. 12); in event studies: Kramer, L. A. (2001). Alternative methods for robust analysis "
        "in event study applications. Advances in Investment Analysis and Portfolio Management 8, 109-132."
    )
    conventions = (
        "resample events with replacement B times (numpy Generator, seed); p = share of |t*| >= |t| with "
        "t* = (CAAR* - CAAR)/(sd*/sqrt(N)) (studentised, centred at the sample CAAR); percentile CI of CAAR*; "
        "stat = cross-sectional t; two-sided"
    )

    def __init__(self, n_boot: int = 9999, seed: int | None = None, alpha: float = 0.05) -> None:
        if n_boot < 1:
            raise ConfigurationError("n_boot must be positive")
        self.n_boot = int(n_boot)
        self.seed = seed
        self.alpha = float(alpha)

    def compute(self, panel: ARPanel, window: tuple[int, int]) -> TestResult:
        return self.compute_many(panel, [window])[0]

    def _moments(self, cars: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(B, W) resampled means minus the sample mean, and resampled sd (ddof = 1), of each column of ``cars``."""
        n, k = cars.shape
        dev = cars - cars.mean(axis=0)
        x = np.hstack([dev, dev * dev])  # (N, 2W): Σ c·dev and Σ c·dev² give mean and variance
        rng = np.random.default_rng(self.seed)
        d_mean = np.empty((self.n_boot, k))
        sd = np.empty((self.n_boot, k))
        rows = max(1, min(self.n_boot, _BLOCK_CELLS // (4 * n)))
        counts = np.empty((rows, n))
        for b0 in range(0, self.n_boot, rows):
            b = min(rows, self.n_boot - b0)
            idx = rng.integers(0, n, size=(b, n), dtype=np.uint32)
            for r in range(b):
                counts[r] = np.bincount(idx[r], minlength=n)
            sums = counts[:b] @ x
            dm = sums[:, :k] / n
            var = (sums[:, k:] - n * dm * dm) / (n - 1)
            d_mean[b0:b0 + b] = dm
            sd[b0:b0 + b] = np.sqrt(np.maximum(var, 0.0))
        return d_mean, sd

    def compute_many(self, panel: ARPanel, windows: list[tuple[int, int]]) -> list[TestResult]:
        """The bootstrap of every window from one set of resamples (what :meth:`compute` does window by window)."""
        ws = [_window(panel, w)[0] for w in windows]
        cars = np.column_stack([panel.car(w) for w in ws]) if ws else np.zeros((panel.n_events, 0))
        n = cars.shape[0]
        if n < 2:
            out = []
            for j, w in enumerate(ws):
                m, se, t = _t_ratio(cars[:, j])
                out.append(self._result(panel, w, t, student_t(1), se=se, estimate=m,
                                        extra={"pvalue": _NAN, "conf_int": (_NAN, _NAN)}))
            return out
        d_mean, sd = self._moments(cars)
        out = []
        for j, w in enumerate(ws):
            m, se, t = _t_ratio(cars[:, j])
            bm = m + d_mean[:, j]
            with np.errstate(divide="ignore", invalid="ignore"):
                tstar = d_mean[:, j] / (sd[:, j] / np.sqrt(n))
            tstar = tstar[np.isfinite(tstar)]
            p = float(np.mean(np.abs(tstar) >= abs(t))) if tstar.size and np.isfinite(t) else _NAN
            lo, hi = np.percentile(bm, [100 * self.alpha / 2, 100 * (1 - self.alpha / 2)])
            out.append(self._result(panel, w, t, student_t(n - 1), se=se, estimate=m,
                                    extra={"pvalue": p, "conf_int": (float(lo), float(hi)),
                                           "n_boot": int(tstar.size), "boot_se": float(bm.std(ddof=1))}))
        return out


ALL_TESTS: dict[str, type[TestStatistic]] = {
    cls.name: cls
    for cls in (
        CrossSectionalT, TimeSeriesT, PatellZ, BMPTest, KolariPynnonenBMP, KolariPynnonenPatell, CorradoRank,
        CorradoZivney, GRank, GeneralizedSign, SignTest, WilcoxonSignedRank, BootstrapCAAR,
    )
}


def run_tests(panel: ARPanel, windows: list[tuple[int, int]], names: list[str | TestStatistic] | None = None) -> list[TestResult]:
    """Compute every test in ``names`` (codes of :data:`ALL_TESTS` or configured instances; default all)
    over every window (``(d, d)`` for the AAR on day *d*). Results are ordered window by window, in
    the order of ``names`` within a window."""
    tests: list[TestStatistic] = []
    for nm in list(ALL_TESTS) if names is None else names:
        if isinstance(nm, TestStatistic):
            tests.append(nm)
        elif nm in ALL_TESTS:
            tests.append(ALL_TESTS[nm]())
        else:
            raise ConfigurationError(f"unknown test {nm!r}; choose from {', '.join(ALL_TESTS)}")
    wins = [(int(w[0]), int(w[1])) for w in windows]
    # tests with a compute_many (the bootstrap) run all windows at once; results stay window by window
    per_test = [t.compute_many(panel, wins) if hasattr(t, "compute_many") else None for t in tests]
    return [per_test[k][j] if per_test[k] is not None else t.compute(panel, w)
            for j, w in enumerate(wins) for k, t in enumerate(tests)]
