"""The rules every estimator shares: whether a variable is discrete, `rng`, `nan_policy`."""

from __future__ import annotations

import math

import numpy as np
import pytest

import infokit as ik
from infokit.errors import ArrayLibraryError, InvalidParameterError
from infokit.estimators import is_discrete
from infokit.estimators.kinds import discrete_from_summary

RNG = np.random.default_rng(20261203)
GAUSS = RNG.normal(size=400)

# (description, input, expected kind: True = discrete)
KINDS = [
    ("booleans", np.array([True, False, True, True]), True),
    ("strings", np.array(["a", "b", "a", "c"]), True),
    ("list of strings", ["x", "y", "x"], True),
    ("object strings with None", np.array(["a", None, "b", "a"], dtype=object), True),
    ("small-cardinality ints", RNG.integers(0, 5, 200), True),
    ("their float copy", RNG.integers(0, 5, 200).astype(np.float64), True),
    ("object-typed ints", np.array([1, 2, 1, 2, 3, 3], dtype=object), True),
    ("0/1 floats with NaN", np.array([0.0, 1.0, np.nan, 1.0, 0.0]), True),
    ("floats with decimals", GAUSS, False),
    ("ids", np.arange(500), False),
    ("ids as floats", np.arange(500.0), False),
    ("prices in cents", np.round(np.exp(GAUSS) * 1000).astype(np.int64), False),
    ("object-typed floats", np.array([0.5, 1.25, 0.5, 2.0], dtype=object), False),
    ("complex", np.array([1 + 1j, 2 + 0j]), False),
    ("unique timestamps", np.arange(300).astype("datetime64[s]"), False),
    ("repeated dates", np.repeat(np.arange(3).astype("datetime64[D]"), 50), True),
    ("infinite floats", np.array([1.0, np.inf, 1.0, 2.0]), False),
]


@pytest.mark.parametrize(("values", "expected"), [k[1:] for k in KINDS], ids=[k[0] for k in KINDS])
def test_kind_table(values, expected):
    assert is_discrete(values) is expected


def test_pandas_and_polars_follow_the_same_rule():
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    codes = RNG.integers(0, 4, 300)
    for values, expected in ((codes, True), (np.arange(300), False), (GAUSS, False)):
        assert is_discrete(pd.Series(values)) is expected
        assert is_discrete(pd.Series(values.astype(np.float64))) is expected
        assert is_discrete(pl.Series(values)) is expected
    assert is_discrete(pd.Series(["a", "b"] * 5, dtype="category"))
    assert is_discrete(pd.Series([1, None, 2, 1, 2], dtype="Int64"))
    assert is_discrete(pl.Series(["a", "b", "a"]))


def test_summary_rule_matches_the_array_rule():
    # a career at-bats column: 314 distinct values in 322 rows
    assert not discrete_from_summary(
        n_present=322, n_distinct=314, n_singletons=306, whole_numbers=True
    )
    assert discrete_from_summary(n_present=2, n_distinct=2, n_singletons=2, whole_numbers=True)
    assert not discrete_from_summary(n_present=9, n_distinct=2, n_singletons=0, whole_numbers=False)


@pytest.mark.parametrize(
    "x",
    [
        RNG.integers(0, 6, 600),  # labels
        np.round(RNG.normal(size=600) * 1e6).astype(np.int64),  # a measurement in integers
    ],
    ids=["labels", "measurement"],
)
def test_integer_column_and_its_float_copy_give_the_same_mutual_information(x):
    y = x + RNG.normal(size=x.size) * (3 if x.max() < 10 else 3e6)
    as_int = ik.estimate_mutual_information(x, y, rng=1)
    as_float = ik.estimate_mutual_information(x.astype(np.float64), y, rng=1)
    assert as_int.method == as_float.method
    assert as_int.value == pytest.approx(as_float.value, abs=1e-12)
    assert as_int.std_error == pytest.approx(as_float.std_error, abs=1e-12)


def test_discrete_true_overrides_the_rule():
    ids = np.arange(100) % 60  # 40 singletons of 100: labels anyway when declared
    assert ik.estimate_entropy(np.arange(200), discrete=True).method == "jvhw"
    assert ik.estimate_entropy(ids, method="plugin").value == pytest.approx(
        ik.estimate_entropy_from_counts(np.bincount(ids), method="plugin").value
    )


# Every public estimator and test, called on data that exercises its randomness.
X = RNG.normal(size=300)
Y = 0.5 * X + RNG.normal(size=300)
Z = X + RNG.normal(size=300)
LABELS = RNG.integers(0, 8, 300)
OTHER = (LABELS + RNG.integers(0, 3, 300)) % 8
CALLS = {
    "entropy continuous": lambda rng: ik.estimate_entropy(X, ci=0.9, rng=rng),
    "entropy kNN 2-D": lambda rng: ik.estimate_entropy(np.column_stack([X, Y]), rng=rng),
    "entropy discrete bootstrap": lambda rng: ik.estimate_entropy(
        LABELS, method="plugin", ci=0.9, n_bootstrap=50, rng=rng
    ),
    "entropy from counts": lambda rng: ik.estimate_entropy_from_counts(
        np.bincount(LABELS), method="miller_madow", ci=0.9, n_bootstrap=50, rng=rng
    ),
    "joint entropy": lambda rng: ik.estimate_joint_entropy(
        LABELS, OTHER, method="plugin", ci=0.9, n_bootstrap=50, rng=rng
    ),
    "mi ksg": lambda rng: ik.estimate_mutual_information(X, Y, rng=rng),
    "mi copula": lambda rng: ik.estimate_mutual_information(
        X, Y, method="gaussian_copula", rng=rng
    ),
    "mi ross": lambda rng: ik.estimate_mutual_information(LABELS, Y, rng=rng),
    "mi discrete": lambda rng: ik.estimate_mutual_information(
        LABELS, OTHER, ci=0.9, n_bootstrap=50, rng=rng
    ),
    "conditional entropy": lambda rng: ik.estimate_conditional_entropy(
        LABELS, OTHER, ci=0.9, n_bootstrap=50, rng=rng
    ),
    "cmi ksg": lambda rng: ik.estimate_conditional_mutual_information(X, Y, Z, rng=rng),
    "cmi discrete": lambda rng: ik.estimate_conditional_mutual_information(
        LABELS, OTHER, LABELS % 2, ci=0.9, n_bootstrap=50, rng=rng
    ),
    "kl": lambda rng: ik.estimate_kl_divergence(X[:, None], Y[:, None], rng=rng),
    "permutation discrete": lambda rng: ik.independence_test(
        LABELS, OTHER, n_permutations=50, rng=rng
    ),
    "permutation continuous": lambda rng: ik.independence_test(
        X[:80], Y[:80], n_permutations=10, rng=rng
    ),
}


def _numbers(result):
    if isinstance(result, ik.Estimate):
        return (result.value, result.std_error, result.ci)
    return (result.statistic, result.p_value, result.null_mean, result.null_std)


@pytest.mark.parametrize("name", sorted(CALLS))
def test_an_integer_seed_reproduces_every_estimator(name):
    call = CALLS[name]
    assert _numbers(call(7)) == _numbers(call(7))
    generator_result = _numbers(call(np.random.default_rng(7)))
    assert generator_result == _numbers(call(7))  # a seed is a fresh default_rng(seed)


@pytest.mark.parametrize("name", sorted(CALLS))
def test_rng_none_draws_fresh_entropy(name):
    """SPEC 7: ``rng=None`` is not a fixed seed; over a few calls the random parts differ."""
    call = CALLS[name]
    results = {_numbers(call(None)) for _ in range(4)}
    assert len(results) > 1


def test_bad_rng_names_the_argument():
    with pytest.raises(InvalidParameterError, match="`rng` must be None, an integer seed"):
        ik.estimate_entropy(X, rng="seed")
    with pytest.raises(InvalidParameterError, match="RandomState"):
        ik.estimate_mutual_information(X, Y, rng=np.random.RandomState(0))


MISSING_X = X.copy()
MISSING_X[[3, 50]] = np.nan
MISSING_LABELS = LABELS.astype(np.float64)
MISSING_LABELS[[7, 9]] = np.nan
KEEP = ~np.isnan(MISSING_X)
KEEP_LABELS = ~np.isnan(MISSING_LABELS)
NAN_CALLS = {
    "entropy continuous": (
        lambda policy: ik.estimate_entropy(MISSING_X, nan_policy=policy, rng=0),
        lambda: ik.estimate_entropy(X[KEEP], rng=0),
    ),
    "entropy discrete": (
        lambda policy: ik.estimate_entropy(MISSING_LABELS, method="plugin", nan_policy=policy),
        lambda: ik.estimate_entropy(LABELS[KEEP_LABELS], method="plugin"),
    ),
    "joint entropy": (
        lambda policy: ik.estimate_joint_entropy(
            MISSING_LABELS, OTHER, method="plugin", nan_policy=policy
        ),
        lambda: ik.estimate_joint_entropy(LABELS[KEEP_LABELS], OTHER[KEEP_LABELS], method="plugin"),
    ),
    "mi continuous": (
        lambda policy: ik.estimate_mutual_information(MISSING_X, Y, nan_policy=policy, rng=0),
        lambda: ik.estimate_mutual_information(X[KEEP], Y[KEEP], rng=0),
    ),
    "mi discrete": (
        lambda policy: ik.estimate_mutual_information(MISSING_LABELS, OTHER, nan_policy=policy),
        lambda: ik.estimate_mutual_information(LABELS[KEEP_LABELS], OTHER[KEEP_LABELS]),
    ),
    "conditional entropy": (
        lambda policy: ik.estimate_conditional_entropy(MISSING_LABELS, OTHER, nan_policy=policy),
        lambda: ik.estimate_conditional_entropy(LABELS[KEEP_LABELS], OTHER[KEEP_LABELS]),
    ),
    "cmi continuous": (
        lambda policy: ik.estimate_conditional_mutual_information(
            MISSING_X, Y, Z, nan_policy=policy, rng=0
        ),
        lambda: ik.estimate_conditional_mutual_information(X[KEEP], Y[KEEP], Z[KEEP], rng=0),
    ),
    "permutation continuous": (
        lambda policy: ik.independence_test(
            MISSING_X[:80], Y[:80], nan_policy=policy, n_permutations=10, rng=0
        ),
        lambda: ik.independence_test(
            X[:80][KEEP[:80]], Y[:80][KEEP[:80]], n_permutations=10, rng=0
        ),
    ),
    "permutation discrete": (
        lambda policy: ik.independence_test(
            MISSING_LABELS, OTHER, nan_policy=policy, n_permutations=20, rng=0
        ),
        lambda: ik.independence_test(
            LABELS[KEEP_LABELS], OTHER[KEEP_LABELS], n_permutations=20, rng=0
        ),
    ),
}


@pytest.mark.parametrize("name", sorted(NAN_CALLS))
def test_nan_policy_reaches_every_estimator(name):
    with_policy, on_complete_rows = NAN_CALLS[name]
    with pytest.raises(InvalidParameterError, match=r"NaN|missing"):
        with_policy("raise")
    assert _numbers(with_policy("omit")) == _numbers(on_complete_rows())


def test_unknown_nan_policy_is_refused():
    with pytest.raises(InvalidParameterError, match="`nan_policy` must be one of"):
        ik.independence_test(X, Y, nan_policy="drop")
    assert math.isfinite(ik.estimate_entropy(X, nan_policy="omit", rng=0).value)


@pytest.mark.parametrize("method", ["auto", "ksg", "gaussian_copula"])
def test_ragged_samples_are_an_array_library_error(method: str) -> None:
    with pytest.raises(ArrayLibraryError, match=r"does not convert to one \(ragged nesting\?\)"):
        ik.estimate_mutual_information([[1.0, 2.0], [3.0]], [0.0, 1.0], method=method)
