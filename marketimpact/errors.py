"""Exceptions and warnings raised by marketimpact.

Every error the user can cause has its own class, named after the mistake, so that
scripts can catch exactly what they expect and the CLI can print one line.
All errors subclass :class:`MarketImpactError`; most also subclass the builtin
they refine (``ValueError``, ``LookupError``, ``OSError``) so existing
``except ValueError`` blocks keep working.

Hierarchy::

    MarketImpactError
    ├── ArticleError (ValueError)
    │   ├── ArticleNotFoundError (FileNotFoundError)
    │   ├── ArticleFormatError            unreadable, binary, empty, bad front matter
    │   └── NoEventDateError              no usable date and no publication date
    ├── PriceDataError
    │   ├── UnknownTickerError (LookupError)
    │   ├── InvalidTickerError (ValueError)  path characters, empty, too long
    │   ├── DataRangeError (LookupError)     requested range not covered by a source
    │   ├── ChecksumMismatchError            bundled/cached file altered or corrupt
    │   ├── BadPriceError (ValueError)       NaN/inf/zero/negative prices, duplicates
    │   ├── CacheReadError (OSError)         a cache entry cannot be read (permissions…)
    │   ├── CacheWriteError (OSError)        the cache could not be written (disk full…)
    │   └── NetworkUnavailableError (OSError) offline mode or no network
    ├── StudyError (ValueError)
    │   ├── NotASessionError                 event on a non-trading day with policy "error"
    │   ├── WindowError                      reversed/empty windows, window outside the data
    │   └── InsufficientDataError            too few estimation observations
    └── ConfigurationError (ValueError)      bad options (unknown model, bad timezone…)

Warnings (all subclass :class:`MarketImpactWarning`): ``ShortEstimationWindowWarning``,
``RollDayWarning``, ``DataGapWarning``, ``MinObsLoweredWarning``, ``ArticleSkippedWarning``.
"""

from __future__ import annotations


class MarketImpactError(Exception):
    """Base class of every error marketimpact raises on purpose."""


# --- articles ---------------------------------------------------------------


class ArticleError(MarketImpactError, ValueError):
    """The article could not be read or understood."""


class ArticleNotFoundError(ArticleError, FileNotFoundError):
    """The article file does not exist."""


class ArticleFormatError(ArticleError):
    """The article file is empty, binary, too large or has a malformed header."""


class NoEventDateError(ArticleError):
    """No announcement date in the text and no publication date to anchor it.

    Pass ``published=`` (``--published`` on the command line).
    """


# --- prices -----------------------------------------------------------------


class PriceDataError(MarketImpactError):
    """Prices could not be loaded or are unusable."""


class UnknownTickerError(PriceDataError, LookupError):
    """The ticker is not bundled, not cached, and cannot be fetched."""


class InvalidTickerError(PriceDataError, ValueError):
    """The ticker string is malformed (path characters, empty, too long)."""


class DataRangeError(PriceDataError, LookupError):
    """A source does not cover the requested dates."""


class ChecksumMismatchError(PriceDataError):
    """A bundled or cached file does not match its recorded checksum."""


class BadPriceError(PriceDataError, ValueError):
    """Prices contain NaN/inf, non-positive values or duplicate dates."""


class CacheReadError(PriceDataError, OSError):
    """A price cache entry exists but cannot be read (permissions, I/O error); it is left as is."""


class CacheWriteError(PriceDataError, OSError):
    """The price cache could not be written (disk full, permissions); the old entry is intact."""


class NetworkUnavailableError(PriceDataError, OSError):
    """The network is off (``MARKETIMPACT_OFFLINE=1``) or unreachable."""


# --- study ------------------------------------------------------------------


class StudyError(MarketImpactError, ValueError):
    """The event study cannot be run as specified."""


class NotASessionError(StudyError):
    """The event falls on a non-trading day and the policy is ``"error"``."""


class WindowError(StudyError):
    """A window is reversed, empty, overlapping or runs outside the data."""


class InsufficientDataError(StudyError):
    """Too few estimation observations to fit the normal-return model."""


class ConfigurationError(MarketImpactError, ValueError):
    """An option has an invalid value."""


# --- warnings ---------------------------------------------------------------


class MarketImpactWarning(UserWarning):
    """Base class of marketimpact warnings."""


class ShortEstimationWindowWarning(MarketImpactWarning):
    """Fewer estimation observations than asked for (but at least ``min_obs``)."""


class RollDayWarning(MarketImpactWarning):
    """A continuous-futures roll day falls inside a window; its return mixes two contracts."""


class ArticleSkippedWarning(MarketImpactWarning):
    """A file in a folder of articles could not be read; the others were (``.path``, ``.reason``)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"skipped {path}: {reason}")
        self.path = path
        self.reason = reason


class DataGapWarning(MarketImpactWarning):
    """A return inside a window bridges blank (missing) prices: it spans more than one session."""


class MinObsLoweredWarning(MarketImpactWarning):
    """``min_obs`` was larger than the estimation window asked for and was lowered to its length."""
