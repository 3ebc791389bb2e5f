"""Parametric distributions: closed-form entropy, KL divergence and cross-entropy.

Families are frozen dataclasses of (batched) parameter arrays of any array library, with
torch.distributions' parameter names. `entropy`, `kl_divergence` and `cross_entropy` use the
closed forms registered per type (pair), accept scipy.stats frozen distributions and
torch.distributions objects, and fall back to quadrature, summation or Monte Carlo (returning
an `infokit.results.Estimate` with its error) when no closed form exists.

>>> from infokit.distributions import Normal, kl_divergence
>>> round(float(kl_divergence(Normal(0.0, 1.0), Normal(0.0, 2.0), base="bits")), 6)
0.458989
"""

from infokit.distributions._base import Distribution
from infokit.distributions._registry import register_entropy, register_kl_divergence
from infokit.distributions.continuous import (
    Beta,
    Exponential,
    Gamma,
    Laplace,
    LogNormal,
    Normal,
    StudentT,
    Uniform,
)
from infokit.distributions.convert import as_distribution
from infokit.distributions.core import cross_entropy, entropy, kl_divergence
from infokit.distributions.discrete import Bernoulli, Binomial, Categorical, Geometric, Poisson
from infokit.distributions.gaussian import (
    gaussian_dual_total_correlation,
    gaussian_mutual_information,
    gaussian_o_information,
    gaussian_total_correlation,
)
from infokit.distributions.multivariate import Dirichlet, MultivariateNormal

__all__ = [
    "Bernoulli",
    "Beta",
    "Binomial",
    "Categorical",
    "Dirichlet",
    "Distribution",
    "Exponential",
    "Gamma",
    "Geometric",
    "Laplace",
    "LogNormal",
    "MultivariateNormal",
    "Normal",
    "Poisson",
    "StudentT",
    "Uniform",
    "as_distribution",
    "cross_entropy",
    "entropy",
    "gaussian_dual_total_correlation",
    "gaussian_mutual_information",
    "gaussian_o_information",
    "gaussian_total_correlation",
    "kl_divergence",
    "register_entropy",
    "register_kl_divergence",
]
