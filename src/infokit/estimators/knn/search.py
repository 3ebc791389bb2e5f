"""Exact k-nearest-neighbour distances and radius counts for the kNN estimators.

These helpers take NumPy float64 arrays of shape ``(n, d)`` that are already validated and
return plain NumPy arrays. They are exact: the same distances and counts as a brute-force
O(N²) search, computed in the same floating-point arithmetic, only faster.

- Points of one dimension never go into a tree: sorted, the k nearest neighbours of a point
  lie within k positions on either side, and a radius count is two binary searches whose
  boundaries are then checked with the exact predicate ``|x_j - x_i| < r``.
- Points of several dimensions use `scipy.spatial.cKDTree` with all cores (it releases the
  GIL). The points are first sorted along a Z-order (Morton) curve, so that consecutive
  queries walk neighbouring parts of the tree and stay in cache: measured on 10^6 2-D points,
  this alone makes the k-NN query 2-3 times faster (``benchmarks/bench_continuous.py``).

Optional accelerators (the ``fast`` extra), imported lazily on first use, with the paths
above as the fallback when they are absent; results are bit-identical either way:

- numba (`infokit.estimators.knn.grid`, `infokit.estimators.knn.tree`): max-norm k-NN
  of 2-D points on a uniform grid, of other points (up to 10^6) with a kd-tree, and 1-D
  radius counts by galloping binary searches; on all cores from 2^17 queries up (the
  kd-tree: 2^15), on one core below. Compiled on first use (11-14 s of JIT in all, of
  which 4.5-5.5 s for the kd-tree, measured on this 2-core machine) and cached on disk
  (``cache=True``): later processes load the cache in 0.2-0.4 s.
- pykdtree: Euclidean k-NN in two or more dimensions (OpenMP-parallel queries).
- numba kd-tree max-norm radius counts (`infokit.estimators.knn.tree.tree_count`): 4-10
  times faster than cKDTree's ``query_ball_point(return_length=True)`` with KSG radii.
- numba brute force in tiles (`infokit.estimators.knn.brute`), where trees prune too little:
  k-NN queries from 12 dimensions up (Euclidean from 8-10 at up to 2·10^4 points) and
  max-norm radius counts from 4 dimensions up to a number of query-point pairs that grows
  with the dimension (`_brute_kth_pays`, `_brute_count_pays`: measured crossovers).
  At 5000 points, KSG of a 5+5-D pair takes 73 ms instead of 0.66 s, of a 50+50-D pair
  0.71 s instead of 13.6 s (the radius counts of cKDTree were 90% of the time).

The private switch `_BACKEND` (``"auto"``: use them when installed; ``"scipy"``: never),
settable with the environment variable ``INFOKIT_KNN_BACKEND`` or the context manager
`_backend`, lets the tests run both paths in one session.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any, Literal

import numpy as np
from scipy.spatial import cKDTree

from infokit._validation import check_choice

__all__ = [
    "Metric",
    "all_neighbor_distances",
    "count_within",
    "kth_neighbor_distances",
    "morton_order",
    "neighbor_indices",
    "unit_ball_log_volume",
]

Metric = Literal["euclidean", "chebyshev"]

_Float = np.ndarray[Any, np.dtype[np.float64]]
_Int = np.ndarray[Any, np.dtype[np.intp]]

_MINKOWSKI_P = {"euclidean": 2.0, "chebyshev": np.inf}

# Bits per coordinate of the Morton code; 2^16 cells per axis is far finer than needed for
# locality even at 10^8 points, and keeps the code of up to 3 dimensions in one uint64.
_MORTON_BITS = 16
# Queries are answered in blocks so that the (block, k + 1) index arrays stay small.
_BLOCK = 1 << 16


# The numba kd-tree sizes its node arrays for the worst case (about 100 bytes per point).
_TREE_MAX_POINTS = 1_000_000
# Brute force (`infokit.estimators.knn.brute`): k-NN queries from this dimension up, and
# nothing above this many query-point pairs (10^5 × 10^5: seconds per dimension).
_BRUTE_KTH_DIMENSION = 12
_BRUTE_MAX_PAIRS = 1e10
# "auto": numba and pykdtree when installed; "scipy": the cKDTree and NumPy paths only.
_BACKEND = os.environ.get("INFOKIT_KNN_BACKEND", "auto")
_MODULES: dict[str, ModuleType | None] = {}


@contextmanager
def _backend(name: Literal["auto", "scipy"]) -> Iterator[None]:
    """Temporarily select the k-NN backend (private: for tests and benchmarks)."""
    global _BACKEND
    previous, _BACKEND = _BACKEND, name
    try:
        yield
    finally:
        _BACKEND = previous


def _optional(name: str) -> ModuleType | None:
    """Return accelerator `name` ("numba", "numba_tree", "numba_brute", "pykdtree") or None."""
    if _BACKEND == "scipy":
        return None
    if name not in _MODULES:
        module: ModuleType | None
        try:
            if name in ("numba", "numba_tree", "numba_brute"):
                base = importlib.import_module("infokit.estimators.knn.grid")
                module = None
                if base.AVAILABLE:
                    suffix = {"numba": "grid", "numba_tree": "tree", "numba_brute": "brute"}
                    module = importlib.import_module(f"infokit.estimators.knn.{suffix[name]}")
            else:
                module = importlib.import_module("pykdtree.kdtree")
        except (ImportError, RuntimeError):  # RuntimeError: numba found no cache location
            module = None
        _MODULES[name] = module
    return _MODULES[name]


def _brute_kth_pays(metric: str, dimension: int, n_queries: int, n_points: int) -> bool:
    """Whether brute force beats the kd-trees for a k-NN query (measured, see below).

    Max-norm, against the numba kd-tree: at 5000 points the tree wins up to 8 dimensions
    (6 ms against 22 ms in 4-D), ties in 10-D (43 and 47 ms) and loses from there (56
    against 140 ms in 16-D, 0.25 s against 1.3 s in 100-D); the crossover moves up with N
    (10-D at 2·10^4 points: 0.38 s for the tree, 0.55 s brute). Euclidean, against pykdtree:
    brute force wins from 8-D at 10^4 points (0.15 s each; 5000 points: 76 against 117 ms),
    from 10-D at 2·10^4 (0.43 against 1.07 s), from 12-D at 5·10^4 (4.9 against 10.2 s).
    Above 10^10 pairs brute force is not tried at all.
    """
    pairs = n_queries * n_points
    if dimension >= _BRUTE_KTH_DIMENSION:
        return pairs <= _BRUTE_MAX_PAIRS
    if metric != "euclidean":
        return False
    if dimension >= 10:
        return pairs <= 4e8
    return dimension >= 8 and pairs <= 1e8


def _brute_count_pays(dimension: int, n_queries: int, n_points: int) -> bool:
    """Whether brute force beats the numba kd-tree for a max-norm radius count (measured).

    With KSG radii (the joint k-th neighbour distance of a twice larger space), the numba
    kd-tree's count (`infokit.estimators.knn.tree.tree_count`) is 4-10 times faster than
    cKDTree's and wins in up to 3 dimensions at every size (2.5·10^4 points in 3-D: 0.11 s
    against 0.43 s brute force, cKDTree 1.0 s). Brute force wins from 4-D at 5000 points
    (21 against 36 ms), ties in 5-D at 2·10^4 (0.35 and 0.43 s), wins in 6-D at 2·10^4
    (0.44 against 0.83 s), in 8-D at 5·10^4 (3.9 against 5.6 s) and by 3-4 times from 10-D.
    """
    pairs = n_queries * n_points
    if dimension >= 8:
        return pairs <= _BRUTE_MAX_PAIRS
    if dimension >= 6:
        return pairs <= 25e8
    if dimension >= 4:
        return pairs <= 1e8
    return False


def _minkowski_p(metric: str) -> float:
    return _MINKOWSKI_P[check_choice(metric, tuple(_MINKOWSKI_P), name="metric")]


def unit_ball_log_volume(dimension: int, metric: Metric) -> float:
    r"""Return the log-volume of the unit-radius ball of `metric` in `dimension` dimensions.

    Euclidean: :math:`\log V_d = \frac{d}{2}\log\pi - \log\Gamma(\frac{d}{2} + 1)`;
    max-norm (``"chebyshev"``): the cube :math:`[-1, 1]^d`, :math:`\log V_d = d \log 2`.
    """
    from scipy.special import gammaln

    _minkowski_p(metric)
    if metric == "chebyshev":
        return dimension * float(np.log(2.0))
    return dimension / 2 * float(np.log(np.pi)) - float(gammaln(dimension / 2 + 1))


def _spread_table(dimension: int) -> np.ndarray[Any, np.dtype[np.uint64]]:
    """Table mapping a byte to its bits placed every `dimension` positions."""
    values = np.arange(256, dtype=np.uint64)
    table = np.zeros(256, dtype=np.uint64)
    for bit in range(8):
        table |= ((values >> np.uint64(bit)) & np.uint64(1)) << np.uint64(bit * dimension)
    return table


def morton_order(points: _Float, /) -> _Int:
    """Return the permutation that sorts `points` (n, d) along a Z-order (Morton) curve.

    Each coordinate is quantised to ``63 // d`` bits (at most 16) over its range and the bits
    are interleaved; only the first 21 coordinates take part (the order only needs locality).
    """
    n_points, dimension = points.shape
    used = min(dimension, 21)
    bits = min(_MORTON_BITS, 63 // used)
    table = _spread_table(used)
    # Column by column: reductions along axis 0 of a narrow C-ordered array are slow.
    low = np.array([points[:, axis].min() for axis in range(used)])
    span = np.array([points[:, axis].max() for axis in range(used)]) - low
    scale = np.where(span > 0, (2.0**bits - 1) / np.where(span > 0, span, 1.0), 0.0)
    code = np.zeros(n_points, dtype=np.uint64)
    for start in range(0, n_points, _BLOCK * 4):  # blocks keep the temporaries in cache
        rows = slice(start, start + _BLOCK * 4)
        block = code[rows]
        for axis in range(used):
            quantised = ((points[rows, axis] - low[axis]) * scale[axis]).astype(np.uint64)
            for byte in range((bits + 7) // 8):
                chunk = (quantised >> np.uint64(8 * byte)) & np.uint64(255)
                block |= table[chunk] << np.uint64(8 * byte * used + axis)
    return np.argsort(code)  # ties may come in any order


class _SortedTree:
    """A cKDTree over Morton-sorted points, answering queries in the caller's order."""

    def __init__(self, points: _Float) -> None:
        self.order = morton_order(points)
        self.points = np.ascontiguousarray(points[self.order])
        # Sliding-midpoint splits build faster and query as fast on sorted points.
        self.tree = cKDTree(self.points, balanced_tree=False, compact_nodes=False)


def _kth_of_two_sorted(left: list[_Float], right: list[_Float]) -> _Float:
    """k-th smallest of two ascending lists per row: min over a of max(left[a], right[k-a]).

    ``left[j]`` and ``right[j]`` hold the (j + 1)-th smallest distance on each side.
    """
    k = len(left)
    result: _Float = np.minimum(right[k - 1], left[k - 1])
    for taken_left in range(1, k):
        np.minimum(result, np.maximum(left[taken_left - 1], right[k - taken_left - 1]), out=result)
    return result


def _kth_distances_1d_self(values: _Float, k: int) -> _Float:
    """k-th neighbour distance of each value among the others, by sorting (1-D)."""
    n = values.shape[0]
    order = np.argsort(values)
    ordered = values[order]
    padded = np.concatenate([np.full(k, -np.inf), ordered, np.full(k, np.inf)])
    # Past either end the padding gives +inf distances (never inf - inf: one-sided padding).
    left = [ordered - padded[k - j : k - j + n] for j in range(1, k + 1)]
    right = [padded[k + j : k + j + n] - ordered for j in range(1, k + 1)]
    result = np.empty(n)
    result[order] = _kth_of_two_sorted(left, right)
    return result


def _kth_distances_1d_reference(centers: _Float, reference: _Float, k: int) -> _Float:
    """k-th smallest distance from each center to the `reference` values (1-D)."""
    ordered = np.sort(reference)
    padded = np.concatenate([np.full(k, -np.inf), ordered, np.full(k, np.inf)])
    # ordered[position - 1] < center <= ordered[position]
    position = np.searchsorted(ordered, centers, side="left") + k
    left = [centers - padded[position - j] for j in range(1, k + 1)]
    right = [padded[position + j - 1] - centers for j in range(1, k + 1)]
    return _kth_of_two_sorted(left, right)


def kth_neighbor_distances(
    points: _Float,
    /,
    n_neighbors: int,
    *,
    metric: Metric = "chebyshev",
    reference: _Float | None = None,
    workers: int = -1,
) -> _Float:
    """Return the distance from each point to its `n_neighbors`-th nearest neighbour.

    Parameters
    ----------
    points : array of shape (n, d)
        Query points (float64).
    n_neighbors : int
        Which neighbour: 1 is the nearest.
    metric : {"chebyshev", "euclidean"}, default="chebyshev"
        Max-norm or Euclidean distance.
    reference : array of shape (m, d), optional
        Search among these points instead. When omitted, each point's neighbours are the
        *other* points of `points` (the point itself is excluded; duplicates count at
        distance 0).
    workers : int, default=-1
        Threads for the kd-tree query (-1: all cores).

    Returns
    -------
    array of shape (n,)
        Distances in the units of `points`.
    """
    p = _minkowski_p(metric)
    if points.shape[1] == 1:
        if reference is None:
            return _kth_distances_1d_self(points[:, 0], n_neighbors)
        return _kth_distances_1d_reference(points[:, 0], reference[:, 0], n_neighbors)
    n_points = (points if reference is None else reference).shape[0]
    if _brute_kth_pays(metric, points.shape[1], points.shape[0], n_points) and (
        fast := _optional("numba_brute")
    ):
        rank = n_neighbors + 1 if reference is None else n_neighbors  # the point itself: 0
        found = fast.brute_kth(
            points if reference is None else reference,
            rank,
            queries=None if reference is None else points,
            euclidean=metric == "euclidean",
            parallel=workers != 1,
        )
        return np.asarray(found, dtype=np.float64)
    if metric == "chebyshev" and points.shape[1] == 2 and (fast := _optional("numba")):
        if reference is None:  # the point itself is found at distance 0
            found = fast.grid_kth_2d(points, n_neighbors + 1, parallel=workers != 1)
        else:
            found = fast.grid_kth_2d(reference, n_neighbors, queries=points, parallel=workers != 1)
        if found is not None:  # None: too crowded for a uniform grid
            return np.asarray(found, dtype=np.float64)
    if (
        metric == "chebyshev"
        and (points if reference is None else reference).shape[0] <= _TREE_MAX_POINTS
        and (fast := _optional("numba_tree"))
    ):
        if reference is None:
            found = fast.tree_kth(points, n_neighbors + 1, parallel=workers != 1)
        else:
            found = fast.tree_kth(reference, n_neighbors, queries=points, parallel=workers != 1)
        return np.asarray(found, dtype=np.float64)
    if metric == "euclidean" and (fast := _optional("pykdtree")):
        return _pykdtree_kth(points, n_neighbors, reference)
    if reference is None:
        index = _SortedTree(points)
        tree, queries, order, k = index.tree, index.points, index.order, n_neighbors + 1
    else:
        tree = _SortedTree(reference).tree
        order = morton_order(points)
        queries, k = points[order], n_neighbors
    result = np.empty(points.shape[0])
    for start in range(0, queries.shape[0], _BLOCK):  # blocks bound the index arrays' size
        block = queries[start : start + _BLOCK]
        distances, _ = tree.query(block, k=[k], p=p, workers=workers)
        result[order[start : start + _BLOCK]] = distances[:, 0]
    return result


def _pykdtree_kth(points: _Float, n_neighbors: int, reference: _Float | None) -> _Float:
    """k-th Euclidean neighbour distances with pykdtree (same sums of squares as cKDTree)."""
    fast = _optional("pykdtree")
    assert fast is not None
    data = points if reference is None else reference
    order = morton_order(data)
    ordered = np.ascontiguousarray(data[order])
    tree = fast.KDTree(ordered, leafsize=16)
    if reference is None:
        queries, k = ordered, n_neighbors + 1
    else:
        order = morton_order(points)
        queries, k = np.ascontiguousarray(points[order]), n_neighbors
    result = np.empty(points.shape[0])
    for start in range(0, queries.shape[0], _BLOCK):
        distances, _ = tree.query(queries[start : start + _BLOCK], k=k)
        result[order[start : start + _BLOCK]] = distances.reshape(-1, k)[:, -1]
    return result


def all_neighbor_distances(
    points: _Float, /, n_neighbors: int, *, metric: Metric = "euclidean", workers: int = -1
) -> _Float:
    """Distances to the 1st, ..., K-th nearest other points: shape (n, K), one search.

    The tree holds the points in Morton order and is queried in that order (cache-friendly,
    several times faster than the caller's order in 5-D); rows are put back at the end.
    Euclidean searches use pykdtree when installed (its OpenMP queries were 1.2-1.6 times
    faster than cKDTree's threads for K = 10 in 5-D), the same sums of squares. The point
    itself comes first at distance 0 and is dropped (a duplicate at 0 is the same value).
    """
    order = morton_order(points)
    ordered = np.ascontiguousarray(points[order])
    fast = _optional("pykdtree") if metric == "euclidean" else None
    if fast is not None:
        tree: Any = fast.KDTree(ordered, leafsize=16)

        def query(block: _Float) -> _Float:
            return np.asarray(tree.query(block, k=n_neighbors + 1)[0], dtype=np.float64)

    else:
        p = _minkowski_p(metric)
        tree = cKDTree(ordered, balanced_tree=False, compact_nodes=False)

        def query(block: _Float) -> _Float:
            return np.asarray(
                tree.query(block, k=n_neighbors + 1, p=p, workers=workers)[0], dtype=np.float64
            )

    result = np.empty((points.shape[0], n_neighbors))
    for start in range(0, points.shape[0], _BLOCK):
        distances = query(ordered[start : start + _BLOCK]).reshape(-1, n_neighbors + 1)
        result[order[start : start + _BLOCK]] = distances[:, 1:]
    return result


def neighbor_indices(
    points: _Float, /, n_neighbors: int, *, metric: Metric = "chebyshev", workers: int = -1
) -> tuple[_Float, _Int]:
    """Return the k-th neighbour distance and the indices of the k nearest other points.

    Returns ``(distances, indices)`` of shapes (n,) and (n, k); the point itself is never
    among its neighbours (if duplicates tie with it at distance 0, one of them stands in).
    """
    p = _minkowski_p(metric)
    n_points = points.shape[0]
    index = _SortedTree(points)
    kth = np.empty(n_points)
    neighbors = np.empty((n_points, n_neighbors), dtype=np.intp)
    for start in range(0, n_points, _BLOCK):
        stop = min(start + _BLOCK, n_points)
        distances, found = index.tree.query(
            index.points[start:stop], k=n_neighbors + 1, p=p, workers=workers
        )
        # Drop the query point itself, or the farthest candidate if a duplicate displaced it.
        is_self = found == np.arange(start, stop)[:, None]
        is_self[~is_self.any(axis=1), -1] = True
        kept = found[~is_self].reshape(stop - start, n_neighbors)
        rows = index.order[start:stop]
        kth[rows] = distances[:, -1]
        neighbors[rows] = index.order[kept]
    return kth, neighbors


def _first_true(ordered: _Float, centers: _Float, guess: _Int, predicate: Any) -> _Int:
    """Move `guess` to the first j with ``predicate(ordered[j] - center)`` true.

    The predicate is monotone in j because ``fl(s_j - c)`` is monotone in ``s_j``; `guess`
    comes from a binary search on ``c ± r``, whose rounding may be off by a few positions.
    """
    n = ordered.shape[0]
    position: _Int = guess.copy()
    active = np.arange(position.shape[0])
    while active.size:  # step left while the previous position already satisfies it
        at = position[active]
        can = at > 0
        move = np.zeros(active.shape, dtype=bool)
        move[can] = predicate(ordered[at[can] - 1] - centers[active[can]], active[can])
        active = active[move]
        position[active] -= 1
    active = np.arange(position.shape[0])
    while active.size:  # step right while the current position does not satisfy it
        at = position[active]
        can = at < n
        move = np.zeros(active.shape, dtype=bool)
        move[can] = ~predicate(ordered[at[can]] - centers[active[can]], active[can])
        active = active[move]
        position[active] += 1
    return position


def _count_within_1d(ordered: _Float, centers: _Float, radii: _Float, *, strict: bool) -> _Int:
    """Count sorted values with ``|s - c| < r`` (or ``<=``), exactly as the float test does."""
    if strict:
        low = np.searchsorted(ordered, centers - radii, side="right")
        high = np.searchsorted(ordered, centers + radii, side="left")
        low = _first_true(ordered, centers, low, lambda t, i: t > -radii[i])
        high = _first_true(ordered, centers, high, lambda t, i: t >= radii[i])
    else:
        low = np.searchsorted(ordered, centers - radii, side="left")
        high = np.searchsorted(ordered, centers + radii, side="right")
        low = _first_true(ordered, centers, low, lambda t, i: t >= -radii[i])
        high = _first_true(ordered, centers, high, lambda t, i: t > radii[i])
    counts: _Int = np.maximum(high - low, 0)
    return counts


def _count_within_1d_blocks(
    ordered: _Float, sorted_centers: _Float, radii: _Float, center_order: _Int, strict: bool
) -> _Int:
    """`_count_within_1d` over blocks of sorted centers; counts indexed like `radii`."""
    counts = np.empty(radii.shape[0], dtype=np.intp)
    for start in range(0, radii.shape[0], _BLOCK * 4):  # blocks bound the temporaries
        rows = center_order[start : start + _BLOCK * 4]
        counts[rows] = _count_within_1d(
            ordered, sorted_centers[start : start + _BLOCK * 4], radii[rows], strict=strict
        )
    return counts


def count_within(
    points: _Float,
    /,
    radii: _Float,
    *,
    centers: _Float | None = None,
    strict: bool = True,
    metric: Metric = "chebyshev",
    sort_order: _Int | None = None,
    workers: int = -1,
) -> _Int:
    """Count the points within a radius of each center.

    Parameters
    ----------
    points : array of shape (n, d)
        Points to count.
    radii : array of shape (m,)
        One radius per center (non-negative).
    centers : array of shape (m, d), optional
        Centers of the balls. When omitted the centers are `points` themselves and each
        point does **not** count itself (other points at distance 0 do count).
    strict : bool, default=True
        Count ``dist < r`` (KSG algorithm 1, Frenzel–Pompe, Ross) or ``dist <= r`` (KSG
        algorithm 2).
    metric : {"chebyshev", "euclidean"}, default="chebyshev"
        Distance; irrelevant in one dimension. Max-norm and 1-D counts are exact at the
        boundary; Euclidean ones compare squared distances (cKDTree), so a point at exactly
        the radius may fall on either side by one rounding.
    sort_order : array of shape (n,), optional
        ``np.argsort(points[:, 0])`` for 1-D points, when the caller already has it.
    workers : int, default=-1
        Threads for the kd-tree query.

    Returns
    -------
    array of shape (m,)
        Integer counts.
    """
    p = _minkowski_p(metric)
    if points.shape[1] == 1:
        values = np.ascontiguousarray(points[:, 0])
        fast = _optional("numba")
        if fast is not None and centers is None and sort_order is None and len(values) <= 1 << 17:
            # Small inputs stay in cache: the searches need the sorted values but not the
            # argsort (centers in their own order, each search starts from a bucket index).
            found = fast.count_sorted_1d(
                np.sort(values),
                values,
                radii,
                np.arange(len(values)),
                strict=strict,
                exclude_self=True,
                parallel=False,
            )
            return np.asarray(found, dtype=np.intp)
        order = np.argsort(values) if sort_order is None else sort_order
        ordered = values[order]
        # Binary searches run 4-5 times faster with sorted keys (cache-friendly).
        if centers is None:
            center_order, sorted_centers = order, ordered
        else:
            center_order = np.argsort(centers[:, 0])
            sorted_centers = centers[center_order, 0]
        if fast is not None:  # it also takes the point itself out of its own count
            found = fast.count_sorted_1d(
                ordered,
                sorted_centers,
                radii,
                center_order,
                strict=strict,
                exclude_self=centers is None,
                parallel=workers != 1,
            )
            return np.asarray(found, dtype=np.intp)
        counts = _count_within_1d_blocks(ordered, sorted_centers, radii, center_order, strict)
    elif (
        metric == "chebyshev"
        and _brute_count_pays(
            points.shape[1], (points if centers is None else centers).shape[0], points.shape[0]
        )
        and (fast := _optional("numba_brute"))
    ):  # like cKDTree's count, the point itself is counted and taken out below
        found = fast.brute_count(
            points, radii, centers=centers, strict=strict, parallel=workers != 1
        )
        counts = np.asarray(found, dtype=np.intp)
    elif (
        metric == "chebyshev"
        and points.shape[0] <= _TREE_MAX_POINTS
        and (fast := _optional("numba_tree"))
    ):  # like cKDTree's count, the point itself is counted and taken out below
        found = fast.tree_count(
            points, radii, centers=centers, strict=strict, parallel=workers != 1
        )
        counts = np.asarray(found, dtype=np.intp)
    else:
        query = points if centers is None else centers
        index = _SortedTree(points)
        query_order = index.order if centers is None else morton_order(query)
        ordered_radii = radii[query_order]
        positive = ordered_radii > 0
        if strict:  # cKDTree counts dist <= r; the largest float below r makes it dist < r
            ordered_radii = np.nextafter(ordered_radii, 0.0)
        found = index.tree.query_ball_point(
            query[query_order], ordered_radii, p=p, return_length=True, workers=workers
        )
        if strict:  # nothing lies strictly within a radius of 0
            found = np.where(positive, found, 0)
        counts = np.empty(query.shape[0], dtype=np.intp)
        counts[query_order] = found
    if centers is None:
        self_counted = radii > 0 if strict else np.ones(radii.shape, dtype=bool)
        counts = counts - self_counted
    return counts
