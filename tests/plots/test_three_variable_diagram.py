"""The three-variable information diagram: its numbers are the atoms, and nothing overlaps."""

from __future__ import annotations

import itertools

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt

import infokit as ik
from infokit.errors import ShapeError
from infokit.plots import three_variable_information_diagram


def _xor() -> np.ndarray:
    table = np.zeros((2, 2, 2))
    for a, b in itertools.product((0, 1), repeat=2):
        table[a, b, a ^ b] = 0.25
    return table


def _region_values(ax: plt.Axes) -> list[float]:
    values = []
    for text in ax.texts:
        content = text.get_text().replace("−", "-")
        try:
            values.append(float(content))
        except ValueError:
            continue  # a variable's name
    return values


def test_xor_shows_minus_one_bit_in_the_centre_in_red() -> None:
    ax = three_variable_information_diagram(_xor(), ["X", "Y", "Z"])
    values = _region_values(ax)
    assert sorted(values) == [-1.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0]
    centre = next(t for t in ax.texts if t.get_text() == "−1.00")
    assert centre.get_position() == (0.0, 0.0)
    assert matplotlib.colors.to_hex(centre.get_color()) == "#b22222"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "centre: I(X;Y;Z) = −1.00 bits  (negative: synergy)" in legend
    plt.close(ax.figure)


def test_the_seven_atoms_add_up_to_the_joint_entropy() -> None:
    rng = np.random.default_rng(0)
    table = rng.random((3, 2, 4))
    table /= table.sum()
    ax = three_variable_information_diagram(table, ["a", "b", "c"], base="nats")
    values = _region_values(ax)
    assert len(values) == 7
    total = float(ik.joint_entropy(table))
    assert sum(values) == pytest.approx(total, abs=7 * 0.005)
    # each disc's atoms add up to its entropy: disc X = alone X + two pairs with X + centre
    h_x = float(ik.entropy(table.sum(axis=(1, 2))))
    alone_x = float(ik.conditional_entropy(table, x=0, y=(1, 2)))
    with_x = float(ik.conditional_mutual_information(table, x=0, y=1, z=2)) + float(
        ik.conditional_mutual_information(table, x=0, y=2, z=1)
    )
    assert alone_x + with_x + float(ik.co_information(table)) == pytest.approx(h_x, abs=1e-12)
    plt.close(ax.figure)


def test_no_text_overlaps_another_even_with_long_names() -> None:
    rng = np.random.default_rng(1)
    table = rng.random((2, 2, 2))
    table /= table.sum()
    names = ["a very long variable name indeed", "umbrella", "season of the year, by month"]
    ax = three_variable_information_diagram(table, names)
    figure = ax.figure
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in ax.texts]
    boxes.append(ax.get_legend().get_window_extent(renderer))
    for first, second in itertools.combinations(boxes, 2):
        assert not first.overlaps(second)
    plt.close(figure)


def test_bad_input_is_refused() -> None:
    with pytest.raises(ShapeError, match="names of X, Y and Z"):
        three_variable_information_diagram(_xor(), ["X", "Y"])
    with pytest.raises(ShapeError, match="3-D"):
        three_variable_information_diagram(np.full((2, 2), 0.25), ["X", "Y", "Z"])
