"""Native fast paths (NumPy, torch) for per-row sums of ``p * log(...)`` terms.

The generic array-API code makes several full-size temporaries (masks, safe copies, products),
each a trip through main memory. For NumPy inputs these kernels walk the batch in blocks of
rows small enough to stay in the CPU cache and use one scratch buffer, so the cost is close
to a single ``np.log`` pass over the data (see ``benchmarks/bench_measures.py``).

Each kernel computes the fast unmasked expression first; a block whose result is not finite
(a zero probability gives ``0 * -inf``, a negative one ``log(-x) = nan``) is recomputed with
the masked generic kernel, so zeros and infinities get exactly the generic semantics.
The kernels also return the row sums that validation needs, computed in the same pass.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import numpy as np

from infokit._array import xlogy

__all__ = [
    "cross_entropy_rows",
    "entropy_rows",
    "kl_divergence_rows",
    "supports",
    "torch_entropy",
    "torch_kl_divergence",
    "torch_supports",
]

# About 256 KiB of float64 per block: the block, its scratch and the output fit in L2.
_BLOCK_ELEMENTS = 1 << 15

_Float = np.ndarray[Any, np.dtype[np.floating[Any]]]


def supports(*arrays: object) -> bool:
    """Tell whether the fast kernels apply: same-shape float32/float64 NumPy arrays."""
    first = arrays[0]
    return all(
        isinstance(a, np.ndarray)
        and a.dtype in (np.float32, np.float64)
        and a.dtype == first.dtype  # type: ignore[attr-defined]
        and a.shape == first.shape  # type: ignore[attr-defined]
        and a.ndim >= 1
        for a in arrays
    )


def _rows(array: _Float, axis: int) -> tuple[_Float, tuple[int, ...]]:
    moved = np.moveaxis(array, axis, -1)
    batch_shape = moved.shape[:-1]
    return np.ascontiguousarray(moved).reshape(-1, moved.shape[-1]), batch_shape


def _row_dot(a: _Float, b: _Float, out: _Float) -> None:
    """``out[i] = sum_j a[i, j] * b[i, j]``."""
    if a.dtype == np.float64:  # a batched BLAS dot: one pass, no temporary
        np.matmul(a[:, None, :], b[:, :, None], out=out[:, None, None])
    else:  # float32: pairwise summation keeps the rounding error at O(log n) eps
        np.sum(np.multiply(a, b, out=b), axis=1, out=out)


def _generic_p_log_ratio(p: _Float, q: _Float | None) -> _Float:
    """Masked ``sum p * log(p / q)`` per row (``q=None``: ``sum p log p``)."""
    terms = xlogy(p, p, xp=np) if q is None else xlogy(p, p, xp=np) - xlogy(p, q, xp=np)
    result: _Float = np.sum(terms, axis=1)
    return result


def _blocked(
    arrays: tuple[_Float, ...],
    axis: int,
    fast: Callable[[tuple[_Float, ...], _Float, _Float], None],
    careful: Callable[[tuple[_Float, ...]], _Float],
    want_sums: bool,
) -> tuple[_Float, list[_Float]]:
    rows = [_rows(a, axis) for a in arrays]
    matrices = tuple(matrix for matrix, _ in rows)
    batch_shape = rows[0][1]
    n_rows, n_outcomes = matrices[0].shape
    dtype = matrices[0].dtype
    result = np.empty(n_rows, dtype=dtype)
    sums = [np.empty(n_rows, dtype=dtype) for _ in matrices] if want_sums else []
    ones = np.ones(n_outcomes, dtype=dtype)
    step = max(1, _BLOCK_ELEMENTS // max(1, n_outcomes))
    scratch = np.empty((min(step, n_rows), n_outcomes), dtype=dtype)
    with np.errstate(all="ignore"):
        for start in range(0, n_rows, step):
            block = tuple(matrix[start : start + step] for matrix in matrices)
            stop = start + block[0].shape[0]
            for matrix_sums, part in zip(sums, block[: len(sums)], strict=True):
                np.matmul(part, ones, out=matrix_sums[start:stop])
            out = result[start:stop]
            fast(block, scratch[: stop - start], out)
            if not np.isfinite(out).all():
                out[...] = careful(block)
    return result.reshape(batch_shape), [s.reshape(batch_shape) for s in sums]


def entropy_rows(p: _Float, axis: int, *, want_sums: bool) -> tuple[_Float, list[_Float]]:
    """Return ``-sum p log p`` along `axis` (nats) and, if asked, the sums of `p`."""

    def fast(block: tuple[_Float, ...], scratch: _Float, out: _Float) -> None:
        np.log(block[0], out=scratch)
        _row_dot(block[0], scratch, out)
        np.subtract(0.0, out, out=out)  # +0.0 for a certain outcome, not -0.0

    def careful(block: tuple[_Float, ...]) -> _Float:
        return 0.0 - _generic_p_log_ratio(block[0], None)

    return _blocked((p,), axis, fast, careful, want_sums)


def kl_divergence_rows(
    p: _Float, q: _Float, axis: int, *, want_sums: bool
) -> tuple[_Float, list[_Float]]:
    """Return ``sum p log(p/q)`` along `axis` (nats) and, if asked, the sums of `p` and `q`."""

    def fast(block: tuple[_Float, ...], scratch: _Float, out: _Float) -> None:
        # log(p / q) rounds better than log p - log q when p ~ q (no cancellation).
        np.divide(block[0], block[1], out=scratch)
        np.log(scratch, out=scratch)
        _row_dot(block[0], scratch, out)

    def careful(block: tuple[_Float, ...]) -> _Float:
        return _generic_p_log_ratio(block[0], block[1])

    return _blocked((p, q), axis, fast, careful, want_sums)


def cross_entropy_rows(
    p: _Float, q: _Float, axis: int, *, want_sums: bool
) -> tuple[_Float, list[_Float]]:
    """Return ``-sum p log q`` along `axis` (nats) and, if asked, the sums of `p` and `q`."""

    def fast(block: tuple[_Float, ...], scratch: _Float, out: _Float) -> None:
        np.log(block[1], out=scratch)
        _row_dot(block[0], scratch, out)
        np.subtract(0.0, out, out=out)  # +0.0 for a certain outcome, not -0.0

    def careful(block: tuple[_Float, ...]) -> _Float:
        result: _Float = 0.0 - np.sum(xlogy(block[0], block[1], xp=np), axis=1)
        return result

    return _blocked((p, q), axis, fast, careful, want_sums)


def torch_supports(*arrays: object) -> bool:
    """Tell whether the torch kernels apply: tensors that need no gradient.

    With autograd the generic masked code runs instead: torch's ``entr`` and ``xlogy`` have
    infinite or NaN gradients at zero probabilities, the masked code has finite ones.
    """
    torch = sys.modules.get("torch")
    return torch is not None and all(
        isinstance(a, torch.Tensor) and not a.requires_grad and a.ndim >= 1 for a in arrays
    )


def torch_entropy(p: Any, axis: int) -> Any:
    """``-sum p log p`` with torch's fused ``entr`` kernel (0 log 0 = 0)."""
    return sys.modules["torch"].special.entr(p).sum(dim=axis)


def torch_kl_divergence(p: Any, q: Any, axis: int) -> Any:
    """``sum p log(p/q)`` with torch's fused ``xlogy`` (0 log 0 = 0; inf where q = 0 < p)."""
    torch = sys.modules["torch"]
    if bool(q.min() > 0):  # one log pass; p/q is finite and 0 where p is
        return torch.special.xlogy(p, p / q).sum(dim=axis)
    return (torch.special.xlogy(p, p) - torch.special.xlogy(p, q)).sum(dim=axis)
