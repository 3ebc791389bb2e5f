"""The discrete engine: counting, the entropy methods and their uncertainty.

Labels are factorised once and counted (`counting`); each method of the registry turns counts
into an entropy (`methods`, `nsb`, `pym`, `jvhw`, `unseen`) with a standard error and an
interval (`uncertainty`); `engine` combines entropies into MI and conditional quantities.
"""

from infokit.estimators.discrete.engine import DISCRETE_METHODS, DiscreteMethod

__all__ = ["DISCRETE_METHODS", "DiscreteMethod"]
