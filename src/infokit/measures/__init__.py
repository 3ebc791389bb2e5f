"""Exact information measures of given probability distributions.

Every function takes probabilities (or logits, where it says so) as NumPy, PyTorch or JAX
arrays, or lists, and returns an array of the same library: entropy and its relatives in
`infokit.measures.entropy`, divergences in `infokit.measures.divergence`, and measures of
joint tables in `infokit.measures.mutual_information`.
"""

from infokit.measures.divergence import cross_entropy, jensen_shannon_divergence, kl_divergence
from infokit.measures.entropy import (
    binary_entropy,
    entropy,
    normalize,
    perplexity,
    renyi_entropy,
    self_information,
)
from infokit.measures.mutual_information import (
    conditional_entropy,
    conditional_mutual_information,
    joint_entropy,
    mutual_information,
)

__all__ = [
    "binary_entropy",
    "conditional_entropy",
    "conditional_mutual_information",
    "cross_entropy",
    "entropy",
    "jensen_shannon_divergence",
    "joint_entropy",
    "kl_divergence",
    "mutual_information",
    "normalize",
    "perplexity",
    "renyi_entropy",
    "self_information",
]
