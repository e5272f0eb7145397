"""Type aliases shared across marketimpact."""

from __future__ import annotations

import datetime as dt
from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

DateLike = str | dt.date | dt.datetime | pd.Timestamp | np.datetime64
ReturnKind = Literal["log", "simple"]
Alternative = Literal["two-sided", "larger", "smaller"]
NonTradingPolicy = Literal["next", "previous", "error"]
Precision = Literal["minute", "hour", "day"]
Direction = Literal["up", "down"]
Basis = Literal["settle", "intraday", "unspecified"]
Float64Array = npt.NDArray[np.float64]
