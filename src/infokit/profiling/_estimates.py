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
from infokit.estimators.discrete.chance import expected_mutual_information
from infokit.results import Estimate

__all__ = [
    "CountEstimates",
    "entropy_from_counts",
    "g_test_applies",
    "mutual_information_from_cells",
    "mutual_information_from_table",
]

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
        :math:`P(\chi^2_d \ge G / q)`, with Williams' correction :math:`q`.
    n_samples : int
        Number of pairs counted.
    expected : float
        :math:`E[\hat I_{\mathrm{plugin}}]` under independence given the margins.
    g_test_applies : bool
        Whether Cochran's rule holds for the table (`g_test_applies`).
    small_expected_fraction : float
        Fraction of the cells with an expected count below 5.
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
    expected: float = 0.0
    g_test_applies: bool = True
    small_expected_fraction: float = 0.0

    @property
    def above_chance(self) -> float:
        """Plug-in MI minus its expectation under independence (units of `base`)."""
        return self.plugin - self.expected


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


def g_test_applies(row_sums: FloatArray, column_sums: FloatArray) -> tuple[bool, float]:
    r"""Whether the G-test's :math:`\chi^2` law can be trusted for a table with these margins.

    Cochran's rule (1954), over every cell of the :math:`R \times C` table of the observed
    levels, observed or not: no expected count :math:`a_i b_j / N` below 1, and at most 20 %
    of them below 5. Counted without forming the table (a sort and a search per row).

    Returns
    -------
    (bool, float)
        Whether the rule holds, and the fraction of cells with an expected count below 5.
    """
    a = np.asarray(row_sums, dtype=np.float64)
    b = np.sort(np.asarray(column_sums, dtype=np.float64))
    n = float(a.sum())
    if a.size < 2 or b.size < 2:
        return True, 0.0
    small = np.searchsorted(b, 5.0 * n / a, side="left").sum()
    fraction = float(small) / (a.size * b.size)
    smallest = float(a.min() * b[0] / n)
    return bool(smallest >= 1.0 and fraction <= 0.2), fraction


def mutual_information_from_cells(
    x: np.ndarray[Any, Any],
    y: np.ndarray[Any, Any],
    counts: FloatArray,
    /,
    *,
    method: str,
    base: float,
    chance: bool = True,
) -> CountEstimates:
    r"""Estimate :math:`I(X; Y)` from the observed cells of a contingency table.

    Parameters
    ----------
    x, y : int arrays
        Codes ``0 .. R-1`` and ``0 .. C-1`` of the two values of each observed cell.
    counts : float array
        Count of each cell, each observed pair of codes once (cells of zero are ignored).
    method : str
        Entropy estimator for the three terms (``"miller_madow"``, ``"plugin"``, ...).
    base : float
        Logarithm base of the result.
    chance : bool, default=True
        Whether to compute the expected MI under independence (otherwise reported as 0).

    Returns
    -------
    CountEstimates
        Estimate, standard error, plug-in value, its expectation under independence, G
        statistic, degrees of freedom, p-value and whether the G-test's law applies.

    Notes
    -----
    :math:`\hat I = \hat H(X) + \hat H(Y) - \hat H(X, Y)`, each term from
    `estimate_entropy_from_counts` with the same `method`. Standard error (delta method):
    :math:`\sqrt{(\sum_{xy}\hat p_{xy}\log^2\frac{\hat p_{xy}}{\hat p_x \hat p_y} - \hat
    I^2)/N}`. G-test: :math:`G = 2N\hat I_{\mathrm{plugin}}` (nats; ``scipy.stats.
    chi2_contingency(table, lambda_="log-likelihood", correction=False)``'s statistic) with
    Williams' correction, :math:`G/q \sim \chi^2_{(R-1)(C-1)}` under independence, where
    :math:`q = 1 + (N\sum_i a_i^{-1} - 1)(N\sum_j b_j^{-1} - 1)/(6N(R-1)(C-1))` for row
    sums :math:`a_i` and column sums :math:`b_j` (Williams 1976; without it the G-test
    rejects too often in small tables); `g_test_applies` says whether to trust it. The
    expected plug-in MI under independence is exact (Vinh, Epps & Bailey 2010). Memory and
    time are linear in the number of observed cells.
    """
    x, y = np.asarray(x), np.asarray(y)
    counts = np.asarray(counts, dtype=np.float64)
    if not np.all(counts > 0):
        keep = counts > 0
        x, y, counts = x[keep], y[keep], counts[keep]
    a_full = np.bincount(x, weights=counts).astype(np.float64)
    b_full = np.bincount(y, weights=counts).astype(np.float64)
    a, b = a_full[a_full > 0], b_full[b_full > 0]
    n = float(counts.sum())
    hx, notes_x = entropy_from_counts(a, method=method, base=base)
    hy, notes_y = entropy_from_counts(b, method=method, base=base)
    hxy, notes_xy = entropy_from_counts(counts, method=method, base=base)
    scale = math.log(base)
    value = math.fsum([hx.value, hy.value, -hxy.value])
    log_ratio = counts * n
    log_ratio /= a_full[x]
    log_ratio /= b_full[y]
    np.log(log_ratio, out=log_ratio)
    weights = counts / n
    plugin = max(float(np.dot(weights, log_ratio)), 0.0)
    second = float(np.dot(weights * log_ratio, log_ratio))
    std_error = math.sqrt(max(second - plugin**2, 0.0) / n) / scale
    dof = (a.size - 1) * (b.size - 1)
    g = 2.0 * n * plugin
    p_value = 1.0
    if dof > 0:  # Williams' (1976) correction brings the chi-squared law closer in small tables
        q = 1.0 + (n * np.sum(1.0 / a) - 1.0) * (n * np.sum(1.0 / b) - 1.0) / (6.0 * n * dof)
        p_value = float(stats.chi2.sf(g / q, dof))
    expected = expected_mutual_information(a, b) if chance else 0.0
    applies, small = g_test_applies(a, b)
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
        expected=expected / scale,
        g_test_applies=applies,
        small_expected_fraction=small,
    )


def mutual_information_from_table(
    table: FloatArray, /, *, method: str, base: float
) -> CountEstimates:
    """Estimate :math:`I(X; Y)` from a dense table ``table[x, y]`` of counts.

    The dense form of `mutual_information_from_cells` (rows and columns without counts are
    dropped).
    """
    table = np.asarray(table, dtype=np.float64)
    x, y = np.nonzero(table)
    return mutual_information_from_cells(x, y, table[x, y], method=method, base=base)
