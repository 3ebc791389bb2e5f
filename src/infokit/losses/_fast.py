"""Native fast paths of `cross_entropy_loss` with class-index targets.

The array-API kernel materialises several full-size temporaries (the shifted logits, their
exponentials), each a trip through main memory. Two faster routes give the same numbers:

* torch tensors go to ``torch.nn.functional.cross_entropy``, whose fused kernel is the
  oracle the tests compare with anyway;
* NumPy arrays are walked in blocks of rows small enough to stay in the CPU cache, reusing
  one scratch buffer, on a few threads (NumPy releases the GIL inside its loops). Without
  label smoothing one ``exp`` pass suffices (no shift by the row maximum, see
  `_negative_log_likelihood` for why that is as exact, and which rows are redone).

Both return ``None`` when they do not apply, and the caller falls back to the generic code.
See ``benchmarks/bench_losses.py`` for the measurements that justify them.
"""

from __future__ import annotations

import itertools
import os
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np

from infokit._array import Array

__all__ = ["numpy_index_terms", "torch_cross_entropy"]

# About 256 KiB of float32 per block: the block and its scratch copy fit in L2 together.
_BLOCK_ELEMENTS = 1 << 16
# Below this many logits one thread is as fast as several (start-up costs dominate).
_THREADED_ELEMENTS = 1 << 20
_MAX_WORKERS = max(1, min(4, os.cpu_count() or 1))
_pool: tuple[int, ThreadPoolExecutor] | None = None  # (process id, pool)

_Float = np.ndarray[Any, np.dtype[np.floating[Any]]]


def _executor() -> ThreadPoolExecutor:
    """Return this process's thread pool, created on first use.

    A child made by ``fork`` (e.g. a data-loader worker) inherits the pool object but not
    its threads, so it gets a pool of its own.
    """
    global _pool
    if _pool is None or _pool[0] != os.getpid():
        _pool = (os.getpid(), ThreadPoolExecutor(_MAX_WORKERS, thread_name_prefix="infokit-losses"))
    return _pool[1]


def numpy_index_terms(
    logits: Array, labels: Array, axis: int, vector: Array | None
) -> tuple[_Float, _Float | None] | None:
    """Return ``-log q[label]`` and, if `vector` is given, ``-sum_c vector_c log q_c``.

    `labels` are valid class indices (ignored samples already replaced by 0); `vector`
    holds the class weights (ones without weights) when label smoothing needs the second
    term. Returns ``None`` when the inputs are not float32/float64 NumPy arrays or a result
    is not finite (infinite or NaN logits: the caller redoes the work with the generic,
    masked code and explains any NaN).
    """
    if not (
        isinstance(logits, np.ndarray)
        and logits.dtype in (np.float32, np.float64)
        and isinstance(labels, np.ndarray)
        and (vector is None or isinstance(vector, np.ndarray))
        and logits.size > 0
    ):
        return None
    moved = np.moveaxis(logits, axis, -1)
    batch_shape = moved.shape[:-1]
    rows = np.ascontiguousarray(moved).reshape(-1, moved.shape[-1])
    flat_labels = np.ascontiguousarray(labels).reshape(-1)
    with np.errstate(all="ignore"):
        if vector is None:
            nll = _negative_log_likelihood(rows, flat_labels)
            smooth = None
        else:
            nll, smooth = _shifted_terms(rows, flat_labels, np.asarray(vector, dtype=rows.dtype))
    if not np.isfinite(nll).all() or (smooth is not None and not np.isfinite(smooth).all()):
        return None
    return nll.reshape(batch_shape), None if smooth is None else smooth.reshape(batch_shape)


def _in_blocks(n_rows: int, n_classes: int, work: Callable[[int, int], None]) -> None:
    """Run ``work(start, stop)`` over row ranges, on several threads for large inputs."""
    step = max(1, _BLOCK_ELEMENTS // n_classes)
    n_workers = min(_MAX_WORKERS, n_rows // step) if n_rows * n_classes >= _THREADED_ELEMENTS else 1
    if n_workers <= 1:
        work(0, n_rows)
        return
    bounds = np.linspace(0, n_rows, n_workers + 1).astype(int)
    jobs = [_executor().submit(work, int(a), int(b)) for a, b in itertools.pairwise(bounds)]
    for job in jobs:
        job.result()


def _negative_log_likelihood(rows: _Float, labels: Array) -> _Float:
    """``log sum_c exp(z_c) - z_y`` per row, with one ``exp`` pass and no shift.

    The row sums ``S`` of ``exp(z)`` are formed block by block in a cache-resident scratch
    buffer, keeping the summand ``e_y = exp(z_y)``; then ``-log q_y = log(S / e_y)``, whose
    argument is ``1 + (other terms) / e_y``: the precision of the usual shift by the row
    maximum, where the label's term is exactly 1. Where ``e_y`` is not a normal number or
    the ratio overflows (losses above ~80), ``log S - z_y`` is used, exact to a few ulps of
    ``z_y``. Rows where ``S`` overflows, or is so small that terms flushed to 0 could matter,
    are recomputed by `_shifted_terms`.
    """
    n_rows, n_classes = rows.shape
    dtype = rows.dtype
    info = np.finfo(dtype)
    totals = np.empty(n_rows, dtype=dtype)
    label_terms = np.empty(n_rows, dtype=dtype)
    ones = np.ones(n_classes, dtype=dtype)
    step = max(1, _BLOCK_ELEMENTS // n_classes)

    def work(start: int, stop: int) -> None:
        scratch = np.empty((min(step, stop - start), n_classes), dtype=dtype)
        positions = np.arange(scratch.shape[0])
        with np.errstate(all="ignore"):  # errstate is per thread: set it in the worker
            for begin in range(start, stop, step):
                end = min(begin + step, stop)
                block = scratch[: end - begin]
                np.exp(rows[begin:end], out=block)
                np.matmul(block, ones, out=totals[begin:end])
                label_terms[begin:end] = block[positions[: end - begin], labels[begin:end]]

    _in_blocks(n_rows, n_classes, work)
    ratio = totals / label_terms
    direct = (label_terms >= info.tiny) & np.isfinite(ratio)
    picked = rows[np.arange(n_rows), labels]
    result = np.where(direct, np.log(ratio), np.log(totals) - picked)
    np.maximum(result, 0, out=result)  # S includes e_y: a negative value is rounding
    # Terms below the smallest normal number may be flushed to 0; they are negligible when
    # their total, at most n_classes * tiny, is below eps * S.
    unsafe = ~((totals >= n_classes * float(info.tiny) / float(info.eps)) & (totals <= info.max))
    if unsafe.any():
        result[unsafe] = _shifted_terms(rows[unsafe], labels[unsafe], None)[0]
    return result


def _shifted_terms(
    rows: _Float, labels: Array, vector: _Float | None
) -> tuple[_Float, _Float | None]:
    """``-log q_y`` and ``-sum_c vector_c log q_c`` per row, shifting by the row maximum."""
    n_rows, n_classes = rows.shape
    dtype = rows.dtype
    log_norm = np.empty(n_rows, dtype=dtype)
    picked = np.empty(n_rows, dtype=dtype)
    shifted_sum = None if vector is None else np.empty(n_rows, dtype=dtype)
    ones = np.ones(n_classes, dtype=dtype)
    step = max(1, _BLOCK_ELEMENTS // n_classes)

    def work(start: int, stop: int) -> None:
        scratch = np.empty((min(step, stop - start), n_classes), dtype=dtype)
        maximum = np.empty(scratch.shape[0], dtype=dtype)
        positions = np.arange(scratch.shape[0])
        with np.errstate(all="ignore"):  # errstate is per thread: set it in the worker
            for begin in range(start, stop, step):
                end = min(begin + step, stop)
                size = end - begin
                block, shifted, peak = rows[begin:end], scratch[:size], maximum[:size]
                np.max(block, axis=1, out=peak)
                np.subtract(block, peak[:, None], out=shifted)
                picked[begin:end] = shifted[positions[:size], labels[begin:end]]
                if shifted_sum is not None and vector is not None:
                    np.matmul(shifted, vector, out=shifted_sum[begin:end])
                np.exp(shifted, out=shifted)
                np.matmul(shifted, ones, out=log_norm[begin:end])
            np.log(log_norm[start:stop], out=log_norm[start:stop])

    _in_blocks(n_rows, n_classes, work)
    nll = log_norm - picked  # two non-negative terms
    if vector is None or shifted_sum is None:
        return nll, None
    return nll, float(np.sum(vector)) * log_norm - shifted_sum


def torch_cross_entropy(
    logits: Array,
    labels: Array,
    axis: int,
    *,
    weight: Array | None,
    ignore_index: int | None,
    label_smoothing: float,
    reduction: str,
) -> Array | None:
    """Call ``torch.nn.functional.cross_entropy`` with the classes moved to axis 1.

    `labels` are checked class indices; returns ``None`` for anything but float32/float64
    torch tensors, and for class weights with ``-inf`` logits, where the kernel returns NaN
    (``0 * -inf`` for a class of weight 0) and the generic code gives the limit, 0.
    """
    torch = sys.modules.get("torch")
    if torch is None or not isinstance(logits, torch.Tensor):
        return None
    if logits.dtype not in (torch.float32, torch.float64):
        return None
    if weight is not None and bool(torch.isneginf(logits).any()):
        return None  # the kernel multiplies a class weight 0 by log q = -inf: NaN
    if logits.ndim >= 2 and axis != 1:
        logits = torch.movedim(logits, axis, 1)
    return torch.nn.functional.cross_entropy(
        logits,
        labels.to(torch.int64),
        weight=weight,
        ignore_index=-100 if ignore_index is None else ignore_index,
        label_smoothing=label_smoothing,
        reduction=reduction,
    )
