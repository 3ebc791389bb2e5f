"""The Valiant & Valiant unseen estimator: hand cases, an independent LP, identities, convergence."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import optimize, stats

from infokit.errors import InvalidParameterError, ShapeError
from infokit.estimators.discrete import unseen as unseen_module
from infokit.estimators.discrete.unseen import unseen, unseen_histogram, unseen_weighted


def _plugin(counts: np.ndarray) -> float:
    p = counts[counts > 0] / counts.sum()
    return float(-(p * np.log(p)).sum())


def _fingerprint(counts: np.ndarray) -> np.ndarray:
    return np.bincount(counts.astype(np.int64))[1:].astype(float)


def _zipf(n_categories: int) -> np.ndarray:
    weights = 1 / np.arange(1, n_categories + 1)
    return weights / weights.sum()


def _entropy_of(histogram: tuple[np.ndarray, np.ndarray]) -> float:
    probabilities, multiplicities = histogram
    return float(-(multiplicities * probabilities * np.log(probabilities)).sum())


def _matlab_unseen_entropy(fingerprint: np.ndarray, method: str) -> float:
    """unseen.m transcribed literally: dense, two slacks per level, columns NOT rescaled."""
    f = np.asarray(fingerprint, dtype=float)
    k = float(np.arange(1, f.size + 1) @ f)
    x_empirical, h_empirical = [], []
    f_lp = np.zeros(f.size)
    for i in range(1, f.size + 1):
        if f[i - 1] > 0:
            lo = max(1, i - math.ceil(math.sqrt(i)))
            hi = min(i + math.ceil(math.sqrt(i)), f.size)
            if f[lo - 1 : hi].sum() < 2 * math.sqrt(i):
                x_empirical.append(i / k)
                h_empirical.append(f[i - 1])
            else:
                f_lp[i - 1] = f[i - 1]
    fmax = int(np.flatnonzero(f_lp)[-1]) + 1
    lp_mass = 1 - float(np.dot(x_empirical, h_empirical))
    f_lp = np.concatenate([f_lp[:fmax], np.zeros(math.ceil(math.sqrt(fmax)))])
    n_f = f_lp.size
    x_min = 1 / (k * max(10, k))
    x_lp = x_min * 1.1 ** np.arange(math.ceil(math.log(fmax / k / x_min) / math.log(1.1)) + 1)
    n_x = x_lp.size
    objective = np.zeros(n_x + 2 * n_f)
    objective[n_x::2] = 1 / np.sqrt(f_lp + 1)
    objective[n_x + 1 :: 2] = 1 / np.sqrt(f_lp + 1)
    a = np.zeros((2 * n_f, n_x + 2 * n_f))
    b = np.zeros(2 * n_f)
    for i in range(1, n_f + 1):
        a[2 * i - 2, :n_x] = stats.poisson.pmf(i, k * x_lp)
        a[2 * i - 1, :n_x] = -a[2 * i - 2, :n_x]
        a[2 * i - 2, n_x + 2 * i - 2] = -1
        a[2 * i - 1, n_x + 2 * i - 1] = -1
        b[2 * i - 2], b[2 * i - 1] = f_lp[i - 1], -f_lp[i - 1]
    a_eq = np.zeros((1, n_x + 2 * n_f))
    a_eq[0, :n_x] = x_lp
    first = optimize.linprog(objective, A_ub=a, b_ub=b, A_eq=a_eq, b_eq=[lp_mass], method=method)
    assert first.status == 0
    support = np.zeros(n_x + 2 * n_f)
    support[:n_x] = 1
    second = optimize.linprog(
        support,
        A_ub=np.vstack([a, objective]),
        b_ub=np.append(b, first.fun + 0.5),
        A_eq=a_eq,
        b_eq=[lp_mass],
        method=method,
    )
    assert second.status == 0
    h = second.x[:n_x]
    x = np.concatenate([x_empirical, x_lp])
    hist = np.concatenate([h_empirical, h])
    keep = hist > 0
    return float(-(hist[keep] * x[keep] * np.log(x[keep])).sum())


class TestHandCases:
    def test_isolated_counts_give_the_plugin_entropy(self) -> None:
        counts = np.array([50.0, 30.0, 20.0])
        expected = -sum(p * math.log(p) for p in (0.5, 0.3, 0.2))
        assert float(unseen(counts)) == pytest.approx(expected, abs=1e-14)
        probabilities, multiplicities = unseen_histogram(_fingerprint(counts))
        np.testing.assert_allclose(probabilities, [0.2, 0.3, 0.5], rtol=1e-15)
        np.testing.assert_array_equal(multiplicities, [1.0, 1.0, 1.0])

    def test_large_counts_over_few_categories_skip_the_lp(self, monkeypatch) -> None:
        def no_lp(*args, **kwargs):
            raise AssertionError

        monkeypatch.setattr(unseen_module.optimize, "linprog", no_lp)
        counts = np.array([1e6, 2e6, 3e6, 1.5e6])
        assert float(unseen(counts)) == pytest.approx(_plugin(counts), abs=1e-13)

    @pytest.mark.parametrize("count", [1.0, 2.0, 7.0, 1e7])
    def test_single_category_has_zero_entropy(self, count) -> None:
        value = unseen(np.array([0.0, count, 0.0]))
        assert value.shape == ()
        assert float(value) == 0.0
        assert math.copysign(1.0, float(value)) == 1.0  # +0.0, not -0.0

    def test_empty_row_is_zero(self) -> None:
        np.testing.assert_array_equal(unseen(np.array([[0.0, 0.0], [3.0, 0.0]])), [0.0, 0.0])

    def test_window_rule_on_a_small_fingerprint(self) -> None:
        # f = (2): level 1 has window sum 2, not < 2 sqrt(1) = 2, so it is fitted: the LP
        # spreads the two singletons over probabilities below 1/2 and the entropy exceeds log 2.
        two_singletons = float(unseen(np.array([1.0, 1.0])))
        assert math.log(2) < two_singletons < math.log(2 * 10)
        # f = (1): window sum 1 < 2, empirical.
        assert float(unseen(np.array([1.0]))) == 0.0


class TestIndependentLP:
    # levels 1, 2, 3, 5 are crowded (fitted by the LPs); level 12 is isolated (empirical)
    FINGERPRINT = np.array([6.0, 3.0, 1.0, 0.0, 1.0, 0, 0, 0, 0, 0, 0, 1.0])

    @pytest.mark.parametrize("method", ["highs-ds", "highs-ipm"])
    def test_matches_a_literal_transcription_of_unseen_m(self, method) -> None:
        expected = _matlab_unseen_entropy(self.FINGERPRINT, method)
        assert _entropy_of(unseen_histogram(self.FINGERPRINT)) == pytest.approx(expected, abs=1e-6)

    def test_split_keeps_the_isolated_level_empirical(self) -> None:
        probabilities, multiplicities = unseen_histogram(self.FINGERPRINT)
        n_samples = 6 + 2 * 3 + 3 + 5 + 12
        assert n_samples == 32
        at_twelve = np.isclose(probabilities, 12 / n_samples, rtol=1e-15)
        np.testing.assert_array_equal(multiplicities[at_twelve], [1.0])


class TestHistogram:
    @pytest.mark.parametrize(("n_samples", "seed"), [(20, 0), (300, 1), (3000, 2), (30000, 3)])
    def test_is_a_distribution(self, n_samples, seed) -> None:
        counts = np.random.default_rng(seed).multinomial(n_samples, _zipf(500))
        probabilities, multiplicities = unseen_histogram(_fingerprint(counts))
        assert (probabilities > 0).all()
        assert (multiplicities > 0).all()
        assert (np.diff(probabilities) >= 0).all()
        assert float(probabilities @ multiplicities) == pytest.approx(1.0, abs=1e-9)

    def test_uniform_support_and_entropy(self) -> None:
        # uniform over K = 1000, N = 5000: support within 15 %, entropy within 0.02 nats
        counts = np.random.default_rng(7).multinomial(5000, np.full(1000, 1e-3))
        probabilities, multiplicities = unseen_histogram(_fingerprint(counts))
        assert abs(multiplicities.sum() - 1000) < 150
        assert abs(_entropy_of((probabilities, multiplicities)) - math.log(1000)) < 0.02

    def test_unseen_is_the_entropy_of_the_histogram(self) -> None:
        counts = np.random.default_rng(3).multinomial(400, _zipf(300)).astype(float)
        assert float(unseen(counts)) == pytest.approx(
            _entropy_of(unseen_histogram(_fingerprint(counts))), abs=1e-12
        )

    def test_trailing_zeros_of_the_fingerprint_change_nothing(self) -> None:
        fingerprint = np.array([40.0, 12.0, 3.0, 1.0])
        padded = np.concatenate([fingerprint, np.zeros(7)])
        for short, long in zip(
            unseen_histogram(fingerprint), unseen_histogram(padded), strict=True
        ):
            np.testing.assert_array_equal(short, long)

    @pytest.mark.parametrize(
        ("fingerprint", "error", "match"),
        [
            (np.ones((2, 2)), ShapeError, "`fingerprint` must be 1-D"),
            (np.array([1.0, -1.0]), InvalidParameterError, "`fingerprint` must hold non-neg"),
            (np.array([1.0, np.nan]), InvalidParameterError, "`fingerprint` must hold non-neg"),
            (np.zeros(3), InvalidParameterError, "`fingerprint` describes an empty sample"),
        ],
    )
    def test_bad_fingerprint(self, fingerprint, error, match) -> None:
        with pytest.raises(error, match=match):
            unseen_histogram(fingerprint)


class TestFallbacks:
    COUNTS = np.random.default_rng(11).multinomial(300, np.full(200, 1 / 200)).astype(float)

    def test_failed_first_lp_gives_the_plugin(self, monkeypatch) -> None:
        def failing(*args, **kwargs):
            return optimize.OptimizeResult(status=4, x=None, fun=None)

        monkeypatch.setattr(unseen_module.optimize, "linprog", failing)
        assert float(unseen(self.COUNTS)) == pytest.approx(_plugin(self.COUNTS), abs=1e-13)

    def test_failed_second_lp_gives_the_first_solution(self, monkeypatch) -> None:
        real = optimize.linprog
        calls = []

        def second_fails(*args, **kwargs):
            calls.append(None)
            result = real(*args, **kwargs)
            if len(calls) % 2 == 0:
                result.status = 4
            return result

        monkeypatch.setattr(unseen_module.optimize, "linprog", second_fails)
        value = float(unseen(self.COUNTS))
        assert len(calls) == 2
        monkeypatch.undo()
        probabilities, multiplicities = unseen_histogram(_fingerprint(self.COUNTS))
        # LP 1 does not minimise the support, so its histogram differs but stays sensible
        assert math.isfinite(value)
        assert value != pytest.approx(_entropy_of((probabilities, multiplicities)), abs=1e-9)
        assert _plugin(self.COUNTS) < value < math.log(300 * 300)


class TestIdentities:
    def test_permutation_invariance(self) -> None:
        counts = np.random.default_rng(5).multinomial(800, _zipf(400)).astype(float)
        shuffled = np.random.default_rng(6).permutation(counts)
        assert float(unseen(shuffled)) == float(unseen(counts))

    def test_zero_columns_are_ignored(self) -> None:
        counts = np.random.default_rng(8).multinomial(500, _zipf(300)).astype(float)
        padded = np.concatenate([np.zeros(50), counts, np.zeros(17)])
        assert float(unseen(padded)) == float(unseen(counts[counts > 0]))

    def test_rows_are_independent_and_shape_is_kept(self) -> None:
        rng = np.random.default_rng(9)
        counts = rng.multinomial(200, _zipf(100), size=(2, 3)).astype(float)
        values = unseen(counts)
        assert values.shape == (2, 3)
        for index in np.ndindex(2, 3):
            assert values[index] == float(unseen(counts[index]))

    def test_options_of_other_kernels_are_ignored(self) -> None:
        counts = np.array([[5.0, 3.0, 1.0, 1.0, 2.0]])
        np.testing.assert_array_equal(
            unseen(counts, alphabet_size=10, concentration=0.5), unseen(counts)
        )

    @settings(max_examples=30, deadline=None)
    @given(
        pairs=st.lists(
            st.tuples(st.integers(0, 12), st.integers(0, 6)), min_size=1, max_size=8
        ).filter(lambda pairs: any(v > 0 and m > 0 for v, m in pairs))
    )
    def test_weighted_equals_expanded(self, pairs) -> None:
        values = np.array([float(v) for v, _ in pairs])
        multiplicities = np.array([float(m) for _, m in pairs])
        expanded = np.repeat(values, multiplicities.astype(np.int64))
        weighted = unseen_weighted(values[None, :], multiplicities[None, :])
        assert weighted.shape == (1,)
        assert weighted[0] == pytest.approx(float(unseen(expanded)), abs=1e-12)

    def test_weighted_rows(self) -> None:
        values = np.array([[1.0, 2.0, 5.0, 0.0], [3.0, 3.0, 1.0, 9.0]])
        multiplicities = np.array([[10.0, 4.0, 1.0, 3.0], [2.0, 1.0, 0.0, 1.0]])
        expected = [
            float(unseen(np.repeat([1.0, 2.0, 5.0], [10, 4, 1]))),
            float(unseen(np.array([3.0, 3.0, 3.0, 9.0]))),
        ]
        np.testing.assert_allclose(unseen_weighted(values, multiplicities), expected, atol=1e-12)


class TestNoWarnings:
    # pytest turns warnings into errors, so reaching the asserts shows there were none
    @pytest.mark.parametrize(
        "counts",
        [
            np.ones(100),  # only singletons: f = (N), fitted
            np.full(50, 7.0),  # all counts equal, fitted
            np.full(3, 1e6),  # all counts equal, isolated
            np.array([1.0, 1.0]),  # two samples, two categories
            np.array([2.0]),  # two samples, one category
            np.array([4e6, 1e6, 2.5e6]),  # millions of samples, few categories
        ],
    )
    def test_edge_cases_are_finite(self, counts) -> None:
        value = float(unseen(counts))
        assert math.isfinite(value)
        assert 0.0 <= value <= math.log(counts.sum() * max(10.0, counts.sum()))

    def test_only_singletons_estimate_a_larger_support(self) -> None:
        # N = 100 distinct values: every category is new, so the support exceeds N
        probabilities, multiplicities = unseen_histogram(np.array([100.0]))
        assert multiplicities.sum() > 100
        assert _entropy_of((probabilities, multiplicities)) > math.log(100)

    def test_large_fingerprint_stays_fast_enough_to_finish(self) -> None:
        # N = 10^6 over 10^5 Zipf categories; the LP stays small (i_max of a few hundred)
        counts = np.random.default_rng(12).multinomial(10**6, _zipf(10**5)).astype(float)
        truth = float(-(_zipf(10**5) * np.log(_zipf(10**5))).sum())
        assert abs(float(unseen(counts)) - truth) < 0.05


class TestConvergence:
    def test_zipf_error_decreases_with_n(self) -> None:
        p = _zipf(1000)
        truth = float(-(p * np.log(p)).sum())
        errors = {}
        for n_samples in (1000, 10_000):
            estimates = [
                float(unseen(np.random.default_rng(seed).multinomial(n_samples, p).astype(float)))
                for seed in range(10)
            ]
            errors[n_samples] = float(np.mean(np.abs(np.array(estimates) - truth)))
        # measured RMSE over 200 repetitions: 0.095 at N = 1000, 0.027 at N = 10^4
        assert errors[10_000] < 0.05
        assert errors[10_000] < errors[1000]


class TestThroughTheApi:
    def test_delta_method_standard_error_and_normal_interval(self):
        from infokit.estimators.discrete.engine import estimate_entropy_from_counts

        counts = np.array([9, 4, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1])
        estimate = estimate_entropy_from_counts(counts, method="unseen", ci=0.9)
        assert estimate.value == pytest.approx(unseen(counts[None, :].astype(float))[0])
        p = counts / counts.sum()
        plugin = -(p * np.log(p)).sum()
        basharin = math.sqrt(((p * np.log(p) ** 2).sum() - plugin**2) / counts.sum())
        assert estimate.std_error == pytest.approx(basharin, rel=1e-12)
        z = stats.norm.ppf(0.95)
        assert estimate.details["ci_method"] == "normal"
        assert estimate.details["own_interval"] == pytest.approx(
            (estimate.value - z * basharin, estimate.value + z * basharin)
        )
        low, high = estimate.details["reference_interval"]
        assert estimate.ci == (
            min(low, estimate.details["own_interval"][0]),
            max(high, estimate.details["own_interval"][1]),
        )

    def test_mutual_information_combines_entropies(self):
        from infokit.estimators._frontends import estimate_entropy, estimate_mutual_information

        rng = np.random.default_rng(8)
        x = rng.integers(0, 20, size=400)
        y = (x + rng.integers(0, 3, size=400)) % 20
        mi = estimate_mutual_information(x, y, method="unseen", ci=0.95)
        parts = [
            estimate_entropy(v, method="unseen").value for v in (x, y, np.stack([x, y], axis=1))
        ]
        assert mi.value == pytest.approx(parts[0] + parts[1] - parts[2], rel=1e-12)
        assert mi.details["ci_method"] == "normal"
        assert mi.ci == pytest.approx(
            (mi.value - 1.959964 * mi.std_error, mi.value + 1.959964 * mi.std_error), rel=1e-6
        )
