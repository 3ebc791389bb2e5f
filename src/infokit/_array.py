"""Array-library plumbing: namespace lookup, dtype promotion and safe elementwise kernels.

Everything numeric in infokit is written once against the array API standard through the
namespace ``xp`` returned by `namespace_of`, and returns arrays of the caller's library on the
caller's device. Nothing here imports torch or jax; they are only met through their arrays.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from typing import Any, TypeAlias

import array_api_compat
import numpy as np

from infokit.errors import ArrayLibraryError

__all__ = [
    "Array",
    "as_float_array",
    "entropy_terms",
    "in_base",
    "is_lazy",
    "is_numpy",
    "log_softmax",
    "namespace_of",
    "to_numpy",
    "xlogy",
]

#: Any array of a library that follows the array API standard (NumPy, PyTorch, JAX, ...).
Array: TypeAlias = Any

_NUMPY_XP = array_api_compat.array_namespace(np.empty(0))


def _is_array(value: object) -> bool:
    return bool(array_api_compat.is_array_api_obj(value)) and not isinstance(value, np.generic)


def namespace_of(*values: object) -> Any:
    """Return the array namespace shared by `values`.

    Python lists, tuples, scalars and ``None`` do not vote: they are converted later to the
    namespace of the real arrays, or to NumPy when there are none.

    Raises
    ------
    ArrayLibraryError
        If the arrays come from different libraries.
    """
    arrays = [value for value in values if _is_array(value)]
    if not arrays:
        return _NUMPY_XP
    try:
        return array_api_compat.array_namespace(*arrays)
    except TypeError as error:
        kinds = ", ".join(sorted({f"{type(a).__module__}.{type(a).__qualname__}" for a in arrays}))
        msg = (
            f"inputs mix array libraries ({kinds}); convert them to one library "
            "(e.g. all NumPy or all torch) before calling."
        )
        raise ArrayLibraryError(msg) from error


def is_numpy(xp: Any) -> bool:
    """Tell whether `xp` is NumPy's namespace (plain or wrapped by array-api-compat)."""
    return bool(array_api_compat.is_numpy_namespace(xp))


def default_float_dtype(xp: Any) -> Any:
    """Return the default real floating dtype of `xp` (float64 for NumPy)."""
    try:
        return xp.__array_namespace_info__().default_dtypes()["real floating"]
    except AttributeError:  # older namespaces without the inspection API
        return xp.float64


def as_float_array(value: object, *, xp: Any, name: str) -> Array:
    """Convert `value` to a floating array of namespace `xp`.

    Lists, tuples and scalars become arrays of `xp`; integer and boolean arrays become the
    library's default float (float64 for NumPy); float16 and bfloat16 are computed in float32;
    float32 and float64 stay as they are.
    """
    if not _is_array(value):
        if isinstance(value, str | bytes) or value is None:
            msg = f"`{name}` must be an array of numbers; got {type(value).__name__}."
            raise ArrayLibraryError(msg)
        try:
            value = np.asarray(value)
        except (TypeError, ValueError) as error:
            msg = (
                f"`{name}` must be an array of numbers; got {type(value).__name__} "
                "that does not convert to one (ragged nesting?)."
            )
            raise ArrayLibraryError(msg) from error
        if value.dtype.kind not in "biuf":
            msg = f"`{name}` must hold numbers; got values of dtype {value.dtype}."
            raise ArrayLibraryError(msg)
        if not is_numpy(xp):
            value = xp.asarray(value)
    array: Array = value
    dtype = array.dtype
    if xp.isdtype(dtype, "real floating"):
        if xp.finfo(dtype).bits < 32:  # float16, bfloat16: compute in float32
            return xp.astype(array, xp.float32)
        return array
    if xp.isdtype(dtype, "bool") or xp.isdtype(dtype, "integral"):
        return xp.astype(array, default_float_dtype(xp))
    msg = f"`{name}` must hold real numbers; got dtype {dtype}."
    raise ArrayLibraryError(msg)


def is_lazy(array: object) -> bool:
    """Tell whether `array` has no concrete values yet (a JAX tracer, a Dask array).

    Value checks are skipped for such arrays: their values are unknown until run time.
    """
    jax = sys.modules.get("jax")
    if jax is not None and isinstance(array, jax.core.Tracer):
        return True
    dask_array = sys.modules.get("dask.array")
    return dask_array is not None and isinstance(array, dask_array.Array)


def to_numpy(array: Array) -> np.ndarray[Any, Any]:
    """Copy `array` to a host NumPy array (for error messages and oracles, not hot paths)."""
    if isinstance(array, np.ndarray | np.generic):
        return np.asarray(array)
    detach = getattr(array, "detach", None)
    if callable(detach):  # torch: drop the graph and come to the host
        return np.asarray(detach().cpu().numpy())
    try:
        return np.asarray(array)
    except (TypeError, ValueError, RuntimeError):
        if not hasattr(array, "__dlpack__"):  # e.g. a ragged list: NumPy's error says why
            raise
        return np.from_dlpack(array)


def positive_part(x: Array, /, *, xp: Any) -> Array:
    """Return ``max(x, 0)``: for quantities that are non-negative by a theorem.

    Divergences and mutual information are >= 0 mathematically; a result of -1e-17 is
    rounding, and 0 is then the correctly rounded value.
    """
    return xp.maximum(x, xp.zeros_like(x))


def xlogy(x: Array, y: Array, /, *, xp: Any) -> Array:
    """Elementwise ``x * log(y)`` with the convention ``0 * log(y) = 0`` for every ``y``.

    Where ``x == 0`` the result is 0 and no infinity or NaN enters the computation, so the
    gradient there is finite (the masked branch is never evaluated on ``log(0)``).
    Where ``x > 0 == y`` the result is ``-inf``.
    """
    present = x != 0
    y_safe = xp.where(present, y, xp.ones_like(y))
    return xp.where(present, x * xp.log(y_safe), xp.zeros_like(x * y_safe))


def entropy_terms(p: Array, /, *, xp: Any) -> Array:
    """Elementwise ``-p * log(p)``, taking ``0 * log 0 = 0`` with a finite gradient there.

    Written as ``0 - p log p`` so that a certain outcome gives +0.0, not -0.0.
    """
    return 0.0 - xlogy(p, p, xp=xp)


def log_softmax(logits: Array, /, *, axis: int, xp: Any) -> Array:
    """Return ``log softmax(logits)`` along `axis`, stably.

    Subtracts the maximum before exponentiating, so logits of magnitude 1e4 in float32 give
    finite, correct values; a ``-inf`` logit is a zero probability (``-inf`` log-probability).
    The caller guarantees that every slice has at least one finite logit.
    """
    maximum = xp.max(logits, axis=axis, keepdims=True)
    shifted = logits - maximum
    return shifted - xp.log(xp.sum(xp.exp(shifted), axis=axis, keepdims=True))


def normalize_axes(axes: int | Sequence[int], ndim: int) -> tuple[int, ...]:
    """Turn an axis or a group of axes into sorted, non-negative axis numbers."""
    group = (axes,) if isinstance(axes, int) else tuple(axes)
    return tuple(sorted(axis % ndim for axis in group))


def log_of_base(base: float) -> float:
    """Return ``ln(base)`` for an already validated numeric base."""
    return 1.0 if base == math.e else math.log(base)


def in_base(value: Array, base: float) -> Array:
    """Convert `value` from nats to units of `base` (untouched for base e: no extra pass)."""
    scale = log_of_base(base)
    return value if scale == 1.0 else value / scale
