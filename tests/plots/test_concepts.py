"""The concept pictures of infokit.plots: what is drawn equals the formulas and the seeds' numbers."""

from __future__ import annotations

import io
import math
import re
import sys

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

import matplotlib.image as mpimg
import matplotlib.pyplot as plt

import infokit as ik
from infokit.errors import (
    InvalidDistributionError,
    InvalidParameterError,
    ShapeError,
)
from infokit.plots import (
    binary_entropy_curve,
    cross_entropy_decomposition,
    divergence_asymmetry,
    entropy_bars,
    loss_vs_probability,
    surprisal_curve,
)

# The seeds' worked examples, written out by hand (not computed by infokit).
CERTAIN, COIN, LOADED_DIE, FAIR_DIE = [1.0, 0.0], [0.9, 0.1], [0.5] + [0.1] * 5, [1 / 6] * 6
P, Q = [0.5, 0.3, 0.2], [0.4, 0.4, 0.2]
COIN_BITS = -(0.9 * math.log2(0.9) + 0.1 * math.log2(0.1))  # 0.469
LOADED_BITS = -0.5 * math.log2(0.5) - 5 * 0.1 * math.log2(0.1)  # 2.161
H_P = -(0.5 * math.log(0.5) + 0.3 * math.log(0.3) + 0.2 * math.log(0.2))  # 1.0297 nats
H_PQ = -(0.5 * math.log(0.4) + 0.3 * math.log(0.4) + 0.2 * math.log(0.2))  # 1.0549 nats
D_PQ = 0.5 * math.log(0.5 / 0.4) + 0.3 * math.log(0.3 / 0.4)  # 0.025267 nats
D_QP = 0.4 * math.log(0.4 / 0.5) + 0.4 * math.log(0.4 / 0.3)  # 0.025815 nats
BLUE = np.array([0x48, 0x78, 0xA8]) / 255  # the colour of the curves and bars


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _png_pixels(ax) -> np.ndarray:
    """Render the figure of `ax` to PNG with Agg and read the pixels back."""
    buffer = io.BytesIO()
    ax.figure.savefig(buffer, format="png", dpi=60)
    assert buffer.getvalue()[:8] == b"\x89PNG\r\n\x1a\n"
    buffer.seek(0)
    return mpimg.imread(buffer, format="png")[..., :3]


def _texts(ax) -> list[str]:
    return [text.get_text() for text in ax.texts]


ALL_FIGURES = {
    "surprisal_curve": lambda: surprisal_curve(),
    "binary_entropy_curve": lambda: binary_entropy_curve(),
    "entropy_bars": lambda: entropy_bars([CERTAIN, COIN], ["certain", "coin"]),
    "divergence_asymmetry": lambda: divergence_asymmetry(P, Q),
    "cross_entropy_decomposition": lambda: cross_entropy_decomposition(P, Q),
    "loss_vs_probability": lambda: loss_vs_probability(),
}


@pytest.mark.parametrize("name", sorted(ALL_FIGURES))
def test_each_figure_renders_to_png_with_its_drawing_visible(name):
    pixels = _png_pixels(ALL_FIGURES[name]())
    drawn = np.all(np.abs(pixels - BLUE) < 0.02, axis=-1)
    assert drawn.sum() > 50, "the blue curve or bars are missing from the PNG"


@pytest.mark.parametrize(
    "draw",
    [
        lambda ax: surprisal_curve(ax=ax),
        lambda ax: binary_entropy_curve(ax=ax),
        lambda ax: entropy_bars([COIN], ["coin"], ax=ax),
        lambda ax: divergence_asymmetry(P, Q, ax=ax),
        lambda ax: cross_entropy_decomposition(P, Q, ax=ax),
        lambda ax: loss_vs_probability(ax=ax),
    ],
)
def test_given_axes_are_drawn_on_and_returned(draw):
    _figure, (left, right) = plt.subplots(1, 2)
    assert draw(right) is right
    assert right.lines or right.patches
    assert not left.lines
    assert not left.patches
    assert not left.texts
    assert len(plt.get_fignums()) == 1


class TestSurprisalCurve:
    def test_curve_is_minus_log2_of_p_and_marks_the_seeds_events(self):
        ax = surprisal_curve()
        curve, marks = ax.lines[0], ax.lines[1]
        x, y = curve.get_xdata(), curve.get_ydata()
        assert x.min() > 0
        assert x.max() == 1.0
        np.testing.assert_allclose(y, -np.log2(x), rtol=1e-12, atol=1e-15)
        assert np.all(np.diff(y) < 0)  # rarer events surprise more
        np.testing.assert_allclose(marks.get_xdata(), [1, 1 / 2, 1 / 6, 1 / 100])
        np.testing.assert_allclose(marks.get_ydata(), [0, 1, math.log2(6), math.log2(100)])
        assert _texts(ax) == [
            "p = 1: 0.000 bits",
            "p = 1/2: 1.000 bits",
            "p = 1/6: 2.585 bits",
            "p = 1/100: 6.644 bits",
        ]
        assert ax.get_ylabel() == "surprisal −log₂ p [bits]"
        assert ax.get_xlabel() == "probability of the event p"

    @pytest.mark.parametrize(
        ("base", "unit", "log"),
        [("nats", "nats", np.log), (math.e, "nats", np.log), (10, "hartleys", np.log10)],
    )
    def test_other_bases_change_curve_and_unit(self, base, unit, log):
        ax = surprisal_curve(base=base, marks=[0.25])
        x, y = ax.lines[0].get_xdata(), ax.lines[0].get_ydata()
        np.testing.assert_allclose(y, -log(x), rtol=1e-12, atol=1e-15)
        assert ax.get_ylabel().endswith(f"[{unit}]")
        assert _texts(ax) == [f"p = 1/4: {-log(0.25):.3f} {unit}"]

    def test_bad_base_and_marks_raise(self):
        with pytest.raises(InvalidParameterError, match="`base` must be"):
            surprisal_curve(base=1)
        with pytest.raises(InvalidDistributionError, match=r"`marks` must hold probabilities"):
            surprisal_curve(marks=[0.5, 1.5])
        with pytest.raises(InvalidDistributionError, match=r"\(0, 1\]; got 0"):
            surprisal_curve(marks=[0.0])


class TestBinaryEntropyCurve:
    def test_maximum_is_one_bit_at_one_half_and_the_biased_coin_is_marked(self):
        ax = binary_entropy_curve()
        x, y = ax.lines[0].get_xdata(), ax.lines[0].get_ydata()
        with np.errstate(divide="ignore", invalid="ignore"):
            expected = -(x * np.log2(x) + (1 - x) * np.log2(1 - x))
        expected[(x == 0) | (x == 1)] = 0.0
        np.testing.assert_allclose(y, expected, rtol=1e-12, atol=1e-15)
        assert x[np.argmax(y)] == pytest.approx(0.5)
        assert y.max() == pytest.approx(1.0, abs=1e-15)
        assert (y[0], y[-1]) == (0.0, 0.0)
        np.testing.assert_allclose(ax.lines[1].get_xydata(), [[0.5, 1.0]])
        np.testing.assert_allclose(ax.lines[2].get_xydata(), [[0.9, COIN_BITS]])
        assert _texts(ax) == ["maximum: 1.000 bits at p = 0.5", "p = 0.9: 0.469 bits"]
        assert ax.get_ylabel() == "entropy H(p) [bits]"

    def test_in_nats_the_maximum_is_ln_2_and_marks_can_be_omitted(self):
        ax = binary_entropy_curve(base="nats", marks=())
        assert len(ax.lines) == 2
        assert ax.lines[0].get_ydata().max() == pytest.approx(math.log(2), abs=1e-15)
        assert _texts(ax) == ["maximum: 0.693 nats at p = 0.5"]
        assert ax.get_ylabel() == "entropy H(p) [nats]"

    def test_bad_marks_raise(self):
        with pytest.raises(InvalidDistributionError, match="`marks`"):
            binary_entropy_curve(marks=[-0.1])
        with pytest.raises(InvalidParameterError, match="`base`"):
            binary_entropy_curve(base="furlongs")


class TestEntropyBars:
    LABELS = ("certain", "biased coin", "loaded die", "fair die")

    def test_bars_are_the_seeds_entropies_of_distributions_of_different_lengths(self):
        dists = [CERTAIN, COIN, LOADED_DIE, FAIR_DIE]
        ax = entropy_bars(dists, self.LABELS)
        heights = [bar.get_height() for bar in ax.patches]
        assert heights == pytest.approx([0.0, COIN_BITS, LOADED_BITS, math.log2(6)], abs=1e-14)
        assert heights == pytest.approx([float(ik.entropy(d, base=2)) for d in dists])
        assert [round(h, 3) for h in heights] == [0.0, 0.469, 2.161, 2.585]
        assert _texts(ax) == ["0.000 bits", "0.469 bits", "2.161 bits", "2.585 bits"]
        assert [t.get_text() for t in ax.get_xticklabels()] == list(self.LABELS)
        assert [bar.get_x() + bar.get_width() / 2 for bar in ax.patches] == pytest.approx(
            [0, 1, 2, 3]
        )
        assert ax.get_ylabel() == "entropy [bits]"
        # the dashed ticks are the maxima log2(n): 1 bit for 2 outcomes, log2 6 for a die
        (maxima,) = ax.collections
        levels = [segment[0][1] for segment in maxima.get_segments()]
        assert levels == pytest.approx([1.0, 1.0, math.log2(6), math.log2(6)])
        legend = [t.get_text() for t in ax.get_legend().get_texts()]
        assert legend == ["maximum log n (uniform)", "entropy [bits]"]

    def test_nats_and_any_array_like(self):
        ax = entropy_bars((np.array(FAIR_DIE), (0.25, 0.75)), ("die", "coin"), base=math.e)
        heights = [bar.get_height() for bar in ax.patches]
        expected_coin = -(0.25 * math.log(0.25) + 0.75 * math.log(0.75))
        assert heights == pytest.approx([math.log(6), expected_coin], abs=1e-14)
        assert _texts(ax) == [f"{math.log(6):.3f} nats", f"{expected_coin:.3f} nats"]
        assert ax.get_ylabel() == "entropy [nats]"

    def test_bad_inputs_raise_infokit_errors_naming_the_argument(self):
        with pytest.raises(
            ShapeError, match=r"`labels` must name each of the 2 distributions; got 1"
        ):
            entropy_bars([COIN, FAIR_DIE], ["coin"])
        with pytest.raises(InvalidDistributionError, match=r"`distributions\[1\]` must sum to 1"):
            entropy_bars([COIN, [0.5, 0.6]], ["a", "b"])
        with pytest.raises(InvalidDistributionError, match=r"`distributions\[0\]` must be non-neg"):
            entropy_bars([[-0.5, 1.5]], ["a"])
        with pytest.raises(ShapeError, match=r"`distributions\[0\]` must be a 1-D sequence"):
            entropy_bars([[[0.5, 0.5]]], ["a"])
        with pytest.raises(ShapeError, match="`distributions` must be a non-empty"):
            entropy_bars([], [])


class TestDivergenceAsymmetry:
    def test_grouped_bars_are_p_and_q_and_the_title_gives_both_directions(self):
        ax = divergence_asymmetry(P, Q, labels=["A", "B", "C"])
        p_bars, q_bars = ax.containers
        assert [bar.get_height() for bar in p_bars] == pytest.approx(P)
        assert [bar.get_height() for bar in q_bars] == pytest.approx(Q)
        p_centres = [bar.get_x() + bar.get_width() / 2 for bar in p_bars]
        q_centres = [bar.get_x() + bar.get_width() / 2 for bar in q_bars]
        assert p_centres == pytest.approx([-0.2, 0.8, 1.8])  # side by side per outcome
        assert q_centres == pytest.approx([0.2, 1.2, 2.2])
        assert ax.get_title() == "D(p‖q) = 0.0253 nats   D(q‖p) = 0.0258 nats"
        forward, backward = map(float, re.findall(r"= ([0-9.]+)", ax.get_title()))
        assert (forward, backward) == (round(D_PQ, 4), round(D_QP, 4))
        assert forward != backward
        assert [t.get_text() for t in ax.get_legend().get_texts()] == ["p", "q"]
        assert [t.get_text() for t in ax.get_xticklabels()] == ["A", "B", "C"]
        assert sorted(_texts(ax)) == sorted(f"{v:.2f}" for v in P + Q)

    def test_bits_and_default_labels_and_infinite_divergence(self):
        ax = divergence_asymmetry(P, Q, base=2)
        assert ax.get_title() == (
            f"D(p‖q) = {D_PQ / math.log(2):.4f} bits   D(q‖p) = {D_QP / math.log(2):.4f} bits"
        )
        assert [t.get_text() for t in ax.get_xticklabels()] == ["0", "1", "2"]
        ax = divergence_asymmetry([0.5, 0.5], [1.0, 0.0])
        assert ax.get_title() == f"D(p‖q) = inf nats   D(q‖p) = {math.log(2):.4f} nats"

    def test_bad_inputs_raise(self):
        with pytest.raises(ShapeError, match="same number of outcomes"):
            divergence_asymmetry(P, [0.5, 0.5])
        with pytest.raises(ShapeError, match=r"`labels` must name each of the 3 outcomes; got 2"):
            divergence_asymmetry(P, Q, labels=["A", "B"])
        with pytest.raises(InvalidDistributionError, match="`q` must sum to 1"):
            divergence_asymmetry(P, [0.4, 0.4, 0.4])
        with pytest.raises(ShapeError, match="`p` must be a 1-D sequence"):
            divergence_asymmetry([P, P], [Q, Q])


class TestCrossEntropyDecomposition:
    def test_stacked_segments_are_entropy_and_divergence_and_sum_to_cross_entropy(self):
        ax = cross_entropy_decomposition(P, Q)
        by_label = {container.get_label(): container for container in ax.containers}
        assert list(by_label) == ["H(p)", "D(p‖q)", "H(p, q)"]
        (entropy_bar,) = by_label["H(p)"]
        (divergence_bar,) = by_label["D(p‖q)"]
        (cross_bar,) = by_label["H(p, q)"]
        assert entropy_bar.get_height() == pytest.approx(H_P, abs=1e-14)
        assert divergence_bar.get_height() == pytest.approx(D_PQ, abs=1e-14)
        assert divergence_bar.get_y() == pytest.approx(H_P, abs=1e-14)  # stacked on H(p)
        assert entropy_bar.get_x() == divergence_bar.get_x()
        stacked = entropy_bar.get_height() + divergence_bar.get_height()
        assert stacked == pytest.approx(H_PQ, abs=1e-13)
        assert cross_bar.get_height() == pytest.approx(H_PQ, abs=1e-14)
        assert round(H_PQ, 4) == 1.0549
        assert _texts(ax) == ["1.0297 nats", "0.0253 nats", "1.0549 nats"]
        assert ax.get_ylabel() == "information [nats]"
        legend = [t.get_text() for t in ax.get_legend().get_texts()]
        assert legend == ["H(p)", "D(p‖q)", "H(p, q)"]

    def test_bits(self):
        ax = cross_entropy_decomposition(P, Q, base="bits")
        assert ax.containers[2][0].get_height() == pytest.approx(H_PQ / math.log(2))
        assert _texts(ax)[2] == f"{H_PQ / math.log(2):.4f} bits"

    def test_infinite_cross_entropy_and_bad_inputs_raise(self):
        with pytest.raises(InvalidDistributionError, match="`q` must be positive wherever `p`"):
            cross_entropy_decomposition([0.5, 0.5], [1.0, 0.0])
        with pytest.raises(InvalidDistributionError, match="`p` must sum to 1"):
            cross_entropy_decomposition([0.5, 0.6], [0.5, 0.5])
        with pytest.raises(ShapeError, match="same number of outcomes"):
            cross_entropy_decomposition(P, [0.5, 0.5])


class TestLossVsProbability:
    def test_loss_is_minus_log_q_and_explodes_for_confident_wrong_answers(self):
        ax = loss_vs_probability()
        x, y = ax.lines[0].get_xdata(), ax.lines[0].get_ydata()
        np.testing.assert_allclose(y, -np.log(x), rtol=1e-12, atol=1e-15)
        assert y[-1] == 0.0
        assert y.max() > 6
        np.testing.assert_allclose(
            ax.lines[1].get_xydata(), [[0.9, -math.log(0.9)], [0.01, math.log(100)]]
        )
        assert _texts(ax) == ["q = 0.9: loss 0.105 nats", "q = 0.01: loss 4.605 nats"]
        assert ax.get_ylabel() == "cross-entropy loss −ln q [nats]"
        assert ax.get_xlabel() == "predicted probability of the correct class q"

    def test_bits_and_bad_marks(self):
        ax = loss_vs_probability(base=2, marks=[0.5])
        np.testing.assert_allclose(ax.lines[0].get_ydata(), -np.log2(ax.lines[0].get_xdata()))
        assert _texts(ax) == ["q = 0.5: loss 1.000 bits"]
        with pytest.raises(InvalidDistributionError, match="`marks`"):
            loss_vs_probability(marks=[0.0])


def test_torch_and_jax_arrays_are_drawn_from_the_host():
    torch = pytest.importorskip("torch")
    jnp = pytest.importorskip("jax.numpy")
    coin = torch.tensor([0.9, 0.1], dtype=torch.float64, requires_grad=True)
    ax = entropy_bars([coin, jnp.asarray(FAIR_DIE)], ["coin", "die"])
    assert [bar.get_height() for bar in ax.patches] == pytest.approx([COIN_BITS, math.log2(6)])
    p = torch.tensor(P, dtype=torch.float64, requires_grad=True)
    ax = divergence_asymmetry(p, torch.tensor(Q, dtype=torch.float64))
    assert [bar.get_height() for bar in ax.patches] == pytest.approx(P + Q)
    assert ax.get_title() == "D(p‖q) = 0.0253 nats   D(q‖p) = 0.0258 nats"
    ax = cross_entropy_decomposition(jnp.asarray(P), jnp.asarray(Q))
    assert _texts(ax) == ["1.0297 nats", "0.0253 nats", "1.0549 nats"]


def test_missing_matplotlib_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from infokit.errors import MissingDependencyError

    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)  # import fails
    with pytest.raises(MissingDependencyError, match=r"pip install 'infokit\[plot\]'"):
        surprisal_curve()
