"""Exact nearest-neighbour search for the kNN estimators (nothing estimator-specific).

A kd-tree (scipy's cKDTree, pykdtree, or the numba tree and 2-D grid of the ``fast`` extra)
behind three calls: `kth_neighbor_distances`, `count_within` and `neighbor_indices`.
"""

from infokit.estimators.knn.search import count_within, kth_neighbor_distances, neighbor_indices

__all__ = ["count_within", "kth_neighbor_distances", "neighbor_indices"]
