r"""Mutual information from samples by training a critic on a variational bound (PyTorch).

`estimate_mutual_information` sends ``method="infonce"``, ``"nwj"``, ``"smile"``, ``"mine"``
and ``"donsker_varadhan"`` here (the ``torch`` extra). The rows are split once into training
and held-out rows (`split_rows`); a critic :math:`f(x, y)` (`infokit.bounds.critics`, or the
caller's module) is trained with Adam on minibatches of the training rows to maximise the
method's bound (`infokit.bounds`); after every pass over the training rows the bound is
evaluated on the held-out rows, in batches of the training batch size, and training stops
when that value has not improved for `patience` passes. The critic of the best pass is kept,
and the reported value is its mean bound over the held-out batches, with the standard error
of that mean (their standard deviation over the square root of their number).

Why held-out rows: a critic evaluated on the rows it was trained on has learnt their noise,
and its bound over-estimates the mutual information (a flexible critic can drive the DV and
NWJ bounds of the training batch far above the truth). The held-out value is an honest
bound of the trained critic, except for the choice of the best pass among those evaluated,
which favours a lucky one (an upward bias of the order of the standard error, and smaller
the flatter training has become by then).

Defaults, sized for a laptop CPU (N = 5000 pairs of 5 + 5 dimensions train in a few seconds
on two cores): batch size 128 (smaller where the held-out rows would give fewer than 4
batches), Adam with learning rate 5e-4 (as Poole et al. 2019 and Song
and Ermon 2020), at most 2000 steps, 20% of the rows held out, patience 5 passes, the
separable critic (two 2-layer ReLU encoders of width 64 into 32 dimensions), SMILE's clip
5 and MINE's momentum 0.9 (Song and Ermon's settings).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from infokit._optional import import_optional
from infokit._validation import check_flag, check_int, make_rng
from infokit.errors import InvalidDistributionError, InvalidParameterError, ShapeError
from infokit.estimators._options import Options
from infokit.results import Estimate

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "DEFAULT_HELD_OUT",
    "DEFAULT_LEARNING_RATE",
    "DEFAULT_MAX_STEPS",
    "DEFAULT_PATIENCE",
    "MIN_HELD_OUT_BATCHES",
    "neural_mutual_information",
    "split_rows",
]

DEFAULT_BATCH_SIZE = 128
DEFAULT_LEARNING_RATE = 5e-4
DEFAULT_MAX_STEPS = 2000
DEFAULT_HELD_OUT = 0.2
DEFAULT_PATIENCE = 5
MIN_HELD_OUT_BATCHES = 4  # below, the default batch shrinks: the spread needs batches
SMILE_CLIP = 5.0  # tau = 5, one of the settings of Song and Ermon (2020)
MINE_MOMENTUM = 0.9  # as MineBound's default and Song and Ermon's code
_CRITICS = ("separable", "joint", "bilinear")
_PROGRESS_AFTER = 1.0  # seconds before a progress bar appears


def split_rows(
    n_samples: int, held_out: float, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Split ``range(n_samples)`` at random into training rows and held-out rows.

    Parameters
    ----------
    n_samples : int
        Number of rows.
    held_out : float
        Fraction of the rows held out, in (0, 1); rounded to the nearest count, at least 1
        row each side.
    rng : numpy.random.Generator
        Source of the permutation.

    Returns
    -------
    train, held : numpy.ndarray of int
        Disjoint row indices whose union is ``range(n_samples)``; `held` in random order.

    Examples
    --------
    >>> import numpy as np
    >>> train, held = split_rows(10, 0.2, np.random.default_rng(0))
    >>> len(train), len(held), sorted([*train, *held]) == list(range(10))
    (8, 2, True)
    """
    n_held = min(n_samples - 1, max(1, round(held_out * n_samples)))
    order = rng.permutation(n_samples)
    return order[n_held:], order[:n_held]


def neural_mutual_information(x: object, y: object, options: Options) -> Estimate:
    """Train a critic on the bound of ``options.method`` and estimate I(X; Y) on held-out rows."""
    torch = import_optional("torch", needed_by=f"method={options.method!r}", extra="torch")
    _refuse_other_options(options)
    settings = _Settings(options)
    xt, yt, on_torch, train_dtype = _to_tensors(x, y, options.device, torch)
    if options.nan_policy == "omit":
        keep = ~(torch.isnan(xt).any(dim=1) | torch.isnan(yt).any(dim=1))
        xt, yt = xt[keep], yt[keep]
    _check_finite(xt, "x", torch)
    _check_finite(yt, "y", torch)
    n_samples = int(xt.shape[0])
    generator = make_rng(options.rng)
    if n_samples < 4:
        msg = f"`x` and `y` need at least 4 rows (training and held-out pairs); got {n_samples}."
        raise ShapeError(msg)
    train, held = split_rows(n_samples, settings.held_out, generator)
    batch_size = settings.batch_size_for(len(train), len(held))
    seed = int(generator.integers(2**63 - 1))
    device = xt.device
    if settings.standardize:  # in float64: 1e300 is a valid sample, out of float32's range
        xt, yt = _standardize(xt, train, torch), _standardize(yt, train, torch)
    xt, yt = xt.to(train_dtype), yt.to(train_dtype)
    for tensor, name in ((xt, "x"), (yt, "y")):
        if not bool(torch.isfinite(tensor).all()):
            msg = (
                f"`{name}` overflows {str(train_dtype).removeprefix('torch.')} without "
                "standardisation; pass `standardize=True` (the default) or float64 tensors."
            )
            raise InvalidParameterError(msg)
    critic = _make_critic(options.critic, int(xt.shape[1]), int(yt.shape[1]), seed, torch)
    if isinstance(options.critic, str | type(None)):
        critic = critic.to(device=device, dtype=xt.dtype)
    training = _Training(critic, options.method, batch_size, settings, torch)
    training.run(xt, yt, torch.as_tensor(train, device=device), held, seed)
    scale = math.log(options.base)
    values = training.best_values / scale
    count = int(values.shape[0])
    value = values.mean()
    std_error = values.std() / math.sqrt(count)  # count >= 2 (`batch_size_for`)
    details: dict[str, Any] = {
        "steps": training.steps,
        "best_step": training.best_step,
        "batch_size": batch_size,
        "critic": type(critic).__name__,
        "device": str(device),
        "dtype": str(xt.dtype).removeprefix("torch."),
        "train_rows": len(train),
        "held_out_rows": len(held),
        "held_out_batches": count,
        "learning_rate": settings.learning_rate,
        "stopped_early": training.stopped_early,
    }
    if options.method == "infonce":
        details["ceiling"] = math.log(batch_size) / scale  # no InfoNCE value exceeds log B
    ci = None
    if options.ci is not None:
        from scipy import stats

        half = float(stats.norm.ppf(0.5 + options.ci / 2)) * float(std_error)
        ci = (float(value) - half, float(value) + half)
    if on_torch:
        result_value, result_error = value.detach(), std_error.to(device).detach()
    else:
        result_value, result_error = float(value), float(std_error)
    return Estimate(
        result_value,  # a 0-d tensor for torch samples
        result_error,
        method=options.method,
        base=options.base,
        n_samples=n_samples,
        ci=ci,
        confidence_level=options.ci,
        details=details,
    )


class _Settings:
    """The checked training options, defaults applied."""

    def __init__(self, options: Options) -> None:
        self.batch_size = (
            None
            if options.batch_size is None
            else check_int(options.batch_size, name="batch_size", minimum=2)
        )
        self.max_steps = check_int(
            DEFAULT_MAX_STEPS if options.max_steps is None else options.max_steps,
            name="max_steps",
            minimum=1,
        )
        self.patience = check_int(
            DEFAULT_PATIENCE if options.patience is None else options.patience,
            name="patience",
            minimum=1,
        )
        self.learning_rate = _check_positive(
            DEFAULT_LEARNING_RATE if options.learning_rate is None else options.learning_rate,
            name="learning_rate",
        )
        self.held_out = _check_fraction(
            DEFAULT_HELD_OUT if options.held_out is None else options.held_out
        )
        self.progress = (
            None if options.progress is None else check_flag(options.progress, name="progress")
        )
        self.standardize = check_flag(
            True if options.standardize is None else options.standardize, name="standardize"
        )

    def batch_size_for(self, n_train: int, n_held: int) -> int:
        """Return the batch size: the caller's, or the default capped for the held-out rows.

        The default is 128, or less where the held-out rows would give fewer than
        `MIN_HELD_OUT_BATCHES` batches (their spread is the standard error); a batch size
        of the caller's must give at least 2.
        """
        if self.batch_size is None:
            size = min(DEFAULT_BATCH_SIZE, n_held // MIN_HELD_OUT_BATCHES, n_train)
            if size < 2:
                msg = (
                    f"`x` and `y` hold too few rows for {MIN_HELD_OUT_BATCHES} held-out "
                    f"batches of at least 2 pairs (their spread is the standard error): "
                    f"{n_held} of {n_train + n_held} rows are held out; pass more samples, a "
                    "larger `held_out` or a `batch_size`."
                )
                raise ShapeError(msg)
            return size
        if 2 * self.batch_size > n_held or self.batch_size > n_train:
            msg = (
                f"`batch_size` must be at most half the held-out rows ({n_held}), so that two "
                f"held-out batches give a standard error, and at most the training rows "
                f"({n_train}); got {self.batch_size}. Pass more samples, a smaller "
                "`batch_size` or a larger `held_out`."
            )
            raise ShapeError(msg)
        return self.batch_size


class _Training:
    """Minibatch Adam on the bound, early stopping on its held-out mean."""

    def __init__(
        self, critic: Any, method: str, batch_size: int, settings: _Settings, torch: Any
    ) -> None:
        self.critic, self.method, self.batch_size = critic, method, batch_size
        self.settings, self.torch = settings, torch
        self.objective, self.evaluate_bound = _bounds(method)
        self.steps = 0
        self.best_step = 0
        self.stopped_early = False
        self.best_values: Any = None

    def run(self, x: Any, y: Any, train: Any, held: np.ndarray, seed: int) -> None:
        torch, size = self.torch, self.batch_size
        n_batches = len(held) // size
        held_rows = torch.as_tensor(held[: n_batches * size], device=x.device)
        held_x = x[held_rows].reshape(n_batches, size, x.shape[1])
        held_y = y[held_rows].reshape(n_batches, size, y.shape[1])
        optimizer = torch.optim.Adam(self.critic.parameters(), lr=self.settings.learning_rate)
        shuffle = torch.Generator().manual_seed(seed)
        progress = _Progress(self.settings.max_steps, progress=self.settings.progress)
        best = -math.inf
        best_state = None
        state: Any = None
        waited = 0
        threads = torch.get_num_threads()
        if x.device.type == "cpu":
            # A critic this small gains nothing from intra-op threads, and loses up to 10x per
            # step when another process shares the cores; one thread is also reproducible.
            torch.set_num_threads(1)
        try:
            while self.steps < self.settings.max_steps:
                order = train[torch.randperm(len(train), generator=shuffle).to(x.device)]
                for start in range(0, len(train) - size + 1, size):
                    rows = order[start : start + size]
                    scores = self._scores(x[rows], y[rows])
                    try:
                        bound, state = self.objective(scores, state)
                    except InvalidDistributionError:  # NaN scores: training diverged
                        self.stopped_early = True
                        break
                    optimizer.zero_grad(set_to_none=True)
                    (-bound).backward()
                    optimizer.step()
                    self.steps += 1
                    progress.update(self.steps)
                    if self.steps >= self.settings.max_steps:
                        break
                values = self._held_out_values(held_x, held_y)
                mean = float(values.mean())
                if best_state is None or mean > best:
                    best, self.best_values, self.best_step = mean, values, self.steps
                    weights = self.critic.state_dict().items()
                    best_state = {k: v.detach().clone() for k, v in weights}
                    waited = 0
                else:
                    waited += 1
                if self.stopped_early or waited >= self.settings.patience:
                    self.stopped_early = True
                    break
        finally:
            torch.set_num_threads(threads)
            progress.close()
        if best_state is not None:
            self.critic.load_state_dict(best_state)

    def _scores(self, x: Any, y: Any) -> Any:
        scores = self.critic(x, y)
        size = int(x.shape[0])
        if not self.torch.is_tensor(scores) or tuple(scores.shape) != (size, size):
            shape = tuple(scores.shape) if self.torch.is_tensor(scores) else type(scores).__name__
            msg = (
                f"`critic` must return a ({size}, {size}) tensor of scores[i, j] = f(x_i, y_j) "
                f"for a batch of {size} pairs; got {shape}."
            )
            raise InvalidParameterError(msg)
        return scores

    def _held_out_values(self, x: Any, y: Any) -> Any:
        """Evaluate the bound on each held-out batch, in nats, without a gradient graph."""
        with self.torch.no_grad():
            pairs = zip(x, y, strict=True)
            values = [self.evaluate_bound(self._scores(bx, by)) for bx, by in pairs]
        return self.torch.stack(values).to(self.torch.float64)


Objective = Callable[[Any, Any], tuple[Any, Any]]


def _bounds(method: str) -> tuple[Objective, Callable[[Any], Any]]:
    """Return the training objective (with its state) and the evaluated bound of `method`."""
    from infokit import bounds

    if method == "mine":

        def mine(scores: Any, state: Any) -> tuple[Any, Any]:
            result = bounds.mine_lower_bound(
                scores, log_moving_average=state, momentum=MINE_MOMENTUM
            )
            return result.value, result.log_moving_average

        return mine, bounds.donsker_varadhan_lower_bound  # the same value as MINE's
    if method == "smile":

        def smile_value(scores: Any) -> Any:
            return bounds.smile_lower_bound(scores, clip=SMILE_CLIP)

        return (lambda scores, state: (smile_value(scores), None)), smile_value
    bound = {
        "infonce": bounds.infonce_lower_bound,
        "nwj": bounds.nwj_lower_bound,
        "donsker_varadhan": bounds.donsker_varadhan_lower_bound,
    }[method]
    return (lambda scores, state: (bound(scores), None)), bound


def _make_critic(critic: object, dim_x: int, dim_y: int, seed: int, torch: Any) -> Any:
    """Build a named critic with weights drawn from `seed`, or check the caller's module."""
    if critic is None:
        critic = "separable"
    if isinstance(critic, str):
        if critic not in _CRITICS:
            shown = ", ".join(repr(name) for name in _CRITICS)
            msg = f"`critic` must be one of {shown} or a torch.nn.Module; got {critic!r}."
            raise InvalidParameterError(msg)
        from infokit.bounds import critics

        with torch.random.fork_rng(devices=[]):  # seeded weights, the global stream untouched
            torch.manual_seed(seed)
            if critic == "separable":
                return critics.SeparableCritic(dim_x, dim_y)
            if critic == "joint":
                return critics.JointCritic(dim_x, dim_y)
            return critics.BilinearCritic(dim_x, dim_y)
    if not isinstance(critic, torch.nn.Module):
        msg = (
            "`critic` must be 'separable', 'joint', 'bilinear' or a torch.nn.Module whose "
            f"forward(x, y) returns a (batch, batch) score matrix; got {type(critic).__name__}."
        )
        raise InvalidParameterError(msg)
    if not any(p.requires_grad for p in critic.parameters()):
        msg = "`critic` must have trainable parameters; the module passed has none."
        raise InvalidParameterError(msg)
    return critic


def _to_tensors(x: Any, y: Any, device: object, torch: Any) -> tuple[Any, Any, bool, Any]:
    """Convert both samples to 2-D float64 tensors on one device; return the training dtype.

    The training dtype is float32 for NumPy data and integer tensors (several times faster
    to train than float64, and far more precise than the statistical error of any bound),
    else the promoted dtype of the floating tensors.
    """
    on_torch = torch.is_tensor(x) or torch.is_tensor(y)
    if device is None:
        devices = {v.device for v in (x, y) if torch.is_tensor(v)}
        if len(devices) > 1:
            shown = " and ".join(sorted(str(d) for d in devices))
            msg = f"`x` and `y` must be on one device (or pass `device=`); got {shown}."
            raise InvalidParameterError(msg)
        device = devices.pop() if devices else torch.device("cpu")
    try:
        device = torch.device(device)
    except (TypeError, RuntimeError) as error:
        msg = f"`device` must be a torch device or its name (e.g. 'cpu', 'cuda'); got {device!r}."
        raise InvalidParameterError(msg) from error
    xt, yt = _to_tensor(x, "x", torch), _to_tensor(y, "y", torch)
    train_dtype = torch.float32
    for value in (x, y):
        if torch.is_tensor(value) and value.is_floating_point():
            train_dtype = torch.promote_types(train_dtype, value.dtype)
    xt = xt.to(device=device, dtype=torch.float64)
    yt = yt.to(device=device, dtype=torch.float64)
    if xt.shape[0] != yt.shape[0]:
        msg = (
            f"`x` and `y` must hold the same number of samples (rows); got {xt.shape[0]} "
            f"and {yt.shape[0]}."
        )
        raise ShapeError(msg)
    return xt, yt, bool(on_torch), train_dtype


def _to_tensor(value: Any, name: str, torch: Any) -> Any:
    """Return a detached 2-D tensor (float64 for NumPy data and integer tensors)."""
    from infokit.estimators.continuous.samples import _as_2d, _host_array

    if torch.is_tensor(value):
        tensor = value.detach()
        if not tensor.is_floating_point():
            tensor = tensor.to(torch.float64)
    else:
        array = _host_array(value, name=name)
        if array.dtype.kind not in "biuf":
            msg = (
                f"`{name}` must hold numbers for a neural method; got dtype {array.dtype}. "
                "Convert dates, strings and categories to numbers first."
            )
            raise InvalidParameterError(msg)
        tensor = torch.as_tensor(array.astype(np.float64))
    return _as_2d(tensor, name=name)


def _check_finite(tensor: Any, name: str, torch: Any) -> None:
    if not bool(torch.isfinite(tensor).all()):
        msg = (
            f"`{name}` must hold finite values; got NaN or infinity. Pass `nan_policy='omit'` "
            "to drop rows with a missing value."
        )
        raise InvalidParameterError(msg)


def _standardize(tensor: Any, train: np.ndarray, torch: Any) -> Any:
    """Centre and scale each column by the training rows (constant columns only centred).

    Each column is first divided by its largest magnitude, so that squares of values near
    1e300 (or 1e-300) neither overflow nor underflow in the variance.
    """
    magnitude = tensor.abs().amax(dim=0)
    tensor = tensor / torch.where(magnitude > 0, magnitude, torch.ones_like(magnitude))
    rows = tensor[torch.as_tensor(train, device=tensor.device)]
    scale = rows.std(dim=0)
    return (tensor - rows.mean(dim=0)) / torch.where(scale > 0, scale, torch.ones_like(scale))


def _refuse_other_options(options: Options) -> None:
    given = [
        *options.discrete_options_given(),
        *(n for n in options.continuous_options_given() if n != "standardize"),
    ]
    if options.discrete is not None:
        given.append("discrete")
    if given:
        name = given[0]
        msg = (
            f"`{name}` does not apply to the neural method {options.method!r}; got "
            f"{name}={getattr(options, name)!r}."
        )
        raise InvalidParameterError(msg)
    if options.nan_policy == "category":
        msg = (
            "`nan_policy='category'` applies to discrete labels; for a neural method use "
            "'omit' (drop rows with a missing value) or 'raise'."
        )
        raise InvalidParameterError(msg)


def _check_positive(value: object, *, name: str) -> float:
    if (
        isinstance(value, bool | np.bool_)
        or not isinstance(value, int | float | np.integer | np.floating)
        or not (math.isfinite(float(value)) and float(value) > 0)
    ):
        msg = f"`{name}` must be a positive number; got {value!r}."
        raise InvalidParameterError(msg)
    return float(value)


def _check_fraction(value: object) -> float:
    if (
        isinstance(value, bool | np.bool_)
        or not isinstance(value, int | float | np.integer | np.floating)
        or not 0 < float(value) < 1
    ):
        msg = f"`held_out` must be a fraction of the rows strictly between 0 and 1; got {value!r}."
        raise InvalidParameterError(msg)
    return float(value)


class _Progress:
    """A rich progress bar of the steps, shown once training has taken a second.

    `progress` None shows it when rich is installed; True requires rich (the ``cli`` extra);
    False never shows it.
    """

    def __init__(self, total: int, *, progress: bool | None) -> None:
        self.total = total
        self.start = time.monotonic()
        self.bar: Any = None
        self.task: Any = None
        if progress is None:
            try:
                import rich.progress  # noqa: F401
            except ImportError:
                progress = False
            else:
                progress = True
        elif progress:
            import_optional("rich.progress", needed_by="`progress=True`", extra="cli")
        self.enabled = bool(progress)

    def update(self, step: int) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            if time.monotonic() - self.start < _PROGRESS_AFTER:
                return
            from rich.console import Console
            from rich.progress import Progress

            self.bar = Progress(console=Console(stderr=True), transient=True)
            self.task = self.bar.add_task("training the critic", total=self.total)
            self.bar.start()
        self.bar.update(self.task, completed=step)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
