"""infokit: information theory for machine learning and data science.

Exact measures of given distributions (entropy, cross-entropy, KL and Jensen–Shannon
divergence, mutual information, ...) on NumPy, PyTorch and JAX arrays, in any unit, at the
top level. Subpackages, imported on first use: `infokit.losses` (training losses),
`infokit.distributions` (parametric families, closed forms), `infokit.splits` (information
gain of decision-tree splits).

>>> import infokit as ik
>>> round(float(ik.entropy([0.5, 0.1, 0.1, 0.1, 0.1, 0.1], base="bits")), 3)
2.161
"""

import importlib
from types import ModuleType

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

# Subpackages that load on first attribute access, so `import infokit` stays light.
_LAZY_SUBMODULES = ("distributions", "losses", "splits")


def __getattr__(name: str) -> ModuleType:
    if name in _LAZY_SUBMODULES:
        return importlib.import_module(f"infokit.{name}")
    msg = f"module 'infokit' has no attribute {name!r}"
    raise AttributeError(msg)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY_SUBMODULES))

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
