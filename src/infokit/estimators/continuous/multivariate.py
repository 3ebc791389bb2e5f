r"""Multivariate information from continuous samples: Gaussian, copula and kNN engines.

Every multivariate measure (total correlation, dual total correlation, O- and
S-information, co-information) is a signed sum :math:`\sum_k c_k H(X_{S_k})` of joint
entropies whose coefficients cancel for every variable, so additive constants of the
entropies drop out:

- ``"gaussian"``: :math:`H(X_S) \to \tfrac12 \log\det \hat\Sigma_{SS}` of the sample
  covariance; ``"gaussian_copula"``: the same on copula-normalised columns (each column's
  ranks mapped to standard-normal quantiles) with the bias correction of Ince et al. (2017)
  for each block, so two variables give exactly `estimate_mutual_information`'s copula value.
- ``"ksg"``: with :math:`H(X_S) = \sum_{i \in S} H(X_i) - \mathrm{TC}(X_S)`, the sum becomes
  :math:`-\sum_k c_k \mathrm{TC}(X_{S_k})`, each total correlation estimated by the
  multivariate KSG estimator (algorithm 1 of Kraskov et al. 2004, Eq. (9) generalised to
  m variables): :math:`\psi(k) + (m - 1)\psi(N) - \langle \sum_i \psi(n_i + 1)\rangle`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray
from scipy.special import digamma

from infokit._validation import make_rng
from infokit.errors import ShapeError
from infokit.estimators.continuous import common as _common
from infokit.estimators.continuous import gaussian
from infokit.estimators.continuous import samples as _samples
from infokit.estimators.continuous import uncertainty as _uncertainty
from infokit.estimators.continuous.samples import FloatArray
from infokit.estimators.knn.search import count_within, kth_neighbor_distances
from infokit.results import Estimate

if TYPE_CHECKING:
    from infokit.estimators._options import Options

__all__ = ["MULTIVARIATE_METHODS", "multivariate_information", "total_correlation_terms"]

MULTIVARIATE_METHODS = ("gaussian", "gaussian_copula", "ksg")

#: ``(coefficient, variables)``: one signed joint entropy of the quantity.
Term = tuple[float, tuple[int, ...]]


def total_correlation_terms(groups: Sequence[FloatArray], n_neighbors: int) -> FloatArray:
    """Local terms (nats) of the multivariate KSG total correlation of `groups`."""
    joint = np.hstack(list(groups))
    n = joint.shape[0]
    radii = kth_neighbor_distances(joint, n_neighbors, metric="chebyshev")
    local = np.full(n, float(digamma(n_neighbors)) + (len(groups) - 1) * float(digamma(n)))
    for group in groups:
        counts = count_within(group, radii, strict=True)
        local -= digamma(counts + 1.0)
    return local


def _block_half_log_det(
    covariance: FloatArray, index: NDArray[np.intp], n: int, *, corrected: bool
) -> float:
    block = covariance[np.ix_(index, index)]
    if corrected:
        return gaussian._corrected_half_log_det(block, n, what="a block of the samples")
    return 0.5 * gaussian._log_det(block, what="a block of the samples")


def _columns(widths: Sequence[int]) -> list[NDArray[np.intp]]:
    starts = np.cumsum([0, *widths])
    return [np.arange(starts[i], starts[i + 1]) for i in range(len(widths))]


def _gaussian_kernel(
    stacked: FloatArray,
    widths: Sequence[int],
    terms: Sequence[Term],
    method: str,
    generator: np.random.Generator,
) -> _common.Kernel:
    columns = _columns(widths)

    def kernel(rows: NDArray[np.intp]) -> tuple[float, FloatArray | None]:
        data = stacked[rows]
        if method == "gaussian_copula":
            data = gaussian.copula_normalize(data, generator)
        covariance = np.atleast_2d(np.cov(data, rowvar=False))
        n = data.shape[0]
        value = 0.0
        for coefficient, members in terms:
            index = np.concatenate([columns[m] for m in members])
            value += coefficient * _block_half_log_det(
                covariance, index, n, corrected=method == "gaussian_copula"
            )
        return value, None

    return kernel


def _ksg_kernel(
    stacked: FloatArray, widths: Sequence[int], terms: Sequence[Term], k: int
) -> _common.Kernel:
    columns = _columns(widths)

    def kernel(rows: NDArray[np.intp]) -> tuple[float, FloatArray | None]:
        data = stacked[rows]
        local = np.zeros(data.shape[0])
        for coefficient, members in terms:
            if len(members) > 1:  # a single variable's TC is 0
                groups = [data[:, columns[m]] for m in members]
                local -= coefficient * total_correlation_terms(groups, k)
        return float(local.mean()), local

    return kernel


def multivariate_information(
    variables: Sequence[object],
    terms_of: Callable[[int], Sequence[Term]],
    options: Options,
    *,
    constant_zero: bool,
) -> Estimate:
    """Estimate ``sum_k c_k H(X_{S_k})`` from continuous samples with `options` (resolved).

    ``terms_of(n)`` gives the terms of the quantity on n variables. A constant variable is
    dropped (TC, DTC, O- and S-information of the others are unchanged by it); with
    `constant_zero` (the co-information) it makes the whole quantity exactly 0.
    """
    generator = make_rng(options.rng)
    level = options.ci
    uncertainty = _uncertainty.check_uncertainty(options.uncertainty or "auto", level)
    method = "gaussian_copula" if options.method == "auto" else options.method
    arrays = [
        _samples.power_of_two_scale(_samples.as_samples(v, name=f"variables[{i}]"))
        for i, v in enumerate(variables)
    ]
    n = _common.check_same_length(**{f"variables[{i}]": a for i, a in enumerate(arrays)})
    arrays = [_common.drop_constant(a) for a in arrays]
    kept = [i for i, a in enumerate(arrays) if a.shape[1] > 0]
    if len(kept) < len(arrays) and (constant_zero or len(kept) < 2):
        return _common.zero_estimate(method, options.base, n, level, "a variable is constant")
    terms = terms_of(len(kept))
    arrays = [arrays[i] for i in kept]
    widths = [a.shape[1] for a in arrays]
    details: dict[str, object] = {"n_variables": len(arrays)}
    if method in ("gaussian", "gaussian_copula"):
        if n < sum(widths) + 2:
            msg = (
                f"method {method!r} needs more samples than joint dimensions + 1; got {n} "
                f"samples of {sum(widths)} dimensions."
            )
            raise ShapeError(msg)
        kernel = _gaussian_kernel(np.hstack(arrays), widths, terms, method, generator)
        min_rows = sum(widths) + 2
    else:
        k = _samples.check_n_neighbors(3 if options.n_neighbors is None else options.n_neighbors, n)
        _samples.warn_high_dimension(n, sum(widths), name="the joint samples")
        standardize = True if options.standardize is None else options.standardize
        action = f"multivariate information (method={method!r})"
        arrays = [
            _common.prepare_continuous(
                a,
                standardize=standardize,
                jitter=True,
                generator=generator,
                name=f"variables[{i}]",
                action=action,
            )
            for i, a in zip(kept, arrays, strict=True)
        ]
        kernel = _ksg_kernel(np.hstack(arrays), widths, terms, k)
        details.update(n_neighbors=k, standardize=standardize)
        min_rows = 2 * k + 2
    return _common.estimate_from_kernel(
        kernel,
        n,
        method=method,
        uncertainty=uncertainty,
        generator=generator,
        min_rows=min_rows,
        base=options.base,
        level=level,
        details=details,
        local=options.local,
    )
