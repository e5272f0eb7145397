"""Every notebook runs top to bottom offline (the kernel inherits the network guard), and the
numbers their prose states stay true.

The runs start in the background when the session begins (tests/_notebooks.py); each test here
reads its executed notebook."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from _notebooks import Job, register

import marketimpact as mi

NB_DIR = Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOKS = sorted(NB_DIR.glob("*.ipynb"))
PLAIN = [p for p in NOTEBOOKS if not p.name.startswith("04_")]
#: chart images each notebook shows (one per chart cell), counted in its executed outputs
#: 01 shows the seed price chart plus the intraday section's price-vs-clock and CAR charts
CHARTS = {"01_brent_trump_putin": 3, "02_opec_multi_event": 1, "03_one_event_many_assets": 1, "05_chart_gallery": 7}


def _outputs(nb) -> list[dict]:
    return [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]


def assert_charts_shown(nb, expected: int) -> None:
    """The executed outputs hold ``expected`` PNG images and no bare ``<Figure size …>`` reprs;
    every result object shown is an HTML table, never a dataclass dump."""
    import base64

    outs = _outputs(nb)
    pngs = [o["data"]["image/png"] for o in outs if "image/png" in o.get("data", {})]
    assert len(pngs) == expected
    for png in pngs:
        raw = base64.b64decode(png)
        assert raw.startswith(b"\x89PNG") and len(raw) > 10_000  # a drawn chart, not an empty canvas
    text = "".join(str(o.get("data", {}).get("text/plain", "")) + str(o.get("text", "")) for o in outs)
    assert "<Figure size" not in text
    assert "EventStudyResult(event=Event(" not in text and "Analysis(article=Article(" not in text


for _path in PLAIN:
    register(Job(_path.stem, _path, NB_DIR))


@pytest.mark.slow
@pytest.mark.parametrize("path", [pytest.param(p, id=p.stem, marks=pytest.mark.notebook(p.stem)) for p in PLAIN])
def test_notebook_runs(path, executed_notebook):
    nb = executed_notebook  # NotebookClient(timeout=600, kernel python3, working in notebooks/)
    assert len(nb.cells) == len(nbformat.read(path, as_version=4).cells)
    errors = [o for o in _outputs(nb) if o.output_type == "error"]
    assert not errors
    assert_charts_shown(nb, CHARTS[path.stem])


#: notebook 04 run by papermill with these parameters (id → parameters)
PARAMETER_RUNS = {
    "defaults": {},
    "wti-constant-mean": {"ticker": "CL=F", "benchmark": "ACWI", "model": "constant-mean", "window": [-3, 3],
                          "estimation": [-120, -11]},
}
for _id, _params in PARAMETER_RUNS.items():
    register(Job(f"04_your_article[{_id}]", NB_DIR / "04_your_article.ipynb", NB_DIR, _params))


@pytest.mark.slow
@pytest.mark.parametrize("params", [pytest.param(v, id=k, marks=pytest.mark.notebook(f"04_your_article[{k}]"))
                                    for k, v in PARAMETER_RUNS.items()])
def test_your_article_notebook_with_parameters(params, request):
    pytest.importorskip("papermill")
    nb = request.getfixturevalue("executed_notebook")  # papermill.execute_notebook(parameters=params)
    text = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert "AR(0) =" in text and "consistent" in text.lower()
    assert_charts_shown(nb, 2)  # the price chart and the small multiples of every claimed instrument
    assert "Conclusion" not in text and "on the day" in text
    assert any("text/html" in o.get("data", {}) and "<table" in o["data"]["text/html"] for o in _outputs(nb))
    if params:
        assert "CL=F" in "".join(str(c.get("outputs")) for c in nb.cells)


def test_notebooks_are_stored_without_outputs():
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), path.name
        assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# "), path.name


def test_notebook_03_prose_numbers():
    """The answer paragraph of notebook 03 quotes these numbers."""
    call = mi.Event("call", dt.date(2025, 2, 12), "America/New_York", "minute", dt.time(12, 7))
    res = mi.cross_asset_study(call, ["BZ=F", "TTF=F", "ITA", "XLE", "GC=F"], benchmark="ACWI")
    t = res.to_frame().set_index("ticker")
    assert t.loc["TTF=F", "day0"] == "2025-02-13" and t.loc["BZ=F", "day0"] == "2025-02-12"
    assert t.loc["TTF=F", "ar0_pct"] == pytest.approx(-8.3, abs=0.1) and t.loc["TTF=F", "ar0_t"] == pytest.approx(-2.7, abs=0.1)
    assert abs(t.loc["BZ=F", "ar0_t"]) < 1.96 and t.loc["XLE", "ar0_p"] < 0.05
    assert t.loc["ITA", "car(0, 1)_pct"] == pytest.approx(-2.4, abs=0.1) and t.loc["ITA", "car_p"] < 0.05
    assert abs(t.loc["GC=F", "ar0_t"]) < 1


def test_notebook_02_prose_numbers(root):
    d = pd.read_csv(root / "data/events/opec_decisions.csv")
    ev = pd.concat([d.assign(ticker=t, event_id=d.event_id + ":" + t) for t in ["BZ=F", "CL=F"]])
    res = mi.event_study(ev[["event_id", "ticker", "date", "timezone", "group"]], tests=["cs_t"], car_windows=[(0, 1)])
    cut = res.groups["cut"].test("cs_t", (0, 1))
    hike = res.groups["hike"].test("cs_t", (0, 1))
    assert cut.estimate == pytest.approx(0.027, abs=0.001) and cut.stat == pytest.approx(2.4, abs=0.1) and cut.pvalue < 0.05
    assert hike.estimate == pytest.approx(-0.015, abs=0.001) and hike.pvalue > 0.05
