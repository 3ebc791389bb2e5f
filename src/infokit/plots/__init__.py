"""Matplotlib figures of information quantities (needs ``pip install 'infokit[plot]'``).

Every function draws on the `ax` it is given (a new figure when None) and returns the Axes;
matplotlib is imported only when a figure is drawn.
"""

from infokit.plots._concepts import (
    binary_entropy_curve,
    cross_entropy_decomposition,
    divergence_asymmetry,
    entropy_bars,
    loss_vs_probability,
    surprisal_curve,
)
from infokit.plots._estimators import estimator_convergence
from infokit.plots._information import (
    information_diagram,
    mutual_information_bars,
    mutual_information_heatmap,
)
from infokit.plots._multivariate import three_variable_information_diagram

__all__ = [
    "binary_entropy_curve",
    "cross_entropy_decomposition",
    "divergence_asymmetry",
    "entropy_bars",
    "estimator_convergence",
    "information_diagram",
    "loss_vs_probability",
    "mutual_information_bars",
    "mutual_information_heatmap",
    "surprisal_curve",
    "three_variable_information_diagram",
]
