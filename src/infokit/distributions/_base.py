"""The base class of infokit's parametric families and the checks of their parameters.

A distribution is a frozen dataclass of parameter arrays of one array library (NumPy, PyTorch,
JAX, ...), batched like torch.distributions: the parameters broadcast to a common
``batch_shape`` and every formula works elementwise over it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar

import array_api_compat
import numpy as np

from infokit._array import (
    Array,
    as_float_array,
    default_float_dtype,
    is_lazy,
    namespace_of,
    to_numpy,
)
from infokit.errors import InvalidParameterError, NoClosedFormError, ShapeError

__all__ = ["Distribution", "check_values", "prepare_parameters"]


_NUMPY = array_api_compat.array_namespace(np.empty(0))


def _is_array(value: object) -> bool:
    return bool(array_api_compat.is_array_api_obj(value)) and not isinstance(value, np.generic)


@dataclass(frozen=True, eq=False, repr=False)
class Distribution:
    """Base class of the parametric families in `infokit.distributions`.

    Subclasses are frozen dataclasses whose fields are parameter arrays; they set the class
    attributes `discrete` (a probability mass function rather than a density) and
    `event_ndim` (0 for scalar outcomes, 1 for vectors).
    """

    discrete: ClassVar[bool] = False
    event_ndim: ClassVar[int] = 0
    #: The fields that rebuild the distribution (the rest are derived from them).
    defining_fields: ClassVar[tuple[str, ...] | None] = None
    validate: bool = field(default=True, kw_only=True, repr=False)

    @property
    def xp(self) -> Any:
        """The array namespace of the parameters."""
        return array_api_compat.array_namespace(self._first_parameter())

    @property
    def dtype(self) -> Any:
        """The floating dtype of the parameters."""
        return self._first_parameter().dtype

    @property
    def batch_shape(self) -> tuple[int, ...]:
        """Shape of the batch of distributions (the parameters' shape without the event)."""
        shape = tuple(self._first_parameter().shape)
        return shape[: len(shape) - self._parameter_event_ndim()]

    def _parameter_event_ndim(self) -> int:
        return self.event_ndim

    def _first_parameter(self) -> Array:
        for item in fields(self):
            value = getattr(self, item.name)
            if _is_array(value):
                return value
        msg = f"{type(self).__name__} holds no parameter array."
        raise InvalidParameterError(msg)

    def parameters(self) -> dict[str, Array]:
        """Return the parameters by name, in torch.distributions order."""
        return {
            item.name: getattr(self, item.name)
            for item in fields(self)
            if item.name != "validate" and getattr(self, item.name) is not None
        }

    def to_namespace(self, xp: Any, dtype: Any) -> Any:
        """Return the same distribution with parameters converted to namespace `xp`.

        Used to combine a distribution built from Python numbers (NumPy) with one of
        another library, e.g. ``kl_divergence(Normal(torch_loc, torch_scale), Normal(0, 1))``.
        """
        names = self.defining_fields or tuple(self.parameters())
        values = {name: xp.asarray(to_numpy(getattr(self, name)), dtype=dtype) for name in names}
        return type(self)(**values, validate=False)

    def to_scipy(self) -> Any:
        """Return the equivalent frozen scipy.stats distribution (unbatched only).

        The numerical fallbacks evaluate log-densities and draw samples through it; a
        user-defined family needs it for ``method="auto"`` to fall back.
        """
        msg = (
            f"{type(self).__name__} defines no `to_scipy`, which the numerical fallbacks need; "
            "register a closed form or implement `to_scipy`."
        )
        raise NoClosedFormError(msg)

    def scalar_parameters(self) -> dict[str, np.ndarray[Any, Any]]:
        """Return the parameters as host NumPy arrays, for an unbatched distribution only.

        Raises
        ------
        ShapeError
            If the distribution is batched: numerical fallbacks compute one number at a time.
        """
        if self.batch_shape != ():
            msg = (
                f"numerical integration and Monte Carlo handle one distribution at a time; got "
                f"a {type(self).__name__} of batch shape {self.batch_shape}. Index the batch "
                "(e.g. loop over its elements) or register a closed form."
            )
            raise ShapeError(msg)
        return {name: to_numpy(value) for name, value in self.parameters().items()}

    def __repr__(self) -> str:
        shown = []
        for name, value in self.parameters().items():
            host = to_numpy(value)
            text = repr(host.tolist()) if host.size <= 6 else f"<array of shape {host.shape}>"
            shown.append(f"{name}={text}")
        return f"{type(self).__name__}({', '.join(shown)})"


def prepare_parameters(
    values: dict[str, object],
    *,
    broadcast: bool = True,
    optional: tuple[str, ...] = (),
    owner: str = "the distribution",
) -> tuple[Any, dict[str, Array]]:
    """Convert parameters to floating arrays of one namespace, broadcast to one shape.

    Python numbers and lists take the dtype of the real arrays among `values` (so
    ``Normal(torch_float32_tensor, 1.0)`` stays float32); with no arrays, NumPy float64.
    A ``None`` value is dropped if its name is in `optional` and raises
    `InvalidParameterError` naming it (and `owner`) otherwise.
    """
    for name, value in values.items():
        if value is None and name not in optional:
            msg = f"`{name}` of {owner} must be a number or an array of numbers; got None."
            raise InvalidParameterError(msg)
    given = {name: value for name, value in values.items() if value is not None}
    xp = namespace_of(*given.values())
    arrays = {
        name: as_float_array(value, xp=xp, name=name)
        for name, value in given.items()
        if _is_array(value)
    }
    dtype = xp.result_type(*arrays.values()) if arrays else default_float_dtype(xp)
    converted: dict[str, Array] = {}
    for name, value in given.items():
        if name in arrays:
            converted[name] = (
                xp.astype(arrays[name], dtype) if arrays[name].dtype != dtype else arrays[name]
            )
        else:
            host = as_float_array(value, xp=_NUMPY, name=name)
            converted[name] = xp.asarray(host, dtype=dtype)
    if broadcast and len(converted) > 1:
        try:
            shapes = [tuple(v.shape) for v in converted.values()]
            np.broadcast_shapes(*shapes)
        except ValueError as error:
            described = ", ".join(f"`{n}` {tuple(v.shape)}" for n, v in converted.items())
            msg = f"parameters must have broadcastable shapes; got {described}."
            raise ShapeError(msg) from error
        converted = dict(zip(converted, xp.broadcast_arrays(*converted.values()), strict=True))
    return xp, converted


def check_values(
    value: Array,
    *,
    name: str,
    owner: str,
    requirement: str,
    valid: Callable[[np.ndarray[Any, Any]], np.ndarray[Any, Any]],
    event_ndim: int = 0,
    shown: str = "",
) -> None:
    """Raise `InvalidParameterError` where `valid` fails, naming the first bad batch index.

    With ``event_ndim=1`` the whole offending vector is shown (prefixed by `shown`). Runs only
    on eager arrays: traced or lazy ones (JAX under ``jit``, Dask) are skipped.
    """
    if is_lazy(value):
        return
    host = to_numpy(value)
    with np.errstate(invalid="ignore"):
        good = np.asarray(valid(host), dtype=bool)
    if good.all():
        return
    bad = ~good
    index = tuple(int(i) for i in np.unravel_index(int(np.argmax(bad)), bad.shape))
    if event_ndim:
        batch = index[: len(index) - event_ndim]
        got = host[batch] if batch else host
        where = f" at batch index {batch}" if batch else ""
        text = shown + np.array2string(np.asarray(got), threshold=12)
    else:
        where = f" at batch index {index}" if index else ""
        text = repr(float(host[index]))
    msg = f"`{name}` of {owner} must be {requirement}; got {text}{where}."
    raise InvalidParameterError(msg)


def positive(host: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """Tell where values are finite and > 0."""
    return np.asarray(np.isfinite(host) & (host > 0))


def non_negative(host: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """Tell where values are finite and >= 0."""
    return np.asarray(np.isfinite(host) & (host >= 0))


def finite(host: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """Tell where values are finite (not NaN, not infinite)."""
    return np.asarray(np.isfinite(host))


def unit_interval(host: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """Tell where values lie in [0, 1]."""
    return np.asarray((host >= 0) & (host <= 1))
