"""The brute-force k-NN paths (`infokit.estimators.knn.brute`) against a NumPy reference.

Every regime of the dispatch in `infokit.estimators.knn.search` (trees in few dimensions,
brute force in many; radius counts by cKDTree or brute force) must give exactly the
distances and counts of an O(N²) NumPy search, ties and duplicated points included.
"""

from __future__ import annotations

import numpy as np
import pytest

import infokit
from infokit.estimators.knn import search as _knn

pytest.importorskip("numba")
from infokit.estimators.knn import brute


def _distances(a, b, metric):
    """All distances from rows of `a` to rows of `b`, coordinates summed in order."""
    total = np.zeros((a.shape[0], b.shape[0]))
    for c in range(a.shape[1]):
        gap = a[:, None, c] - b[None, :, c]
        if metric == "euclidean":
            total += gap * gap
        else:
            np.maximum(total, np.abs(gap), out=total)
    return np.sqrt(total) if metric == "euclidean" else total


def _reference_kth(points, k, metric, reference=None):
    if reference is None:
        distances = _distances(points, points, metric)
        np.fill_diagonal(distances, np.inf)  # the point itself; duplicates stay at 0
    else:
        distances = _distances(points, reference, metric)
    return np.sort(distances, axis=1)[:, k - 1]


def _reference_count(distances, radii, strict, *, centers=False):
    """Counts from the (centers, points) max-norm distances; without centers, not i itself."""
    inside = distances < radii[:, None] if strict else distances <= radii[:, None]
    if not centers:
        np.fill_diagonal(inside, False)
    return inside.sum(axis=1)


def _samples(kind, n, d, seed=0):
    rng = np.random.default_rng(seed)
    if kind == "gaussian":
        return rng.normal(size=(n, d))
    if kind == "ties":  # few integer values: many tied distances, duplicated points
        return rng.integers(0, 3, size=(n, d)).astype(np.float64)
    points = rng.normal(size=(n, d))  # duplicated rows among continuous ones
    points[n // 2 :] = points[: n - n // 2]
    return points


@pytest.mark.parametrize("kind", ["gaussian", "ties", "duplicates"])
@pytest.mark.parametrize("dimension", [2, 5, 12, 30])
@pytest.mark.parametrize("metric", ["chebyshev", "euclidean"])
def test_brute_kernels_match_numpy(kind, dimension, metric):
    points = _samples(kind, 1100, dimension)
    queries = _samples(kind, 90, dimension, seed=1)
    distances = _distances(points, points, metric)
    np.fill_diagonal(distances, np.inf)  # the point itself; duplicates stay at 0
    ordered = np.sort(distances, axis=1)
    for parallel in (False, True):  # 1100 queries: threads when parallel (from 1024 on)
        for k in (1, 3, 7):
            found = brute.brute_kth(
                points, k + 1, euclidean=metric == "euclidean", parallel=parallel
            )
            np.testing.assert_array_equal(found, ordered[:, k - 1])
        found = brute.brute_kth(
            points, 2, queries=queries, euclidean=metric == "euclidean", parallel=parallel
        )
        np.testing.assert_array_equal(found, _reference_kth(queries, 2, metric, points))


@pytest.mark.parametrize("kind", ["gaussian", "ties", "duplicates"])
@pytest.mark.parametrize("dimension", [2, 5, 12, 30])
@pytest.mark.parametrize("metric", ["chebyshev", "euclidean"])
def test_dispatch_matches_numpy(kind, dimension, metric):
    """`kth_neighbor_distances` and `count_within` in each regime: tree or brute force."""
    points = _samples(kind, 1100, dimension)  # above the threshold of the threaded kernels
    radii = _knn.kth_neighbor_distances(points, 3, metric=metric)
    np.testing.assert_array_equal(radii, _reference_kth(points, 3, metric))
    if metric == "euclidean":
        return  # radius counts are max-norm only in brute force
    # Radii that fall exactly on distances between points (ties at the boundary), and 0.
    radii = _knn.kth_neighbor_distances(points, 3)
    radii[::7] = 0.0
    centers = points[::5] + (0.5 if kind == "ties" else 0.0)
    among_points = _distances(points, points, "chebyshev")
    from_centers = _distances(centers, points, "chebyshev")
    for strict in (True, False):
        expected = _reference_count(among_points, radii, strict)
        np.testing.assert_array_equal(_knn.count_within(points, radii, strict=strict), expected)
        with _knn._backend("scipy"):  # cKDTree: the same counts
            np.testing.assert_array_equal(_knn.count_within(points, radii, strict=strict), expected)
        counts = _knn.count_within(points, radii[::5], centers=centers, strict=strict)
        np.testing.assert_array_equal(
            counts, _reference_count(from_centers, radii[::5], strict, centers=True)
        )


def test_dispatch_picks_brute_force_where_measured():
    assert _knn._brute_kth_pays("chebyshev", 12, 5000, 5000)
    assert not _knn._brute_kth_pays("chebyshev", 10, 5000, 5000)
    assert _knn._brute_kth_pays("euclidean", 8, 5000, 5000)
    assert not _knn._brute_kth_pays("euclidean", 8, 50_000, 50_000)
    assert not _knn._brute_kth_pays("chebyshev", 50, 200_000, 200_000)
    assert not _knn._brute_count_pays(2, 5000, 5000)  # the numba kd-tree
    assert _knn._brute_count_pays(4, 5000, 5000)
    assert not _knn._brute_count_pays(4, 50_000, 50_000)
    assert _knn._brute_count_pays(8, 50_000, 50_000)


@pytest.mark.filterwarnings("ignore::infokit.errors.SmallSampleWarning")  # many dimensions
@pytest.mark.parametrize(("d_x", "d_y"), [(2, 2), (5, 5), (10, 15)])
def test_public_estimates_equal_the_tree_paths(d_x, d_y):
    """KSG and Kozachenko–Leonenko through the public calls: brute force = cKDTree."""
    rng = np.random.default_rng(3)
    x = rng.normal(size=(1200, d_x))
    y = x[:, :1] + rng.normal(size=(1200, d_y))
    joint = np.concatenate([x, y], axis=1)
    estimates = []
    for backend in ("auto", "scipy"):
        with _knn._backend(backend):
            estimates.append(
                (
                    infokit.estimate_mutual_information(x, y, uncertainty="none").value,
                    infokit.estimate_entropy(
                        joint, method="kozachenko_leonenko", uncertainty="none"
                    ).value,
                )
            )
    np.testing.assert_allclose(estimates[0], estimates[1], rtol=0, atol=1e-12)
    assert estimates[0][0] > 0.05  # a real dependence was measured


@pytest.mark.parametrize("kind", ["gaussian", "ties", "duplicates"])
@pytest.mark.parametrize("dimension", [2, 3, 5, 12])
def test_tree_count_matches_numpy(kind, dimension):
    """The numba kd-tree's max-norm counts (itself included, as cKDTree) at every radius."""
    tree = pytest.importorskip("infokit.estimators.knn.tree")
    points = _samples(kind, 1500, dimension)  # above the threshold of the threaded build
    radii = _knn.kth_neighbor_distances(points, 4)  # on distances between points: ties
    radii[::9] = 0.0
    centers = points[::4] + (0.5 if kind == "ties" else 0.0)
    among_points = _distances(points, points, "chebyshev")
    from_centers = _distances(centers, points, "chebyshev")
    for strict in (True, False):
        expected = _reference_count(among_points, radii, strict, centers=True)
        expected_centers = _reference_count(from_centers, radii[::4], strict, centers=True)
        for parallel in (False, True):
            found = tree.tree_count(points, radii, strict=strict, parallel=parallel)
            np.testing.assert_array_equal(found, expected)
            found = tree.tree_count(
                points, radii[::4], centers=centers, strict=strict, parallel=parallel
            )
            np.testing.assert_array_equal(found, expected_centers)
