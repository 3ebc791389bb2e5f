"""The machinery of `infokit.estimators.timeseries`: checked problems and surrogate makers.

`problem` checks the series, lags and window of a public call into a `Problem`, which
builds the delay-embedded variables (``[Y_t, X past, Y and W past]`` for transfer entropy,
``[Y_t, Y past]`` for active information storage) and routes them to the conditional
mutual information (or mutual information) estimators, discrete or continuous, with the
Theiler window of the rows; `scrambler` makes the surrogates of `transfer_entropy_test`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from infokit._validation import check_int
from infokit.errors import InvalidParameterError, ShapeError
from infokit.estimators import _embedding
from infokit.estimators._embedding import Series
from infokit.estimators._frontends import (
    _CONDITIONAL_MUTUAL_INFORMATION,
    _MUTUAL_INFORMATION,
    _route,
)
from infokit.estimators._options import Options
from infokit.estimators.discrete.engine import DISCRETE_METHODS
from infokit.estimators.knn.exclusion import TimeExclusion
from infokit.results import Estimate

__all__ = ["Problem", "problem", "scrambler"]


@dataclass(frozen=True)
class Problem:
    """Checked series and lags: builds the embedded variables of TE or AIS and estimates."""

    target: Series
    source: Series | None  # None: active information storage
    conditions: tuple[Series, ...]
    history: int
    source_history: int
    delay: int
    condition_history: int
    theiler: int | None
    options: Options

    @property
    def start(self) -> int:
        """First time with a full past: the longest lag."""
        lags = [self.history]
        if self.source is not None:
            lags.append(self.delay + self.source_history - 1)
        if self.conditions:
            lags.append(self.condition_history)
        return max(lags)

    def variables(self, source_values: NDArray[Any] | None = None) -> list[NDArray[Any]]:
        """``[Y_t, X past, (Y past, W past)]`` for TE, ``[Y_t, Y past]`` for AIS."""
        start = self.start
        present = _embedding.embed(self.target, [0], start)
        past = _embedding.embed(self.target, range(1, self.history + 1), start)
        if self.source is None:
            return [present, past]
        source = (
            self.source if source_values is None else replace(self.source, values=source_values)
        )
        source_lags = range(self.delay, self.delay + self.source_history)
        source_past = _embedding.embed(source, source_lags, start)
        condition_lags = range(1, self.condition_history + 1)
        pasts = [past] + [_embedding.embed(c, condition_lags, start) for c in self.conditions]
        kinds = {self.target.discrete, *(c.discrete for c in self.conditions)}
        joined = np.hstack(pasts if len(kinds) == 1 else [p.astype(np.float64) for p in pasts])
        return [present, source_past, joined]

    def flags(self) -> tuple[bool, ...]:
        """Whether each variable of `variables` is discrete."""
        if self.source is None:
            return (self.target.discrete, self.target.discrete)
        past = self.target.discrete and all(c.discrete for c in self.conditions)
        return (self.target.discrete, self.source.discrete, past)

    def estimate(self, source_values: NDArray[Any] | None = None) -> Estimate:
        """Estimate TE (or AIS) with the CMI (or MI) estimators; `source_values`: a surrogate."""
        variables, flags, options = self.variables(source_values), self.flags(), self.options
        names = ["target", "source", "target_past"] if self.source else ["target", "past"]
        quantity = _MUTUAL_INFORMATION if self.source is None else _CONDITIONAL_MUTUAL_INFORMATION
        method = options.method
        if method in DISCRETE_METHODS and (method != "auto" or all(flags)):
            self._check_discrete(flags)
            labels = replace(options, discrete=(True,) * len(variables))
            estimate = _route(quantity, variables, names, labels)
        else:
            estimate = self._continuous(variables, flags)
        return replace(estimate, details={**estimate.details, **self._details()})

    def _check_discrete(self, flags: tuple[bool, ...]) -> None:
        if self.theiler is not None:
            msg = (
                "`theiler` (the Theiler window) applies to method='ksg' only; got "
                f"method={self.options.method!r}."
            )
            raise InvalidParameterError(msg)
        if not all(flags):
            kinds = [self.target, self.source, *self.conditions]
            shown = ", ".join(f"`{s.name}`" for s in kinds if s is not None and not s.discrete)
            msg = (
                f"method {self.options.method!r} counts labels, but {shown} looks continuous "
                "(decimals, or many distinct values); pass `discrete=True` to count the "
                "values as labels, or a continuous method ('ksg', 'gaussian', "
                "'gaussian_copula')."
            )
            raise InvalidParameterError(msg)

    def _continuous(self, variables: list[NDArray[Any]], flags: tuple[bool, ...]) -> Estimate:
        from infokit.estimators.continuous.conditional import conditional_mutual_information
        from infokit.estimators.continuous.mutual_information import mutual_information

        method = "ksg" if self.options.method == "auto" else self.options.method
        if self.theiler is not None and method != "ksg":
            msg = f"`theiler` (the Theiler window) applies to method='ksg' only; got {method!r}."
            raise InvalidParameterError(msg)
        options = replace(self.options, method=method, discrete=flags)
        values = self.target.values
        exclusion: TimeExclusion | None = None
        if self.theiler:
            exclusion = _embedding.exclusion_of(
                values.shape[0], values.shape[1], self.start, self.theiler
            )
        if self.source is None:
            return mutual_information(variables[0], variables[1], options, exclusion=exclusion)
        x, y, z = variables
        return conditional_mutual_information(x, y, z, options, exclusion=exclusion)

    def _details(self) -> dict[str, Any]:
        details: dict[str, Any] = {
            "history": self.history,
            "n_trials": int(self.target.values.shape[0]),
        }
        if self.source is not None:
            details.update(source_history=self.source_history, delay=self.delay)
        if self.conditions:
            details.update(
                n_conditions=len(self.conditions), condition_history=self.condition_history
            )
        if self.theiler is not None:
            details["theiler"] = self.theiler
        return details


def check_discrete_flag(discrete: object) -> bool | None:
    if discrete is None or isinstance(discrete, bool | np.bool_):
        return None if discrete is None else bool(discrete)
    msg = (
        "`discrete` must be None (the rule of `infokit.estimators.is_discrete`, per series) or "
        f"True/False (every series); got {discrete!r}."
    )
    raise InvalidParameterError(msg)


def problem(
    source: object,
    target: object,
    *,
    condition: object,
    lags: dict[str, int],
    theiler: object,
    discrete: object,
    options: Options,
    target_name: str = "target",
) -> Problem:
    """Check the series, the lags and the window; the series must outlast the embedding."""
    checked = {name: check_int(value, name=name, minimum=1) for name, value in lags.items()}
    window = None if theiler is None else check_int(theiler, name="theiler", minimum=0)
    flag = check_discrete_flag(discrete)
    target_series = _embedding.check_series(target, name=target_name, discrete=flag)
    source_series = None
    if source is not None:
        source_series = _embedding.check_series(source, name="source", discrete=flag)
        if source_series.values.shape != target_series.values.shape:
            msg = (
                f"`source` and `target` must have the same shape (time steps, and trials if "
                f"2-D); got {source_series.shape} and {target_series.shape}."
            )
            raise ShapeError(msg)
    conditions = _embedding.check_conditions(
        condition, like=target_series, discrete=flag, original_ndim=target_series.ndim
    )
    checked_problem = Problem(
        target_series,
        source_series,
        tuple(conditions),
        checked["history"],
        checked.get("source_history", 1),
        checked.get("delay", 1),
        checked.get("condition_history", 1),
        window,
        options,
    )
    n_times = target_series.values.shape[1]
    if n_times - checked_problem.start < 2:
        shown = ", ".join(f"{name}={value}" for name, value in checked.items())
        msg = (
            f"the series have {n_times} time steps per trial, but the embedding ({shown}) "
            f"reaches {checked_problem.start} steps back: each trial needs at least "
            f"{checked_problem.start + 2} time steps. Pass longer series or shorter histories."
        )
        raise ShapeError(msg)
    return checked_problem


def scrambler(
    kind: str, n_times: int, min_shift: object, block_length: object
) -> Callable[[NDArray[Any], np.random.Generator], NDArray[Any]]:
    """Check the surrogate's own option and return ``scramble(values, generator)``."""
    if kind == "circular_shift":
        if block_length is not None:
            msg = "`block_length` applies to surrogate='block_permutation' only."
            raise InvalidParameterError(msg)
        shift = _embedding.default_min_shift(n_times) if min_shift is None else min_shift
        shift = check_int(shift, name="min_shift", minimum=1, maximum=n_times // 2)

        def rotate(values: NDArray[Any], generator: np.random.Generator) -> NDArray[Any]:
            return _embedding.circular_shift(values, generator, shift)

        return rotate
    if min_shift is not None:
        msg = "`min_shift` applies to surrogate='circular_shift' only."
        raise InvalidParameterError(msg)
    length = _embedding.default_block_length(n_times) if block_length is None else block_length
    length = check_int(length, name="block_length", minimum=1, maximum=max(1, n_times // 2))

    def shuffle(values: NDArray[Any], generator: np.random.Generator) -> NDArray[Any]:
        return _embedding.block_permutation(values, generator, length)

    return shuffle
