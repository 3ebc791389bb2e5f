r"""Comparing two partitions of the same items (clusterings, labelings) by their information.

With :math:`n_{ij}` items in class :math:`i` of `x` and class :math:`j` of `y`, row sums
:math:`a_i`, column sums :math:`b_j` and :math:`N` items, every score here is a function of
the plug-in entropies :math:`H(X) = -\sum_i \frac{a_i}{N}\log\frac{a_i}{N}`, :math:`H(Y)` and
the plug-in mutual information :math:`I(X; Y) = \sum_{ij} \frac{n_{ij}}{N} \log\frac{N
n_{ij}}{a_i b_j}` of the contingency table, counted over its occupied cells only (memory
linear in :math:`N`). The definitions follow scikit-learn's `sklearn.metrics` (same special
cases), Vinh, Epps & Bailey (2010) for the normalised and adjusted forms, Meilă (2007) for
the variation of information, and Rosenberg & Hirschberg (2007) for the V-measure.
"""

from __future__ import annotations

import math
from typing import Literal

import numpy as np

from infokit._validation import check_choice
from infokit.errors import InvalidParameterError
from infokit.estimators.discrete.chance import expected_mutual_information
from infokit.estimators.discrete.counting import contingency_table, prepare_variables
from infokit.units import resolve_base

__all__ = [
    "adjusted_mutual_information",
    "completeness",
    "homogeneity",
    "normalized_mutual_information",
    "v_measure",
    "variation_of_information",
]

Average = Literal["arithmetic", "geometric", "min", "max"]
_AVERAGES = ("arithmetic", "geometric", "min", "max")


class _Partitions:
    """The plug-in entropies (nats) and the margins of two labelings' contingency table."""

    def __init__(self, x: object, y: object) -> None:
        variables, n = prepare_variables([x, y], ["x", "y"], nan_policy="raise")
        table = contingency_table(variables)
        self.n = n
        counts = table.counts.astype(np.float64)
        rows_of_cells, self.rows = table.group((0,))
        columns_of_cells, self.columns = table.group((1,))
        a = self.rows.astype(np.float64)[rows_of_cells]
        b = self.columns.astype(np.float64)[columns_of_cells]
        self.h_x = _entropy(self.rows, n)
        self.h_y = _entropy(self.columns, n)
        terms = (counts / n) * np.log((counts * n) / (a * b))
        terms[np.abs(terms) < np.finfo(np.float64).eps] = 0.0  # as scikit-learn
        self.mi = max(math.fsum(terms.tolist()), 0.0)

    @property
    def trivial(self) -> bool:
        """Both labelings put every item in one class (or there are none)."""
        return self.rows.size == self.columns.size == 1


def _entropy(counts: np.ndarray[tuple[int], np.dtype[np.int64]], n: int) -> float:
    p = counts.astype(np.float64) / n
    return max(-math.fsum((p * (np.log(counts.astype(np.float64)) - math.log(n))).tolist()), 0.0)


def _average(h_x: float, h_y: float, average: str) -> float:
    if average == "min":
        return min(h_x, h_y)
    if average == "max":
        return max(h_x, h_y)
    if average == "geometric":
        return math.sqrt(h_x * h_y)
    return (h_x + h_y) / 2.0


def _check_average(average: object) -> str:
    return check_choice(average, _AVERAGES, name="average")


def normalized_mutual_information(
    x: object, y: object, /, *, average: Average = "arithmetic"
) -> float:
    r"""Normalised mutual information of two labelings of the same items, in [0, 1].

    Parameters
    ----------
    x, y : array-like of labels, shape (n_samples,)
        Two partitions of the same items (integers, strings, any hashable labels; pandas
        and polars series too). Missing labels raise.
    average : {"arithmetic", "geometric", "min", "max"}, default="arithmetic"
        Mean of :math:`H(X)` and :math:`H(Y)` that normalises the mutual information.

    Returns
    -------
    float
        :math:`I(X; Y) / \mathrm{mean}(H(X), H(Y))`: 1 for identical partitions (up to the
        names of the classes), 0 for independent ones. Unitless. Two labelings that each put
        every item in one class give 1; otherwise zero mutual information gives 0.

    Notes
    -----
    Equal to ``sklearn.metrics.normalized_mutual_info_score(x, y,
    average_method=average)``. Not corrected for chance: many small clusters score well
    by chance alone; `adjusted_mutual_information` subtracts that.

    References
    ----------
    .. [1] N. X. Vinh, J. Epps and J. Bailey, "Information theoretic measures for clusterings
       comparison", *JMLR* 11, 2837–2854, 2010.

    Examples
    --------
    >>> normalized_mutual_information([0, 0, 1, 1], [1, 1, 0, 0])
    1.0
    >>> round(normalized_mutual_information([0, 0, 1, 1], [0, 1, 0, 1]), 12)
    0.0
    """
    average = _check_average(average)  # type: ignore[assignment]
    parts = _Partitions(x, y)
    if parts.trivial:
        return 1.0
    if parts.mi == 0.0:
        return 0.0
    return parts.mi / _average(parts.h_x, parts.h_y, average)


def adjusted_mutual_information(
    x: object, y: object, /, *, average: Average = "arithmetic"
) -> float:
    r"""Mutual information of two labelings adjusted for chance (AMI), at most 1.

    Parameters
    ----------
    x, y : array-like of labels, shape (n_samples,)
        Two partitions of the same items.
    average : {"arithmetic", "geometric", "min", "max"}, default="arithmetic"
        Mean of :math:`H(X)` and :math:`H(Y)` in the denominator.

    Returns
    -------
    float
        :math:`\frac{I - E[I]}{\mathrm{mean}(H(X), H(Y)) - E[I]}`, where :math:`E[I]` is the
        expected mutual information of two random labelings with the same class sizes
        (permutation model, exact: `infokit.estimators.discrete.chance.
        expected_mutual_information`). 1 for identical partitions, about 0 for independent
        ones (it can be negative). Unitless.

    Notes
    -----
    Equal to ``sklearn.metrics.adjusted_mutual_info_score(x, y, average_method=average)``
    (the same guard against a zero denominator). The expected MI is summed over the distinct
    pairs of class sizes and, for each, over the cell counts within 40 standard deviations
    of the hypergeometric mean, so 10^6 labels in 1000 x 1000 clusters take a fraction of a
    second.

    References
    ----------
    .. [1] N. X. Vinh, J. Epps and J. Bailey, "Information theoretic measures for clusterings
       comparison: variants, properties, normalization and correction for chance", *JMLR*
       11, 2837–2854, 2010.

    Examples
    --------
    >>> adjusted_mutual_information([0, 0, 1, 1, 2, 2], [1, 1, 0, 0, 2, 2])
    1.0
    >>> round(adjusted_mutual_information([0, 0, 0, 1, 1, 1], [0, 1, 2, 0, 1, 2]), 6)  # < chance
    -0.448189
    """
    average = _check_average(average)  # type: ignore[assignment]
    parts = _Partitions(x, y)
    if parts.trivial:
        return 1.0
    chance = expected_mutual_information(parts.rows, parts.columns)
    denominator = _average(parts.h_x, parts.h_y, average) - chance
    eps = float(np.finfo(np.float64).eps)
    denominator = min(denominator, -eps) if denominator < 0 else max(denominator, eps)
    return (parts.mi - chance) / denominator


def variation_of_information(x: object, y: object, /, *, base: float | str = math.e) -> float:
    r"""Variation of information between two labelings: a metric on partitions.

    Parameters
    ----------
    x, y : array-like of labels, shape (n_samples,)
        Two partitions of the same items.
    base : float or str, default=math.e
        Logarithm base of the result (``2``/``"bits"``, ``math.e``/``"nats"``).

    Returns
    -------
    float
        :math:`VI = H(X \mid Y) + H(Y \mid X) = H(X) + H(Y) - 2 I(X; Y) \ge 0`, in units of
        `base`: 0 exactly for identical partitions, at most :math:`\log N`.

    References
    ----------
    .. [1] M. Meilă, "Comparing clusterings — an information based distance", *Journal of
       Multivariate Analysis* 98, 873–895, 2007.

    Examples
    --------
    >>> variation_of_information([0, 0, 1, 1], [5, 5, 7, 7])
    0.0
    >>> variation_of_information([0, 0, 1, 1], [0, 1, 0, 1], base=2)  # H(X|Y) + H(Y|X)
    2.0
    """
    parts = _Partitions(x, y)
    value = max(parts.h_x + parts.h_y - 2.0 * parts.mi, 0.0)
    return value / math.log(resolve_base(base))


def _homogeneity_completeness(x: object, y: object) -> tuple[float, float]:
    parts = _Partitions(x, y)
    homogeneous = parts.mi / parts.h_x if parts.h_x else 1.0
    complete = parts.mi / parts.h_y if parts.h_y else 1.0
    return homogeneous, complete


def homogeneity(labels_true: object, labels_pred: object, /) -> float:
    r"""Homogeneity of a clustering: each cluster holds members of one class only, in [0, 1].

    Returns :math:`I(C; K) / H(C)` (1 when :math:`H(C) = 0`), with :math:`C` the classes
    `labels_true` and :math:`K` the clusters `labels_pred`; equal to
    ``sklearn.metrics.homogeneity_score``. Rosenberg & Hirschberg (2007).

    Examples
    --------
    >>> homogeneity([0, 0, 1, 1], [0, 0, 1, 2])  # splitting a class keeps clusters pure
    1.0
    """
    return _homogeneity_completeness(labels_true, labels_pred)[0]


def completeness(labels_true: object, labels_pred: object, /) -> float:
    r"""Completeness of a clustering: all members of a class are in one cluster, in [0, 1].

    Returns :math:`I(C; K) / H(K)` (1 when :math:`H(K) = 0`); equal to
    ``sklearn.metrics.completeness_score``. Rosenberg & Hirschberg (2007).

    Examples
    --------
    >>> completeness([0, 0, 1, 2], [0, 0, 1, 1])  # merging classes keeps them whole
    1.0
    """
    return _homogeneity_completeness(labels_true, labels_pred)[1]


def v_measure(labels_true: object, labels_pred: object, /, *, beta: float = 1.0) -> float:
    r"""V-measure: the weighted harmonic mean of homogeneity and completeness, in [0, 1].

    Returns :math:`\frac{(1 + \beta)\, h\, c}{\beta h + c}` (0 when :math:`h + c = 0`); with
    `beta` = 1 it equals the NMI with the arithmetic mean. Equal to
    ``sklearn.metrics.v_measure_score(labels_true, labels_pred, beta=beta)``.
    Rosenberg & Hirschberg (2007).

    Examples
    --------
    >>> round(v_measure([0, 0, 1, 1], [0, 0, 1, 2]), 6)
    0.8
    """
    if isinstance(beta, bool) or not isinstance(beta, int | float) or not beta > 0:
        msg = f"`beta` must be a positive number (the weight of completeness); got {beta!r}."
        raise InvalidParameterError(msg)
    h, c = _homogeneity_completeness(labels_true, labels_pred)
    if h + c == 0.0:
        return 0.0
    return (1.0 + beta) * h * c / (beta * h + c)
