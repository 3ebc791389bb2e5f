"""Weighted Kozachenko–Leonenko entropy (Berrett, Samworth & Yuan 2019): weights, kernel, API."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.spatial.distance import cdist
from scipy.special import digamma, gamma, gammaln

from infokit import estimate_entropy
from infokit.errors import InvalidParameterError
from infokit.estimators.continuous.neighbors import (
    kozachenko_leonenko_entropy,
    weighted_kozachenko_leonenko_entropy,
    weighted_kozachenko_leonenko_weights,
)


def _constraint_matrix(k: int, d: int) -> np.ndarray:
    j = np.arange(1, k + 1)
    orders = range(1, d // 4 + 1)
    rows = [np.ones(k)] + [np.exp(gammaln(j + 2 * order / d) - gammaln(j)) for order in orders]
    return np.vstack(rows)


class TestWeights:
    @pytest.mark.parametrize(("k", "d"), [(5, 4), (10, 5), (10, 7), (20, 8), (30, 12), (10, 10)])
    def test_constraints_hold(self, k, d):
        w = weighted_kozachenko_leonenko_weights(k, d)
        target = np.zeros(d // 4 + 1)
        target[0] = 1.0
        np.testing.assert_allclose(_constraint_matrix(k, d) @ w, target, atol=1e-10)

    @pytest.mark.parametrize(("k", "d"), [(10, 5), (20, 8), (30, 12)])
    def test_minimum_norm_closed_form(self, k, d):
        # G^T (G G^T)^{-1} e_1, and any other solution (w + a null vector) is longer
        g = _constraint_matrix(k, d)
        e1 = np.zeros(g.shape[0])
        e1[0] = 1.0
        expected = g.T @ np.linalg.solve(g @ g.T, e1)
        w = weighted_kozachenko_leonenko_weights(k, d)
        np.testing.assert_allclose(w, expected, rtol=1e-9, atol=1e-12)
        null = np.linalg.svd(g)[2][-1]
        assert np.linalg.norm(w + 0.1 * null) > np.linalg.norm(w)

    def test_worked_example_two_neighbours_in_four_dimensions(self):
        # w1 + w2 = 1 and w1 Γ(3/2) + w2 Γ(5/2)/Γ(2) = 0 with Γ(5/2) = 1.5 Γ(3/2): (3, -2)
        assert gamma(2.5) == pytest.approx(1.5 * gamma(1.5))
        np.testing.assert_allclose(weighted_kozachenko_leonenko_weights(2, 4), [3.0, -2.0])

    @pytest.mark.parametrize("d", [1, 2, 3])
    def test_no_bias_constraint_up_to_three_dimensions(self, d):
        # floor(d/4) = 0: all weight on the K-th neighbour (the authors' L2OptW)
        np.testing.assert_array_equal(weighted_kozachenko_leonenko_weights(6, d), [0] * 5 + [1])

    def test_too_few_neighbours_for_the_constraints(self):
        with pytest.raises(InvalidParameterError, match="floor"):
            weighted_kozachenko_leonenko_weights(2, 8)


class TestKernel:
    @pytest.mark.parametrize(("d", "k", "metric"), [(5, 6, "euclidean"), (8, 5, "chebyshev")])
    def test_matches_brute_force(self, d, k, metric):
        x = np.random.default_rng(d).normal(size=(60, d))
        distances = np.sort(cdist(x, x, metric=metric), axis=1)[:, 1 : k + 1]
        w = weighted_kozachenko_leonenko_weights(k, d)
        log_volume = (
            d * math.log(2)
            if metric == "chebyshev"
            else (d / 2 * math.log(math.pi) - gammaln(d / 2 + 1))
        )
        per_rank = digamma(60) - digamma(np.arange(1, k + 1)) + log_volume
        expected_terms = (per_rank + d * np.log(distances)) @ w
        value, terms = weighted_kozachenko_leonenko_entropy(x, n_neighbors=k, metric=metric)
        np.testing.assert_allclose(terms, expected_terms, rtol=1e-12)
        assert value == pytest.approx(expected_terms.mean(), rel=1e-12)

    @pytest.mark.parametrize("d", [1, 2, 3])
    def test_equals_plain_estimator_up_to_three_dimensions(self, d):
        x = np.random.default_rng(d).normal(size=(300, d))
        value, terms = weighted_kozachenko_leonenko_entropy(x, n_neighbors=4)
        plain, plain_terms = kozachenko_leonenko_entropy(x, n_neighbors=4)
        assert value == pytest.approx(plain, rel=1e-12)
        np.testing.assert_allclose(terms, plain_terms, rtol=1e-12)


class TestFrontEnd:
    def test_accuracy_on_five_dimensional_gaussians(self):
        # benchmarks/accuracy_weighted_kl.py, d = 5, N = 10^4, 50 seeds: bias -0.020 (plain
        # k = 3: -0.052), standard deviation 0.029 per estimate. Over 4 seeds the mean error
        # has standard error 0.015, so |bias| + 3 SE = 0.065 bounds it; the mean paired
        # difference to the plain estimator (+0.032 on average) must be positive.
        truth = 2.5 * math.log(2 * math.pi * math.e)
        weighted, plain = [], []
        for seed in range(4):
            x = np.random.default_rng(seed).normal(size=(10_000, 5))
            weighted.append(estimate_entropy(x, method="weighted_kozachenko_leonenko").value)
            plain.append(estimate_entropy(x, method="kozachenko_leonenko").value)
        assert abs(np.mean(weighted) - truth) < 0.020 + 3 * 0.015
        assert np.mean(weighted) - np.mean(plain) > 0

    def test_error_bar_and_details(self):
        x = np.random.default_rng(1).normal(size=(2000, 5))
        estimate = estimate_entropy(x, method="weighted_kozachenko_leonenko", ci=0.95)
        assert estimate.method == "weighted_kozachenko_leonenko"
        assert estimate.details["n_neighbors"] == 10
        assert 0 < estimate.std_error < 0.2
        low, high = estimate.ci
        assert low < estimate.value < high

    def test_translation_invariant_and_scaling_shifts_by_d_log_a(self):
        x = np.random.default_rng(2).normal(size=(1500, 5))
        base = estimate_entropy(x, method="weighted_kozachenko_leonenko").value
        moved = estimate_entropy(x + 7.5, method="weighted_kozachenko_leonenko").value
        scaled = estimate_entropy(-3.0 * x, method="weighted_kozachenko_leonenko").value
        assert moved == pytest.approx(base, abs=1e-9)
        assert scaled == pytest.approx(base + 5 * math.log(3.0), abs=1e-9)

    def test_explicit_n_neighbors_and_base(self):
        x = np.random.default_rng(3).normal(size=(800, 6))
        nats = estimate_entropy(x, method="weighted_kozachenko_leonenko", n_neighbors=7)
        bits = estimate_entropy(x, method="weighted_kozachenko_leonenko", n_neighbors=7, base=2)
        expected, _ = weighted_kozachenko_leonenko_entropy(x, n_neighbors=7)
        assert nats.value == pytest.approx(expected, rel=1e-12)
        assert bits.value == pytest.approx(expected / math.log(2), rel=1e-12)


@pytest.mark.parametrize(
    ("n", "d", "expected"),
    [
        (10_000, 4, "weighted_kozachenko_leonenko"),
        (10_000, 6, "weighted_kozachenko_leonenko"),
        (9_999, 5, "kozachenko_leonenko"),
        (10_000, 7, "kozachenko_leonenko"),
        (10_000, 2, "kozachenko_leonenko"),
    ],
)
def test_auto_takes_the_weighted_estimator_where_it_measured_better(n, d, expected):
    # benchmarks/accuracy_weighted_kl.py: better for 4 <= d <= 6 at N = 10^4 only
    x = np.random.default_rng(d).normal(size=(n, d))
    assert estimate_entropy(x, uncertainty="none").method == expected
