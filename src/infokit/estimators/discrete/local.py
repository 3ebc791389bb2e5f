r"""Local (pointwise) values of plug-in information quantities of labels.

A quantity written as a signed sum of joint entropies, :math:`\sum_k c_k H(X_{S_k})`, has
plug-in local values :math:`\sum_k c_k \left(-\log \hat p(x_{S_k, n})\right)` at sample n,
whose mean is exactly the plug-in estimate: e.g. :math:`\log \hat p(x, y) / (\hat p(x)
\hat p(y))` for the mutual information (local information in the sense of Lizier, "The
local information dynamics of distributed computation in complex systems", Springer, 2014).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

__all__ = ["plugin_local_values"]


def _joint_codes(codes: Sequence[NDArray[np.integer]], sizes: Sequence[int]) -> NDArray[np.intp]:
    """One code per sample for the joint value of several label arrays."""
    if math.prod(max(int(size), 1) for size in sizes) < 2**62:
        key = np.zeros(codes[0].shape[0], dtype=np.int64)
        for column, size in zip(codes, sizes, strict=True):
            key = key * max(int(size), 1) + column
        return np.unique(key, return_inverse=True)[1].ravel()
    stacked = np.stack([np.asarray(c, dtype=np.int64) for c in codes], axis=1)
    return np.unique(stacked, axis=0, return_inverse=True)[1].ravel()


def plugin_local_values(
    codes: Sequence[NDArray[np.integer]],
    sizes: Sequence[int],
    terms: Sequence[tuple[float, tuple[int, ...]]],
) -> NDArray[np.float64]:
    """Return the plug-in local values (nats) of ``sum_k c_k H(X_{S_k})``, one per sample.

    `codes` are the non-negative integer codes of each variable (paired, no missing values),
    `sizes` their code bounds, `terms` the ``(c_k, S_k)`` of the quantity.
    """
    n = codes[0].shape[0]
    local = np.zeros(n)
    for coefficient, members in terms:
        joint = _joint_codes([codes[m] for m in members], [sizes[m] for m in members])
        counts = np.bincount(joint)
        local -= coefficient * np.log(counts[joint] / n)
    return local
