"""Feature selection by mutual information, inside scikit-learn's API (the `sklearn` extra).

- `mutual_information_scores`: the mutual information of each feature with the target, with
  standard errors, for discrete, continuous or mixed columns; pass it as `score_func` to
  scikit-learn's `SelectKBest` or `SelectPercentile`.
- `MutualInformationSelector`: greedy forward selection by mRMR, JMI or CMIM, a scikit-learn
  transformer (`Pipeline`, `GridSearchCV`, `clone`; pandas and polars input).

scikit-learn is imported only when `MutualInformationSelector` is first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from infokit.feature_selection.scores import MutualInformationScores, mutual_information_scores

if TYPE_CHECKING:
    from infokit.feature_selection.selector import MutualInformationSelector

__all__ = ["MutualInformationScores", "MutualInformationSelector", "mutual_information_scores"]


def __getattr__(name: str) -> Any:
    """Import the selector (and with it scikit-learn) on first use."""
    if name == "MutualInformationSelector":
        from infokit.feature_selection.selector import MutualInformationSelector

        return MutualInformationSelector
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)
