r"""Gaussian and Gaussian-copula MI and CMI on the caller's arrays (PyTorch, JAX, CuPy, ...).

`estimate_mutual_information` and `estimate_conditional_mutual_information` send
``method="gaussian"`` and ``method="gaussian_copula"`` here when the samples are arrays of a
library other than NumPy. Everything is computed in that library, on the arrays' device:
the covariance, its Cholesky factors, the copula ranks (``argsort``), the block-jackknife
replicates (from index arrays sent *to* the device). No sample goes to the host; what comes
back are a few validation flags (non-finite values, constant or tied columns, a failed
factorisation), so the call synchronises but copies no data. The returned `Estimate` holds
0-d arrays of the input's library as its ``value`` and ``std_error`` (``float(estimate)``
reads them), and for ``method="gaussian"`` the value keeps the autograd graph: it is
differentiable with respect to the samples, e.g. as a training-loop regulariser. The copula
estimate is a function of the ranks, so its gradient is zero almost everywhere and it is
returned without one.

The formulas, the bias correction of the copula estimator (Ince et al. 2017) and the
jackknife are those of the host kernels in `infokit.estimators.continuous.gaussian`; the
same seed gives the same blocks and the same tie-breaking keys, so the results equal the
NumPy path's to rounding. Options the host path has and this one does not (``ci`` with
subsampling, ``nan_policy="omit"``, labels among the variables, ``local=True``) send the call
to the host path instead, which copies the samples there.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy import special

from infokit._array import Array, as_float_array, is_numpy, namespace_of
from infokit._validation import make_rng
from infokit.errors import InvalidParameterError, ShapeError
from infokit.estimators._options import Options
from infokit.estimators.continuous import uncertainty as _uncertainty
from infokit.results import Estimate

__all__ = ["device_estimate", "takes_device_path"]

_DEVICE_METHODS = ("gaussian", "gaussian_copula")


def takes_device_path(variables: Sequence[object], options: Options) -> bool:
    """Tell whether these samples and options are estimated on the arrays' own device."""
    if options.method not in _DEVICE_METHODS or options.local:
        return False
    if options.nan_policy == "omit" or options.discrete_options_given():
        return False
    if options.discrete is not None and any(np.atleast_1d(np.asarray(options.discrete))):
        return False
    if (options.uncertainty or "auto") not in ("auto", "block_jackknife", "none"):
        return False
    if not all(hasattr(v, "__array_namespace__") or _is_foreign(v) for v in variables):
        return False
    try:
        xp = namespace_of(*variables)
    except Exception:  # mixed libraries: the host path reports it
        return False
    return not is_numpy(xp)


def _is_foreign(value: object) -> bool:
    module = type(value).__module__.split(".")[0]
    return module in ("torch", "jax", "jaxlib", "cupy")


def _as_2d(xp: Any, value: object, name: str) -> Array:
    array = as_float_array(value, xp=xp, name=name)
    if array.ndim == 1:
        array = xp.reshape(array, (array.shape[0], 1))
    if array.ndim != 2 or array.shape[0] == 0:
        shape = tuple(array.shape)
        msg = f"`{name}` must be a non-empty 1-D or 2-D array of samples; got shape {shape}."
        raise ShapeError(msg)
    if not bool(xp.all(xp.isfinite(array))):
        count = int(xp.sum(xp.astype(~xp.isfinite(array), xp.int64)))
        msg = (
            f"`{name}` must be finite; got {count} NaN or infinite value(s). Drop or impute "
            "them first (or pass nan_policy='omit')."
        )
        raise InvalidParameterError(msg)
    # exact power-of-two rescaling of each column (the estimates are scale-free): no
    # overflow in the covariance at 1e300, no underflow at 1e-300
    largest = xp.max(xp.abs(array), axis=0)
    scale = xp.where(
        largest > 0, 2.0 ** xp.floor(xp.log2(xp.where(largest > 0, largest, 1.0))), 1.0
    )
    array = array / scale
    constant = xp.all(array == array[:1, :], axis=0)
    keep = [j for j in range(array.shape[1]) if not bool(constant[j])]
    if len(keep) < array.shape[1]:
        array = xp.take(
            array, xp.asarray(np.asarray(keep, dtype=np.intp), device=_device(array)), axis=1
        )
    return array


def _device(array: Array) -> Any:
    from array_api_compat import device

    return device(array)


def _normal_quantiles(xp: Any, n: int, like: Array) -> Array:
    quantiles = special.ndtri(np.arange(1, n + 1, dtype=np.float64) / (n + 1))
    return xp.asarray(quantiles, dtype=like.dtype, device=_device(like))


def _copula(
    xp: Any, samples: Array, generator: np.random.Generator
) -> tuple[Array, Array, Array, bool]:
    """Standard-normal quantiles of the ranks, ties broken by seeded random keys (as on host).

    Returns ``(normal scores, order, ranks, whether any column has ties)``.
    """
    n, d = samples.shape
    where = _device(samples)
    order = xp.argsort(samples, axis=0, stable=True)  # all columns in one call
    ordered = xp.take_along_axis(samples, order, axis=0)
    tied = [bool(t) for t in xp.any(ordered[1:, :] == ordered[:-1, :], axis=0)] if n > 1 else []
    for j in [j for j, flag in enumerate(tied) if flag]:
        # np.lexsort((keys, column)): by value, ties by the host path's random keys
        column = samples[:, j]
        by_key = xp.asarray(np.argsort(generator.random(n), kind="stable"), device=where)
        fixed = xp.take(by_key, xp.argsort(xp.take(column, by_key), stable=True))
        order = xp.concat([order[:, :j], fixed[:, None], order[:, j + 1 :]], axis=1)
    ranks = xp.argsort(order, axis=0, stable=True)
    normal = xp.reshape(
        xp.take(_normal_quantiles(xp, n, samples), xp.reshape(ranks, (-1,))), (n, d)
    )
    return normal, order, ranks, any(tied)


def _subset_normal(xp: Any, order: Array, ranks: Array, rows: np.ndarray, like: Array) -> Array:
    """Return the copula scores of the sorted subset `rows` of untied data, with no new sort.

    Without ties a subset keeps the full order, so the rank of a kept row among the kept
    ones is the number of kept rows up to its place in the full order.
    """
    n, d = order.shape
    where = _device(order)
    mask = np.zeros(n, dtype=np.int64)
    mask[rows] = 1
    kept = xp.reshape(xp.take(xp.asarray(mask, device=where), xp.reshape(order, (-1,))), (n, d))
    counts = xp.cumulative_sum(kept, axis=0)
    index = xp.asarray(rows, device=where)
    sub_ranks = xp.take_along_axis(counts, xp.take(ranks, index, axis=0), axis=0) - 1
    values = _normal_quantiles(xp, len(rows), like)
    return xp.reshape(xp.take(values, xp.reshape(sub_ranks, (-1,))), (len(rows), d))


def _half_log_det(xp: Any, covariance: Array, what: str) -> Array:
    try:
        factor = xp.linalg.cholesky(covariance)
    except Exception as error:  # torch raises; the message below says what to do
        raise _singular(what) from error
    half = xp.sum(xp.log(xp.linalg.diagonal(factor)))
    if not bool(xp.isfinite(half)):  # JAX returns NaN factors instead of raising
        raise _singular(what)
    return half


def _singular(what: str) -> InvalidParameterError:
    msg = (
        f"the sample covariance of {what} is singular (some columns are linear combinations "
        "of others, or there are fewer samples than dimensions); drop the redundant columns."
    )
    return InvalidParameterError(msg)


def _correction(d: int, n: int) -> float:
    """Return the Wishart log-determinant bias term of Ince et al. (2017), in nats."""
    psi = float(np.sum(special.digamma((n - np.arange(1, d + 1)) / 2.0))) / 2.0
    return -d * (math.log(2.0) - math.log(n - 1.0)) / 2.0 - psi


def _information(
    xp: Any,
    blocks: Sequence[Array],
    method: str,
    names: Sequence[str],
) -> Array:
    """``I(X; Y)`` (two blocks) or ``I(X; Y | Z)`` (three) in nats, in the arrays' library.

    For ``method="gaussian_copula"`` the blocks are the copula scores already.
    """
    joint = xp.concat(list(blocks), axis=1)
    n = joint.shape[0]
    centred = joint - xp.mean(joint, axis=0)
    covariance = (centred.T @ centred) / (n - 1)
    edges = np.cumsum([0] + [block.shape[1] for block in blocks])
    index = [list(range(edges[i], edges[i + 1])) for i in range(len(blocks))]

    def h(parts: Sequence[int]) -> Array:
        columns = [j for part in parts for j in index[part]]
        if not columns:
            return xp.asarray(0.0, dtype=joint.dtype, device=_device(joint))
        where = xp.asarray(np.asarray(columns, dtype=np.intp), device=_device(joint))
        sub = xp.take(xp.take(covariance, where, axis=0), where, axis=1)
        what = "(" + ", ".join(f"`{names[p]}`" for p in parts) + ")"
        value = _half_log_det(xp, sub, what)
        if method == "gaussian_copula":
            value = value + _correction(len(columns), n)
        return value

    if len(blocks) == 2:
        return h((0,)) + h((1,)) - h((0, 1))
    return h((0, 2)) + h((1, 2)) - h((0, 1, 2)) - h((2,))


def device_estimate(
    variables: Sequence[object], names: Sequence[str], options: Options
) -> Estimate:
    """Estimate I(X; Y) or I(X; Y | Z) of `variables` on their own device."""
    xp = namespace_of(*variables)
    method = options.method
    generator = make_rng(options.rng)
    uncertainty = _uncertainty.check_uncertainty(options.uncertainty or "auto", options.ci)
    blocks = [_as_2d(xp, value, name) for value, name in zip(variables, names, strict=True)]
    lengths = {block.shape[0] for block in blocks}
    if len(lengths) > 1:
        shown = ", ".join(f"`{n}` {b.shape[0]}" for n, b in zip(names, blocks, strict=True))
        msg = f"the samples must have the same length; got {shown}."
        raise ShapeError(msg)
    n = blocks[0].shape[0]
    dims = sum(block.shape[1] for block in blocks)
    if n < dims + 2:
        msg = (
            f"method {method!r} needs more samples than joint dimensions + 1; got {n} samples "
            f"of {dims} dimensions."
        )
        raise ShapeError(msg)
    scale = math.log(options.base)
    where = _device(blocks[0])
    details: dict[str, Any] = {"standardize": True, "device": str(where)}
    constant = next(
        (name for name, b in zip(names[:2], blocks, strict=False) if b.shape[1] == 0), None
    )
    if constant is not None:
        zero = xp.asarray(0.0, dtype=blocks[0].dtype, device=where)
        return Estimate(
            zero,
            zero,
            method,
            base=options.base,
            n_samples=n,
            details={**details, "reason": f"`{constant}` is constant"},
        )
    copula = method == "gaussian_copula"
    ranked = [_copula(xp, block, generator) for block in blocks] if copula else []
    value = _information(xp, [r[0] for r in ranked] if copula else blocks, method, names)
    std_error: Array = xp.asarray(math.nan, dtype=value.dtype, device=where)
    dof = None
    if uncertainty == "none":
        details["uncertainty"] = "none"
    else:
        kept = _uncertainty.kept_indices(n, generator)
        replicates = []
        for rows in kept:
            index = xp.asarray(rows, device=where)
            subset = [xp.take(block, index, axis=0) for block in blocks]
            if copula:  # tied blocks are re-ranked with fresh keys, as on the host
                subset = [
                    _copula(xp, part, generator)[0]
                    if tied
                    else _subset_normal(xp, order, ranks, rows, part)
                    for part, (_, order, ranks, tied) in zip(subset, ranked, strict=True)
                ]
            replicates.append(_information(xp, subset, method, names))
        stacked = xp.stack(replicates)
        g = len(kept)
        spread = stacked - xp.mean(stacked)
        std_error = xp.sqrt((g - 1) / g * xp.sum(spread * spread))
        dof = g - 1
        details.update({"uncertainty": "block_jackknife", "n_blocks": g})
    value, std_error = value / scale, std_error / scale
    ci = None
    if options.ci is not None:
        quantile = _uncertainty.interval(0.0, 1.0, options.ci, dof)
        assert quantile is not None
        ci = (value + quantile[0] * std_error, value + quantile[1] * std_error)
    return Estimate(
        value,
        std_error,
        method,
        base=options.base,
        n_samples=n,
        ci=ci,
        confidence_level=options.ci,
        details=details,
    )
