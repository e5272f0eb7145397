"""Independent numpy/scipy recomputation of expected_outputs.csv from the two input CSVs.

Written for this repository from the formulas described in SOURCE.md (no code from the source
package). Prints max |difference| between the published values and the recomputation.
Usage: python verify_independent.py
"""
import csv
import os

import numpy as np
from scipy import stats

HERE = os.path.dirname(os.path.abspath(__file__))


def load(name):
    ev = {}
    with open(os.path.join(HERE, name)) as f:
        for r in csv.DictReader(f):
            d = ev.setdefault(r["event_id"], {"estimation": ([], []), "event": ([], [])})
            d[r["window"]][0].append(float(r["index_return"]))
            d[r["window"]][1].append(float(r["firm_return"]))
    return {k: {w: (np.array(v[w][0]), np.array(v[w][1])) for w in v} for k, v in ev.items()}


def fit(ev):
    (xi, yi), (xe, ye) = ev["estimation"], ev["event"]
    m = len(xi)
    beta = np.sum((xi - xi.mean()) * (yi - yi.mean())) / np.sum((xi - xi.mean()) ** 2)
    alpha = yi.mean() - beta * xi.mean()
    resid = yi - alpha - beta * xi
    sigma = np.sqrt(np.sum(resid ** 2) / (m - 2))
    ar = ye - alpha - beta * xe
    fec = sigma * np.sqrt(1 + 1 / m + (xe - xi.mean()) ** 2 / np.sum((xi - xi.mean()) ** 2))
    return dict(alpha=alpha, beta=beta, sigma=sigma, resid=resid, ar=ar, fec=fec, m=m)


def compute():
    out = {}
    s1 = fit(load("market_model_single_event.csv")["S1"])
    L = np.arange(1, 4)
    out[("S1", "sigma")] = [s1["sigma"]]
    out[("S1", "ar_t")] = s1["ar"] / s1["sigma"]
    out[("S1", "car_t")] = np.cumsum(s1["ar"]) / (np.sqrt(L) * s1["sigma"])
    fits = [fit(v) for _, v in sorted(load("market_model_three_events.csv").items())]
    AR = np.array([f["ar"] for f in fits])
    N, m = AR.shape[0], fits[0]["m"]
    SIG = np.array([f["sigma"] for f in fits])[:, None]
    FEC = np.array([f["fec"] for f in fits])
    CAR = np.cumsum(AR, axis=1)
    k = "E1-E3"
    out[(k, "aar")] = AR.mean(0)
    out[(k, "csect_aar_t")] = np.sqrt(N) * AR.mean(0) / AR.std(0, ddof=1)
    out[(k, "caar")] = CAR.mean(0)
    out[(k, "csect_caar_t")] = np.sqrt(N) * CAR.mean(0) / CAR.std(0, ddof=1)
    Q = (m - 2) / (m - 4)
    SAR = AR / FEC
    out[(k, "patell_aar_z")] = SAR.sum(0) / np.sqrt(N * Q)
    out[(k, "patell_caar_z")] = np.sum(np.cumsum(SAR, 1) / np.sqrt(L * Q), 0) / np.sqrt(N)
    S = AR / SIG
    C = np.cumsum(S, 1)
    out[(k, "bmp_mean_sar")] = S.mean(0)
    bmp = np.sqrt(N) * S.mean(0) / S.std(0, ddof=1)
    cbmp = np.sqrt(N) * C.mean(0) / C.std(0, ddof=1)
    out[(k, "bmp_t")] = bmp
    out[(k, "bmp_cumulative_t")] = cbmp
    sgn = lambda X: ((X > 0).sum(0) - 0.5 * N) / (0.5 * np.sqrt(N))
    out[(k, "sign_z")] = sgn(AR)
    out[(k, "sign_cumulative_z")] = sgn(CAR)
    p = np.mean([np.mean(f["resid"] > 0) for f in fits])
    gs = lambda X: ((X > 0).sum(0) - N * p) / np.sqrt(N * p * (1 - p))
    out[(k, "generalized_sign_z")] = gs(AR)
    out[(k, "generalized_sign_cumulative_z")] = gs(CAR)
    ALL = np.array([np.r_[f["resid"], f["ar"]] for f in fits])
    T = ALL.shape[1]
    K = np.array([stats.rankdata(r) for r in ALL]) / (T + 1) - 0.5
    Kb = K.mean(0)
    out[(k, "corrado_mean_rank")] = Kb[-3:]
    out[(k, "corrado_rank_z")] = Kb[-3:] / Kb.std(ddof=1)
    aar_est = np.array([f["resid"] for f in fits]).mean(0)
    ts = aar_est.std(ddof=1)
    out[(k, "calendar_time_t")] = AR.mean(0) / ts
    out[(k, "calendar_time_cumulative_t")] = CAR.mean(0) / (ts * np.sqrt(L))
    R = np.corrcoef(np.array([f["resid"] / f["sigma"] for f in fits]))
    r = R[np.triu_indices(N, 1)].mean()
    adj = np.sqrt((1 - r) / (1 + (N - 1) * r))
    out[(k, "kolari_pynnonen_adj_bmp_t")] = bmp * adj
    out[(k, "kolari_pynnonen_adj_bmp_cumulative_t")] = cbmp * adj
    return out


if __name__ == "__main__":
    calc = compute()
    worst = 0.0
    with open(os.path.join(HERE, "expected_outputs.csv")) as f:
        for r in csv.DictReader(f):
            d = int(r["relative_day"]) if r["relative_day"] else 0
            v = float(np.asarray(calc[(r["fixture"], r["statistic"])])[d])
            diff = abs(v - float(r["value_as_published"]))
            worst = max(worst, diff)
            print(f'{r["fixture"]:6s} {r["statistic"]:40s} day {d}: published {r["value_as_published"]:>24s} ours {v:.17g} |diff| {diff:.1e}')
    print("max abs diff", worst)
