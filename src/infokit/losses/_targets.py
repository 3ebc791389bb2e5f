"""Checks of the targets of the classification losses: class indices, soft labels, weights."""

from __future__ import annotations

import math
from numbers import Integral
from typing import Any

import array_api_compat
import numpy as np

from infokit._array import Array, as_float_array, is_lazy, to_numpy
from infokit._validation import sum_tolerance
from infokit.errors import (
    ArrayLibraryError,
    InvalidDistributionError,
    InvalidParameterError,
    ShapeError,
)
from infokit.losses._common import check_non_negative, float_argument

__all__ = ["check_ignore_index", "check_labels", "prepare_target", "prepare_weight"]


def check_ignore_index(ignore_index: object) -> int | None:
    if ignore_index is None:
        return None
    if isinstance(ignore_index, bool) or not isinstance(ignore_index, Integral):
        msg = f"`ignore_index` must be an integer class index or None; got {ignore_index!r}."
        raise InvalidParameterError(msg)
    return int(ignore_index)


def prepare_target(target: object, z: Array, class_axis: int, xp: Any) -> tuple[Array, float]:
    """Convert `target` to class indices (integers) or probabilities in the dtype of `z`."""
    if not array_api_compat.is_array_api_obj(target) or isinstance(target, np.generic):
        try:
            values = np.asarray(target)
        except (TypeError, ValueError) as error:
            msg = f"`target` must be an array of class indices or probabilities; got {target!r}."
            raise ArrayLibraryError(msg) from error
        target = values if array_api_compat.is_numpy_namespace(xp) else xp.asarray(values)
    array: Array = target
    batch_shape = tuple(z.shape[:class_axis]) + tuple(z.shape[class_axis + 1 :])
    shape = tuple(array.shape)
    if xp.isdtype(array.dtype, "integral"):
        if shape != batch_shape:
            msg = (
                f"`target` of class indices must have the shape of `logits` without axis "
                f"{class_axis}, {batch_shape}; got {shape}."
            )
            if shape == tuple(z.shape):
                msg += " One-hot rows are probabilities: pass them as a floating array."
            raise ShapeError(msg)
        if array_api_compat.is_torch_namespace(xp) and array.dtype != xp.int64:
            array = xp.astype(array, xp.int64)  # torch's gather and kernels want int64
        return array, 0.0
    if not xp.isdtype(array.dtype, "real floating"):
        msg = (
            f"`target` must hold integer class indices or floating probabilities; got dtype "
            f"{array.dtype}."
        )
        raise ArrayLibraryError(msg)
    if shape != tuple(z.shape):
        msg = (
            f"`target` of probabilities must have the shape of `logits`, {tuple(z.shape)}; "
            f"got {shape}."
        )
        if shape == batch_shape:
            msg += " Class indices must be integers: cast them with `.astype(int)`."
        raise ShapeError(msg)
    tolerance = sum_tolerance(array)
    return xp.astype(as_float_array(array, xp=xp, name="target"), z.dtype), tolerance


def prepare_weight(weight: object, n_classes: int, z: Array, xp: Any) -> Array:
    weights = float_argument(weight, name="weight", xp=xp, dtype=z.dtype)
    if tuple(weights.shape) != (n_classes,):
        msg = f"`weight` must have shape ({n_classes},), one per class; got {tuple(weights.shape)}."
        raise ShapeError(msg)
    check_non_negative(weights, name="weight", xp=xp)
    return weights


def check_labels(labels: Array, n_classes: int, ignored_label: int | None, xp: Any) -> None:
    """Check that every label is a class index or the ignored one (eager arrays only)."""
    if is_lazy(labels) or math.prod(labels.shape) == 0:
        return
    # Two reductions settle the common case; masks are built only when they do not. Labels
    # in host memory are reduced by NumPy on one thread (a zero-copy view of a CPU tensor):
    # tiny parallel torch reductions stall for milliseconds when the cores are busy.
    host = _host_view(labels)
    low, high = (host.min(), host.max()) if host is not None else (xp.min(labels), xp.max(labels))
    if int(low) >= 0 and int(high) < n_classes:
        return
    if ignored_label is not None:
        bad = (labels < 0) | (labels >= n_classes)
        if not bool(xp.any(bad & (labels != ignored_label))):
            return
    values = to_numpy(labels)
    bad_values = (values < 0) | (values >= n_classes)
    if ignored_label is not None:
        bad_values &= values != ignored_label
    position = tuple(int(i) for i in np.unravel_index(int(np.argmax(bad_values)), values.shape))
    where = str(position[0]) if len(position) == 1 else str(position)
    count = int(bad_values.sum())
    allowed = f"[0, {n_classes - 1}]" + (
        f" or `ignore_index` ({ignored_label})" if ignored_label is not None else ""
    )
    msg = (
        f"`target` must hold class indices in {allowed}; got label {values[position]} at "
        f"sample index {where}" + (f" ({count} labels out of range in all)." if count > 1 else ".")
    )
    raise InvalidDistributionError(msg)


def _host_view(labels: Array) -> np.ndarray[Any, Any] | None:
    """Return `labels` as a NumPy array without copying, if they live in host memory."""
    if isinstance(labels, np.ndarray):
        return labels
    if array_api_compat.is_torch_array(labels) and labels.device.type == "cpu":
        return np.asarray(labels.detach().numpy())
    if array_api_compat.is_jax_array(labels):
        # Concrete JAX arrays (also constants captured by a jitted function, whose
        # reductions inside the trace would be tracers) are read on the host.
        return np.asarray(labels)
    return None
