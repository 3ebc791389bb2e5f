"""The figures of the report: areas, values and errors of infokit.plots."""

from __future__ import annotations

import math

import matplotlib
import numpy as np
import pytest

from infokit.errors import InvalidParameterError, ShapeError
from infokit.plots import (
    information_diagram,
    mutual_information_bars,
    mutual_information_heatmap,
)
from infokit.plots._information import _overlap_distance

matplotlib.use("Agg")


def _lens_area(r1: float, r2: float, d: float, n: int = 2001) -> float:
    """Area of the intersection of two discs by a midpoint rule (independent of the code)."""
    x = np.linspace(-r1, r1, n)
    dx = x[1] - x[0]
    xm = x[:-1] + dx / 2
    half1 = np.sqrt(np.clip(r1**2 - xm**2, 0, None))
    half2 = np.sqrt(np.clip(r2**2 - (xm - d) ** 2, 0, None))
    return float(np.sum(2 * np.minimum(half1, half2)) * dx)


@pytest.mark.parametrize(("h_x", "h_y", "mi"), [(1.0, 1.5, 0.5), (2.0, 1.0, 0.1), (3.3, 1.5, 0.9)])
def test_information_diagram_areas_are_the_entropies_and_their_overlap_the_mi(h_x, h_y, mi):
    ax = information_diagram(h_x, h_y, mi, ["X", "Y"], unit="bits")
    first, second = ax.patches
    assert math.pi * first.radius**2 == pytest.approx(h_x)
    assert math.pi * second.radius**2 == pytest.approx(h_y)
    distance = second.center[0] - first.center[0]
    assert _lens_area(first.radius, second.radius, distance) == pytest.approx(mi, rel=2e-3)
    assert ax.get_title() == f"I(X; Y) = {mi:.2f} bits"
    texts = {t.get_text() for t in ax.texts}
    assert f"{h_x - mi:.2f}" in texts  # H(X | Y)
    assert f"{h_y - mi:.2f}" in texts  # H(Y | X)


def test_independent_variables_do_not_overlap_and_mi_is_clipped():
    ax = information_diagram(1.0, 1.0, -0.01, ["X", "Y"])
    first, second = ax.patches
    assert second.center[0] - first.center[0] == pytest.approx(first.radius + second.radius)
    assert _overlap_distance(1.0, 0.5, math.pi * 0.25) == pytest.approx(0.5, abs=1e-7)


def test_bars_carry_values_and_95_percent_error_bars():
    ax = mutual_information_bars([0.8, 0.1, 0.3], [0.05, 0.02, 0.0], ["a", "b", "c"])
    widths = [bar.get_width() for bar in ax.patches]
    assert widths == pytest.approx([0.8, 0.1, 0.3])
    errorbar = next(c for c in ax.containers if type(c).__name__ == "ErrorbarContainer")
    segments = errorbar.lines[2][0].get_segments()
    spans = [seg[1][0] - seg[0][0] for seg in segments]
    assert spans == pytest.approx([2 * 1.96 * 0.05, 2 * 1.96 * 0.02, 0.0])


def test_heatmap_shows_the_matrix():
    matrix = [[1.0, 0.25], [0.25, 2.0]]
    ax = mutual_information_heatmap(matrix, ["a", "b"], unit="bits")
    np.testing.assert_array_equal(ax.images[0].get_array(), np.array(matrix))
    assert sorted(t.get_text() for t in ax.texts) == ["0.25", "0.25", "1.00", "2.00"]


def test_plot_inputs_are_checked():
    with pytest.raises(ShapeError, match=r"`labels` must name each of the 2 values; got 1"):
        mutual_information_bars([0.1, 0.2], None, ["a"])
    with pytest.raises(ShapeError, match=r"`matrix` must be square .* got shape \(2, 3\)"):
        mutual_information_heatmap(np.zeros((2, 3)), ["a", "b"])
    with pytest.raises(InvalidParameterError, match=r"`h_x` and `h_y` must be positive"):
        information_diagram(0.0, 1.0, 0.0, ["X", "Y"])
    with pytest.raises(ShapeError, match=r"`labels` must hold the names of X and Y"):
        information_diagram(1.0, 1.0, 0.0, ["X"])
