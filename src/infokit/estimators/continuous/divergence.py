r"""KL divergence between two continuous distributions from samples of each."""

from __future__ import annotations

import math
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from infokit._validation import check_choice, check_level
from infokit.errors import InvalidParameterError, ShapeError
from infokit.estimators.continuous import common as _common
from infokit.estimators.continuous import gaussian
from infokit.estimators.continuous import samples as _samples
from infokit.estimators.continuous import uncertainty as _uncertainty
from infokit.estimators.continuous.samples import FloatArray
from infokit.results import Estimate
from infokit.units import resolve_base

__all__ = ["estimate_kl_divergence"]

KLMethod = Literal["knn", "gaussian"]


def estimate_kl_divergence(
    x_p: object,
    x_q: object,
    /,
    *,
    method: KLMethod = "knn",
    n_neighbors: int = 1,
    base: float | str = math.e,
    ci: float | None = None,
    rng: int | np.random.Generator | None = None,
    uncertainty: Literal["auto", "subsampling", "block_jackknife", "local_terms", "none"] = "auto",
) -> Estimate:
    r"""Estimate the KL divergence D(P ‖ Q) from samples of P and samples of Q.

    Parameters
    ----------
    x_p : array of shape (n, n_dims) or (n,)
        Samples of P, the reference distribution.
    x_q : array of shape (m, n_dims) or (m,)
        Samples of Q, with the same number of dimensions (the counts may differ).
    method : {"knn", "gaussian"}, default="knn"
        ``"knn"``: Wang, Kulkarni & Verdú [1]_ (Euclidean distances); ``"gaussian"``: the
        closed-form divergence between the normal distributions fitted to each sample.
    n_neighbors : int, default=1
        ``k`` of the kNN estimator (1 as in [1]_).
    base : float or str, default=math.e
        Logarithm base of the result.
    ci : float, optional
        Confidence level of an interval to attach (e.g. ``0.95``).
    rng : int or numpy.random.Generator, optional
        Seeds the jackknife blocks and the tie-breaking jitter; ``None`` uses seed 0.
    uncertainty : {"auto", "subsampling", "block_jackknife", "local_terms", "none"}, default="auto"
        How `std_error` is computed. The jackknife deletes one of 10 random blocks of
        *each* sample at a time.

    Returns
    -------
    Estimate
        Divergence in units of `base` (kNN values may be negative near 0; not clamped).

    Notes
    -----
    With :math:`\rho_k(i)` the distance from :math:`x_i` to its `k`-th neighbour among the
    other samples of P and :math:`\nu_k(i)` to its `k`-th neighbour among the samples of Q:

    .. math:: \hat D(P\|Q) = \frac dn \sum_{i=1}^n \log\frac{\nu_k(i)}{\rho_k(i)}
              + \log\frac{m}{n - 1}

    Consistent (asymptotically unbiased and mean-square consistent) for any fixed `k` [1]_.
    Repeated values (within or across the samples) give zero distances; they are jittered
    with a `TieWarning`, scaled by the pooled spread of each column.

    References
    ----------
    .. [1] Q. Wang, S. R. Kulkarni and S. Verdú, "Divergence estimation for multidimensional
       densities via k-nearest-neighbor distances", IEEE Transactions on Information Theory
       55(5), 2392-2405, 2009.

    Examples
    --------
    >>> import numpy as np
    >>> from infokit.estimators.continuous.mutual_information import estimate_kl_divergence
    >>> rng = np.random.default_rng(0)
    >>> p, q = rng.normal(0, 1, size=4000), rng.normal(1, 1, size=4000)
    >>> round(estimate_kl_divergence(p, q, method="gaussian").value, 1)  # truth: 0.5
    0.5
    """
    base = resolve_base(base)
    level = check_level(ci)
    generator = _samples.make_rng(rng)
    uncertainty = _uncertainty.check_uncertainty(uncertainty, level)  # type: ignore[assignment]
    method = check_choice(method, ("knn", "gaussian"), name="method")  # type: ignore[assignment]
    _samples.check_n_neighbors(n_neighbors, -1)
    p_samples = _samples.as_samples(x_p, name="x_p")
    q_samples = _samples.as_samples(x_q, name="x_q")
    if p_samples.shape[1] != q_samples.shape[1]:
        msg = (
            "`x_p` and `x_q` must have the same number of dimensions; got "
            f"{p_samples.shape[1]} and {q_samples.shape[1]}."
        )
        raise ShapeError(msg)
    n, d = p_samples.shape
    m = q_samples.shape[0]
    for samples, name in ((p_samples, "x_p"), (q_samples, "x_q")):
        constant = _samples.constant_columns(samples)
        if constant.any() and samples.shape[0] > 1:
            msg = (
                f"`{name}` has a constant column ({int(np.argmax(constant))}): its "
                "distribution has no density there and the KL divergence is not defined by "
                "densities. Drop the column."
            )
            raise InvalidParameterError(msg)
    if method == "knn":
        k = _samples.check_n_neighbors(n_neighbors, n, name="n_neighbors")
        if m < k:
            msg = f"`x_q` needs at least `n_neighbors`={k} samples; got {m}."
            raise ShapeError(msg)
        _samples.warn_high_dimension(n, d, name="x_p")
        pooled = _samples.break_ties(
            np.vstack([p_samples, q_samples]),
            generator,
            name="(x_p, x_q)",
            action="estimate_kl_divergence",
        )
        p_samples, q_samples = pooled[:n], pooled[n:]
    elif min(n, m) < d + 2:
        msg = f"method 'gaussian' needs more than {d + 1} samples of each; got {n} and {m}."
        raise ShapeError(msg)

    def estimate(selection: tuple[NDArray[np.intp], ...]) -> tuple[float, FloatArray | None]:
        p_rows, q_rows = selection
        if method == "gaussian":
            return gaussian.gaussian_kl_divergence(p_samples[p_rows], q_samples[q_rows]), None
        from infokit.estimators.continuous import neighbors

        value, terms = neighbors.knn_kl_divergence(
            p_samples[p_rows], q_samples[q_rows], n_neighbors=n_neighbors
        )
        return float(value), np.asarray(terms, dtype=np.float64)

    value, std_error, dof, details = _common.run_samples(
        estimate,
        (n, m),
        method=method,
        uncertainty=uncertainty,
        generator=generator,
        min_rows=2 * n_neighbors + 2 if method == "knn" else d + 2,
    )
    details.update(n_neighbors=n_neighbors, n_samples_q=m)
    return _common.finish(
        value,
        std_error,
        method=method,
        base=base,
        n_samples=n,
        level=level,
        dof=dof,
        details=details,
    )
