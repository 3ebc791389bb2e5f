r"""k-nearest-neighbour kernels for entropy, mutual information and KL divergence.

Kozachenko–Leonenko entropy, KSG mutual information (algorithms 1 and 2), Frenzel–Pompe
conditional mutual information and the Wang–Kulkarni–Verdú KL divergence.

These are the numeric cores behind ``estimate_entropy(method="kozachenko_leonenko")``,
``estimate_mutual_information(method="ksg" | "ksg2")``,
``estimate_conditional_mutual_information(method="ksg")`` and
``estimate_kl_divergence(method="knn")``. They take NumPy float64 arrays of shape ``(n, d)``
that the public functions have already validated, standardised and freed of duplicated
points, and return the estimate in nats together with the per-sample *local* terms whose
mean it is (for standard errors and subsampling).

Every kernel follows its paper exactly, including strict versus non-strict inequalities;
the tests compare each one with a brute-force O(N²) implementation and with scikit-learn.
Speed comes from `infokit.estimators.knn.search`: sorted arrays and binary search for 1-D
coordinates, a Morton-sorted `scipy.spatial.cKDTree` on all cores otherwise; with the
optional ``fast`` extra, numba kernels (a uniform grid for 2-D max-norm neighbours, a
kd-tree for other max-norm ones, galloping searches for 1-D counts) and pykdtree (Euclidean
neighbours) give bit-identical results 1.4-4 times faster.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Literal

import numpy as np
from scipy.special import digamma, gammaln

from infokit._validation import check_int
from infokit.errors import InvalidParameterError
from infokit.estimators.knn.exclusion import (
    TimeExclusion,
    count_within_excluding,
    kth_neighbor_distances_excluding,
)
from infokit.estimators.knn.search import (
    Metric,
    all_neighbor_distances,
    count_within,
    kth_neighbor_distances,
    neighbor_indices,
    unit_ball_log_volume,
)

__all__ = [
    "count_within",
    "knn_kl_divergence",
    "kozachenko_leonenko_entropy",
    "ksg_conditional_mutual_information",
    "ksg_mutual_information",
    "ksg_mutual_information_many",
    "kth_neighbor_distances",
    "weighted_kozachenko_leonenko_entropy",
    "weighted_kozachenko_leonenko_weights",
]

_Float = np.ndarray[Any, np.dtype[np.float64]]
_Int = np.ndarray[Any, np.dtype[np.intp]]


def _check_neighbors(n_neighbors: int, n_samples: int, *, name: str = "x") -> None:
    n_neighbors = check_int(n_neighbors, name="n_neighbors", minimum=1)
    if n_neighbors >= n_samples:
        msg = (
            f"`n_neighbors` must be between 1 and the number of samples minus one "
            f"({n_samples - 1}) of `{name}`; got {n_neighbors}. Pass more samples or a "
            "smaller `n_neighbors`."
        )
        raise InvalidParameterError(msg)


def _log_positive(distances: _Float, *, problem: str) -> _Float:
    """``log(distances)``, refusing zero distances (duplicated points)."""
    if not np.all(distances > 0):
        n_zero = int(np.count_nonzero(distances <= 0))
        msg = (
            f"{problem}: {n_zero} sample(s) have their k-th neighbour at distance 0, where "
            "the kNN estimator is undefined. Add small jitter or use a larger `n_neighbors`."
        )
        raise InvalidParameterError(msg)
    return np.log(distances)


def kozachenko_leonenko_entropy(
    x: _Float, /, *, n_neighbors: int = 3, metric: Metric = "euclidean"
) -> tuple[float, _Float]:
    r"""Estimate differential entropy with the Kozachenko–Leonenko kNN estimator.

    Parameters
    ----------
    x : array of shape (n, d)
        Samples, float64, without duplicated points.
    n_neighbors : int, default=3
        The k of the k-th nearest neighbour; 3 follows Kraskov et al. [2]_.
    metric : {"euclidean", "chebyshev"}, default="euclidean"
        Norm of the distances; the unit-ball volume :math:`V_d` matches it.

    Returns
    -------
    value : float
        Entropy in nats.
    local_terms : array of shape (n,)
        Per-sample terms in nats; ``value == local_terms.mean()``.

    Notes
    -----
    .. math::
        \hat H = \psi(N) - \psi(k) + \log V_d + \frac{d}{N}\sum_{i=1}^N \log \varepsilon_i

    with :math:`\varepsilon_i` the distance (a radius, not a diameter) from sample *i* to its
    k-th nearest neighbour and :math:`V_d` the volume of the unit ball of the norm:
    :math:`\pi^{d/2}/\Gamma(d/2 + 1)` for the Euclidean norm, :math:`2^d` for the max-norm.
    Asymptotically unbiased and consistent for fixed k [1]_; the bias grows with d.
    One-dimensional data are sorted instead of put in a tree: the k nearest neighbours of a
    sorted value lie within k positions on either side.

    References
    ----------
    .. [1] L. F. Kozachenko and N. N. Leonenko, "Sample estimate of the entropy of a random
       vector", *Problems Inform. Transmission* 23(2), 95–101, 1987.
    .. [2] A. Kraskov, H. Stögbauer and P. Grassberger, "Estimating mutual information",
       *Phys. Rev. E* 69, 066138, 2004.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.random.default_rng(0).normal(size=(20000, 1))
    >>> value, _ = kozachenko_leonenko_entropy(x)
    >>> print(f"{value:.3f} vs truth {0.5 * np.log(2 * np.pi * np.e):.3f}")
    1.419 vs truth 1.419
    """
    n_samples, dimension = x.shape
    _check_neighbors(n_neighbors, n_samples)
    distances = kth_neighbor_distances(x, n_neighbors, metric=metric)
    offset = (
        float(digamma(n_samples))
        - float(digamma(n_neighbors))
        + unit_ball_log_volume(dimension, metric)
    )
    local_terms = offset + dimension * _log_positive(distances, problem="`x` has duplicated points")
    return float(local_terms.mean()), local_terms


def weighted_kozachenko_leonenko_weights(n_neighbors: int, dimension: int) -> _Float:
    r"""Minimum-norm bias-cancelling weights of Berrett, Samworth and Yuan (2019).

    Parameters
    ----------
    n_neighbors : int
        K, the largest neighbour rank that gets a weight.
    dimension : int
        d, the dimension of the samples.

    Returns
    -------
    array of shape (K,)
        ``w[j - 1]`` weighs the Kozachenko–Leonenko estimate from the j-th neighbour.

    Notes
    -----
    The weights have the smallest Euclidean norm among those with

    .. math::
        \sum_{j=1}^K w_j = 1, \qquad
        \sum_{j=1}^K w_j \frac{\Gamma(j + 2l/d)}{\Gamma(j)} = 0
        \quad (l = 1, \ldots, \lfloor d/4 \rfloor),

    the constraints (2) of the paper, which cancel the leading bias terms of order
    :math:`(j/N)^{2l/d}`. For :math:`d \le 3` there is no constraint but the sum and the
    weights are :math:`(0, \ldots, 0, 1)`: the plain estimator with the K-th neighbour, as in
    the authors' ``L2OptW`` (R package IndepTest). Raises if K is too small to meet the
    constraints (K must exceed :math:`\lfloor d/4 \rfloor`).
    """
    n_constraints = dimension // 4
    if n_neighbors <= n_constraints:
        msg = (
            f"`n_neighbors` must exceed floor(d / 4) = {n_constraints} for the weighted "
            f"Kozachenko–Leonenko estimator in {dimension} dimensions; got {n_neighbors}. "
            "Pass a larger `n_neighbors`."
        )
        raise InvalidParameterError(msg)
    weights = np.zeros(n_neighbors)
    if n_constraints == 0:
        weights[-1] = 1.0
        return weights
    ranks = np.arange(1, n_neighbors + 1, dtype=np.float64)
    rows = [np.ones(n_neighbors)]
    rows += [
        np.exp(gammaln(ranks + 2 * order / dimension) - gammaln(ranks))
        for order in range(1, n_constraints + 1)
    ]
    constraints = np.vstack(rows)
    target = np.zeros(n_constraints + 1)
    target[0] = 1.0
    # the minimum-norm solution of the underdetermined system: G^T (G G^T)^{-1} e_1
    solution: _Float = np.asarray(np.linalg.lstsq(constraints, target, rcond=None)[0], np.float64)
    return solution


def weighted_kozachenko_leonenko_entropy(
    x: _Float, /, *, n_neighbors: int, metric: Metric = "euclidean"
) -> tuple[float, _Float]:
    r"""Estimate differential entropy with the weighted Kozachenko–Leonenko estimator.

    Parameters
    ----------
    x : array of shape (n, d)
        Samples, float64, without duplicated points.
    n_neighbors : int
        K: the estimate averages the Kozachenko–Leonenko estimates with the 1st to K-th
        neighbour.
    metric : {"euclidean", "chebyshev"}, default="euclidean"
        Norm of the distances; the unit-ball volume :math:`V_d` matches it.

    Returns
    -------
    value : float
        Entropy in nats.
    local_terms : array of shape (n,)
        Per-sample weighted terms in nats; ``value == local_terms.mean()``.

    Notes
    -----
    .. math::
        \hat H_w = \sum_{j=1}^K w_j \hat H_{(j)}, \qquad
        \hat H_{(j)} = \psi(N) - \psi(j) + \log V_d
        + \frac{d}{N}\sum_{i=1}^N \log \varepsilon_{i,(j)}

    with :math:`\varepsilon_{i,(j)}` the distance from sample *i* to its j-th nearest
    neighbour and *w* from `weighted_kozachenko_leonenko_weights` [1]_. One kNN search
    gives all K distances. The weights cancel the bias terms of order :math:`(K/N)^{2l/d}`,
    :math:`l \le d/4`, that keep the plain estimator from :math:`\sqrt N`-efficiency for
    :math:`d \ge 4`; for :math:`d \le 3` the estimate is the plain one with the K-th
    neighbour.

    References
    ----------
    .. [1] T. B. Berrett, R. J. Samworth and M. Yuan, "Efficient multivariate entropy
       estimation via k-nearest neighbour distances", *Ann. Statist.* 47(1), 288–318, 2019.
    """
    n_samples, dimension = x.shape
    _check_neighbors(n_neighbors, n_samples)
    weights = weighted_kozachenko_leonenko_weights(n_neighbors, dimension)
    distances = all_neighbor_distances(x, n_neighbors, metric=metric)
    used = weights != 0
    logs = _log_positive(distances[:, used], problem="`x` has duplicated points")
    ranks = np.arange(1, n_neighbors + 1)[used]
    offset = (
        float(digamma(n_samples))
        - float(weights[used] @ digamma(ranks))
        + unit_ball_log_volume(dimension, metric)
    )
    local_terms: _Float = offset + dimension * (logs @ weights[used])
    return float(local_terms.mean()), local_terms


def _max_marginal_distance(points: _Float, neighbors: np.ndarray[Any, Any]) -> _Float:
    """Max-norm distance from each point to the farthest of its listed neighbours."""
    result = np.zeros(points.shape[0])
    for column in range(neighbors.shape[1]):
        gap = np.abs(points[neighbors[:, column]] - points).max(axis=1)
        np.maximum(result, gap, out=result)
    return result


def _digamma_of(counts: _Int, shift: int) -> _Float:
    """``digamma(counts + shift)`` by table look-up: counts are integers well below N."""
    table = digamma(np.arange(shift, int(counts.max(initial=0)) + shift + 1, dtype=np.float64))
    return np.asarray(table[counts], dtype=np.float64)


def _ksg(
    x: _Float,
    y: _Float,
    n_neighbors: int,
    algorithm: int,
    *,
    x_order: _Int | None = None,
    y_order: _Int | None = None,
    workers: int = -1,
) -> _Float:
    """Local KSG terms (nats) of validated inputs; argsorts of 1-D marginals may be given."""
    n_samples = x.shape[0]
    joint = np.concatenate([x, y], axis=1)
    constant = float(digamma(n_samples)) + float(digamma(n_neighbors))
    if algorithm == 1:
        # Eq. (8) of [1]: strict counts inside the joint k-th neighbour max-norm radius.
        radii = kth_neighbor_distances(joint, n_neighbors, metric="chebyshev", workers=workers)
        del joint  # the tree kept its own sorted copy; free this one before counting
        n_x = count_within(x, radii, strict=True, sort_order=x_order, workers=workers)
        n_y = count_within(y, radii, strict=True, sort_order=y_order, workers=workers)
        return np.asarray(constant - _digamma_of(n_x, 1) - _digamma_of(n_y, 1), dtype=np.float64)
    # Eq. (9) of [1]: per-marginal radii from the k joint neighbours, counts with <=.
    _, neighbors = neighbor_indices(joint, n_neighbors, metric="chebyshev", workers=workers)
    radius_x = _max_marginal_distance(x, neighbors)
    radius_y = _max_marginal_distance(y, neighbors)
    n_x = count_within(x, radius_x, strict=False, sort_order=x_order, workers=workers)
    n_y = count_within(y, radius_y, strict=False, sort_order=y_order, workers=workers)
    local = constant - 1.0 / n_neighbors - _digamma_of(n_x, 0) - _digamma_of(n_y, 0)
    return np.asarray(local, dtype=np.float64)


def _check_algorithm(algorithm: int) -> None:
    if algorithm not in (1, 2) or isinstance(algorithm, bool):
        msg = f"`algorithm` must be 1 or 2 (KSG algorithm 1 or 2); got {algorithm!r}."
        raise InvalidParameterError(msg)


def ksg_mutual_information(
    x: _Float,
    y: _Float,
    /,
    *,
    n_neighbors: int = 3,
    algorithm: Literal[1, 2] = 1,
    workers: int = -1,
    exclusion: TimeExclusion | None = None,
) -> tuple[float, _Float]:
    r"""Estimate mutual information with the Kraskov–Stögbauer–Grassberger estimator.

    Parameters
    ----------
    x, y : arrays of shape (n, d_x) and (n, d_y)
        Paired samples, float64, without duplicated points.
    n_neighbors : int, default=3
        The k of the k-th nearest neighbour in the joint space; 3 follows [1]_.
    algorithm : {1, 2}, default=1
        KSG algorithm 1 (``method="ksg"``) or 2 (``method="ksg2"``).
    workers : int, default=-1
        Threads of the searches (-1: all cores); 1 runs serially without holding the GIL,
        for callers that run many estimates in their own threads (permutation tests).
    exclusion : TimeExclusion, optional
        Times and trials of the samples and a Theiler window: pairs of the same trial at
        most ``exclusion.window`` steps apart are neither neighbours nor counted (algorithm
        1 only; `infokit.estimators.knn.exclusion`). :math:`\psi(N)` keeps the number of
        samples, as in JIDT.

    Returns
    -------
    value : float
        Mutual information in nats; may be negative (not clamped).
    local_terms : array of shape (n,)
        Per-sample terms in nats; ``value == local_terms.mean()``.

    Notes
    -----
    Distances in the joint space are max-norms. Algorithm 1, Eq. (8) of [1]_:

    .. math:: \hat I = \psi(k) + \psi(N) - \langle \psi(n_x + 1) + \psi(n_y + 1) \rangle

    with :math:`\varepsilon_i` the joint distance to the k-th neighbour and
    :math:`n_x(i) = \#\{j \ne i : \|x_j - x_i\|_\infty < \varepsilon_i\}` (strict), the same
    for :math:`n_y`. Algorithm 2, Eq. (9) of [1]_:

    .. math:: \hat I = \psi(k) - 1/k + \psi(N) - \langle \psi(n_x) + \psi(n_y) \rangle

    with per-marginal radii :math:`\varepsilon_x(i)/2`, the largest x-distance among the k
    joint neighbours, and counts :math:`\|x_j - x_i\|_\infty \le \varepsilon_x(i)/2`.
    Algorithm 1 equals scikit-learn's ``mutual_info_regression`` on the same data (up to its
    jitter and its clamping of negative values at 0). 1-D marginals are counted with binary
    searches on sorted copies, others with a kd-tree of the marginal.

    References
    ----------
    .. [1] A. Kraskov, H. Stögbauer and P. Grassberger, "Estimating mutual information",
       *Phys. Rev. E* 69, 066138, 2004.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> x = rng.normal(size=(20000, 1))
    >>> y = 0.6 * x + 0.8 * rng.normal(size=(20000, 1))
    >>> value, _ = ksg_mutual_information(x, y)
    >>> print(f"{value:.3f} vs truth {-0.5 * np.log(1 - 0.6**2):.3f}")
    0.227 vs truth 0.223
    """
    _check_algorithm(algorithm)
    _check_neighbors(n_neighbors, x.shape[0])
    if exclusion is not None and exclusion.window > 0:
        if algorithm != 1:
            msg = "a Theiler window (`theiler` > 0) is implemented for KSG algorithm 1 only."
            raise InvalidParameterError(msg)
        local_terms = _ksg_excluding(x, y, n_neighbors, exclusion)
    else:
        local_terms = _ksg(x, y, n_neighbors, algorithm, workers=workers)
    return float(local_terms.mean()), local_terms


def _ksg_excluding(x: _Float, y: _Float, n_neighbors: int, exclusion: TimeExclusion) -> _Float:
    """Local KSG algorithm-1 terms (nats) with the pairs inside a Theiler window left out."""
    radii = kth_neighbor_distances_excluding(np.concatenate([x, y], axis=1), n_neighbors, exclusion)
    n_x = count_within_excluding(x, radii, exclusion)
    n_y = count_within_excluding(y, radii, exclusion)
    constant = float(digamma(x.shape[0])) + float(digamma(n_neighbors))
    return np.asarray(constant - _digamma_of(n_x, 1) - _digamma_of(n_y, 1), dtype=np.float64)


def ksg_mutual_information_many(
    features: _Float,
    target: _Float,
    /,
    *,
    n_neighbors: int = 3,
    algorithm: Literal[1, 2] = 1,
    n_jobs: int | None = None,
) -> tuple[_Float, _Float]:
    r"""Estimate the KSG mutual information of each feature with one target.

    Parameters
    ----------
    features : array of shape (n, m)
        m one-dimensional features, float64, each without duplicated values.
    target : array of shape (n,) or (n, d_y)
        The common target.
    n_neighbors : int, default=3
        The k of the k-th nearest neighbour in each joint space.
    algorithm : {1, 2}, default=1
        KSG algorithm, as in `ksg_mutual_information`.
    n_jobs : int, optional
        Threads running features in parallel; default: all cores. The kd-tree, the numba
        kernels and NumPy release the GIL, so threads share the sorted target without copies.

    Returns
    -------
    values : array of shape (m,)
        Mutual information of each feature with the target, in nats.
    local_terms : array of shape (n, m)
        Per-sample terms in nats; ``values == local_terms.mean(axis=0)``.

    Notes
    -----
    The same formulas as `ksg_mutual_information` column by column; the sorted target (for
    1-D targets) is computed once, and features run on a thread pool, each query on one core.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> target = rng.normal(size=5000)
    >>> features = np.column_stack([target + rng.normal(size=5000), rng.normal(size=5000)])
    >>> values, _ = ksg_mutual_information_many(features, target)
    >>> print(np.round(values, 2))  # truth: -0.5 log(1 - 1/2) = 0.35, and 0
    [ 0.34 -0.01]
    """
    _check_algorithm(algorithm)
    n_samples, n_features = features.shape
    _check_neighbors(n_neighbors, n_samples, name="features")
    y = target.reshape(n_samples, -1)
    y_order = np.argsort(y[:, 0]) if y.shape[1] == 1 else None
    local_terms = np.empty((n_samples, n_features), order="F")  # contiguous columns

    def run(column: int) -> None:
        x = np.ascontiguousarray(features[:, column : column + 1])
        local_terms[:, column] = _ksg(x, y, n_neighbors, algorithm, y_order=y_order, workers=1)

    threads = n_jobs if n_jobs is not None and n_jobs > 0 else (os.cpu_count() or 1)
    threads = min(threads, n_features)
    if threads <= 1:
        for column in range(n_features):
            run(column)
    else:
        with ThreadPoolExecutor(max_workers=threads) as pool:
            list(pool.map(run, range(n_features)))
    return local_terms.mean(axis=0), local_terms


def ksg_conditional_mutual_information(
    x: _Float,
    y: _Float,
    z: _Float,
    /,
    *,
    n_neighbors: int = 3,
    exclusion: TimeExclusion | None = None,
) -> tuple[float, _Float]:
    r"""Estimate conditional mutual information with the Frenzel–Pompe kNN estimator.

    Parameters
    ----------
    x, y, z : arrays of shape (n, d_x), (n, d_y), (n, d_z)
        Paired samples, float64, without duplicated points.
    n_neighbors : int, default=3
        The k of the k-th nearest neighbour in the joint (x, y, z) space.
    exclusion : TimeExclusion, optional
        Times and trials of the samples and a Theiler window: pairs of the same trial at
        most ``exclusion.window`` steps apart are left out of the neighbour search and of
        the three counts (`infokit.estimators.knn.exclusion`), as in JIDT.

    Returns
    -------
    value : float
        :math:`I(X; Y \mid Z)` in nats; may be negative (not clamped).
    local_terms : array of shape (n,)
        Per-sample terms in nats; ``value == local_terms.mean()``.

    Notes
    -----
    .. math::
        \hat I(X;Y \mid Z) = \psi(k) - \langle \psi(n_{xz} + 1) + \psi(n_{yz} + 1)
        - \psi(n_z + 1) \rangle

    with :math:`\varepsilon_i` the max-norm distance to the k-th neighbour in the joint
    space and :math:`n_{xz}(i)` the number of other points with
    :math:`\|(x, z)_j - (x, z)_i\|_\infty < \varepsilon_i` (strict), likewise for
    :math:`n_{yz}` and :math:`n_z` [1]_ [2]_.

    References
    ----------
    .. [1] S. Frenzel and B. Pompe, "Partial mutual information for coupling analysis of
       multivariate time series", *Phys. Rev. Lett.* 99, 204101, 2007.
    .. [2] M. Vejmelka and M. Paluš, "Inferring the directionality of coupling with
       conditional mutual information", *Phys. Rev. E* 77, 026214, 2008.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> z = rng.normal(size=(20000, 1))
    >>> x = z + rng.normal(size=(20000, 1))
    >>> y = z + rng.normal(size=(20000, 1))
    >>> value, _ = ksg_conditional_mutual_information(x, y, z)  # X ⊥ Y given Z
    >>> abs(value) < 0.01
    True
    """
    _check_neighbors(n_neighbors, x.shape[0])
    joint = np.concatenate([x, y, z], axis=1)
    xz, yz = np.concatenate([x, z], axis=1), np.concatenate([y, z], axis=1)
    if exclusion is not None and exclusion.window > 0:
        radii = kth_neighbor_distances_excluding(joint, n_neighbors, exclusion)
        n_xz = count_within_excluding(xz, radii, exclusion)
        n_yz = count_within_excluding(yz, radii, exclusion)
        n_z = count_within_excluding(z, radii, exclusion)
    else:
        radii = kth_neighbor_distances(joint, n_neighbors, metric="chebyshev")
        n_xz = count_within(xz, radii, strict=True)
        n_yz = count_within(yz, radii, strict=True)
        n_z = count_within(z, radii, strict=True)
    local_terms = (
        float(digamma(n_neighbors)) - digamma(n_xz + 1.0) - digamma(n_yz + 1.0) + digamma(n_z + 1.0)
    )
    return float(local_terms.mean()), local_terms


def knn_kl_divergence(x_p: _Float, x_q: _Float, /, *, n_neighbors: int = 1) -> tuple[float, _Float]:
    r"""Estimate the KL divergence :math:`D(P \| Q)` from samples of P and Q (Wang et al.).

    Parameters
    ----------
    x_p : array of shape (n, d)
        Samples of P, float64. Repeated rows count once (the estimate runs on the distinct
        rows, each term weighted by its multiplicity).
    x_q : array of shape (m, d)
        Samples of Q; repeated rows count once. A row of `x_p` that also appears here counts
        as the point itself (its distance is to the next neighbour and m drops by one), so
        identical samples give exactly 0.
    n_neighbors : int, default=1
        The k of the k-th nearest neighbour; 1 follows [1]_.

    Returns
    -------
    value : float
        Divergence in nats; may be negative (not clamped).
    local_terms : array of shape (n,)
        Per-sample terms in nats; ``value == local_terms.mean()``.

    Notes
    -----
    Eq. (5) of [1]_, with Euclidean distances:

    .. math::
        \hat D(P \| Q) = \frac{d}{n}\sum_{i=1}^n \log\frac{\nu_k(i)}{\rho_k(i)}
        + \log\frac{m}{n - 1}

    :math:`\rho_k(i)` is the distance from :math:`x_i` to its k-th nearest neighbour among the
    other samples of P, :math:`\nu_k(i)` to its k-th nearest neighbour among the samples of Q.
    Consistent as n, m → ∞ for fixed k.

    References
    ----------
    .. [1] Q. Wang, S. R. Kulkarni and S. Verdú, "Divergence estimation for multidimensional
       densities via k-nearest-neighbor distances", *IEEE Trans. Inf. Theory* 55(5),
       2392–2405, 2009.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> x_p = rng.normal(size=(20000, 1))
    >>> x_q = rng.normal(1.0, 1.0, size=(20000, 1))
    >>> value, _ = knn_kl_divergence(x_p, x_q)
    >>> print(f"{value:.2f}")  # closed form: (0 - 1)^2 / 2 = 0.5
    0.44
    """
    n_samples, dimension = x_p.shape
    _check_neighbors(n_neighbors, n_samples, name="x_p")
    if not 1 <= n_neighbors <= x_q.shape[0]:
        msg = (
            f"`n_neighbors` must not exceed the number of samples of `x_q` "
            f"({x_q.shape[0]}); got {n_neighbors}."
        )
        raise InvalidParameterError(msg)
    # Repeated rows: each sample is reduced to its distinct rows (a row's term is that of its
    # distinct row, so the mean weights it by its multiplicity), and a row of x_p that also
    # appears in x_q counts as the point itself there: nu is the k-th neighbour past it and
    # Q's sample size drops by one. Identical samples then give exactly 0, and a Q sample that
    # shares some draws of P is, for those points, the remaining independent draws of Q.
    distinct_p, inverse = np.unique(x_p, axis=0, return_inverse=True)
    distinct_q = np.unique(x_q, axis=0)
    in_q = count_within(distinct_q, np.zeros(distinct_p.shape[0]), centers=distinct_p, strict=False)
    m_i, n_distinct = distinct_q.shape[0] - in_q, distinct_p.shape[0] - 1
    if n_distinct < n_neighbors or np.any(m_i < n_neighbors):
        msg = (
            f"`x_p` or `x_q` has fewer than `n_neighbors`={n_neighbors} distinct points other "
            "than a point of `x_p`; the kNN divergence is undefined there. Pass more distinct "
            "samples or a smaller `n_neighbors`."
        )
        raise InvalidParameterError(msg)
    rho = kth_neighbor_distances(distinct_p, n_neighbors, metric="euclidean")
    nu = np.empty(distinct_p.shape[0])
    for extra in (0, 1):  # one search past the copy for the rows that have one in x_q
        rows = np.flatnonzero(in_q == extra)
        if rows.size:
            nu[rows] = kth_neighbor_distances(
                distinct_p[rows], n_neighbors + extra, metric="euclidean", reference=distinct_q
            )
    log_ratio = _log_positive(nu, problem="`x_p` and `x_q` share points") - _log_positive(
        rho, problem="`x_p` has duplicated points"
    )
    offset = np.log(m_i / n_distinct)
    local_terms = (dimension * log_ratio + offset)[inverse.reshape(-1)]
    return float(local_terms.mean()), local_terms
