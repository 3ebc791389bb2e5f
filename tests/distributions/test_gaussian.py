"""gaussian_mutual_information against the bivariate formula and entropy identities."""

from __future__ import annotations

import math

import numpy as np
import pytest

import infokit.distributions as dists
from infokit.distributions import entropy, gaussian_mutual_information
from infokit.errors import InvalidParameterError, ShapeError


@pytest.mark.parametrize("rho", [0.0, 0.3, -0.8, 0.999])
def test_bivariate_is_minus_half_log_one_minus_rho_squared(rho, backend, assert_close):
    covariance = backend.asarray([[2.0, rho * math.sqrt(2.0 * 3.0)], [rho * math.sqrt(6.0), 3.0]])
    assert_close(
        gaussian_mutual_information(covariance, 0, 1), -0.5 * math.log(1 - rho**2), atol=1e-13
    )


def test_groups_equal_entropy_identity():
    rng = np.random.default_rng(0)
    factor = rng.normal(size=(5, 5))
    covariance = factor @ factor.T + 0.3 * np.eye(5)
    x, y = [0, 3], [1, 4]

    def h(indices):
        block = covariance[np.ix_(indices, indices)]
        return float(entropy(dists.MultivariateNormal(np.zeros(len(indices)), block)))

    expected = h(x) + h(y) - h(x + y)  # coordinate 2 is marginalised out
    assert float(gaussian_mutual_information(covariance, x, y)) == pytest.approx(
        expected, rel=1e-12
    )
    assert float(gaussian_mutual_information(covariance, x, y, base=2)) == pytest.approx(
        expected / math.log(2), rel=1e-12
    )
    # symmetric in x and y
    assert float(gaussian_mutual_information(covariance, y, x)) == pytest.approx(
        expected, rel=1e-12
    )


def test_batched_covariances():
    rhos = np.array([0.1, 0.5, 0.9])
    covariances = np.stack([np.array([[1.0, r], [r, 1.0]]) for r in rhos])
    np.testing.assert_allclose(
        gaussian_mutual_information(covariances, [0], [1]), -0.5 * np.log(1 - rhos**2), rtol=1e-13
    )


def test_bad_inputs():
    covariance = np.eye(3)
    with pytest.raises(
        InvalidParameterError, match=r"`x` and `y` must be disjoint; both contain \[1\]"
    ):
        gaussian_mutual_information(covariance, [0, 1], [1, 2])
    with pytest.raises(InvalidParameterError, match="`y` names index 3"):
        gaussian_mutual_information(covariance, 0, 3)
    with pytest.raises(InvalidParameterError, match="`x` must be an index or a non-empty"):
        gaussian_mutual_information(covariance, [], 1)
    with pytest.raises(ShapeError, match=r"`covariance` must have shape \(\.\.\., d, d\)"):
        gaussian_mutual_information(np.ones(3), 0, 1)
    singular = np.stack([np.eye(2), np.ones((2, 2))])
    with pytest.raises(
        InvalidParameterError,
        match=r"`covariance` of gaussian_mutual_information must be symmetric positive definite; "
        r"the matrix at batch index \(1,\)",
    ):
        gaussian_mutual_information(singular, 0, 1)
