"""Estimators of information quantities from samples, with their uncertainty.

One public function per quantity (`estimate_entropy`, `estimate_joint_entropy`,
`estimate_mutual_information`, `estimate_conditional_entropy`,
`estimate_conditional_mutual_information`, `estimate_kl_divergence`,
`estimate_entropy_from_counts`), the multivariate measures (`estimate_total_correlation`,
`estimate_o_information`, ...), the partial information decomposition
(`estimate_partial_information_decomposition`), `independence_test`, and the information
dynamics of time series (`estimate_transfer_entropy`, `estimate_active_information_storage`,
`transfer_entropy_test`). Each takes discrete labels,
continuous values or a mix: discrete data are counted once (`infokit.estimators.discrete`)
and combined as entropies with a choice of bias-corrected estimators; continuous data go to
the kNN, spacing, Gaussian and copula estimators of `infokit.estimators.continuous`. Which
variables are discrete follows one rule, `is_discrete`.
"""

from infokit.estimators._frontends import (
    estimate_conditional_entropy,
    estimate_conditional_mutual_information,
    estimate_entropy,
    estimate_joint_entropy,
    estimate_kl_divergence,
    estimate_mutual_information,
)
from infokit.estimators.discrete.engine import estimate_entropy_from_counts
from infokit.estimators.independence import IndependenceTestResult, independence_test
from infokit.estimators.kinds import is_discrete
from infokit.estimators.multiplets import MultipletInformation, estimate_multiplet_information
from infokit.estimators.multivariate import (
    estimate_co_information,
    estimate_dual_total_correlation,
    estimate_o_information,
    estimate_s_information,
    estimate_total_correlation,
)
from infokit.estimators.partitions import (
    adjusted_mutual_information,
    completeness,
    homogeneity,
    normalized_mutual_information,
    v_measure,
    variation_of_information,
)
from infokit.estimators.pid import (
    PartialInformationDecompositionEstimate,
    estimate_partial_information_decomposition,
)
from infokit.estimators.timeseries import (
    estimate_active_information_storage,
    estimate_transfer_entropy,
    transfer_entropy_test,
)

__all__ = [
    "IndependenceTestResult",
    "MultipletInformation",
    "PartialInformationDecompositionEstimate",
    "adjusted_mutual_information",
    "completeness",
    "estimate_active_information_storage",
    "estimate_co_information",
    "estimate_conditional_entropy",
    "estimate_conditional_mutual_information",
    "estimate_dual_total_correlation",
    "estimate_entropy",
    "estimate_entropy_from_counts",
    "estimate_joint_entropy",
    "estimate_kl_divergence",
    "estimate_multiplet_information",
    "estimate_mutual_information",
    "estimate_o_information",
    "estimate_partial_information_decomposition",
    "estimate_s_information",
    "estimate_total_correlation",
    "estimate_transfer_entropy",
    "homogeneity",
    "independence_test",
    "is_discrete",
    "normalized_mutual_information",
    "transfer_entropy_test",
    "v_measure",
    "variation_of_information",
]
