r"""KL divergence between two continuous distributions from samples of each."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from infokit._validation import make_rng
from infokit.errors import InvalidParameterError, ShapeError
from infokit.estimators.continuous import common as _common
from infokit.estimators.continuous import gaussian
from infokit.estimators.continuous import samples as _samples
from infokit.estimators.continuous import uncertainty as _uncertainty
from infokit.estimators.continuous.samples import FloatArray
from infokit.results import Estimate

if TYPE_CHECKING:
    from infokit.estimators._options import Options

__all__ = ["kl_divergence"]


def kl_divergence(x_p: object, x_q: object, /, options: Options) -> Estimate:
    """Estimate D(P || Q) from samples; `options` is checked.

    The public function, with the methods, options, formulas and references, is
    `infokit.estimate_kl_divergence`.
    """
    base, level, method = options.base, options.ci, options.method
    generator = make_rng(options.rng)
    uncertainty = _uncertainty.check_uncertainty(options.uncertainty or "auto", level)
    n_neighbors = 1 if options.n_neighbors is None else options.n_neighbors
    p_samples = _samples.as_samples(x_p, name="x_p")
    q_samples = _samples.as_samples(x_q, name="x_q")
    if p_samples.shape[1] != q_samples.shape[1]:
        msg = (
            "`x_p` and `x_q` must have the same number of dimensions; got "
            f"{p_samples.shape[1]} and {q_samples.shape[1]}."
        )
        raise ShapeError(msg)
    n, d = p_samples.shape
    # one exact power of two per column for both samples (KL is invariant under a common
    # rescaling): no overflow of distances or covariances at 1e300, no underflow at 1e-300
    pooled_magnitude = np.vstack([p_samples, q_samples])
    p_samples = _samples.power_of_two_scale(p_samples, like=pooled_magnitude)
    q_samples = _samples.power_of_two_scale(q_samples, like=pooled_magnitude)
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
        # Rows shared by x_p and x_q are handled by the kernel (a copy counts as the point
        # itself; jitter would make it a spurious neighbour at distance 1e-10 and identical
        # samples would give -15 nats). Ties inside a sample (rounded data) are still jittered.
        if max(_samples.tie_fraction(p_samples), _samples.tie_fraction(q_samples)) > 0:
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

    value, std_error, dof, details, _ = _common.run_samples(
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
