"""Tsallis entropy: the formula, its limits, pseudo-additivity and backends."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import infokit as ik

P = np.array([0.5, 0.25, 0.125, 0.125])


@pytest.mark.parametrize("q", [0.3, 0.5, 2.0, 3.0, 7.5])
def test_equals_the_definition(q: float) -> None:
    expected = (1 - np.sum(P**q)) / (q - 1)
    assert float(ik.tsallis_entropy(P, q)) == pytest.approx(expected, rel=1e-14)


def test_special_orders() -> None:
    assert float(ik.tsallis_entropy(P, 0)) == 3.0  # support size - 1
    assert float(ik.tsallis_entropy(P, 2)) == pytest.approx(1 - np.sum(P**2), rel=1e-15)
    assert float(ik.tsallis_entropy(P, 1)) == float(ik.entropy(P))
    assert float(ik.tsallis_entropy(P, math.inf)) == 0.0


def test_continuous_through_order_one() -> None:
    shannon = float(ik.entropy(P))
    for step in (1e-4, 1e-8, 1e-12):
        for q in (1 - step, 1 + step):
            # S_q = H - (q - 1) * sum p (log p)^2 / 2 + O((q - 1)^2)
            slope = float(np.sum(P * np.log(P) ** 2)) / 2
            expected = shannon - (q - 1) * slope
            assert float(ik.tsallis_entropy(P, q)) == pytest.approx(
                expected, abs=max(step**2 * 10, 1e-15)
            )


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.floats(0.01, 1), min_size=2, max_size=5),
    st.lists(st.floats(0.01, 1), min_size=2, max_size=5),
    st.floats(0.1, 4).filter(lambda q: abs(q - 1) > 1e-3),
)
def test_pseudo_additivity_of_independent_systems(a: list[float], b: list[float], q: float) -> None:
    pa, pb = np.asarray(a) / sum(a), np.asarray(b) / sum(b)
    joint = np.outer(pa, pb).ravel()
    sa, sb = float(ik.tsallis_entropy(pa, q)), float(ik.tsallis_entropy(pb, q))
    expected = sa + sb + (1 - q) * sa * sb
    assert float(ik.tsallis_entropy(joint, q)) == pytest.approx(expected, rel=1e-12, abs=1e-14)


def test_tiny_probabilities_do_not_overflow() -> None:
    p = np.array([5e-324, 0.5, 0.5 - 5e-324])
    assert float(ik.tsallis_entropy(p, 0.0)) == 2.0
    assert float(ik.tsallis_entropy(p, 0.5)) == pytest.approx(2 * math.sqrt(0.5) / 0.5 - 2)


def test_batched_along_an_axis_and_torch() -> None:
    batch = np.stack([P, np.full(4, 0.25)], axis=1)  # outcomes on axis 0
    values = np.asarray(ik.tsallis_entropy(batch, 2.0, axis=0))
    assert values == pytest.approx([1 - np.sum(P**2), 0.75])
    torch = pytest.importorskip("torch")
    tensor = torch.tensor(P, dtype=torch.float64, requires_grad=True)
    value = ik.tsallis_entropy(tensor, 2.0)
    value.backward()
    assert float(value.detach()) == pytest.approx(1 - np.sum(P**2), rel=1e-15)
    # the gradient of sum p - sum p^2 (equal to 1 - sum p^2 on the simplex)
    assert np.allclose(tensor.grad.numpy(), 1 - 2 * P)


def test_rejects_bad_order_and_distribution() -> None:
    with pytest.raises(ValueError, match="order"):
        ik.tsallis_entropy(P, -1.0)
    with pytest.raises(ValueError, match="sum"):
        ik.tsallis_entropy([0.5, 0.6], 2.0)
