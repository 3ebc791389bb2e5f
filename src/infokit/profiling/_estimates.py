r"""Information estimates from count tables, the output of a group-by inside an engine.

The engines return small tables of counts; everything here works on those tables only, so it
costs the same for a thousand rows as for a billion. Marginal and joint entropies go through
`infokit.estimators.estimate_entropy_from_counts` with one bias correction for all three terms,
and the mutual information is their combination :math:`I = H(X) + H(Y) - H(X, Y)`.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import stats

from infokit.estimators import estimate_entropy_from_counts
from infokit.measures import mutual_information
from infokit.results import Estimate

__all__ = ["CountEstimates", "entropy_from_counts", "mutual_information_from_table"]

FloatArray = np.ndarray[Any, np.dtype[np.float64]]


@dataclass(frozen=True)
class CountEstimates:
    r"""Mutual information of a contingency table, with its test of independence.

    Attributes
    ----------
    value, std_error : float
        Bias-corrected mutual information and its delta-method standard error (units of `base`).
    plugin : float
        Plug-in mutual information (units of `base`).
    g_statistic : float
        :math:`G = 2 N \hat I_{\mathrm{plugin}}` (plug-in in nats).
    degrees_of_freedom : int
        :math:`(|X| - 1)(|Y| - 1)` over the categories observed.
    p_value : float
        :math:`P(\chi^2_d \ge G)`.
    n_samples : int
        Number of pairs counted.
    notes : tuple of str
        Warnings raised by the entropy estimators (e.g. undersampling).
    """

    value: float
    std_error: float
    plugin: float
    g_statistic: float
    degrees_of_freedom: int
    p_value: float
    n_samples: int
    notes: tuple[str, ...] = ()


def entropy_from_counts(
    counts: FloatArray, /, *, method: str, base: float
) -> tuple[Estimate, tuple[str, ...]]:
    """Estimate an entropy from counts, turning estimator warnings into notes.

    Zero counts are dropped and the rest sorted, so that engines returning the groups in
    different orders give bit-for-bit the same sums.
    """
    counts = np.sort(np.asarray(counts, dtype=np.float64).ravel())
    counts = counts[counts > 0]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        estimate = estimate_entropy_from_counts(counts, method=method, base=base)  # type: ignore[arg-type]
    return estimate, tuple(str(w.message) for w in caught)


def _plugin_terms(table: FloatArray) -> tuple[float, float]:
    """Plug-in MI (nats) and the mean of the squared log-ratio, for the delta method."""
    n = float(table.sum())
    joint = table / n
    px = joint.sum(axis=1, keepdims=True)
    py = joint.sum(axis=0, keepdims=True)
    occupied = joint > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(occupied, np.log(np.where(occupied, joint, 1.0) / (px * py)), 0.0)
    plugin = float(mutual_information(joint))
    second = float(np.sum(joint * ratio**2))
    return plugin, second


def mutual_information_from_table(
    table: FloatArray, /, *, method: str, base: float
) -> CountEstimates:
    r"""Estimate :math:`I(X; Y)` from the contingency table ``table[x, y]`` of counts.

    Parameters
    ----------
    table : array of shape (n_x, n_y)
        Counts of each pair of categories (rows and columns with no counts are dropped).
    method : str
        Entropy estimator for the three terms (``"miller_madow"``, ``"plugin"``, ...).
    base : float
        Logarithm base of the result.

    Returns
    -------
    CountEstimates
        Estimate, standard error, plug-in value, G statistic, degrees of freedom, p-value.

    Notes
    -----
    :math:`\hat I = \hat H(X) + \hat H(Y) - \hat H(X, Y)`, each term from
    `estimate_entropy_from_counts` with the same `method`. Standard error (delta method):
    :math:`\sqrt{(\sum_{xy}\hat p_{xy}\log^2\frac{\hat p_{xy}}{\hat p_x \hat p_y} - \hat
    I^2)/N}`. G-test: :math:`2N\hat I_{\mathrm{plugin}} \sim \chi^2_{(|X|-1)(|Y|-1)}` under
    independence (Wilks 1938), equal to ``scipy.stats.chi2_contingency(table,
    lambda_="log-likelihood", correction=False)``.
    """
    table = np.asarray(table, dtype=np.float64)
    table = table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0]
    n = float(table.sum())
    hx, notes_x = entropy_from_counts(table.sum(axis=1), method=method, base=base)
    hy, notes_y = entropy_from_counts(table.sum(axis=0), method=method, base=base)
    hxy, notes_xy = entropy_from_counts(table, method=method, base=base)
    scale = math.log(base)
    value = math.fsum([hx.value, hy.value, -hxy.value])
    plugin, second = _plugin_terms(table)
    std_error = math.sqrt(max(second - plugin**2, 0.0) / n) / scale
    dof = (table.shape[0] - 1) * (table.shape[1] - 1)
    g = 2.0 * n * plugin
    p_value = float(stats.chi2.sf(g, dof)) if dof > 0 else 1.0
    notes = tuple(dict.fromkeys(notes_x + notes_y + notes_xy))
    return CountEstimates(
        value=value,
        std_error=std_error,
        plugin=plugin / scale,
        g_statistic=g,
        degrees_of_freedom=dof,
        p_value=p_value,
        n_samples=int(n),
        notes=notes,
    )
