"""Numba kernels for exact low-dimensional max-norm k-NN and 1-D radius counts.

Imported lazily by `infokit.estimators.knn.search` when numba is installed (the ``fast`` extra);
without numba the kd-tree path of that module answers the same queries. Every kernel is
exact: it evaluates the same floating-point distance (``max(|dx|, |dy|)``) or predicate
(``|s - c| < r``) as the kd-tree and brute-force paths, so the results are bit-identical.

- `grid_kth_2d`: k-th neighbour max-norm distance in two dimensions on a uniform grid of
  about two points per cell. Each query searches rings of cells around its own until the
  k-th best distance is below the distance to the edge of the searched block (less a safety
  margin far above rounding), so no closer point can lie outside.
- `count_sorted_1d`: radius counts on sorted values by galloping binary searches that start
  from a bucket index, the centers processed in sorted order (cache-friendly).

Each kernel exists in a serial form (``nogil``: Python threads run it concurrently) and a
parallel form (``prange`` over chunks of queries). The parallel form is only ever entered by
one thread at a time (`parallel_slot`), since numba's default ``workqueue`` threading layer
must not be entered concurrently.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

try:
    from numba import njit, prange

    AVAILABLE = True
except ImportError:  # pragma: no cover - without the `fast` extra
    # The module stays importable (pytest collects every module for doctests), but
    # `infokit.estimators.knn.search` uses it only when AVAILABLE.
    AVAILABLE = False
    prange = range  # type: ignore[misc]

    def njit(*args: Any, **kwargs: Any) -> Any:  # type: ignore[no-redef]
        """Stand in for numba's decorator: leave the function as it is."""
        return lambda function: function


# Queries per parallel task: large enough to amortise the scratch buffer, small enough to
# balance the load of dense and sparse regions between threads.
_CHUNK = 4096
# Fewer queries than this run on one core. Measured at 10^5 points on 2 cores: threads cut
# the wall-clock time by 40-45% when the other core was free, and gained nothing when other
# processes kept both cores busy, at a cost in CPU time (OpenMP start-up and spinning) of
# 30% for the grid and the counts (35 ms of work for KSG) but 7% for the kd-tree of
# `infokit.estimators.knn.tree` (165 ms in 5-D), which has a lower threshold.
_MIN_PARALLEL = 1 << 17
# Wanted mean number of points in a point's cell (sum of squared cell counts over n): the
# k-NN query measured fastest at 3-5 on Gaussian data (10^5 and 10^6 points, k = 3).
_TARGET_LOAD = 4.0
# Up to this many kept distances, each candidate updates them with min/max and no jumps
# (candidates beat the k-th best at random, so a jump would be mispredicted often).
_BRANCH_FREE_RANK = 8

parallel_slot = threading.Lock()

# `njit` and `prange` are shared with `infokit.estimators.knn.tree` (stand-ins without numba).
__all__ = ["AVAILABLE", "count_sorted_1d", "grid_kth_2d", "njit", "parallel_slot", "prange"]


@njit(cache=True, nogil=True)
def _grid_geometry(x: Any, y: Any, g: int) -> Any:  # pragma: no cover - numba
    """Lower corner, cell widths and rounding margin of a g × g grid over the points."""
    x_low, x_high, y_low, y_high = x.min(), x.max(), y.min(), y.max()
    width_x = (x_high - x_low) / g
    width_y = (y_high - y_low) / g
    if not width_x > 0:
        width_x = 1.0
    if not width_y > 0:
        width_y = 1.0
    margin = 1e-10 * (max(abs(x_low), abs(x_high)) + max(abs(y_low), abs(y_high)))
    return np.array([x_low, y_low, width_x, width_y, margin])


@njit(cache=True, nogil=True, inline="always")
def _cell_of(xi: float, yi: float, bounds: Any, g: int) -> int:  # pragma: no cover - numba
    cx = min(int((xi - bounds[0]) / bounds[2]), g - 1)
    cy = min(int((yi - bounds[1]) / bounds[3]), g - 1)
    return cy * g + cx


@njit(cache=True, nogil=True)
def _grid_load(x: Any, y: Any, g: int) -> Any:  # pragma: no cover - numba
    """Sum over the cells of a g × g grid of the squared number of points in the cell."""
    bounds = _grid_geometry(x, y, g)
    counts = np.zeros(g * g, dtype=np.int32)
    for i in range(x.shape[0]):
        counts[_cell_of(x[i], y[i], bounds, g)] += 1
    load = 0
    for c in range(g * g):
        load += np.int64(counts[c]) * counts[c]
    return load


@njit(cache=True, nogil=True)
def _build_grid(x: Any, y: Any, g: int, start: Any) -> Any:  # pragma: no cover - numba
    """Counting-sort the points into a g × g grid; fill `start` (g² + 1 cell offsets).

    Returns the permutation to cell order, the sorted copies of x and y, and the grid
    geometry (`_grid_geometry`).
    """
    n = x.shape[0]
    bounds = _grid_geometry(x, y, g)
    cell = np.empty(n, dtype=np.int32)  # g <= 2^14, so g² fits
    for i in range(n):
        cell[i] = _cell_of(x[i], y[i], bounds, g)
        start[cell[i] + 1] += 1
    for c in range(g * g):
        start[c + 1] += start[c]
    position = start[:-1].copy()
    order = np.empty(n, dtype=np.int64)
    for i in range(n):
        order[position[cell[i]]] = i
        position[cell[i]] += 1
    xs = np.empty(n)
    ys = np.empty(n)
    for t in range(n):
        xs[t] = x[order[t]]
        ys[t] = y[order[t]]
    return order, xs, ys, bounds


@njit(cache=True, nogil=True)
def _query_range(  # pragma: no cover - numba
    qx: Any,
    qy: Any,
    first: int,
    stop: int,
    xs: Any,
    ys: Any,
    start: Any,
    bounds: Any,
    g: int,
    rank: int,
    target: Any,
    out: Any,
) -> None:
    """Write the `rank`-th smallest max-norm distance of query t to ``out[target[t]]``."""
    x_low, y_low, width_x, width_y, margin = bounds[0], bounds[1], bounds[2], bounds[3], bounds[4]
    best = np.empty(rank)
    for t in range(first, stop):
        xi = qx[t]
        yi = qy[t]
        # Clamp before converting: a query far outside the grid must not overflow an int.
        cx = int(min(max(np.floor((xi - x_low) / width_x), 0.0), g - 1.0))
        cy = int(min(max(np.floor((yi - y_low) / width_y), 0.0), g - 1.0))
        best[:] = np.inf
        slack = margin + 1e-10 * (abs(xi) + abs(yi))
        r = 0
        while True:
            for gy in range(max(cy - r, 0), min(cy + r, g - 1) + 1):
                row = gy * g
                # The cells of a row are contiguous in the sorted arrays: a new ring adds
                # whole top and bottom rows, and one cell at each end of the other rows.
                if gy == cy - r or gy == cy + r:
                    spans = ((max(cx - r, 0), min(cx + r, g - 1)), (1, 0))
                else:
                    spans = ((cx - r, cx - r), (cx + r, cx + r))
                for low_cell, high_cell in spans:
                    if low_cell < 0 or high_cell >= g or low_cell > high_cell:
                        continue
                    for j in range(start[row + low_cell], start[row + high_cell + 1]):
                        d = max(abs(xs[j] - xi), abs(ys[j] - yi))
                        if rank <= _BRANCH_FREE_RANK:
                            # Insert d into the sorted best list without a jump per
                            # candidate: slot m keeps min(best[m], max(best[m - 1], d)).
                            for m in range(rank - 1, 0, -1):
                                best[m] = min(best[m], max(best[m - 1], d))
                            best[0] = min(best[0], d)
                        elif d < best[rank - 1]:
                            m = rank - 1
                            while m > 0 and best[m - 1] > d:
                                best[m] = best[m - 1]
                                m -= 1
                            best[m] = d
            # Lower bound on the distance of any point outside the searched block.
            edge = np.inf
            if cx - r > 0:
                edge = min(edge, xi - (x_low + (cx - r) * width_x))
            if cx + r + 1 < g:
                edge = min(edge, x_low + (cx + r + 1) * width_x - xi)
            if cy - r > 0:
                edge = min(edge, yi - (y_low + (cy - r) * width_y))
            if cy + r + 1 < g:
                edge = min(edge, y_low + (cy + r + 1) * width_y - yi)
            if best[rank - 1] <= edge - slack or r >= g:
                break
            r += 1
        out[target[t]] = best[rank - 1]


@njit(cache=True, nogil=True)
def _grid_query_serial(  # pragma: no cover - numba
    qx: Any,
    qy: Any,
    xs: Any,
    ys: Any,
    start: Any,
    bounds: Any,
    g: int,
    rank: int,
    target: Any,
    out: Any,
) -> None:
    _query_range(qx, qy, 0, qx.shape[0], xs, ys, start, bounds, g, rank, target, out)


@njit(cache=True, parallel=True)
def _grid_query_parallel(  # pragma: no cover - numba
    qx: Any,
    qy: Any,
    xs: Any,
    ys: Any,
    start: Any,
    bounds: Any,
    g: int,
    rank: int,
    target: Any,
    out: Any,
) -> None:
    n = qx.shape[0]
    n_chunks = (n + _CHUNK - 1) // _CHUNK
    for chunk in prange(n_chunks):
        first = chunk * _CHUNK
        stop = min(first + _CHUNK, n)
        _query_range(qx, qy, first, stop, xs, ys, start, bounds, g, rank, target, out)


def _cells_per_axis(n: int, refinement: float) -> int:
    """About two points per cell of the bounding box, times `refinement`; at most 2n cells."""
    return max(1, int(min(np.sqrt(n / 2.0) * refinement, np.sqrt(2.0 * n), 1 << 14)))


def grid_kth_2d(
    points: Any, rank: int, *, queries: Any = None, parallel: bool, max_load: float = 64.0
) -> Any:
    """Return the `rank`-th smallest max-norm distance from each query to 2-D `points`.

    Without `queries`, the queries are `points` themselves and the point itself counts at
    distance 0 (so pass ``rank = k + 1`` for the k-th *other* point). Returns None when the
    points crowd into few cells (mean points per cell, weighted by points, above
    `max_load`): heavy tails or near-degenerate data, which a kd-tree handles better.
    """
    n = points.shape[0]
    x = np.ascontiguousarray(points[:, 0])
    y = np.ascontiguousarray(points[:, 1])
    cells_per_axis = _cells_per_axis(n, 1.0)
    load = _grid_load(x, y, cells_per_axis)
    if load > _TARGET_LOAD * n:  # refine where the points concentrate (a Gaussian's center)
        cells_per_axis = _cells_per_axis(n, np.sqrt(load / (_TARGET_LOAD * n)))
        if load > max_load * n:  # only then can the refined grid still be too crowded
            load = _grid_load(x, y, cells_per_axis)
    if load > max_load * n:
        return None
    # Offsets fit in 32 bits below 2^31 points: half the memory of the largest array.
    start = np.zeros(cells_per_axis**2 + 1, dtype=np.int32 if n < 2**31 - 1 else np.int64)
    order, xs, ys, bounds = _build_grid(x, y, cells_per_axis, start)
    del x, y
    if queries is None:
        qx, qy, target = xs, ys, order
    else:
        qx = np.ascontiguousarray(queries[:, 0])
        qy = np.ascontiguousarray(queries[:, 1])
        target = np.arange(qx.shape[0])
    out = np.empty(qx.shape[0])
    args = (qx, qy, xs, ys, start, bounds, cells_per_axis, rank, target, out)
    if parallel and qx.shape[0] > _MIN_PARALLEL and parallel_slot.acquire(blocking=False):
        try:
            _grid_query_parallel(*args)
        finally:
            parallel_slot.release()
    else:
        _grid_query_serial(*args)
    return out


@njit(cache=True, nogil=True, inline="always")
def _holds(s: float, r: float, kind: int) -> bool:  # pragma: no cover - numba
    """Evaluate boundary predicate `kind` of a count on ``s = value - center``."""
    if kind == 0:
        return s > -r
    if kind == 1:
        return s >= -r
    if kind == 2:
        return s >= r
    return s > r


@njit(cache=True, nogil=True)
def _first_holding(  # pragma: no cover - numba
    ordered: Any, c: float, r: float, kind: int, guess: int
) -> int:
    """First j with ``_holds(ordered[j] - c, r, kind)`` (n if none), galloping from `guess`.

    The predicate is monotone in j because ``fl(s_j - c)`` is non-decreasing in ``s_j``.
    Consecutive sorted centers have nearby answers, so the gallop takes a few steps.
    """
    n = ordered.shape[0]
    guess = min(max(guess, 0), n)
    if guess == n or _holds(ordered[guess] - c, r, kind):
        high = guess  # holds at high (or high is n): step left until it fails
        step = 1
        low = high - step
        while low >= 0 and _holds(ordered[low] - c, r, kind):
            high = low
            step *= 2
            low = high - step
        low = max(low, -1)  # fails at low (or low is -1)
    else:
        low = guess  # fails at low: step right until it holds
        step = 1
        high = low + step
        while high < n and not _holds(ordered[high] - c, r, kind):
            low = high
            step *= 2
            high = low + step
        high = min(high, n)
    while high - low > 1:  # fails at low, holds at high
        mid = (low + high) >> 1
        if _holds(ordered[mid] - c, r, kind):
            high = mid
        else:
            low = mid
    return high


@njit(cache=True, nogil=True)
def _bucket_index(ordered: Any, n_buckets: int) -> Any:  # pragma: no cover - numba
    """Position of the first value at or above each of `n_buckets` equal steps of the range.

    A guess for a binary search: the answer for a key in bucket b lies near ``index[b]``.
    """
    n = ordered.shape[0]
    low = ordered[0]
    width = (ordered[n - 1] - low) / n_buckets
    if not width > 0:
        width = 1.0
    index = np.empty(n_buckets + 1, dtype=np.int64)
    position = 0
    for b in range(n_buckets + 1):
        edge = low + b * width
        while position < n and ordered[position] < edge:
            position += 1
        index[b] = position
    return index, low, width


@njit(cache=True, nogil=True, inline="always")
def _guess(key: float, index: Any, low: float, width: float) -> int:  # pragma: no cover
    step = (key - low) / width
    if not step > 0:  # also NaN-safe
        return int(index[0])
    return int(index[min(int(step), index.shape[0] - 1)])


@njit(cache=True, nogil=True)
def _count_range(  # pragma: no cover - numba
    ordered: Any,
    centers: Any,
    radii: Any,
    center_order: Any,
    strict: bool,
    exclude_self: bool,
    first: int,
    stop: int,
    out: Any,
    index: Any,
    low_value: float,
    width: float,
) -> None:
    """Count ``|s - c| < r`` (``<=`` unless strict) for sorted centers first..stop-1."""
    low_kind, high_kind = (0, 2) if strict else (1, 3)
    for t in range(first, stop):
        row = center_order[t]
        c = centers[t]
        r = radii[row]
        # ``|s - c| < r`` is ``-r < s - c < r``: the count is the gap between two splits,
        # each found exactly by galloping from the bucket guess for ``c -/+ r``.
        low = _first_holding(ordered, c, r, low_kind, _guess(c - r, index, low_value, width))
        high = _first_holding(ordered, c, r, high_kind, _guess(c + r, index, low_value, width))
        count = max(high - low, 0)
        if exclude_self and (r > 0 or not strict):  # the center is one of the values
            count -= 1
        out[row] = count


@njit(cache=True, nogil=True)
def _count_serial(  # pragma: no cover - numba
    ordered: Any,
    centers: Any,
    radii: Any,
    center_order: Any,
    strict: bool,
    exclude_self: bool,
    n_buckets: int,
) -> Any:
    index, low_value, width = _bucket_index(ordered, n_buckets)
    out = np.empty(centers.shape[0], dtype=np.int64)
    _count_range(
        ordered,
        centers,
        radii,
        center_order,
        strict,
        exclude_self,
        0,
        centers.shape[0],
        out,
        index,
        low_value,
        width,
    )
    return out


@njit(cache=True, parallel=True)
def _count_parallel(  # pragma: no cover - numba
    ordered: Any,
    centers: Any,
    radii: Any,
    center_order: Any,
    strict: bool,
    exclude_self: bool,
    n_buckets: int,
) -> Any:
    index, low_value, width = _bucket_index(ordered, n_buckets)
    n = centers.shape[0]
    out = np.empty(n, dtype=np.int64)
    n_chunks = (n + _CHUNK - 1) // _CHUNK
    for chunk in prange(n_chunks):
        first = chunk * _CHUNK
        _count_range(
            ordered,
            centers,
            radii,
            center_order,
            strict,
            exclude_self,
            first,
            min(first + _CHUNK, n),
            out,
            index,
            low_value,
            width,
        )
    return out


def count_sorted_1d(
    ordered: Any,
    sorted_centers: Any,
    radii: Any,
    center_order: Any,
    *,
    strict: bool,
    exclude_self: bool,
    parallel: bool,
) -> Any:
    """Count, for each center, the sorted values within its radius (exact predicate).

    ``sorted_centers[t]`` is the center of row ``center_order[t]``; `radii` and the result
    are indexed by row. With `exclude_self` the centers are the values themselves and each
    does not count itself (as `infokit.estimators.knn.search.count_within` without `centers`).
    """
    if ordered.shape[0] == 0:
        return np.zeros(radii.shape[0], dtype=np.int64)
    n_buckets = max(1, ordered.shape[0] // 2)
    args = (
        ordered,
        sorted_centers,
        radii,
        center_order.astype(np.int64, copy=False),
        strict,
        exclude_self,
        n_buckets,
    )
    if parallel and radii.shape[0] > _MIN_PARALLEL and parallel_slot.acquire(blocking=False):
        try:
            return _count_parallel(*args)
        finally:
            parallel_slot.release()
    return _count_serial(*args)
