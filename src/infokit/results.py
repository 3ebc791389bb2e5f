"""Result types shared by the estimators and the numeric fallbacks.

`Estimate` is what every function that *estimates* (from samples, by quadrature or by Monte
Carlo) returns: a value together with its uncertainty, the method that produced it and the
unit it is in. Exact measures return plain arrays instead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Estimate", "unit_name"]


def unit_name(base: float) -> str:
    """Return the name of the unit of information for logarithm base `base`.

    Examples
    --------
    >>> unit_name(2.0), unit_name(math.e), unit_name(10.0), unit_name(3.0)
    ('bits', 'nats', 'hartleys', 'base-3 units')
    """
    if base == 2:
        return "bits"
    if base == math.e:
        return "nats"
    if base == 10:
        return "hartleys"
    return f"base-{base:g} units"


@dataclass(frozen=True, slots=True)
class Estimate:
    """An estimated information quantity with its uncertainty.

    Attributes
    ----------
    value : float
        The estimate, in units of `base`. The Gaussian and copula estimates of torch or JAX
        samples are 0-d arrays of that library on the samples' device instead (the Gaussian
        one differentiable); ``float(estimate)`` reads either.
    std_error : float
        Estimated standard error of `value` (``nan`` only where no error estimate exists,
        which the producing function documents); a 0-d array where `value` is one.
    method : str
        The method that produced the estimate (e.g. ``"miller_madow"``, ``"ksg"``,
        ``"quadrature"``).
    base : float
        Logarithm base of `value`: 2 for bits, ``math.e`` for nats.
    n_samples : int or None
        Number of samples the estimate used (``None`` for quadrature).
    ci : tuple of float or None
        ``(low, high)`` confidence or credible interval, when one was asked for.
    confidence_level : float or None
        Nominal coverage of `ci` (e.g. 0.95).
    details : dict
        Method-specific extras (e.g. bias correction applied, number of neighbours).
    local_values : numpy.ndarray or None
        The pointwise (local) values whose mean is `value`, one per sample, in units of
        `base`, when they were asked for with ``local=True`` (``None`` otherwise): local
        information in the sense of Lizier (2014), e.g.
        ``log p(x, y) / (p(x) p(y))`` of each sample for the plug-in MI.

    Examples
    --------
    >>> e = Estimate(0.412, 0.013, method="miller_madow", base=math.e, n_samples=1000)
    >>> e
    0.412 ± 0.013 nats (miller_madow, n=1000)
    >>> float(e)
    0.412
    """

    value: float
    std_error: float
    method: str
    base: float = math.e
    n_samples: int | None = None
    ci: tuple[float, float] | None = None
    confidence_level: float | None = None
    details: dict[str, Any] = field(default_factory=dict, compare=False)
    local_values: Any = field(default=None, compare=False, repr=False)

    def __float__(self) -> float:
        return _to_float(self.value)

    @property
    def unit(self) -> str:
        """Name of the unit of `value` (``"bits"``, ``"nats"``, ...)."""
        return unit_name(self.base)

    def __repr__(self) -> str:
        where = [self.method]
        if self.n_samples is not None:
            where.append(f"n={self.n_samples}")
        interval = ""
        if self.ci is not None:
            level = f"{self.confidence_level:.0%} " if self.confidence_level is not None else ""
            low, high = _to_float(self.ci[0]), _to_float(self.ci[1])
            interval = f", {level}CI [{low:.3g}, {high:.3g}]"
        return (
            f"{_significant(_to_float(self.value))} ± {_significant(_to_float(self.std_error))} "
            f"{self.unit} "
            f"({', '.join(where)}){interval}"
        )


def _to_float(value: Any) -> float:
    """Read a float, a NumPy scalar or a 0-d torch/JAX array (dropping any autograd graph)."""
    detach = getattr(value, "detach", None)
    return float(detach() if callable(detach) else value)


def _significant(number: float) -> str:
    """Format with three decimals for ordinary magnitudes, else three significant digits."""
    if math.isfinite(number) and (number == 0 or 1e-3 <= abs(number) < 1e6):
        return f"{number:.3f}"
    return f"{number:.3g}"
