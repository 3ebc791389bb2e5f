"""Front-end estimators on label samples: input kinds, identities, oracles, bad input, dispatch."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from scipy import stats

from infokit.errors import InvalidParameterError, ShapeError, SmallSampleWarning
from infokit.estimators import is_discrete
from infokit.estimators._frontends import (
    estimate_conditional_entropy,
    estimate_conditional_mutual_information,
    estimate_entropy,
    estimate_joint_entropy,
    estimate_mutual_information,
)
from infokit.estimators.discrete.engine import DISCRETE_METHODS, estimate_entropy_from_counts

ALL_METHODS = tuple(m for m in DISCRETE_METHODS if m != "auto")


def _plugin_entropy(labels: np.ndarray) -> float:
    _, counts = np.unique(labels, return_counts=True, axis=0)
    return float(stats.entropy(counts))


@pytest.fixture
def pair():
    rng = np.random.default_rng(10)
    x = rng.integers(0, 6, 3000)
    y = (x + rng.integers(0, 3, 3000)) % 7
    z = rng.integers(0, 3, 3000)
    return x, y, z


class TestInputKinds:
    LABELS = ("b", "a", "c", "a", "a", "b", "d", "a", "c", "b", "a", "a")

    def expected(self) -> float:
        return _plugin_entropy(np.array(self.LABELS))

    def test_list_of_strings(self):
        assert estimate_entropy(self.LABELS, method="plugin").value == pytest.approx(
            self.expected(), abs=1e-12
        )

    def test_integers_with_negative_and_huge_labels(self):
        codes = np.unique(np.array(self.LABELS), return_inverse=True)[1]
        for shift in (-7, 0, 10**15):
            labels = codes.astype(np.int64) * 1000 + shift
            value = estimate_entropy(labels, method="plugin").value
            assert value == pytest.approx(self.expected(), abs=1e-12)

    @pytest.mark.parametrize("dtype", [np.int8, np.int32, np.uint16, np.uint64])
    def test_integer_dtypes(self, dtype):
        codes = np.unique(np.array(self.LABELS), return_inverse=True)[1].astype(dtype)
        assert estimate_entropy(codes, method="plugin").value == pytest.approx(
            self.expected(), abs=1e-12
        )

    def test_booleans(self):
        labels = np.array([True, False, True, True])
        assert estimate_entropy(labels, method="plugin").value == pytest.approx(
            stats.entropy([3, 1]), abs=1e-12
        )

    def test_float_labels_with_explicit_discrete_method(self):
        labels = np.array([0.5, 1.5, 0.5, 2.25, 0.5, 1.5])
        assert estimate_entropy(labels, method="plugin").value == pytest.approx(
            stats.entropy([3, 2, 1]), abs=1e-12
        )
        whole = np.array([1.0, 2.0, 1.0, 3.0])
        assert estimate_entropy(whole, method="plugin").value == pytest.approx(
            stats.entropy([2, 1, 1]), abs=1e-12
        )

    def test_object_labels_of_mixed_types(self):
        labels = np.array([1, "1", (2, 3), 1, "1", 1], dtype=object)
        assert estimate_entropy(labels, method="plugin").value == pytest.approx(
            stats.entropy([3, 2, 1]), abs=1e-12
        )

    def test_pandas_series_and_categorical(self):
        pd = pytest.importorskip("pandas")
        series = pd.Series(self.LABELS)
        assert estimate_entropy(series, method="plugin").value == pytest.approx(
            self.expected(), abs=1e-12
        )
        categorical = series.astype(pd.CategoricalDtype(["a", "b", "c", "d", "unused"]))
        estimate = estimate_entropy(categorical, method="plugin")
        assert estimate.value == pytest.approx(self.expected(), abs=1e-12)

    def test_polars_series_and_categorical(self):
        pl = pytest.importorskip("polars")
        series = pl.Series(self.LABELS)
        assert estimate_entropy(series, method="plugin").value == pytest.approx(
            self.expected(), abs=1e-12
        )
        categorical = series.cast(pl.Categorical)
        assert estimate_entropy(categorical, method="plugin").value == pytest.approx(
            self.expected(), abs=1e-12
        )

    def test_torch_tensor(self):
        torch = pytest.importorskip("torch")
        codes = np.unique(np.array(self.LABELS), return_inverse=True)[1]
        tensor = torch.as_tensor(codes)
        assert estimate_entropy(tensor, method="plugin").value == pytest.approx(
            self.expected(), abs=1e-12
        )

    def test_two_dimensional_input_is_joint_entropy(self, pair):
        x, y, _ = pair
        joint = estimate_entropy(np.column_stack([x, y]), method="miller_madow")
        separate = estimate_joint_entropy(x, y, method="miller_madow")
        assert joint.value == pytest.approx(separate.value, abs=1e-12)
        assert joint.value == pytest.approx(
            _plugin_entropy(np.column_stack([x, y]))
            + (len(set(zip(x, y, strict=True))) - 1) / (2 * len(x)),
            abs=1e-12,
        )

    def test_is_discrete_guess(self):
        # the one discreteness rule (tests/estimators/test_kinds.py has the full table)
        assert is_discrete(np.arange(3) % 2)
        assert not is_discrete(np.arange(30))  # as many distinct values as samples
        assert is_discrete(["a"])
        assert is_discrete(np.array([True]))
        assert not is_discrete(np.array([0.5]))
        assert is_discrete([1.0, 2.0, 1.0, 2.0])  # whole numbers, few distinct: like integers


class TestIdentities:
    def test_plugin_mutual_information_is_entropy_sum(self, pair):
        x, y, _ = pair
        mi = estimate_mutual_information(x, y, method="plugin").value
        h_x = estimate_entropy(x, method="plugin").value
        h_y = estimate_entropy(y, method="plugin").value
        h_xy = estimate_joint_entropy(x, y, method="plugin").value
        assert mi == pytest.approx(h_x + h_y - h_xy, abs=1e-12)

    @pytest.mark.parametrize("method", ALL_METHODS)
    def test_mutual_information_is_symmetric_and_combines_entropies(self, pair, method):
        x, y, _ = pair
        forward = estimate_mutual_information(x, y, method=method)
        backward = estimate_mutual_information(y, x, method=method)
        assert forward.value == pytest.approx(backward.value, abs=1e-10)
        if method != "jackknife":
            h_x = estimate_entropy(x, method=method).value
            h_y = estimate_entropy(y, method=method).value
            h_xy = estimate_joint_entropy(x, y, method=method).value
            assert forward.value == pytest.approx(h_x + h_y - h_xy, abs=1e-9)

    def test_plugin_mutual_information_with_itself_is_entropy(self, pair):
        x, _, _ = pair
        assert estimate_mutual_information(x, x, method="plugin").value == pytest.approx(
            estimate_entropy(x, method="plugin").value, abs=1e-12
        )

    def test_jackknife_is_linear_in_entropies(self, pair):
        x, y, _ = pair
        mi = estimate_mutual_information(x, y, method="jackknife").value
        parts = [
            estimate_entropy(x, method="jackknife").value,
            estimate_entropy(y, method="jackknife").value,
            -estimate_joint_entropy(x, y, method="jackknife").value,
        ]
        assert mi == pytest.approx(sum(parts), abs=1e-9)

    def test_conditional_entropy_is_joint_minus_marginal(self, pair):
        x, y, _ = pair
        for method in ("plugin", "chao_shen"):
            conditional = estimate_conditional_entropy(x, y, method=method).value
            expected = (
                estimate_joint_entropy(x, y, method=method).value
                - estimate_entropy(y, method=method).value
            )
            assert conditional == pytest.approx(expected, abs=1e-10)

    def test_conditional_mutual_information_identity(self, pair):
        x, y, z = pair
        cmi = estimate_conditional_mutual_information(x, y, z, method="plugin").value
        h = lambda *v: estimate_joint_entropy(*v, method="plugin").value  # noqa: E731
        assert cmi == pytest.approx(h(x, z) + h(y, z) - h(x, y, z) - h(z), abs=1e-12)

    def test_mutual_information_std_error_is_delta_method(self, pair):
        x, y, _ = pair
        estimate = estimate_mutual_information(x, y, method="plugin")
        joint = np.zeros((x.max() + 1, y.max() + 1))
        np.add.at(joint, (x, y), 1)
        p = joint / joint.sum()
        ratio = p / (p.sum(1, keepdims=True) * p.sum(0, keepdims=True))
        present = p > 0
        pmi = np.log(ratio[present])
        variance = (p[present] * pmi**2).sum() - estimate.value**2
        assert estimate.std_error == pytest.approx(math.sqrt(variance / len(x)), rel=1e-10)

    def test_sparse_path_for_huge_cardinalities(self):
        rng = np.random.default_rng(11)
        x = rng.integers(0, 10**5, 30_000) * 7919
        y = (x // 7919 + rng.integers(0, 2, 30_000)) * 104729
        sklearn_metrics = pytest.importorskip("sklearn.metrics")
        expected = sklearn_metrics.mutual_info_score(x, y)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SmallSampleWarning)
            estimate = estimate_mutual_information(x, y, method="plugin")
        assert estimate.value == pytest.approx(expected, abs=1e-10)


@pytest.mark.oracle
class TestScikitLearnOracles:
    def test_mutual_info_score(self, pair):
        sklearn_metrics = pytest.importorskip("sklearn.metrics")
        x, y, _ = pair
        labels_y = np.array([f"s{v}" for v in y])
        estimate = estimate_mutual_information(x, labels_y, method="plugin")
        assert estimate.value == pytest.approx(sklearn_metrics.mutual_info_score(x, y), abs=1e-12)

    def test_normalized_mutual_info_score(self, pair):
        sklearn_metrics = pytest.importorskip("sklearn.metrics")
        x, y, _ = pair
        mi = estimate_mutual_information(x, y, method="plugin").value
        h_x = estimate_entropy(x, method="plugin").value
        h_y = estimate_entropy(y, method="plugin").value
        expected = sklearn_metrics.normalized_mutual_info_score(x, y, average_method="arithmetic")
        assert mi / ((h_x + h_y) / 2) == pytest.approx(expected, abs=1e-12)


class TestMissingLabels:
    def test_raise_names_argument_and_positions(self):
        with pytest.raises(
            InvalidParameterError, match=r"`x` contains 2 missing label\(s\) .* position\(s\) 1, 3"
        ):
            estimate_entropy(np.array([1.0, np.nan, 2.0, np.nan]), method="plugin")
        with pytest.raises(InvalidParameterError, match="`y` contains 1 missing"):
            estimate_mutual_information(["a", "b", "a"], ["u", None, "v"], method="plugin")

    def test_omit_drops_pairs(self):
        x = ["a", "b", None, "a", "b", "a"]
        y = [1.0, 2.0, 1.0, np.nan, 2.0, 1.0]
        omitted = estimate_mutual_information(x, y, method="plugin", nan_policy="omit")
        kept = estimate_mutual_information(["a", "b", "b", "a"], [1, 2, 2, 1], method="plugin")
        assert omitted.value == pytest.approx(kept.value, abs=1e-12)
        assert omitted.n_samples == 4

    def test_category_counts_missing_as_label(self):
        estimate = estimate_entropy(
            ["a", None, "a", None, "b"], method="plugin", nan_policy="category"
        )
        assert estimate.value == pytest.approx(stats.entropy([2, 2, 1]), abs=1e-12)
        floats = estimate_entropy(
            np.array([0.5, np.nan, 0.5, np.nan, 1.5]), method="plugin", nan_policy="category"
        )
        assert floats.value == pytest.approx(stats.entropy([2, 2, 1]), abs=1e-12)

    def test_pandas_and_polars_nulls(self):
        pd = pytest.importorskip("pandas")
        pl = pytest.importorskip("polars")
        expected = stats.entropy([2, 1])
        series = pd.Series(["a", None, "a", "b"])
        assert estimate_entropy(series, method="plugin", nan_policy="omit").value == pytest.approx(
            expected
        )
        polars_series = pl.Series(["a", None, "a", "b"])
        assert estimate_entropy(
            polars_series, method="plugin", nan_policy="omit"
        ).value == pytest.approx(expected)
        with pytest.raises(InvalidParameterError, match="`x` contains 1 missing"):
            estimate_entropy(polars_series, method="plugin")

    def test_bad_policy(self):
        with pytest.raises(InvalidParameterError, match="`nan_policy` must be one of"):
            estimate_entropy([1, 2], method="plugin", nan_policy="drop")


class TestBadInput:
    @pytest.mark.parametrize(
        ("call", "error", "match"),
        [
            (
                lambda: estimate_mutual_information([1, 2, 3], [1, 2], method="plugin"),
                ShapeError,
                "`x` has 3, `y` has 2",
            ),
            (
                lambda: estimate_entropy([], method="plugin"),
                ShapeError,
                "`x` must hold at least one sample",
            ),
            (
                lambda: estimate_entropy([3], method="plugin"),
                ShapeError,
                "`x` must hold at least 2 samples to estimate from; got 1",
            ),
            (
                lambda: estimate_entropy(np.zeros((2, 2, 2), int), method="plugin"),
                ShapeError,
                r"got an array of shape \(2, 2, 2\)",
            ),
            (
                lambda: estimate_entropy("abc", method="plugin"),
                ShapeError,
                "`x` must be an array of labels",
            ),
            (
                lambda: estimate_entropy([1, 2, 3, 3], alphabet_size=2),
                InvalidParameterError,
                r"`alphabet_size` \(2\) is smaller than the 3 categories observed in `x`",
            ),
            (
                lambda: estimate_mutual_information([1, 2, 2], [1, 1, 2], alphabet_size=(5, 1)),
                InvalidParameterError,
                r"observed in `y`",
            ),
            (
                lambda: estimate_mutual_information([1, 2], [1, 2], alphabet_size=5),
                InvalidParameterError,
                "one size per variable",
            ),
            (
                lambda: estimate_entropy([1, 2], method="plugin", n_neighbors=3),
                InvalidParameterError,
                "unexpected option.*`n_neighbors`",
            ),
            (
                lambda: estimate_entropy([1, 2], method="kl"),
                InvalidParameterError,
                "`method` must be one of .*'kozachenko_leonenko'",
            ),
            (
                lambda: estimate_mutual_information([1, 2], [1, 2], discrete=(True,)),
                InvalidParameterError,
                "`discrete` must be None",
            ),
            (
                lambda: estimate_conditional_entropy([0.5, 1.5], [1, 2]),
                InvalidParameterError,
                "`x` looks continuous",
            ),
            (
                lambda: estimate_entropy([1.0, 2.0], method="vasicek", alphabet_size=3),
                InvalidParameterError,
                "`alphabet_size` applies to discrete methods only",
            ),
        ],
    )
    def test_messages(self, call, error, match):
        with pytest.raises(error, match=match):
            call()

    def test_small_sample_warning_for_plugin(self):
        rng = np.random.default_rng(12)
        with pytest.warns(SmallSampleWarning, match="'plugin' estimate is biased"):
            estimate_entropy(rng.integers(0, 10**4, 100), method="plugin")


class TestDispatch:
    """The continuous path: the checked options reach the continuous engine in one `Options`."""

    @pytest.fixture
    def recorder(self, monkeypatch):
        from infokit.estimators.continuous import conditional, entropy, mutual_information

        calls = []

        def record(name):
            def function(*args):
                calls.append((name, args[:-1], args[-1]))
                return "forwarded"

            return function

        monkeypatch.setattr(entropy, "differential_entropy", record("estimate_entropy"))
        monkeypatch.setattr(
            mutual_information, "mutual_information", record("estimate_mutual_information")
        )
        monkeypatch.setattr(
            conditional,
            "conditional_mutual_information",
            record("estimate_conditional_mutual_information"),
        )
        return calls

    def test_continuous_method_forwards_options(self, recorder):
        x = np.linspace(0, 1, 10)
        assert (
            estimate_entropy(x, method="kozachenko_leonenko", base=2, rng=3, n_neighbors=4)
            == "forwarded"
        )
        name, args, options = recorder[0]
        assert name == "estimate_entropy"
        assert args[0] is x
        assert (options.method, options.base, options.ci, options.rng) == (
            "kozachenko_leonenko",
            2.0,
            None,
            3,
        )
        assert options.n_neighbors == 4
        assert options.discrete is None  # the caller gave none

    def test_auto_on_float_data_resolves_discrete_flags(self, recorder):
        x, labels = np.linspace(0, 1, 10), np.arange(10) % 3
        estimate_mutual_information(x, labels, ci=0.9)
        estimate_entropy(x)
        estimate_conditional_mutual_information(x, x, labels, method="ksg")
        assert recorder[0][2].discrete == (False, True)
        assert recorder[0][2].method == "auto"
        assert recorder[0][2].ci == 0.9
        assert recorder[1][2].discrete == (False,)
        assert recorder[2][0] == "estimate_conditional_mutual_information"
        assert recorder[2][2].discrete == (False, False, True)

    def test_auto_on_labels_stays_discrete(self, recorder):
        estimate = estimate_mutual_information([0, 1, 0, 1] * 5, ["a", "b", "a", "b"] * 5)
        assert recorder == []
        assert estimate.method == "chao_wang_jost"

    def test_discrete_flag_treats_floats_as_labels(self, recorder):
        estimate = estimate_entropy(np.array([0.5, 1.5, 0.5, 0.5] * 5), discrete=True)
        assert recorder == []
        assert estimate.method == "chao_wang_jost"

    def test_joint_entropy_of_continuous_columns_is_stacked(self, recorder):
        x, y = np.linspace(0, 1, 10), np.linspace(1, 2, 10)
        estimate_joint_entropy(x, y)
        name, args, options = recorder[0]
        assert name == "estimate_entropy"
        assert args[0].shape == (10, 2)
        assert options.discrete == (False,)

    def test_unknown_option_is_a_type_error_at_the_call(self):
        with pytest.raises(TypeError, match="n_neighbour"):
            estimate_mutual_information([0.5, 1.5], [1.0, 2.0], n_neighbour=3)  # type: ignore[call-arg]


class TestSpeedPaths:
    def test_counts_equal_bincount_for_large_integer_input(self):
        rng = np.random.default_rng(13)
        x = rng.integers(0, 1000, 200_000)
        expected = estimate_entropy_from_counts(np.bincount(x), method="grassberger").value
        assert estimate_entropy(x, method="grassberger").value == expected

    def test_input_is_not_modified(self):
        x = np.array([3, 1, 2, 3, 3, -4] * 5)
        y = np.array([0, 1, 0, 1, 1, 0] * 5)
        x_copy, y_copy = x.copy(), y.copy()
        estimate_mutual_information(x, y, method="plugin")
        estimate_entropy(x, method="plugin")
        np.testing.assert_array_equal(x, x_copy)
        np.testing.assert_array_equal(y, y_copy)


def test_two_dimensional_variables_in_mutual_information(pair):
    x, y, z = pair
    joint_code = x * 10 + z
    two_columns = estimate_mutual_information(np.column_stack([x, z]), y, method="grassberger")
    combined = estimate_mutual_information(joint_code, y, method="grassberger")
    assert two_columns.value == pytest.approx(combined.value, abs=1e-12)


@pytest.mark.parametrize("pandas_loaded", [True, False])
def test_string_and_object_labels_with_and_without_pandas(monkeypatch, pandas_loaded):
    import sys

    if pandas_loaded:
        pytest.importorskip("pandas")
    else:
        monkeypatch.delitem(sys.modules, "pandas", raising=False)
    strings = np.array(["b", "a", "c", "a", "a", "b"])
    mixed = np.array([1, "1", (2, 3), 1, "1", 1, None], dtype=object)
    assert estimate_entropy(strings, method="plugin").value == pytest.approx(
        stats.entropy([3, 2, 1]), abs=1e-12
    )
    with pytest.raises(InvalidParameterError, match="`x` contains 1 missing"):
        estimate_entropy(mixed, method="plugin")
    estimate = estimate_entropy(mixed, method="plugin", nan_policy="omit")
    assert estimate.value == pytest.approx(stats.entropy([3, 2, 1]), abs=1e-12)
    category = estimate_entropy(mixed, method="plugin", nan_policy="category")
    assert category.value == pytest.approx(stats.entropy([3, 2, 1, 1]), abs=1e-12)


def test_jax_array_labels():
    jnp = pytest.importorskip("jax.numpy")
    labels = jnp.asarray([0, 1, 1, 2, 2, 2])
    assert estimate_entropy(labels, method="plugin").value == pytest.approx(
        stats.entropy([1, 2, 3]), abs=1e-12
    )


def test_conditional_mutual_information_with_alphabet_sizes(pair):
    x, y, z = pair
    estimate = estimate_conditional_mutual_information(
        x, y, z, method="nsb", alphabet_size=(6, 7, 3)
    )
    h = lambda *v, k: estimate_joint_entropy(*v, method="nsb", alphabet_size=k).value  # noqa: E731
    expected = h(x, z, k=(6, 3)) + h(y, z, k=(7, 3)) - h(x, y, z, k=(6, 7, 3)) - h(z, k=(3,))
    assert estimate.value == pytest.approx(expected, abs=1e-9)
    with pytest.raises(InvalidParameterError, match="one size per variable"):
        estimate_conditional_mutual_information(x, y, z, method="nsb", alphabet_size=(6, 7))


def test_blocked_counting_of_many_samples_matches_unique_counts():
    # 150 000 samples span several counting blocks of 65 536
    rng = np.random.default_rng(15)
    x = rng.integers(0, 7, 150_000)
    y = (x + rng.integers(0, 3, 150_000)) % 5
    z = rng.integers(-2, 2, 150_000)
    expected = (
        _plugin_entropy(np.column_stack([x, z]))
        + _plugin_entropy(np.column_stack([y, z]))
        - _plugin_entropy(np.column_stack([x, y, z]))
        - _plugin_entropy(z)
    )
    estimate = estimate_conditional_mutual_information(x, y, z, method="plugin")
    assert estimate.value == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("where", ["x", "y", "both", "late block", "huge"])
def test_negative_integer_labels_in_joint_counts(where):
    sklearn_metrics = pytest.importorskip("sklearn.metrics")
    rng = np.random.default_rng(16)
    n = 140_000
    x = rng.integers(0, 6, n)
    y = (x + rng.integers(0, 3, n)) % 5
    if where in ("x", "both"):
        x = x - 3
    if where in ("y", "both"):
        y = y - 2
    if where == "late block":  # a negative label only after the first counting blocks
        x[-5:] = -1
    if where == "huge":
        x[::1000] = -(2**62)
    expected = sklearn_metrics.mutual_info_score(x, y)
    assert estimate_mutual_information(x, y, method="plugin").value == pytest.approx(
        expected, abs=1e-12
    )


class TestForwardingToContinuous:
    def test_omit_drops_rows_with_a_missing_value(self) -> None:
        rng = np.random.default_rng(0)
        x = rng.normal(size=300)
        y = x + rng.normal(size=300)
        with_nan_x, with_nan_y = x.copy(), y.copy()
        with_nan_x[[3, 50]] = np.nan
        with_nan_y[7] = np.nan
        keep = np.ones(300, dtype=bool)
        keep[[3, 7, 50]] = False
        omitted = estimate_mutual_information(with_nan_x, with_nan_y, nan_policy="omit")
        expected = estimate_mutual_information(x[keep], y[keep])
        assert omitted.value == expected.value
        assert omitted.n_samples == 297

    def test_category_and_bootstrap_options_are_rejected_for_continuous_data(self) -> None:
        x = np.linspace(0, 1, 50)
        with pytest.raises(
            InvalidParameterError, match="`nan_policy='category'` applies to discrete labels"
        ):
            estimate_mutual_information(x, x**2, nan_policy="category")
        with pytest.raises(
            InvalidParameterError, match="`n_bootstrap` applies to discrete methods only"
        ):
            estimate_mutual_information(x, x**2, n_bootstrap=100)
