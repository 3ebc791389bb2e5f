"""Differential entropy from continuous samples: spacing, kNN, Gaussian; the front end."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from infokit import estimate_entropy
from infokit.errors import (
    ArrayLibraryError,
    InvalidParameterError,
    ShapeError,
    SmallSampleWarning,
    TieWarning,
)

GAUSSIAN_ENTROPY = 0.5 * math.log(2 * math.pi * math.e)


@pytest.mark.oracle
class TestSpacingEstimatorsAgainstScipy:
    @pytest.mark.parametrize("method", ["vasicek", "ebrahimi"])
    @pytest.mark.parametrize("n", [5, 11, 100, 1001])
    def test_default_window_matches_scipy(self, method, n):
        x = np.random.default_rng(n).exponential(size=n)
        estimate = estimate_entropy(x, method=method)
        expected = stats.differential_entropy(x, method=method)
        assert estimate.value == pytest.approx(expected, rel=1e-13, abs=1e-13)
        assert estimate.details["window_length"] == math.floor(math.sqrt(n) + 0.5)

    @pytest.mark.parametrize("method", ["vasicek", "ebrahimi"])
    @pytest.mark.parametrize("window_length", [1, 3, 7])
    def test_explicit_window_and_base_match_scipy(self, method, window_length):
        x = np.random.default_rng(window_length).uniform(size=40)
        estimate = estimate_entropy(x, method=method, window_length=window_length, base=2)
        expected = stats.differential_entropy(x, method=method, window_length=window_length, base=2)
        assert estimate.value == pytest.approx(expected, rel=1e-13, abs=1e-13)
        assert estimate.unit == "bits"

    def test_scale_shifts_entropy_by_log_factor(self):
        x = np.random.default_rng(0).normal(size=300)
        plain = estimate_entropy(x, method="vasicek").value
        assert estimate_entropy(7.0 * x, method="vasicek").value == pytest.approx(
            plain + math.log(7.0), abs=1e-12
        )


class TestMethodChoice:
    def test_auto_uses_ebrahimi_in_one_dimension(self):
        x = np.random.default_rng(0).normal(size=200)
        assert estimate_entropy(x).method == "ebrahimi"
        assert estimate_entropy(x[:, None]).method == "ebrahimi"

    def test_auto_uses_kozachenko_leonenko_in_several_dimensions(self):
        x = np.random.default_rng(0).normal(size=(200, 2))
        assert estimate_entropy(x).method == "kozachenko_leonenko"

    def test_spacing_method_refuses_several_dimensions(self):
        x = np.random.default_rng(0).normal(size=(50, 2))
        with pytest.raises(ShapeError, match="one-dimensional"):
            estimate_entropy(x, method="vasicek")


class TestGaussianEntropy:
    def test_matches_closed_form_of_sample_covariance(self):
        x = np.random.default_rng(1).normal(size=(500, 3)) @ np.array(
            [[1.0, 0.0, 0.0], [0.5, 2.0, 0.0], [0.1, 0.3, 0.7]]
        )
        sign, log_det = np.linalg.slogdet(np.cov(x, rowvar=False))
        expected = 0.5 * (3 * math.log(2 * math.pi * math.e) + log_det)
        assert sign > 0
        assert estimate_entropy(x, method="gaussian").value == pytest.approx(expected, abs=1e-12)

    def test_too_few_samples(self):
        with pytest.raises(ShapeError, match="more samples than dimensions"):
            estimate_entropy(np.random.default_rng(0).normal(size=(3, 3)), method="gaussian")


class TestKozachenkoLeonenkoFrontEnd:
    def test_standardize_keeps_the_entropy_of_x(self):
        # standardised data are identical for x and 5 x, so the results differ by exactly
        # d * log 5: the scale is added back
        x = np.random.default_rng(2).normal(size=(400, 2))
        plain = estimate_entropy(x, standardize=True).value
        scaled = estimate_entropy(5.0 * x, standardize=True).value
        assert scaled == pytest.approx(plain + 2 * math.log(5.0), abs=1e-10)

    def test_standardize_agrees_with_unstandardised_on_isotropic_data(self):
        x = np.random.default_rng(3).normal(size=(3000, 2))
        plain = estimate_entropy(x)
        standardised = estimate_entropy(x, standardize=True)
        assert standardised.value == pytest.approx(plain.value, abs=3 * plain.std_error)

    @pytest.mark.slow
    @pytest.mark.parametrize("metric", ["euclidean", "chebyshev"])
    def test_converges_to_gaussian_entropy(self, metric):
        # truth: d/2 log(2 pi e); tolerance 4 standard errors plus the kNN bias at d=2
        # (measured < 0.01 nats at N = 20000)
        x = np.random.default_rng(4).normal(size=(20000, 2))
        estimate = estimate_entropy(x, metric=metric, method="kozachenko_leonenko")
        assert estimate.value == pytest.approx(2 * GAUSSIAN_ENTROPY, abs=4 * estimate.std_error)
        assert estimate.details["metric"] == metric


@pytest.mark.slow
@pytest.mark.parametrize("method", ["vasicek", "ebrahimi", "gaussian"])
def test_spacing_and_gaussian_converge_with_honest_error(method):
    # spacing estimators are biased by O(m / n) = O(1/sqrt(n)): Vasicek's bias at n = 20000
    # is about -0.005 nats; the tolerance is 4 standard errors plus that bias
    x = np.random.default_rng(5).normal(size=20000)
    estimate = estimate_entropy(x, method=method)
    assert estimate.value == pytest.approx(GAUSSIAN_ENTROPY, abs=4 * estimate.std_error + 0.006)


class TestUncertainty:
    def test_ci_is_student_interval_around_value(self):
        x = np.random.default_rng(6).normal(size=500)
        estimate = estimate_entropy(x, ci=0.9)
        quantile = stats.t.ppf(0.95, estimate.details["n_blocks"] - 1)
        low, high = estimate.ci
        assert low == pytest.approx(estimate.value - quantile * estimate.std_error)
        assert high == pytest.approx(estimate.value + quantile * estimate.std_error)
        assert estimate.confidence_level == 0.9

    def test_results_are_reproducible_and_rng_changes_blocks(self):
        x = np.random.default_rng(7).normal(size=300)
        assert estimate_entropy(x, rng=0).std_error == estimate_entropy(x, rng=0).std_error
        assert estimate_entropy(x, rng=1).std_error != estimate_entropy(x, rng=2).std_error
        generator = np.random.default_rng(3)
        assert math.isfinite(estimate_entropy(x, rng=generator).std_error)

    def test_local_terms_for_knn(self):
        x = np.random.default_rng(8).normal(size=(300, 2))
        estimate = estimate_entropy(x, uncertainty="local_terms")
        assert estimate.details["uncertainty"] == "local_terms"
        assert 0 < estimate.std_error < 0.2

    def test_local_terms_refused_for_spacing(self):
        with pytest.raises(InvalidParameterError, match="`uncertainty`='local_terms'"):
            estimate_entropy(np.arange(20.0), method="vasicek", uncertainty="local_terms")


class TestBadInput:
    def test_nan(self):
        with pytest.raises(InvalidParameterError, match="`x` must be finite; got 1 NaN"):
            estimate_entropy(np.array([1.0, np.nan, 2.0, 3.0]))

    def test_inf(self):
        with pytest.raises(InvalidParameterError, match="row 0, column 1"):
            estimate_entropy(np.array([[1.0, np.inf], [2.0, 3.0], [4.0, 5.0], [6.0, 8.0]]))

    def test_object_dtype(self):
        with pytest.raises(ArrayLibraryError, match="dtype object"):
            estimate_entropy(np.array([1.0, "a", None], dtype=object), method="kozachenko_leonenko")

    def test_strings(self):
        with pytest.raises(ArrayLibraryError, match="must be an array"):
            estimate_entropy("abc", method="kozachenko_leonenko")

    def test_empty_and_three_dimensional(self):
        with pytest.raises(ShapeError, match="at least one sample"):
            estimate_entropy(np.zeros(0), method="kozachenko_leonenko")
        with pytest.raises(ShapeError, match=r"shape \(n_samples,\)"):
            estimate_entropy(np.zeros((2, 2, 2)), method="kozachenko_leonenko")

    def test_constant_column_has_minus_infinite_entropy(self):
        x = np.column_stack([np.arange(10.0), np.ones(10)])
        with pytest.raises(InvalidParameterError, match="constant column"):
            estimate_entropy(x)
        with pytest.raises(InvalidParameterError, match="constant column"):
            estimate_entropy(np.full(10, 2.5))

    def test_too_few_samples_for_neighbours(self):
        with pytest.raises(ShapeError, match="needs at least 4 samples; got 3"):
            estimate_entropy(np.random.default_rng(0).normal(size=(3, 2)))

    def test_too_few_samples_for_spacing(self):
        with pytest.raises(ShapeError, match="more than 2 \\* `window_length`"):
            estimate_entropy(np.array([0.0, 1.0]), method="vasicek")

    @pytest.mark.parametrize(
        ("options", "match"),
        [
            ({"method": "kl"}, "`method` must be one of"),
            ({"metric": "manhattan"}, "`metric` must be one of"),
            ({"n_neighbors": 0}, "`n_neighbors` must be a positive integer"),
            ({"n_neighbors": 2.5}, "`n_neighbors` must be a positive integer"),
            ({"ci": 1.5}, "`ci` must lie strictly between 0 and 1"),
            ({"ci": "95%"}, "`ci` must be None or a confidence level"),
            ({"rng": "seed"}, "`rng` must be None"),
            ({"base": 1}, "`base` must be a positive number"),
            ({"standardize": "yes"}, "`standardize` must be True or False"),
            ({"uncertainty": "bootstrap"}, "`uncertainty` must be one of"),
            ({"window_length": 0, "method": "vasicek"}, "`window_length` must be a positive"),
        ],
    )
    def test_bad_options(self, options, match):
        with pytest.raises(InvalidParameterError, match=match):
            estimate_entropy(np.random.default_rng(0).normal(size=50), **options)

    def test_ties_on_a_grid_are_dequantised_with_a_warning(self):
        # integers 0..3: dequantised to the uniform density on [-1/2, 7/2], entropy log 4
        x = np.repeat(np.arange(4.0), 25)  # runs of 25 > 2 m + 1 = 21 equal values: zero spacings
        with pytest.warns(TieWarning, match="dequantised 1 column.*one grid step"):
            estimate = estimate_entropy(x, method="vasicek")
        assert estimate.value == pytest.approx(math.log(4), abs=0.15)
        # four unit cells of the plane hold 2000 points each: uniform on them, log 4 again
        # (up to the estimator's boundary bias at the cells' edges)
        x = np.repeat(np.arange(4.0), 2000)
        with pytest.warns(TieWarning, match="dequantised 2 column"):
            estimate = estimate_entropy(np.column_stack([x, x[::-1]]), method="kozachenko_leonenko")
        assert estimate.value == pytest.approx(math.log(4), abs=0.1)

    def test_atoms_off_a_grid_are_jittered_with_a_warning(self):
        x = np.random.default_rng(2).normal(size=(400, 2))
        x[:40] = 0.0  # an atom among continuous values: no grid
        with pytest.warns(TieWarning, match="1e-10 x each column's standard deviation"):
            estimate = estimate_entropy(x, method="kozachenko_leonenko")
        assert math.isfinite(estimate.value)

    @pytest.mark.parametrize("dimension", [1, 2, 3])
    def test_rounded_gaussian_gives_the_continuous_entropy(self, dimension):
        # rounding to 0.1 of a standard normal: the dequantised density differs from the
        # normal one by O(0.1^2 / 24) in entropy (Sheppard), far below the error bar
        rng = np.random.default_rng(dimension)
        x = np.round(rng.normal(size=(5000, dimension)), 1)
        with pytest.warns(TieWarning, match="dequantised"):
            estimate = estimate_entropy(x, rng=0)
        truth = dimension / 2 * math.log(2 * math.pi * math.e)
        assert abs(estimate.value - truth) < 3 * estimate.std_error + 0.02

    def test_high_dimension_warns(self):
        x = np.random.default_rng(0).normal(size=(100, 25))
        with pytest.warns(SmallSampleWarning, match="25 dimensions for 100 samples"):
            estimate_entropy(x)


def test_accepts_torch_tensors_and_lists():
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(9).normal(size=100)
    expected = estimate_entropy(x).value
    assert estimate_entropy(torch.asarray(x)).value == expected
    assert estimate_entropy(x.tolist()).value == expected
    assert estimate_entropy(x.astype(np.float32)).value == pytest.approx(expected, abs=1e-6)
