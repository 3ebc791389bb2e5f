"""Shared plumbing of the continuous estimators: option checks, the run with its error bar."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

from infokit._validation import check_choice
from infokit.errors import ShapeError
from infokit.estimators.continuous import samples as _samples
from infokit.estimators.continuous import uncertainty as _uncertainty
from infokit.estimators.continuous.samples import FloatArray
from infokit.results import Estimate

__all__ = [
    "KNN_METHODS",
    "Kernel",
    "check_metric",
    "check_same_length",
    "drop_constant",
    "finish",
    "prepare_continuous",
    "run",
    "run_samples",
    "zero_estimate",
]

KNN_METHODS = frozenset(
    {
        "kozachenko_leonenko",
        "weighted_kozachenko_leonenko",
        "ksg",
        "ksg2",
        "ross",
        "mixed_ksg",
        "knn",
    }
)

#: ``kernel(rows)`` returns ``(value_in_nats, local_terms or None)`` on the rows `rows`.
Kernel = Callable[[NDArray[np.intp]], tuple[float, FloatArray | None]]


def check_metric(metric: object) -> str:
    """Check the kNN norm name."""
    return check_choice(metric, ("euclidean", "chebyshev"), name="metric")


def check_same_length(**arrays: NDArray[Any]) -> int:
    """Check that the samples are paired (same number of rows); return that number."""
    lengths = {name: int(array.shape[0]) for name, array in arrays.items()}
    if len(set(lengths.values())) > 1:
        shown = ", ".join(f"`{name}` has {length}" for name, length in lengths.items())
        msg = f"the samples must be paired row by row, with equal lengths; got {shown} rows."
        raise ShapeError(msg)
    return int(next(iter(lengths.values())))


def finish(
    value: float,
    std_error: float,
    *,
    method: str,
    base: float,
    n_samples: int,
    level: float | None,
    dof: int | None,
    details: dict[str, Any],
    local_terms: FloatArray | None = None,
) -> Estimate:
    """Convert nats to `base` and build the `Estimate` with its interval.

    `local_terms` (nats), when given, become the estimate's `local_values` in `base`.
    """
    scale = math.log(base)
    value, std_error = value / scale, std_error / scale
    return Estimate(
        value=value,
        std_error=std_error,
        method=method,
        base=base,
        n_samples=n_samples,
        ci=_uncertainty.interval(value, std_error, level, dof),
        confidence_level=level,
        details=details,
        local_values=None if local_terms is None else local_terms / scale,
    )


def run(
    kernel: Kernel,
    n_samples: int,
    *,
    method: str,
    uncertainty: str,
    generator: np.random.Generator,
    min_rows: int = 2,
) -> tuple[float, float, int | None, dict[str, Any], FloatArray | None]:
    """Compute the estimate on all `n_samples` rows and its standard error.

    `kernel(rows)` returns ``(value, local_terms or None)`` on the rows `rows`.
    Returns ``(value, std_error, dof, details, local_terms of all rows or None)``.
    """
    return run_samples(
        lambda selection: kernel(selection[0]),
        (n_samples,),
        method=method,
        uncertainty=uncertainty,
        generator=generator,
        min_rows=min_rows,
    )


def estimate_from_kernel(
    kernel: Kernel,
    n_samples: int,
    *,
    method: str,
    uncertainty: str,
    generator: np.random.Generator,
    min_rows: int,
    base: float,
    level: float | None,
    details: dict[str, Any],
    shift: float = 0.0,
    local: bool = False,
) -> Estimate:
    """`run` the kernel on all rows with its standard error, then `finish` the `Estimate`.

    `shift` (nats) is added to the value (and to each local term), e.g. the log-determinant
    of a standardisation; with `local`, the kernel's local terms are attached.
    """
    value, std_error, dof, extra, local_terms = run(
        kernel,
        n_samples,
        method=method,
        uncertainty=uncertainty,
        generator=generator,
        min_rows=min_rows,
    )
    details.update(extra)
    return finish(
        value + shift,
        std_error,
        method=method,
        base=base,
        n_samples=n_samples,
        level=level,
        dof=dof,
        details=details,
        local_terms=local_terms + shift if local and local_terms is not None else None,
    )


def run_samples(
    kernel: Callable[[tuple[NDArray[np.intp], ...]], tuple[float, FloatArray | None]],
    sizes: tuple[int, ...],
    *,
    method: str,
    uncertainty: str,
    generator: np.random.Generator,
    min_rows: int = 2,
) -> tuple[float, float, int | None, dict[str, Any], FloatArray | None]:
    """Like `run` for an estimate from several independent samples of sizes `sizes`.

    `kernel(selection)` takes one array of rows per sample. Replicates delete (jackknife) or
    keep (subsampling) the same fraction of each sample.
    """
    value, local_terms = kernel(tuple(np.arange(size) for size in sizes))
    choice = _uncertainty.resolve_uncertainty(
        uncertainty,
        knn=method in KNN_METHODS,
        n_samples=sizes[0],
        has_local_terms=local_terms is not None,
        method=method,
    )
    if choice == "none":
        return value, math.nan, None, {"uncertainty": "none"}, local_terms
    if choice == "local_terms":
        assert local_terms is not None  # resolve_uncertainty checked it
        std_error = _uncertainty.local_terms_std_error(local_terms)
        return value, std_error, None, {"uncertainty": "local_terms"}, local_terms
    if choice == "block_jackknife":
        keeps = [_uncertainty.kept_indices(size, generator) for size in sizes]
        n_blocks = min(len(kept) for kept in keeps)
        std_error, dof = _uncertainty.block_jackknife(
            lambda block: kernel(tuple(kept[block] for kept in keeps))[0], n_blocks
        )
        details = {"uncertainty": "block_jackknife", "n_blocks": n_blocks}
        return value, std_error, dof, details, local_terms
    n_subsamples, planned = _uncertainty.subsampling_plan(min(sizes), method)
    fraction = _uncertainty.subsample_fraction(min(sizes), min_rows, planned)
    subsets = [
        _uncertainty.subsample_indices(size, fraction, generator, n_subsamples) for size in sizes
    ]
    std_error, dof = _uncertainty.subsampling(
        lambda index: kernel(tuple(subset[index] for subset in subsets))[0],
        len(subsets[0]),
        fraction,
    )
    details = {
        "uncertainty": "subsampling",
        "subsample_fraction": fraction,
        "n_subsamples": n_subsamples,
    }
    return value, std_error, dof, details, local_terms


def zero_estimate(method: str, base: float, n: int, level: float | None, why: str) -> Estimate:
    """Return exactly 0 with no error: a variable without variation shares no information."""
    return finish(
        0.0,
        0.0,
        method=method,
        base=base,
        n_samples=n,
        level=level,
        dof=None,
        details={"reason": why},
    )


def drop_constant(samples: FloatArray) -> FloatArray:
    """Drop the columns whose values are all equal."""
    return samples[:, ~_samples.constant_columns(samples)]


def prepare_continuous(
    samples: FloatArray,
    *,
    standardize: bool,
    jitter: bool,
    generator: np.random.Generator,
    name: str,
    action: str,
) -> FloatArray:
    """Standardise (optionally) and break ties of continuous samples before a kNN search."""
    if standardize:
        samples, _ = _samples.standardize_columns(samples)
    if jitter:
        samples = _samples.break_ties(samples, generator, name=name, action=action)
    return samples
