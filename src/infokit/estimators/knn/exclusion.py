r"""Max-norm neighbour searches that leave out temporally close samples (a Theiler window).

Samples of a time series are not independent: a point's nearest neighbours in a delay
embedding are often its own neighbours in time, which share its dynamics rather than its
probability density. Theiler's dynamic-correlation exclusion [1]_ keeps every pair of
samples of the same trial whose times differ by at most ``window`` out of each other's
neighbour search and counts (as JIDT does [2]_); ``window = 0`` leaves out only the point
itself, the ordinary search.

Both searches are exact, computed with the same max-norm distances as
`infokit.estimators.knn.search`:

- the k-th neighbour distance outside the window: a point has at most ``m`` excluded
  partners, so its k nearest allowed neighbours are among its ``k + m`` nearest other
  points; a kd-tree returns those, the excluded ones are dropped and the k-th remaining
  distance is taken (ties at that distance give the same value whichever is returned).
  When ``k + m`` is a large part of the sample, blocks of a brute-force distance matrix
  with the excluded pairs masked replace the tree.
- radius counts outside the window: the ordinary count of `count_within` less the excluded
  partners that lie inside the radius, evaluated pair by pair with the same predicate.

References
----------
.. [1] J. Theiler, "Spurious dimension from correlation algorithms applied to limited
   time-series data", *Phys. Rev. A* 34, 2427, 1986.
.. [2] J. T. Lizier, "JIDT: An information-theoretic toolkit for studying the dynamics of
   complex systems", *Frontiers in Robotics and AI* 1:11, 2014 (property
   ``DYN_CORR_EXCL``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.spatial import cKDTree

from infokit.errors import InvalidParameterError
from infokit.estimators.knn.search import count_within

__all__ = ["TimeExclusion", "count_within_excluding", "kth_neighbor_distances_excluding"]

_Float = np.ndarray[Any, np.dtype[np.float64]]
_Int = np.ndarray[Any, np.dtype[np.intp]]

# Queries answered per block of the tree search and of the brute-force fallback.
_BLOCK = 1 << 14
_BRUTE_ROWS = 256


@dataclass(frozen=True)
class TimeExclusion:
    """Which samples may not be each other's neighbours: same trial, times within `window`.

    Attributes
    ----------
    times : array of shape (n,)
        Integer time of each sample; unique within a trial.
    trials : array of shape (n,)
        Integer trial (replication) of each sample.
    window : int
        Pairs with ``|times[i] - times[j]| <= window`` in the same trial are excluded.
    """

    times: _Int
    trials: _Int
    window: int

    def take(self, rows: _Int) -> TimeExclusion:
        """Return the exclusion of the samples `rows` (in that order)."""
        return TimeExclusion(self.times[rows], self.trials[rows], self.window)

    def excludes(self, first: _Int, second: _Int) -> np.ndarray[Any, np.dtype[np.bool_]]:
        """Whether the samples `first` and `second` (broadcast) are within the window."""
        same_trial = self.trials[first] == self.trials[second]
        close = np.abs(self.times[first] - self.times[second]) <= self.window
        return np.asarray(same_trial & close, dtype=np.bool_)

    def pairs(self) -> tuple[_Int, _Int]:
        """Return the excluded pairs ``(i, j)``, ``i != j``, each unordered pair once."""
        order = np.lexsort((self.times, self.trials))
        n = order.shape[0]
        firsts, seconds = [], []
        # times are unique integers within a trial, so a partner within the window is at
        # most `window` places ahead in (trial, time) order
        for offset in range(1, min(self.window, n - 1) + 1):
            ahead, behind = order[offset:], order[:-offset]
            close = self.excludes(ahead, behind)
            firsts.append(behind[close])
            seconds.append(ahead[close])
        if not firsts:
            empty = np.zeros(0, dtype=np.intp)
            return empty, empty
        return np.concatenate(firsts), np.concatenate(seconds)


def _pair_distances(points: _Float, first: _Int, second: _Int) -> _Float:
    """Max-norm distances of the pairs ``(first[p], second[p])``."""
    if first.shape[0] == 0:
        return np.zeros(0)
    return np.asarray(np.abs(points[first] - points[second]).max(axis=1), dtype=np.float64)


def _excluded_counts(exclusion: TimeExclusion, n: int) -> _Int:
    first, second = exclusion.pairs()
    return np.bincount(first, minlength=n) + np.bincount(second, minlength=n)


def kth_neighbor_distances_excluding(
    points: _Float, /, n_neighbors: int, exclusion: TimeExclusion
) -> _Float:
    """Return each point's max-norm distance to its k-th nearest neighbour outside the window.

    Parameters
    ----------
    points : array of shape (n, d)
        Points (float64).
    n_neighbors : int
        Which neighbour: 1 is the nearest allowed one.
    exclusion : TimeExclusion
        Times and trials of the points and the window (``window=0``: only the point itself
        is left out).

    Returns
    -------
    array of shape (n,)
        Distances in the units of `points`.
    """
    n = points.shape[0]
    excluded = _excluded_counts(exclusion, n)
    allowed = n - 1 - excluded
    if allowed.min(initial=n) < n_neighbors:
        msg = (
            f"with the Theiler window `theiler`={exclusion.window}, some samples have only "
            f"{int(allowed.min())} neighbours outside the window, fewer than `n_neighbors`="
            f"{n_neighbors}. Pass a smaller `theiler` or `n_neighbors`, or more samples."
        )
        raise InvalidParameterError(msg)
    # the point itself and its excluded partners, then the k allowed neighbours
    rank = min(n_neighbors + int(excluded.max(initial=0)) + 1, n)
    if rank > n // 4 and n > _BRUTE_ROWS:
        return _kth_brute(points, n_neighbors, exclusion)
    tree = cKDTree(points)
    result = np.empty(n)
    for start in range(0, n, _BLOCK):
        stop = min(start + _BLOCK, n)
        distances, found = tree.query(points[start:stop], k=rank, p=np.inf)
        distances = np.asarray(distances).reshape(stop - start, rank)
        found = np.asarray(found).reshape(stop - start, rank)
        centres = np.arange(start, stop)[:, None]
        masked = np.where(exclusion.excludes(centres, found), np.inf, distances)
        result[start:stop] = np.partition(masked, n_neighbors - 1, axis=1)[:, n_neighbors - 1]
    return result


def _kth_brute(points: _Float, n_neighbors: int, exclusion: TimeExclusion) -> _Float:
    """Brute-force blocks of the distance matrix with the excluded pairs set to infinity."""
    n = points.shape[0]
    result = np.empty(n)
    everyone = np.arange(n)[None, :]
    for start in range(0, n, _BRUTE_ROWS):
        stop = min(start + _BRUTE_ROWS, n)
        distances = np.zeros((stop - start, n))
        for column in range(points.shape[1]):
            gap = np.abs(points[start:stop, column][:, None] - points[None, :, column])
            np.maximum(distances, gap, out=distances)
        centres = np.arange(start, stop)[:, None]
        distances[exclusion.excludes(centres, everyone)] = np.inf
        result[start:stop] = np.partition(distances, n_neighbors - 1, axis=1)[:, n_neighbors - 1]
    return result


def count_within_excluding(
    points: _Float, /, radii: _Float, exclusion: TimeExclusion, *, strict: bool = True
) -> _Int:
    """Count, for each point, the other points within its radius and outside the window.

    Parameters
    ----------
    points : array of shape (n, d)
        Points (float64); each is also the centre of its own ball.
    radii : array of shape (n,)
        One radius per point.
    exclusion : TimeExclusion
        Times and trials of the points and the window.
    strict : bool, default=True
        Count max-norm distances ``< r`` (KSG algorithm 1, Frenzel–Pompe) or ``<= r``.

    Returns
    -------
    array of shape (n,)
        Integer counts.
    """
    counts = count_within(points, radii, strict=strict, metric="chebyshev")
    first, second = exclusion.pairs()
    gaps = _pair_distances(points, first, second)
    inside_first = gaps < radii[first] if strict else gaps <= radii[first]
    inside_second = gaps < radii[second] if strict else gaps <= radii[second]
    n = points.shape[0]
    removed = np.bincount(first[inside_first], minlength=n) + np.bincount(
        second[inside_second], minlength=n
    )
    return np.asarray(counts - removed, dtype=np.intp)
