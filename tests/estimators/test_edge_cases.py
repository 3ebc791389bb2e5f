"""Ordinary edge cases of the sample estimators (issue #14): huge counts, scale, ties, names."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

import infokit
from infokit.estimators.discrete.engine import DISCRETE_METHODS
from infokit.estimators.discrete.methods import jackknife

METHODS = tuple(m for m in DISCRETE_METHODS if m != "auto")


class TestHugeCounts:
    @pytest.mark.parametrize("count", [10**12, 10**15])
    @pytest.mark.parametrize("method", METHODS)
    def test_equal_huge_counts_give_log_3(self, method, count):
        # Every bias correction is O(1/N) = O(1e-12) here, so each method is log 3 to 1e-9.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = infokit.estimate_entropy_from_counts([count] * 3, method=method)
        assert float(result.value) == pytest.approx(math.log(3), abs=1e-9)

    def test_jackknife_at_huge_counts_is_miller_madow_limit(self):
        # Jackknife = plug-in + (m - 1) / (2N) + O(1/N^2): the correction itself is exact here.
        counts = np.array([1e12, 2e12, 3e12])
        plugin = -sum(p * math.log(p) for p in (1 / 6, 2 / 6, 3 / 6))
        assert float(jackknife(counts)) - plugin == pytest.approx(2 / (2 * 6e12), rel=1e-6)

    def test_jackknife_matches_textbook_formula_at_small_counts(self):
        counts = np.array([5.0, 1.0, 1.0, 7.0])
        total = counts.sum()

        def plugin(c):
            c = c[c > 0]
            return math.log(c.sum()) - float((c * np.log(c)).sum()) / c.sum()

        left_out = [plugin(counts - np.eye(4)[i]) for i in range(4)]
        textbook = total * plugin(counts) - (total - 1) / total * float(counts @ left_out)
        assert float(jackknife(counts)) == pytest.approx(textbook, abs=1e-12)
        estimate = infokit.estimate_entropy_from_counts(counts, method="jackknife")
        assert float(estimate.value) == pytest.approx(textbook, abs=1e-12)


class TestArgumentNames:
    @pytest.fixture
    def samples(self):
        rng = np.random.default_rng(0)
        x, y, z = rng.normal(size=(3, 50))
        bad = y.copy()
        bad[3] = np.nan
        return x, z, bad

    @pytest.mark.parametrize("method", ["auto", "kozachenko_leonenko"])
    def test_joint_entropy_names_the_variable_with_nan(self, samples, method):
        x, _, bad = samples
        with pytest.raises(infokit.errors.InvalidParameterError, match=r"`variables\[1\]` must"):
            infokit.estimate_joint_entropy(x, bad, method=method)

    def test_joint_entropy_names_mismatched_lengths(self, samples):
        x, z, _ = samples
        with pytest.raises(infokit.errors.ShapeError, match=r"`variables\[1\]` has 5"):
            infokit.estimate_joint_entropy(x, z[:5], method="kozachenko_leonenko")

    def test_joint_entropy_omit_still_drops_nan_rows(self, samples):
        x, _, bad = samples
        keep = ~np.isnan(bad)
        dropped = infokit.estimate_joint_entropy(x[keep], bad[keep], method="kozachenko_leonenko")
        omitted = infokit.estimate_joint_entropy(
            x, bad, method="kozachenko_leonenko", nan_policy="omit"
        )
        assert float(omitted.value) == pytest.approx(float(dropped.value), abs=1e-12)

    @pytest.mark.parametrize(
        ("call", "name"),
        [
            (lambda x, z, b: infokit.estimate_mutual_information(x, b), "y"),
            (lambda x, z, b: infokit.estimate_mutual_information(b, x, method="gaussian"), "x"),
            (lambda x, z, b: infokit.estimate_conditional_mutual_information(x, z, b), "z"),
            (lambda x, z, b: infokit.estimate_conditional_mutual_information(x, b, z), "y"),
            (lambda x, z, b: infokit.estimate_kl_divergence(x, b), "x_q"),
            (lambda x, z, b: infokit.estimate_entropy(b), "x"),
            (lambda x, z, b: infokit.estimate_conditional_entropy(np.sign(x), np.sign(b)), "y"),
        ],
    )
    def test_front_ends_name_the_argument_with_nan(self, samples, call, name):
        x, z, bad = samples
        with pytest.raises(infokit.errors.InvalidParameterError, match=f"`{name}` "):
            call(x, z, bad)


class TestScale:
    """Rescaling by 1e300 or 1e-300 shifts entropies by d log(scale) and changes nothing else."""

    @pytest.fixture
    def data(self):
        rng = np.random.default_rng(0)
        x = rng.normal(size=1000)
        y = 0.5 * x + rng.normal(size=1000)
        z = rng.normal(size=1000)
        return x, y, z

    @pytest.mark.parametrize("scale", [1e300, 1e-300])
    @pytest.mark.parametrize("method", ["kozachenko_leonenko", "gaussian", "ebrahimi"])
    def test_entropy_shifts_by_log_scale(self, data, scale, method):
        x, _, z = data
        columns = np.column_stack([x, z]) if method != "ebrahimi" else x[:, None]
        d = columns.shape[1]
        plain = infokit.estimate_entropy(columns, method=method, rng=1)
        scaled = infokit.estimate_entropy(columns * scale, method=method, rng=1)
        expected = float(plain.value) + d * math.log(scale)
        assert float(scaled.value) == pytest.approx(expected, rel=1e-12)

    @pytest.mark.parametrize("scale", [1e300, 1e-300])
    @pytest.mark.parametrize("method", ["ksg", "gaussian", "gaussian_copula"])
    def test_mutual_information_is_scale_free(self, data, scale, method):
        x, y, _ = data
        plain = infokit.estimate_mutual_information(x, y, method=method, rng=1)
        scaled = infokit.estimate_mutual_information(x * scale, y * scale, method=method, rng=1)
        assert float(scaled.value) == pytest.approx(float(plain.value), abs=1e-12)

    @pytest.mark.parametrize("scale", [1e300, 1e-300])
    def test_conditional_mutual_information_is_scale_free(self, data, scale):
        x, y, z = data
        plain = infokit.estimate_conditional_mutual_information(x, y, z, rng=1)
        scaled = infokit.estimate_conditional_mutual_information(
            x * scale, y * scale, z * scale, rng=1
        )
        assert float(scaled.value) == pytest.approx(float(plain.value), abs=1e-12)

    @pytest.mark.parametrize("scale", [1e300, 1e-300])
    @pytest.mark.parametrize("method", ["knn", "gaussian"])
    def test_kl_divergence_is_scale_free(self, data, scale, method):
        x, _, z = data
        p, q = np.column_stack([x, z]), np.column_stack([z, x])[::-1] + 0.5
        plain = infokit.estimate_kl_divergence(p, q, method=method, rng=1)
        scaled = infokit.estimate_kl_divergence(p * scale, q * scale, method=method, rng=1)
        assert float(scaled.value) == pytest.approx(float(plain.value), abs=1e-12)

    @pytest.mark.parametrize("scale", [1e300, 1e-300])
    def test_feature_scores_are_scale_free(self, data, scale):
        pytest.importorskip("sklearn")
        from infokit.feature_selection import mutual_information_scores

        x, y, z = data
        features = np.column_stack([x, z])
        plain = mutual_information_scores(features, y, rng=1)
        scaled = mutual_information_scores(features * scale, y * scale, rng=1)
        np.testing.assert_allclose(scaled.values, plain.values, atol=1e-12)


class TestKLDivergenceSharedPoints:
    @pytest.fixture
    def draws(self):
        rng = np.random.default_rng(0)
        return rng.normal(size=(2000, 2)), rng.normal(size=(2000, 2))

    def test_identical_samples_give_zero(self, draws):
        x, _ = draws
        # every term is d log(rho / rho) + log((n - 1) / (n - 1)) = 0
        assert float(infokit.estimate_kl_divergence(x, x, rng=0).value) == 0.0

    @pytest.mark.parametrize(
        "build",
        [
            lambda x, y: (x, np.vstack([x[:1000], y[:1000]])),  # Q shares half of P's draws
        ],
    )
    def test_same_distribution_with_repeats_is_near_zero(self, draws, build):
        p, q = build(*draws)
        estimate = infokit.estimate_kl_divergence(p, q, rng=0)
        # P = Q: zero within 3 standard errors (each about 0.05 nats here)
        assert abs(float(estimate.value)) < 3 * float(estimate.std_error)
        assert abs(float(estimate.value)) < 0.15

    def test_kernel_counts_repeated_rows_once(self, draws):
        from infokit.estimators.continuous.neighbors import knn_kl_divergence

        x, y = draws
        distinct, _ = knn_kl_divergence(x[:1000], y[:1000])
        doubled, terms = knn_kl_divergence(np.vstack([x[:1000]] * 2), np.vstack([y[:1000]] * 2))
        assert doubled == pytest.approx(distinct, abs=1e-12)
        assert terms.shape == (2000,)

    def test_shared_points_do_not_hide_a_shift(self, draws):
        x, y = draws
        q = np.vstack([x[:200], y[200:] + 0.5])  # a few shared points, the rest shifted
        estimate = infokit.estimate_kl_divergence(x, q, rng=0)
        assert float(estimate.value) > 0.1


def _five_valued_feature(seed, n=100_000, positives=100):
    rng = np.random.default_rng(seed)
    x = rng.choice([0.5, 1.5, 2.5, 3.5, 4.5], size=n)
    y = np.zeros(n, dtype=int)
    y[rng.choice(n, positives, replace=False)] = 1
    return rng, x, y


class TestRossOnAtoms:
    """A float feature with few distinct values against labels (Ross's estimator)."""

    @pytest.mark.parametrize("seed", [0, 1, 2])
    def test_independent_atoms_give_zero(self, seed):
        pytest.importorskip("sklearn")
        from infokit.feature_selection import mutual_information_scores

        _, x, y = _five_valued_feature(seed, n=30_000, positives=60)
        # H(Y) = 0.014 nats; jittered ties used to give about half of it
        estimate = infokit.estimate_mutual_information(x, y, rng=0)
        assert abs(float(estimate.value)) < 3 * float(estimate.std_error) + 1e-5
        # below a tenth of H(Y) = 0.0144 nats (the bug gave half of it)
        assert abs(float(estimate.value)) < 1.5e-3
        scores = mutual_information_scores(x[:, None], y, rng=0)
        assert abs(float(scores.values[0])) < 3 * float(scores.std_error[0]) + 1e-5
        assert abs(float(scores.values[0])) < 1.5e-3

    def test_dependent_atoms_are_consistent(self):
        rng, x, _ = _five_valued_feature(0)
        y = (rng.random(x.shape[0]) < 0.1 + 0.15 * (x > 2)).astype(int)
        h = lambda p: -p * math.log(p) - (1 - p) * math.log(1 - p)  # noqa: E731
        truth = h(0.19) - 0.4 * h(0.1) - 0.6 * h(0.25)  # 0.01879 nats
        estimate = infokit.estimate_mutual_information(x, y, rng=0)
        # 4 standard errors (about 0.0006 each) around the exact value
        assert float(estimate.value) == pytest.approx(truth, abs=4 * float(estimate.std_error))


class TestRoundedData:
    @pytest.mark.parametrize("seed", [0, 1, 2])
    def test_independent_rounded_columns_give_zero(self, seed):
        rng = np.random.default_rng(seed)
        a, b = np.round(rng.normal(size=(2, 3000)), 1)
        estimate = infokit.estimate_mutual_information(a, b, rng=0)
        # was 0.03-0.04 nats through mixed_ksg; now zero within 3 standard errors (~0.02)
        assert abs(float(estimate.value)) < 3 * float(estimate.std_error)
        assert abs(float(estimate.value)) < 0.06

    def test_dependent_rounded_columns_keep_the_truth(self):
        rng = np.random.default_rng(0)
        x = rng.normal(size=3000)
        y = 0.6 * x + 0.8 * rng.normal(size=3000)
        estimate = infokit.estimate_mutual_information(np.round(x, 1), np.round(y, 1), rng=0)
        truth = -0.5 * math.log(1 - 0.36)  # rounding to 0.1 sd moves it by < 0.01
        assert float(estimate.value) == pytest.approx(truth, abs=3 * float(estimate.std_error))

    def test_real_atoms_are_not_dequantised(self):
        from infokit.estimators.continuous.samples import dequantize_grid_columns

        rng = np.random.default_rng(0)
        x = rng.normal(size=(1000, 1))
        zero_inflated = np.where(rng.random((1000, 1)) < 0.3, 0.0, x)
        np.testing.assert_array_equal(dequantize_grid_columns(zero_inflated, rng), zero_inflated)
        rounded = np.round(x, 1)
        moved = dequantize_grid_columns(rounded, rng)
        np.testing.assert_allclose(np.round(moved, 1), rounded)  # invertible: MI unchanged
        assert np.unique(moved).size == 1000


@pytest.mark.parametrize("dimension", [1, 2])
def test_kl_divergence_of_rounded_samples_of_one_distribution_is_near_zero(dimension):
    # rounded to 0.1: dequantised at the grid step (as entropy and MI), not jittered at
    # 1e-10 (which made the within-sample distances meaningless)
    rng = np.random.default_rng(dimension)
    x_p = np.round(rng.normal(size=(5000, dimension)), 1)
    x_q = np.round(rng.normal(size=(5000, dimension)), 1)
    with pytest.warns(infokit.errors.TieWarning, match="dequantised"):
        estimate = infokit.estimate_kl_divergence(x_p, x_q, rng=0)
    assert abs(estimate.value) < 3 * estimate.std_error + 0.01


def test_entropy_of_rounded_two_dimensional_data_is_the_continuous_one():
    # was -20.8 nats: jitter of 1e-10 x the spread inside cells of width 0.1
    x = np.round(np.random.default_rng(0).normal(size=(5000, 2)), 1)
    with pytest.warns(infokit.errors.TieWarning, match="dequantised 2 column"):
        estimate = infokit.estimate_entropy(x, rng=0)
    assert estimate.value == pytest.approx(math.log(2 * math.pi * math.e), abs=0.08)
