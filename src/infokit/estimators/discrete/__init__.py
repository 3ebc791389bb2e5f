"""The discrete engine: counting, the entropy methods and their uncertainty.

Labels are factorised once and counted (`counting`); each method of the registry (`registry`)
turns counts into an entropy (`methods`, `nsb`, `pym`, `jvhw`, `unseen`) with a standard error
and an interval (`uncertainty`); `engine` combines entropies into MI and conditional quantities.
"""

from infokit.estimators.discrete.registry import (
    DISCRETE_METHODS,
    DiscreteMethod,
    DiscreteMethodSpec,
    discrete_method,
    discrete_method_names,
    register_discrete_method,
)

__all__ = [
    "DISCRETE_METHODS",
    "DiscreteMethod",
    "DiscreteMethodSpec",
    "discrete_method",
    "discrete_method_names",
    "register_discrete_method",
]
