"""Write the notebooks from their cell sources (so they are stored without outputs and reviewable).

Run: python tools/make_notebooks.py
"""

from __future__ import annotations

from pathlib import Path

import nbformat as nbf

ROOT = Path(__file__).resolve().parent.parent


def md(s: str):
    return nbf.v4.new_markdown_cell(s.strip())


def code(s: str):
    return nbf.v4.new_code_cell(s.strip())


def nb01():
    cells = [
        md("""
# Did Brent really fall on the Trump–Putin call?

**The question.** On Wednesday 12 February 2025 the *Financial Times* reported that, after a
90-minute call with Vladimir Putin, Donald Trump said the US and Russia would start
negotiations on the Ukraine war — and that "Brent crude [fell] 2.3% to $75.25 a barrel".
Was that move unusual for Brent, once the day's broad market move is taken out? And does the
article's number match the market's own record?

This notebook answers both with `marketimpact`, offline, on the bundled real data."""),
        code("""
import marketimpact as mi

article = mi.read_article("../data/articles/2025-02-12_ft_trump_putin_brent.md")
print(article.headline, "|", article.publisher, "|", article.published)"""),
        md("""
## 1. When did the news break?

The machine-translated text never states a date. It says "Wednesday", and the article was
published on Wednesday 12 February 2025 (London), so the call is that same day. The clock time
is not in the text, so the precision is a **day**."""),
        code("""
event = mi.extract_event(article)
claims = mi.extract_claims(article.text)
print(event.local_date, event.precision, event.timezone)
print("evidence:", event.evidence)
for c in claims:
    print(c.instrument, c.ticker, c.direction, c.move_pct, c.level, c.unit, c.basis)"""),
        md("""
## 2. The data

ICE Brent futures (Yahoo's BZ=F continuous front month; its daily close is the settlement) and
the S&P 500 as the market benchmark, both bundled with their provenance."""),
        code("""
prices = mi.load_prices(["BZ=F", "^GSPC", "DX-Y.NYB"])
prices["BZ=F"].loc["2025-02-07":"2025-02-14", ["open", "high", "low", "close"]].round(2)"""),
        md("""
## 3. Method

A market model, `R_Brent = α + β·R_S&P + ε`, fitted by OLS on log returns over the 240
sessions from day −250 to day −11. Day 0 is the first session whose settlement is struck after
the announcement (14:30 New York for BZ=F); with only the date known, day 0 is 12 February and
CAR(0, +1) covers a late-day announcement. Abnormal returns (AR) are actual minus expected
returns; their variance includes the prediction-error term, and t-statistics are two-sided with
L − 2 degrees of freedom."""),
        code("""
study = mi.EventStudy("market", estimation=(-250, -11), window=(-5, 5),
                      car_windows=[(-1, 1), (0, 1), (0, 5)])
res = study.run(event, prices, "BZ=F", "^GSPC")
res.claim_checks = mi.check_claims(claims, event, prices)
res"""),
        md("""
## 4. Is day 0 abnormal? Market model vs a two-factor model

The dollar index is added as a second factor (oil is priced in dollars)."""),
        code("""
import pandas as pd

factor = mi.EventStudy(mi.FactorModel(["^GSPC", "DX-Y.NYB"]), car_windows=[(-1, 1), (0, 1), (0, 5)]).run(event, prices, "BZ=F")
rows = []
for name, r in [("market model (^GSPC)", res), ("factor model (^GSPC + DXY)", factor)]:
    for w in [(0, 0), (-1, 1), (0, 1), (0, 5)]:
        t = r.car_test(*w)
        rows.append({"model": name, "window": str(w), "CAR %": 100 * t.estimate, "t": t.stat, "p": t.pvalue,
                     "significant at 5%": t.pvalue < 0.05})
pd.DataFrame(rows).round(3)"""),
        md("""
## 5. Does the article's number hold up?"""),
        code("""
for chk in res.claim_checks:
    print(chk.describe())"""),
        md("""
## 6. The answer

Brent settled at **$75.18**, down **2.36 %** on the day (−2.39 % in log terms) — the FT's
"−2.3 % to $75.25" is an intraday quote that sits inside the day's 74.95–76.89 range, so the
claim is **consistent** with the data. Against its own history, though, a 2.3 % abnormal fall is
not statistically unusual for Brent: with daily residual volatility of about 1.7 %, the day-0
t-statistic is about −1.4 (p ≈ 0.17), and no CAR window is significant at 5 %. The move was
real and in the direction the news implies (a path to peace easing supply risk), but on daily
data it cannot be separated from Brent's ordinary noise — and the same morning's US CPI release
is a confounder for the market benchmark."""),
        code("""
fig = mi.analyze(article).plot("price")
fig"""),
    ]
    nb = nbf.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


if __name__ == "__main__":
    out = ROOT / "notebooks" / "01_brent_trump_putin.ipynb"
    nbf.write(nb01(), out)
    print("wrote", out)
