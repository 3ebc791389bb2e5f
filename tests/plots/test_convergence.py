"""estimator_convergence: points, 95 % error bars, truth line, legend and units as drawn."""

from __future__ import annotations

import io
import math

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt

import infokit as ik
from infokit.errors import InvalidParameterError, ShapeError
from infokit.plots import estimator_convergence
from infokit.results import Estimate

ROWS = [(1000, 2.57, 0.015), (100, 2.45, 0.05), (10000, 2.583, 0.005)]  # deliberately unsorted


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _estimates(method="plugin", base=2.0, rows=ROWS):
    return [Estimate(v, s, method, base=base, n_samples=n) for n, v, s in rows]


def _errorbars(ax):
    return [c for c in ax.containers if type(c).__name__ == "ErrorbarContainer"]


def _extents(container):
    """(low, high) of each vertical error bar, in the order of the points."""
    (bars,) = container.lines[2]
    return [(seg[0][1], seg[1][1]) for seg in bars.get_segments()]


def test_points_are_sorted_by_n_with_bars_of_1_96_standard_errors_and_a_truth_line():
    truth = math.log2(6)
    ax = estimator_convergence(_estimates(), truth=truth)
    (series,) = _errorbars(ax)
    line = series.lines[0]
    np.testing.assert_array_equal(line.get_xdata(), [100, 1000, 10000])
    np.testing.assert_array_equal(line.get_ydata(), [2.45, 2.57, 2.583])
    expected = [(v - 1.96 * s, v + 1.96 * s) for _, v, s in sorted(ROWS)]
    np.testing.assert_allclose(_extents(series), expected, rtol=1e-14)
    spans = [high - low for low, high in _extents(series)]
    assert spans == pytest.approx([2 * 1.96 * 0.05, 2 * 1.96 * 0.015, 2 * 1.96 * 0.005])
    (truth_line,) = [line for line in ax.lines if line.get_label().startswith("truth")]
    assert list(truth_line.get_ydata()) == [truth, truth]
    assert truth_line.get_linestyle() == "--"
    assert ax.get_xscale() == "log"
    assert ax.get_xlabel() == "number of samples N"
    assert ax.get_ylabel() == "estimate [bits]"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["plugin", "truth = 2.585 bits"]
    buffer = io.BytesIO()
    ax.figure.savefig(buffer, format="png", dpi=50)
    assert buffer.getvalue()[:4] == b"\x89PNG"


def test_confidence_intervals_are_drawn_when_present():
    estimates = [
        Estimate(1.0, 0.1, "ksg", n_samples=50, ci=(0.7, 1.1), confidence_level=0.95),
        Estimate(1.2, 0.05, "ksg", n_samples=500),
    ]
    ax = estimator_convergence(estimates)
    (series,) = _errorbars(ax)
    np.testing.assert_allclose(_extents(series), [(0.7, 1.1), (1.2 - 0.098, 1.2 + 0.098)])
    assert ax.get_ylabel() == "estimate [nats]"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["ksg"]


def test_a_mapping_gives_one_series_per_method_with_a_legend():
    results = {
        "plugin": _estimates("plugin"),
        "miller_madow": _estimates("miller_madow", rows=[(100, 2.55, 0.04), (1000, 2.58, 0.01)]),
    }
    ax = estimator_convergence(results, truth=2.585)
    plugin, miller_madow = _errorbars(ax)
    assert plugin.get_label() == "plugin"
    assert miller_madow.get_label() == "miller_madow"
    np.testing.assert_array_equal(miller_madow.lines[0].get_ydata(), [2.55, 2.58])
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["plugin", "miller_madow", "truth = 2.585 bits"]


def test_a_flat_sequence_of_several_methods_is_grouped_by_method():
    ax = estimator_convergence(_estimates("plugin") + _estimates("grassberger"))
    assert [c.get_label() for c in _errorbars(ax)] == ["plugin", "grassberger"]
    assert ax.get_legend() is not None


def test_benchmark_rows_without_unit_and_with_missing_errors():
    rows = {"npeet": [(1000, 0.41, None), (100, 0.35, 0.02), (10000, 0.42, math.nan)]}
    ax = estimator_convergence(rows)
    (series,) = _errorbars(ax)
    np.testing.assert_array_equal(series.lines[0].get_xdata(), [100, 1000, 10000])
    np.testing.assert_allclose(
        _extents(series), [(0.35 - 0.0392, 0.35 + 0.0392), (0.41, 0.41), (0.42, 0.42)]
    )
    assert ax.get_ylabel() == "estimate"
    ax = estimator_convergence(rows, unit="nats", truth=0.4)
    assert ax.get_ylabel() == "estimate [nats]"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["npeet", "truth = 0.4 nats"]


def test_real_estimates_of_a_fair_die_approach_log2_6():
    rng = np.random.default_rng(8)
    runs = [
        ik.estimate_entropy(rng.integers(0, 6, n), method="miller_madow", base="bits")
        for n in (50, 500, 5000)
    ]
    _figure, ax = plt.subplots()
    assert estimator_convergence(runs, truth=math.log2(6), ax=ax) is ax
    (series,) = _errorbars(ax)
    np.testing.assert_array_equal(series.lines[0].get_xdata(), [50, 500, 5000])
    np.testing.assert_array_equal(series.lines[0].get_ydata(), [r.value for r in runs])
    spans = [high - low for low, high in _extents(series)]
    assert spans == pytest.approx([2 * 1.96 * r.std_error for r in runs])
    assert series.get_label() == "miller_madow"
    assert len(plt.get_fignums()) == 1


def test_bad_results_raise_infokit_errors():
    with pytest.raises(ShapeError, match="`results` must hold at least one estimate"):
        estimator_convergence([])
    with pytest.raises(ShapeError, match="`results` must hold at least one series"):
        estimator_convergence({})
    with pytest.raises(ShapeError, match=r"`results\['a'\]` must hold at least one estimate"):
        estimator_convergence({"a": []})
    with pytest.raises(InvalidParameterError, match=r"`results\[0\]` has no sample size"):
        estimator_convergence([Estimate(1.0, 0.1, "quadrature")])
    with pytest.raises(InvalidParameterError, match=r"mix estimates in different units"):
        estimator_convergence(_estimates(base=2.0) + _estimates("x", base=math.e))
    with pytest.raises(InvalidParameterError, match=r"`results\[0\]` must be an Estimate"):
        estimator_convergence([(100, 1.0, 0.1)])
    with pytest.raises(InvalidParameterError, match=r"`results\['a'\]\[1\]` must be an infokit"):
        estimator_convergence({"a": [(100, 1.0, 0.1), (100, 1.0)]})
    with pytest.raises(InvalidParameterError, match=r"sample sizes must be positive"):
        estimator_convergence({"a": [(0, 1.0, 0.1)]})
    with pytest.raises(InvalidParameterError, match=r"`results` must be a sequence"):
        estimator_convergence(3.0)
