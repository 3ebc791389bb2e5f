"""Units of information: logarithm bases by number or by name, and conversion between them.

A quantity measured with logarithms to base ``b`` is in "base-``b`` units": base 2 gives
bits (shannons), base ``e`` nats, base 10 hartleys (also called dits or bans). Converting
from base ``a`` to base ``b`` multiplies by ``ln(a) / ln(b)``.
"""

from __future__ import annotations

import math
from numbers import Real
from typing import Any, TypeAlias

from infokit.errors import InvalidParameterError

__all__ = ["UNIT_NAMES", "Base", "convert", "resolve_base"]

#: A logarithm base: a positive number other than 1, or a unit name such as ``"bits"``.
Base: TypeAlias = "float | str"

#: The unit names `resolve_base` understands, with their bases.
UNIT_NAMES: dict[str, float] = {
    "bits": 2.0,
    "bit": 2.0,
    "shannons": 2.0,
    "nats": math.e,
    "nat": math.e,
    "hartleys": 10.0,
    "hartley": 10.0,
    "dits": 10.0,
    "dit": 10.0,
    "bans": 10.0,
}


def resolve_base(base: float | str, *, name: str = "base") -> float:
    """Return the numeric logarithm base for `base`, checking it.

    Parameters
    ----------
    base : float or str
        A positive finite number other than 1, or one of the names in `UNIT_NAMES`
        (``"bits"``, ``"nats"``, ``"hartleys"``, ``"dits"``, ...), case-insensitive.
    name : str, default="base"
        Name of the argument, for the error message.

    Returns
    -------
    float
        The base as a number.

    Raises
    ------
    InvalidParameterError
        If `base` is not a positive finite number other than 1 or a known unit name.

    Examples
    --------
    >>> resolve_base("bits")
    2.0
    >>> resolve_base(10)
    10.0
    """
    if isinstance(base, str):
        key = base.strip().lower()
        if key in UNIT_NAMES:
            return UNIT_NAMES[key]
        names = ", ".join(repr(unit) for unit in ("bits", "nats", "hartleys", "dits"))
        msg = f"`{name}` must be a positive number other than 1 or one of {names}; got {base!r}."
        raise InvalidParameterError(msg)
    if isinstance(base, bool) or not isinstance(base, Real):
        msg = (
            f"`{name}` must be a positive number other than 1 or a unit name such as 'bits'; "
            f"got {type(base).__name__} {base!r}."
        )
        raise InvalidParameterError(msg)
    value = float(base)
    if not (math.isfinite(value) and value > 0 and value != 1):
        msg = f"`{name}` must be a positive number other than 1; got {base!r}."
        raise InvalidParameterError(msg)
    return value


def convert(value: Any, from_base: float | str, to_base: float | str) -> Any:
    """Convert an information quantity from one logarithm base to another.

    Parameters
    ----------
    value : float or array
        Quantity measured in units of `from_base` (any array library).
    from_base, to_base : float or str
        Logarithm bases or unit names (``"bits"``, ``"nats"``, ``"hartleys"``, ``"dits"``).

    Returns
    -------
    float or array
        ``value * ln(from_base) / ln(to_base)``, of the same type as `value`.

    Examples
    --------
    >>> convert(1.0, "bits", "nats")  # one bit is ln 2 nats
    0.6931471805599453
    >>> round(convert(math.log(6), "nats", "bits"), 12)  # a fair die
    2.584962500721
    """
    source = resolve_base(from_base, name="from_base")
    target = resolve_base(to_base, name="to_base")
    if source == target:
        return value
    factor = math.log(source) / math.log(target)
    return value * factor
