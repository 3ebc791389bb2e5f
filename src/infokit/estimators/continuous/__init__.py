"""The continuous engine: differential entropy, mutual information, conditional MI and KL.

kNN (`neighbors`, on the search of `infokit.estimators.knn`), spacing, Gaussian and copula,
and mixed estimators, with the sample conversion, tie handling and standard errors they share.
"""

from infokit.estimators.continuous.mutual_information import (
    TieWarning,
    estimate_conditional_mutual_information,
    estimate_entropy,
    estimate_kl_divergence,
    estimate_mutual_information,
)

__all__ = [
    "TieWarning",
    "estimate_conditional_mutual_information",
    "estimate_entropy",
    "estimate_kl_divergence",
    "estimate_mutual_information",
]
