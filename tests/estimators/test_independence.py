"""Independence tests: G-test against scipy, permutation p-values uniform under the null."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from infokit.errors import InvalidParameterError, ShapeError
from infokit.estimators._frontends import estimate_mutual_information
from infokit.estimators.independence import IndependenceTestResult, independence_test


def _table(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    table = np.zeros((x.max() + 1, y.max() + 1))
    np.add.at(table, (x, y), 1)
    return table[table.sum(1) > 0][:, table.sum(0) > 0]


@pytest.mark.oracle
class TestGTest:
    @pytest.mark.parametrize("seed", range(4))
    def test_matches_scipy_log_likelihood_ratio(self, seed):
        rng = np.random.default_rng(seed)
        x = rng.integers(0, 4, 300)
        y = (x * (seed % 2) + rng.integers(0, 3, 300)) % 5
        result = independence_test(x, y, method="g_test")
        g, p_value, dof, _ = stats.chi2_contingency(
            _table(x, y), lambda_="log-likelihood", correction=False
        )
        assert result.p_value == pytest.approx(p_value, rel=1e-9, abs=1e-300)
        assert result.degrees_of_freedom == dof
        assert 2 * len(x) * result.statistic == pytest.approx(g, rel=1e-10)
        assert result.statistic == pytest.approx(
            estimate_mutual_information(x, y, method="plugin").value, abs=1e-12
        )

    def test_null_summary_is_scaled_chi_squared(self):
        rng = np.random.default_rng(5)
        x, y = rng.integers(0, 3, 200), rng.integers(0, 4, 200)
        result = independence_test(x, y, method="g_test", base=2)
        scale = 2 * 200 * math.log(2)
        assert result.null_mean == pytest.approx(6 / scale)
        assert result.null_std == pytest.approx(math.sqrt(12) / scale)
        assert result.null_quantiles[0.95] == pytest.approx(stats.chi2.ppf(0.95, 6) / scale)

    def test_constant_variable_has_p_value_one(self):
        result = independence_test([1] * 10, list(range(10)), method="g_test", discrete=True)
        assert result.p_value == 1.0
        assert result.degrees_of_freedom == 0


class TestPermutation:
    def test_dependence_gives_smallest_p_value(self):
        rng = np.random.default_rng(6)
        x = rng.integers(0, 3, 400)
        y = np.where(rng.random(400) < 0.5, x, rng.integers(0, 3, 400))
        result = independence_test(x, y, n_permutations=199, rng=1)
        assert result.p_value == pytest.approx(1 / 200)
        assert result.method == "permutation"
        assert result.n_permutations == 199
        assert result.statistic > result.null_quantiles[0.99]

    def test_seeded_and_null_mean_near_asymptotic_bias(self):
        rng = np.random.default_rng(7)
        x, y = rng.integers(0, 4, 2000), rng.integers(0, 5, 2000)
        first = independence_test(x, y, n_permutations=300, rng=3)
        second = independence_test(x, y, n_permutations=300, rng=3)
        assert first == second
        # plug-in MI under independence ≈ (|X|-1)(|Y|-1) / 2N = 0.003 nats; MC error ≈ 5%
        assert first.null_mean == pytest.approx(12 / 4000, rel=0.15)
        assert isinstance(first, IndependenceTestResult)
        assert "p_value=" in repr(first)

    @pytest.mark.slow
    def test_p_values_uniform_under_independence(self):
        # Kolmogorov–Smirnov over 300 seeds; p-values are multiples of 1/200, so allow a
        # discreteness margin by testing at level 0.001.
        p_values = []
        for seed in range(300):
            rng = np.random.default_rng(1000 + seed)
            x, y = rng.integers(0, 3, 60), rng.integers(0, 4, 60)
            p_values.append(independence_test(x, y, n_permutations=199, rng=seed).p_value)
        assert stats.kstest(p_values, "uniform").pvalue > 1e-3
        assert 0.03 <= np.mean(np.asarray(p_values) <= 0.05) <= 0.08

    def test_generic_path_with_bias_corrected_estimator(self):
        rng = np.random.default_rng(8)
        x = rng.integers(0, 3, 150)
        y = np.where(rng.random(150) < 0.6, x, rng.integers(0, 3, 150))
        result = independence_test(x, y, n_permutations=99, rng=2, estimator="miller_madow")
        assert result.estimator == "miller_madow"
        assert result.statistic == pytest.approx(
            estimate_mutual_information(x, y, method="miller_madow").value
        )
        assert result.p_value == pytest.approx(1 / 100)

    def test_base_scales_statistic_and_null(self):
        rng = np.random.default_rng(9)
        x, y = rng.integers(0, 3, 100), rng.integers(0, 3, 100)
        nats = independence_test(x, y, n_permutations=50, rng=0)
        bits = independence_test(x, y, n_permutations=50, rng=0, base="bits")
        assert bits.statistic == pytest.approx(nats.statistic / math.log(2))
        assert bits.null_mean == pytest.approx(nats.null_mean / math.log(2))
        assert bits.p_value == nats.p_value


class TestBadInput:
    @pytest.mark.parametrize(
        ("kwargs", "error", "match"),
        [
            (
                {"method": "chi2"},
                InvalidParameterError,
                "`method` must be one of 'permutation', 'g_test'",
            ),
            (
                {"n_permutations": 0},
                InvalidParameterError,
                "`n_permutations` must be a positive integer",
            ),
            ({"base": 0}, InvalidParameterError, "`base` must be"),
        ],
    )
    def test_options(self, kwargs, error, match):
        with pytest.raises(error, match=match):
            independence_test([0, 1, 0, 1], [1, 0, 1, 0], **kwargs)

    def test_g_test_needs_discrete_data(self):
        with pytest.raises(InvalidParameterError, match="needs discrete data"):
            independence_test(np.linspace(0, 1, 10), np.arange(10), method="g_test")

    def test_lengths_and_sizes(self):
        with pytest.raises(ShapeError, match="`x` has 3, `y` has 2"):
            independence_test([0, 1, 0], [1, 0])
        with pytest.raises(ShapeError, match="at least 2 samples"):
            independence_test([0], [1])


class TestContinuousPermutation:
    """The continuous path prepares the samples once and shuffles without error bars."""

    @staticmethod
    def _shuffled(x, y, seed, n_permutations, **options):
        generator = np.random.default_rng(seed)
        orders = [generator.permutation(len(y)) for _ in range(n_permutations)]
        return np.array(
            [
                estimate_mutual_information(x, y[order], uncertainty="none", **options).value
                for order in orders
            ]
        )

    @pytest.mark.parametrize(("estimator", "shape"), [("auto", (300,)), ("ksg2", (300, 2))])
    def test_null_equals_front_end_on_the_same_shuffles(self, estimator, shape):
        rng = np.random.default_rng(3)
        x = rng.standard_normal(shape)
        y = 0.2 * x + rng.standard_normal(shape)
        result = independence_test(x, y, n_permutations=40, rng=7, estimator=estimator)
        method = "ksg" if estimator == "auto" else estimator
        null = self._shuffled(x, y, 7, 40, method=method)
        observed = estimate_mutual_information(x, y, method=method, uncertainty="none").value
        assert result.estimator == method
        assert result.statistic == pytest.approx(observed, rel=1e-12)
        assert result.null_mean == pytest.approx(null.mean(), rel=1e-12)
        assert result.null_std == pytest.approx(null.std(ddof=1), rel=1e-12)
        extreme = np.count_nonzero(null >= observed - 1e-12 * abs(observed))
        assert result.p_value == pytest.approx((extreme + 1) / 41)

    def test_gaussian_copula_statistic(self):
        rng = np.random.default_rng(4)
        x = rng.standard_normal(200)
        y = np.exp(0.5 * x + rng.standard_normal(200))
        result = independence_test(x, y, n_permutations=30, rng=1, estimator="gaussian")
        assert result.statistic == pytest.approx(
            estimate_mutual_information(x, y, method="gaussian").value, rel=1e-12
        )
        assert result.p_value == pytest.approx(1 / 31)

    def test_ross_route_for_labels_against_values(self):
        rng = np.random.default_rng(5)
        labels = rng.integers(0, 2, 300)
        values = labels + rng.standard_normal(300)
        result = independence_test(labels, values, n_permutations=20, rng=3)
        assert result.estimator == "ross"
        assert result.statistic == pytest.approx(
            estimate_mutual_information(labels, values, rng=3, uncertainty="none").value,
            rel=1e-12,
        )
        assert result.p_value == pytest.approx(1 / 21)
