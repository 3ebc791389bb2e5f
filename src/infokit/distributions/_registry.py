"""Registries of closed forms: entropy by distribution type, KL divergence by type pair.

Lookups follow the method resolution order, so a formula registered for a base class also
serves its subclasses; for KL the most specific `p` type wins, then the most specific `q`.
Formulas return values in nats; the public functions convert to the requested base.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from infokit.distributions._base import Distribution
from infokit.errors import InvalidParameterError

__all__ = [
    "find_entropy_formula",
    "find_kl_formula",
    "register_entropy",
    "register_kl_divergence",
    "registered_entropy_types",
    "registered_kl_pairs",
]

_Formula = TypeVar("_Formula", bound=Callable[..., Any])

_KL_FORMULAS: dict[tuple[type, type], Callable[[Any, Any], Any]] = {}
_KL_CACHE: dict[tuple[type, type], Callable[[Any, Any], Any] | None] = {}
_ENTROPY_FORMULAS: dict[type, Callable[[Any], Any]] = {}


def _check_type(value: object, *, name: str) -> type:
    if not (isinstance(value, type) and issubclass(value, Distribution)):
        msg = (
            f"`{name}` must be a distribution class of infokit.distributions (a subclass of "
            f"`Distribution`, e.g. `Normal`); got {value!r}."
        )
        raise InvalidParameterError(msg)
    return value


def register_kl_divergence(p_type: type, q_type: type, /) -> Callable[[_Formula], _Formula]:
    """Register a closed form of ``KL(p ‖ q)`` for distributions of types `p_type`, `q_type`.

    Use as a decorator. The formula takes ``(p, q)`` and returns the divergence in nats as an
    array of the parameters' library, elementwise over the broadcast batch; ``inf`` where the
    support of `p` is not inside the support of `q`. A later registration for the same pair
    replaces the earlier one.

    Parameters
    ----------
    p_type, q_type : type
        Subclasses of `Distribution`; subclasses of them use the formula too unless they have
        their own.

    Returns
    -------
    callable
        A decorator that registers the formula and returns it unchanged.

    Examples
    --------
    >>> from infokit.distributions import Exponential, kl_divergence
    >>> class MyExponential(Exponential):
    ...     pass  # an exponential distribution with its own KL formula
    >>> @register_kl_divergence(MyExponential, MyExponential)
    ... def _kl_my_exponential(p, q):  # log(λp/λq) + λq/λp − 1
    ...     return p.xp.log(p.rate / q.rate) + q.rate / p.rate - 1
    >>> round(float(kl_divergence(MyExponential(2.0), MyExponential(1.0))), 6)  # log 2 − ½
    0.193147
    """
    _check_type(p_type, name="p_type")
    _check_type(q_type, name="q_type")

    def add(formula: _Formula) -> _Formula:
        _KL_FORMULAS[p_type, q_type] = formula
        _KL_CACHE.clear()  # a new entry can change earlier lookups
        return formula

    return add


def register_entropy(dist_type: type, /) -> Callable[[_Formula], _Formula]:
    """Register a closed form of the entropy of distributions of type `dist_type`.

    Use as a decorator. The formula takes the distribution and returns its (differential)
    entropy in nats, elementwise over the batch.

    Parameters
    ----------
    dist_type : type
        A subclass of `Distribution`.

    Returns
    -------
    callable
        A decorator that registers the formula and returns it unchanged.

    Examples
    --------
    >>> from infokit.distributions import Exponential, entropy
    >>> class MyExponential(Exponential):
    ...     pass  # an exponential distribution with its own entropy formula
    >>> @register_entropy(MyExponential)
    ... def _entropy_my_exponential(p):  # 1 − log λ
    ...     return 1 - p.xp.log(p.rate)
    >>> round(float(entropy(MyExponential(2.0))), 6)
    0.306853
    """
    _check_type(dist_type, name="dist_type")

    def add(formula: _Formula) -> _Formula:
        _ENTROPY_FORMULAS[dist_type] = formula
        return formula

    return add


def find_kl_formula(p_type: type, q_type: type) -> Callable[[Any, Any], Any] | None:
    """Return the KL formula for concrete types, most specific `p` first, or None."""
    key = (p_type, q_type)
    if key not in _KL_CACHE:
        pairs = ((p_class, q_class) for p_class in p_type.__mro__ for q_class in q_type.__mro__)
        _KL_CACHE[key] = next((_KL_FORMULAS[pair] for pair in pairs if pair in _KL_FORMULAS), None)
    return _KL_CACHE[key]


def find_entropy_formula(dist_type: type) -> Callable[[Any], Any] | None:
    """Return the entropy formula for a concrete type (or one of its bases), or None."""
    return next(
        (_ENTROPY_FORMULAS[cls] for cls in dist_type.__mro__ if cls in _ENTROPY_FORMULAS), None
    )


def registered_kl_pairs() -> list[tuple[type, type]]:
    """Return the registered ``(p_type, q_type)`` pairs, sorted by name."""
    return sorted(_KL_FORMULAS, key=lambda pair: (pair[0].__name__, pair[1].__name__))


def registered_entropy_types() -> list[type]:
    """Return the types with a registered entropy formula, sorted by name."""
    return sorted(_ENTROPY_FORMULAS, key=lambda cls: cls.__name__)
