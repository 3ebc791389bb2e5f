"""Conversion at the boundary: scipy.stats frozen distributions and torch.distributions objects.

`as_distribution` turns either kind (or an infokit distribution, unchanged) into the matching
infokit family; every public function of `infokit.distributions` calls it on its inputs.
torch parameters stay torch tensors (gradients flow); scipy parameters become NumPy arrays.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from infokit.distributions._base import Distribution
from infokit.distributions.continuous import (
    Beta,
    Exponential,
    Gamma,
    Laplace,
    LogNormal,
    Normal,
    StudentT,
    Uniform,
)
from infokit.distributions.discrete import Bernoulli, Binomial, Categorical, Geometric, Poisson
from infokit.distributions.multivariate import Dirichlet, MultivariateNormal
from infokit.errors import InvalidParameterError

__all__ = ["as_distribution"]


def _require(condition: bool, name: str, message: str) -> None:
    if not condition:
        msg = f"cannot convert scipy.stats.{name}: {message}"
        raise InvalidParameterError(msg)


def _all_zero(value: Any) -> bool:
    return bool(np.all(np.asarray(value) == 0))


def _from_scipy_univariate(frozen: Any) -> Distribution:
    dist = frozen.dist
    name = dist.name
    parsed = dist._parse_args(*frozen.args, **frozen.kwds)
    discrete = len(parsed) == 2 and not isinstance(parsed[1], tuple) and name in _SCIPY_DISCRETE
    if discrete:
        shapes, loc = parsed
        scale: Any = 1.0
    else:
        shapes, loc, scale = parsed
    shapes = tuple(np.asarray(s, dtype=float) for s in shapes)
    loc, scale = np.asarray(loc, dtype=float), np.asarray(scale, dtype=float)
    if name == "geom":
        _require(
            bool(np.all(loc == -1)),
            name,
            "scipy's geom counts trials (support {1, 2, ...}) while infokit's Geometric "
            "counts failures before the first success (support {0, 1, ...}, torch's "
            "convention); pass `scipy.stats.geom(p, loc=-1)` or `Geometric(p)`.",
        )
        return Geometric(shapes[0])
    converter = _SCIPY_CONVERTERS.get(name)
    if converter is None:
        known = ", ".join(sorted([*_SCIPY_CONVERTERS, "geom"]))
        msg = (
            f"no infokit family matches scipy.stats.{name}; convertible distributions are "
            f"{known}, multivariate_normal and dirichlet."
        )
        raise InvalidParameterError(msg)
    return converter(shapes, loc, scale)


def _no_shift(name: str, loc: Any) -> None:
    _require(_all_zero(loc), name, f"infokit has no shifted form of it; got loc={loc!r}.")


def _expon(shapes: Any, loc: Any, scale: Any) -> Distribution:
    _no_shift("expon", loc)
    return Exponential(1 / scale)


def _gamma(shapes: Any, loc: Any, scale: Any) -> Distribution:
    _no_shift("gamma", loc)
    return Gamma(shapes[0], 1 / scale)


def _beta(shapes: Any, loc: Any, scale: Any) -> Distribution:
    _require(
        _all_zero(loc) and bool(np.all(scale == 1)),
        "beta",
        f"infokit's Beta lives on (0, 1); got loc={loc!r}, scale={scale!r}.",
    )
    return Beta(shapes[0], shapes[1])


def _lognorm(shapes: Any, loc: Any, scale: Any) -> Distribution:
    _no_shift("lognorm", loc)
    return LogNormal(np.log(scale), shapes[0])


def _discrete(factory: Callable[..., Distribution], name: str) -> Callable[..., Distribution]:
    def convert(shapes: Any, loc: Any, scale: Any) -> Distribution:
        _no_shift(name, loc)
        return factory(*shapes)

    return convert


_SCIPY_CONVERTERS: dict[str, Callable[[Any, Any, Any], Distribution]] = {
    "norm": lambda shapes, loc, scale: Normal(loc, scale),
    "laplace": lambda shapes, loc, scale: Laplace(loc, scale),
    "uniform": lambda shapes, loc, scale: Uniform(loc, loc + scale),
    "t": lambda shapes, loc, scale: StudentT(shapes[0], loc, scale),
    "expon": _expon,
    "gamma": _gamma,
    "beta": _beta,
    "lognorm": _lognorm,
    "poisson": _discrete(Poisson, "poisson"),
    "binom": _discrete(Binomial, "binom"),
    "bernoulli": _discrete(Bernoulli, "bernoulli"),
}
_SCIPY_DISCRETE = {"poisson", "binom", "bernoulli", "geom"}


def _from_torch(value: Any) -> Distribution:
    name = type(value).__name__
    builders: dict[str, Callable[[Any], Distribution]] = {
        "Normal": lambda d: Normal(d.loc, d.scale),
        "LogNormal": lambda d: LogNormal(d.loc, d.scale),
        "Laplace": lambda d: Laplace(d.loc, d.scale),
        "Uniform": lambda d: Uniform(d.low, d.high),
        "Exponential": lambda d: Exponential(d.rate),
        "Gamma": lambda d: Gamma(d.concentration, d.rate),
        "Beta": lambda d: Beta(d.concentration1, d.concentration0),
        "StudentT": lambda d: StudentT(d.df, d.loc, d.scale),
        "Dirichlet": lambda d: Dirichlet(d.concentration),
        "MultivariateNormal": lambda d: MultivariateNormal(d.loc, scale_tril=d.scale_tril),
        "Poisson": lambda d: Poisson(d.rate),
        "Bernoulli": lambda d: _torch_binary(Bernoulli, d),
        "Geometric": lambda d: _torch_binary(Geometric, d),
        "Categorical": lambda d: _torch_binary(Categorical, d),
        "Binomial": lambda d: (
            Binomial(d.total_count, d.probs)
            if "probs" in vars(d)
            else Binomial(d.total_count, logits=d.logits)
        ),
    }
    builder = builders.get(name)
    if builder is None:
        known = ", ".join(sorted(builders))
        msg = (
            f"no infokit family matches torch.distributions.{name}; convertible "
            f"distributions are {known}."
        )
        raise InvalidParameterError(msg)
    return builder(value)


def _torch_binary(family: Callable[..., Distribution], value: Any) -> Distribution:
    # torch stores whichever parameter it was given; the other is a lazy property.
    if "probs" in vars(value):
        return family(probs=value.probs)
    return family(logits=value.logits)


def as_distribution(value: object, /, *, name: str = "p") -> Distribution:
    """Return `value` as an infokit distribution.

    Parameters
    ----------
    value : Distribution, scipy.stats frozen distribution or torch.distributions object
        The distribution to convert. scipy's ``geom`` counts trials and is accepted only as
        ``geom(p, loc=-1)`` (failures, infokit's and torch's `Geometric`); shifted
        ``expon``/``gamma``/``lognorm`` and rescaled ``beta`` have no infokit family.
    name : str, default="p"
        Argument name for error messages.

    Returns
    -------
    Distribution
        The matching infokit family, with parameters of the input's array library.

    Raises
    ------
    InvalidParameterError
        If `value` is none of the above, or has no matching family.

    Examples
    --------
    >>> import scipy.stats
    >>> as_distribution(scipy.stats.gamma(2.0, scale=0.5))
    Gamma(concentration=2.0, rate=2.0)
    """
    if isinstance(value, Distribution):
        return value
    module = type(value).__module__
    if module.startswith("torch.distributions"):
        return _from_torch(value)
    if module.startswith("scipy.stats"):
        frozen: Any = value
        class_name = type(value).__name__
        if class_name == "multivariate_normal_frozen":
            return MultivariateNormal(np.asarray(frozen.mean), np.asarray(frozen.cov))
        if class_name == "dirichlet_frozen":
            return Dirichlet(np.asarray(frozen.alpha))
        if hasattr(frozen, "dist") and hasattr(frozen, "args"):
            return _from_scipy_univariate(frozen)
    msg = (
        f"`{name}` must be an infokit distribution (e.g. `Normal(0, 1)`), a scipy.stats frozen "
        f"distribution (e.g. `scipy.stats.norm(0, 1)`) or a torch.distributions object; got "
        f"{type(value).__name__}."
    )
    raise InvalidParameterError(msg)
