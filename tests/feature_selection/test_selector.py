"""Tests of `MutualInformationSelector`: criteria, order, caching, scikit-learn integration."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("sklearn")

from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import Pipeline

from infokit.errors import InvalidParameterError
from infokit.estimators import estimate_mutual_information
from infokit.feature_selection import MutualInformationSelector
from infokit.feature_selection import _greedy as greedy_module
from infokit.feature_selection import selector as selector_module


def _flip(values, probability, rng):
    return np.where(rng.random(values.shape[0]) < probability, 1 - values, values)


def _binary_entropy(p):
    return -p * np.log(p) - (1 - p) * np.log(1 - p)


def _continuous_dataset(n, seed):
    """Columns: noise, signal, near copy of signal, weaker but complementary signal."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, size=n)
    signal = y + 0.5 * rng.normal(size=n)
    noise, copy = rng.normal(size=n), signal + 0.01 * rng.normal(size=n)
    return np.column_stack([noise, signal, copy, y + 0.8 * rng.normal(size=n)]), y


def _binary_dataset(n=20000, seed=0):
    """Columns: noise, strong, copy of strong, complementary, noise, weak copy of strong."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, size=n)
    strong = _flip(y, 0.1, rng)
    complementary = _flip(y, 0.2, rng)  # errors independent of `strong`'s
    weak_copy = _flip(strong, 0.02, rng)  # nearly redundant with `strong`
    X = np.column_stack(
        [
            rng.integers(0, 2, size=n),
            strong,
            strong.copy(),
            complementary,
            rng.integers(0, 3, size=n),
            weak_copy,
        ]
    )
    return X, y


class TestKnownStructure:
    def test_mi_ranks_by_relevance_and_keeps_redundant_copies(self):
        X, y = _binary_dataset()
        selector = MutualInformationSelector(3, strategy="mi").fit(X, y)
        # the two identical copies tie: the lower index comes first
        assert selector.selected_features_.tolist() == [1, 2, 5]

    @pytest.mark.parametrize("strategy", ["mrmr", "jmi", "cmim"])
    def test_greedy_strategies_skip_redundant_copies(self, strategy):
        X, y = _binary_dataset()
        selector = MutualInformationSelector(2, strategy=strategy).fit(X, y)
        assert selector.selected_features_.tolist() == [1, 3]

    def test_cmim_finds_nothing_left_once_strong_and_complementary_are_in(self):
        # Given `strong`, its copies' errors are independent of Y: I(f; Y | strong) = 0 for
        # every remaining feature, so the third criterion value is ~0 (estimation error).
        X, y = _binary_dataset()
        selector = MutualInformationSelector(3, strategy="cmim").fit(X, y)
        assert selector.selected_features_.tolist()[:2] == [1, 3]
        assert abs(selector.selection_scores_[2]) < 2e-3
        # I(complementary; Y | strong) = h(0.26) - h(0.2): P(complementary = strong) = 0.74
        exact = _binary_entropy(0.26) - _binary_entropy(0.2)
        assert selector.selection_scores_[1] == pytest.approx(exact, abs=0.01)

    def test_continuous_features_with_ross_and_ksg(self):
        X, y = _continuous_dataset(2000, seed=1)
        for strategy in ("mrmr", "jmi", "cmim"):
            selected = MutualInformationSelector(2, strategy=strategy).fit(X, y)
            assert selected.selected_features_.tolist() == [1, 3], strategy

    def test_continuous_target(self):
        rng = np.random.default_rng(2)
        n = 1500
        a, b = rng.normal(size=n), rng.normal(size=n)
        target = a + b + 0.3 * rng.normal(size=n)
        X = np.column_stack([a + 0.05 * rng.normal(size=n), a, rng.normal(size=n), b])
        for strategy in ("mrmr", "jmi", "cmim"):
            selected = MutualInformationSelector(2, strategy=strategy).fit(X, target)
            assert sorted(selected.selected_features_.tolist()) in ([0, 3], [1, 3]), strategy


def _brute_force(strategy, X, y, n_select, mi):
    """The greedy criteria recomputed from scratch at every step, from `mi(a, b)`."""
    n_features = X.shape[1]
    relevance = np.array([mi(X[:, f], y) for f in range(n_features)])
    selected = [int(np.argmax(relevance))]
    criteria = [relevance[selected[0]]]
    while len(selected) < n_select:
        best, best_score = None, -np.inf
        for f in range(n_features):
            if f in selected:
                continue
            if strategy == "mrmr":
                score = relevance[f] - np.mean([mi(X[:, f], X[:, s]) for s in selected])
            elif strategy == "jmi":
                score = sum(mi(np.column_stack([X[:, f], X[:, s]]), y) for s in selected)
            else:
                score = min(
                    mi(np.column_stack([X[:, f], X[:, s]]), y) - relevance[s] for s in selected
                )
            if score > best_score:
                best, best_score = f, score
        selected.append(best)
        criteria.append(best_score)
    return selected, np.array(criteria), relevance


class TestCriteriaAgainstBruteForce:
    @pytest.mark.parametrize("strategy", ["mrmr", "jmi", "cmim"])
    def test_discrete_features(self, strategy):
        rng = np.random.default_rng(3)
        n = 600
        y = rng.integers(0, 3, size=n)
        X = np.column_stack(
            [(y + rng.integers(0, 2, size=n)) % 3, rng.integers(0, 4, size=n), y // 2]
            + [(y * k + rng.integers(0, 3, size=n)) % 4 for k in (1, 2, 3)]
        )

        def mi(a, b):
            return estimate_mutual_information(a, b, discrete=True).value

        selector = MutualInformationSelector(4, strategy=strategy).fit(X, y)
        selected, criteria, relevance = _brute_force(strategy, X, y, 4, mi)
        assert selector.selected_features_.tolist() == selected
        np.testing.assert_allclose(selector.selection_scores_, criteria, rtol=0, atol=1e-10)
        np.testing.assert_allclose(selector.scores_, relevance, rtol=0, atol=1e-10)

    @pytest.mark.parametrize("strategy", ["mrmr", "jmi", "cmim"])
    def test_continuous_features(self, strategy):
        rng = np.random.default_rng(4)
        n = 300
        y = rng.integers(0, 2, size=n)
        base = y + rng.normal(size=n)
        X = np.column_stack(
            [
                base,
                base + 0.3 * rng.normal(size=n),
                rng.normal(size=n),
                (1 + y) * rng.normal(size=n),
            ]
        )

        def mi(a, b):
            return estimate_mutual_information(a, b, uncertainty="none").value

        selector = MutualInformationSelector(3, strategy=strategy).fit(X, y)
        selected, criteria, relevance = _brute_force(strategy, X, y, 3, mi)
        assert selector.selected_features_.tolist() == selected
        np.testing.assert_allclose(selector.selection_scores_, criteria, rtol=0, atol=1e-9)
        np.testing.assert_allclose(selector.scores_, relevance, rtol=0, atol=1e-9)


class TestCachingAndThreads:
    @pytest.mark.parametrize("strategy", ["mrmr", "jmi", "cmim"])
    def test_each_pair_is_estimated_once(self, strategy, monkeypatch):
        X, y = _binary_dataset(n=500)
        calls = []
        original = greedy_module.block_mutual_information

        def counting(a, b, **options):
            calls.append((id(a.codes), id(b.codes)))
            return original(a, b, **options)

        monkeypatch.setattr(greedy_module, "block_mutual_information", counting)
        MutualInformationSelector(4, strategy=strategy, n_jobs=1).fit(X, y)
        n_features = X.shape[1]
        # step t (t = 1, 2, 3) pairs the newest selected feature with each remaining one
        assert len(calls) == sum(n_features - t for t in range(1, 4))

    def test_threads_do_not_change_the_selection(self):
        X, y = _binary_dataset(n=3000)
        one = MutualInformationSelector(4, strategy="jmi", n_jobs=1).fit(X, y)
        two = MutualInformationSelector(4, strategy="jmi", n_jobs=2).fit(X, y)
        np.testing.assert_array_equal(one.selected_features_, two.selected_features_)
        np.testing.assert_array_equal(one.selection_scores_, two.selection_scores_)


class TestAttributes:
    def test_ranking_and_support(self):
        X, y = _binary_dataset(n=2000)
        selector = MutualInformationSelector(3, strategy="mrmr").fit(X, y)
        ranking = selector.ranking_
        assert sorted(ranking.tolist()) == list(range(1, 7))
        assert ranking[selector.selected_features_].tolist() == [1, 2, 3]
        rest = np.argsort(ranking)[3:]
        assert np.all(np.diff(selector.scores_[rest]) <= 0)
        np.testing.assert_array_equal(
            np.flatnonzero(selector.get_support()), np.sort(selector.selected_features_)
        )
        assert selector.transform(X).shape == (2000, 3)
        assert selector.n_features_in_ == 6

    @pytest.mark.parametrize(("fraction", "expected"), [(0.5, 3), (0.1, 1), (1.0, 6)])
    def test_fraction_of_features(self, fraction, expected):
        X, y = _binary_dataset(n=500)
        selector = MutualInformationSelector(fraction, strategy="mi").fit(X, y)
        assert selector.selected_features_.shape == (expected,)


class TestScikitLearnIntegration:
    def test_pipeline_and_grid_search(self):
        X, y = _continuous_dataset(1200, seed=6)
        pipeline = Pipeline(
            [("select", MutualInformationSelector(1)), ("model", LogisticRegression())]
        )
        search = GridSearchCV(
            pipeline,
            {"select__n_features_to_select": [1, 2], "select__strategy": ["mi", "mrmr"]},
            cv=3,
        )
        search.fit(X, y)
        assert search.best_params_["select__n_features_to_select"] == 2
        assert search.best_params_["select__strategy"] == "mrmr"
        selected = search.best_estimator_.named_steps["select"].selected_features_.tolist()
        assert selected[0] in (1, 2)  # the signal or its near copy, whichever scores higher
        assert selected[1] == 3

    def test_clone_keeps_parameters_and_drops_the_fit(self):
        X, y = _binary_dataset(n=500)
        selector = MutualInformationSelector(2, strategy="cmim", n_neighbors=5, rng=3).fit(X, y)
        copy = clone(selector)
        assert copy.get_params() == selector.get_params()
        assert not hasattr(copy, "selected_features_")

    def test_pandas_names_are_kept(self):
        pd = pytest.importorskip("pandas")
        X, y = _binary_dataset(n=1000)
        names = ["noise", "strong", "copy", "complementary", "noise3", "weak_copy"]
        frame = pd.DataFrame(X, columns=names)
        selector = MutualInformationSelector(2).fit(frame, y)
        np.testing.assert_array_equal(selector.feature_names_in_, names)
        assert selector.get_feature_names_out().tolist() == ["strong", "complementary"]
        selector.set_output(transform="pandas")
        assert selector.transform(frame).columns.tolist() == ["strong", "complementary"]

    def test_polars_names_are_kept(self):
        pl = pytest.importorskip("polars")
        X, y = _binary_dataset(n=1000)
        names = ["noise", "strong", "copy", "complementary", "noise3", "weak_copy"]
        frame = pl.DataFrame({name: X[:, j] for j, name in enumerate(names)})
        selector = MutualInformationSelector(2).fit(frame, y)
        assert selector.get_feature_names_out().tolist() == ["strong", "complementary"]

    def test_mixed_dtypes_in_a_dataframe(self):
        pd = pytest.importorskip("pandas")
        rng = np.random.default_rng(5)
        n = 1500
        y = rng.integers(0, 2, size=n)
        frame = pd.DataFrame(
            {
                "noise": rng.normal(size=n),
                "signal": y + 0.7 * rng.normal(size=n),
                "label": np.where(_flip(y, 0.15, rng) == 1, "yes", "no"),
                "category": pd.Categorical(rng.choice(["a", "b", "c"], size=n)),
            }
        )
        for strategy in ("mrmr", "jmi", "cmim"):
            selector = MutualInformationSelector(2, strategy=strategy).fit(frame, y)
            assert sorted(selector.get_feature_names_out().tolist()) == ["label", "signal"]


class TestBadInput:
    def test_too_many_features_requested(self):
        X, y = _binary_dataset(n=100)
        with pytest.raises(InvalidParameterError, match="between 1 and the number of features"):
            MutualInformationSelector(7).fit(X, y)

    @pytest.mark.parametrize(
        ("options", "match"),
        [
            ({"n_features_to_select": 1.5}, "must lie in \\(0, 1\\]"),
            ({"n_features_to_select": "all"}, "positive integer or a fraction"),
            ({"strategy": "relief"}, "`strategy` must be one of 'mrmr'"),
            ({"n_neighbors": -1}, "`n_neighbors` must be a positive integer"),
        ],
    )
    def test_bad_parameters(self, options, match):
        X, y = _binary_dataset(n=100)
        with pytest.raises(InvalidParameterError, match=match):
            MutualInformationSelector(**options).fit(X, y)

    def test_nan_names_the_column(self):
        X, y = _binary_dataset(n=100)
        X = X.astype(float)
        X[3, 4] = np.nan
        with pytest.raises(InvalidParameterError, match="`X` column 4 holds 1 missing"):
            MutualInformationSelector(2).fit(X, y)

    def test_target_with_one_class(self):
        X, _ = _binary_dataset(n=100)
        with pytest.raises(InvalidParameterError, match="`y` has one class only"):
            MutualInformationSelector(2).fit(X, np.ones(100, dtype=int))

    def test_constant_column_is_never_preferred(self):
        X, y = _binary_dataset(n=1000)
        X[:, 0] = 1
        selector = MutualInformationSelector(6, strategy="mrmr").fit(X, y)
        assert selector.scores_[0] == 0.0


class TestGaussianCopula:
    def test_vectorised_pairs_equal_the_estimator_column_by_column(self):
        from infokit.estimators.continuous.gaussian import (
            copula_normalize,
            gaussian_copula_mutual_information,
        )
        from infokit.feature_selection._pairs import CopulaMoments

        rng = np.random.default_rng(20)
        n = 400
        chosen = rng.normal(size=n)
        features = np.column_stack([chosen + rng.normal(size=n), rng.normal(size=n)])
        normal = copula_normalize(np.column_stack([features, chosen]), rng)
        values = CopulaMoments(normal).redundancy(2)
        expected = [
            gaussian_copula_mutual_information(normal[:, [j]], normal[:, [2]]) for j in range(2)
        ]
        np.testing.assert_allclose(values[:2], expected, rtol=0, atol=1e-12)
        assert values[2] == pytest.approx(np.log(n))  # with itself: capped at log N

    def test_vectorised_terms_equal_the_pairwise_path(self):
        from infokit.feature_selection._pairs import Block, CopulaMoments, block_mutual_information

        rng = np.random.default_rng(21)
        n = 500
        labels = rng.integers(0, 3, size=n)
        labels[:2] = 5  # a class too small for a covariance
        chosen = labels + rng.normal(size=n)
        features = np.column_stack([labels * rng.normal(size=n), rng.normal(size=n), chosen])
        moments = CopulaMoments(features, labels)
        joint, relevance = moments.joint(2), moments.relevance()
        options = {"n_neighbors": 3, "discrete_method": "auto", "method": "gaussian_copula"}
        target = Block(None, labels, 6)
        for j in range(2):
            pair = Block(np.column_stack([features[:, j], chosen]), None)
            expected = block_mutual_information(pair, target, **options)
            assert joint[j] == pytest.approx(expected, abs=1e-12)
            single = block_mutual_information(Block(features[:, [j]], None), target, **options)
            assert relevance[j] == pytest.approx(single, abs=1e-12)
        assert joint[2] == pytest.approx(np.log(n))  # perfectly dependent: capped at log N

    def test_class_conditional_gaussian_model_matches_the_closed_form(self):
        # X | Y=v ~ N(mu_v, 1) with Y uniform on {0, 1}: the Gaussian model estimates
        # H(X) - H(X | Y) = 0.5 log(var(X) / 1) with var(X) = 1 + (mu_1 - mu_0)^2 / 4.
        from infokit.feature_selection._pairs import Block, block_mutual_information

        rng = np.random.default_rng(22)
        n = 200_000
        labels = rng.integers(0, 2, size=n)
        values = 2.0 * labels + rng.normal(size=n)
        estimate = block_mutual_information(
            Block(values[:, None], None), Block(None, labels, 2), n_neighbors=3,
            discrete_method="auto", method="gaussian_copula",
        )  # fmt: skip
        assert estimate == pytest.approx(0.5 * np.log(2.0), abs=5e-3)

    @pytest.mark.parametrize("strategy", ["mrmr", "jmi", "cmim"])
    def test_known_structure(self, strategy):
        X, y = _continuous_dataset(2000, seed=1)
        selector = MutualInformationSelector(2, strategy=strategy, method="gaussian_copula")
        selector.fit(X, y)
        assert selector.method_ == "gaussian_copula"
        assert selector.selected_features_.tolist() == [1, 3]

    def test_continuous_target(self):
        rng = np.random.default_rng(2)
        n = 1500
        a, b = rng.normal(size=n), rng.normal(size=n)
        target = a + b + 0.3 * rng.normal(size=n)
        X = np.column_stack([a + 0.05 * rng.normal(size=n), a, rng.normal(size=n), b])
        for strategy in ("mrmr", "jmi", "cmim"):
            selector = MutualInformationSelector(2, strategy=strategy, method="gaussian_copula")
            selected = sorted(selector.fit(X, target).selected_features_.tolist())
            assert selected in ([0, 3], [1, 3]), strategy

    def test_auto_switches_on_the_amount_of_work(self, monkeypatch):
        X, y = _continuous_dataset(300, seed=3)
        assert MutualInformationSelector(2).fit(X, y).method_ == "knn"
        monkeypatch.setattr(selector_module, "KNN_BUDGET", 100)
        assert MutualInformationSelector(2).fit(X, y).method_ == "gaussian_copula"
        assert MutualInformationSelector(2, strategy="mi").fit(X, y).method_ == "knn"

    def test_bad_method(self):
        X, y = _continuous_dataset(100, seed=3)
        with pytest.raises(InvalidParameterError, match="`method` must be one of 'auto'"):
            MutualInformationSelector(2, method="ksg").fit(X, y)


class TestKernels:
    def test_single_worker_ross_equals_the_estimator(self):
        from infokit.estimators.continuous.mixed import ross_mutual_information
        from infokit.feature_selection._pairs import ross_terms

        rng = np.random.default_rng(30)
        labels = rng.integers(0, 3, size=700)
        labels[:1] = 7  # a class with one member is dropped by both
        values = np.column_stack([labels + rng.normal(size=700), rng.normal(size=700)])
        values[10:20] = values[20:30]  # tied points: radius 0
        _, expected = ross_mutual_information(labels, values, n_neighbors=3, metric="chebyshev")
        np.testing.assert_array_equal(ross_terms(labels, values, n_neighbors=3), expected)

    def test_ksg_terms_equal_the_estimator_either_way_round(self):
        from infokit.estimators.continuous.neighbors import ksg_mutual_information
        from infokit.feature_selection._pairs import ksg_terms

        rng = np.random.default_rng(31)
        x = rng.normal(size=(600, 2))
        y = x[:, :1] + rng.normal(size=(600, 1))
        _, expected = ksg_mutual_information(x, y, n_neighbors=3)
        np.testing.assert_allclose(ksg_terms(x, y, n_neighbors=3), expected, rtol=0, atol=1e-12)
        np.testing.assert_allclose(ksg_terms(y, x, n_neighbors=3), expected, rtol=0, atol=1e-12)
