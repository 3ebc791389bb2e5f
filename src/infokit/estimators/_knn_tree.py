"""Numba kd-tree for exact max-norm k-NN in any dimension.

Imported lazily by `infokit.estimators._knn` when numba is installed (the ``fast`` extra).
Sliding-midpoint splits down to leaves of `_LEAF` points; a query walks the tree depth
first, nearer child first, and skips a far subtree when ``|q - split|`` along the split axis
already reaches its k-th best distance. That bound holds exactly in floating point (the
rounded difference is monotone), so the distances are bit-identical to cKDTree's.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from infokit.estimators._knn_numba import (
    _BRANCH_FREE_RANK,
    _CHUNK,
    njit,
    parallel_slot,
    prange,
)

# Fewer queries than this run on one core (see `infokit.estimators._knn_numba`).
_MIN_PARALLEL_TREE = 1 << 15

# Measured on 10^5 5-D Gaussian points (k = 3, one core): 0.20-0.21 s of CPU against
# 0.44-0.47 s for the Morton-sorted cKDTree and 0.26-0.33 s for pykdtree (Euclidean);
# leaves of 8 to 32 points were within 10%. In 2-D the grid is twice as fast as this tree.

_LEAF = 16
# Node arrays are sized for the worst case (2n nodes, about 100 bytes per point): the caller
# sends more than 10^6 points to cKDTree instead.


@njit(cache=True, nogil=True)
def _build_tree(points: Any) -> Any:  # pragma: no cover - numba
    """Split at the midpoint of the widest side until leaves hold at most _LEAF points.

    Returns the permutation to tree order and, per node: first and stop positions, split
    axis (-1 for a leaf), split value and child indices. The left child holds the points
    with ``value < split``, the right child ``value >= split``.
    """
    n, d = points.shape
    order = np.arange(n)
    capacity = 2 * n + 1  # every leaf holds at least one point
    first = np.empty(capacity, dtype=np.int64)
    stop = np.empty(capacity, dtype=np.int64)
    axis = np.full(capacity, -1, dtype=np.int64)
    split = np.zeros(capacity)
    left = np.full(capacity, -1, dtype=np.int64)
    right = np.full(capacity, -1, dtype=np.int64)
    first[0], stop[0] = 0, n
    n_nodes = 1
    stack = np.empty(capacity, dtype=np.int64)
    stack[0] = 0
    depth = 1
    level = np.zeros(capacity, dtype=np.int64)
    deepest = 0
    low = np.empty(d)
    high = np.empty(d)
    while depth > 0:
        depth -= 1
        node = stack[depth]
        a, b = first[node], stop[node]
        if b - a <= _LEAF:
            continue
        for j in range(d):
            low[j] = np.inf
            high[j] = -np.inf
        for t in range(a, b):
            for j in range(d):
                v = points[order[t], j]
                low[j] = min(low[j], v)
                high[j] = max(high[j], v)
        widest = 0
        for j in range(1, d):
            if high[j] - low[j] > high[widest] - low[widest]:
                widest = j
        if not high[widest] > low[widest]:
            continue  # all points equal: one leaf
        cut = 0.5 * (low[widest] + high[widest])
        if not cut > low[widest]:  # adjacent floats: split off the maximum instead
            cut = high[widest]
        i, j2 = a, b - 1
        while i <= j2:  # partition: value < cut first
            if points[order[i], widest] < cut:
                i += 1
            else:
                order[i], order[j2] = order[j2], order[i]
                j2 -= 1
        axis[node] = widest
        split[node] = cut
        for child, (c_first, c_stop) in enumerate(((a, i), (i, b))):
            first[n_nodes], stop[n_nodes] = c_first, c_stop
            if child == 0:
                left[node] = n_nodes
            else:
                right[node] = n_nodes
            level[n_nodes] = level[node] + 1
            deepest = max(deepest, level[n_nodes])
            stack[depth] = n_nodes
            depth += 1
            n_nodes += 1
    return (
        order,
        first[:n_nodes].copy(),
        stop[:n_nodes].copy(),
        axis[:n_nodes].copy(),
        split[:n_nodes].copy(),
        left[:n_nodes].copy(),
        right[:n_nodes].copy(),
        deepest,
    )


@njit(cache=True, nogil=True)
def _tree_query_range(  # pragma: no cover - numba
    queries: Any,
    a: int,
    b: int,
    tree_points: Any,
    first: Any,
    stop: Any,
    axis: Any,
    split: Any,
    left: Any,
    right: Any,
    rank: int,
    deepest: int,
    out: Any,
) -> None:
    """`rank`-th smallest max-norm distance from queries a..b-1 to the tree's points."""
    d = queries.shape[1]
    best = np.empty(rank)
    size = 2 * deepest + 2  # the walk holds at most one far sibling per level, plus one
    stack_node = np.empty(size, dtype=np.int64)
    stack_bound = np.empty(size)
    previous_kth = np.inf
    for q in range(a, b):
        # The previous query's `rank` nearest points are within its k-th distance plus the
        # gap between the two queries (triangle inequality), so this query's k-th distance
        # is too: start from that bound, enlarged far beyond rounding, so that every point
        # at or below the true k-th distance still enters the list.
        ceiling = np.inf
        if q > a:
            gap = 0.0
            for j in range(d):
                gap = max(gap, abs(queries[q, j] - queries[q - 1, j]))
            ceiling = (previous_kth + gap) * (1.0 + 1e-9) + 1e-300
        best[:] = ceiling
        stack_node[0] = 0
        stack_bound[0] = 0.0
        depth = 1
        while depth > 0:
            depth -= 1
            node = stack_node[depth]
            bound = stack_bound[depth]
            if bound >= best[rank - 1]:
                continue  # nothing in there can be closer than the current k-th
            ax = axis[node]
            if ax < 0:
                for t in range(first[node], stop[node]):
                    dist = 0.0
                    for j in range(d):
                        dist = max(dist, abs(tree_points[t, j] - queries[q, j]))
                    if rank <= _BRANCH_FREE_RANK:  # as in `_query_range`
                        for m in range(rank - 1, 0, -1):
                            best[m] = min(best[m], max(best[m - 1], dist))
                        best[0] = min(best[0], dist)
                    elif dist < best[rank - 1]:
                        m = rank - 1
                        while m > 0 and best[m - 1] > dist:
                            best[m] = best[m - 1]
                            m -= 1
                        best[m] = dist
                continue
            gap = queries[q, ax] - split[node]
            if gap < 0:
                near, far, gap = left[node], right[node], -gap
            else:
                near, far = right[node], left[node]
            # Points across the split are at least |q - split| away along this axis: the
            # rounded difference is monotone, so the bound holds in floating point too.
            stack_node[depth] = far
            stack_bound[depth] = max(bound, gap)
            stack_node[depth + 1] = near
            stack_bound[depth + 1] = bound
            depth += 2
        out[q] = best[rank - 1]
        previous_kth = best[rank - 1]


@njit(cache=True, nogil=True)
def _tree_query_serial(  # pragma: no cover - numba
    queries: Any,
    tree_points: Any,
    first: Any,
    stop: Any,
    axis: Any,
    split: Any,
    left: Any,
    right: Any,
    rank: int,
    deepest: int,
) -> Any:
    out = np.empty(queries.shape[0])
    _tree_query_range(
        queries,
        0,
        queries.shape[0],
        tree_points,
        first,
        stop,
        axis,
        split,
        left,
        right,
        rank,
        deepest,
        out,
    )
    return out


@njit(cache=True, parallel=True)
def _tree_query_parallel(  # pragma: no cover - numba
    queries: Any,
    tree_points: Any,
    first: Any,
    stop: Any,
    axis: Any,
    split: Any,
    left: Any,
    right: Any,
    rank: int,
    deepest: int,
) -> Any:
    n = queries.shape[0]
    out = np.empty(n)
    n_chunks = (n + _CHUNK - 1) // _CHUNK
    for chunk in prange(n_chunks):
        a = chunk * _CHUNK
        _tree_query_range(
            queries,
            a,
            min(a + _CHUNK, n),
            tree_points,
            first,
            stop,
            axis,
            split,
            left,
            right,
            rank,
            deepest,
            out,
        )
    return out


def tree_kth(points: Any, rank: int, *, queries: Any = None, parallel: bool) -> Any:
    """Return the `rank`-th smallest max-norm distance from each query to `points` (n, d).

    Without `queries`, the queries are `points` themselves and each point counts itself at
    distance 0 (pass ``rank = k + 1`` for the k-th other point).
    """
    points = np.ascontiguousarray(points, dtype=np.float64)
    order, first, stop, axis, split, left, right, deepest = _build_tree(points)
    tree_points = np.ascontiguousarray(points[order])
    own = queries is None
    query_points = tree_points if own else np.ascontiguousarray(queries, dtype=np.float64)
    args = (query_points, tree_points, first, stop, axis, split, left, right, rank, deepest)
    if (
        parallel
        and query_points.shape[0] > _MIN_PARALLEL_TREE
        and parallel_slot.acquire(blocking=False)
    ):
        try:
            found = _tree_query_parallel(*args)
        finally:
            parallel_slot.release()
    else:
        found = _tree_query_serial(*args)
    if not own:
        return found
    result = np.empty(points.shape[0])
    result[order] = found
    return result
