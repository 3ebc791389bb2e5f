"""Estimators of information quantities from samples.

Discrete labels are counted once (`np.bincount` on integer codes) and combined as entropies
with a choice of bias-corrected estimators, each with a standard error; continuous data go to
`infokit.estimators.continuous.mutual_information`. The front-ends below accept both kinds.
"""

from infokit.estimators._frontends import (
    estimate_conditional_entropy,
    estimate_conditional_mutual_information,
    estimate_entropy,
    estimate_joint_entropy,
    estimate_mutual_information,
)
from infokit.estimators.continuous.divergence import estimate_kl_divergence
from infokit.estimators.discrete.engine import estimate_entropy_from_counts
from infokit.estimators.independence import IndependenceTestResult, independence_test

__all__ = [
    "IndependenceTestResult",
    "estimate_conditional_entropy",
    "estimate_conditional_mutual_information",
    "estimate_entropy",
    "estimate_entropy_from_counts",
    "estimate_joint_entropy",
    "estimate_kl_divergence",
    "estimate_mutual_information",
    "independence_test",
]
