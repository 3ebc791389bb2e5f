"""Tests of `mutual_information_scores`, with scikit-learn's estimators as oracles."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

pytest.importorskip("sklearn")

from sklearn.feature_selection import (
    SelectKBest,
    SelectPercentile,
    mutual_info_classif,
    mutual_info_regression,
)
from sklearn.feature_selection._mutual_info import _compute_mi_cc, _compute_mi_cd
from sklearn.metrics import mutual_info_score

from infokit.errors import InvalidParameterError, ShapeError
from infokit.estimators import estimate_mutual_information
from infokit.estimators.continuous.mixed import ross_mutual_information
from infokit.feature_selection import MutualInformationScores, mutual_information_scores


def _classification_data(n=1500, seed=0):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 3, size=n)
    X = np.column_stack(
        [
            y + rng.normal(size=n),  # relevant
            np.sin(y) + 0.5 * rng.normal(size=n),  # relevant, non-monotone
            rng.normal(size=n),  # noise
            rng.exponential(size=n) * (1 + y),  # relevant through the scale
        ]
    )
    return X, y


def _standardised(column):
    return column / column.std()


@pytest.mark.oracle
class TestAgreementWithScikitLearn:
    def test_continuous_features_discrete_target_match_compute_mi_cd(self):
        X, y = _classification_data()
        scores = mutual_information_scores(X, y)
        expected = [_compute_mi_cd(X[:, j], y, 3) for j in range(X.shape[1])]
        # sklearn clamps at 0; our values are not clamped
        np.testing.assert_allclose(np.maximum(scores.values, 0), expected, rtol=0, atol=1e-6)
        assert scores.methods == ("ross",) * 4

    @pytest.mark.parametrize("n_neighbors", [1, 3, 7])
    def test_continuous_target_matches_compute_mi_cc(self, n_neighbors):
        rng = np.random.default_rng(1)
        n = 1200
        target = rng.normal(size=n)
        X = np.column_stack(
            [target + rng.normal(size=n), target**2 + rng.normal(size=n), rng.normal(size=n)]
        )
        scores = mutual_information_scores(X, target, n_neighbors=n_neighbors)
        expected = [
            _compute_mi_cc(_standardised(X[:, j]), _standardised(target), n_neighbors)
            for j in range(3)
        ]
        np.testing.assert_allclose(np.maximum(scores.values, 0), expected, rtol=0, atol=1e-6)
        assert scores.methods == ("ksg",) * 3

    def test_discrete_feature_continuous_target_matches_compute_mi_cd(self):
        rng = np.random.default_rng(2)
        n = 1000
        labels = rng.integers(0, 4, size=n)
        target = labels + rng.normal(size=n)
        X = np.column_stack([labels, rng.integers(0, 3, size=n)])
        scores = mutual_information_scores(X, target)
        expected = [_compute_mi_cd(target, X[:, j], 3) for j in range(2)]
        np.testing.assert_allclose(np.maximum(scores.values, 0), expected, rtol=0, atol=1e-6)
        assert scores.methods == ("ross", "ross")

    def test_discrete_pairs_plugin_match_mutual_info_score(self):
        rng = np.random.default_rng(3)
        y = rng.integers(0, 3, size=800)
        X = np.column_stack([(y + rng.integers(0, 2, size=800)) % 4, rng.integers(0, 5, size=800)])
        scores = mutual_information_scores(X, y, method="plugin")
        expected = [mutual_info_score(X[:, j], y) for j in range(2)]
        np.testing.assert_allclose(scores.values, expected, rtol=0, atol=1e-12)
        assert scores.methods == ("plugin", "plugin")

    def test_public_mutual_info_classif_agrees_where_its_jitter_is_negligible(self):
        X, y = _classification_data(n=2000, seed=4)
        ours = mutual_information_scores(X, y).values
        theirs = mutual_info_classif(X, y, random_state=0)
        np.testing.assert_allclose(np.maximum(ours, 0), theirs, rtol=0, atol=1e-6)

    def test_public_mutual_info_regression_agrees_where_its_jitter_is_negligible(self):
        rng = np.random.default_rng(5)
        target = rng.normal(size=1500)
        X = np.column_stack([np.exp(target) + rng.normal(size=1500), rng.normal(size=1500)])
        ours = mutual_information_scores(X, target).values
        theirs = mutual_info_regression(X, target, random_state=0)
        np.testing.assert_allclose(np.maximum(ours, 0), theirs, rtol=0, atol=1e-6)


class TestScikitLearnScoreFunction:
    def test_select_k_best_ranks_by_the_values(self):
        X, y = _classification_data()
        selector = SelectKBest(mutual_information_scores, k=2).fit(X, y)
        expected = mutual_information_scores(X, y).values
        np.testing.assert_array_equal(selector.scores_, expected)
        assert selector.pvalues_ is None
        top_two = set(np.argsort(expected)[-2:].tolist())
        assert set(np.flatnonzero(selector.get_support()).tolist()) == top_two
        assert 2 not in top_two  # the noise feature is dropped

    def test_select_percentile(self):
        X, y = _classification_data()
        selector = SelectPercentile(mutual_information_scores, percentile=25).fit(X, y)
        assert selector.get_support().sum() == 1
        assert selector.get_support()[np.argmax(selector.scores_)]

    def test_result_is_an_array_with_estimates(self):
        X, y = _classification_data(n=600)
        scores = mutual_information_scores(X, y)
        assert isinstance(scores, MutualInformationScores)
        assert np.asarray(scores).shape == (4,)
        assert np.asarray(scores, dtype=np.float32).dtype == np.float32
        assert len(scores) == 4
        estimate = scores[1]
        assert estimate.value == scores.values[1]
        assert estimate.std_error == scores.std_error[1]
        assert estimate.method == "ross"
        assert estimate.n_samples == 600
        assert scores["x1"] == estimate
        with pytest.raises(KeyError, match="no feature named 'nope'"):
            scores["nope"]
        assert "x3:" in repr(scores)


class TestValuesAndErrors:
    def test_standard_error_is_the_spread_of_the_local_terms(self):
        X, y = _classification_data(n=700)
        scores = mutual_information_scores(X, y)
        standardised = (X[:, 0] - X[:, 0].mean()) / X[:, 0].std()
        value, terms = ross_mutual_information(
            y, standardised[:, None], n_neighbors=3, metric="chebyshev"
        )
        assert scores.values[0] == pytest.approx(value, abs=1e-12)
        assert scores.std_error[0] == pytest.approx(np.std(terms, ddof=1) / math.sqrt(700))

    def test_standard_error_has_the_size_of_the_spread_across_samples(self):
        # 40 independent samples: the sd of the estimates against the mean reported error.
        # The local-term error under-estimates by 10-20% (documented), so accept 0.6-1.6.
        values, errors = [], []
        for seed in range(40):
            rng = np.random.default_rng(100 + seed)
            y = rng.integers(0, 2, size=400)
            X = (y + rng.normal(size=400))[:, None]
            scores = mutual_information_scores(X, y, n_jobs=1)
            values.append(scores.values[0])
            errors.append(scores.std_error[0])
        ratio = np.mean(errors) / np.std(values, ddof=1)
        assert 0.6 < ratio < 1.6

    def test_base_converts_units(self):
        X, y = _classification_data(n=500)
        nats = mutual_information_scores(X, y)
        bits = mutual_information_scores(X, y, base="bits")
        np.testing.assert_allclose(bits.values, nats.values / math.log(2), rtol=1e-12)
        np.testing.assert_allclose(bits.std_error, nats.std_error / math.log(2), rtol=1e-12)
        assert bits[0].unit == "bits"

    def test_negative_estimates_are_not_clamped(self):
        rng = np.random.default_rng(6)
        y = rng.integers(0, 2, size=300)
        X = rng.normal(size=(300, 30))
        values = mutual_information_scores(X, y).values
        assert (values < 0).any()
        assert (mutual_info_classif(X, y, random_state=0) >= 0).all()

    def test_constant_column_scores_exactly_zero(self):
        X, y = _classification_data(n=500)
        X[:, 2] = 7.0
        scores = mutual_information_scores(X, y)
        assert scores.values[2] == 0.0
        assert scores.std_error[2] == 0.0
        assert scores.methods[2] == "constant"

    def test_default_discrete_method_matches_the_public_estimator(self):
        rng = np.random.default_rng(7)
        y = rng.integers(0, 3, size=400)
        feature = (y + rng.integers(0, 3, size=400)) % 5
        scores = mutual_information_scores(feature[:, None], y)
        expected = estimate_mutual_information(feature, y, discrete=True)
        assert scores.methods == (expected.method,)
        assert scores.values[0] == pytest.approx(expected.value, abs=1e-12)
        assert scores.std_error[0] == pytest.approx(expected.std_error, abs=1e-12)

    def test_ksg2_is_used_for_continuous_pairs_only(self):
        rng = np.random.default_rng(8)
        target = rng.normal(size=500)
        X = np.column_stack([target + rng.normal(size=500), rng.integers(0, 2, size=500)])
        scores = mutual_information_scores(X, target, method="ksg2", discrete_features=[1])
        assert scores.methods == ("ksg2", "ross")
        expected = estimate_mutual_information(
            X[:, 0], target, method="ksg2", uncertainty="none"
        ).value
        assert scores.values[0] == pytest.approx(expected, abs=1e-9)

    def test_threads_do_not_change_the_result(self):
        X, y = _classification_data(n=800)
        one = mutual_information_scores(X, y, n_jobs=1)
        two = mutual_information_scores(X, y, n_jobs=2)
        np.testing.assert_array_equal(one.values, two.values)
        np.testing.assert_array_equal(one.std_error, two.std_error)

    def test_ties_are_jittered_reproducibly(self):
        rng = np.random.default_rng(9)
        y = rng.integers(0, 2, size=600)
        X = np.round(y[:, None] + rng.normal(size=(600, 2)), 1)  # many repeated values
        first = mutual_information_scores(X, y, rng=1).values
        again = mutual_information_scores(X, y, rng=1).values
        np.testing.assert_array_equal(first, again)
        assert first[0] > 0.05


class TestDiscreteFeatures:
    def test_auto_uses_the_dtype_and_a_mask_or_indices_override_it(self):
        rng = np.random.default_rng(10)
        y = rng.integers(0, 2, size=500)
        X = np.column_stack([y + rng.normal(size=500), rng.integers(0, 3, size=500)])
        # the one discreteness rule: 3 whole-number values in a float array are labels
        assert mutual_information_scores(X, y).methods == ("ross", "chao_wang_jost")
        by_index = mutual_information_scores(X, y, discrete_features=[1]).methods
        by_mask = mutual_information_scores(X, y, discrete_features=np.array([False, True]))
        assert by_index == by_mask.methods == ("ross", "chao_wang_jost")
        assert mutual_information_scores(X, y, discrete_features=False).methods == ("ross",) * 2

    def test_integer_columns_are_discrete_by_default(self):
        rng = np.random.default_rng(11)
        y = rng.integers(0, 2, size=400)
        X = np.column_stack([y, rng.integers(0, 4, size=400)])
        assert mutual_information_scores(X, y).methods == ("chao_wang_jost",) * 2

    def test_discrete_target_override(self):
        rng = np.random.default_rng(12)
        y = rng.integers(0, 3, size=400).astype(float)
        X = (y + rng.normal(size=400))[:, None]
        assert mutual_information_scores(X, y, discrete_target=False).methods == ("ksg",)
        # three whole-number values, stored as floats, are labels by the discreteness rule
        assert mutual_information_scores(X, y).methods == ("ross",)
        labels = mutual_information_scores(X, y, discrete_target=True)
        assert labels.methods == ("ross",)
        assert labels.values[0] == pytest.approx(_compute_mi_cd(X[:, 0], y, 3), abs=1e-6)

    def test_pandas_columns_keep_their_kinds_and_names(self):
        pd = pytest.importorskip("pandas")
        rng = np.random.default_rng(13)
        y = rng.integers(0, 2, size=500)
        frame = pd.DataFrame(
            {
                "signal": y + rng.normal(size=500),
                "count": rng.integers(0, 4, size=500),
                "word": np.where(y == 1, "yes", "no"),
                "group": pd.Categorical(rng.choice(["a", "b"], size=500)),
            }
        )
        scores = mutual_information_scores(frame, pd.Series(y))
        assert scores.feature_names == ("signal", "count", "word", "group")
        assert scores.methods == ("ross",) + ("chao_wang_jost",) * 3
        assert scores["word"].value == pytest.approx(
            estimate_mutual_information(y, y, discrete=True).value
        )

    def test_polars_columns_keep_their_kinds_and_names(self):
        pl = pytest.importorskip("polars")
        rng = np.random.default_rng(14)
        y = rng.integers(0, 2, size=500)
        signal, word = y + rng.normal(size=500), np.where(y, "a", "b")
        frame = pl.DataFrame({"signal": signal, "word": word})
        scores = mutual_information_scores(frame, pl.Series(y))
        assert scores.feature_names == ("signal", "word")
        assert scores.methods == ("ross", "chao_wang_jost")
        as_objects = np.array([signal, word], dtype=object).T
        expected = mutual_information_scores(as_objects, y).values
        np.testing.assert_array_equal(scores.values, expected)


class TestInputTypes:
    def test_sparse_and_torch_inputs_equal_numpy(self):
        sparse = pytest.importorskip("scipy.sparse")
        X, y = _classification_data(n=400)
        expected = mutual_information_scores(X, y).values
        got = mutual_information_scores(sparse.csr_matrix(X), y).values
        np.testing.assert_array_equal(got, expected)
        torch = pytest.importorskip("torch")
        from_torch = mutual_information_scores(torch.from_numpy(X), torch.from_numpy(y))
        np.testing.assert_array_equal(from_torch.values, expected)

    def test_lists_and_a_column_vector_target(self):
        X, y = _classification_data(n=300)
        expected = mutual_information_scores(X, y).values
        got = mutual_information_scores(X.tolist(), y[:, None]).values
        np.testing.assert_array_equal(got, expected)


class TestBadInput:
    def test_nan_names_the_column(self):
        X, y = _classification_data(n=200)
        X[5, 3] = np.nan
        with pytest.raises(InvalidParameterError, match="`X` column 3 holds 1 missing value"):
            mutual_information_scores(X, y)

    def test_nan_in_a_dataframe_names_the_column(self):
        pd = pytest.importorskip("pandas")
        frame = pd.DataFrame({"a": [1.0, 2.0, 3.0, 4.0, 5.0], "b": ["x", None, "y", "x", "y"]})
        with pytest.raises(InvalidParameterError, match="`X` column 'b' holds 1 missing"):
            mutual_information_scores(frame, [0, 1, 0, 1, 0])

    def test_infinite_values(self):
        X, y = _classification_data(n=200)
        X[0, 1] = np.inf
        with pytest.raises(InvalidParameterError, match="`X` column 1 must be finite"):
            mutual_information_scores(X, y)

    def test_target_with_one_class(self):
        X, _ = _classification_data(n=100)
        with pytest.raises(InvalidParameterError, match="`y` has one class only"):
            mutual_information_scores(X, np.zeros(100, dtype=int))

    def test_constant_continuous_target(self):
        X, _ = _classification_data(n=100)
        with pytest.raises(InvalidParameterError, match="`y` is constant"):
            mutual_information_scores(X, np.full(100, 0.5), discrete_target=False)

    def test_lengths_must_match(self):
        X, y = _classification_data(n=100)
        with pytest.raises(ShapeError, match="same number of samples; got 100 rows"):
            mutual_information_scores(X, y[:50])

    def test_one_dimensional_features(self):
        with pytest.raises(ShapeError, match="`X` must be 2-D"):
            mutual_information_scores(np.arange(10.0), np.arange(10) % 2)

    def test_too_few_samples(self):
        with pytest.raises(ShapeError, match="needs at least 4 samples; got 3"):
            mutual_information_scores(np.eye(3), [0, 1, 0])

    def test_string_column_cannot_be_continuous(self):
        X = np.array([["a", "b", "a", "b", "a"]], dtype=object).T
        with pytest.raises(InvalidParameterError, match="cannot be treated as continuous"):
            mutual_information_scores(X, [0, 1, 0, 1, 0], discrete_features=False)

    @pytest.mark.parametrize(
        ("options", "match"),
        [
            ({"method": "kl"}, "`method` must be one of 'auto'"),
            ({"n_neighbors": 0}, "`n_neighbors` must be a positive integer"),
            ({"n_jobs": 0}, "`n_jobs` must be None, -1 or a positive integer"),
            ({"discrete_features": "some"}, "`discrete_features` must be 'auto'"),
            ({"discrete_features": [True]}, "one flag per feature"),
            ({"discrete_features": [9]}, "indices must lie in"),
            ({"discrete_target": "yes"}, "`discrete_target` must be 'auto', True or False"),
            ({"rng": "seed"}, "`rng` must be None, an integer seed"),
            ({"base": 1}, "`base`"),
        ],
    )
    def test_bad_options(self, options, match):
        X, y = _classification_data(n=100)
        with pytest.raises(InvalidParameterError, match=match):
            mutual_information_scores(X, y, **options)


def test_zero_inflated_feature_and_target_use_the_chain_rule_over_atoms():
    # feature and target zero on the same rows: I = log 2 + I(Z1; Z2) / 2 (rho = 0.6);
    # jittered KSG gives about 0.68 here. An independent zero-inflated feature scores ~0.
    rng = np.random.default_rng(0)
    n = 5000
    z1 = rng.standard_normal(n)
    z2 = 0.6 * z1 + 0.8 * rng.standard_normal(n)
    zero = rng.random(n) < 0.5
    independent = np.where(rng.random(n) < 0.5, 0.0, rng.standard_normal(n))
    x = np.column_stack([np.where(zero, 0.0, z1), independent, rng.standard_normal(n)])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        scores = mutual_information_scores(x, np.where(zero, 0.0, z2))
    assert scores.methods == ("stratified_ksg",) * 3
    truth = math.log(2) - 0.25 * math.log(1 - 0.36)
    assert scores.values[0] == pytest.approx(truth, abs=4 * scores.std_error[0] + 0.01)
    assert abs(scores.values[1]) < 4 * scores.std_error[1]
    assert abs(scores.values[2]) < 4 * scores.std_error[2]
    with warnings.catch_warnings():  # a plain target and plain features keep the batched KSG
        warnings.simplefilter("ignore")
        plain = mutual_information_scores(x[:, 2:], z2)
    assert plain.methods == ("ksg",)
