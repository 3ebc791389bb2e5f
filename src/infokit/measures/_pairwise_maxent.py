r"""The maximum-entropy distribution of three variables with given pairwise marginals.

Ince's :math:`I_{\mathrm{ccs}}` evaluates its local quantities under the distribution of
largest entropy whose three pairwise marginals :math:`p(s_1, t)`, :math:`p(s_2, t)` and
:math:`p(s_1, s_2)` equal those of :math:`p`. Iterative proportional fitting (Deming and
Stephan 1940) started from the uniform distribution converges to it (Csiszár 1975): each
sweep rescales the table to match one marginal after the other. Cells where any of the three
marginals is 0 stay 0 from the start.

The marginals can force other cells to 0 as well (the AND gate: :math:`p(s_1{=}1, s_2{=}1)`
is taken up entirely by :math:`t = 1`), and IPF then approaches those zeros only as
:math:`1/k` after :math:`k` sweeps. When a first run does not converge quickly, the largest
support any distribution with these marginals can have is found with one linear program
(maximise :math:`\sum_c \min(q_c, 1)` over the cone :math:`\{q \ge 0 : A q = \lambda b\}`:
a cell that can be positive at all gets 1), and IPF is run again on it, where it converges
linearly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from infokit.errors import ConvergenceError

__all__ = ["MARGINAL_TOLERANCE", "MaximumEntropyFit", "pairwise_maximum_entropy"]

FloatArray = np.ndarray[Any, np.dtype[np.float64]]

#: Largest difference allowed between a fitted and a given marginal probability.
MARGINAL_TOLERANCE = 1e-14
#: Sweeps of the first run, on the support the marginals' zeros allow.
FIRST_SWEEPS = 100
#: Sweeps allowed on the largest support before giving up (a sweep fits each marginal once).
MAX_SWEEPS = 20_000
_CHECK_EVERY = 5


@dataclass(frozen=True)
class MaximumEntropyFit:
    """The fitted table and how close its marginals came."""

    q: FloatArray  # shape (n_s1, n_s2, n_t)
    sweeps: int
    marginal_error: float


def _ratio(target: FloatArray, current: FloatArray) -> FloatArray:
    """``target / current``, 0 where `current` is 0 (those cells are already 0)."""
    return np.divide(target, current, out=np.zeros_like(target), where=current > 0)


def _largest_support(
    support: np.ndarray[Any, Any], marginals: Sequence[tuple[FloatArray, tuple[int, ...]]]
) -> np.ndarray[Any, Any]:
    """Find the cells of `support` that some table with the given marginals makes positive."""
    from scipy import sparse
    from scipy.optimize import linprog

    cells = np.flatnonzero(support)
    n = cells.size
    rows, columns, right = [], [], []
    offset = 0
    for marginal, kept in marginals:
        index = np.ravel_multi_index(
            tuple(np.unravel_index(cells, support.shape)[axis] for axis in kept), marginal.shape
        )
        rows.append(offset + index)
        columns.append(np.arange(n))
        right.append(marginal.ravel())
        offset += marginal.size
    # variables: q (n), y (n), lambda; A q - lambda b = 0, y - q <= 0, 0 <= y <= 1
    b = np.concatenate(right)
    margins = sparse.csr_matrix(
        (np.ones(len(marginals) * n), (np.concatenate(rows), np.concatenate(columns))),
        shape=(offset, n),
    )
    equality = sparse.hstack([margins, sparse.csr_matrix((offset, n)), -b[:, None]])
    identity = sparse.identity(n)
    inequality = sparse.hstack([-identity, identity, sparse.csr_matrix((n, 1))])
    cost = np.concatenate([np.zeros(n), -np.ones(n), [0.0]])
    bounds = [(0, None)] * n + [(0, 1)] * n + [(0, None)]
    result = linprog(
        cost,
        A_ub=inequality,
        b_ub=np.zeros(n),
        A_eq=equality,
        b_eq=np.zeros(offset),
        bounds=bounds,
        method="highs",
    )
    if result.status != 0:  # pragma: no cover - the LP is feasible and bounded
        return support
    largest = np.zeros_like(support)
    largest.flat[cells[result.x[n : 2 * n] > 0.5]] = True
    return largest


def _fit(
    q: FloatArray,
    p_s1_t: FloatArray,
    p_s2_t: FloatArray,
    p_s1_s2: FloatArray,
    sweeps: int,
) -> tuple[FloatArray, int, float]:
    """Run up to `sweeps` IPF sweeps; return the table, the sweeps run and the error.

    The marginals are compared every `_CHECK_EVERY` sweeps (a check costs a sweep).
    """
    error = np.inf
    for sweep in range(1, sweeps + 1):
        q = q * _ratio(p_s1_t, q.sum(axis=1))[:, None, :]
        q = q * _ratio(p_s2_t, q.sum(axis=0))[None, :, :]
        q = q * _ratio(p_s1_s2, q.sum(axis=2))[:, :, None]
        if sweep % _CHECK_EVERY and sweep != sweeps:
            continue
        error = max(
            float(np.max(np.abs(q.sum(axis=1) - p_s1_t))),
            float(np.max(np.abs(q.sum(axis=0) - p_s2_t))),
        )
        if error <= MARGINAL_TOLERANCE:
            return q, sweep, error
    return q, sweeps, error


def pairwise_maximum_entropy(table: FloatArray) -> MaximumEntropyFit:
    """Fit the maximum-entropy table with the pairwise marginals of `table` (3-D).

    Raises `ConvergenceError` when the marginals are not matched within
    `MARGINAL_TOLERANCE` after `MAX_SWEEPS` sweeps on the largest support.
    """
    p_s1_t = table.sum(axis=1)
    p_s2_t = table.sum(axis=0)
    p_s1_s2 = table.sum(axis=2)
    support = (p_s1_t[:, None, :] > 0) & (p_s2_t[None, :, :] > 0) & (p_s1_s2[:, :, None] > 0)
    q, sweeps, error = _fit(support / support.sum(), p_s1_t, p_s2_t, p_s1_s2, FIRST_SWEEPS)
    if error <= MARGINAL_TOLERANCE:
        return MaximumEntropyFit(q, sweeps, error)
    marginals = [(p_s1_t, (0, 2)), (p_s2_t, (1, 2)), (p_s1_s2, (0, 1))]
    support = _largest_support(support, marginals)
    q, more, error = _fit(support / support.sum(), p_s1_t, p_s2_t, p_s1_s2, MAX_SWEEPS)
    if error <= MARGINAL_TOLERANCE:
        return MaximumEntropyFit(q, sweeps + more, error)
    msg = (
        f"the maximum-entropy distribution of I_ccs did not converge: after {MAX_SWEEPS} "
        f"sweeps of iterative proportional fitting its marginals are still {error:.3g} away "
        f"from the table's (tolerance {MARGINAL_TOLERANCE:g}). Pass a smoothed table, or use "
        "redundancy='williams_beer' or 'broja'."
    )
    raise ConvergenceError(msg)
