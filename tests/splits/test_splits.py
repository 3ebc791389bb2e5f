"""Information gain, gain ratio and best splits, with scikit-learn's trees as the oracle."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

import infokit as ik
from infokit.errors import InvalidParameterError, ShapeError
from infokit.splits import best_split, gain_ratio, information_gain

sklearn_datasets = pytest.importorskip("sklearn.datasets")
sklearn_tree = pytest.importorskip("sklearn.tree")


class TestInformationGain:
    def test_hand_computed_example(self) -> None:
        # 9 yes / 5 no, split into groups of (2 yes, 3 no), (4, 0), (3, 2): Quinlan's outlook.
        y = ["yes"] * 2 + ["no"] * 3 + ["yes"] * 4 + ["yes"] * 3 + ["no"] * 2
        outlook = ["sunny"] * 5 + ["overcast"] * 4 + ["rain"] * 5
        h = lambda *c: -sum(x / sum(c) * math.log2(x / sum(c)) for x in c if x)  # noqa: E731
        expected = h(9, 5) - (5 / 14 * h(2, 3) + 4 / 14 * h(4, 0) + 5 / 14 * h(3, 2))
        assert information_gain(y, outlook, base=2) == pytest.approx(expected, rel=1e-14)
        assert round(expected, 3) == 0.247

    def test_equals_plugin_mutual_information(self) -> None:
        rng = np.random.default_rng(0)
        y, groups = rng.integers(0, 4, 500), rng.integers(0, 3, 500)
        counts = np.zeros((4, 3))
        np.add.at(counts, (y, groups), 1)
        expected = ik.mutual_information(ik.normalize(counts, axis=None))
        assert information_gain(y, groups) == pytest.approx(float(expected), rel=1e-12)

    def test_weights_act_like_repeated_samples(self) -> None:
        y, groups, weights = [0, 1, 1, 0], [0, 0, 1, 1], [3, 1, 2, 1]
        repeated_y = np.repeat(y, weights)
        repeated_groups = np.repeat(groups, weights)
        assert information_gain(y, groups, sample_weight=weights) == pytest.approx(
            information_gain(repeated_y, repeated_groups), rel=1e-14
        )

    def test_gain_ratio_divides_by_split_entropy(self) -> None:
        y, groups = [0, 0, 1, 1, 1, 0], [0, 0, 1, 1, 2, 2]
        split_entropy = math.log(3)
        assert gain_ratio(y, groups) == pytest.approx(
            information_gain(y, groups) / split_entropy, rel=1e-14
        )
        assert gain_ratio(y, [7] * 6) == 0.0

    def test_errors(self) -> None:
        with pytest.raises(
            ShapeError, match="`y` and `groups` must have the same length; got 3 and 2"
        ):
            information_gain([0, 1, 0], [0, 1])
        with pytest.raises(InvalidParameterError, match="`y` has NaN labels"):
            information_gain([0.0, math.nan], [0, 1])
        with pytest.raises(
            InvalidParameterError, match="`sample_weight` must be finite, non-negative"
        ):
            information_gain([0, 1], [0, 1], sample_weight=[1, -1])
        with pytest.raises(ShapeError, match="`y` must hold at least one sample"):
            information_gain([], [])


class TestBestSplit:
    @pytest.mark.parametrize("loader", ["load_iris", "load_wine", "load_breast_cancer"])
    def test_matches_a_depth_one_entropy_tree(self, loader: str) -> None:
        X, y = getattr(sklearn_datasets, loader)(return_X_y=True)
        tree = sklearn_tree.DecisionTreeClassifier(criterion="entropy", max_depth=1, random_state=0)
        fitted = tree.fit(X, y).tree_
        weights = fitted.weighted_n_node_samples
        decrease = (
            fitted.impurity[0]
            - (weights[1] * fitted.impurity[1] + weights[2] * fitted.impurity[2]) / weights[0]
        )
        # The tree sees float32 features; so must we, to find the same midpoints.
        X32 = X.astype(np.float32).astype(np.float64)
        splits = [best_split(X32[:, j], y, base=2) for j in range(X.shape[1])]
        gains = np.array([s.gain for s in splits])
        tied_best = np.flatnonzero(gains >= gains.max() - 1e-12)
        assert fitted.feature[0] in tied_best
        assert splits[fitted.feature[0]].threshold == fitted.threshold[0]
        assert gains.max() == pytest.approx(decrease, rel=1e-12)

    def test_scan_equals_brute_force_over_thresholds(self) -> None:
        rng = np.random.default_rng(1)
        x = rng.integers(0, 15, 200).astype(float)
        y = (x + rng.normal(0, 4, 200) > 7).astype(int) + (x > 12)
        split = best_split(x, y)
        brute = max(information_gain(y, x <= t) for t in np.unique(x)[:-1])
        assert split.gain == pytest.approx(brute, rel=1e-12)
        assert split.weight_left == np.sum(x <= split.threshold)

    def test_weighted_numeric_split(self) -> None:
        x, y = [1.0, 2.0, 3.0, 4.0], ["a", "b", "a", "b"]
        heavy = best_split(x, y, sample_weight=[10, 1, 1, 1])
        assert heavy.threshold == 1.5
        assert heavy.weight_left == 10.0

    def test_categorical_exhaustive_search_is_optimal(self) -> None:
        rng = np.random.default_rng(2)
        x = rng.choice(list("abcde"), 300)
        y = np.where(np.isin(x, ["a", "d"]), rng.integers(0, 2, 300), 2)
        split = best_split(x, y)
        best = max(
            information_gain(y, np.isin(x, left))
            for size in range(1, 5)
            for left in itertools.combinations("abcde", size)
        )
        assert split.gain == pytest.approx(best, rel=1e-12)
        assert set(split.partition[0]) == {"a", "d"} or set(split.partition[1]) == {"a", "d"}

    def test_binary_target_ordering_is_exact_for_many_categories(self) -> None:
        rng = np.random.default_rng(3)
        categories = np.arange(14)
        x = rng.choice(categories, 2000)
        y = rng.random(2000) < (x % 5) / 5
        split = best_split(x.astype(str), y)
        best = max(
            information_gain(y, np.isin(x.astype(str), left))
            for size in range(1, 8)
            for left in itertools.combinations(categories.astype(str), size)
        )
        assert split.gain == pytest.approx(best, rel=1e-12)

    def test_constant_feature_has_no_split(self) -> None:
        assert best_split([3.0, 3.0, 3.0], [0, 1, 0]) is None

    def test_repr_and_units(self) -> None:
        split = best_split([0.0, 1.0], [0, 1], base="bits")
        assert split.gain == 1.0
        assert repr(split) == "Split(x <= 0.5: gain 1.0000 bits)"

    def test_errors(self) -> None:
        with pytest.raises(InvalidParameterError, match="`x` has NaN or infinite values"):
            best_split([0.0, math.nan], [0, 1])
        with pytest.raises(ShapeError, match="`x` must be one-dimensional"):
            best_split([[0.0, 1.0]], [0, 1])
        with pytest.raises(InvalidParameterError, match="`kind` must be one of"):
            best_split([0.0, 1.0], [0, 1], kind="ordinal")  # type: ignore[arg-type]
