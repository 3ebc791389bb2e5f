r"""The convex optimisation behind the BROJA decomposition (Bertschinger et al. 2014).

Given a joint table :math:`p(s_1, s_2, t)`, BROJA's unique, shared and synergistic parts all
follow from one number,

.. math:: m = \min_{q \in \Delta_p} I_q(T; S_1, S_2), \qquad
          \Delta_p = \{q : q(s_1, t) = p(s_1, t),\ q(s_2, t) = p(s_2, t)\}.

Since :math:`q(t)` is fixed on :math:`\Delta_p`, this is the maximum of the concave
:math:`H_q(T \mid S_1, S_2)` over a polytope: a convex problem. It is solved here by a
barrier (interior-point) method with Newton steps (Boyd and Vandenberghe 2004, Sec. 11.3):

- the polytope is parametrised exactly as :math:`q = q_0 + N x`, where
  :math:`q_0(s_1, s_2, t) = p(s_1 \mid t)\, p(s_2 \mid t)\, p(t)` lies in its relative
  interior and the columns of :math:`N` are the elementary moves of each target slice
  (:math:`+1` at :math:`(i_0, j_0)` and :math:`(i, j)`, :math:`-1` at :math:`(i_0, j)` and
  :math:`(i, j_0)`), which keep both margins; Newton's method is affine invariant, so this
  integer basis serves as well as an orthonormal one;
- the objective :math:`f(q) = \sum q \log(q / q(s_1, s_2)) = -H_q(T \mid S_1, S_2)` has the
  gradient :math:`\log q(t \mid s_1, s_2)` and a block-diagonal Hessian
  :math:`\operatorname{diag}(1/q) - \mathbf{1}\mathbf{1}^\top / q(s_1, s_2)` per source pair;
- each centring step minimises :math:`\tau f(q) - \sum \log q`; when centred, the duality
  gap is at most :math:`n_{\text{cells}} / \tau`, and :math:`\tau` grows until that is
  at most `GAP`;
- the result is then certified: a feasible point of the dual problem is built from it, and
  the gap between the primal value and that dual value (a rigorous lower bound on the
  minimum) must be at most `GAP` nats; while it is not, :math:`\tau` keeps growing, up to
  a thousand times further, and then `ConvergenceError` is raised. The returned
  minimum is thus within `GAP` of the true one, whatever the rounding in the iterations.

Only cells with :math:`p(s_1, t)\, p(s_2, t) > 0` can carry mass in :math:`\Delta_p`; the
others are left out of the problem.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from infokit.errors import ConvergenceError

__all__ = ["GAP", "BrojaSolution", "minimize_joint_information"]

FloatArray = np.ndarray[Any, np.dtype[np.float64]]

#: Certified bound (nats) on the distance of the returned minimum from the true minimum.
GAP = 1e-11
#: Factor by which the barrier weight grows between centring steps.
_GROWTH = 16.0
#: Newton steps allowed per centring, and stopping level of the Newton decrement.
_MAX_NEWTON = 100
_DECREMENT = 1e-13
#: The barrier weight stops growing when n_cells / weight reaches GAP times this.
_LAST_WEIGHT_FACTOR = 1e-3


@dataclass(frozen=True)
class BrojaSolution:
    """The optimal distribution of Delta_p and how it was certified."""

    q: FloatArray  # shape (n_s1, n_s2, n_t), the minimiser
    duality_gap: float  # nats, upper bound on f(q) - min f
    newton_steps: int
    free_dimensions: int  # dimension of Delta_p


def _moves(mask: np.ndarray[Any, Any]) -> list[tuple[int, ...]]:
    """Elementary moves of each target slice, as (i0, j0, i, j, k) on the allowed cells."""
    moves: list[tuple[int, ...]] = []
    for k in range(mask.shape[2]):
        rows = np.flatnonzero(mask[:, :, k].any(axis=1))
        cols = np.flatnonzero(mask[:, :, k].any(axis=0))
        # allowed cells of a slice form the full rectangle rows x cols (a product support)
        moves.extend(
            (int(rows[0]), int(cols[0]), int(i), int(j), k) for i in rows[1:] for j in cols[1:]
        )
    return moves


def _basis(mask: np.ndarray[Any, Any], cell_index: np.ndarray[Any, Any]) -> FloatArray:
    moves = _moves(mask)
    n_cells = int(mask.sum())
    basis = np.zeros((n_cells, len(moves)))
    for column, (i0, j0, i, j, k) in enumerate(moves):
        basis[cell_index[i0, j0, k], column] += 1.0
        basis[cell_index[i, j, k], column] += 1.0
        basis[cell_index[i0, j, k], column] -= 1.0
        basis[cell_index[i, j0, k], column] -= 1.0
    return basis


def _objective(q: FloatArray, pair: np.ndarray[Any, Any], n_pairs: int) -> float:
    """f(q) = sum q log(q / q(s1, s2)) on strictly positive q (nats)."""
    totals = np.bincount(pair, weights=q, minlength=n_pairs)
    return float(np.sum(q * np.log(q / totals[pair])))


def _barrier_value(q: FloatArray, weight: float, pair: np.ndarray[Any, Any], n_pairs: int) -> float:
    if np.any(q <= 0):
        return math.inf
    return weight * _objective(q, pair, n_pairs) - float(np.sum(np.log(q)))


def _slope(
    q: FloatArray, change: FloatArray, weight: float, pair: np.ndarray[Any, Any], n_pairs: int
) -> float:
    """Differentiate the barrier function along `change` at `q` (no cancellation)."""
    totals = np.bincount(pair, weights=q, minlength=n_pairs)
    return float(change @ (weight * np.log(q / totals[pair]) - 1.0 / q))


def _centre(
    q: FloatArray,
    weight: float,
    basis: FloatArray,
    pair: np.ndarray[Any, Any],
    pairs: FloatArray,
) -> tuple[FloatArray, int, bool]:
    """Minimise weight * f(q + N x) - sum log(q + N x) over x, from a strictly feasible q.

    Returns the centred q, the Newton steps taken and whether the Newton decrement fell
    below its threshold. The iterate is kept as q itself, not as x: cells that tend to 0 at
    the optimum keep their relative precision (q0 + N x would lose it to cancellation).
    """
    n_pairs = pairs.shape[0]
    grouped = pairs @ basis  # (n_pairs, k): sum of each column over a source pair
    for step in range(1, _MAX_NEWTON + 1):
        totals = np.bincount(pair, weights=q, minlength=n_pairs)
        gradient = basis.T @ (weight * np.log(q / totals[pair]) - 1.0 / q)
        # Hessian in q: diag(weight / q + 1 / q^2) - weight * P^T diag(1 / totals) P
        scaled = basis * np.sqrt(weight / q + 1.0 / q**2)[:, None]
        hessian = scaled.T @ scaled - weight * (grouped.T / totals) @ grouped
        try:
            direction = -np.linalg.solve(hessian, gradient)
        except np.linalg.LinAlgError:
            direction = -np.linalg.lstsq(hessian, gradient, rcond=None)[0]
        decrement = float(-(gradient @ direction))
        if decrement / 2 <= _DECREMENT:
            return q, step, True
        change = basis @ direction
        shrinking = change < 0
        size = 1.0
        if np.any(shrinking):
            size = min(1.0, 0.99 * float(np.min(-q[shrinking] / change[shrinking])))
        if size == 1.0 and decrement < 0.25:  # near the centre: the full Newton step
            q = q + change
            continue
        # Backtracking (Armijo). At large weights the barrier's value is too large for its
        # rounding to resolve the decrease, so a step along which the barrier still
        # descends (slope <= 0: convexity) is accepted too.
        value = _barrier_value(q, weight, pair, n_pairs)
        while size > 1e-16:
            trial = q + size * change
            if _barrier_value(trial, weight, pair, n_pairs) <= value - 0.25 * size * decrement:
                break
            if np.all(trial > 0) and _slope(trial, change, weight, pair, n_pairs) <= 0:
                break
            size *= 0.5
        else:  # no descent from here: centred as far as rounding allows
            return q, step, True
        q = q + size * change
    return q, _MAX_NEWTON, False


def _fit_slice(block: FloatArray, weights: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Weighted least-squares fit of ``block[i, j] ~ lam[i] + mu[j]`` (weights ``q``)."""
    n_rows, n_cols = block.shape
    design = np.zeros((n_rows * n_cols, n_rows + n_cols))
    rows, cols = np.divmod(np.arange(n_rows * n_cols), n_cols)
    design[np.arange(rows.size), rows] = 1.0
    design[np.arange(rows.size), n_rows + cols] = 1.0
    root = np.sqrt(weights.ravel())
    solution = np.linalg.lstsq(design * root[:, None], block.ravel() * root, rcond=None)[0]
    return solution[:n_rows], solution[n_rows:]


def _violations(lam: FloatArray, mu: FloatArray, mask: np.ndarray[Any, Any]) -> FloatArray:
    """``log sum_t exp(lam(s1, t) + mu(s2, t))`` per source pair; -inf for empty pairs."""
    exponents = np.where(mask, lam[:, None, :] + mu[None, :, :], -np.inf)
    present = mask.any(axis=2)
    peak = np.where(present, np.max(exponents, axis=2), 0.0)
    spread = np.sum(np.where(mask, np.exp(exponents - peak[:, :, None]), 0.0), axis=2)
    return np.where(present, peak + np.log(np.where(present, spread, 1.0)), -np.inf)


def _dual_bound(
    mask: np.ndarray[Any, Any],
    q: FloatArray,
    residual: FloatArray,
    p_s1_t: FloatArray,
    p_s2_t: FloatArray,
) -> float:
    r"""Bound min f from below by a feasible point of the dual problem (weak duality).

    The dual is :math:`\max \sum \lambda(s_1, t) p(s_1, t) + \sum \mu(s_2, t) p(s_2, t)`
    subject to :math:`\log \sum_t e^{\lambda(s_1, t) + \mu(s_2, t)} \le 0` for every source
    pair (the sum over allowed cells). At a centred point :math:`\lambda + \mu` equals
    `residual`, :math:`\log q(t \mid s) - 1 / (\tau q)`; it is fitted slice by slice (the
    allowed cells of a slice form a rectangle; weights `q`, so that cells that vanish at the
    optimum, whose constraints are slack, do not spoil the fit). Each :math:`\lambda(s_1,
    \cdot)`, then each :math:`\mu(s_2, \cdot)`, is shifted by its largest violation (up where
    the constraints are slack, down where rounding broke one), and a final shift makes the
    point feasible whatever the rounding, so the bound is rigorous.
    """
    full = np.zeros(mask.shape)
    full[mask] = residual
    weights = np.zeros(mask.shape)
    weights[mask] = q
    lam = np.zeros(p_s1_t.shape)
    mu = np.zeros(p_s2_t.shape)
    for k in range(mask.shape[2]):
        rows = np.flatnonzero(p_s1_t[:, k] > 0)
        cols = np.flatnonzero(p_s2_t[:, k] > 0)
        if rows.size == 0:
            continue
        cells = np.ix_(rows, cols)
        lam[rows, k], mu[cols, k] = _fit_slice(full[..., k][cells], weights[..., k][cells])
    active_rows = mask.any(axis=(1, 2))
    active_cols = mask.any(axis=(0, 2))
    row_shift = np.max(_violations(lam, mu, mask), axis=1, where=mask.any(axis=2), initial=-np.inf)
    lam -= np.where(active_rows, row_shift, 0.0)[:, None]
    col_shift = np.max(_violations(lam, mu, mask), axis=0, where=mask.any(axis=2), initial=-np.inf)
    mu -= np.where(active_cols, col_shift, 0.0)[:, None]
    shift = max(0.0, float(np.max(_violations(lam, mu, mask))))
    # p(s1, t) sums to 1, so lowering every lambda by `shift` lowers the bound by `shift`
    lam_used = np.where(p_s1_t > 0, lam, 0.0)
    mu_used = np.where(p_s2_t > 0, mu, 0.0)
    return float(np.sum(lam_used * p_s1_t) + np.sum(mu_used * p_s2_t)) - shift


def minimize_joint_information(table: FloatArray) -> BrojaSolution:
    """Return the q of Delta_p with the least I_q(T; S1, S2), for a 3-D table p(s1, s2, t).

    Raises `ConvergenceError` if a centring step does not converge or the certified
    duality gap stays above `GAP`.
    """
    p_s1_t = table.sum(axis=1)  # (n_s1, n_t)
    p_s2_t = table.sum(axis=0)  # (n_s2, n_t)
    p_t = table.sum(axis=(0, 1))
    mask = (p_s1_t[:, None, :] > 0) & (p_s2_t[None, :, :] > 0)
    safe_t = np.where(p_t > 0, p_t, 1.0)
    product = p_s1_t[:, None, :] * p_s2_t[None, :, :] / safe_t
    q = np.zeros_like(table)
    q0 = product[mask]
    cell_index = np.full(table.shape, -1, dtype=np.intp)
    cell_index[mask] = np.arange(q0.size)
    basis = _basis(mask, cell_index)
    if basis.shape[1] == 0:  # Delta_p is a single point
        q[mask] = q0
        return BrojaSolution(q, 0.0, 0, 0)
    n_s2 = table.shape[1]
    i_idx, j_idx, _ = np.nonzero(mask)
    codes, pair = np.unique(i_idx * n_s2 + j_idx, return_inverse=True)
    pairs = np.zeros((codes.size, q0.size))
    pairs[pair, np.arange(q0.size)] = 1.0
    cells = q0
    weight, steps, gap = 1.0, 0, math.inf
    while True:
        cells, used, centred = _centre(cells, weight, basis, pair, pairs)
        steps += used
        if q0.size / weight <= GAP:  # the barrier's own bound allows GAP: certify
            totals = np.bincount(pair, weights=cells, minlength=codes.size)
            residual = np.log(cells / totals[pair]) - 1.0 / (weight * cells)
            bound = _dual_bound(mask, cells, residual, p_s1_t, p_s2_t)
            gap = max(0.0, _objective(cells, pair, codes.size) - bound)
            if gap <= GAP:
                break
        if q0.size / weight <= GAP * _LAST_WEIGHT_FACTOR:
            why = "" if centred else " (the last Newton centring did not converge)"
            msg = (
                f"the BROJA optimisation did not reach its tolerance: the certified duality "
                f"gap is {gap:.3g} nats, above {GAP:g}, after {steps} Newton steps{why}. The "
                "table may be too degenerate for the interior-point solver; pass a smoothed "
                "table, or use redundancy='williams_beer' or 'ccs'."
            )
            raise ConvergenceError(msg)
        weight *= _GROWTH
    q[mask] = cells
    return BrojaSolution(q, gap, steps, basis.shape[1])
