"""Tests of the JVHW entropy estimator (`infokit.estimators.discrete.jvhw`)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.polynomial import polynomial as monomial
from scipy import stats

from infokit.estimators._frontends import estimate_entropy
from infokit.estimators.discrete.engine import estimate_entropy_from_counts
from infokit.estimators.discrete.jvhw import (
    entropy_polynomial,
    jvhw,
    jvhw_weighted,
    polynomial_order,
)


def _neg_y_log_y(y: np.ndarray) -> np.ndarray:
    out = np.zeros_like(y)
    out[y > 0] = -y[y > 0] * np.log(y[y > 0])
    return out


def _jvhw_by_formula(counts: list[int]) -> float:
    """The estimator written out per category with scalars, from the paper and reference code."""
    positive = [c for c in counts if c > 0]
    n = sum(positive)
    f1 = sum(1 for c in positive if c == 1)
    order = min(4 + math.ceil(1.2 * math.log(n)), 22)
    g = entropy_polynomial(order)
    c1 = 0.0
    if f1 > 0 and n >= order:
        r = math.log(n / f1)
        if n >= 200 and r <= 1.5:
            c1 = -0.530556484842359 * r**2 + 1.09787328176926 * r + 0.184831781602259
        else:
            c1 = 0.3303 * r + 0.4679
        c1 = max(c1, 1 / (1.9 * math.log(n)))
    t = 4 * c1 * math.log(n) / n
    total = 0.0
    for c in positive:
        x = c / n
        plug = -x * math.log(x) + 1 / (2 * n)
        if t == 0 or 2 * x / t - 1 >= 1:
            total += max(plug, 0.0)
            continue
        # unbiased estimate of T * sum_j g_j (p/T)^j: falling factorials of the count
        poly = t * sum(
            g[j] * math.prod((c - q) / (t * (n - q)) for q in range(j)) for j in range(g.size)
        )
        poly -= x * math.log(t)
        weight = min(max(2 * x / t - 1, 0.0), 1.0)
        total += max(weight * plug + (1 - weight) * poly, 0.0)
    return total


class TestPolynomial:
    @pytest.mark.parametrize("order", [2, 6, 12, 16])
    def test_error_equioscillates(self, order):
        # Chebyshev's theorem: the best approximation's error reaches ±E at L + 2 points with
        # alternating signs, and E is below the error of the Chebyshev interpolant.
        y = np.linspace(0.0, 1.0, 400_001)
        error = _neg_y_log_y(y) - monomial.polyval(y, entropy_polynomial(order))
        level = np.abs(error).max()
        extremal = np.abs(error) > level * (1 - 1e-4)
        signs = np.sign(error[extremal])
        alternations = 1 + np.count_nonzero(np.diff(signs))
        assert alternations >= order + 2
        assert error.max() == pytest.approx(-error.min(), rel=1e-4)
        nodes = np.cos((2 * np.arange(order + 1) + 1) * math.pi / (2 * order + 2))
        interpolant = np.polynomial.Chebyshev.fit(
            (nodes + 1) / 2, _neg_y_log_y((nodes + 1) / 2), order, domain=[0, 1]
        )
        assert level < np.abs(_neg_y_log_y(y) - interpolant(y)).max()

    def test_known_levels(self):
        assert entropy_polynomial(6)[0] == pytest.approx(0.0062442, rel=1e-4)
        assert entropy_polynomial(12)[0] == pytest.approx(0.0015719, rel=1e-4)

    def test_order_rule(self):
        assert [polynomial_order(n) for n in (10, 100, 1000, 10**4, 10**7)] == [7, 10, 13, 16, 22]

    def test_bad_order(self):
        with pytest.raises(ValueError, match="`order` must be an integer from 1 to 22"):
            entropy_polynomial(23)

    def test_falling_factorials_are_unbiased(self):
        # E[prod_{q<j} (n - q) / (N - q)] = p^j for n ~ Binomial(N, p): the series estimates
        # T * sum_j g_j (p / T)^j without bias.
        n_samples, p, threshold = 40, 0.03, 0.1
        g = entropy_polynomial(polynomial_order(n_samples))
        counts = np.arange(n_samples + 1)
        pmf = stats.binom.pmf(counts, n_samples, p)
        series = np.zeros(counts.size)
        for j in range(g.size):
            term = np.ones(counts.size)
            for q in range(j):
                term *= (counts - q) / (threshold * (n_samples - q))
            series += g[j] * term
        expected = threshold * float(pmf @ series)
        assert expected == pytest.approx(threshold * monomial.polyval(p / threshold, g), rel=1e-10)


class TestValues:
    @pytest.mark.parametrize(
        "counts",
        [
            [1, 1, 2, 3, 1, 5, 1, 1, 2, 9, 1, 1, 4],  # N < 200: linear c1 fit
            [1] * 150 + [2] * 40 + [3] * 10 + [50],  # N = 310, log(N/f1) = 0.73: quadratic fit
            [1] * 5 + [40] * 10 + [300],  # N = 705, log(N/f1) = 4.95: linear fit
            [1] * 2 + [2] * 3 + [7] * 4,  # few singletons: the floor 1 / (1.9 log N) binds
        ],
    )
    def test_matches_scalar_formula(self, counts):
        assert jvhw(np.array([counts], dtype=float))[0] == pytest.approx(
            _jvhw_by_formula(counts), rel=1e-12
        )

    def test_without_singletons_is_plugin_plus_half_m_over_n(self):
        counts = np.array([4.0, 3.0, 3.0, 10.0])
        p = counts / counts.sum()
        expected = -(p * np.log(p)).sum() + counts.size / (2 * counts.sum())
        assert jvhw(counts[None, :])[0] == pytest.approx(expected, rel=1e-14)

    def test_fewer_samples_than_the_order_is_plugin_branch(self):
        counts = np.array([1.0, 1.0, 2.0])  # N = 4 < order 6
        p = counts / 4
        assert jvhw(counts[None, :])[0] == pytest.approx(-(p * np.log(p)).sum() + 3 / 8)

    def test_rows_are_independent(self):
        rows = np.array([[3.0, 1.0, 1.0, 0.0], [10.0, 0.0, 2.0, 1.0], [1.0, 1.0, 1.0, 1.0]])
        together = jvhw(rows)
        apart = [jvhw(row[None, :])[0] for row in rows]
        assert together == pytest.approx(apart, rel=1e-14)

    @settings(max_examples=40, deadline=None)
    @given(st.lists(st.integers(min_value=0, max_value=30), min_size=1, max_size=40))
    def test_weighted_form_equals_dense_form(self, counts):
        array = np.array(counts, dtype=float)
        if array.sum() < 2:
            return
        values, multiplicity = np.unique(array, return_counts=True)
        weighted = jvhw_weighted(values[None, :], multiplicity[None, :].astype(float))[0]
        assert weighted == pytest.approx(jvhw(array[None, :])[0], rel=1e-12, abs=1e-14)
        assert weighted >= 0


class TestAccuracy:
    def test_uniform_at_n_equal_k(self):
        # K = N = 1000 (the plug-in is 0.57 nats low here); JVHW: bias -0.03, sd 0.06
        rng = np.random.default_rng(11)
        truth = math.log(1000)
        values = [
            jvhw(rng.multinomial(1000, np.full(1000, 1e-3))[None, :].astype(float))[0]
            for _ in range(30)
        ]
        assert abs(np.mean(values) - truth) < 0.06
        assert np.sqrt(np.mean((np.array(values) - truth) ** 2)) < 0.1

    def test_converges_on_zipf(self):
        rng = np.random.default_rng(12)
        p = 1 / np.arange(1, 1001)
        p /= p.sum()
        truth = -(p * np.log(p)).sum()
        errors = {}
        for n in (1000, 100_000):
            values = [jvhw(rng.multinomial(n, p)[None, :].astype(float))[0] for _ in range(10)]
            errors[n] = abs(np.mean(values) - truth)
        assert errors[100_000] < 0.005
        assert errors[100_000] < errors[1000]


class TestThroughTheApi:
    def test_value_and_jackknife_standard_error(self):
        # The standard error is the jackknife over samples: brute force over the N samples.
        counts = np.array([5, 1, 1, 2, 1, 3, 1, 1, 7, 1, 2, 1])
        estimate = estimate_entropy_from_counts(counts, method="jvhw")
        assert estimate.value == pytest.approx(jvhw(counts[None, :].astype(float))[0])
        n = int(counts.sum())
        left_out = []
        for category, count in enumerate(counts):
            reduced = counts.astype(float)
            reduced[category] -= 1
            left_out += [jvhw(reduced[None, :])[0]] * int(count)
        left_out_array = np.array(left_out)
        jackknife_se = math.sqrt(
            (n - 1) / n * ((left_out_array - left_out_array.mean()) ** 2).sum()
        )
        assert estimate.std_error == pytest.approx(jackknife_se, rel=1e-10)

    def test_interval_joins_the_chao_wang_jost_interval(self):
        rng = np.random.default_rng(3)
        x = rng.integers(0, 300, size=400)
        estimate = estimate_entropy(x, method="jvhw", ci=0.95)
        own, reference = estimate.details["own_interval"], estimate.details["reference_interval"]
        assert estimate.ci == (min(own[0], reference[0]), max(own[1], reference[1]))
        z = stats.norm.ppf(0.975)
        assert own == pytest.approx(
            (estimate.value - z * estimate.std_error, estimate.value + z * estimate.std_error)
        )

    def test_bits(self):
        counts = [4, 1, 1, 2, 1]
        nats = estimate_entropy_from_counts(counts, method="jvhw").value
        bits = estimate_entropy_from_counts(counts, method="jvhw", base=2).value
        assert bits == pytest.approx(nats / math.log(2))
