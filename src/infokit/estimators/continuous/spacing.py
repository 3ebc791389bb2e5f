r"""Spacing (m-spacing) estimators of the differential entropy of one-dimensional samples.

Both estimators sort the samples :math:`x_{(1)} \le \dots \le x_{(n)}` and look at the
``m``-spacings :math:`x_{(i+m)} - x_{(i-m)}`, with :math:`x_{(j)} = x_{(1)}` for
:math:`j < 1` and :math:`x_{(j)} = x_{(n)}` for :math:`j > n`:

.. math::

    \hat H_{\mathrm{Vasicek}} = \frac1n \sum_{i=1}^n \log\Big(\frac{n}{2m}
        \big(x_{(i+m)} - x_{(i-m)}\big)\Big), \qquad
    \hat H_{\mathrm{Ebrahimi}} = \frac1n \sum_{i=1}^n \log\Big(\frac{n}{c_i m}
        \big(x_{(i+m)} - x_{(i-m)}\big)\Big),

with :math:`c_i = 1 + (i - 1)/m` for :math:`i \le m`, :math:`c_i = 1 + (n - i)/m` for
:math:`i \ge n - m + 1` and :math:`c_i = 2` otherwise. The default window is
:math:`m = \lfloor\sqrt n + 1/2\rfloor`, as in `scipy.stats.differential_entropy`, whose
results these functions reproduce exactly.

References
----------
.. [1] O. Vasicek, "A test for normality based on sample entropy", Journal of the Royal
   Statistical Society B 38(1), 54-59, 1976.
.. [2] N. Ebrahimi, K. Pflughoeft and E. S. Soofi, "Two measures of sample entropy",
   Statistics & Probability Letters 20(3), 225-234, 1994.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from infokit._validation import check_int
from infokit.errors import ShapeError

__all__ = ["default_window_length", "ebrahimi_entropy", "vasicek_entropy"]

FloatArray = NDArray[np.float64]


def default_window_length(n_samples: int) -> int:
    """Return scipy's default spacing window ``floor(sqrt(n) + 1/2)``."""
    return math.floor(math.sqrt(n_samples) + 0.5)


def check_window_length(window_length: object, n_samples: int) -> int:
    """Check the spacing window ``m``: an integer with ``2 <= 2 m < n``."""
    if window_length is None:
        window_length = default_window_length(n_samples)
    m = check_int(window_length, name="window_length", minimum=1)
    if not 2 * m < n_samples:
        msg = (
            f"spacing estimators need more than 2 * `window_length` samples; got "
            f"{n_samples} samples for `window_length`={m}. Pass more samples (at least 3) "
            "or a smaller `window_length`."
        )
        raise ShapeError(msg)
    return m


def _spacings(sorted_values: FloatArray, m: int) -> FloatArray:
    """Return ``x_(i+m) - x_(i-m)`` for i = 1..n with the ends clamped (scipy's padding)."""
    n = sorted_values.shape[0]
    index = np.arange(n)
    upper = sorted_values[np.minimum(index + m, n - 1)]
    lower = sorted_values[np.maximum(index - m, 0)]
    return np.asarray(upper - lower, dtype=np.float64)


def vasicek_entropy(values: FloatArray, *, window_length: int) -> tuple[float, FloatArray]:
    """Return Vasicek's entropy estimate in nats and its per-sample log terms.

    `values` is one-dimensional, finite and has no run of ``2 m + 1`` equal values.

    Examples
    --------
    >>> import numpy as np
    >>> from scipy.stats import differential_entropy
    >>> x = np.random.default_rng(0).uniform(size=400)
    >>> value, _ = vasicek_entropy(x, window_length=20)
    >>> bool(np.isclose(value, differential_entropy(x, method="vasicek")))
    True
    """
    sorted_values = np.sort(values)
    n = sorted_values.shape[0]
    m = window_length
    terms = np.log(n / (2 * m) * _spacings(sorted_values, m))
    return float(np.mean(terms)), terms


def ebrahimi_entropy(values: FloatArray, *, window_length: int) -> tuple[float, FloatArray]:
    """Return Ebrahimi's entropy estimate in nats and its per-sample log terms.

    Examples
    --------
    >>> import numpy as np
    >>> from scipy.stats import differential_entropy
    >>> x = np.random.default_rng(0).exponential(size=400)
    >>> value, _ = ebrahimi_entropy(x, window_length=20)
    >>> bool(np.isclose(value, differential_entropy(x, method="ebrahimi")))
    True
    """
    sorted_values = np.sort(values)
    n = sorted_values.shape[0]
    m = window_length
    position = np.arange(1, n + 1, dtype=np.float64)
    weight = np.full(n, 2.0)
    head, tail = position <= m, position >= n - m + 1
    weight[head] = 1 + (position[head] - 1) / m
    weight[tail] = 1 + (n - position[tail]) / m
    terms = np.log(n * _spacings(sorted_values, m) / (weight * m))
    return float(np.mean(terms)), terms
