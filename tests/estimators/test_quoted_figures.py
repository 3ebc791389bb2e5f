"""Every measured figure the estimators' docstrings quote, checked against benchmarks/results/.

The docstrings are static text; this table is the one place that ties each figure they quote
(RMSE, bias, coverage) to the measurement it came from. When a benchmark is re-run and a
figure moves, this test names the docstring to update.
"""

from __future__ import annotations

import inspect
import json
from pathlib import Path
from typing import Any

import pytest

import infokit as ik
from infokit.estimators.discrete.engine import auto_method

RESULTS = Path(__file__).resolve().parents[2] / "benchmarks" / "results"


def _discrete(kind: str, key: str, field: str) -> float:
    table = json.loads((RESULTS / "accuracy_discrete.json").read_text())[kind]
    return float(table[key][field])


def _continuous_rmse(setting: str, estimator: str) -> float:
    rows = json.loads((RESULTS / "accuracy_continuous.json").read_text())["entropy_1d"]
    row = next(r for r in rows if r["setting"] == setting)
    return float(row["results"][estimator]["rmse"])


def _continuous_coverage(label: str) -> float:
    data = json.loads((RESULTS / "accuracy_continuous.json").read_text())["coverage"]
    return float(data["results"][label]["coverage"])


def _min_coverage_from_n(n_values: tuple[str, ...]) -> float:
    table = json.loads((RESULTS / "accuracy_discrete.json").read_text())["entropy"]
    return min(v["coverage"] for k, v in table.items() if any(f"N={n}/" in k for n in n_values))


E = "entropy"
# (where, the text quoted, the measured value, the decimals the text shows)
FIGURES: list[tuple[Any, str, Any, int]] = [
    (
        auto_method,
        "0.42 on uniform at N = 100",
        lambda: _discrete(E, "uniform/N=100/jvhw/K unknown", "rmse"),
        2,
    ),
    (
        auto_method,
        "0.55 for Chao–Wang–Jost",
        lambda: _discrete(E, "uniform/N=100/chao_wang_jost/K unknown", "rmse"),
        2,
    ),
    (
        auto_method,
        "0.49 for unseen",
        lambda: _discrete(E, "uniform/N=100/unseen/K unknown", "rmse"),
        2,
    ),
    (auto_method, "RMSE is 0.51 / 0.24", lambda: _discrete(E, "zipf/N=100/nsb/K known", "rmse"), 2),
    (
        auto_method,
        "RMSE is 0.51 / 0.24",
        lambda: _discrete(E, "uniform/N=100/nsb/K known", "rmse"),
        2,
    ),
    (
        auto_method,
        "against 0.46 / 0.26",
        lambda: _discrete(E, "zipf/N=100/chao_wang_jost/K known", "rmse"),
        2,
    ),
    (
        auto_method,
        "against 0.46 / 0.26",
        lambda: _discrete(E, "uniform/N=100/chao_wang_jost/K known", "rmse"),
        2,
    ),
    (
        ik.estimate_entropy,
        "+0.27 nats on Zipf",
        lambda: _discrete(E, "zipf/N=1000/pym/K unknown", "bias"),
        2,
    ),
    (
        ik.estimate_entropy,
        "+0.31 on uniform at N = 1000",
        lambda: _discrete(E, "uniform/N=1000/pym/K unknown", "bias"),
        2,
    ),
    (
        ik.estimate_entropy,
        "(RMSE 0.28 and 0.32",
        lambda: _discrete(E, "zipf/N=1000/pym/K unknown", "rmse"),
        2,
    ),
    (
        ik.estimate_entropy,
        "(RMSE 0.28 and 0.32",
        lambda: _discrete(E, "uniform/N=1000/pym/K unknown", "rmse"),
        2,
    ),
    (
        ik.estimate_entropy,
        "against 0.09 and 0.04",
        lambda: _discrete(E, "zipf/N=1000/chao_wang_jost/K unknown", "rmse"),
        2,
    ),
    (
        ik.estimate_entropy,
        "against 0.09 and 0.04",
        lambda: _discrete(E, "uniform/N=1000/chao_wang_jost/K unknown", "rmse"),
        2,
    ),
    (
        ik.estimate_entropy,
        "+1.04 on uniform at N = 100",
        lambda: _discrete(E, "uniform/N=100/pym/K unknown", "bias"),
        2,
    ),
    (
        ik.estimate_entropy,
        "(RMSE 0.33 against 0.46)",
        lambda: _discrete(E, "zipf/N=100/pym/K unknown", "rmse"),
        2,
    ),
    (
        ik.estimate_entropy,
        "(RMSE 0.33 against 0.46)",
        lambda: _discrete(E, "zipf/N=100/chao_wang_jost/K unknown", "rmse"),
        2,
    ),
    (
        ik.estimate_entropy,
        "at least 94.5%",
        lambda: _min_coverage_from_n(("1000", "10000")) * 100,
        1,
    ),
    (
        ik.estimate_entropy,
        "e.g. 0.026 vs 0.033",
        lambda: _continuous_rmse("Entropy 1-D normal N=1000", "infokit ebrahimi"),
        3,
    ),
    (
        ik.estimate_entropy,
        "e.g. 0.026 vs 0.033",
        lambda: _continuous_rmse("Entropy 1-D normal N=1000", "infokit kozachenko_leonenko"),
        3,
    ),
    (
        ik.estimate_mutual_information,
        "covered 86%",
        lambda: (
            _discrete("mutual_information", "mi/N=1000/chao_wang_jost/K unknown", "coverage") * 100
        ),
        0,
    ),
    (
        ik.estimate_mutual_information,
        "90% and 28%",
        lambda: (
            _discrete("mutual_information", "mi/N=10000/chao_wang_jost/K unknown", "coverage") * 100
        ),
        0,
    ),
    (
        ik.estimate_mutual_information,
        "90% and 28%",
        lambda: _discrete("mutual_information", "mi/N=10000/plugin/K unknown", "coverage") * 100,
        0,
    ),
    (
        ik.estimate_mutual_information,
        "in 97.0% of the repetitions",
        lambda: _continuous_coverage("ksg auto (subsampling)") * 100,
        1,
    ),
    (
        ik.estimate_mutual_information,
        "jackknife in 99.5%",
        lambda: _continuous_coverage("ksg block_jackknife") * 100,
        1,
    ),
    (
        ik.estimate_mutual_information,
        "spread in 93.0%",
        lambda: _continuous_coverage("ksg local_terms") * 100,
        1,
    ),
    (
        ik.estimate_mutual_information,
        "(block jackknife) in 97.5%",
        lambda: _continuous_coverage("gaussian_copula auto (block_jackknife)") * 100,
        1,
    ),
    (
        ik.estimate_mutual_information,
        "mixture in 94.5%",
        lambda: _continuous_coverage("ross auto (subsampling), Bernoulli mixture") * 100,
        1,
    ),
]


def _numbers_in(text: str) -> list[float]:
    import re

    return [float(n) for n in re.findall(r"\d+\.\d+|\d+", text)]


@pytest.mark.parametrize(("where", "quoted", "measured", "decimals"), FIGURES)
def test_quoted_figure_matches_its_measurement(where, quoted, measured, decimals):
    doc = inspect.getdoc(where) or ""
    assert " ".join(quoted.split()) in " ".join(doc.split()), f"{where.__name__}: {quoted!r}"
    value = round(measured(), decimals)
    assert any(
        abs(abs(n) - abs(value)) < 10 ** (-decimals) / 2 + 1e-12 for n in _numbers_in(quoted)
    ), f"{where.__name__} quotes {quoted!r}; benchmarks/results/ now give {value}"
