"""Errors name the argument that is wrong (issue #14): the pair measures, normalize, splits."""

from __future__ import annotations

import math

import numpy as np
import pytest

import infokit
from infokit.errors import InvalidDistributionError, InvalidParameterError
from infokit.splits import information_gain


@pytest.mark.parametrize(
    "measure",
    [
        infokit.cross_entropy,
        infokit.kl_divergence,
        infokit.jensen_shannon_divergence,
    ],
)
@pytest.mark.parametrize(
    ("bad", "problem"),
    [([0.5, math.nan], "must be finite"), ([1.5, -0.5], "must be non-negative")],
)
def test_pair_measures_blame_the_bad_argument(measure, bad, problem):
    # [1.5, -0.5] sums to exactly 1: only its sign is wrong, and only q holds it
    with pytest.raises(InvalidDistributionError, match=rf"^`q` {problem}"):
        measure([0.5, 0.5], bad)
    with pytest.raises(InvalidDistributionError, match=rf"^`p` {problem}"):
        measure(bad, [0.5, 0.5])


def test_pair_measures_blame_q_in_a_batch():
    p = np.full((3, 2), 0.5)
    q = p.copy()
    q[2] = [1.5, -0.5]
    with pytest.raises(InvalidDistributionError, match=r"^`q` must be non-negative; got -0.5"):
        infokit.kl_divergence(p, q)


@pytest.mark.parametrize(
    ("axis", "message"),
    [
        ((0, 0), "names the same axis of `counts` twice"),
        ((1, -1), "names the same axis of `counts` twice"),
        (1.5, "got float 1.5"),
        ((), "got tuple ()"),
        ("0", "got str '0'"),
        ((0, 2), r"must lie in \[-2, 1\]"),
    ],
)
def test_normalize_refuses_bad_axes(axis, message):
    with pytest.raises(InvalidParameterError, match=message):
        infokit.normalize(np.ones((2, 2)), axis=axis)


@pytest.mark.filterwarnings("error")
def test_normalize_does_not_overflow_near_the_largest_float():
    np.testing.assert_array_equal(infokit.normalize([1e308, 1e308]), [0.5, 0.5])
    np.testing.assert_allclose(
        infokit.normalize([[1e308, 1.5e308], [1.0, 3.0]]),
        [[0.4, 0.6], [0.25, 0.75]],
        rtol=1e-15,
    )
    np.testing.assert_array_equal(infokit.normalize([[1e308], [1e308]], axis=None), [[0.5], [0.5]])
    # tiny counts keep their ratios
    np.testing.assert_allclose(infokit.normalize([5e-324, 5e-324]), [0.5, 0.5])


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        (["a", "b", "c", "d"], "must be numbers.*could not convert string to float: 'a'"),
        ([1.0, -1.0, 1.0, 1.0], r"must be finite.*; got -1.0 at index 1"),
        ([1.0, math.nan, 1.0, 1.0], r"must be finite.*; got nan at index 1"),
        ([0.0, 0.0, 0.0, 0.0], r"must be finite.*not all zero; got all zeros"),
    ],
)
def test_information_gain_names_bad_sample_weights(weights, message):
    with pytest.raises(InvalidParameterError, match=rf"^`sample_weight` {message}"):
        information_gain(np.array([0, 1, 0, 1]), np.array([0, 0, 1, 1]), sample_weight=weights)
