"""Regenerate expected_outputs.json by running the PyPI package event-study-toolkit 1.0.0
on the data slice stored next to this script.

Environment used (throwaway venv, Python 3.11.7):
  pip install event-study-toolkit==1.0.0 "pandas==2.0.3" "numpy<2"
  (pandas >= 2.3 makes getGRANK fail with OutOfBoundsDatetime; 2.0.3 is the version the
  upstream tutorial notebook was executed with)
  -> numpy 1.26.4, scipy 1.17.1, statsmodels 0.15.0, pandas_market_calendars 5.5.0

This script only calls the package's public API; it contains no code of the package.
"""
import json
import os
import sys

import pandas as pd
from event_study_toolkit import eventstudy as es

here = os.path.dirname(os.path.abspath(__file__))
data = pd.read_csv(os.path.join(here, "returns_2019-12-23_2020-03-23.csv"))
data["date"] = data["date"].astype("datetime64[ns]")
events = pd.read_csv(os.path.join(here, "events.csv"))
events["EVT_DATE"] = events["EVT_DATE"].astype("datetime64[ns]")

# ESTPERIOD=50, GAP=10, START=0, END=1 exactly as in the upstream tutorial.ipynb
e = es.eventstudy(50, 10, 0, 1, data, events, unique_id="subject_id",
                  calType="NYSE", groups=["CCAR", "GSIB"])

out = {}
params = e.runModel("market")
out["market_model_params"] = {str(int(k)): {"alpha": float(v["Intercept"]), "beta": float(v["vwretd"])}
                              for k, v in params.iterrows()}
cars = e.getCARS("market")
out["per_firm"] = {str(int(r.subject_id)): {"car": float(r.car), "sigma": float(r.sigma),
                                            "e_est_pos": float(r.e_est_pos), "scar": float(r.scar),
                                            "scar_bmp": float(r.scar_bmp), "poscar": int(r.poscar)}
                   for r in cars.itertuples()}
fs = e.getFullSampleTestStatistic("market").iloc[0]
out["full_sample"] = {k: (v if isinstance(v, str) else float(v)) for k, v in fs.items()}
gl = e.getGroupLevelTestStatistics("market", "CCAR")
out["group_CCAR"] = {str(int(r["CCAR"])): {k: (v if isinstance(v, str) else float(v)) for k, v in r.items()}
                     for _, r in gl.iterrows()}
gr = e.getGRANK("market", "CCAR")
out["grank_CCAR"] = {str(int(r["CCAR"])): float(r["GRANK_Z"]) for _, r in gr.iterrows()}
# getWilcoxon rounds; call the helper for the unrounded value as well
wr = e.wilcox_rank_sum("market", "scar", "CCAR")
out["wilcoxon_CCAR"] = {"statistic": float(wr["statistic"]), "pval_2tail": float(wr["pval_2tail"]),
                        "pval_1tail": float(wr["pval_1tail"]),
                        "rounded_as_printed": e.getWilcoxon("market", "CCAR").iloc[0].to_dict()}
json.dump(out, sys.stdout, indent=1, default=float)
