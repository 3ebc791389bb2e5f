"""infokit: information theory for machine learning and data science.

Exact measures of given distributions (entropy, cross-entropy, KL and Jensen–Shannon
divergence, mutual information, ...) on NumPy, PyTorch and JAX arrays, in any unit.

>>> import infokit as ik
>>> round(float(ik.entropy([0.5, 0.1, 0.1, 0.1, 0.1, 0.1], base="bits")), 3)
2.161
"""

from infokit import errors, units
from infokit.measures import (
    binary_entropy,
    conditional_entropy,
    conditional_mutual_information,
    cross_entropy,
    entropy,
    jensen_shannon_divergence,
    joint_entropy,
    kl_divergence,
    mutual_information,
    normalize,
    perplexity,
    renyi_entropy,
    self_information,
)
from infokit.results import Estimate

__version__ = "0.1.0.dev0"

__all__ = [
    "Estimate",
    "__version__",
    "binary_entropy",
    "conditional_entropy",
    "conditional_mutual_information",
    "cross_entropy",
    "entropy",
    "errors",
    "jensen_shannon_divergence",
    "joint_entropy",
    "kl_divergence",
    "mutual_information",
    "normalize",
    "perplexity",
    "renyi_entropy",
    "self_information",
    "units",
]
