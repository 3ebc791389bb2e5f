"""Mutual information from continuous and mixed samples: KSG, copula, Ross, mixed KSG."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import special, stats

from infokit import estimate_mutual_information
from infokit.errors import (
    ArrayLibraryError,
    InvalidParameterError,
    ShapeError,
    SmallSampleWarning,
    TieWarning,
)
from infokit.estimators.continuous import mixed
from infokit.estimators.continuous import samples as _samples
from infokit.estimators.continuous.neighbors import ksg_mutual_information


def gaussian_pair(n, rho, seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    return x, rho * x + math.sqrt(1 - rho**2) * rng.normal(size=n)


def gaussian_truth(rho):
    return -0.5 * math.log(1 - rho**2)


# ---- straightforward O(N^2) references, written independently of the kernels ----------


def ross_reference(labels, values, k):
    """Ross (2014) with scikit-learn's conventions, by brute force on 1-D values."""
    n = len(labels)
    distance = np.abs(values[:, None] - values[None, :])
    size = {label: int(np.sum(labels == label)) for label in labels}
    kept = [i for i in range(n) if size[labels[i]] > 1]
    terms = []
    for i in kept:
        same = [j for j in range(n) if j != i and labels[j] == labels[i]]
        k_i = min(k, len(same))
        radius = sorted(distance[i, j] for j in same)[k_i - 1]
        m_i = sum(1 for j in kept if distance[i, j] < radius or j == i)
        terms.append(
            special.digamma(len(kept))
            + special.digamma(k_i)
            - special.digamma(size[labels[i]])
            - special.digamma(m_i)
        )
    return float(np.mean(terms))


def mixed_ksg_reference(x, y, k):
    """Gao et al. (2017), reference-code conventions, by brute force (max-norm)."""
    n = len(x)
    dx = np.abs(x[:, None, :] - x[None, :, :]).max(axis=2)
    dy = np.abs(y[:, None, :] - y[None, :, :]).max(axis=2)
    joint = np.maximum(dx, dy)
    total = 0.0
    for i in range(n):
        rho = sorted(joint[i, j] for j in range(n) if j != i)[k - 1]
        if rho == 0:
            k_i = int(np.sum(joint[i] == 0))
            n_x, n_y = int(np.sum(dx[i] == 0)), int(np.sum(dy[i] == 0))
        else:
            k_i = k
            n_x, n_y = int(np.sum(dx[i] < rho)), int(np.sum(dy[i] < rho))
        total += special.digamma(k_i) + math.log(n) - special.digamma(n_x) - special.digamma(n_y)
    return total / n


def copula_reference(x, y):
    """Ince et al. (2017) gcmi: copula-normalise, Gaussian MI with bias correction."""

    def copnorm(a):
        return special.ndtri(stats.rankdata(a, axis=0) / (a.shape[0] + 1))

    data = np.column_stack([copnorm(x), copnorm(y)])
    n = data.shape[0]
    cov = np.cov(data, rowvar=False)

    def corrected_entropy(index):
        d = len(index)
        _, log_det = np.linalg.slogdet(cov[np.ix_(index, index)])
        psi = special.psi((n - np.arange(1, d + 1)) / 2.0) / 2.0
        return 0.5 * log_det - d * (math.log(2) - math.log(n - 1)) / 2 - psi.sum()

    dx = x.shape[1]
    both = list(range(data.shape[1]))
    return corrected_entropy(both[:dx]) + corrected_entropy(both[dx:]) - corrected_entropy(both)


# ---- Ross ---------------------------------------------------------------------------------


class TestRoss:
    @pytest.mark.parametrize("n_neighbors", [1, 3, 5])
    def test_matches_brute_force_reference(self, n_neighbors):
        rng = np.random.default_rng(n_neighbors)
        labels = rng.integers(0, 3, size=60)
        labels[0] = 7  # a class of one sample: dropped, as in the reference
        values = rng.normal(size=60) + labels
        value, terms = mixed.ross_mutual_information(
            labels, values[:, None], n_neighbors=n_neighbors, metric="chebyshev"
        )
        assert value == pytest.approx(ross_reference(labels, values, n_neighbors), abs=1e-12)
        assert terms.shape == (59,)

    @pytest.mark.oracle
    @pytest.mark.parametrize("seed", [0, 1, 2])
    def test_matches_scikit_learn(self, seed):
        _compute_mi_cd = pytest.importorskip(
            "sklearn.feature_selection._mutual_info"
        )._compute_mi_cd

        rng = np.random.default_rng(seed)
        labels = rng.integers(0, 4, size=500)
        values = rng.normal(size=500) + 0.5 * labels
        # scikit-learn's private kernel, without the public function's noise; same scaling
        expected = _compute_mi_cd(values / values.std(), labels, 3)
        assert expected > 0  # (it clamps negative values to 0)
        for estimate in (
            estimate_mutual_information(labels, values),
            estimate_mutual_information(values, labels),
            estimate_mutual_information(labels.astype(str), values),
        ):
            assert estimate.method == "ross"
            assert estimate.value == pytest.approx(expected, abs=1e-10)

    def test_either_argument_may_be_discrete(self):
        rng = np.random.default_rng(3)
        labels = rng.integers(0, 2, size=300).astype(bool)
        values = rng.normal(size=300) + labels
        forward = estimate_mutual_information(labels, values)
        backward = estimate_mutual_information(values, labels)
        assert forward.value == backward.value
        assert forward.details["discrete_argument"] == "x"
        assert backward.details["discrete_argument"] == "y"

    def test_discrete_override_for_float_labels(self):
        rng = np.random.default_rng(4)
        labels = rng.integers(0, 3, size=200)
        values = rng.normal(size=200) + labels
        as_int = estimate_mutual_information(labels, values)
        as_float = estimate_mutual_information(labels.astype(float), values, discrete=(True, False))
        assert as_float.method == "ross"
        assert as_float.value == as_int.value

    def test_singleton_classes_are_left_out_with_a_warning(self):
        rng = np.random.default_rng(8)
        labels = rng.integers(0, 2, size=100)
        labels[:3] = [7, 8, 9]
        values = rng.normal(size=100) + labels
        with pytest.warns(SmallSampleWarning, match="3 sample"):
            estimate = estimate_mutual_information(labels, values)
        assert estimate.n_samples == 100
        with pytest.raises(InvalidParameterError, match="an identifier"):
            estimate_mutual_information(np.arange(50), values[:50], discrete=(True, False))

    def test_constant_side_gives_zero(self):
        rng = np.random.default_rng(5)
        values = rng.normal(size=100)
        zero = estimate_mutual_information(np.zeros(100, dtype=int), values)
        assert (zero.value, zero.std_error) == (0.0, 0.0)
        zero = estimate_mutual_information(rng.integers(0, 2, 100), np.full(100, 3.0))
        assert (zero.value, zero.std_error) == (0.0, 0.0)

    @pytest.mark.slow
    def test_converges_on_a_mixture(self):
        # X ~ Bernoulli(1/2), Y | X ~ N(2X, 1): I = h(Y) - h(N(0,1)), h(Y) by quadrature
        rng = np.random.default_rng(6)
        labels = rng.integers(0, 2, size=5000)
        values = rng.normal(size=5000) + 2.0 * labels
        grid = np.linspace(-8, 10, 200001)
        density = 0.5 * (stats.norm.pdf(grid) + stats.norm.pdf(grid, loc=2.0))
        entropy_y = -np.trapezoid(density * np.log(density), grid)
        truth = entropy_y - 0.5 * math.log(2 * math.pi * math.e)
        estimate = estimate_mutual_information(labels, values)
        assert estimate.value == pytest.approx(truth, abs=4 * estimate.std_error)


# ---- mixed KSG ----------------------------------------------------------------------------


class TestMixedKSG:
    @pytest.mark.parametrize("n_neighbors", [1, 3, 4])
    def test_matches_brute_force_reference_with_ties(self, n_neighbors):
        rng = np.random.default_rng(n_neighbors)
        x = rng.integers(0, 4, size=(80, 1)).astype(float)  # a discrete variable: many ties
        y = np.where(rng.random((80, 1)) < 0.3, 0.0, rng.normal(size=(80, 1)))  # zero-inflated
        value, terms = mixed.mixed_ksg_mutual_information(x, y, n_neighbors=n_neighbors)
        assert value == pytest.approx(mixed_ksg_reference(x, y, n_neighbors), abs=1e-12)
        assert terms.mean() == pytest.approx(value, abs=1e-15)

    def test_matches_reference_in_several_dimensions(self):
        rng = np.random.default_rng(10)
        x = rng.normal(size=(50, 2))
        y = np.round(x[:, :1] + rng.normal(size=(50, 1)))
        value, _ = mixed.mixed_ksg_mutual_information(x, y, n_neighbors=3)
        assert value == pytest.approx(mixed_ksg_reference(x, y, 3), abs=1e-12)

    @pytest.mark.slow
    def test_gao_uniform_example(self):
        # Gao et al. (2017): X ~ U{0,...,m-1}, Y | X ~ U[X, X + 2]; I = log m - (m - 1) log 2 / m
        m = 5
        rng = np.random.default_rng(11)
        x = rng.integers(0, m, size=4000)
        y = x + 2.0 * rng.random(4000)
        truth = math.log(m) - (m - 1) * math.log(2) / m
        estimate = estimate_mutual_information(x.astype(float), y, method="mixed_ksg")
        assert estimate.value == pytest.approx(truth, abs=4 * estimate.std_error + 0.01)
        ross = estimate_mutual_information(x, y)
        assert ross.method == "ross"
        assert ross.value == pytest.approx(truth, abs=4 * ross.std_error + 0.01)

    def test_auto_routes_tied_continuous_data_to_stratified_ksg(self):
        rng = np.random.default_rng(12)
        x = rng.normal(size=400)
        x = np.where(rng.random(400) < 0.3, 0.0, x)  # real atoms: 30% exact zeros
        y = x + rng.normal(size=400)
        with pytest.warns(TieWarning, match="uses 'stratified_ksg'"):
            estimate = estimate_mutual_information(x, y)
        assert estimate.method == "stratified_ksg"

    def test_auto_dequantises_rounded_data_and_uses_ksg(self):
        rng = np.random.default_rng(12)
        x = np.round(rng.normal(size=400), 1)  # rounding, not atoms
        y = x + rng.normal(size=400)
        assert estimate_mutual_information(x, y).method == "ksg"

    def test_purely_discrete_pair_is_near_plug_in(self):
        rng = np.random.default_rng(13)
        x = rng.integers(0, 3, size=3000).astype(float)
        y = (x + (rng.random(3000) < 0.2)) % 3
        estimate = estimate_mutual_information(x, y, method="mixed_ksg")
        joint = np.histogram2d(x, y, bins=[3, 3])[0] / 3000
        product = np.outer(joint.sum(1), joint.sum(0))
        present = joint > 0
        plug_in = np.sum(joint[present] * np.log(joint[present] / product[present]))
        assert estimate.value == pytest.approx(plug_in, abs=0.01)


# ---- KSG front end --------------------------------------------------------------------------


class TestKSGFrontEnd:
    @pytest.mark.oracle
    @pytest.mark.parametrize("rho", [0.3, 0.9])
    def test_matches_scikit_learn(self, rho):
        _compute_mi_cc = pytest.importorskip(
            "sklearn.feature_selection._mutual_info"
        )._compute_mi_cc

        x, y = gaussian_pair(800, rho, seed=int(rho * 10))
        expected = _compute_mi_cc(x / x.std(), y / y.std(), 3)
        estimate = estimate_mutual_information(x, y)
        assert estimate.method == "ksg"
        assert estimate.value == pytest.approx(expected, abs=1e-10)

    def test_ksg2_close_to_ksg(self):
        x, y = gaussian_pair(3000, 0.6, seed=1)
        one = estimate_mutual_information(x, y, method="ksg")
        two = estimate_mutual_information(x, y, method="ksg2")
        assert two.value == pytest.approx(one.value, abs=0.03)

    def test_approximately_invariant_under_monotone_transform(self):
        x, y = gaussian_pair(2000, 0.6, seed=2)
        plain = estimate_mutual_information(x, y)
        transformed = estimate_mutual_information(np.exp(x), y**3)
        # KSG is exactly invariant only in the limit; 3 standard errors at N = 2000
        assert transformed.value == pytest.approx(plain.value, abs=3 * plain.std_error)

    def test_negative_estimates_are_not_clamped(self):
        values = [
            estimate_mutual_information(*gaussian_pair(60, 0.0, seed=seed)).value
            for seed in range(10)
        ]
        assert min(values) < 0

    def test_independent_variables_within_reported_error(self):
        rng = np.random.default_rng(3)
        x, y = rng.normal(size=2000), rng.uniform(size=2000)
        for method in ("ksg", "gaussian_copula"):
            estimate = estimate_mutual_information(x, y, method=method)
            assert abs(estimate.value) < 4 * estimate.std_error

    def test_constant_column_gives_exactly_zero(self):
        # scikit-learn's mutual_info_regression returns about 0.21 nats here
        rng = np.random.default_rng(4)
        for method in ("auto", "ksg", "ksg2", "gaussian_copula", "gaussian", "mixed_ksg"):
            estimate = estimate_mutual_information(
                np.full(200, 5.0), rng.normal(size=200), method=method
            )
            assert (estimate.value, estimate.std_error) == (0.0, 0.0)
            assert "constant" in estimate.details["reason"]

    def test_constant_columns_are_dropped(self):
        x, y = gaussian_pair(300, 0.6, seed=5)
        with_constant = np.column_stack([x, np.ones(300)])
        assert (
            estimate_mutual_information(with_constant, y).value
            == estimate_mutual_information(x, y).value
        )

    def test_few_ties_are_jittered_with_a_warning(self):
        x, y = gaussian_pair(500, 0.6, seed=6)
        x[:10] = x[10]  # 2% of rows tie: below the mixed threshold
        with pytest.warns(TieWarning, match="jitter"):
            estimate = estimate_mutual_information(x, y)
        assert estimate.method == "ksg"
        assert math.isfinite(estimate.value)

    def test_jitter_scales_with_spread_not_mean(self):
        # a column with mean 1000 and spread 0.001: scikit-learn's noise (1e-10 * mean) would
        # be 1e-7, a tenth of the spread's resolution; infokit's is 1e-10 * 0.001
        rng = np.random.default_rng(7)
        column = 1000 + 0.001 * rng.normal(size=(500, 1))
        column[:20] = column[20]  # an atom off any grid: jittered, not dequantised
        with pytest.warns(TieWarning, match="Gaussian jitter"):
            jittered = _samples.break_ties(column, rng, name="x", action="test")
        change = jittered - (column - column.mean())
        assert np.abs(change).max() < 6 * 1e-10 * column.std()
        assert np.abs(change).max() > 0
        assert np.unique(jittered).size == 500

    def test_rounded_columns_are_dequantised_at_their_grid_step(self):
        rng = np.random.default_rng(8)
        column = np.round(rng.normal(size=(2000, 1)), 1)
        with pytest.warns(TieWarning, match="dequantised 1 column"):
            smooth = _samples.break_ties(column, rng, name="x", action="test")
        change = smooth - (column - column.mean())
        assert 0.04 < np.abs(change).max() <= 0.05  # uniform noise of one step, 0.1
        # rounding recovers the data: the map is invertible, MI is unchanged
        np.testing.assert_allclose(np.round(smooth + column.mean(), 1), column, atol=1e-12)

    def test_shift_does_not_change_jittered_estimate(self):
        x, y = gaussian_pair(500, 0.6, seed=7)
        with pytest.warns(TieWarning):
            far = estimate_mutual_information(np.round(x, 2) + 1e3, y, method="ksg", rng=0)
        with pytest.warns(TieWarning):
            near = estimate_mutual_information(np.round(x, 2), y, method="ksg", rng=0)
        assert far.value == pytest.approx(near.value, abs=1e-9)

    def test_jitter_is_seeded_by_rng(self):
        x, y = gaussian_pair(400, 0.6, seed=11)
        x = np.round(x, 1)
        with pytest.warns(TieWarning):
            first = estimate_mutual_information(x, y, method="ksg", rng=5).value
        with pytest.warns(TieWarning):
            again = estimate_mutual_information(x, y, method="ksg", rng=5).value
        with pytest.warns(TieWarning):
            other = estimate_mutual_information(x, y, method="ksg", rng=6).value
        assert first == again
        assert other != first
        assert other == pytest.approx(first, abs=0.05)

    @pytest.mark.parametrize("uncertainty", ["subsampling", "block_jackknife", "local_terms"])
    def test_every_error_method_is_in_the_right_range(self, uncertainty):
        # KSG's sd at rho = 0.6, N = 1000 is 0.029 (measured over 100 seeded repetitions);
        # each method lands within a factor 2 of it
        x, y = gaussian_pair(1000, 0.6, seed=12)
        estimate = estimate_mutual_information(x, y, uncertainty=uncertainty, rng=0)
        assert estimate.details["uncertainty"] == uncertainty
        assert 0.0145 < estimate.std_error < 0.058

    def test_base_converts_units(self):
        x, y = gaussian_pair(500, 0.6, seed=8)
        nats = estimate_mutual_information(x, y, rng=0)
        bits = estimate_mutual_information(x, y, base="bits", rng=0)
        assert bits.value == pytest.approx(nats.value / math.log(2), abs=1e-12)
        assert bits.std_error == pytest.approx(nats.std_error / math.log(2), abs=1e-12)

    def test_local_terms_uncertainty(self):
        x, y = gaussian_pair(1000, 0.6, seed=9)
        estimate = estimate_mutual_information(x, y, uncertainty="local_terms")
        assert estimate.details["uncertainty"] == "local_terms"
        assert 0.01 < estimate.std_error < 0.1

    def test_high_dimension_warns(self):
        rng = np.random.default_rng(10)
        with pytest.warns(SmallSampleWarning, match="dimensions"):
            estimate_mutual_information(
                rng.normal(size=(100, 12)), rng.normal(size=(100, 12)), method="ksg"
            )


# ---- Gaussian and copula ------------------------------------------------------------------


class TestGaussianCopula:
    def test_matches_reference_formula(self):
        rng = np.random.default_rng(0)
        x = rng.normal(size=(300, 2))
        y = x @ np.array([[0.5], [0.2]]) + rng.normal(size=(300, 1))
        estimate = estimate_mutual_information(x, y, method="gaussian_copula")
        assert estimate.value == pytest.approx(copula_reference(x, y), abs=1e-12)

    def test_exactly_invariant_under_monotone_transforms(self):
        x, y = gaussian_pair(500, 0.6, seed=1)
        plain = estimate_mutual_information(x, y, method="gaussian_copula", rng=0)
        transformed = estimate_mutual_information(
            np.exp(x), y**3 - 4.0, method="gaussian_copula", rng=0
        )
        assert transformed.value == plain.value
        assert transformed.std_error == plain.std_error

    @pytest.mark.parametrize("method", ["gaussian_copula", "gaussian"])
    @pytest.mark.parametrize("rho", [0.3, 0.9])
    def test_converges_on_gaussian_data(self, method, rho):
        # the sd of these estimators at N = 5000 is about rho / sqrt(N) (delta method);
        # tolerance 4 reported standard errors
        x, y = gaussian_pair(5000, rho, seed=2)
        estimate = estimate_mutual_information(x, y, method=method, rng=0)
        assert estimate.value == pytest.approx(gaussian_truth(rho), abs=4 * estimate.std_error)
        assert estimate.std_error == pytest.approx(rho / math.sqrt(5000), rel=0.5)

    def test_gaussian_matches_closed_form_of_sample_correlation(self):
        x, y = gaussian_pair(400, 0.5, seed=3)
        r = np.corrcoef(x, y)[0, 1]
        estimate = estimate_mutual_information(x, y, method="gaussian")
        assert estimate.value == pytest.approx(-0.5 * math.log(1 - r**2), abs=1e-12)

    def test_copula_ties_are_broken_at_random_not_by_position(self):
        # sorted data with heavy ties: positional tie-breaking would create dependence
        rng = np.random.default_rng(4)
        x = np.sort(rng.integers(0, 3, size=3000)).astype(float)
        y = np.sort(rng.normal(size=3000))
        y_independent = rng.normal(size=3000)
        estimate = estimate_mutual_information(x, y_independent, method="gaussian_copula")
        assert abs(estimate.value) < 4 * estimate.std_error
        assert estimate_mutual_information(x, y, method="gaussian_copula").value > 0.3

    def test_singular_covariance(self):
        x, y = gaussian_pair(100, 0.5, seed=5)
        with pytest.raises(InvalidParameterError, match="singular"):
            estimate_mutual_information(np.column_stack([x, 2 * x]), y, method="gaussian")


# ---- choice of method and bad input -------------------------------------------------------


class TestAuto:
    def test_floats_use_ksg(self):
        x, y = gaussian_pair(200, 0.5, seed=0)
        assert estimate_mutual_information(x, y).method == "ksg"

    def test_pandas_categorical_is_discrete(self):
        pd = pytest.importorskip("pandas")
        rng = np.random.default_rng(1)
        labels = pd.Series(rng.choice(["a", "b"], size=200)).astype("category")
        values = rng.normal(size=200)
        assert estimate_mutual_information(labels, values).method == "ross"

    def test_both_discrete_go_to_the_discrete_engine(self):
        estimate = estimate_mutual_information(np.arange(10) % 2, np.arange(10) % 3)
        assert estimate.method == "chao_wang_jost"

    def test_discrete_false_treats_integers_as_numbers(self):
        rng = np.random.default_rng(2)
        x = rng.integers(0, 1000, size=300)
        y = x + rng.normal(size=300) * 100
        estimate = estimate_mutual_information(x, y, discrete=False)
        assert estimate.method == "ksg"  # integers lie on a grid: dequantised, not atoms


class TestBadInput:
    def test_mismatched_lengths(self):
        with pytest.raises(ShapeError, match="`x` has 10, `y` has 9 rows"):
            estimate_mutual_information(np.arange(10.0), np.arange(9.0))
        with pytest.raises(ShapeError, match="equal lengths"):
            estimate_mutual_information(np.arange(10), np.arange(9.0))

    def test_nan(self):
        y = np.arange(10.0)
        y[3] = np.nan
        with pytest.raises(InvalidParameterError, match="`y` must be finite"):
            estimate_mutual_information(np.arange(10.0), y)

    def test_too_few_samples(self):
        with pytest.raises(ShapeError, match="needs at least 4 samples; got 3"):
            estimate_mutual_information(np.arange(3.0), np.array([0.0, 2.0, 1.0]))
        with pytest.raises(ShapeError, match="needs at least 6 samples"):
            estimate_mutual_information(np.arange(5), np.arange(5.0), n_neighbors=5)

    def test_all_identical_points(self):
        estimate = estimate_mutual_information(np.ones(50), np.ones(50))
        assert (estimate.value, estimate.std_error) == (0.0, 0.0)

    def test_object_dtype(self):
        with pytest.raises(ArrayLibraryError, match="dtype object"):
            estimate_mutual_information(np.array([1, "a", 2.0] * 5, dtype=object), np.arange(15.0))

    @pytest.mark.parametrize(
        ("options", "match"),
        [
            ({"method": "kraskov"}, "`method` must be one of"),
            ({"discrete": "yes"}, "`discrete` must be None"),
            ({"discrete": (True,)}, "`discrete` must be None"),
            ({"method": "ksg", "metric": "euclidean"}, "defined with the max-norm"),
            ({"method": "ross"}, "needs one discrete and one continuous"),
            ({"n_neighbors": -1}, "`n_neighbors` must be a positive integer"),
            ({"standardize": "yes"}, "`standardize` must be True or False"),
        ],
    )
    def test_bad_options(self, options, match):
        x, y = gaussian_pair(50, 0.5, seed=0)
        with pytest.raises(InvalidParameterError, match=match):
            estimate_mutual_information(x, y, **options)


def _masked_pair(n, rho, *, shared, seed):
    """Correlated normals, each set to 0 with probability 1/2 (one mask or two)."""
    rng = np.random.default_rng(seed)
    z1 = rng.normal(size=n)
    z2 = rho * z1 + math.sqrt(1 - rho**2) * rng.normal(size=n)
    mask_x = rng.random(n) < 0.5
    mask_y = mask_x if shared else rng.random(n) < 0.5
    return np.where(mask_x, 0.0, z1), np.where(mask_y, 0.0, z2)


class TestStratifiedKSG:
    """The chain rule over atoms: plug-in + Ross + KSG, each on its own stratum."""

    @pytest.mark.parametrize(
        ("shared", "truth"),
        [
            # one mask: I = H(mask) + P(continuous) I(Z1; Z2) = log 2 - log(1 - 0.36) / 4
            (True, math.log(2) - math.log(1 - 0.36) / 4),
            # two independent masks: only the rows continuous in both carry information
            (False, -math.log(1 - 0.36) / 8),
        ],
    )
    def test_closed_forms_of_zero_inflated_normals(self, shared, truth):
        x, y = _masked_pair(8000, 0.6, shared=shared, seed=3)
        with pytest.warns(TieWarning, match="stratified_ksg"):
            estimate = estimate_mutual_information(x, y, rng=0)
        assert estimate.method == "stratified_ksg"
        assert estimate.value == pytest.approx(truth, abs=3 * estimate.std_error + 0.005)

    @pytest.mark.parametrize("seed", range(4))
    def test_independent_zero_inflated_columns_give_zero(self, seed):
        # mixed_ksg gives about +0.044 nats here (N = 5000), many standard errors
        x, y = _masked_pair(5000, 0.0, shared=False, seed=seed)
        estimate = estimate_mutual_information(x, y, method="stratified_ksg", rng=0)
        assert abs(estimate.value) < 3.5 * estimate.std_error
        biased = estimate_mutual_information(x, y, method="mixed_ksg", uncertainty="none")
        assert biased.value > estimate.value + 0.02

    def test_no_atoms_is_ksg_and_only_atoms_is_the_plug_in(self):
        rng = np.random.default_rng(4)
        x = rng.normal(size=(600, 1))
        y = x + rng.normal(size=(600, 1))
        value, terms = mixed.stratified_ksg_mutual_information(x, y, n_neighbors=3)
        expected, _ = ksg_mutual_information(x, y, n_neighbors=3)
        assert value == pytest.approx(expected, abs=1e-12)
        assert terms.mean() == pytest.approx(value, abs=1e-14)
        a = rng.integers(0, 3, size=(900, 1)).astype(float)
        b = (a + (rng.random((900, 1)) < 0.3)) % 3
        value, _ = mixed.stratified_ksg_mutual_information(a, b, n_neighbors=3)
        joint = np.histogram2d(a[:, 0], b[:, 0], bins=[3, 3])[0] / 900
        outer = joint.sum(axis=1, keepdims=True) * joint.sum(axis=0, keepdims=True)
        present = joint > 0
        plug_in = float(np.sum(joint[present] * np.log(joint[present] / outer[present])))
        assert value == pytest.approx(plug_in, abs=1e-12)

    def test_discrete_x_continuous_y_is_ross(self):
        rng = np.random.default_rng(5)
        x = rng.integers(0, 5, size=(3000, 1)).astype(float)
        y = x + 2.0 * rng.random((3000, 1))
        value, _ = mixed.stratified_ksg_mutual_information(x, y, n_neighbors=3)
        ross, _ = mixed.ross_mutual_information(
            x[:, 0].astype(np.intp), y, n_neighbors=3, metric="chebyshev"
        )
        assert value == pytest.approx(ross, abs=1e-12)
        assert value == pytest.approx(math.log(5) - 0.8 * math.log(2), abs=0.03)

    def test_atom_labels(self):
        x = np.array([[0.0], [1.5], [0.0], [2.0], [2.0], [3.0]])
        labels = mixed.atom_labels(x)
        assert (labels[[1, 5]] == -1).all()
        assert labels[0] == labels[2] >= 0
        assert labels[3] == labels[4] >= 0
        assert labels[0] != labels[3]

    @pytest.mark.parametrize("dimension", [1, 2, 3])
    def test_atom_labels_match_unique_rows(self, dimension):
        rng = np.random.default_rng(dimension)
        x = rng.integers(0, 4, size=(500, dimension)).astype(float)
        x[::7] = rng.normal(size=(x[::7].shape[0], dimension))  # unique continuous rows
        labels = mixed.atom_labels(x)
        _, inverse, counts = np.unique(x, axis=0, return_inverse=True, return_counts=True)
        inverse = inverse.reshape(-1)
        repeated = counts[inverse] > 1
        np.testing.assert_array_equal(labels >= 0, repeated)
        # two rows share a label exactly when they are equal
        same = labels[:, None] == labels[None, :]
        equal = inverse[:, None] == inverse[None, :]
        np.testing.assert_array_equal(same[repeated][:, repeated], equal[repeated][:, repeated])
