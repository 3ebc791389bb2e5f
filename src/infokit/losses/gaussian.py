"""KL terms of variational autoencoders: diagonal Gaussians against N(0, I) or each other."""

from __future__ import annotations

import math
from typing import Any, Literal

import numpy as np

from infokit._array import Array, as_float_array, namespace_of, positive_part
from infokit.errors import ShapeError
from infokit.losses._common import check_reduction, raise_if_nan, reduce_per_sample

__all__ = ["gaussian_kl_loss", "standard_normal_kl_loss"]

_REDUCTIONS = ("none", "sum", "mean", "batchmean")


def standard_normal_kl_loss(
    mean: object,
    log_variance: object,
    /,
    *,
    reduction: Literal["none", "sum", "mean", "batchmean"] = "batchmean",
) -> Array:
    r"""Compute the VAE term: the KL divergence of N(0, I) from N(mean, diag(exp(log_variance))).

    Parameters
    ----------
    mean : array of shape (..., n_latent)
        Means :math:`\mu` of the encoder's Gaussian, latent dimensions on the last axis.
    log_variance : array, broadcastable with `mean`
        Log-variances :math:`v = \log \sigma^2` (the usual ``logvar`` output).
    reduction : {"batchmean", "mean", "sum", "none"}, default="batchmean"
        ``"none"``: one divergence per sample (summed over the latent axis); ``"sum"``:
        their sum; ``"batchmean"``: the sum divided by the size of the first axis;
        ``"mean"``: the sum divided by the number of samples (all leading axes); either
        mean of an empty batch raises `ShapeError` (torch-style code gives NaN). Never
        divided by the number of latent dimensions, the usual ``.mean()`` mistake that
        silently re-weights the KL term against the reconstruction term.

    Returns
    -------
    array
        Divergence in nats: a 0-d array, or one value per sample for ``"none"``.

    Raises
    ------
    ShapeError
        If the inputs are scalars or do not broadcast, or for a mean of an empty batch.
    InvalidParameterError
        For an unknown `reduction`.
    InvalidDistributionError
        If an input holds NaN (or ``+inf`` turning the result into NaN).

    Notes
    -----
    .. math:: D_{\mathrm{KL}} = \frac12 \sum_j \left(\mu_j^2 + e^{v_j} - 1 - v_j\right)

    as in Kingma and Welling [1]_ (Appendix B), evaluated as ``expm1(v) - v`` so that
    small divergences keep their digits.

    References
    ----------
    .. [1] D. P. Kingma and M. Welling, "Auto-Encoding Variational Bayes", ICLR 2014.

    Examples
    --------
    >>> import numpy as np
    >>> from infokit.losses import standard_normal_kl_loss
    >>> mean = np.array([[0.0, 0.0], [1.0, 0.0]])
    >>> log_variance = np.array([[0.0, 0.0], [0.0, np.log(2.0)]])
    >>> np.round(standard_normal_kl_loss(mean, log_variance, reduction="none"), 4)
    array([0.    , 0.6534])
    """
    checked_reduction = check_reduction(reduction, _REDUCTIONS)
    xp = namespace_of(mean, log_variance)
    mu, v = _convert((mean, log_variance), ("mean", "log_variance"), xp)
    with np.errstate(over="ignore", invalid="ignore"):
        terms = mu * mu + xp.expm1(v) - v
        losses = positive_part(xp.sum(terms, axis=-1), xp=xp) / 2
        raise_if_nan(losses, {"mean": mu, "log_variance": v}, xp=xp)
        return reduce_per_sample(losses, checked_reduction, xp=xp, name="mean")


def gaussian_kl_loss(
    mean_p: object,
    log_variance_p: object,
    mean_q: object,
    log_variance_q: object,
    /,
    *,
    reduction: Literal["none", "sum", "mean", "batchmean"] = "batchmean",
) -> Array:
    r"""Compute :math:`D_{\mathrm{KL}}(p \| q)` between two diagonal Gaussians per sample.

    Parameters
    ----------
    mean_p, log_variance_p : array of shape (..., n_latent)
        Means and log-variances of :math:`p`, the reference (e.g. the encoder's posterior).
    mean_q, log_variance_q : array, broadcastable with the above
        Means and log-variances of :math:`q` (e.g. a learned prior).
    reduction : {"batchmean", "mean", "sum", "none"}, default="batchmean"
        As in `standard_normal_kl_loss`: per-sample divergences summed over the latent
        axis, then kept, summed, or averaged over the first axis or over all samples.

    Returns
    -------
    array
        Divergence in nats: a 0-d array, or one value per sample for ``"none"``; ``inf``
        where q has zero variance (``log_variance_q = -inf``) and p differs from that
        point mass, 0 where p is the same point mass.

    Raises
    ------
    ShapeError
        If the inputs are scalars or do not broadcast, or for a mean of an empty batch.
    InvalidParameterError
        For an unknown `reduction`.
    InvalidDistributionError
        If an input holds NaN (or ``+inf`` turning the result into NaN).

    Notes
    -----
    With :math:`d = v_p - v_q`,

    .. math:: D_{\mathrm{KL}}(p \| q) = \frac12 \sum_j \left(e^{d_j} - 1 - d_j
              + (\mu_{p,j} - \mu_{q,j})^2 e^{-v_{q,j}}\right)

    evaluated with ``expm1``; :math:`q = \mathcal N(0, I)` gives `standard_normal_kl_loss`.

    References
    ----------
    .. [1] T. M. Cover and J. A. Thomas, *Elements of Information Theory*, 2nd ed., 2006,
       Sec. 8.
    .. [2] D. P. Kingma and M. Welling, "Auto-Encoding Variational Bayes", ICLR 2014.

    Examples
    --------
    >>> import numpy as np
    >>> from infokit.losses import gaussian_kl_loss
    >>> zero = np.zeros((1, 1))
    >>> round(float(gaussian_kl_loss(zero + 1.0, zero, zero, zero)), 4)  # shift by one sd
    0.5
    >>> round(float(gaussian_kl_loss(zero, np.log(4.0) + zero, zero, zero)), 4)
    0.8069
    """
    checked_reduction = check_reduction(reduction, _REDUCTIONS)
    xp = namespace_of(mean_p, log_variance_p, mean_q, log_variance_q)
    names = ("mean_p", "log_variance_p", "mean_q", "log_variance_q")
    mu_p, v_p, mu_q, v_q = _convert((mean_p, log_variance_p, mean_q, log_variance_q), names, xp)
    with np.errstate(over="ignore", invalid="ignore"):
        losses = (
            positive_part(xp.sum(_gaussian_terms(mu_p, v_p, mu_q, v_q, xp), axis=-1), xp=xp) / 2
        )
        raise_if_nan(losses, dict(zip(names, (mu_p, v_p, mu_q, v_q), strict=True)), xp=xp)
        return reduce_per_sample(losses, checked_reduction, xp=xp, name="mean_p")


def _gaussian_terms(mu_p: Array, v_p: Array, mu_q: Array, v_q: Array, xp: Any) -> Array:
    """Per-dimension ``e^d − 1 − d + (μp − μq)² e^{−vq}``, with the limits of a point-mass q.

    ``v_q = −inf`` (zero variance) gives ``inf``, except 0 when p is the same point mass
    (``v_p = −inf`` and equal means), instead of ``inf − inf`` or ``0 · inf`` = NaN.
    """
    point_q = v_q == -math.inf
    same_point = point_q & (v_p == -math.inf) & (mu_p == mu_q)
    safe_q = xp.where(point_q, xp.zeros_like(v_q), v_q)
    safe_p = xp.where(point_q, xp.zeros_like(v_p), v_p)
    log_ratio = safe_p - safe_q
    shift = mu_p - mu_q
    terms = xp.expm1(log_ratio) - log_ratio + shift * shift * xp.exp(-safe_q)
    limit = xp.where(same_point, xp.zeros_like(terms), xp.full_like(terms, math.inf))
    return xp.where(point_q, limit, terms)


def _broadcast_shape(arrays: tuple[Array, ...], names: tuple[str, ...]) -> tuple[int, ...]:
    shapes = [tuple(a.shape) for a in arrays]
    listed = ", ".join(f"`{n}` {s}" for n, s in zip(names, shapes, strict=True))
    try:
        shape = tuple(np.broadcast_shapes(*shapes))
    except ValueError as error:
        msg = f"Gaussian parameters must have broadcastable shapes; got {listed}."
        raise ShapeError(msg) from error
    if not shape:
        msg = (
            "Gaussian parameters must have at least one dimension (the latent axis); got "
            f"{listed}. Wrap a single latent value in a list or array."
        )
        raise ShapeError(msg)
    return shape


def _convert(values: tuple[object, ...], names: tuple[str, ...], xp: Any) -> list[Array]:
    """Convert Gaussian parameters to arrays of one dtype and one broadcast shape."""
    arrays = [as_float_array(v, xp=xp, name=n) for v, n in zip(values, names, strict=True)]
    shape = _broadcast_shape(tuple(arrays), names)
    dtype = xp.result_type(*(a.dtype for a in arrays))
    return [xp.broadcast_to(xp.astype(a, dtype), shape) for a in arrays]
