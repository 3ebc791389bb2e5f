"""``method="auto"`` on multivariate continuous pairs: the larger of KSG and the copula MI.

KSG is biased towards zero as the dimension grows; the Gaussian-copula estimate is exact for
dependence that is Gaussian up to monotone maps of each coordinate. The truth of the tasks
below is the closed form of `infokit.distributions.gaussian_mutual_information`.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

import infokit as ik
from infokit.estimators.independence import _min_p_value, _permutation_p_value


def _paired_normals(n: int, d: int, rho: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Coordinate i of x correlates with coordinate i of y only: I = -d/2 log(1 - rho^2)."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, d))
    y = rho * x + math.sqrt(1 - rho**2) * rng.normal(size=(n, d))
    return x, y


def test_high_dimension_takes_the_copula_estimate_and_does_not_warn() -> None:
    x, y = _paired_normals(2000, 8, 0.6, seed=1)
    truth = -8 / 2 * math.log(1 - 0.36)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no SmallSampleWarning about kNN: KSG is not used
        estimate = ik.estimate_mutual_information(np.exp(x), y**3, rng=0)  # monotone maps
    with pytest.warns(ik.errors.SmallSampleWarning, match="16 dimensions"):
        ksg = ik.estimate_mutual_information(np.exp(x), y**3, method="ksg", rng=0)
    assert estimate.method == "gaussian_copula"
    assert abs(estimate.value - truth) < 0.05 * truth
    assert ksg.value < truth - 0.3  # what auto used to return
    candidates = estimate.details["auto"]["candidates"]
    assert candidates["ksg"] == pytest.approx(ksg.value, abs=1e-12)
    assert candidates["gaussian_copula"] == pytest.approx(estimate.value, abs=1e-12)
    assert estimate.std_error is not None
    assert 0 < estimate.std_error < 0.1


def test_non_gaussian_dependence_keeps_ksg() -> None:
    # y depends on |x|: uncorrelated, so the copula sees nothing and KSG wins
    rng = np.random.default_rng(2)
    x = rng.normal(size=(2000, 2))
    y = np.abs(x) + 0.3 * rng.normal(size=(2000, 2))
    estimate = ik.estimate_mutual_information(x, y, rng=0)
    assert estimate.method == "ksg"
    assert estimate.value == ik.estimate_mutual_information(x, y, method="ksg", rng=0).value
    assert estimate.details["auto"]["candidates"]["gaussian_copula"] < 0.05


def test_one_dimensional_pairs_and_local_values_keep_ksg_alone() -> None:
    x, y = _paired_normals(500, 1, 0.6, seed=3)
    for estimate in (
        ik.estimate_mutual_information(x, y, rng=0),
        ik.estimate_mutual_information(np.hstack([x, x**3]), y, rng=0, local=True),
    ):
        assert estimate.method == "ksg"
        assert "auto" not in estimate.details


def test_seeded_auto_is_reproducible() -> None:
    x, y = _paired_normals(400, 3, 0.5, seed=4)
    first = ik.estimate_mutual_information(x, y, rng=7)
    again = ik.estimate_mutual_information(x, y, rng=7)
    assert (first.value, first.std_error) == (again.value, again.std_error)


class TestMinP:
    def test_one_statistic_is_the_plain_permutation_p_value(self) -> None:
        rng = np.random.default_rng(5)
        null = rng.normal(size=(199, 1))
        for observed in (-3.0, 0.0, 0.5, 2.2, 9.0):
            assert _min_p_value(np.array([observed]), null) == pytest.approx(
                _permutation_p_value(observed, null[:, 0]), abs=1e-15
            )

    def test_a_duplicated_or_rescaled_statistic_changes_nothing(self) -> None:
        rng = np.random.default_rng(6)
        null = rng.normal(size=(99, 1))
        single = _min_p_value(np.array([1.3]), null)
        both = _min_p_value(np.array([1.3, 13.0]), np.hstack([null, 10 * null]))
        assert both == pytest.approx(single, abs=1e-15)

    def test_the_extreme_observation_has_the_smallest_p_value(self) -> None:
        rng = np.random.default_rng(7)
        null = rng.normal(size=(99, 2))
        assert _min_p_value(np.array([10.0, 10.0]), null) == pytest.approx(1 / 100)
        # extreme in one statistic only: it ties with the shuffle that tops the other column
        assert _min_p_value(np.array([10.0, -10.0]), null) == pytest.approx(2 / 100)

    def test_auto_test_is_as_powerful_as_the_better_estimator(self) -> None:
        x, y = _paired_normals(1000, 3, 0.12, seed=8)  # weak linear coupling: the copula's case
        auto = ik.independence_test(x, y, n_permutations=199, rng=0)
        ksg = ik.independence_test(x, y, n_permutations=199, rng=0, estimator="ksg")
        assert auto.estimator == "ksg+gaussian_copula"
        assert auto.p_value <= 0.02 < ksg.p_value
