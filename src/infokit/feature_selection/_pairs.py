r"""Mutual information between prepared blocks of columns, of any mix of kinds.

A *block* is one or more prepared columns taken together as one variable: its continuous
columns (standardised, without ties) and the joint code of its discrete columns. The
estimator follows the kinds:

- discrete with discrete: a discrete estimator on the joint codes
  (`infokit.estimators.estimate_mutual_information`);
- discrete with continuous: Ross's kNN estimator (`infokit.estimators.continuous.mixed`);
- continuous with continuous: KSG (`infokit.estimators.continuous.neighbors`);
- with ``method="gaussian_copula"``, continuous parts are compared by the Gaussian-copula
  estimator of Ince et al. instead (`infokit.estimators.continuous.gaussian`): the bias-corrected
  Gaussian MI of copula-normalised columns between continuous ones, and the Gaussian model
  :math:`H(X) - \sum_v p_v H(X \mid D = v)` with the same corrected entropies between a
  discrete :math:`D` and continuous :math:`X`. Perfectly dependent continuous columns (a
  singular covariance) are capped at :math:`\log N`;
- a block with both kinds, :math:`A = (A_d, A_c)`: the chain rule
  :math:`I(A; B) = I(A_d; B) + \sum_v p(A_d = v)\, I(A_c; B \mid A_d = v)`, each term by the
  rules above within the stratum :math:`A_d = v`. Strata with at most `n_neighbors` samples
  contribute nothing.

All values are in nats.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from infokit.feature_selection._data import Column

__all__ = [
    "Block",
    "CopulaMoments",
    "PairMethod",
    "block_mutual_information",
    "discrete_mutual_information",
    "ksg_terms",
    "local_std_error",
    "ross_terms",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]
PairMethod = Literal["knn", "gaussian_copula"]
#: A covariance whose determinant is below 1e-12 times the product of its variances is
#: treated as singular (perfectly dependent columns, up to rounding).
_SINGULAR_LOG = math.log(1e-12)


@dataclass(frozen=True, eq=False)
class Block:
    """Columns taken jointly: continuous values ``(n, d)`` and one joint discrete code."""

    continuous: FloatArray | None
    codes: IntArray | None
    size: int = 1

    @classmethod
    def of(cls, *columns: Column) -> Block:
        """Join prepared columns (constant ones carry nothing and are left out)."""
        values = [c.values for c in columns if c.values is not None and not c.constant]
        discrete = [c for c in columns if c.discrete and not c.constant]
        continuous = np.column_stack(values) if values else None
        codes: IntArray | None = None
        size = 1
        for column in discrete:
            assert column.codes is not None
            codes = column.codes if codes is None else codes * column.size + column.codes
            size *= column.size
        if codes is not None and len(discrete) > 1:  # keep the codes dense
            uniques, inverse = np.unique(codes, return_inverse=True)
            codes, size = np.asarray(inverse, dtype=np.intp).reshape(-1), int(uniques.size)
        return cls(continuous, codes, size)

    @property
    def empty(self) -> bool:
        return self.continuous is None and self.codes is None

    def rows(self, selection: IntArray) -> Block:
        continuous = None if self.continuous is None else self.continuous[selection]
        codes = None if self.codes is None else self.codes[selection]
        return Block(continuous, codes, self.size)


def local_std_error(local_terms: FloatArray) -> float:
    """``std(local_terms) / sqrt(N)`` (under-estimates kNN errors by 10-20%)."""
    n = local_terms.shape[0]
    return float(np.std(local_terms, ddof=1) / math.sqrt(n)) if n > 1 else 0.0


def discrete_mutual_information(
    a: IntArray, b: IntArray, /, *, method: str
) -> tuple[float, float, str]:
    """Value, standard error (nats) and method of the MI of two code arrays."""
    from infokit.estimators import estimate_mutual_information

    estimate = estimate_mutual_information(a, b, method=method, discrete=True)  # type: ignore[arg-type]
    return float(estimate.value), float(estimate.std_error), str(estimate.method)


def ross_terms(labels: IntArray, values: FloatArray, /, *, n_neighbors: int) -> FloatArray:
    """Local terms (nats) of Ross's estimate of I(labels; values); empty if undefined.

    Values with more than one column query their kd-trees on one thread: these calls run
    in this module's own thread pool, where thousands of small multi-threaded queries would
    spend most of their time starting threads.
    """
    from infokit.estimators.continuous.mixed import ross_mutual_information

    n = labels.shape[0]
    if n <= n_neighbors or np.all(labels == labels[0]):
        return np.zeros(0)
    if values.ndim == 1:
        values = values[:, None]
    workers = 1 if values.shape[1] > 1 else -1
    _, terms = ross_mutual_information(
        labels, values, n_neighbors=n_neighbors, metric="chebyshev", workers=workers
    )
    return np.asarray(terms, dtype=np.float64)


def ksg_terms(x: FloatArray, y: FloatArray, /, *, n_neighbors: int) -> FloatArray:
    """Local terms (nats) of the KSG estimate of I(x; y); empty if undefined.

    When one side is one-dimensional this goes through `ksg_mutual_information_many` with
    one thread (KSG is symmetric in x and y), whose kd-tree queries are single-threaded.
    """
    from infokit.estimators.continuous.neighbors import (
        ksg_mutual_information,
        ksg_mutual_information_many,
    )

    if x.shape[0] <= n_neighbors:
        return np.zeros(0)
    x = x[:, None] if x.ndim == 1 else x
    y = y[:, None] if y.ndim == 1 else y
    if y.shape[1] == 1 and x.shape[1] > 1:
        x, y = y, x
    if x.shape[1] == 1:
        _, terms = ksg_mutual_information_many(x, y, n_neighbors=n_neighbors, n_jobs=1)
        return np.asarray(terms[:, 0], dtype=np.float64)
    _, terms = ksg_mutual_information(x, y, n_neighbors=n_neighbors)
    return np.asarray(terms, dtype=np.float64)


def _mean(terms: FloatArray) -> float:
    return float(terms.mean()) if terms.shape[0] else 0.0


def _corrected_half_log_det(samples: FloatArray) -> float:
    """Bias-corrected ``log det(cov) / 2`` of `samples` (n, d), Eq. of Ince et al. 2017."""
    from scipy import special

    n, d = samples.shape
    centred = samples - samples.mean(axis=0)
    covariance = centred.T @ centred / (n - 1)
    sign, log_det = np.linalg.slogdet(covariance)
    # singular, up to rounding: a determinant 1e-12 below the product of the variances
    if sign <= 0 or log_det < float(np.sum(np.log(np.diag(covariance)))) + _SINGULAR_LOG:
        return -math.inf
    psi_terms = special.digamma((n - np.arange(1, d + 1)) / 2.0) / 2.0
    d_term = (math.log(2.0) - math.log(n - 1.0)) / 2.0
    return float(0.5 * log_det - d * d_term - np.sum(psi_terms))


def _copula_continuous(a: FloatArray, b: FloatArray) -> float:
    from infokit.errors import InvalidParameterError
    from infokit.estimators.continuous.gaussian import gaussian_copula_mutual_information

    n = a.shape[0]
    a = a[:, None] if a.ndim == 1 else a
    b = b[:, None] if b.ndim == 1 else b
    if n < a.shape[1] + b.shape[1] + 2:
        return 0.0
    joint = np.column_stack([a, b])
    if not math.isfinite(_corrected_half_log_det(joint)):
        return math.log(n)  # singular: perfectly dependent columns
    try:
        return min(float(gaussian_copula_mutual_information(a, b)), math.log(n))
    except InvalidParameterError:
        return math.log(n)


def _copula_class_conditional(labels: IntArray, values: FloatArray) -> float:
    """Gaussian-model MI of labels and copula-normalised values: H(X) - sum p_v H(X | v)."""
    n = labels.shape[0]
    values = values[:, None] if values.ndim == 1 else values
    d = values.shape[1]
    total = _corrected_half_log_det(values)
    if n < d + 2 or not math.isfinite(total):
        return 0.0 if n < d + 2 else math.log(n)
    conditional = 0.0
    for code in np.unique(labels):
        members = values[labels == code]
        weight = members.shape[0] / n
        if members.shape[0] < d + 2:  # too few to estimate: counts as uninformative
            conditional += weight * total
            continue
        inside = _corrected_half_log_det(members)
        conditional += weight * (inside if math.isfinite(inside) else total - math.log(n))
    return min(total - conditional, math.log(n))


def _half_log_det_2d(var_a: FloatArray, var_b: float, cov: FloatArray, n: int) -> FloatArray:
    """Corrected ``log det / 2`` of 2x2 covariances [[var_a, cov], [cov, var_b]] (n samples)."""
    from scipy import special

    det = var_a * var_b - cov * cov
    psi_terms = (special.digamma((n - 1) / 2.0) + special.digamma((n - 2) / 2.0)) / 2.0
    d_term = (math.log(2.0) - math.log(n - 1.0)) / 2.0
    singular = det <= math.exp(_SINGULAR_LOG) * var_a * var_b
    with np.errstate(divide="ignore", invalid="ignore"):
        half = 0.5 * np.log(np.where(singular, np.nan, det)) - 2 * d_term - psi_terms
    return np.asarray(half, dtype=np.float64)  # NaN where singular


class CopulaMoments:
    """Centred normal scores of continuous columns, overall and per class of a target.

    Computed once per fit, they give every Gaussian-copula term the greedy search needs as a
    matrix-vector product: I(f; s) of 1-D columns, I(f; Y) and I((f, s); Y) for discrete Y,
    for all columns f at once. The values equal the pairwise ``method="gaussian_copula"``
    estimates of `block_mutual_information` (the tests check it).
    """

    def __init__(self, scores: FloatArray, labels: IntArray | None = None) -> None:
        self.n = scores.shape[0]
        self.centred = scores - scores.mean(axis=0)
        self.variance = (self.centred * self.centred).sum(axis=0) / (self.n - 1)
        self.classes: list[tuple[int, FloatArray, FloatArray]] = []
        if labels is not None:
            for code in np.unique(labels):
                members = scores[labels == code]
                count = members.shape[0]
                centred = members - members.mean(axis=0)
                variance = (centred * centred).sum(axis=0) / max(count - 1, 1)
                self.classes.append((count, centred, variance))

    def redundancy(self, chosen: int) -> FloatArray:
        r"""Return I(f; chosen) for every column f (nats), capped at :math:`\log N`.

        For one dimension each the bias-corrected estimate reduces to
        :math:`-\tfrac12\log(1 - \rho^2) + \tfrac12[\psi(\tfrac{n-2}2) -
        \psi(\tfrac{n-1}2)]` with :math:`\rho` the correlation.
        """
        from scipy import special

        n = self.n
        covariance = self.centred[:, chosen] @ self.centred / (n - 1)
        correlation = covariance / np.sqrt(self.variance * self.variance[chosen])
        one_minus = np.maximum(1.0 - correlation * correlation, 0.0)
        correction = 0.5 * (special.digamma((n - 2) / 2.0) - special.digamma((n - 1) / 2.0))
        with np.errstate(divide="ignore"):
            values = -0.5 * np.log(one_minus) + correction
        return np.asarray(np.minimum(values, math.log(n)), dtype=np.float64)

    def relevance(self) -> FloatArray:
        """Return the Gaussian-model I(f; Y) of every column f and the discrete target."""
        total = _half_log_det_1d(self.variance, self.n)
        conditional = np.zeros_like(total)
        for count, _, variance in self.classes:
            weight = count / self.n
            if count < 3:  # fewer than d + 2 samples: counts as uninformative
                conditional += weight * total
                continue
            inside = _half_log_det_1d(variance, count)
            conditional += weight * np.where(np.isnan(inside), total - math.log(self.n), inside)
        values = np.minimum(total - conditional, math.log(self.n))
        return np.asarray(values, dtype=np.float64)

    def joint(self, chosen: int) -> FloatArray:
        """Return the Gaussian-model I((f, chosen); Y) of every column f (discrete Y)."""
        n = self.n
        covariance = self.centred[:, chosen] @ self.centred / (n - 1)
        total = _half_log_det_2d(self.variance, float(self.variance[chosen]), covariance, n)
        conditional = np.zeros_like(total)
        for count, centred, variance in self.classes:
            weight = count / n
            if count < 4:  # fewer than d + 2 samples: counts as uninformative
                conditional += weight * total
                continue
            inside_covariance = centred[:, chosen] @ centred / (count - 1)
            inside = _half_log_det_2d(
                variance, float(variance[chosen]), inside_covariance, int(count)
            )
            conditional += weight * np.where(np.isnan(inside), total - math.log(n), inside)
        capped = np.minimum(total - conditional, math.log(n))
        values = np.where(np.isnan(total), math.log(n), capped)
        return np.asarray(values, dtype=np.float64)


def _half_log_det_1d(variance: FloatArray, n: int) -> FloatArray:
    """Corrected ``log(variance) / 2`` (Ince et al.), NaN where the variance is 0."""
    from scipy import special

    d_term = (math.log(2.0) - math.log(n - 1.0)) / 2.0
    with np.errstate(divide="ignore", invalid="ignore"):
        half = 0.5 * np.log(np.where(variance > 0, variance, np.nan))
    return np.asarray(half - d_term - special.digamma((n - 1) / 2.0) / 2.0, dtype=np.float64)


def _pure(a: Block, b: Block, *, n_neighbors: int, discrete_method: str, method: str) -> float:
    """MI of two blocks that each hold a single kind."""
    if a.codes is not None and b.codes is not None:
        return discrete_mutual_information(a.codes, b.codes, method=discrete_method)[0]
    if b.codes is not None:
        a, b = b, a
    if a.codes is not None:
        assert b.continuous is not None
        if method == "gaussian_copula":
            if np.all(a.codes == a.codes[0]):
                return 0.0
            return _copula_class_conditional(a.codes, b.continuous)
        return _mean(ross_terms(a.codes, b.continuous, n_neighbors=n_neighbors))
    assert a.continuous is not None
    assert b.continuous is not None
    if method == "gaussian_copula":
        return _copula_continuous(a.continuous, b.continuous)
    return _mean(ksg_terms(a.continuous, b.continuous, n_neighbors=n_neighbors))


def block_mutual_information(
    a: Block, b: Block, /, *, n_neighbors: int, discrete_method: str, method: str = "knn"
) -> float:
    """Estimate I(a; b) in nats for blocks of any kinds (see the module notes)."""
    if a.empty or b.empty:
        return 0.0
    if b.codes is not None and b.continuous is not None:
        a, b = b, a
    if a.codes is None or a.continuous is None:
        return _pure(a, b, n_neighbors=n_neighbors, discrete_method=discrete_method, method=method)
    # Chain rule over the discrete part of `a`: I(A_d; B) + sum_v p_v I(A_c; B | A_d = v).
    options = {"n_neighbors": n_neighbors, "discrete_method": discrete_method, "method": method}
    total = block_mutual_information(Block(None, a.codes, a.size), b, **options)  # type: ignore[arg-type]
    continuous_part = Block(a.continuous, None)
    n = a.codes.shape[0]
    order = np.argsort(a.codes, kind="stable")
    boundaries = np.flatnonzero(np.diff(a.codes[order])) + 1
    for stratum in np.split(order, boundaries):
        if stratum.shape[0] <= n_neighbors + 1:
            continue
        part = continuous_part.rows(stratum)
        inside = b.rows(stratum)
        if inside.codes is not None and np.all(inside.codes == inside.codes[0]):
            inside = Block(inside.continuous, None)  # one label in the stratum carries nothing
        if inside.empty:
            continue
        total += stratum.shape[0] / n * block_mutual_information(part, inside, **options)  # type: ignore[arg-type]
    return total
