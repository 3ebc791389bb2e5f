"""Every worked number of the tutorial texts infokit grew from, as a test vector.

The texts round their numbers; each test states the exact value and checks the rounded one
the text prints.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import infokit as ik

LOADED_DIE = [0.5, 0.1, 0.1, 0.1, 0.1, 0.1]
FAIR_DIE = [1 / 6] * 6
P = [0.5, 0.3, 0.2]
Q = [0.4, 0.4, 0.2]


def test_fair_coin_flip_carries_one_bit() -> None:
    assert ik.self_information(0.5, base=2) == 1.0


def test_biased_coin_surprisals_in_bits() -> None:
    # P(heads) = 0.9: heads is unsurprising, tails very surprising.
    heads, tails = ik.self_information([0.9, 0.1], base="bits")
    assert heads == pytest.approx(-math.log2(0.9), rel=1e-15)
    assert round(float(heads), 3) == 0.152
    assert tails == pytest.approx(math.log2(10), rel=1e-15)
    assert round(float(tails), 2) == 3.32


def test_certain_event_carries_no_information() -> None:
    value = ik.self_information(1.0)
    assert value == 0.0
    assert math.copysign(1.0, float(value)) == 1.0  # +0.0, not -0.0


def test_hundred_events_of_probability_one_percent() -> None:
    # log(0.01^100) underflows as a product but is -460.5 as a sum of logs.
    total = float(np.sum(ik.self_information(np.full(100, 0.01))))
    assert total == pytest.approx(100 * math.log(100), rel=1e-14)
    assert round(total, 1) == 460.5


def test_fair_die_entropy_is_log2_6_bits() -> None:
    assert ik.entropy(FAIR_DIE, base=2) == pytest.approx(math.log2(6), rel=1e-15)
    assert round(float(ik.entropy(FAIR_DIE, base=2)), 2) == 2.58


def test_loaded_die_entropy() -> None:
    exact = -0.5 * math.log2(0.5) - 5 * 0.1 * math.log2(0.1)
    assert ik.entropy(LOADED_DIE, base=2) == pytest.approx(exact, rel=1e-15)
    assert round(float(ik.entropy(LOADED_DIE, base=2)), 3) == 2.161


def test_degenerate_die_has_zero_entropy() -> None:
    assert ik.entropy([0, 0, 0, 0, 0, 1], base=2) == 0.0


def test_biased_coin_entropy_in_bits() -> None:
    exact = -(0.9 * math.log2(0.9) + 0.1 * math.log2(0.1))
    assert ik.binary_entropy(0.9, base=2) == pytest.approx(exact, rel=1e-15)
    assert ik.entropy([0.9, 0.1], base=2) == pytest.approx(exact, rel=1e-15)
    assert round(exact, 3) == 0.469


def test_entropy_ordering_of_the_comparison_figure() -> None:
    certain, coin, loaded, fair = (
        float(ik.entropy(d, base=2)) for d in ([1.0], [0.9, 0.1], LOADED_DIE, FAIR_DIE)
    )
    assert (round(certain, 2), round(coin, 2), round(loaded, 2), round(fair, 2)) == (
        0.0,
        0.47,
        2.16,
        2.58,
    )


@pytest.mark.parametrize("k", [1, 2, 6, 10, 1000])
def test_uniform_over_k_outcomes_has_entropy_log_k(k: int) -> None:
    assert ik.entropy(np.full(k, 1 / k)) == pytest.approx(math.log(k), rel=1e-14, abs=1e-15)


def test_kl_divergence_example_both_directions() -> None:
    forward = 0.5 * math.log(0.5 / 0.4) + 0.3 * math.log(0.3 / 0.4)
    backward = 0.4 * math.log(0.4 / 0.5) + 0.4 * math.log(0.4 / 0.3)
    assert ik.kl_divergence(P, Q) == pytest.approx(forward, rel=1e-14)
    assert ik.kl_divergence(Q, P) == pytest.approx(backward, rel=1e-14)
    # The text prints 0.0253 and 0.0259; the exact values:
    assert round(float(ik.kl_divergence(P, Q)), 6) == 0.025267
    assert round(float(ik.kl_divergence(Q, P)), 6) == 0.025815
    assert ik.kl_divergence(P, Q) != ik.kl_divergence(Q, P)


def test_entropy_and_cross_entropy_of_the_kl_example() -> None:
    h_p = -(0.5 * math.log(0.5) + 0.3 * math.log(0.3) + 0.2 * math.log(0.2))
    h_pq = -(0.5 * math.log(0.4) + 0.3 * math.log(0.4) + 0.2 * math.log(0.2))
    assert ik.entropy(P) == pytest.approx(h_p, rel=1e-15)
    assert ik.cross_entropy(P, Q) == pytest.approx(h_pq, rel=1e-15)
    assert (round(float(ik.entropy(P)), 4), round(float(ik.cross_entropy(P, Q)), 4)) == (
        1.0297,
        1.0549,
    )
    # Cross-entropy = entropy + KL divergence, and it is at least the entropy.
    assert ik.cross_entropy(P, Q) == pytest.approx(ik.entropy(P) + ik.kl_divergence(P, Q))
    assert ik.cross_entropy(P, Q) >= ik.entropy(P)
    assert ik.cross_entropy(P, P) == pytest.approx(ik.entropy(P), rel=1e-15)


def test_biased_coin_against_a_fair_model() -> None:
    coin, fair = [0.9, 0.1], [0.5, 0.5]
    assert round(float(ik.entropy(coin)), 3) == 0.325
    assert ik.cross_entropy(coin, fair) == pytest.approx(math.log(2), rel=1e-15)
    assert round(float(ik.cross_entropy(coin, fair)), 3) == 0.693


def test_one_hot_cross_entropy_is_negative_log_of_the_true_class() -> None:
    predicted = [0.1, 0.7, 0.2]
    assert ik.cross_entropy([0, 1, 0], predicted) == pytest.approx(-math.log(0.7), rel=1e-15)
    # A confident correct prediction costs little; a confident wrong one explodes.
    assert ik.cross_entropy([0, 1, 0], [0.0, 1.0, 0.0]) == 0.0
    assert ik.cross_entropy([0, 1, 0], [0.5, 0.0, 0.5]) == math.inf


@pytest.mark.parametrize(
    ("label", "prediction", "expected"),
    [(1, 0.9, -math.log(0.9)), (1, 0.1, -math.log(0.1)), (0, 0.1, -math.log(0.9))],
)
def test_binary_cross_entropy_examples(label: int, prediction: float, expected: float) -> None:
    # Binary cross-entropy is the two-outcome cross-entropy.
    loss = ik.cross_entropy([1 - label, label], [1 - prediction, prediction])
    assert loss == pytest.approx(expected, rel=1e-15)


def test_confident_wrong_prediction_costs_more_than_an_uncertain_one() -> None:
    confident_wrong = ik.cross_entropy([0, 1], [0.9, 0.1])
    uncertain = ik.cross_entropy([0, 1], [0.5, 0.5])
    assert round(float(confident_wrong), 3) == 2.303
    assert round(float(uncertain), 3) == 0.693
    assert confident_wrong > uncertain


def test_mutual_information_is_zero_for_independent_and_entropy_for_copies() -> None:
    independent = np.outer([0.3, 0.7], [0.6, 0.4])
    assert ik.mutual_information(independent) == pytest.approx(0.0, abs=1e-15)
    copy = np.diag([0.25, 0.25, 0.5])
    assert ik.mutual_information(copy) == pytest.approx(ik.entropy([0.25, 0.25, 0.5]), rel=1e-15)
    # Conditional entropy: zero if X is determined by Y, H(X) if independent.
    assert ik.conditional_entropy(copy) == 0.0
    assert ik.conditional_entropy(independent) == pytest.approx(ik.entropy([0.3, 0.7]), rel=1e-14)
