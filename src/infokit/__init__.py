"""infokit: information theory for machine learning and data science.

Exact measures of given distributions (entropy, cross-entropy, KL and Jensen–Shannon
divergence, mutual information, the predictive uncertainty of ensembles, ...) on NumPy,
PyTorch and JAX arrays, in any unit, at the top level, with BatchBALD batch selection, the
estimators from samples (`estimate_entropy`, `estimate_mutual_information`,
`independence_test`, ...), feature scores and the dataset profile. Subpackages, imported
on first use: `infokit.losses` (training losses), `infokit.bounds` (variational bounds on
mutual information from critic scores), `infokit.distributions` (parametric families,
closed forms), `infokit.estimators`, `infokit.feature_selection`, `infokit.splits`
(information gain of decision-tree splits), `infokit.profiling`, `infokit.report` and
`infokit.plots`.

>>> import infokit as ik
>>> round(float(ik.entropy([0.5, 0.1, 0.1, 0.1, 0.1, 0.1], base="bits")), 3)
2.161
"""

import importlib

from infokit import errors, units
from infokit.measures import (
    BatchSelection,
    PartialInformationDecomposition,
    RedundancyMeasure,
    binary_entropy,
    co_information,
    conditional_entropy,
    conditional_mutual_information,
    cross_entropy,
    dual_total_correlation,
    entropy,
    expected_entropy,
    interaction_information,
    jensen_shannon_divergence,
    joint_entropy,
    kl_divergence,
    mutual_information,
    normalize,
    o_information,
    partial_information_decomposition,
    perplexity,
    prediction_information,
    predictive_entropy,
    renyi_entropy,
    s_information,
    select_batch,
    self_information,
    total_correlation,
    tsallis_entropy,
)
from infokit.results import Estimate

__version__ = "0.1.0.dev0"

# Subpackages, and public names of heavier ones, that load on first attribute access, so
# `import infokit` stays light (the estimators need scipy.stats, the selector scikit-learn).
_LAZY_SUBMODULES = (
    "bounds",
    "data",
    "distributions",
    "estimators",
    "feature_selection",
    "losses",
    "plots",
    "profiling",
    "report",
    "splits",
)
_LAZY_NAMES = {
    "DataFrameProfile": "infokit.profiling",
    "IndependenceTestResult": "infokit.estimators",
    "MultipletInformation": "infokit.estimators",
    "MutualInformationScores": "infokit.feature_selection",
    "MutualInformationSelector": "infokit.feature_selection",
    "PartialInformationDecompositionEstimate": "infokit.estimators",
    "adjusted_mutual_information": "infokit.estimators",
    "completeness": "infokit.estimators",
    "estimate_active_information_storage": "infokit.estimators",
    "estimate_co_information": "infokit.estimators",
    "estimate_conditional_entropy": "infokit.estimators",
    "estimate_conditional_mutual_information": "infokit.estimators",
    "estimate_dual_total_correlation": "infokit.estimators",
    "estimate_entropy": "infokit.estimators",
    "estimate_entropy_from_counts": "infokit.estimators",
    "estimate_joint_entropy": "infokit.estimators",
    "estimate_kl_divergence": "infokit.estimators",
    "estimate_multiplet_information": "infokit.estimators",
    "estimate_mutual_information": "infokit.estimators",
    "estimate_o_information": "infokit.estimators",
    "estimate_partial_information_decomposition": "infokit.estimators",
    "estimate_s_information": "infokit.estimators",
    "estimate_total_correlation": "infokit.estimators",
    "estimate_transfer_entropy": "infokit.estimators",
    "homogeneity": "infokit.estimators",
    "independence_test": "infokit.estimators",
    "mutual_information_scores": "infokit.feature_selection",
    "normalized_mutual_information": "infokit.estimators",
    "profile_dataframe": "infokit.profiling",
    "transfer_entropy_test": "infokit.estimators",
    "v_measure": "infokit.estimators",
    "variation_of_information": "infokit.estimators",
}


def __getattr__(name: str) -> object:
    if name in _LAZY_SUBMODULES:
        return importlib.import_module(f"infokit.{name}")
    if name in _LAZY_NAMES:
        return getattr(importlib.import_module(_LAZY_NAMES[name]), name)
    msg = f"module 'infokit' has no attribute {name!r}"
    raise AttributeError(msg)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY_SUBMODULES) | set(_LAZY_NAMES))


__all__ = [
    "BatchSelection",
    "DataFrameProfile",
    "Estimate",
    "IndependenceTestResult",
    "MultipletInformation",
    "MutualInformationScores",
    "MutualInformationSelector",
    "PartialInformationDecomposition",
    "PartialInformationDecompositionEstimate",
    "RedundancyMeasure",
    "__version__",
    "adjusted_mutual_information",
    "binary_entropy",
    "co_information",
    "completeness",
    "conditional_entropy",
    "conditional_mutual_information",
    "cross_entropy",
    "dual_total_correlation",
    "entropy",
    "errors",
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
    "expected_entropy",
    "homogeneity",
    "independence_test",
    "interaction_information",
    "jensen_shannon_divergence",
    "joint_entropy",
    "kl_divergence",
    "mutual_information",
    "mutual_information_scores",
    "normalize",
    "normalized_mutual_information",
    "o_information",
    "partial_information_decomposition",
    "perplexity",
    "prediction_information",
    "predictive_entropy",
    "profile_dataframe",
    "renyi_entropy",
    "s_information",
    "select_batch",
    "self_information",
    "total_correlation",
    "transfer_entropy_test",
    "tsallis_entropy",
    "units",
    "v_measure",
    "variation_of_information",
]
