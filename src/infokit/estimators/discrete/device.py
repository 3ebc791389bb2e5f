r"""Plug-in entropies and informations of integer labels on the caller's device (torch, JAX).

`estimate_entropy`, `estimate_joint_entropy`, `estimate_mutual_information`,
`estimate_conditional_entropy` and `estimate_conditional_mutual_information` send
``method="plugin"`` here when every variable is an integer or boolean array of a library
other than NumPy. The counting is that library's: each variable's (or group's) labels are
replaced by the index of their distinct value (``unique_inverse``), groups are coded one
variable at a time (re-indexed after each step, so codes never overflow), and the counts of
the codes give each sample's plug-in probability. The local value of a sample is the signed
sum of :math:`-\log \hat p` of its groups (Lizier 2014); the estimate is their mean, and
its standard error is the delta-method one, :math:`\sqrt{\operatorname{var}(\ell)/N}` (the
same as the host path's). Nothing is copied to the host but the alphabet sizes; the
`Estimate` holds 0-d arrays (and ``local_values`` a 1-D array) of the input's library.

Float labels, missing values, intervals (``ci``), alphabet sizes and the other discrete
methods take the host path, and so do JAX labels unless JAX's 64-bit mode is on (the logs
of counts need float64).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from array_api_compat import device as device_of
from array_api_compat import is_array_api_obj, is_jax_namespace, is_torch_namespace

from infokit._array import Array, is_numpy, namespace_of
from infokit.errors import ShapeError
from infokit.estimators._options import Options
from infokit.results import Estimate

__all__ = ["device_plugin", "takes_device_path"]

#: ``(sign, variables)`` of each entropy term, as `_Quantity.terms`.
Term = tuple[float, tuple[int, ...]]


def _foreign_labels(value: object) -> bool:
    if not is_array_api_obj(value) or type(value).__module__.startswith("numpy"):
        return False
    xp = namespace_of(value)
    dtype = getattr(value, "dtype", None)
    return bool(xp.isdtype(dtype, "integral") or xp.isdtype(dtype, "bool"))


def takes_device_path(variables: Sequence[object], options: Options) -> bool:
    """Tell whether this plug-in estimate is counted on the labels' own device."""
    if options.method != "plugin" or options.ci is not None:
        return False
    if options.alphabet_size is not None or options.nan_policy == "category":
        return False
    if options.continuous_options_given() or not all(_foreign_labels(v) for v in variables):
        return False
    try:
        xp = namespace_of(*variables)
    except Exception:  # mixed libraries: the host path reports it
        return False
    # counts need float64 logs: torch has them on request, JAX only with x64 enabled (else
    # the labels are counted on the host, in float64)
    return not is_numpy(xp) and (is_torch_namespace(xp) or _float_dtype(xp) == xp.float64)


#: Dense codes may leave this many empty bins per sample before they are re-indexed.
_DENSE_FACTOR = 4


def _reindex(xp: Any, labels: Array) -> tuple[Array, int]:
    """Return ``(index of each sample's distinct value, number of distinct values)``."""
    values, inverse = xp.unique_inverse(labels)
    return xp.reshape(inverse, (-1,)), int(values.shape[0])


def _codes(xp: Any, labels: Array) -> tuple[Array, int]:
    """Return ``(codes in 0..size-1, size)``; labels in a short range are shifted, not sorted."""
    low, high = int(xp.min(labels)), int(xp.max(labels))
    if high - low < _DENSE_FACTOR * labels.shape[0]:
        return xp.astype(labels, xp.int64) - low, high - low + 1
    return _reindex(xp, labels)


def _variable_codes(xp: Any, value: Array, name: str) -> tuple[Array, int]:
    if value.ndim not in (1, 2) or value.shape[0] == 0:
        msg = f"`{name}` must be a non-empty 1-D array of labels (or 2-D, one row per sample)."
        raise ShapeError(msg)
    if value.ndim == 1:
        return _codes(xp, value)
    codes, size = _codes(xp, value[:, 0])
    for j in range(1, value.shape[1]):
        codes, size = _combine(xp, (codes, size), _codes(xp, value[:, j]))
    return codes, size


def _combine(xp: Any, a: tuple[Array, int], b: tuple[Array, int]) -> tuple[Array, int]:
    """Code the pairs of codes `a`, `b`; re-indexed when the product of sizes is too sparse."""
    (codes_a, size_a), (codes_b, size_b) = a, b
    codes = codes_a * size_b + codes_b
    if size_a * size_b <= _DENSE_FACTOR * codes.shape[0]:
        return codes, size_a * size_b
    return _reindex(xp, codes)


def _sample_counts(xp: Any, codes: Array, size: int) -> tuple[Array, int]:
    """Return ``(the count of each sample's code, the number of codes observed)``."""
    counts: Array
    if is_torch_namespace(xp) or is_jax_namespace(xp):
        if is_torch_namespace(xp):
            import torch  # the caller's tensors are torch's: it is imported already

            counts = torch.bincount(codes, minlength=size)
        else:
            import jax.numpy as jnp

            counts = jnp.bincount(codes, length=size)
        return xp.take(counts, codes), int(xp.sum(xp.astype(counts > 0, xp.int64)))
    values, counts = xp.unique_counts(codes)  # other libraries: look the sorted codes up
    return xp.take(counts, xp.searchsorted(values, codes)), int(values.shape[0])


def device_plugin(
    terms: Sequence[Term], variables: Sequence[object], names: Sequence[str], options: Options
) -> Estimate:
    """Estimate the signed sum of plug-in entropies `terms` of `variables` on their device."""
    xp = namespace_of(*variables)
    coded = [_variable_codes(xp, value, name) for value, name in zip(variables, names, strict=True)]
    lengths = {codes.shape[0] for codes, _ in coded}
    if len(lengths) > 1:
        shown = ", ".join(f"`{n}` {c.shape[0]}" for n, (c, _) in zip(names, coded, strict=True))
        msg = f"the samples must have the same length; got {shown}."
        raise ShapeError(msg)
    n = coded[0][0].shape[0]
    where = device_of(coded[0][0])
    dtype = xp.float64
    local = xp.zeros(n, dtype=dtype, device=where)
    observed = []
    for sign, group in terms:
        codes, size = coded[group[0]]
        for index in group[1:]:
            codes, size = _combine(xp, (codes, size), coded[index])
        counts, seen = _sample_counts(xp, codes, size)
        local = local + sign * (math.log(n) - xp.log(xp.astype(counts, dtype)))
        observed.append(seen)
    scale = math.log(options.base)
    local = local / scale
    value = xp.mean(local)
    spread = local - value
    std_error = xp.sqrt(xp.mean(spread * spread) / n)
    return Estimate(
        value,
        std_error,
        "plugin",
        base=options.base,
        n_samples=n,
        details={"n_categories_observed": observed, "device": str(where)},
        local_values=local if options.local else None,
    )


def _float_dtype(xp: Any) -> Any:
    try:
        return xp.__array_namespace_info__().default_dtypes()["real floating"]
    except AttributeError:
        return xp.float64
