"""Standard errors and confidence intervals for the continuous estimators.

The naive bootstrap is invalid for nearest-neighbour estimators: resampling with replacement
duplicates points, so distances of zero appear and the estimate jumps (by about +0.7 nats for
KSG at rho = 0.6, N = 1000). infokit uses instead:

- ``"subsampling"`` (default for kNN methods): recompute the estimate on ``B`` random
  subsamples of ``b = f N`` rows drawn *without* replacement (no point is duplicated) and
  rescale their spread by the square-root rate, ``se = sd(theta_b) * sqrt(b / (N - b))`` --
  the ``sqrt(b / N)`` rate correction of subsampling [1]_ with the finite-population factor
  ``1 / sqrt(1 - b / N)``, exact for a mean. Intervals use Student's t with ``B - 1`` degrees
  of freedom, centred on the full-sample estimate. The plan (``B``, ``f``) is sized so that
  the error bar costs little next to the estimate (`subsampling_plan`):

  ========================  ===========================  ===============================
  samples N                 mutual information (KSG,     entropy and divergence
                            Ross, mixed, conditional)    (Kozachenko–Leonenko, kNN KL)
  ========================  ===========================  ===============================
  N < 5000                  40 of N/4 (about 9 estimates, under 0.05 s)
  5000 <= N < 20 000        12 of N/4 (about 2.5 est.)    40 of N/4
  20 000 <= N < 400 000     6 of N/4 (about 1.4 est.)     8 of N/16 (about 0.45 est.)
  N >= 400 000              8 of N/16 (about 0.45 est.)   8 of N/16
  ========================  ===========================  ===============================

  The smaller subsamples are used where they were measured to keep the interval's coverage
  (``benchmarks/accuracy_uncertainty.py``): the spread of KSG on subsamples of a few
  thousand rows under-states its error by 10-15% at low dependence (its variance shrinks
  faster than 1/b there), so mutual information keeps subsamples of N/4 until N/16 holds
  25 000 rows; the Kozachenko–Leonenko spread is right (within 5%) down to N/16.
- ``"block_jackknife"`` (default for the spacing, Gaussian and copula methods): split the
  samples at random into ``G = 10`` blocks, recompute leaving out one block at a time and
  take ``se^2 = (G - 1) / G * sum_g (theta_g - mean(theta))^2`` [2]_. On kNN estimators it
  over-estimates the error (by about 40% for KSG at N = 1000: deleting 10% of the points
  re-draws every neighbourhood, and the factor G - 1 amplifies that noise), so it is not
  their default.
- ``"local_terms"``: the standard deviation of the per-sample terms of a kNN estimator divided
  by ``sqrt(N)``; no recomputation. It ignores the correlation between the terms and
  under-estimates the error by 5-20%, so it is never chosen by ``"auto"``.
- ``"none"``: no error estimate (``std_error`` is NaN); for inner loops such as permutation
  tests and feature ranking, where only the value is used.

References
----------
.. [1] D. N. Politis, J. P. Romano and M. Wolf, *Subsampling*, Springer, 1999, Ch. 2.
.. [2] J. Shao and C. F. J. Wu, "A general theory for jackknife variance estimation",
   Annals of Statistics 17(3), 1176-1197, 1989.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray
from scipy import stats

from infokit._validation import check_choice
from infokit.errors import InvalidParameterError

__all__ = [
    "N_BLOCKS",
    "UNCERTAINTY_METHODS",
    "block_jackknife",
    "check_uncertainty",
    "interval",
    "kept_indices",
    "local_terms_std_error",
    "resolve_uncertainty",
    "subsample_fraction",
    "subsample_indices",
    "subsampling",
    "subsampling_plan",
]

#: Number of groups of the block jackknife.
N_BLOCKS = 10
#: Number of subsamples, and their size as a fraction of the sample, below `LARGE_SAMPLE`.
N_SUBSAMPLES = 40
SUBSAMPLE_FRACTION = 0.25
#: From this many samples on, the error bar uses fewer (and for some methods smaller)
#: subsamples: see the table of the module docstring.
LARGE_SAMPLE = 20_000
#: From this many samples on (and below `LARGE_SAMPLE`), mutual information uses
#: `MID_SUBSAMPLES` subsamples of N/4; the Student-t interval absorbs the noisier error.
MID_SAMPLE = 5_000
MID_SUBSAMPLES = 12
#: From this many samples on, mutual information uses the small subsamples too.
VERY_LARGE_SAMPLE = 400_000
#: Methods whose subsample spread stays right on subsamples of N/16 (measured).
SMALL_SUBSAMPLE_METHODS = frozenset({"kozachenko_leonenko", "weighted_kozachenko_leonenko", "knn"})
UNCERTAINTY_METHODS = ("auto", "subsampling", "block_jackknife", "local_terms", "none")


def check_uncertainty(uncertainty: object, level: float | None = None) -> str:
    """Check the `uncertainty` option (and that an interval asked for can be computed)."""
    uncertainty = check_choice(uncertainty, UNCERTAINTY_METHODS, name="uncertainty")
    if uncertainty == "none" and level is not None:
        msg = f"`ci`={level} needs a standard error; `uncertainty`='none' computes none."
        raise InvalidParameterError(msg)
    return uncertainty


def kept_indices(
    n_samples: int, rng: np.random.Generator, n_blocks: int = N_BLOCKS
) -> list[NDArray[np.intp]]:
    """Return, for each of `n_blocks` random blocks, the sorted indices that remain without it."""
    blocks = min(n_blocks, n_samples)
    labels = np.empty(n_samples, dtype=np.intp)
    labels[rng.permutation(n_samples)] = np.arange(n_samples) % blocks
    return [np.flatnonzero(labels != block) for block in range(blocks)]


def block_jackknife(replicates: Callable[[int], float], n_blocks: int) -> tuple[float, int]:
    """Return the delete-a-group jackknife standard error and its degrees of freedom.

    `replicates(g)` is the estimate computed without block ``g``.
    """
    values = np.array([replicates(block) for block in range(n_blocks)], dtype=np.float64)
    if not np.isfinite(values).all():
        return math.inf, n_blocks - 1
    spread = values - values.mean()
    variance = (n_blocks - 1) / n_blocks * float(np.sum(spread * spread))
    return math.sqrt(variance), n_blocks - 1


def local_terms_std_error(local_terms: NDArray[np.float64]) -> float:
    """Return ``std(local_terms) / sqrt(N)``."""
    n = local_terms.shape[0]
    return float(np.std(local_terms, ddof=1) / math.sqrt(n)) if n > 1 else math.inf


def interval(
    value: float, std_error: float, level: float | None, dof: int | None
) -> tuple[float, float] | None:
    """Return ``value -/+ q * std_error`` with q from Student's t (or the normal if no dof)."""
    if level is None:
        return None
    tail = 0.5 + level / 2
    quantile = float(stats.t.ppf(tail, dof) if dof else stats.norm.ppf(tail))
    return (value - quantile * std_error, value + quantile * std_error)


def resolve_uncertainty(
    uncertainty: str, *, knn: bool, n_samples: int, has_local_terms: bool, method: str
) -> str:
    """Return the error method that ``uncertainty`` means for this estimator."""
    if uncertainty == "local_terms" and not (knn and has_local_terms):
        msg = (
            f"`uncertainty`='local_terms' needs a kNN method; method {method!r} has no "
            "independent local terms. Use 'block_jackknife' or 'subsampling'."
        )
        raise InvalidParameterError(msg)
    if uncertainty != "auto":
        return uncertainty
    return "subsampling" if knn else "block_jackknife"


def subsampling_plan(n_samples: int, method: str) -> tuple[int, float]:
    """Return ``(number of subsamples, their fraction of the sample)`` for `method`.

    The table of the module docstring: 40 subsamples of N/4 below `MID_SAMPLE` rows; 12 of
    N/4 for mutual information (40 for entropy and divergence) below `LARGE_SAMPLE`; then 6
    of N/4 (mutual information) or 8 of N/16 (entropy, divergence), and 8 of N/16 for all
    from `VERY_LARGE_SAMPLE` rows on. Fewer subsamples give a noisier standard error, which
    the Student-t interval with B - 1 degrees of freedom accounts for.
    """
    if n_samples < MID_SAMPLE or (n_samples < LARGE_SAMPLE and method in SMALL_SUBSAMPLE_METHODS):
        return N_SUBSAMPLES, SUBSAMPLE_FRACTION
    if n_samples < LARGE_SAMPLE:
        return MID_SUBSAMPLES, SUBSAMPLE_FRACTION
    if method in SMALL_SUBSAMPLE_METHODS or n_samples >= VERY_LARGE_SAMPLE:
        return 8, 1 / 16
    return 6, SUBSAMPLE_FRACTION


def subsample_fraction(
    n_samples: int, min_rows: int, fraction: float = SUBSAMPLE_FRACTION
) -> float:
    """Return the subsample fraction: `fraction`, raised to keep `min_rows` rows."""
    if n_samples < 2:
        return 0.5
    smallest = min(n_samples - 1, max(min_rows, 2)) / n_samples
    return max(fraction, smallest)


def subsample_indices(
    n_samples: int, fraction: float, rng: np.random.Generator, n_subsamples: int = N_SUBSAMPLES
) -> list[NDArray[np.intp]]:
    """Return `n_subsamples` sorted random subsets of ``round(fraction * n)`` rows."""
    size = min(n_samples - 1, max(1, round(fraction * n_samples)))
    return [np.sort(rng.choice(n_samples, size, replace=False)) for _ in range(n_subsamples)]


def subsampling(
    replicates: Callable[[int], float], n_subsamples: int, fraction: float
) -> tuple[float, int]:
    """Return the subsampling standard error ``sd * sqrt(b / (n - b))`` and its dof."""
    values = np.array([replicates(index) for index in range(n_subsamples)], dtype=np.float64)
    if not np.isfinite(values).all():
        return math.inf, n_subsamples - 1
    spread = float(np.std(values, ddof=1))
    return spread * math.sqrt(fraction / (1 - fraction)), n_subsamples - 1
