"""Exact information measures of given probability distributions.

Every function takes probabilities (or logits, where it says so) as NumPy, PyTorch or JAX
arrays, or lists, and returns an array of the same library: entropy and its relatives in
`infokit.measures.entropy`, divergences in `infokit.measures.divergence`, measures of
joint tables in `infokit.measures.mutual_information`, and the multivariate measures of
several variables (total correlation, O-information, co-information, ...) in
`infokit.measures.multivariate`, and the partial information decomposition of what two
sources tell about a target in `infokit.measures.pid`. The uncertainty of an ensemble's
predictions (predictive and expected entropy, BALD) is in `infokit.measures.uncertainty`,
and BatchBALD batch selection in `infokit.measures.acquisition`.
"""

from infokit.measures.acquisition import BatchSelection, select_batch
from infokit.measures.divergence import cross_entropy, jensen_shannon_divergence, kl_divergence
from infokit.measures.entropy import (
    binary_entropy,
    entropy,
    normalize,
    perplexity,
    renyi_entropy,
    self_information,
    tsallis_entropy,
)
from infokit.measures.multivariate import (
    co_information,
    dual_total_correlation,
    interaction_information,
    o_information,
    s_information,
    total_correlation,
)
from infokit.measures.mutual_information import (
    conditional_entropy,
    conditional_mutual_information,
    joint_entropy,
    mutual_information,
)
from infokit.measures.pid import (
    PartialInformationDecomposition,
    RedundancyMeasure,
    partial_information_decomposition,
)
from infokit.measures.uncertainty import (
    expected_entropy,
    prediction_information,
    predictive_entropy,
)

__all__ = [
    "BatchSelection",
    "PartialInformationDecomposition",
    "RedundancyMeasure",
    "binary_entropy",
    "co_information",
    "conditional_entropy",
    "conditional_mutual_information",
    "cross_entropy",
    "dual_total_correlation",
    "entropy",
    "expected_entropy",
    "interaction_information",
    "jensen_shannon_divergence",
    "joint_entropy",
    "kl_divergence",
    "mutual_information",
    "normalize",
    "o_information",
    "partial_information_decomposition",
    "perplexity",
    "prediction_information",
    "predictive_entropy",
    "renyi_entropy",
    "s_information",
    "select_batch",
    "self_information",
    "total_correlation",
    "tsallis_entropy",
]
