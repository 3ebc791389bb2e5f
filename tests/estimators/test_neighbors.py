"""Tests of the kNN kernels: brute-force references, scikit-learn, and analytic values.

The reference implementations below compute every pairwise distance with
`scipy.spatial.distance.cdist` and count with plain comparisons: a different code path from
the sorted arrays and kd-trees of `infokit.estimators.knn.search`. Statistical tolerances are four
standard deviations of the estimate, measured over 30 seeds at the same sample size (quoted
next to each test), plus the estimator's measured bias.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from scipy.spatial.distance import cdist
from scipy.special import digamma, gammaln

from infokit.errors import InvalidParameterError
from infokit.estimators.continuous.neighbors import (
    count_within,
    knn_kl_divergence,
    kozachenko_leonenko_entropy,
    ksg_conditional_mutual_information,
    ksg_mutual_information,
    ksg_mutual_information_many,
    kth_neighbor_distances,
)
from infokit.estimators.knn import search as _knn
from infokit.estimators.knn.search import morton_order, neighbor_indices

# ----------------------------------------------------------------------------------------
# O(N²) references


def _pairwise(a, b=None, metric="chebyshev"):
    """All distances; a point's distance to itself is +inf so it is never its own neighbour."""
    if b is not None:
        return cdist(a, b, metric)
    distances = cdist(a, a, metric)
    np.fill_diagonal(distances, np.inf)
    return distances


def _kth(distances, k):
    return np.sort(distances, axis=1)[:, k - 1]


def reference_entropy(x, k, metric):
    n, d = x.shape
    eps = _kth(_pairwise(x, metric=metric), k)
    if metric == "chebyshev":
        log_volume = d * math.log(2)
    else:
        log_volume = d / 2 * math.log(math.pi) - gammaln(d / 2 + 1)
    local = digamma(n) - digamma(k) + log_volume + d * np.log(eps)
    return local.mean(), local


def reference_ksg(x, y, k, algorithm):
    n = x.shape[0]
    dx, dy = _pairwise(x), _pairwise(y)
    joint = np.maximum(dx, dy)
    if algorithm == 1:
        eps = _kth(joint, k)[:, None]
        n_x, n_y = (dx < eps).sum(axis=1), (dy < eps).sum(axis=1)
        local = digamma(k) + digamma(n) - digamma(n_x + 1) - digamma(n_y + 1)
        return local.mean(), local
    neighbors = np.argsort(joint, axis=1, kind="stable")[:, :k]
    rows = np.arange(n)[:, None]
    eps_x = dx[rows, neighbors].max(axis=1)[:, None]
    eps_y = dy[rows, neighbors].max(axis=1)[:, None]
    n_x, n_y = (dx <= eps_x).sum(axis=1), (dy <= eps_y).sum(axis=1)
    local = digamma(k) - 1 / k + digamma(n) - digamma(n_x) - digamma(n_y)
    return local.mean(), local


def reference_cmi(x, y, z, k):
    dx, dy, dz = _pairwise(x), _pairwise(y), _pairwise(z)
    eps = _kth(np.maximum(np.maximum(dx, dy), dz), k)[:, None]
    n_xz = (np.maximum(dx, dz) < eps).sum(axis=1)
    n_yz = (np.maximum(dy, dz) < eps).sum(axis=1)
    n_z = (dz < eps).sum(axis=1)
    local = digamma(k) - digamma(n_xz + 1) - digamma(n_yz + 1) + digamma(n_z + 1)
    return local.mean(), local


def reference_kl_divergence(x_p, x_q, k):
    n, d = x_p.shape
    rho = _kth(_pairwise(x_p, metric="euclidean"), k)
    nu = _kth(_pairwise(x_p, x_q, metric="euclidean"), k)
    local = d * np.log(nu / rho) + math.log(x_q.shape[0] / (n - 1))
    return local.mean(), local


def _gaussian_pair(rng, n, rho, dx=1, dy=1):
    x = rng.normal(size=(n, dx))
    y = rho * x[:, :1] + math.sqrt(1 - rho**2) * rng.normal(size=(n, dy))
    return x, y


# ----------------------------------------------------------------------------------------
# Backends: the exactness tests run on both paths of `_knn` in the same session, the
# accelerated one (numba grid and counts, pykdtree) when installed and the cKDTree fallback
# forced with the private switch `_knn._backend("scipy")`.

_HAS_NUMBA = _knn._optional("numba") is not None
_HAS_PYKDTREE = _knn._optional("pykdtree") is not None
needs_numba = pytest.mark.skipif(not _HAS_NUMBA, reason="numba (extra `fast`) not installed")


@pytest.fixture(params=["auto", "scipy"])
def knn_backend(request):
    if request.param == "auto" and not (_HAS_NUMBA or _HAS_PYKDTREE):
        pytest.skip("no accelerator (numba, pykdtree) installed: `auto` is the fallback")
    with _knn._backend(request.param):
        yield request.param


# ----------------------------------------------------------------------------------------
# Exact agreement with the references


@pytest.mark.usefixtures("knn_backend")
class TestExactAgreement:
    @pytest.mark.parametrize("metric", ["euclidean", "chebyshev"])
    @pytest.mark.parametrize("dimension", [1, 2, 4])
    @pytest.mark.parametrize("k", [1, 3, 7])
    def test_kozachenko_leonenko(self, metric, dimension, k):
        x = np.random.default_rng(dimension * 10 + k).normal(size=(300, dimension))
        value, local = kozachenko_leonenko_entropy(x, n_neighbors=k, metric=metric)
        expected, expected_local = reference_entropy(x, k, metric)
        np.testing.assert_allclose(local, expected_local, rtol=1e-12, atol=1e-12)
        assert value == pytest.approx(expected, abs=1e-12)

    @pytest.mark.parametrize("algorithm", [1, 2])
    @pytest.mark.parametrize(("dx", "dy"), [(1, 1), (1, 2), (3, 2)])
    @pytest.mark.parametrize("k", [1, 3, 6])
    def test_ksg(self, algorithm, dx, dy, k):
        rng = np.random.default_rng(100 * dx + 10 * dy + k)
        x, y = _gaussian_pair(rng, 400, 0.7, dx, dy)
        value, local = ksg_mutual_information(x, y, n_neighbors=k, algorithm=algorithm)
        expected, expected_local = reference_ksg(x, y, k, algorithm)
        np.testing.assert_allclose(local, expected_local, rtol=1e-12, atol=1e-12)
        assert value == pytest.approx(expected, abs=1e-12)

    def test_ksg_on_a_grid_keeps_strict_boundaries(self):
        # Distinct points of an integer grid: many distances tie exactly with the radius,
        # and the marginals repeat values, so strict < versus <= changes every count.
        cells = np.random.default_rng(5).choice(30 * 30, size=300, replace=False)
        x, y = (cells // 30).astype(float)[:, None], (cells % 30).astype(float)[:, None]
        for k in (1, 3):
            value, local = ksg_mutual_information(x, y, n_neighbors=k)
            np.testing.assert_allclose(local, reference_ksg(x, y, k, 1)[1], atol=1e-12)
        # With <= instead of < the same data give a clearly different estimate.
        dx, dy = _pairwise(x), _pairwise(y)
        eps = _kth(np.maximum(dx, dy), 3)[:, None]
        n_x, n_y = (dx <= eps).sum(axis=1), (dy <= eps).sum(axis=1)
        loose = digamma(3) + digamma(300) - np.mean(digamma(n_x + 1) + digamma(n_y + 1))
        assert abs(loose - value) > 0.1

    @pytest.mark.parametrize(("dx", "dy", "dz"), [(1, 1, 1), (2, 1, 2)])
    @pytest.mark.parametrize("k", [1, 4])
    def test_frenzel_pompe(self, dx, dy, dz, k):
        rng = np.random.default_rng(dx + dz + k)
        z = rng.normal(size=(300, dz))
        x = z[:, :1] + rng.normal(size=(300, dx))
        y = x[:, :1] + z[:, :1] + rng.normal(size=(300, dy))
        value, local = ksg_conditional_mutual_information(x, y, z, n_neighbors=k)
        expected, expected_local = reference_cmi(x, y, z, k)
        np.testing.assert_allclose(local, expected_local, rtol=1e-12, atol=1e-12)
        assert value == pytest.approx(expected, abs=1e-12)

    @pytest.mark.parametrize("dimension", [1, 3])
    @pytest.mark.parametrize("k", [1, 4])
    def test_wang_kulkarni_verdu(self, dimension, k):
        rng = np.random.default_rng(dimension + k)
        x_p = rng.normal(size=(250, dimension))
        x_q = rng.normal(0.5, 1.5, size=(180, dimension))
        value, local = knn_kl_divergence(x_p, x_q, n_neighbors=k)
        expected, expected_local = reference_kl_divergence(x_p, x_q, k)
        np.testing.assert_allclose(local, expected_local, rtol=1e-12, atol=1e-12)
        assert value == pytest.approx(expected, abs=1e-12)

    @pytest.mark.parametrize("algorithm", [1, 2])
    def test_batched_equals_one_at_a_time(self, algorithm):
        rng = np.random.default_rng(9)
        target = rng.normal(size=600)
        features = target[:, None] * np.linspace(0, 1, 5) + rng.normal(size=(600, 5))
        values, local = ksg_mutual_information_many(features, target, algorithm=algorithm)
        serial, _ = ksg_mutual_information_many(features, target, algorithm=algorithm, n_jobs=1)
        for column in range(5):
            value, expected_local = ksg_mutual_information(
                features[:, column : column + 1], target[:, None], algorithm=algorithm
            )
            np.testing.assert_array_equal(local[:, column], expected_local)
            assert values[column] == pytest.approx(value, abs=1e-15)
        np.testing.assert_array_equal(values, serial)
        assert values[0] < values[-1]  # the correlation grows along the columns

    def test_batched_with_a_two_dimensional_target(self):
        rng = np.random.default_rng(10)
        target = rng.normal(size=(300, 2))
        features = target[:, :1] + rng.normal(size=(300, 3))
        values, local = ksg_mutual_information_many(features, target, n_neighbors=2)
        for column in range(3):
            expected, expected_local = reference_ksg(features[:, [column]], target, 2, 1)
            np.testing.assert_allclose(local[:, column], expected_local, atol=1e-12)
            assert values[column] == pytest.approx(expected, abs=1e-12)


@pytest.mark.usefixtures("knn_backend")
class TestHelpers:
    @pytest.mark.parametrize("metric", ["euclidean", "chebyshev"])
    @pytest.mark.parametrize("dimension", [1, 2, 3])
    def test_kth_neighbor_distances(self, metric, dimension):
        rng = np.random.default_rng(dimension)
        points, reference = rng.normal(size=(200, dimension)), rng.normal(size=(90, dimension))
        for k in (1, 2, 5):
            np.testing.assert_array_equal(
                kth_neighbor_distances(points, k, metric=metric),
                _kth(_pairwise(points, metric=metric), k),
            )
            np.testing.assert_allclose(
                kth_neighbor_distances(points, k, metric=metric, reference=reference),
                _kth(_pairwise(points, reference, metric=metric), k),
                rtol=0,
                atol=1e-15,
            )

    def test_duplicates_count_at_distance_zero(self):
        points = np.array([[0.0], [0.0], [1.0], [3.0]])
        np.testing.assert_array_equal(kth_neighbor_distances(points, 1), [0.0, 0.0, 1.0, 2.0])
        np.testing.assert_array_equal(
            count_within(points, np.array([1.0, 0.0, 2.5, 2.0])), [1, 0, 3, 0]
        )
        np.testing.assert_array_equal(
            count_within(points, np.array([1.0, 0.0, 2.5, 2.0]), strict=False), [2, 1, 3, 1]
        )

    @pytest.mark.parametrize("dimension", [1, 2])
    def test_tied_points_for_mixed_ksg(self, dimension):
        # Gao et al.'s mixed KSG needs, for points whose k-th distance is 0, the number of
        # other points at distance 0 (<= 0) and non-strict counts within the k-th distance.
        rng = np.random.default_rng(8)
        points = rng.integers(0, 4, size=(200, dimension)).astype(float)
        distances = _pairwise(points)
        zero = np.zeros(200)
        np.testing.assert_array_equal(
            count_within(points, zero, strict=False), (distances == 0).sum(axis=1)
        )
        np.testing.assert_array_equal(count_within(points, zero), np.zeros(200))
        radii = kth_neighbor_distances(points, 3)
        np.testing.assert_array_equal(radii, _kth(distances, 3))
        np.testing.assert_array_equal(
            count_within(points, radii, strict=False), (distances <= radii[:, None]).sum(axis=1)
        )

    @pytest.mark.parametrize("dimension", [1, 2, 3])
    @pytest.mark.parametrize("strict", [True, False])
    def test_count_within_chebyshev_is_exact_at_the_boundary(self, dimension, strict):
        rng = np.random.default_rng(dimension)
        points = rng.normal(size=(300, dimension))
        distances = _pairwise(points)
        radii = _kth(distances, 4)  # radii equal to actual distances: boundary cases
        expected = (distances < radii[:, None]) if strict else (distances <= radii[:, None])
        np.testing.assert_array_equal(
            count_within(points, radii, strict=strict), expected.sum(axis=1)
        )
        centers = rng.normal(size=(50, dimension))
        center_radii = rng.uniform(0, 1, size=50)
        to_centers = cdist(centers, points, "chebyshev")
        expected = (
            to_centers < center_radii[:, None] if strict else to_centers <= center_radii[:, None]
        )
        np.testing.assert_array_equal(
            count_within(points, center_radii, centers=centers, strict=strict),
            expected.sum(axis=1),
        )

    def test_count_within_with_a_given_sort_order_and_centers(self):
        rng = np.random.default_rng(6)
        points = rng.normal(size=(300, 1))
        radii = rng.uniform(0, 0.5, size=300)
        order = np.argsort(points[:, 0])
        expected = (_pairwise(points) <= radii[:, None]).sum(axis=1)
        np.testing.assert_array_equal(
            count_within(points, radii, strict=False, sort_order=order), expected
        )
        centers = points[:40] + 0.01
        expected = (cdist(centers, points, "chebyshev") < radii[:40, None]).sum(axis=1)
        np.testing.assert_array_equal(count_within(points, radii[:40], centers=centers), expected)

    def test_count_within_euclidean(self):
        rng = np.random.default_rng(3)
        points = rng.normal(size=(300, 2))
        radii = rng.uniform(0.05, 1.0, size=300)  # generic radii, no exact ties
        expected = (_pairwise(points, metric="euclidean") < radii[:, None]).sum(axis=1)
        np.testing.assert_array_equal(count_within(points, radii, metric="euclidean"), expected)

    def test_neighbor_indices(self):
        points = np.random.default_rng(4).normal(size=(300, 3))
        distances = _pairwise(points)
        kth, neighbors = neighbor_indices(points, 4)
        np.testing.assert_array_equal(kth, _kth(distances, 4))
        found = np.sort(distances[np.arange(300)[:, None], neighbors], axis=1)
        np.testing.assert_array_equal(found, np.sort(distances, axis=1)[:, :4])

    @pytest.mark.slow
    def test_blocked_paths_agree_with_a_plain_tree(self):
        # 270 000 points: more than one block everywhere (Morton codes, kd-tree queries,
        # 1-D counts); scipy's cKDTree used directly, without sorting or blocks, is the oracle.
        from scipy.spatial import cKDTree

        rng = np.random.default_rng(7)
        points = rng.normal(size=(270_000, 2))
        tree = cKDTree(points)
        expected = tree.query(points, k=4, p=np.inf)[0][:, 3]
        np.testing.assert_array_equal(kth_neighbor_distances(points, 3), expected)
        kth, neighbors = neighbor_indices(points, 3)
        np.testing.assert_array_equal(kth, expected)
        gaps = np.abs(points[neighbors[:, 2]] - points).max(axis=1)
        assert np.all(gaps <= expected)
        line = points[:, :1]
        on_axis = np.column_stack([line[:, 0], np.zeros(270_000)])
        radii = rng.uniform(0, 1e-4, size=270_000)
        found = cKDTree(on_axis).query_ball_point(
            on_axis, np.nextafter(radii, 0), p=np.inf, return_length=True
        )
        np.testing.assert_array_equal(count_within(line, radii), found - 1)

    def test_morton_order_is_a_local_permutation(self):
        points = np.random.default_rng(0).uniform(size=(4096, 2))
        order = morton_order(points)
        np.testing.assert_array_equal(np.sort(order), np.arange(4096))
        step = np.abs(np.diff(points[order], axis=0)).max(axis=1)
        assert np.median(step) < 0.05  # random order: ≈ 0.5

    def test_unknown_metric(self):
        with pytest.raises(InvalidParameterError, match="`metric` must be one of"):
            kth_neighbor_distances(np.zeros((5, 2)), 1, metric="manhattan")  # type: ignore[arg-type]


def _both_paths(function, *args, **kwargs):
    """`function(*args, **kwargs)` on the accelerated path and on the cKDTree fallback."""
    with _knn._backend("auto"):
        fast = function(*args, **kwargs)
    with _knn._backend("scipy"):
        plain = function(*args, **kwargs)
    return fast, plain


def _two_dimensional_cases():
    rng = np.random.default_rng(11)
    x = rng.normal(size=20_000)
    yield "gaussian", np.column_stack([x, 0.6 * x + 0.8 * rng.normal(size=20_000)])
    yield "nearly a line", np.column_stack([x, x + 1e-3 * rng.normal(size=20_000)])
    # An integer lattice: exact ties everywhere, and duplicated points (distance 0).
    yield "lattice", rng.integers(0, 60, size=(5_000, 2)).astype(float)
    yield "constant column", np.column_stack([x[:3000], np.zeros(3000)])
    yield "offset", 1e6 + rng.uniform(size=(3000, 2))  # rounding far above the cell width
    yield "cauchy", rng.standard_cauchy(size=(8_000, 2))  # crowds a uniform grid


def test_without_the_accelerators_installed(monkeypatch):
    # As if numba and pykdtree were absent: `_optional` finds neither, the fallback answers.
    monkeypatch.setattr(_knn, "_MODULES", dict.fromkeys(["numba", "numba_tree", "pykdtree"]))
    assert _knn._optional("numba") is None
    rng = np.random.default_rng(17)
    x, y = _gaussian_pair(rng, 300, 0.5)
    local = ksg_mutual_information(x, y)[1]
    np.testing.assert_allclose(local, reference_ksg(x, y, 3, 1)[1], rtol=1e-12, atol=1e-12)
    points = rng.normal(size=(300, 3))
    for metric in ("euclidean", "chebyshev"):
        np.testing.assert_array_equal(
            kth_neighbor_distances(points, 2, metric=metric),
            _kth(_pairwise(points, metric=metric), 2),
        )


@pytest.fixture(params=["serial", "parallel"])
def numba_threads(request, monkeypatch):
    """Run the numba kernels on one thread, or on all cores whatever the input size."""
    from infokit.estimators.knn import grid as _knn_numba
    from infokit.estimators.knn import tree as _knn_tree

    threshold = 0 if request.param == "parallel" else 1 << 62
    monkeypatch.setattr(_knn_numba, "_MIN_PARALLEL", threshold)
    monkeypatch.setattr(_knn_tree, "_MIN_PARALLEL_TREE", threshold)
    return request.param


@needs_numba
@pytest.mark.usefixtures("numba_threads")
class TestAcceleratedPaths:
    """The numba and pykdtree paths return exactly what the cKDTree fallback returns."""

    @pytest.mark.parametrize("k", [1, 3, 10])
    def test_grid_distances_are_bit_identical(self, k):
        for name, points in _two_dimensional_cases():
            fast, plain = _both_paths(kth_neighbor_distances, points, k)
            np.testing.assert_array_equal(fast, plain, err_msg=name)
            queries = 1.2 * points[:700] + 0.05  # some fall outside the grid
            queries[:3] = [[1e300, 0.0], [-1e300, 1e300], [0.0, -1e300]]  # far outside
            fast, plain = _both_paths(kth_neighbor_distances, queries, k, reference=points)
            np.testing.assert_array_equal(fast, plain, err_msg=name)

    def test_grid_against_brute_force_with_duplicates(self):
        points = np.random.default_rng(12).integers(0, 9, size=(400, 2)).astype(float)
        with _knn._backend("auto"):
            for k in (1, 4, 30):
                found = kth_neighbor_distances(points, k)
                np.testing.assert_array_equal(found, _kth(_pairwise(points), k))

    def test_grid_is_used_and_refuses_crowded_data(self):
        from infokit.estimators.knn import grid as _knn_numba

        rng = np.random.default_rng(13)
        assert _knn_numba.grid_kth_2d(rng.normal(size=(5000, 2)), 4, parallel=False) is not None
        crowded = np.vstack([rng.normal(size=(5000, 2)), [[1e9, 1e9]]])  # one far outlier
        assert _knn_numba.grid_kth_2d(crowded, 4, parallel=False) is None
        fast, plain = _both_paths(kth_neighbor_distances, crowded, 3)
        np.testing.assert_array_equal(fast, plain)  # fell back to the kd-tree

    @pytest.mark.parametrize("dimension", [3, 5])
    def test_tree_distances_are_bit_identical(self, dimension):
        rng = np.random.default_rng(20 + dimension)
        cases = {
            "gaussian": rng.normal(size=(20_000, dimension)),
            "lattice": rng.integers(0, 4, size=(3_000, dimension)).astype(float),  # ties
            "cauchy": rng.standard_cauchy(size=(5_000, dimension)),
            "flat": np.column_stack([rng.normal(size=(3_000, dimension - 1)), np.zeros(3_000)]),
        }
        for name, points in cases.items():
            for k in (1, 3, 8):
                fast, plain = _both_paths(kth_neighbor_distances, points, k)
                np.testing.assert_array_equal(fast, plain, err_msg=name)
                queries = 1.3 * points[:500] + 0.05
                fast, plain = _both_paths(kth_neighbor_distances, queries, k, reference=points)
                np.testing.assert_array_equal(fast, plain, err_msg=name)

    def test_tree_against_brute_force_with_duplicates(self):
        points = np.random.default_rng(21).integers(0, 3, size=(300, 3)).astype(float)
        with _knn._backend("auto"):
            for k in (1, 5, 40):
                found = kth_neighbor_distances(points, k)
                np.testing.assert_array_equal(found, _kth(_pairwise(points), k))

    def test_tree_on_extreme_layouts(self):
        from scipy.spatial import cKDTree

        # Magnitudes near the float maximum (sums and midpoints overflow unless scaled), a
        # geometric sequence (a split peels off one point: a deep tree whose top stops at
        # its node budget), clumps of equal points larger than a leaf, and k on both sides
        # of the 4 distances kept in registers and beyond a leaf's 16 points.
        rng = np.random.default_rng(22)
        cases = {
            "huge": np.vstack([rng.normal(size=(1_500, 3)) * 1e307, [[1.7e308, -1.7e308, 0]]]),
            "geometric": np.column_stack([2.0 ** np.arange(-400, 400), np.zeros(800)]),
            "clumps": np.repeat(rng.normal(size=(60, 3)), 35, axis=0),
        }
        for name, points in cases.items():
            queries = points[::7] * 1.01
            for k in (1, 2, 3, 4, 5, 40):
                found = kth_neighbor_distances(points, k)
                expected = cKDTree(points).query(points, k=k + 1, p=np.inf)[0][:, k]
                np.testing.assert_array_equal(found, expected, err_msg=f"{name}, k={k}")
                found = kth_neighbor_distances(queries, k, reference=points)
                expected = cKDTree(points).query(queries, k=[k], p=np.inf)[0][:, 0]
                np.testing.assert_array_equal(found, expected, err_msg=f"{name}, k={k}")

    def test_tree_structure(self):
        from infokit.estimators.knn import tree as _knn_tree

        rng = np.random.default_rng(23)
        cases = [rng.normal(size=(30_000, 4)), rng.integers(0, 5, (2_000, 3)) * 1.0]
        builders = [_knn_tree._build_tree, _knn_tree._build_parallel]  # one or two threads
        for points, build in itertools.product(cases, builders):
            tree_points, order, nodes, gaps, deepest = build(points)
            np.testing.assert_array_equal(np.sort(order), np.arange(len(points)))
            np.testing.assert_array_equal(tree_points, points[order])
            leaves = nodes[nodes[:, 2] < 0]
            leaves = leaves[np.argsort(leaves[:, 0])]  # the leaves tile the rows 0..n-1
            assert leaves[0, 0] == 0
            assert leaves[-1, 1] == len(points)
            assert 2**deepest >= len(leaves)  # the query's stack is sized by the depth
            np.testing.assert_array_equal(leaves[1:, 0], leaves[:-1, 1])
            assert np.all(leaves[:, 1] > leaves[:, 0])
            inner = nodes[:, 2] >= 0
            assert np.all(gaps[inner, 0] < gaps[inner, 1])  # left_max < right_min
            for node in np.flatnonzero(inner)[:200]:  # the recorded gaps are the children's
                axis, left = nodes[node, 2], nodes[node, 3]
                left_rows = tree_points[nodes[left, 0] : nodes[left, 1], axis]
                right_rows = tree_points[nodes[left + 1, 0] : nodes[left + 1, 1], axis]
                assert left_rows.max() == gaps[node, 0]
                assert right_rows.min() == gaps[node, 1]
            big = leaves[:, 1] - leaves[:, 0] > _knn_tree._LEAF  # only clumps of equal points
            for first, stop in leaves[big, :2]:
                assert np.all(tree_points[first:stop] == tree_points[first])

    @pytest.mark.parametrize("strict", [True, False])
    def test_counts_are_bit_identical(self, strict):
        rng = np.random.default_rng(14)
        values = np.concatenate([rng.normal(size=30_000), np.round(rng.normal(size=5_000), 2)])
        points = values[:, None]
        n = values.shape[0]
        partners = rng.integers(0, n, size=n)
        cases = {
            "random": rng.exponential(0.01, size=n),
            "ties": np.abs(values - values[partners]),  # radii equal to actual distances
            "zero": np.where(rng.uniform(size=n) < 0.3, 0.0, 1e-3),
        }
        for name, radii in cases.items():
            fast, plain = _both_paths(count_within, points, radii, strict=strict)
            np.testing.assert_array_equal(fast, plain, err_msg=name)
            centers = values[:2000, None] + 1e-3
            fast, plain = _both_paths(
                count_within, points, radii[:2000], centers=centers, strict=strict
            )
            np.testing.assert_array_equal(fast, plain, err_msg=name)

    @pytest.mark.skipif(not _HAS_PYKDTREE, reason="pykdtree (extra `fast`) not installed")
    @pytest.mark.parametrize("dimension", [2, 5])
    def test_pykdtree_distances_are_bit_identical(self, dimension):
        rng = np.random.default_rng(dimension)
        points = rng.normal(size=(20_000, dimension))
        lattice = rng.integers(0, 5, size=(2_000, dimension)).astype(float)  # ties, duplicates
        for data in (points, lattice):
            for k in (1, 3):
                fast, plain = _both_paths(kth_neighbor_distances, data, k, metric="euclidean")
                np.testing.assert_array_equal(fast, plain)
                fast, plain = _both_paths(
                    kth_neighbor_distances, data[:500] + 0.1, k, metric="euclidean", reference=data
                )
                np.testing.assert_array_equal(fast, plain)

    @pytest.mark.parametrize("algorithm", [1, 2])
    def test_estimates_are_identical(self, algorithm):
        rng = np.random.default_rng(15)
        x, y = _gaussian_pair(rng, 30_000, 0.8)
        fast, plain = _both_paths(ksg_mutual_information, x, y, algorithm=algorithm)
        assert fast[0] == plain[0]
        np.testing.assert_array_equal(fast[1], plain[1])
        features = np.column_stack([x[:, 0], y[:, 0] + rng.normal(size=30_000), x[:, 0] ** 3])
        fast, plain = _both_paths(
            ksg_mutual_information_many, features, y, algorithm=algorithm, n_jobs=2
        )
        np.testing.assert_array_equal(fast[1], plain[1])
        points = rng.normal(size=(10_000, 5))
        fast, plain = _both_paths(kozachenko_leonenko_entropy, points)
        np.testing.assert_array_equal(fast[1], plain[1])
        fast, plain = _both_paths(knn_kl_divergence, points, points[::-1] * 1.1 + 0.1)
        np.testing.assert_array_equal(fast[1], plain[1])

    def test_concurrent_callers_share_the_parallel_kernels_safely(self):
        from concurrent.futures import ThreadPoolExecutor

        rng = np.random.default_rng(16)
        pairs = [_gaussian_pair(rng, 40_000, rho) for rho in (0.0, 0.5, 0.9, 0.99)]
        with _knn._backend("scipy"):
            expected = [ksg_mutual_information(x, y)[0] for x, y in pairs]
        with ThreadPoolExecutor(max_workers=4) as pool:
            found = list(pool.map(lambda pair: ksg_mutual_information(*pair)[0], pairs))
        assert found == expected


# ----------------------------------------------------------------------------------------
# Peers


@pytest.mark.oracle
class TestScikitLearn:
    @pytest.mark.parametrize("n", [50, 1000, 5000])
    @pytest.mark.parametrize("k", [1, 3, 5])
    def test_compute_mi_cc(self, n, k):
        _compute_mi_cc = pytest.importorskip(
            "sklearn.feature_selection._mutual_info"
        )._compute_mi_cc

        x, y = _gaussian_pair(np.random.default_rng(n + k), n, 0.6)
        expected = _compute_mi_cc(x[:, 0], y[:, 0], k)
        assert expected > 0  # scikit-learn clamps negative values at 0
        value, _ = ksg_mutual_information(x, y, n_neighbors=k)
        assert value == pytest.approx(expected, abs=1e-12)

    def test_mutual_info_regression_with_its_jitter_replicated(self):
        pytest.importorskip("sklearn")
        from sklearn.feature_selection import mutual_info_regression
        from sklearn.preprocessing import scale

        rng = np.random.default_rng(1)
        target = rng.normal(size=2000)
        features = target[:, None] * [0.3, 1.0, 2.0] + rng.normal(size=(2000, 3))
        expected = mutual_info_regression(features, target, n_neighbors=3, random_state=0)
        # scikit-learn's preprocessing: scale without centring, then noise drawn in this order.
        noise = np.random.RandomState(0)
        scaled = scale(features, with_mean=False)
        scaled += (
            1e-10 * np.maximum(1, np.abs(scaled).mean(axis=0)) * noise.standard_normal((2000, 3))
        )
        y = scale(target, with_mean=False)
        y += 1e-10 * max(1, np.abs(y).mean()) * noise.standard_normal(2000)
        values, _ = ksg_mutual_information_many(scaled, y)
        np.testing.assert_allclose(values, expected, rtol=0, atol=1e-12)


# ----------------------------------------------------------------------------------------
# Statistics (seeded; sd measured over 30 seeds at N = 5000)

N_STAT = 5000


class TestConvergence:
    @pytest.mark.parametrize(
        ("dimension", "metric", "sd", "bias"),
        # measured: d=1 sd 0.013, bias -0.001; d=3 sd 0.019, bias -0.018 (euclidean),
        # -0.021 (max-norm)
        [
            (1, "euclidean", 0.013, 0.001),
            (3, "euclidean", 0.019, 0.018),
            (3, "chebyshev", 0.019, 0.021),
        ],
    )
    def test_gaussian_entropy(self, dimension, metric, sd, bias):
        x = np.random.default_rng(11).normal(size=(N_STAT, dimension))
        value, _ = kozachenko_leonenko_entropy(x, metric=metric)
        truth = 0.5 * dimension * math.log(2 * math.pi * math.e)
        assert value == pytest.approx(truth, abs=4 * sd + bias)

    def test_uniform_entropy(self):
        # uniform on [0, 1]^2 has entropy 0; measured sd 0.011, bias +0.016 (boundary effect)
        x = np.random.default_rng(12).uniform(size=(N_STAT, 2))
        value, _ = kozachenko_leonenko_entropy(x)
        assert value == pytest.approx(0.0, abs=4 * 0.011 + 0.016)

    def test_ksg_bivariate_gaussian(self):
        # measured sd 0.013 (ksg) and 0.014 (ksg2), bias +0.002
        x, y = _gaussian_pair(np.random.default_rng(13), N_STAT, 0.6)
        truth = -0.5 * math.log(1 - 0.6**2)
        for algorithm in (1, 2):
            value, _ = ksg_mutual_information(x, y, algorithm=algorithm)
            assert value == pytest.approx(truth, abs=4 * 0.014 + 0.002)

    def test_ksg_independent_is_zero_within_its_standard_error(self):
        rng = np.random.default_rng(14)
        value, local = ksg_mutual_information(
            rng.normal(size=(N_STAT, 1)), rng.normal(size=(N_STAT, 1))
        )
        # measured sd over seeds 0.011; the local-term standard error is of that order
        standard_error = local.std(ddof=1) / math.sqrt(N_STAT)
        assert 0.005 < standard_error < 0.03
        assert abs(value) < 4 * 0.011

    def test_ksg2_tracks_ksg_at_ten_thousand(self):
        differences = []
        for seed in range(3):
            x, y = _gaussian_pair(np.random.default_rng(seed), 10_000, 0.6)
            differences.append(
                ksg_mutual_information(x, y, algorithm=2)[0] - ksg_mutual_information(x, y)[0]
            )
        assert abs(np.mean(differences)) < 0.02

    def test_ksg_nearly_invariant_under_a_monotone_map(self):
        # sinh keeps the ranks of x but not its distances; the change measured over 30 seeds:
        # mean -0.003, sd 0.004 (the estimate's own sd is 0.013).
        x, y = _gaussian_pair(np.random.default_rng(15), N_STAT, 0.6)
        mapped = np.sinh(x)
        mapped /= mapped.std()
        original, _ = ksg_mutual_information(x, y)
        transformed, _ = ksg_mutual_information(mapped, y)
        assert transformed == pytest.approx(original, abs=0.003 + 4 * 0.004)

    def test_frenzel_pompe_gaussian(self):
        # I(X;Y|Z) with partial correlation² 0.2; measured sd 0.013, bias -0.001
        rng = np.random.default_rng(16)
        z = rng.normal(size=(N_STAT, 1))
        x = z + rng.normal(size=(N_STAT, 1))
        y = z + 0.5 * x + rng.normal(size=(N_STAT, 1))
        value, _ = ksg_conditional_mutual_information(x, y, z)
        assert value == pytest.approx(-0.5 * math.log(1 - 0.2), abs=4 * 0.013 + 0.001)

    @pytest.mark.parametrize(("dimension", "sd", "bias"), [(1, 0.035, 0.02), (3, 0.038, 0.002)])
    def test_kl_divergence_between_gaussians(self, dimension, sd, bias):
        rng = np.random.default_rng(17)
        x_p = rng.normal(size=(N_STAT, dimension))
        x_q = rng.normal(0.5, 1.2, size=(N_STAT, dimension))
        # closed form per dimension: log(s_q/s_p) + (s_p² + (m_p - m_q)²) / (2 s_q²) - 1/2
        truth = dimension * (math.log(1.2) + (1 + 0.25) / (2 * 1.44) - 0.5)
        value, _ = knn_kl_divergence(x_p, x_q)
        assert value == pytest.approx(truth, abs=4 * sd + bias)


# ----------------------------------------------------------------------------------------
# Bad input


class TestErrors:
    def test_duplicated_points(self):
        x = np.array([[0.0], [0.0], [0.0], [1.0], [2.0]])
        with pytest.raises(InvalidParameterError, match="`x` has duplicated points: 3 sample"):
            kozachenko_leonenko_entropy(x, n_neighbors=1)

    def test_shared_points_in_kl_divergence_count_as_the_point_itself(self):
        # x = 1 is in both: its nu is past the copy (|1 - 5| = 4) and m drops to 1, so its
        # term is log(4 / 1) + log(1 / 2) = log 2; the other two terms are log(1/1) + log(2/2)
        x_p = np.array([[0.0], [1.0], [2.0]])
        value, terms = knn_kl_divergence(x_p, np.array([[1.0], [5.0]]))
        np.testing.assert_allclose(terms, [0.0, math.log(2), 0.0], atol=1e-15)
        assert value == pytest.approx(math.log(2) / 3, abs=1e-15)

    @pytest.mark.parametrize("k", [0, 5, 2.5, True])
    def test_n_neighbors(self, k):
        with pytest.raises(InvalidParameterError, match="`n_neighbors` must"):
            kozachenko_leonenko_entropy(np.arange(5.0)[:, None], n_neighbors=k)

    def test_n_neighbors_larger_than_q(self):
        with pytest.raises(InvalidParameterError, match="number of samples of `x_q` \\(2\\)"):
            knn_kl_divergence(np.arange(9.0)[:, None], np.array([[0.5], [1.5]]), n_neighbors=3)

    @pytest.mark.parametrize("algorithm", [0, 3, True])
    def test_algorithm(self, algorithm):
        x = np.arange(10.0)[:, None]
        with pytest.raises(InvalidParameterError, match="`algorithm` must be 1 or 2"):
            ksg_mutual_information(x, x, algorithm=algorithm)
