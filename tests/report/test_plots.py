"""The figures of the report: areas, values and errors of infokit.plots."""

from __future__ import annotations

import io
import itertools
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

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


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
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [
        f"X = X\nH(X) = {h_x:.2f}, H(X | Y) = {h_x - mi:.2f}",  # H(X | Y) = H(X) - I
        f"I(X; Y) = {mi:.2f} bits",
        f"Y = Y\nH(Y) = {h_y:.2f}, H(Y | X) = {h_y - mi:.2f}",
    ]


def _text_boxes(figure: Figure) -> list[tuple[str, object]]:
    """Rendered boxes (display units) of every visible, non-empty text of `figure`."""
    figure.savefig(io.BytesIO(), format="svg")  # the report's format
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    renderer = canvas.get_renderer()
    texts: list[Text] = list(figure.texts)
    for ax in figure.axes:
        texts += [*ax.texts, ax.title, ax._left_title, ax._right_title]
        if ax.get_legend() is not None:
            texts += ax.get_legend().get_texts()
        if ax.axison:  # tick labels of an axis that is switched off are never drawn
            texts += [*ax.get_xticklabels(), *ax.get_yticklabels()]
            texts += [ax.xaxis.label, ax.yaxis.label]
    return [
        (text.get_text(), text.get_window_extent(renderer))
        for text in texts
        if text.get_visible() and text.get_text().strip()
    ]


def _overlapping(boxes: list[tuple[str, object]]) -> list[tuple[str, str]]:
    return [
        (a, b)
        for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2)
        if box_a.overlaps(box_b)
    ]


ENTROPIES = [0.02, 1.0, 14.0]
SHARES = [0.0, 1e-4, 0.5, 1.0]  # I as a fraction of min(H(X), H(Y)): ≈ 0 up to I = min H
NAMES = [("X", "Y"), ("flipper_length_mm (10 bins)", "a_very_long_target_column_name_indeed")]


@pytest.mark.parametrize("names", NAMES, ids=["short", "long"])
@pytest.mark.parametrize("share", SHARES)
@pytest.mark.parametrize(("h_x", "h_y"), list(itertools.product(ENTROPIES, ENTROPIES)))
def test_information_diagram_labels_never_overlap(h_x, h_y, share, names):
    figure = Figure(figsize=(3.4, 2.4), layout="constrained")  # the report's size
    ax = information_diagram(h_x, h_y, share * min(h_x, h_y), names, ax=figure.subplots())
    boxes = _text_boxes(figure)
    assert len(boxes) == 4  # title and three legend lines
    assert _overlapping(boxes) == []
    # every label lies inside the figure
    canvas = figure.bbox
    for text, box in boxes:
        assert canvas.x0 - 1 <= box.x0, text
        assert box.x1 <= canvas.x1 + 1, text
    # and no label sits on a disc
    discs = [patch.get_window_extent() for patch in ax.patches]
    assert not any(box.overlaps(disc) for _, box in boxes for disc in discs)


def test_overlap_check_can_fail():
    figure = Figure(figsize=(3, 2))
    ax = figure.subplots()
    ax.text(0.5, 0.5, "one label")
    ax.text(0.52, 0.5, "another label")
    assert _overlapping(_text_boxes(figure)) != []


def test_long_names_are_shortened():
    ax = information_diagram(1.0, 1.0, 0.5, ["x" * 40, "y"])
    assert ax.get_legend().get_texts()[0].get_text().startswith(f"X = {'x' * 27}…\n")


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


def test_heatmap_colour_scale_comes_from_the_off_diagonal_cells():
    # a 14-bit entropy on the diagonal next to 1.75 bits of real redundancy
    matrix = [[14.0, 1.75, 0.5], [1.75, 9.0, -0.004], [0.5, -0.004, 3.0]]
    ax = mutual_information_heatmap(matrix, ["id", "a", "b"], unit="bits")
    assert ax.images[0].get_clim() == (0.0, 1.75)
    colorbar = ax.images[0].colorbar
    assert colorbar.vmax == pytest.approx(1.75)
    assert "off-diagonal" in colorbar.ax.get_ylabel()
    # the diagonal is shown, on neutral hatched cells
    texts = [t.get_text() for t in ax.texts]
    assert {"14.00", "9.00", "3.00"} <= set(texts)
    hatched = [p for p in ax.patches if p.get_hatch()]
    assert [(p.get_x(), p.get_y()) for p in hatched] == [(-0.5, -0.5), (0.5, 0.5), (1.5, 1.5)]
    # a negative bias-corrected estimate reads as about zero
    assert texts.count("≈0") == 2
    assert not any(t.startswith("-") for t in texts)


def test_heatmap_can_scale_by_the_diagonal_too():
    ax = mutual_information_heatmap([[14.0, 1.75], [1.75, 9.0]], ["a", "b"], scale_diagonal=True)
    assert ax.images[0].get_clim() == (0.0, 14.0)
    assert not any(p.get_hatch() for p in ax.patches)


def test_heatmap_without_positive_off_diagonal_cells_still_has_a_scale():
    ax = mutual_information_heatmap([[2.0, 0.0], [0.0, 1.0]], ["a", "b"])
    assert ax.images[0].get_clim() == (0.0, 1.0)
    ax = mutual_information_heatmap([[2.0]], ["a"])
    assert ax.images[0].get_clim() == (0.0, 1.0)


def test_negative_estimates_draw_no_bar_but_keep_their_error_bar():
    ax = mutual_information_bars([0.5, -0.004], [0.01, 0.003], ["a", "b"])
    assert [bar.get_width() for bar in ax.patches] == pytest.approx([0.5, 0.0])
    errorbar = next(c for c in ax.containers if type(c).__name__ == "ErrorbarContainer")
    (low, _), (high, _) = errorbar.lines[2][0].get_segments()[1]
    assert (low + high) / 2 == pytest.approx(-0.004)
    assert high - low == pytest.approx(2 * 1.96 * 0.003)


def test_plot_inputs_are_checked():
    with pytest.raises(ShapeError, match=r"`labels` must name each of the 2 values; got 1"):
        mutual_information_bars([0.1, 0.2], None, ["a"])
    with pytest.raises(ShapeError, match=r"`matrix` must be square .* got shape \(2, 3\)"):
        mutual_information_heatmap(np.zeros((2, 3)), ["a", "b"])
    with pytest.raises(InvalidParameterError, match=r"`h_x` and `h_y` must be positive"):
        information_diagram(0.0, 1.0, 0.0, ["X", "Y"])
    with pytest.raises(ShapeError, match=r"`labels` must hold the names of X and Y"):
        information_diagram(1.0, 1.0, 0.0, ["X"])
