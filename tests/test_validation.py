"""The shared option checkers of `infokit._validation`: accepted values and exact messages."""

from __future__ import annotations

import re

import numpy as np
import pytest

import infokit
from infokit._validation import check_choice, check_flag, check_int, check_level
from infokit.errors import InvalidParameterError


def _raises_exactly(message: str) -> pytest.RaisesContext[InvalidParameterError]:
    return pytest.raises(InvalidParameterError, match=f"^{re.escape(message)}$")


class TestCheckChoice:
    CHOICES = ("ksg", "gaussian")

    def test_accepts_each_choice_as_a_plain_str(self):
        for choice in self.CHOICES:
            assert check_choice(choice, self.CHOICES, name="method") == choice
        result = check_choice(np.str_("ksg"), self.CHOICES, name="method")
        assert type(result) is str
        assert result == "ksg"

    @pytest.mark.parametrize(
        ("value", "shown"),
        [
            ("kl", "'kl'"),
            ("KSG", "'KSG'"),
            (None, "None"),
            (True, "True"),
            (1.5, "1.5"),
            (["ksg"], "['ksg']"),  # unhashable, and equal to no choice
        ],
    )
    def test_message_lists_the_choices(self, value, shown):
        with _raises_exactly(f"`method` must be one of 'ksg', 'gaussian'; got {shown}."):
            check_choice(value, self.CHOICES, name="method")

    def test_one_choice(self):
        with _raises_exactly("`engine` must be one of 'duckdb'; got 'spark'."):
            check_choice("spark", ("duckdb",), name="engine")


class TestCheckInt:
    @pytest.mark.parametrize("value", [3, np.int64(3), np.uint8(3)])
    def test_accepts_integers_as_int(self, value):
        result = check_int(value, name="k", minimum=1)
        assert type(result) is int
        assert result == 3

    @pytest.mark.parametrize(
        ("value", "got"),
        [
            (True, "bool True"),
            (np.bool_(False), "bool np.False_"),
            (2.5, "float 2.5"),
            (3.0, "float 3.0"),
            ("3", "str '3'"),
            (None, "None"),
        ],
    )
    def test_message_for_a_non_integer(self, value, got):
        with _raises_exactly(f"`n_neighbors` must be a positive integer; got {got}."):
            check_int(value, name="n_neighbors", minimum=1)

    @pytest.mark.parametrize(
        ("bounds", "value", "message"),
        [
            ({"minimum": 1}, 0, "`k` must be a positive integer; got 0."),
            ({"minimum": 10}, 3, "`k` must be an integer >= 10; got 3."),
            ({"minimum": 0}, -1, "`k` must be an integer >= 0; got -1."),
            ({"maximum": 5}, 6, "`k` must be an integer <= 5; got 6."),
            ({"minimum": 1, "maximum": 22}, 23, "`k` must be an integer from 1 to 22; got 23."),
            ({"minimum": 1, "maximum": 22}, 0, "`k` must be an integer from 1 to 22; got 0."),
            (
                {"minimum": 1, "maximum": 22},
                2.5,
                "`k` must be an integer from 1 to 22; got float 2.5.",
            ),
            ({}, 2.5, "`k` must be an integer; got float 2.5."),
        ],
    )
    def test_message_out_of_range(self, bounds, value, message):
        with _raises_exactly(message):
            check_int(value, name="k", **bounds)

    def test_bounds_are_inclusive(self):
        assert check_int(1, name="k", minimum=1, maximum=22) == 1
        assert check_int(22, name="k", minimum=1, maximum=22) == 22
        assert check_int(-7, name="k") == -7


class TestCheckLevel:
    @pytest.mark.parametrize("value", [0.95, 0.5, np.float32(0.25), np.float64(0.9)])
    def test_accepts_levels_as_float(self, value):
        result = check_level(value)
        assert type(result) is float
        assert result == float(value)

    def test_none_means_no_interval(self):
        assert check_level(None) is None

    @pytest.mark.parametrize(
        ("value", "got"),
        [(True, "True"), (np.bool_(True), "np.True_"), ("95%", "'95%'"), ([0.9], "[0.9]")],
    )
    def test_message_for_a_non_number(self, value, got):
        with _raises_exactly(f"`ci` must be None or a confidence level such as 0.95; got {got}."):
            check_level(value)

    @pytest.mark.parametrize(
        ("value", "got"),
        [(0, "0"), (1, "1"), (1.0, "1.0"), (1.5, "1.5"), (-0.5, "-0.5"), (100, "100")],
    )
    def test_message_out_of_range(self, value, got):
        with _raises_exactly(f"`ci` must lie strictly between 0 and 1 (e.g. 0.95); got {got}."):
            check_level(value)

    def test_nan_is_out_of_range(self):
        with _raises_exactly("`level` must lie strictly between 0 and 1 (e.g. 0.95); got nan."):
            check_level(float("nan"), name="level")

    def test_message_for_a_percentage(self):
        message = (
            "`ci` must be a confidence level strictly between 0 and 1, not a percentage; "
            "got 95 (pass 0.95 for 95%)."
        )
        with _raises_exactly(message):
            check_level(95)


class TestCheckFlag:
    @pytest.mark.parametrize("value", [True, False, np.bool_(True)])
    def test_accepts_booleans_as_bool(self, value):
        result = check_flag(value, name="validate")
        assert type(result) is bool
        assert result == bool(value)

    @pytest.mark.parametrize(
        ("value", "shown"), [("yes", "'yes'"), (1, "1"), (0.0, "0.0"), (None, "None")]
    )
    def test_message(self, value, shown):
        with _raises_exactly(f"`validate` must be True or False; got {shown}."):
            check_flag(value, name="validate")


class TestPublicFunctionsUseTheCheckers:
    """The messages reach users unchanged through the public functions."""

    def test_choice(self):
        with pytest.raises(InvalidParameterError, match=r"^`kind` must be one of 'auto', "):
            infokit.splits.best_split([0.0, 1.0], [0, 1], kind="ordinal")

    def test_n_neighbors_of_the_scores(self):
        X = np.random.default_rng(0).normal(size=(20, 2))
        with _raises_exactly("`n_neighbors` must be a positive integer; got float 2.5."):
            infokit.mutual_information_scores(X, np.arange(20) % 2, n_neighbors=2.5)

    def test_n_permutations(self):
        with _raises_exactly("`n_permutations` must be a positive integer; got 0."):
            infokit.independence_test([0, 1, 0, 1], [0, 1, 1, 0], n_permutations=0)

    def test_ci_of_the_discrete_estimators(self):
        with pytest.raises(InvalidParameterError, match=r"not a percentage; got 90 \(pass 0\.9"):
            infokit.estimate_entropy_from_counts([3, 4, 5], ci=90)

    def test_n_jobs_zero(self):
        X = np.random.default_rng(0).normal(size=(20, 2))
        with _raises_exactly("`n_jobs` must be None, -1 or a positive integer; got 0."):
            infokit.mutual_information_scores(X, np.arange(20) % 2, n_jobs=0)

    def test_n_jobs_not_an_integer(self):
        X = np.random.default_rng(0).normal(size=(20, 2))
        with _raises_exactly("`n_jobs` must be an integer; got float 2.0."):
            infokit.mutual_information_scores(X, np.arange(20) % 2, n_jobs=2.0)
