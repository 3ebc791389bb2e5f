"""Special functions (log-gamma, digamma, trigamma, erf) for any array library.

The array API standard has no special functions, so each library's own is looked up here:
`scipy.special` for NumPy, `torch.special` for PyTorch (gradients flow), `jax.scipy.special`
for JAX. Other namespaces (e.g. array-api-strict) go through NumPy and come back.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import array_api_compat
import numpy as np

from infokit._array import Array, is_numpy, to_numpy


def _scipy_special() -> Any:
    import scipy.special  # deferred: keeps `import infokit.distributions` light

    return scipy.special


__all__ = ["digamma", "erf", "log_beta", "log_gamma", "trigamma"]


def _apply(
    x: Array,
    *,
    xp: Any,
    numpy_function: Callable[[Any], Any],
    torch_name: str,
    jax_name: str,
) -> Array:
    if is_numpy(xp):
        return np.asarray(numpy_function(x))
    if array_api_compat.is_torch_namespace(xp):
        torch = sys.modules["torch"]
        return getattr(torch.special, torch_name)(x)
    if array_api_compat.is_jax_namespace(xp):
        special = sys.modules.get("jax.scipy.special")
        if special is None:
            import jax.scipy.special as special
        return getattr(special, jax_name)(x)
    values = np.asarray(numpy_function(to_numpy(x)), dtype=to_numpy(x).dtype)
    return xp.asarray(values)


def log_gamma(x: Array, /, *, xp: Any) -> Array:
    """Return ``log Γ(x)`` elementwise (for positive `x`)."""
    return _apply(
        x,
        xp=xp,
        numpy_function=lambda v: _scipy_special().gammaln(v),
        torch_name="gammaln",
        jax_name="gammaln",
    )


def digamma(x: Array, /, *, xp: Any) -> Array:
    """Return the digamma function ``ψ(x) = d log Γ(x) / dx`` elementwise."""
    return _apply(
        x,
        xp=xp,
        numpy_function=lambda v: _scipy_special().digamma(v),
        torch_name="digamma",
        jax_name="digamma",
    )


def trigamma(x: Array, /, *, xp: Any) -> Array:
    """Return the trigamma function ``ψ₁(x) = dψ(x) / dx`` elementwise."""
    if array_api_compat.is_torch_namespace(xp):
        return sys.modules["torch"].special.polygamma(1, x)
    if array_api_compat.is_jax_namespace(xp):
        import jax.scipy.special as special

        return special.polygamma(1, x)
    return _apply(
        x,
        xp=xp,
        numpy_function=lambda v: _scipy_special().polygamma(1, v),
        torch_name="",
        jax_name="",
    )


def erf(x: Array, /, *, xp: Any) -> Array:
    """Return the error function ``erf(x)`` elementwise."""
    return _apply(
        x, xp=xp, numpy_function=lambda v: _scipy_special().erf(v), torch_name="erf", jax_name="erf"
    )


def log_beta(a: Array, b: Array, /, *, xp: Any) -> Array:
    """Return ``log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b)`` elementwise."""
    return log_gamma(a, xp=xp) + log_gamma(b, xp=xp) - log_gamma(a + b, xp=xp)
