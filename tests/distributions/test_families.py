"""Constructing the families: parameter checks, conversions from scipy and torch."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.stats

import infokit.distributions as dists
from infokit.distributions import as_distribution, entropy, kl_divergence
from infokit.errors import (
    ArrayLibraryError,
    InvalidDistributionError,
    InvalidParameterError,
    ShapeError,
)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (
            lambda: dists.Normal(0.0, -1.0),
            r"`scale` of Normal must be positive and finite; got -1.0\.",
        ),
        (lambda: dists.Normal([0.0, 1.0], [1.0, 0.0]), r"got 0.0 at batch index \(1,\)"),
        (lambda: dists.Normal(math.nan, 1.0), "`loc` of Normal must be finite; got nan"),
        (lambda: dists.Laplace(0.0, -2.0), "`scale` of Laplace must be positive"),
        (lambda: dists.Uniform(1.0, 1.0), "`high` of Uniform must be greater than `low`"),
        (lambda: dists.Exponential(0.0), "`rate` of Exponential must be positive"),
        (lambda: dists.Gamma(-1.0, 1.0), "`concentration` of Gamma must be positive"),
        (lambda: dists.Beta(1.0, 0.0), "`concentration0` of Beta must be positive"),
        (lambda: dists.StudentT(0.0), "`df` of StudentT must be positive"),
        (lambda: dists.LogNormal(0.0, -1.0), "`scale` of LogNormal must be positive"),
        (
            lambda: dists.Bernoulli(1.5),
            r"`probs` of Bernoulli must be a probability in \[0, 1\]; got 1.5",
        ),
        (
            lambda: dists.Bernoulli(0.5, 0.0),
            "Bernoulli takes exactly one of `probs` and `logits`; got both",
        ),
        (lambda: dists.Bernoulli(), "got neither"),
        (lambda: dists.Geometric(0.0), r"`probs` of Geometric must be a probability in \(0, 1\]"),
        (
            lambda: dists.Binomial(2.5, 0.5),
            "`total_count` of Binomial must be a non-negative integer; got 2.5",
        ),
        (lambda: dists.Poisson(-1.0), "`rate` of Poisson must be non-negative"),
        (
            lambda: dists.Dirichlet([1.0, 0.0]),
            r"`concentration` of Dirichlet must be positive and finite; got \[1. 0.\]",
        ),
        (
            lambda: dists.Normal([0.0, 1.0, 2.0], [1.0, 2.0]),
            "parameters must have broadcastable shapes",
        ),
    ],
)
def test_invalid_parameters_are_named(build, message):
    with pytest.raises((InvalidParameterError, ShapeError), match=message):
        build()


def test_categorical_checks():
    with pytest.raises(
        InvalidDistributionError, match=r"`probs` must sum to 1 along axis -1.*`logits=`"
    ):
        dists.Categorical([0.5, 0.6])
    with pytest.raises(InvalidDistributionError, match="`probs` must be non-negative"):
        dists.Categorical([1.5, -0.5])
    with pytest.raises(InvalidParameterError, match="must have a last axis of outcomes"):
        dists.Categorical(0.5)
    with pytest.raises(ShapeError, match="same number of outcomes"):
        kl_divergence(dists.Categorical([0.5, 0.5]), dists.Categorical([0.2, 0.3, 0.5]))
    from_logits = dists.Categorical(logits=[0.0, math.log(3.0)])
    np.testing.assert_allclose(from_logits.probs, [0.25, 0.75], rtol=1e-15)
    np.testing.assert_allclose(from_logits.logits, np.log([0.25, 0.75]), rtol=1e-15)


def test_validation_can_be_switched_off():
    assert dists.Normal(0.0, -1.0, validate=False).scale == -1.0


def test_multivariate_normal_names_the_failing_batch_index():
    good, bad = np.eye(2), np.array([[1.0, 2.0], [2.0, 1.0]])
    with pytest.raises(
        InvalidParameterError,
        match=r"`covariance_matrix` of MultivariateNormal must be symmetric positive definite; "
        r"the matrix at batch index \(1, 0\) is not positive definite \(smallest eigenvalue -1\)",
    ):
        dists.MultivariateNormal(np.zeros(2), np.array([[good, good], [bad, good]]))
    with pytest.raises(InvalidParameterError, match="is not symmetric"):
        dists.MultivariateNormal(np.zeros(2), np.array([[1.0, 0.5], [0.0, 1.0]]))
    with pytest.raises(ShapeError, match=r"must have shape \(\.\.\., 3, 3\) to match `loc`"):
        dists.MultivariateNormal(np.zeros(3), np.eye(2))
    with pytest.raises(InvalidParameterError, match="exactly one of `covariance_matrix` and"):
        dists.MultivariateNormal(np.zeros(2))
    with pytest.raises(InvalidParameterError, match="`scale_tril` of MultivariateNormal must be"):
        dists.MultivariateNormal(np.zeros(2), scale_tril=np.array([[1.0, 0.0], [0.3, -1.0]]))


def test_multivariate_normal_covariance_and_cholesky_and_diagonal_agree():
    covariance = np.array([[2.0, 0.6], [0.6, 1.0]])
    full = dists.MultivariateNormal([0.0, 1.0], covariance)
    from_factor = dists.MultivariateNormal([0.0, 1.0], scale_tril=np.linalg.cholesky(covariance))
    np.testing.assert_allclose(from_factor.covariance_matrix, covariance, rtol=1e-15)
    assert float(entropy(full)) == pytest.approx(float(entropy(from_factor)), rel=1e-15)
    diagonal = dists.MultivariateNormal.diagonal([0.0, 1.0], [2.0, 1.0])
    independent = float(entropy(dists.Normal(0.0, math.sqrt(2.0)))) + float(
        entropy(dists.Normal(1.0, 1.0))
    )
    assert float(entropy(diagonal)) == pytest.approx(independent, rel=1e-15)
    # KL between diagonal Gaussians is the sum over axes
    other = dists.MultivariateNormal.diagonal([1.0, -1.0], [0.5, 3.0])
    per_axis = kl_divergence(
        dists.Normal([0.0, 1.0], np.sqrt([2.0, 1.0])),
        dists.Normal([1.0, -1.0], np.sqrt([0.5, 3.0])),
    )
    assert float(kl_divergence(diagonal, other)) == pytest.approx(
        float(np.sum(per_axis)), rel=1e-14
    )
    with pytest.raises(InvalidParameterError, match=r"`variance` of MultivariateNormal\.diagonal"):
        dists.MultivariateNormal.diagonal([0.0], [-1.0])


SCIPY_PAIRS = [
    (scipy.stats.norm(1.0, 2.0), dists.Normal(1.0, 2.0)),
    (scipy.stats.expon(scale=2.0), dists.Exponential(0.5)),
    (scipy.stats.gamma(2.0, scale=0.5), dists.Gamma(2.0, 2.0)),
    (scipy.stats.beta(2.0, 3.0), dists.Beta(2.0, 3.0)),
    (scipy.stats.uniform(1.0, 2.0), dists.Uniform(1.0, 3.0)),
    (scipy.stats.laplace(0.5, 3.0), dists.Laplace(0.5, 3.0)),
    (scipy.stats.lognorm(0.5, scale=2.0), dists.LogNormal(math.log(2.0), 0.5)),
    (scipy.stats.t(3.0, 1.0, 2.0), dists.StudentT(3.0, 1.0, 2.0)),
    (scipy.stats.poisson(3.0), dists.Poisson(3.0)),
    (scipy.stats.binom(5, 0.3), dists.Binomial(5.0, 0.3)),
    (scipy.stats.bernoulli(0.2), dists.Bernoulli(0.2)),
    (scipy.stats.geom(0.3, loc=-1), dists.Geometric(0.3)),
    (
        scipy.stats.multivariate_normal([0.0, 1.0], [[1.0, 0.2], [0.2, 2.0]]),
        dists.MultivariateNormal([0.0, 1.0], [[1.0, 0.2], [0.2, 2.0]]),
    ),
    (scipy.stats.dirichlet([1.0, 2.0, 3.0]), dists.Dirichlet([1.0, 2.0, 3.0])),
]


@pytest.mark.parametrize(
    ("frozen", "expected"),
    SCIPY_PAIRS,
    ids=lambda v: getattr(getattr(v, "dist", None), "name", type(v).__name__),
)
def test_scipy_frozen_distributions_convert(frozen, expected):
    converted = as_distribution(frozen)
    assert type(converted) is type(expected)
    for name, value in expected.parameters().items():
        np.testing.assert_allclose(getattr(converted, name), value, rtol=1e-15)
    assert float(entropy(frozen)) == pytest.approx(float(entropy(expected)), rel=1e-12)
    # and back: our scipy twin has the same entropy as the original
    assert expected.to_scipy().entropy() == pytest.approx(np.sum(frozen.entropy()), rel=1e-12)


def test_scipy_geom_counting_trials_is_rejected_with_the_fix():
    with pytest.raises(
        InvalidParameterError, match=r"scipy's geom counts trials.*geom\(p, loc=-1\)"
    ):
        entropy(scipy.stats.geom(0.3))


def test_unconvertible_inputs():
    with pytest.raises(InvalidParameterError, match="shifted form"):
        entropy(scipy.stats.expon(loc=1.0))
    with pytest.raises(
        InvalidParameterError, match=r"no infokit family matches scipy\.stats\.cauchy"
    ):
        entropy(scipy.stats.cauchy())
    with pytest.raises(InvalidParameterError, match="`p` must be an infokit distribution"):
        kl_divergence([0.5, 0.5], dists.Normal(0.0, 1.0))
    with pytest.raises(InvalidParameterError, match="`dist` must be an infokit distribution"):
        entropy("normal")


def test_batched_scipy_distribution_converts_to_a_batch():
    values = entropy(scipy.stats.norm([0.0, 1.0], [1.0, 3.0]))
    np.testing.assert_allclose(
        values, scipy.stats.norm([0.0, 1.0], [1.0, 3.0]).entropy(), rtol=1e-14
    )


def test_torch_distributions_convert_and_mix_with_python_numbers():
    torch = pytest.importorskip("torch")
    td = torch.distributions
    p = td.Gamma(
        torch.tensor([2.0, 3.0], dtype=torch.float64), torch.tensor(1.5, dtype=torch.float64)
    )
    ours = kl_divergence(p, dists.Exponential(0.5))
    assert isinstance(ours, torch.Tensor)
    assert ours.dtype == torch.float64
    theirs = td.kl_divergence(p, td.Exponential(torch.tensor(0.5, dtype=torch.float64)))
    torch.testing.assert_close(ours, theirs, rtol=1e-12, atol=0)
    with pytest.raises(
        InvalidParameterError, match=r"no infokit family matches torch\.distributions\.Cauchy"
    ):
        entropy(td.Cauchy(0.0, 1.0))
    logits = as_distribution(td.Bernoulli(logits=torch.tensor(0.3)))
    assert float(logits.logits) == pytest.approx(0.3, rel=1e-7)


def test_mixing_two_non_numpy_libraries_is_refused():
    torch = pytest.importorskip("torch")
    jnp = pytest.importorskip("jax.numpy")
    with pytest.raises(ArrayLibraryError, match="inputs mix array libraries"):
        kl_divergence(dists.Normal(torch.tensor(0.0), 1.0), dists.Normal(jnp.asarray(0.0), 1.0))


def test_repr_shows_parameters_or_shapes():
    assert repr(dists.Gamma(2.0, 0.5)) == "Gamma(concentration=2.0, rate=0.5)"
    assert repr(dists.Normal(np.zeros(10), 1.0)) == (
        "Normal(loc=<array of shape (10,)>, scale=<array of shape (10,)>)"
    )
    assert dists.Normal(np.zeros((2, 3)), 1.0).batch_shape == (2, 3)


def test_distributions_are_frozen():
    dist = dists.Normal(0.0, 1.0)
    with pytest.raises(AttributeError):
        dist.loc = 1.0
