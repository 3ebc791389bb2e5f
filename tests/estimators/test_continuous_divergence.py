"""Conditional MI and KL divergence from continuous samples; the jackknife error bars."""

from __future__ import annotations

import math

import numpy as np
import pytest

from infokit import (
    estimate_conditional_mutual_information,
    estimate_kl_divergence,
    estimate_mutual_information,
)
from infokit.errors import InvalidParameterError, ShapeError, SmallSampleWarning, TieWarning
from infokit.estimators.continuous import uncertainty as _uncertainty


def gaussian_kl(mean_p, cov_p, mean_q, cov_q):
    d = len(mean_p)
    inverse_q = np.linalg.inv(cov_q)
    shift = np.asarray(mean_q) - np.asarray(mean_p)
    return 0.5 * (
        np.trace(inverse_q @ cov_p)
        + shift @ inverse_q @ shift
        - d
        + math.log(np.linalg.det(cov_q) / np.linalg.det(cov_p))
    )


def chain(n, seed):
    """Z -> X, Z -> Y with unit noises: X and Y are independent given Z."""
    rng = np.random.default_rng(seed)
    z = rng.normal(size=n)
    return z + rng.normal(size=n), z + rng.normal(size=n), z


class TestConditionalMutualInformation:
    @pytest.mark.parametrize("method", ["ksg", "gaussian_copula"])
    def test_conditionally_independent_within_reported_error(self, method):
        x, y, z = chain(3000, seed=0)
        estimate = estimate_conditional_mutual_information(x, y, z, method=method)
        assert abs(estimate.value) < 4 * estimate.std_error + 0.005
        assert estimate_mutual_information(x, y).value > 0.1  # dependent without Z

    @pytest.mark.parametrize("method", ["ksg", "gaussian_copula"])
    def test_gaussian_truth(self, method):
        # X = Z + e1, Y = X + Z + e2: I(X;Y|Z) = I(e1; e1 + e2) = 1/2 log 2
        rng = np.random.default_rng(1)
        z = rng.normal(size=4000)
        x = z + rng.normal(size=4000)
        y = x + z + rng.normal(size=4000)
        estimate = estimate_conditional_mutual_information(x, y, z, method=method, ci=0.95)
        # tolerance: 4 standard errors plus the KSG bias measured at N = 4000 (< 0.02)
        assert estimate.value == pytest.approx(0.5 * math.log(2), abs=4 * estimate.std_error + 0.02)
        assert estimate.ci[0] < estimate.value < estimate.ci[1]

    def test_copula_is_exactly_invariant_under_monotone_transforms(self):
        x, y, z = chain(500, seed=2)
        plain = estimate_conditional_mutual_information(x, y, z, method="gaussian_copula")
        moved = estimate_conditional_mutual_information(
            np.exp(x), -np.exp(-y), z**3, method="gaussian_copula"
        )
        assert moved.value == plain.value

    def test_constant_z_reduces_to_mutual_information(self):
        x, y, _ = chain(500, seed=3)
        cmi = estimate_conditional_mutual_information(x, y, np.ones(500))
        mi = estimate_mutual_information(x, y)
        assert cmi.value == pytest.approx(mi.value, abs=1e-12)

    def test_constant_x_gives_zero(self):
        _, y, z = chain(100, seed=4)
        estimate = estimate_conditional_mutual_information(np.zeros(100), y, z)
        assert (estimate.value, estimate.std_error) == (0.0, 0.0)

    def test_labels_z_are_stratified(self):
        # Z labels; X = Z + e1, Y = X + e2: I(X;Y|Z) = I(e1; e1 + e2) = 1/2 log 2
        rng = np.random.default_rng(5)
        labels = rng.choice(np.array(["a", "b", "c"]), size=3000)
        shift = (labels == "b") * 2.0 + (labels == "c") * 4.0
        x = shift + rng.normal(size=3000)
        y = x + rng.normal(size=3000)
        estimate = estimate_conditional_mutual_information(x, y, labels)
        assert estimate.details["discrete"] == (False, False, True)
        assert estimate.details["stratified"]
        assert estimate.value == pytest.approx(0.5 * math.log(2), abs=4 * estimate.std_error)
        # exactly the class-weighted mean of KSG within each class
        weighted = sum(
            np.mean(labels == label)
            * estimate_mutual_information(x[labels == label], y[labels == label]).value
            for label in ("a", "b", "c")
        )
        assert estimate.value == pytest.approx(weighted, abs=1e-12)

    def test_labels_z_with_small_classes(self):
        x, y, _ = chain(200, seed=6)
        labels = np.array(["big"] * 198 + ["tiny"] * 2)
        with pytest.warns(SmallSampleWarning, match="1 class"):
            estimate = estimate_conditional_mutual_information(x, y, labels)
        assert math.isfinite(estimate.value)
        with pytest.raises(ShapeError, match="every class of `z`"):
            estimate_conditional_mutual_information(x[:6], y[:6], np.array(list("aabbcc")))

    def test_integer_labels_x_are_numbers_with_ties(self):
        x, y, z = chain(300, seed=7)
        with pytest.warns(TieWarning):
            estimate = estimate_conditional_mutual_information(
                np.round(x).astype(int), y, z, discrete=(True, False, False)
            )
        assert math.isfinite(estimate.value)

    def test_bad_input(self):
        x, y, z = chain(50, seed=6)
        with pytest.raises(ShapeError, match="`z` has 49"):
            estimate_conditional_mutual_information(x, y, z[:-1])
        with pytest.raises(InvalidParameterError, match="`method` must be one of"):
            estimate_conditional_mutual_information(x, y, z, method="kde")
        with pytest.raises(InvalidParameterError, match="`discrete` must be None"):
            estimate_conditional_mutual_information(x, y, z, discrete=(True, False))
        with pytest.raises(ShapeError, match="needs at least 4 samples"):
            estimate_conditional_mutual_information(x[:3], y[:3], z[:3])


class TestKLDivergence:
    def test_gaussian_method_matches_closed_form_of_fitted_moments(self):
        rng = np.random.default_rng(0)
        p = rng.normal(size=(400, 3))
        q = rng.normal(size=(300, 3)) @ np.diag([1.0, 2.0, 0.5]) + 1.0
        estimate = estimate_kl_divergence(p, q, method="gaussian")
        expected = gaussian_kl(
            p.mean(0), np.cov(p, rowvar=False), q.mean(0), np.cov(q, rowvar=False)
        )
        assert estimate.value == pytest.approx(expected, abs=1e-10)

    @pytest.mark.slow
    @pytest.mark.parametrize("d", [1, 3])
    def test_knn_converges(self, d):
        # P = N(0, I), Q = N(0.5, 1.5^2 I); tolerance: 4 reported standard errors plus the
        # kNN bias measured at N = 5000 (about 0.02 nats for d = 3)
        rng = np.random.default_rng(d)
        p = rng.normal(size=(5000, d))
        q = 0.5 + 1.5 * rng.normal(size=(5000, d))
        truth = gaussian_kl(np.zeros(d), np.eye(d), np.full(d, 0.5), 2.25 * np.eye(d))
        estimate = estimate_kl_divergence(p, q)
        assert estimate.value == pytest.approx(truth, abs=4 * estimate.std_error + 0.02)
        assert estimate.method == "knn"

    def test_identical_distributions_near_zero(self):
        rng = np.random.default_rng(5)
        estimate = estimate_kl_divergence(rng.normal(size=2000), rng.normal(size=1500))
        assert abs(estimate.value) < 4 * estimate.std_error
        assert estimate.details["n_samples_q"] == 1500

    def test_ties_across_samples_are_jittered(self):
        rng = np.random.default_rng(6)
        p = np.round(rng.normal(size=300), 1)
        q = np.round(rng.normal(size=300) + 1, 1)
        with pytest.warns(TieWarning, match=r"\(x_p, x_q\)"):
            estimate = estimate_kl_divergence(p, q)
        assert math.isfinite(estimate.value)

    def test_bad_input(self):
        rng = np.random.default_rng(7)
        with pytest.raises(ShapeError, match="same number of dimensions; got 2 and 3"):
            estimate_kl_divergence(rng.normal(size=(20, 2)), rng.normal(size=(20, 3)))
        with pytest.raises(InvalidParameterError, match="constant column"):
            estimate_kl_divergence(np.ones((20, 1)), rng.normal(size=(20, 1)))
        with pytest.raises(ShapeError, match="`x_q` needs at least"):
            estimate_kl_divergence(rng.normal(size=20), rng.normal(size=2), n_neighbors=3)
        with pytest.raises(InvalidParameterError, match="`method` must be one of"):
            estimate_kl_divergence(rng.normal(size=20), rng.normal(size=20), method="kl")
        with pytest.raises(InvalidParameterError, match="must be finite"):
            estimate_kl_divergence(np.array([0.0, np.inf, 1.0]), rng.normal(size=20))


class TestBlockJackknife:
    def test_equals_batch_means_variance_for_the_mean(self):
        # for the mean with equal blocks the delete-a-group jackknife is exactly
        # sum_g (m_g - m)^2 / (G (G - 1)) over the block means m_g
        values = np.random.default_rng(0).normal(size=1000)
        keeps = _uncertainty.kept_indices(1000, np.random.default_rng(1))
        std_error, dof = _uncertainty.block_jackknife(
            lambda g: float(values[keeps[g]].mean()), len(keeps)
        )
        block_means = [values[np.setdiff1d(np.arange(1000), kept)].mean() for kept in keeps]
        expected = math.sqrt(np.var(block_means, ddof=1) / len(keeps))
        assert std_error == pytest.approx(expected, rel=1e-10)
        assert dof == 9

    def test_blocks_partition_the_samples(self):
        keeps = _uncertainty.kept_indices(23, np.random.default_rng(2))
        deleted = np.concatenate([np.setdiff1d(np.arange(23), kept) for kept in keeps])
        assert sorted(deleted.tolist()) == list(range(23))
        assert len(keeps) == 10
        assert len(_uncertainty.kept_indices(4, np.random.default_rng(2))) == 4

    def test_subsampling_is_unbiased_for_the_mean(self):
        # Var(mean of b of n without replacement) = s^2 (n - b) / (b (n - 1)), so
        # E[se^2] = s^2 / (n - 1); 2000 subsamples estimate it to about 3%
        values = np.random.default_rng(3).exponential(size=800)
        rng = np.random.default_rng(4)
        subsets = _uncertainty.subsample_indices(800, 0.25, rng, n_subsamples=2000)
        std_error, dof = _uncertainty.subsampling(
            lambda i: float(values[subsets[i]].mean()), len(subsets), 0.25
        )
        assert std_error == pytest.approx(values.std(ddof=1) / math.sqrt(799), rel=0.1)
        assert dof == 1999
        assert all(subset.size == 200 for subset in subsets)

    def test_subsample_fraction_keeps_enough_rows(self):
        assert _uncertainty.subsample_fraction(1000, 8) == 0.25
        assert _uncertainty.subsample_fraction(20, 8) == 0.4
        assert _uncertainty.subsample_fraction(5, 8) == 0.8

    def test_default_error_methods(self):
        x, y, _ = chain(400, seed=8)
        assert estimate_mutual_information(x, y).details["uncertainty"] == "subsampling"
        copula = estimate_mutual_information(x, y, method="gaussian_copula")
        assert copula.details["uncertainty"] == "block_jackknife"
        none = estimate_mutual_information(x, y, uncertainty="none")
        assert math.isnan(none.std_error)
        assert none.value == estimate_mutual_information(x, y).value
        with pytest.raises(InvalidParameterError, match="`uncertainty`='none' computes none"):
            estimate_mutual_information(x, y, uncertainty="none", ci=0.9)

    def test_small_samples_still_get_an_error_bar(self):
        x, y, _ = chain(12, seed=9)
        estimate = estimate_mutual_information(x, y, ci=0.95)
        assert math.isfinite(estimate.std_error)
        assert estimate.details["subsample_fraction"] == pytest.approx(8 / 12)

    @pytest.mark.slow
    def test_coverage_on_gaussian_mutual_information(self):
        # a smaller version of the benchmark's 200-repetition check: 40 repetitions of
        # rho = 0.6, N = 500; the nominal 95% interval must cover the truth at least 32 times
        # (a binomial(40, 0.95) falls below 33 with probability < 0.02)
        truth = -0.5 * math.log(1 - 0.36)
        covered = 0
        for seed in range(40):
            rng = np.random.default_rng(1000 + seed)
            x = rng.normal(size=500)
            y = 0.6 * x + 0.8 * rng.normal(size=500)
            low, high = estimate_mutual_information(x, y, ci=0.95, rng=seed).ci
            covered += low <= truth <= high
        assert covered >= 33
