"""Cross-entropy loss from logits, with class-index or probability targets."""

from __future__ import annotations

import math
from typing import Any, Literal

import array_api_compat
import numpy as np

from infokit._array import Array, as_float_array, is_lazy, log_of_base, namespace_of
from infokit._validation import check_axis, check_logits
from infokit.errors import InvalidParameterError, ShapeError
from infokit.losses import _fast
from infokit.losses._common import (
    check_non_empty,
    check_probability_rows,
    check_reduction,
    check_unit_fraction,
    reduce_per_sample,
)
from infokit.losses._targets import (
    check_ignore_index,
    check_labels,
    prepare_target,
    prepare_weight,
)
from infokit.units import resolve_base

__all__ = ["cross_entropy_loss"]

_BATCHMEAN_HINT = (
    "Cross-entropy's 'mean' already averages per sample (and per position for extra "
    "dimensions), weighting by `weight` like torch."
)


def cross_entropy_loss(
    logits: object,
    target: object,
    /,
    *,
    axis: int = -1,
    weight: object = None,
    ignore_index: int | None = None,
    label_smoothing: float = 0.0,
    reduction: Literal["none", "sum", "mean"] = "mean",
    base: float | str = math.e,
) -> Array:
    r"""Compute the cross-entropy loss of classifier `logits` against `target` classes.

    Equals ``torch.nn.functional.cross_entropy`` for every combination of options, on
    NumPy, PyTorch and JAX arrays, and is differentiable on the caller's framework.

    Parameters
    ----------
    logits : array of shape (..., n_classes, ...)
        Unnormalised log-probabilities, classes along `axis`. Finite, or ``-inf`` for a
        class ruled out. float16 and bfloat16 are computed in float32.
    target : array of integers or of probabilities
        Either class indices (an integer array with the shape of `logits` without `axis`),
        or one probability vector per sample (a floating array with the shape of `logits`:
        soft labels, non-negative and summing to 1 along `axis`).
    axis : int, default=-1
        Axis of `logits` indexing the classes. torch's layout ``(N, C, d1, ...)`` is
        ``axis=1``.
    weight : array of shape (n_classes,), optional
        Non-negative weight of each class, multiplying its terms (torch's `weight`).
    ignore_index : int, optional
        A class index whose samples contribute nothing, not even to the mean's denominator
        (padding tokens). Only with class-index targets. Default: no index is ignored.
    label_smoothing : float, default=0.0
        Mix the target with the uniform distribution: :math:`(1 - \varepsilon)\,t +
        \varepsilon / C`, as in [3]_.
    reduction : {"mean", "sum", "none"}, default="mean"
        ``"none"``: one loss per sample (the shape of `logits` without `axis`);
        ``"sum"``: their sum; ``"mean"``: with class indices, the sum divided by the total
        weight of the counted samples (their number without `weight`; ignored samples do
        not count); with probability targets, the sum divided by the number of samples.
        An empty batch gives an empty array, 0, and `ShapeError` for ``"mean"``. When the
        counted samples weigh 0 in total (all ignored, or only targets of weight 0) the
        ``"mean"`` is the sum, 0 unless label smoothing reaches a weighted ``-inf`` logit
        (torch returns NaN, 0 / 0, in both cases).
    base : float or str, default=math.e
        Logarithm base or unit name: ``"nats"`` (torch's unit), ``"bits"``, ...

    Returns
    -------
    array
        Loss in units of `base`: a 0-d array, or per-sample losses for ``"none"``. Never a
        NaN made by the reduction (see `reduction`).

    Raises
    ------
    InvalidDistributionError
        If a label lies outside ``[0, n_classes)`` and is not `ignore_index` (the message
        names the sample and the label), if soft labels are negative or do not sum to 1,
        or if `logits` hold NaN, ``+inf``, or only ``-inf`` for a sample.
    ShapeError
        If `target` or `weight` does not have the expected shape, or for ``"mean"`` over
        an empty batch.
    InvalidParameterError
        For an unknown `reduction`, `label_smoothing` outside [0, 1], or `ignore_index`
        with probability targets.

    Notes
    -----
    With :math:`\log q = \operatorname{log\,softmax}(z)` and the smoothed target
    :math:`\tilde t = (1 - \varepsilon)\,t + \varepsilon / C` (one-hot :math:`t` for a class
    index :math:`y`), the loss of one sample is

    .. math:: \ell = -\sum_{c} w_c\, \tilde t_c \log_b q_c

    which for :math:`\varepsilon = 0` and unit weights is the negative log-likelihood
    :math:`-\log_b q_y`; its mean over a data set is the cross-entropy between the empirical
    and the model distribution, so minimising it is maximum likelihood [1]_, [2]_. For class
    indices with weights, the weighted mean divides by :math:`\sum_i w_{y_i}` over the
    counted samples, as torch does.

    The log-softmax is computed stably (shifting by the largest logit), so logits of
    magnitude 1e4 in float32 give finite, exact losses. Value checks (labels in range,
    soft labels) are skipped for traced JAX arrays; NaN in the result of an eager call is
    traced back to the logits that caused it.

    NumPy inputs are processed in cache-sized blocks of rows on a few threads and torch
    tensors with class indices go to torch's own fused kernel; both give the same values as
    the generic array-API code.

    References
    ----------
    .. [1] I. Goodfellow, Y. Bengio and A. Courville, *Deep Learning*, 2016, Sec. 5.5.
    .. [2] T. M. Cover and J. A. Thomas, *Elements of Information Theory*, 2nd ed., 2006.
    .. [3] C. Szegedy et al., "Rethinking the Inception Architecture for Computer Vision",
       CVPR 2016, Sec. 7.

    Examples
    --------
    >>> import numpy as np
    >>> from infokit.losses import cross_entropy_loss
    >>> logits = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]])
    >>> round(float(cross_entropy_loss(logits, np.array([0, 1]))), 4)
    0.3185
    >>> np.round(cross_entropy_loss(logits, np.array([0, 2]), reduction="none"), 4)
    array([0.417, 2.42 ])
    >>> round(float(cross_entropy_loss(logits, np.array([0, 1]), base="bits")), 4)
    0.4596
    """
    numeric_base = resolve_base(base)
    checked_reduction = check_reduction(reduction, ("none", "sum", "mean"), hint=_BATCHMEAN_HINT)
    smoothing = check_unit_fraction(label_smoothing, name="label_smoothing")
    ignored_label = check_ignore_index(ignore_index)
    xp = namespace_of(logits, target, weight)
    z = as_float_array(logits, xp=xp, name="logits")
    class_axis = check_axis(axis, z.ndim, name="logits") % z.ndim
    n_classes = z.shape[class_axis]
    if n_classes == 0:
        msg = (
            f"`logits` must have at least one class along axis {axis}; got shape {tuple(z.shape)}."
        )
        raise ShapeError(msg)
    labels, tolerance = prepare_target(target, z, class_axis, xp)
    batch_shape = tuple(z.shape[:class_axis]) + tuple(z.shape[class_axis + 1 :])
    check_non_empty(batch_shape, checked_reduction, name="logits")
    class_weights = None if weight is None else prepare_weight(weight, n_classes, z, xp)
    with np.errstate(divide="ignore", invalid="ignore"):
        options = (class_weights, ignored_label, smoothing, checked_reduction)
        if xp.isdtype(labels.dtype, "integral"):
            result = _class_index_loss(z, labels, class_axis, *options, xp=xp)
        else:
            result = _probability_loss(z, labels, class_axis, *options, tolerance, xp=xp)
        _explain_nan(result, z, class_axis, xp)
        scale = log_of_base(numeric_base)
        return result if scale == 1.0 else result / scale


def _class_index_loss(
    z: Array,
    labels: Array,
    class_axis: int,
    weight: Array | None,
    ignored_label: int | None,
    smoothing: float,
    reduction: str,
    *,
    xp: Any,
) -> Array:
    """Check the labels, then use torch's kernel for torch tensors, else the array-API code."""
    check_labels(labels, z.shape[class_axis], ignored_label, xp)
    # torch's kernel divides by a zero total weight (NaN); the mean is then taken here.
    own_mean = reduction == "mean" and (weight is not None or ignored_label is not None)
    result = _fast.torch_cross_entropy(
        z,
        labels,
        class_axis,
        weight=weight,
        ignore_index=ignored_label,
        label_smoothing=smoothing,
        reduction="sum" if own_mean else reduction,
    )
    if result is not None:
        if not own_mean:
            return result
        return result / _safe_count(counted_weight(labels, weight, ignored_label, z, xp=xp), xp)
    return index_cross_entropy(
        z, labels, class_axis, weight, ignored_label, smoothing, reduction, xp=xp
    )


def _probability_loss(
    z: Array,
    target: Array,
    class_axis: int,
    weight: Array | None,
    ignored_label: int | None,
    smoothing: float,
    reduction: str,
    tolerance: float,
    *,
    xp: Any,
) -> Array:
    """Check the soft labels, then compute the loss with the array-API code."""
    if ignored_label is not None:
        msg = (
            "`ignore_index` works with class-index targets only; got probability targets. "
            "Give ignored samples zero weight in a 'none' reduction instead."
        )
        raise InvalidParameterError(msg)
    check_probability_rows(
        target,
        name="target",
        axis=class_axis,
        xp=xp,
        tolerance=tolerance,
        hint="Class indices must be an integer array of the shape of `logits` without `axis`.",
    )
    return soft_cross_entropy(z, target, class_axis, weight, smoothing, reduction, xp=xp)


def _explain_nan(result: Array, z: Array, class_axis: int, xp: Any) -> None:
    """Trace a NaN result of an eager call back to the logits, if they caused it."""
    if is_lazy(result) or not bool(xp.any(xp.isnan(result))):
        return
    check_logits(z, name="logits", axis=class_axis, xp=xp, validate=True)


def _shifted_logits(z: Array, class_axis: int, xp: Any) -> tuple[Array, Array]:
    """Return ``z - max z`` and ``log sum exp(z - max z)`` along `class_axis`."""
    shifted = z - xp.max(z, axis=class_axis, keepdims=True)
    return shifted, xp.log(xp.sum(xp.exp(shifted), axis=class_axis))


def _along(vector: Array, ndim: int, class_axis: int, xp: Any) -> Array:
    """Reshape a per-class vector to broadcast along `class_axis` of an `ndim`-D array."""
    shape = [1] * ndim
    shape[class_axis] = vector.shape[0]
    return xp.reshape(vector, tuple(shape))


def _index_terms(
    z: Array, labels: Array, class_axis: int, vector: Array | None, xp: Any
) -> tuple[Array, Array | None]:
    """Return ``-log q[label]`` and ``-sum_c vector_c log q_c`` per sample (generic code)."""
    shifted, log_norm = _shifted_logits(z, class_axis, xp)
    index = xp.expand_dims(labels, axis=class_axis)
    picked = xp.squeeze(xp.take_along_axis(shifted, index, axis=class_axis), axis=class_axis)
    negative_log_likelihood = log_norm - picked  # two non-negative terms: no cancellation
    if vector is None:
        return negative_log_likelihood, None
    weights = _along(vector, z.ndim, class_axis, xp)
    # A class of weight 0 contributes 0, even when its logit is -inf (no 0 * inf = NaN).
    kept = xp.where(weights != 0, shifted, xp.zeros_like(shifted))
    shifted_sum = xp.sum(kept * weights, axis=class_axis)
    return negative_log_likelihood, xp.sum(vector) * log_norm - shifted_sum  # both terms >= 0


def index_cross_entropy(
    z: Array,
    labels: Array,
    class_axis: int,
    weight: Array | None,
    ignored_label: int | None,
    smoothing: float,
    reduction: str,
    *,
    xp: Any,
    native: bool = True,
) -> Array:
    """Cross-entropy in nats from logits and checked class indices (array-API code).

    With ``native=True`` NumPy inputs use the blocked kernel of `infokit.losses._fast`.
    """
    n_classes = z.shape[class_axis]
    ignored = None if ignored_label is None else labels == ignored_label
    safe_labels = labels if ignored is None else xp.where(ignored, xp.zeros_like(labels), labels)
    vector = None
    if smoothing > 0:
        vector = weight
        if vector is None:
            vector = xp.ones(n_classes, dtype=z.dtype, device=array_api_compat.device(z))
    terms = None
    if native and array_api_compat.is_numpy_namespace(xp):
        terms = _fast.numpy_index_terms(z, safe_labels, class_axis, vector)
    if terms is None:
        terms = _index_terms(z, safe_labels, class_axis, vector, xp)
    losses, uniform_part = terms  # -log q_y and -sum_c w_c log q_c
    label_weights = None
    if weight is not None:
        label_weights = xp.reshape(xp.take(weight, xp.reshape(safe_labels, (-1,))), labels.shape)
        # A target of weight 0 costs 0, even when its logit is -inf (no 0 * inf = NaN).
        losses = xp.where(label_weights != 0, label_weights * losses, xp.zeros_like(losses))
    if uniform_part is not None:
        losses = (1 - smoothing) * losses + (smoothing / n_classes) * uniform_part
    if ignored is not None:
        losses = xp.where(ignored, xp.zeros_like(losses), losses)
    if reduction == "none":
        return losses
    total = xp.sum(losses)
    if reduction == "sum":
        return total
    if label_weights is None and ignored is None:
        return reduce_per_sample(losses, "mean", xp=xp)
    return total / _safe_count(counted_weight(labels, weight, ignored_label, z, xp=xp), xp)


def counted_weight(
    labels: Array, weight: Array | None, ignored_label: int | None, z: Array, *, xp: Any
) -> Array:
    """Return the mean's denominator: the total weight of the non-ignored samples' targets."""
    ignored = None if ignored_label is None else labels == ignored_label
    if weight is None:
        counted = xp.ones(labels.shape, dtype=z.dtype, device=array_api_compat.device(z))
    else:
        safe = labels if ignored is None else xp.where(ignored, xp.zeros_like(labels), labels)
        counted = xp.reshape(xp.take(weight, xp.reshape(safe, (-1,))), labels.shape)
    if ignored is not None:
        counted = xp.where(ignored, xp.zeros_like(counted), counted)
    return xp.sum(counted)


def _safe_count(counted: Array, xp: Any) -> Array:
    """Return the denominator, 1 where it is 0: a batch that weighs nothing has mean = sum."""
    return xp.where(counted > 0, counted, xp.ones_like(counted))


def soft_cross_entropy(
    z: Array,
    target: Array,
    class_axis: int,
    weight: Array | None,
    smoothing: float,
    reduction: str,
    *,
    xp: Any,
) -> Array:
    """Cross-entropy in nats from logits and checked probability targets (array-API code)."""
    n_classes = z.shape[class_axis]
    shifted, log_norm = _shifted_logits(z, class_axis, xp)
    coefficients = target if smoothing == 0 else (1 - smoothing) * target + smoothing / n_classes
    if weight is not None:
        coefficients = coefficients * _along(weight, z.ndim, class_axis, xp)
    # Terms with a zero coefficient are zero, even where the logit is -inf.
    kept = xp.where(coefficients != 0, shifted, xp.zeros_like(shifted))
    mass = xp.sum(coefficients, axis=class_axis)
    losses = mass * log_norm - xp.sum(coefficients * kept, axis=class_axis)
    return reduce_per_sample(losses, reduction, xp=xp)
