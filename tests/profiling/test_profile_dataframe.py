"""profile_dataframe on in-memory frames: values against formulas, infokit's estimators,
scipy and scikit-learn."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from scipy import stats
from sklearn.metrics import mutual_info_score

from infokit.errors import ArrayLibraryError, InvalidParameterError
from infokit.estimators import (
    estimate_entropy_from_counts,
    estimate_mutual_information,
    independence_test,
)
from infokit.profiling import ColumnProfile, DataFrameProfile, profile_dataframe
from infokit.profiling._estimates import mutual_information_from_table


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    n = 1500
    y = rng.integers(0, 3, n)
    strong = np.where(rng.random(n) < 0.8, y, rng.integers(0, 3, n))
    weak = np.where(rng.random(n) < 0.2, y, rng.integers(0, 4, n))
    return pd.DataFrame(
        {
            "strong": strong,
            "weak": np.array(list("abcd"))[weak],
            "noise": rng.integers(0, 5, n),
            "measure": y + 0.7 * rng.normal(size=n),
            "y": np.array(["cat", "dog", "emu"])[y],
        }
    )


@pytest.fixture(scope="module")
def profile(frame: pd.DataFrame) -> DataFrameProfile:
    return profile_dataframe(frame, target="y", base=2)


def test_discrete_estimates_match_the_estimators_on_raw_samples(frame, profile):
    for name in ["strong", "weak", "noise"]:
        column = profile.column(name)
        mi = estimate_mutual_information(frame[name], frame["y"], method="miller_madow", base=2)
        assert column.mutual_information == pytest.approx(mi.value, abs=1e-12)
        assert column.mutual_information_std_error == pytest.approx(mi.std_error, rel=1e-9)
        counts = frame[name].value_counts().to_numpy()
        h = estimate_entropy_from_counts(counts, method="miller_madow", base=2)
        assert column.entropy == pytest.approx(h.value, abs=1e-12)
        assert column.entropy_std_error == pytest.approx(h.std_error, abs=1e-12)
        assert column.kind == "discrete"
        assert column.test == "g_test"
        assert column.n_pairs == len(frame)


@pytest.mark.oracle
def test_plugin_mutual_information_matches_scikit_learn(frame):
    profile = profile_dataframe(frame, target="y", method="plugin", columns=["strong", "weak"])
    for name in ["strong", "weak"]:
        expected = mutual_info_score(frame[name], frame["y"])  # nats
        assert profile.column(name).mutual_information == pytest.approx(expected, abs=1e-12)


def _williams(table: np.ndarray) -> float:
    """Williams' (1976) correction of the G statistic of a two-way table (Sokal & Rohlf)."""
    n = table.sum()
    rows, columns = table.sum(axis=1), table.sum(axis=0)
    r, c = len(rows), len(columns)
    return 1 + (n * np.sum(1 / rows) - 1) * (n * np.sum(1 / columns) - 1) / (
        6 * n * (r - 1) * (c - 1)
    )


@pytest.mark.oracle
def test_g_test_p_value_matches_scipy(frame, profile):
    """scipy's G statistic, with Williams' correction, on its chi-squared law."""
    for name in ["strong", "weak", "noise"]:
        table = pd.crosstab(frame[name], frame["y"]).to_numpy()
        g, _, dof, _ = stats.chi2_contingency(table, lambda_="log-likelihood", correction=False)
        p = stats.chi2.sf(g / _williams(table), dof)
        assert profile.column(name).p_value == pytest.approx(p, rel=1e-9, abs=1e-300)
        ours = mutual_information_from_table(table, method="plugin", base=math.e)
        assert ours.degrees_of_freedom == dof
    assert profile.column("strong").p_value < 1e-100
    assert profile.column("noise").p_value > 0.01


def test_target_entropy_uncertainty_coefficient_and_rank(frame, profile):
    counts = frame["y"].value_counts().to_numpy()
    h = estimate_entropy_from_counts(counts, method="miller_madow", base=2)
    assert profile.target_entropy == pytest.approx(h.value, abs=1e-12)
    assert profile.target_cardinality == 3
    for column in profile.columns:
        assert column.uncertainty_coefficient == pytest.approx(
            column.mutual_information / profile.target_entropy
        )
    names = [c.name for c in profile.columns]
    assert names[:2] == ["strong", "measure"]
    assert [c.rank for c in profile.columns] == [1, 2, 3, 4]
    values = [c.mutual_information for c in profile.columns]
    assert values == sorted(values, reverse=True)


def test_continuous_column_uses_the_continuous_estimators(frame, profile):
    column = profile.column("measure")
    assert column.kind == "continuous"
    assert column.sampled
    # fewer rows than `sample`: the sample is every row, so the estimate is reproduced
    labels = frame["y"].to_numpy()
    codes = np.unique(labels, return_inverse=True)[1]
    mi = estimate_mutual_information(
        frame["measure"].to_numpy(), codes, discrete=(False, True), base=2
    )
    assert column.mutual_information == pytest.approx(mi.value, rel=1e-12)
    assert column.mutual_information_method == mi.method
    assert column.test == "g_test_binned"
    assert column.binned_mutual_information < column.mutual_information + 0.05  # data processing
    assert column.cardinality == frame["measure"].nunique()
    assert "all 1500 rows" in profile.sample_description


def test_base_converts_every_information_value(frame, profile):
    nats = profile_dataframe(frame, target="y", base="nats")
    for column in profile.columns:
        other = nats.column(column.name)
        assert other.entropy == pytest.approx(column.entropy * math.log(2), rel=1e-9)
        assert other.mutual_information == pytest.approx(
            column.mutual_information * math.log(2), rel=1e-9
        )
        assert other.p_value == pytest.approx(column.p_value, rel=1e-9, abs=1e-300)
    assert nats.unit == "nats"
    assert profile.unit == "bits"


def test_missing_values_are_counted_and_pairs_dropped():
    rng = np.random.default_rng(3)
    n = 400
    y = rng.integers(0, 2, n)
    x = np.where(rng.random(n) < 0.9, y, 1 - y).astype(float)
    x[:40] = np.nan
    target = y.astype(object)
    target[390:] = None
    df = pd.DataFrame({"x": pd.array(x, dtype="Int64"), "y": target})
    df.loc[:39, "x"] = pd.NA
    column = profile_dataframe(df, target="y", method="plugin").column("x")
    assert (column.count, column.missing, column.cardinality) == (360, 40, 2)
    keep = df["x"].notna() & df["y"].notna()
    expected = mutual_info_score(df.loc[keep, "x"].astype(int), df.loc[keep, "y"].astype(int))
    assert column.mutual_information == pytest.approx(expected, abs=1e-12)
    assert column.n_pairs == int(keep.sum())
    counts = df["x"].value_counts().to_numpy()
    assert column.entropy == pytest.approx(-np.sum(counts / 360 * np.log(counts / 360)))


def test_nan_in_float_columns_is_missing_in_polars_too():
    values = [0.5, float("nan"), 1.5, None, 2.5, 0.1, 0.7, 3.0, 1.0, 2.0]
    pandas_frame = pd.DataFrame({"x": values, "y": [0, 1] * 5})
    polars_frame = pl.DataFrame({"x": values, "y": [0, 1] * 5}, nan_to_null=False)
    assert polars_frame["x"].is_nan().sum() == 1
    for df in (pandas_frame, polars_frame):
        column = profile_dataframe(df, target="y").column("x")
        assert (column.count, column.missing, column.cardinality) == (8, 2, 8)


def test_pandas_polars_and_arrow_give_identical_profiles(frame, profile):
    frames = [
        pl.from_pandas(frame),
        pl.from_pandas(frame).lazy(),
        pa.Table.from_pandas(frame),
    ]
    for other in frames:
        result = profile_dataframe(other, target="y", base=2)
        assert result.engine in ("polars", "pyarrow")
        for column in profile.columns:
            theirs = result.column(column.name)
            for field in ["count", "missing", "cardinality", "rank", "n_pairs"]:
                assert getattr(theirs, field) == getattr(column, field)
            for field in ["entropy", "mutual_information", "p_value", "binned_entropy"]:
                assert getattr(theirs, field) == pytest.approx(getattr(column, field), abs=1e-12)


def test_pairwise_matrix_is_symmetric_with_entropies_on_the_diagonal(frame, profile):
    names = profile.pairwise_columns
    assert set(names) == {"strong", "weak", "noise", "measure"}
    matrix = np.array(profile.pairwise)
    np.testing.assert_allclose(matrix, matrix.T)
    for i, name in enumerate(names):
        assert matrix[i, i] == pytest.approx(profile.column(name).binned_entropy)
    i, j = names.index("strong"), names.index("weak")
    table = pd.crosstab(frame["strong"], frame["weak"]).to_numpy()
    expected = mutual_information_from_table(table, method="miller_madow", base=2).value
    assert matrix[i, j] == pytest.approx(expected, abs=1e-12)
    small = profile_dataframe(frame, target="y", max_pairwise=2)
    assert small.pairwise_columns == ("strong", "measure")


def test_without_target_only_entropies(frame):
    profile = profile_dataframe(frame, columns=["strong", "noise"], base=2)
    assert profile.target is None
    assert profile.target_entropy is None
    assert all(c.mutual_information is None and c.rank is None for c in profile.columns)
    assert profile.columns[0].name == "noise"  # sorted by entropy without a target
    assert profile.column("noise").entropy == pytest.approx(math.log2(5), abs=0.01)


def test_discrete_override_counts_a_float_column():
    df = pd.DataFrame({"x": [0.0, 1.0] * 50, "y": [0, 1] * 50})
    profile = profile_dataframe(df, target="y", discrete={"x": True}, base=2, method="plugin")
    column = profile.column("x")
    assert column.kind == "discrete"
    assert column.mutual_information == pytest.approx(1.0, abs=1e-12)
    assert not column.sampled


def test_permutation_test_on_counts_and_on_samples(frame):
    profile = profile_dataframe(
        frame, target="y", test="permutation", n_permutations=99, columns=["strong", "noise"]
    )
    assert profile.column("strong").p_value == pytest.approx(1 / 100)
    assert profile.column("strong").test == "permutation"
    codes = frame["noise"].to_numpy()
    labels = np.unique(frame["y"], return_inverse=True)[1]
    reference = independence_test(codes, labels, n_permutations=99, rng=0).p_value
    # same null law, different shuffles: both large for a column independent of the target
    assert profile.column("noise").p_value > 0.01
    assert reference > 0.01


def test_large_frames_are_sampled_reproducibly():
    rng = np.random.default_rng(11)
    n = 4000
    y = rng.integers(0, 2, n)
    df = pd.DataFrame({"x": y + rng.normal(size=n), "y": y})
    first = profile_dataframe(df, target="y", sample=500, rng=5)
    again = profile_dataframe(df, target="y", sample=500, rng=5)
    other = profile_dataframe(df, target="y", sample=500, rng=6)
    assert first == again
    assert first.column("x").mutual_information != other.column("x").mutual_information
    assert first.n_sampled == 500
    assert "500 of 4000 rows" in first.sample_description
    assert "seed 5" in first.sample_description
    # counts and missing values use every row; the kNN estimate the sampled pairs
    assert first.column("x").count == 4000
    assert first.column("x").n_pairs == 500


def test_serialisation_round_trips(profile):
    data = json.loads(profile.to_json())
    assert data["target"] == "y"
    assert data["unit"] == "bits"
    assert [c["name"] for c in data["columns"]] == [c.name for c in profile.columns]
    assert data["columns"][0]["mutual_information"] == profile.columns[0].mutual_information
    assert profile.to_dict()["pairwise"][0][0] == profile.pairwise[0][0]
    table = profile.to_pandas()
    assert list(table.index) == [c.name for c in profile.columns]
    assert table.loc["strong", "rank"] == 1
    assert isinstance(profile.columns[0], ColumnProfile)
    with pytest.raises(AttributeError):
        profile.n_rows = 3  # type: ignore[misc]


def test_unknown_target_lists_close_names(frame):
    with pytest.raises(InvalidParameterError, match=r"`target`.*'strnog'.*Did you mean 'strong'"):
        profile_dataframe(frame, target="strnog")
    with pytest.raises(InvalidParameterError, match=r"`columns`.*'wek'.*'weak'"):
        profile_dataframe(frame, target="y", columns=["wek"])


def test_target_with_one_value_is_refused():
    df = pd.DataFrame({"x": [0, 1, 0, 1], "y": ["a"] * 4})
    with pytest.raises(
        InvalidParameterError, match=r"`target` must take at least 2 values.*'y' has 1"
    ):
        profile_dataframe(df, target="y")


def test_all_missing_columns_are_named():
    df = pd.DataFrame({"x": [0, 1, 0, 1], "empty": [np.nan] * 4, "y": [0, 1, 1, 0]})
    with pytest.raises(InvalidParameterError, match=r"'empty' hold only missing values"):
        profile_dataframe(df, target="y")
    df = pd.DataFrame({"x": [0, 1, 0, 1], "none": [None] * 4, "y": [0, 1, 1, 0]})
    with pytest.raises(InvalidParameterError, match=r"'none' hold only missing values"):
        profile_dataframe(df, target="y")


def test_mixed_type_column_is_refused():
    df = pd.DataFrame({"x": [1, "a", 2.5, "b"], "y": [0, 1, 1, 0]})
    with pytest.raises(InvalidParameterError, match=r"column `x` mixes types \(float, int, str\)"):
        profile_dataframe(df, target="y")


@pytest.mark.parametrize(
    ("options", "pattern"),
    [
        ({"method": "nsb_fast"}, r"`method` must be one of .*got 'nsb_fast'"),
        ({"test": "chi2"}, r"`test` must be one of 'auto', 'g_test', 'permutation'; got 'chi2'"),
        ({"max_pairwise": -1}, r"`max_pairwise` must be an integer >= 0; got -1"),
        ({"sample": 3}, r"`sample` must be an integer >= 10; got 3"),
        ({"rng": "seed"}, r"`rng` must be None"),
        ({"discrete": {"weak": "yes"}}, r"`discrete` must map column names to True/False"),
        ({"discrete": {"wek": True}}, r"`discrete` must name a column of `df`; got 'wek'"),
        ({"base": 1}, r"`base`"),
    ],
)
def test_bad_options(frame, options, pattern):
    with pytest.raises(InvalidParameterError, match=pattern):
        profile_dataframe(frame, target="y", **options)


def test_non_dataframes_are_refused():
    with pytest.raises(ArrayLibraryError, match=r"`df` must be a pandas, polars"):
        profile_dataframe(np.zeros((3, 2)))
    with pytest.raises(ArrayLibraryError, match=r"got a Series"):
        profile_dataframe(pd.Series([1, 2]))


def test_progress_callback_sees_every_scan(frame):
    calls: list[tuple[str, int, int]] = []
    profile_dataframe(frame, target="y", progress=lambda d, i, t: calls.append((d, i, t)))
    assert [i for _, i, _ in calls] == list(range(1, len(calls) + 1))
    assert {t for _, _, t in calls} == {len(calls)}  # the total is known from the start
    assert len(calls) == 2 + 4 + 6  # summary, sample, 4 columns, 6 pairs
    assert any("counting strong" in d for d, _, _ in calls)
    assert any("pairwise" in d for d, _, _ in calls)


def test_undersampled_estimates_carry_notes_not_warnings():
    df = pd.DataFrame({"id": range(30), "y": [0, 1, 2] * 10})
    assert profile_dataframe(df, target="y").column("id").identifier is not None
    column = profile_dataframe(df, target="y", keep_identifiers=True).column("id")
    assert any("biased" in note for note in column.notes)


def test_continuous_target_uses_the_sample_for_every_column():
    rng = np.random.default_rng(5)
    n = 600
    x = rng.normal(size=n)
    df = pd.DataFrame({"x": x, "label": (x > 0).astype(int), "y": x + 0.5 * rng.normal(size=n)})
    profile = profile_dataframe(df, target="y", base=2, rng=0)
    assert profile.target_kind == "continuous"
    order = np.lexsort((df["y"].to_numpy(), df["x"].to_numpy()))
    expected = estimate_mutual_information(
        df["x"].to_numpy()[order], df["y"].to_numpy()[order], discrete=False, base=2, rng=0
    )
    column = profile.column("x")
    assert column.mutual_information == pytest.approx(expected.value, rel=1e-12)
    assert column.mutual_information_method == "ksg"
    assert column.uncertainty_coefficient is None  # H(y) is a differential entropy
    label = profile.column("label")
    assert label.kind == "discrete"
    assert label.sampled
    assert label.mutual_information_method == "ross"
    assert label.test == "g_test_binned"
    assert profile.columns[0].name == "x"


def test_all_missing_target_is_named():
    df = pd.DataFrame({"x": [0, 1, 0, 1], "y": [None] * 4})
    with pytest.raises(InvalidParameterError, match=r"column\(s\) 'y' hold only missing values"):
        profile_dataframe(df, target="y")


def test_constant_columns_carry_no_information():
    df = pd.DataFrame(
        {"c": [1] * 10, "f": [2.5] * 10, "x": [0, 1] * 5, "y": [0, 0, 1, 1, 0, 1, 0, 1, 1, 0]}
    )
    profile = profile_dataframe(df, target="y", base=2)
    constant = profile.column("c")
    assert (constant.entropy, constant.mutual_information, constant.p_value) == (0.0, 0.0, 1.0)
    measured = profile.column("f")
    assert measured.entropy is None  # a differential entropy of -inf
    assert measured.mutual_information == 0.0
    assert "constant column" in measured.notes[0]
    assert json.loads(profile.to_json())["columns"][1]["entropy"] is None
