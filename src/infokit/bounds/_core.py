"""Shared plumbing of the variational bounds: argument checks, masked log-mean-exp, stop-gradient.

Every bound reads a square matrix of critic values (or of conditional log-likelihoods) in its
last two axes: entry ``[..., i, j]`` belongs to the pair ``(x_i, y_j)``, the diagonal holds the
``N`` samples of the joint distribution and the ``N (N - 1)`` off-diagonal entries stand for
samples of the product of the marginals. Leading axes are a batch of such matrices.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

import array_api_compat
import numpy as np

from infokit._array import Array, as_float_array, in_base, is_lazy, namespace_of, to_numpy
from infokit.errors import InvalidDistributionError, ShapeError

__all__ = [
    "diagonal",
    "finish",
    "log_mean_exp",
    "log_mean_exp_off_diagonal",
    "off_diagonal_mask",
    "prepare_matrix",
    "quiet_floating_point",
    "stop_gradient",
]

_P = ParamSpec("_P")
_R = TypeVar("_R")


def quiet_floating_point(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run `function` without NumPy's floating-point warnings.

    A bound meets ``inf - inf`` or ``log 0`` only for NaN or infinite scores, which
    `finish` turns into an error naming the argument, or for documented ``-inf`` and
    overflow results: NumPy's RuntimeWarnings would only repeat (or pre-empt) that.
    """

    @functools.wraps(function)
    def quiet(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            return function(*args, **kwargs)

    return quiet


def prepare_matrix(value: object, *, name: str, xp: Any = None) -> tuple[Any, Array]:
    """Convert a score matrix argument to a floating array and check its shape.

    The last two axes must form a square matrix of at least 2 x 2: a bound needs at least
    one off-diagonal entry (one sample of the product of the marginals). `xp` is the
    namespace shared with other arguments, looked up from `value` when not given.
    """
    if xp is None:
        xp = namespace_of(value)
    array = as_float_array(value, xp=xp, name=name)
    check_square(array, name=name)
    return xp, array


def check_square(array: Array, *, name: str) -> None:
    """Refuse an array whose last two axes are not a square matrix of size 2 or more."""
    shape = tuple(array.shape)
    if len(shape) < 2:
        msg = (
            f"`{name}` must have at least two dimensions, the last two a square N x N matrix "
            f"with entry [i, j] for the pair (x_i, y_j); got shape {shape}."
        )
        raise ShapeError(msg)
    rows, columns = shape[-2:]
    if rows != columns:
        msg = (
            f"`{name}` must be square in its last two axes (each x_i scored against every "
            f"y_j of the same batch); got shape {shape}, a {rows} x {columns} matrix."
        )
        raise ShapeError(msg)
    if rows < 2:
        msg = (
            f"`{name}` must hold at least 2 samples (an N x N matrix with N >= 2: the "
            f"off-diagonal entries are the samples of p(x)p(y)); got shape {shape}."
        )
        raise ShapeError(msg)


def off_diagonal_mask(array: Array, *, xp: Any) -> Array:
    """Boolean ``N x N`` mask, True off the diagonal, on the device of `array`."""
    size = array.shape[-1]
    identity = xp.eye(size, dtype=xp.bool, device=array_api_compat.device(array))
    return xp.logical_not(identity)


def diagonal(array: Array, *, xp: Any) -> Array:
    """Return the diagonal of the last two axes, shape ``(..., N)``: the joint pairs."""
    return xp.linalg.diagonal(array)


def log_mean_exp(values: Array, *, axis: int, count: int, xp: Any) -> Array:
    """``log((1 / count) * sum(exp(values), axis))``, stably, with `axis` removed.

    The maximum is subtracted before exponentiating, so scores of 1e4 (or float32 scores of
    100) give finite, exact results. Entries of ``-inf`` (masked or impossible pairs) add
    nothing; a slice of only ``-inf`` gives ``-inf`` without a NaN.
    """
    maximum = xp.max(values, axis=axis, keepdims=True)
    safe_maximum = xp.where(xp.isfinite(maximum), maximum, xp.zeros_like(maximum))
    total = xp.sum(xp.exp(values - safe_maximum), axis=axis)
    return xp.squeeze(safe_maximum, axis=axis) + xp.log(total) - math.log(count)


def log_mean_exp_off_diagonal(scores: Array, *, xp: Any) -> Array:
    """Log of the mean of ``exp(scores)`` over the ``N (N - 1)`` off-diagonal entries."""
    size = scores.shape[-1]
    masked = xp.where(off_diagonal_mask(scores, xp=xp), scores, xp.full_like(scores, -math.inf))
    flat = xp.reshape(masked, (*tuple(scores.shape[:-2]), size * size))
    return log_mean_exp(flat, axis=-1, count=size * (size - 1), xp=xp)


def stop_gradient(value: Array) -> Array:
    """Return `value` cut from the autodiff graph (torch ``detach``, JAX ``stop_gradient``).

    NumPy and other libraries without automatic differentiation get `value` back.
    """
    if array_api_compat.is_torch_array(value):
        return value.detach()
    if array_api_compat.is_jax_array(value):
        import jax  # only reached with a JAX array, so jax is already imported

        return jax.lax.stop_gradient(value)
    return value


def finish(result: Array, inputs: dict[str, Array], *, base: float, xp: Any) -> Array:
    """Check an eager `result` and convert it from nats to units of `base`.

    A NaN or ``+inf`` in any input makes every bound non-finite, so the inputs are scanned
    only when the (small) result is not finite: the check stays off the hot path. A
    non-finite result that no input explains (``-inf`` scores, documented) is returned.
    """
    if not is_lazy(result) and not bool(xp.all(xp.isfinite(result))):
        for name, value in inputs.items():
            _raise_if_nan_or_inf(value, name=name)
    return in_base(result, base)


def _raise_if_nan_or_inf(value: Array, *, name: str) -> None:
    values = to_numpy(value)
    bad = np.isnan(values) | (values == np.inf)
    if not bad.any():
        return
    index = tuple(int(i) for i in np.unravel_index(int(np.argmax(bad)), bad.shape))
    where = "" if not index else f" at index {index[0] if len(index) == 1 else index}"
    count = int(bad.sum())
    more = f" and {count - 1} more NaN or +inf values" if count > 1 else ""
    msg = (
        f"`{name}` must not hold NaN or +inf (-inf is allowed: a pair the critic rules out); "
        f"got {values[index]}{where}{more}."
    )
    raise InvalidDistributionError(msg)
