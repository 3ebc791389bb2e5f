"""Fixtures of the engine tests: one dataset, its options, and the comparison of profiles."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

OPTIONS = {"target": "y", "discrete": {"a": True, "c": False}, "base": 2}
DISCRETE = ("a", "b")


def make_frame(n: int = 2000) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    y = rng.integers(0, 3, n)
    a = np.where(rng.random(n) < 0.7, y, rng.integers(0, 3, n))
    frame = pd.DataFrame(
        {
            "a": pd.array(a, dtype="Int64"),
            "b": np.array(["u", "v", "w", "z"])[rng.integers(0, 4, n)],
            "c": y + rng.normal(size=n),
            "y": np.array(["p", "q", "r"])[y],
        }
    )
    frame.loc[rng.random(n) < 0.05, "a"] = pd.NA
    frame.loc[rng.random(n) < 0.05, "b"] = None
    frame.loc[rng.random(n) < 0.05, "c"] = np.nan
    return frame


def assert_same_profile(result, reference) -> None:
    """Identical counts; discrete entropies and MI to 1e-12; continuous ones to 1e-9."""
    assert result.n_rows == reference.n_rows
    assert result.target_entropy == _approx(reference.target_entropy, 1e-12)
    assert [c.name for c in result.columns] == [c.name for c in reference.columns]
    for column in reference.columns:
        theirs = result.column(column.name)
        for field in ("kind", "count", "missing", "cardinality", "rank", "n_pairs", "test"):
            assert getattr(theirs, field) == getattr(column, field), (column.name, field)
        tolerance = 1e-12 if column.name in DISCRETE else 1e-9
        for field in (
            "entropy",
            "entropy_std_error",
            "mutual_information",
            "mutual_information_std_error",
            "binned_entropy",
            "binned_mutual_information",
        ):
            assert getattr(theirs, field) == _approx(getattr(column, field), tolerance), (
                column.name,
                field,
            )
        assert theirs.p_value == _approx(column.p_value, 1e-9)
    assert result.pairwise_columns == reference.pairwise_columns
    np_result, np_reference = result.pairwise, reference.pairwise
    for row, expected in zip(np_result, np_reference, strict=True):
        for value, other in zip(row, expected, strict=True):
            assert value == _approx(other, 1e-12)


def _approx(value, tolerance):
    return pytest.approx(value, abs=tolerance, rel=tolerance)


@pytest.fixture(scope="module")
def engine_frame() -> pd.DataFrame:
    """2000 rows: `a` (nullable integers), `b` (strings), `c` (floats), target `y`."""
    return make_frame()


@pytest.fixture(scope="module")
def engine_options() -> dict:
    """Options of `profile_dataframe` shared by every engine test."""
    return dict(OPTIONS)


@pytest.fixture
def same_profile():
    """Assert two profiles agree: counts exactly, discrete estimates to 1e-12."""
    return assert_same_profile
