"""The 40 tasks of the "Beyond Normal" mutual-information benchmark, in NumPy and SciPy.

Czyż, Grabowski, Vogt, Beerenwinkel and Marx, "Beyond Normal: On the Evaluation of Mutual
Information Estimators", NeurIPS 2023 [1]_. The reference implementation is the package
``benchmark-mi`` (https://github.com/cbg-ethz/bmi, MIT licence, Copyright (c) 2022 Paweł
Czyż); it pins an old JAX, so the samplers are re-implemented here from its definitions:

* the task list: ``src/bmi/benchmark/task_list.py`` (`TASKS` below keeps its order, names
  and ids);
* the distributions: ``src/bmi/samplers/_splitmultinormal.py`` (multivariate normal),
  ``_split_student_t.py`` (multivariate Student-t), ``_additive_uniform.py``
  (X ~ U(0, 1), Y = X + U(-ε, ε)), and the covariances of ``benchmark/tasks/multinormal.py``
  and ``samplers/_matrix_utils.py``: "dense" is 1 on the diagonal and 0.5 elsewhere;
  "2-pair" is the correlation matrix of the latent-variable model with two interacting
  pairs of strength λ = 2, noise ε = 1 and η = 2 (so corr(X_i, Y_i) = 4/5 for i < 2 and
  every other off-diagonal entry 0);
* the transforms: ``transforms/simple.py`` (normal CDF, half-cube x·√|x|, Swiss roll),
  ``benchmark/tasks/wiggly.py``, ``asinh.py``, ``spiral.py`` with ``transforms/_rotate.py``
  (x ↦ exp(s‖x‖² A) x, A the so(n) generator of the plane (0, 1) for X and (1, 2) for Y,
  speed s = 1/dim) and ``bimodal_gaussians.py`` (the inverse CDFs of the mixtures
  0.3 N(0, 1) + 0.7 N(5, 1) and 0.5 N(-1, 1) + 0.5 N(3, 1), applied to the normal-CDF
  base, found by bisection on [-10, 10] as bmi does).

True mutual information (nats), as bmi computes it:

* multivariate normal: ½ log(det Σ_XX det Σ_YY / det Σ);
* Student-t with dispersion Σ and ν degrees of freedom: the normal term of Σ plus
  h(X) + h(Y) - h(X, Y) of standard multivariate t's, with
  h_k = log Γ(ν/2) - log Γ((ν+k)/2) + (k/2) log(νπ) + ((ν+k)/2)(ψ((ν+k)/2) - ψ(ν/2))
  (Arellano-Valle, Contreras-Reyes and Genton 2013, Eq. (7) [2]_);
* additive uniform: 1/(4ε) if ε > 1/2, else ε - log(2ε);
* transformed tasks (CDF, half-cube, wiggly, spiral, asinh, bimodal, Swiss roll): the base
  task's value, since the maps are injective and smooth with smooth inverses on their
  images, which leaves I(X; Y) unchanged. The bimodal task is such a transform of the
  bivariate normal (ρ = 0.75) too, so bmi neither hard-codes nor integrates its value: it is
  -½ log(1 - ρ²) = 0.4133 nats.

`run_checks` (``python benchmarks/beyond_normal_tasks.py`` or
``python benchmarks/accuracy_beyond_normal.py --check``, and
``tests/test_beyond_normal_tasks.py``) tests the samplers and the closed forms.

References
----------
.. [1] P. Czyż, F. Grabowski, J. E. Vogt, N. Beerenwinkel and A. Marx, "Beyond Normal: On
   the Evaluation of Mutual Information Estimators", NeurIPS 2023.
.. [2] R. B. Arellano-Valle, J. E. Contreras-Reyes and M. G. Genton, "Shannon entropy and
   mutual information for multivariate skew-elliptical distributions", Scand. J. Stat. 40
   (2013) 42-62.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import integrate, linalg, special, stats

Array = np.ndarray
Pair = tuple[Array, Array]

GAUSSIAN_CORRELATION = 0.75  # task_list.py
TWO_PAIR_STRENGTH = 2.0  # task_multinormal_2pair(strength=2.0)
DENSE_OFF_DIAGONAL = 0.5  # task_multinormal_dense(off_diag=0.5)
_BISECTION_STEPS = 64  # [-10, 10] halved 64 times: below float64 spacing


# --------------------------------------------------------------------------- base laws


def gaussian_mutual_information_nats(covariance: Array, dim_x: int) -> float:
    """½ (log det Σ_XX + log det Σ_YY - log det Σ), from `numpy.linalg.slogdet`."""
    log_det = [
        np.linalg.slogdet(block)[1]
        for block in (covariance[:dim_x, :dim_x], covariance[dim_x:, dim_x:], covariance)
    ]
    return max(0.0, float(0.5 * (log_det[0] + log_det[1] - log_det[2])))


def student_t_entropy(dimension: int, df: float) -> float:
    """Differential entropy (nats) of the standard k-dimensional Student-t, Eq. (7) of [2]."""
    half = 0.5 * (df + dimension)
    return float(
        special.gammaln(0.5 * df)
        - special.gammaln(half)
        + 0.5 * dimension * math.log(df * math.pi)
        + half * (special.digamma(half) - special.digamma(0.5 * df))
    )


def student_t_mutual_information(dispersion: Array, dim_x: int, df: float) -> float:
    """Normal term of the dispersion plus the correction h_X + h_Y - h_XY (bmi's formula)."""
    dim_y = dispersion.shape[0] - dim_x
    correction = (
        student_t_entropy(dim_x, df)
        + student_t_entropy(dim_y, df)
        - student_t_entropy(dim_x + dim_y, df)
    )
    return gaussian_mutual_information_nats(dispersion, dim_x) + correction


def additive_uniform_mutual_information(epsilon: float) -> float:
    """I(X; X + N) for X ~ U(0, 1), N ~ U(-ε, ε): 1/(4ε) if ε > 1/2, else ε - log 2ε."""
    return 0.25 / epsilon if epsilon > 0.5 else epsilon - math.log(2 * epsilon)


@dataclass(frozen=True)
class Gaussian:
    """Zero-mean multivariate normal with `covariance`; X is the first `dim_x` coordinates."""

    covariance: Array
    dim_x: int

    def sample(self, n: int, rng: np.random.Generator) -> Pair:
        factor = np.linalg.cholesky(self.covariance)
        joint = rng.standard_normal((n, self.covariance.shape[0])) @ factor.T
        return joint[:, : self.dim_x], joint[:, self.dim_x :]

    def mutual_information(self) -> float:
        return gaussian_mutual_information_nats(self.covariance, self.dim_x)


@dataclass(frozen=True)
class StudentT:
    """Zero-mean multivariate Student-t with `dispersion` (not the covariance) and `df`."""

    dispersion: Array
    dim_x: int
    df: float

    def sample(self, n: int, rng: np.random.Generator) -> Pair:
        # Z / sqrt(W / ν) with Z ~ N(0, Σ), W ~ χ²_ν: the construction scipy.stats uses
        factor = np.linalg.cholesky(self.dispersion)
        normal = rng.standard_normal((n, self.dispersion.shape[0])) @ factor.T
        scale = np.sqrt(rng.chisquare(self.df, size=(n, 1)) / self.df)
        joint = normal / scale
        return joint[:, : self.dim_x], joint[:, self.dim_x :]

    def mutual_information(self) -> float:
        return student_t_mutual_information(self.dispersion, self.dim_x, self.df)


@dataclass(frozen=True)
class AdditiveUniform:
    """X ~ U(0, 1) and Y = X + N with N ~ U(-ε, ε) independent of X."""

    epsilon: float
    dim_x: int = 1

    def sample(self, n: int, rng: np.random.Generator) -> Pair:
        x = rng.uniform(0.0, 1.0, size=(n, 1))
        return x, x + rng.uniform(-self.epsilon, self.epsilon, size=(n, 1))

    def mutual_information(self) -> float:
        return additive_uniform_mutual_information(self.epsilon)


Base = Gaussian | StudentT | AdditiveUniform


def dense_covariance(dim_x: int, dim_y: int, off_diagonal: float = DENSE_OFF_DIAGONAL) -> Array:
    """1 on the diagonal, `off_diagonal` everywhere else (bmi's task_multinormal_dense)."""
    dimension = dim_x + dim_y
    return np.eye(dimension) * (1 - off_diagonal) + off_diagonal


def two_pair_covariance(dim_x: int, dim_y: int, strength: float = TWO_PAIR_STRENGTH) -> Array:
    """bmi's GaussianLVMParametrization(n_interacting=2, alpha=0, lambd=eta=strength).

    Latent model: X_i = λ Z_i + E_i (i < 2), X_i = E_i + η V_i otherwise, likewise for Y
    with the same Z_i, all latents standard normal, ε = 1, η = λ; bmi returns its
    correlation matrix: unit diagonal, corr(X_i, Y_i) = λ²/(1 + λ²) for i < 2.
    """
    dimension = dim_x + dim_y
    covariance = np.eye(dimension)  # ε² on the diagonal
    for i in range(dim_x):
        covariance[i, i] += strength**2  # λ² for the interacting pairs, η² = λ² otherwise
    for j in range(dim_x, dimension):
        covariance[j, j] += strength**2
    for i in range(2):
        covariance[i, dim_x + i] = covariance[dim_x + i, i] = strength**2
    scale = np.sqrt(np.diag(covariance))
    return covariance / np.outer(scale, scale)


# --------------------------------------------------------------------------- transforms


@dataclass(frozen=True)
class Transform:
    """A map of the samples of one variable, shape (n, d) to (n, d'), with its inverse."""

    name: str
    forward: Callable[[Array], Array]
    inverse: Callable[[Array], Array]
    added_dimensions: int = 0


def _bisect(function: Callable[[Array], Array], target: Array, low: Array, high: Array) -> Array:
    """Solve increasing ``function(x) = target`` elementwise on [low, high] by bisection."""
    low, high = np.broadcast_to(low, target.shape).copy(), np.broadcast_to(high, target.shape)
    high = high.copy()
    for _ in range(_BISECTION_STEPS):
        middle = 0.5 * (low + high)
        below = function(middle) < target
        low = np.where(below, middle, low)
        high = np.where(below, high, middle)
    return 0.5 * (low + high)


def half_cube(values: Array) -> Array:
    """x ↦ x √|x| (bmi.transforms.half_cube)."""
    return values * np.sqrt(np.abs(values))


def _half_cube_inverse(values: Array) -> Array:
    return np.sign(values) * np.abs(values) ** (2 / 3)


def wiggly_x(values: Array) -> Array:
    """x + 0.4 sin x + 0.2 sin(1.7x + 1) + 0.03 sin(3.3x - 2.5); slope ≥ 0.161 > 0."""
    return (
        values
        + 0.4 * np.sin(values)
        + 0.2 * np.sin(1.7 * values + 1)
        + 0.03 * np.sin(3.3 * values - 2.5)
    )


def wiggly_y(values: Array) -> Array:
    """x - 0.4 sin 0.4x + 0.17 sin(1.3x + 3.5) + 0.02 sin(4.3x - 2.5); slope ≥ 0.533 > 0."""
    return (
        values
        - 0.4 * np.sin(0.4 * values)
        + 0.17 * np.sin(1.3 * values + 3.5)
        + 0.02 * np.sin(4.3 * values - 2.5)
    )


def _wiggly_inverse(function: Callable[[Array], Array]) -> Callable[[Array], Array]:
    # |wiggly(x) - x| <= 0.63 for both maps, so x lies within 0.63 of its image
    return lambda values: _bisect(function, values, values - 0.63, values + 0.63)


def _mixture_cdf(weights: Sequence[float], means: Sequence[float]) -> Callable[[Array], Array]:
    def cdf(values: Array) -> Array:
        return sum(w * special.ndtr(values - m) for w, m in zip(weights, means, strict=True))

    return cdf


BIMODAL_CDF_X = _mixture_cdf((0.3, 0.7), (0.0, 5.0))  # 0.3 Φ(x) + 0.7 Φ(x - 5)
BIMODAL_CDF_Y = _mixture_cdf((0.5, 0.5), (-1.0, 3.0))  # 0.5 Φ(x + 1) + 0.5 Φ(x - 3)


def _inverse_cdf(cdf: Callable[[Array], Array]) -> Callable[[Array], Array]:
    # bmi's invert_cdf: bisection on [-10, 10]
    return lambda values: _bisect(cdf, values, np.asarray(-10.0), np.asarray(10.0))


def spiral(dimension: int, plane: tuple[int, int], speed: float = 1.0) -> Transform:
    """x ↦ exp(θ A) x with θ = (speed/dimension) ‖x‖² and A the generator of `plane`.

    bmi's Spiral(so_generator(n, i, j), speed / n): A[i, j] = -1, A[j, i] = 1, so exp(θA)
    rotates the (i, j) plane by θ. ‖x‖ is kept, so the inverse rotates by -θ(‖y‖²).
    """
    i, j = plane
    rate = speed / dimension

    def rotate(values: Array, sign: float) -> Array:
        angle = sign * rate * np.sum(values**2, axis=1)
        cos, sin = np.cos(angle), np.sin(angle)
        rotated = values.copy()
        rotated[:, i] = cos * values[:, i] - sin * values[:, j]
        rotated[:, j] = sin * values[:, i] + cos * values[:, j]
        return rotated

    return Transform(f"spiral{plane}", lambda v: rotate(v, 1.0), lambda v: rotate(v, -1.0), 0)


def spiral_matrix(values: Array, dimension: int, plane: tuple[int, int]) -> Array:
    """bmi's definition literally, one point at a time: scipy's expm(θ A) @ x."""
    generator = np.zeros((dimension, dimension))
    generator[plane[0], plane[1]], generator[plane[1], plane[0]] = -1.0, 1.0
    generator /= dimension
    return np.stack([linalg.expm(generator * (point @ point)) @ point for point in values])


def swiss_roll(values: Array) -> Array:
    """u ∈ [0, 1] ↦ (t cos t, t sin t) / 21 with t = 1.5π(1 + 2u) (bmi.transforms)."""
    t = 1.5 * np.pi * (1 + 2 * values[:, 0])
    return np.stack([t * np.cos(t), t * np.sin(t)], axis=1) / 21.0


def _swiss_roll_inverse(values: Array) -> Array:
    t = 21.0 * np.hypot(values[:, 0], values[:, 1])  # ‖(t cos t, t sin t)‖ = t
    return ((t / (1.5 * np.pi) - 1) / 2)[:, None]


NORMAL_CDF = Transform("normal_cdf", special.ndtr, special.ndtri)
HALF_CUBE = Transform("half_cube", half_cube, _half_cube_inverse)
ASINH = Transform("asinh", np.arcsinh, np.sinh)
WIGGLY_X = Transform("wiggly_x", wiggly_x, _wiggly_inverse(wiggly_x))
WIGGLY_Y = Transform("wiggly_y", wiggly_y, _wiggly_inverse(wiggly_y))
BIMODAL_X = Transform("bimodal_x", _inverse_cdf(BIMODAL_CDF_X), BIMODAL_CDF_X)
BIMODAL_Y = Transform("bimodal_y", _inverse_cdf(BIMODAL_CDF_Y), BIMODAL_CDF_Y)
SWISS_ROLL = Transform("swiss_roll", swiss_roll, _swiss_roll_inverse, added_dimensions=1)
IDENTITY = Transform("identity", lambda v: v, lambda v: v)


# --------------------------------------------------------------------------- tasks


@dataclass(frozen=True)
class Task:
    """A base law and a sequence of (transform of X, transform of Y) steps.

    `mutual_information` is the base law's value in nats (the transforms keep it).
    """

    task_id: str
    name: str
    base: Base
    steps: tuple[tuple[Transform, Transform], ...] = field(default=())

    @property
    def dim_x(self) -> int:
        return self.base.dim_x + sum(tx.added_dimensions for tx, _ in self.steps)

    @property
    def dim_y(self) -> int:
        base_y = _base_dimension(self.base) - self.base.dim_x
        return base_y + sum(ty.added_dimensions for _, ty in self.steps)

    @property
    def mutual_information(self) -> float:
        return self.base.mutual_information()

    def sample_base(self, n: int, rng: np.random.Generator) -> Pair:
        return self.base.sample(n, rng)

    def transform(self, x: Array, y: Array) -> Pair:
        for transform_x, transform_y in self.steps:
            x, y = transform_x.forward(x), transform_y.forward(y)
        return x, y

    def invert(self, x: Array, y: Array) -> Pair:
        for transform_x, transform_y in reversed(self.steps):
            x, y = transform_x.inverse(x), transform_y.inverse(y)
        return x, y

    def sample(self, n: int, rng: np.random.Generator) -> Pair:
        """Draw `n` paired samples, arrays of shape (n, dim_x) and (n, dim_y)."""
        return self.transform(*self.sample_base(n, rng))


def _base_dimension(base: Base) -> int:
    if isinstance(base, Gaussian):
        return int(base.covariance.shape[0])
    if isinstance(base, StudentT):
        return int(base.dispersion.shape[0])
    return 2


def _then(task: Task, step: tuple[Transform, Transform], task_id: str, name: str) -> Task:
    return Task(task_id, name, task.base, (*task.steps, step))


def binormal() -> Task:
    rho = GAUSSIAN_CORRELATION
    covariance = np.array([[1.0, rho], [rho, 1.0]])
    return Task(f"1v1-normal-{rho}", "Bivariate normal 1 × 1", Gaussian(covariance, 1))


def multinormal_dense(dim_x: int, dim_y: int) -> Task:
    return Task(
        f"multinormal-dense-{dim_x}-{dim_y}-{DENSE_OFF_DIAGONAL}",
        f"Multinormal {dim_x} × {dim_y} (dense)",
        Gaussian(dense_covariance(dim_x, dim_y), dim_x),
    )


def multinormal_2pair(dim_x: int, dim_y: int) -> Task:
    return Task(
        f"multinormal-sparse-{dim_x}-{dim_y}-2-{TWO_PAIR_STRENGTH}",
        f"Multinormal {dim_x} × {dim_y} (2-pair)",
        Gaussian(two_pair_covariance(dim_x, dim_y), dim_x),
    )


def student_identity(dim_x: int, dim_y: int, df: int) -> Task:
    return Task(
        f"student-identity-{dim_x}-{dim_y}-{df}",
        f"Student-t {dim_x} × {dim_y} (dof={df})",
        StudentT(np.eye(dim_x + dim_y), dim_x, float(df)),
    )


def additive_noise(epsilon: float) -> Task:
    return Task(
        f"1v1-additive-{epsilon}",
        f"Uniform 1 × 1 (additive noise={epsilon})",
        AdditiveUniform(epsilon),
    )


def normal_cdf(task: Task) -> Task:
    return _then(
        task, (NORMAL_CDF, NORMAL_CDF), f"normal_cdf-{task.task_id}", f"Normal CDF @ {task.name}"
    )


def half_cube_task(task: Task) -> Task:
    return _then(
        task, (HALF_CUBE, HALF_CUBE), f"half_cube-{task.task_id}", f"Half-cube @ {task.name}"
    )


def asinh(task: Task) -> Task:
    return _then(task, (ASINH, ASINH), f"asinh-{task.task_id}", f"Asinh @ {task.name}")


def wiggly(task: Task) -> Task:
    return _then(task, (WIGGLY_X, WIGGLY_Y), f"wiggly-{task.task_id}", f"Wiggly @ {task.name}")


def spiralise(task: Task) -> Task:
    step = (spiral(task.dim_x, (0, 1)), spiral(task.dim_y, (1, 2)))
    return _then(task, step, f"spiral-{task.task_id}", f"Spiral @ {task.name}")


def bimodal() -> Task:
    uniform = normal_cdf(binormal())
    return _then(
        uniform, (BIMODAL_X, BIMODAL_Y), f"1v1-bimodal-{GAUSSIAN_CORRELATION}", "Bimodal 1 × 1"
    )


def swiss_roll_task(task: Task) -> Task:
    return _then(task, (SWISS_ROLL, IDENTITY), f"swissroll_x-{task.task_id}", "Swiss roll 2 × 1")


def _task_list() -> tuple[Task, ...]:
    """bmi's BENCHMARK_TASKS_LIST, in its order."""
    normal = binormal()
    uniform = normal_cdf(normal)
    bistudent = student_identity(1, 1, 1)
    one_dimensional = [
        normal,
        uniform,
        additive_noise(0.10),
        additive_noise(0.75),
        bimodal(),
        wiggly(normal),
        half_cube_task(normal),
        bistudent,
        asinh(bistudent),
    ]
    embeddings = [swiss_roll_task(uniform)]
    multinormal = [multinormal_dense(d, d) for d in (2, 3, 5, 25, 50)]
    multinormal += [multinormal_2pair(d, d) for d in (2, 3, 5, 25)]
    student = [
        student_identity(d, d, df) for d, df in ((2, 1), (2, 2), (3, 2), (3, 3), (5, 2), (5, 3))
    ]
    bases = [multinormal_2pair(d, d) for d in (3, 5, 25)]
    transformed = [normal_cdf(b) for b in bases] + [half_cube_task(b) for b in bases]
    transformed += [spiralise(b) for b in bases] + [spiralise(normal_cdf(b)) for b in bases]
    transformed += [asinh(student_identity(d, d, df)) for d, df in ((2, 1), (3, 2), (5, 2))]
    return (*one_dimensional, *embeddings, *multinormal, *student, *transformed)


TASKS: tuple[Task, ...] = _task_list()


# --------------------------------------------------------------------------- checks


@dataclass(frozen=True)
class CheckResult:
    """One correctness check: what was compared, the largest discrepancy, the allowance."""

    name: str
    discrepancy: float
    allowed: float

    @property
    def passed(self) -> bool:
        return bool(self.discrepancy <= self.allowed)

    def __str__(self) -> str:
        mark = "ok  " if self.passed else "FAIL"
        return f"{mark} {self.name}: {self.discrepancy:.3g} (allowed {self.allowed:.3g})"


def check_gaussian_covariances(n: int = 20_000, seed: int = 0) -> list[CheckResult]:
    """Sample covariance of every Gaussian base within 5 standard errors of Σ, entrywise.

    The standard error of a sample covariance entry is √((Σ_ii Σ_jj + Σ_ij²)/N).
    """
    results = []
    for index, task in enumerate(TASKS):
        if not isinstance(task.base, Gaussian) or task.steps:  # every base appears untransformed
            continue
        covariance = task.base.covariance
        x, y = task.sample_base(n, np.random.default_rng([seed, index]))
        sample = np.cov(np.hstack([x, y]), rowvar=False)
        variance = np.diag(covariance)
        error = np.sqrt((np.outer(variance, variance) + covariance**2) / n)
        worst = float(np.max(np.abs(sample - covariance) / error))
        results.append(CheckResult(f"covariance of {task.task_id} (in SE)", worst, 5.0))
    return results


def check_gaussian_mutual_information() -> list[CheckResult]:
    """Each Gaussian truth equals infokit.distributions.gaussian_mutual_information of Σ."""
    from infokit.distributions import gaussian_mutual_information

    results = []
    for task in TASKS:
        if isinstance(task.base, Gaussian) and not task.steps:  # transforms share a base
            dim_x = task.base.dim_x
            dimension = task.base.covariance.shape[0]
            oracle = float(
                gaussian_mutual_information(
                    task.base.covariance, list(range(dim_x)), list(range(dim_x, dimension))
                )
            )
            gap = abs(task.mutual_information - oracle)
            results.append(CheckResult(f"Gaussian MI of {task.task_id}", gap, 1e-10))
    rho = GAUSSIAN_CORRELATION
    gap = abs(binormal().mutual_information + 0.5 * math.log(1 - rho**2))
    results.append(CheckResult("binormal MI = -log(1 - rho^2)/2", gap, 1e-12))
    gap = abs(multinormal_2pair(5, 5).mutual_information + math.log(1 - 0.8**2))
    results.append(CheckResult("2-pair MI = -log(1 - 0.8^2)", gap, 1e-12))
    return results


def check_student_t(n: int = 20_000, seed: int = 1) -> list[CheckResult]:
    """Closed form against a Monte Carlo mean of log p(x, y) - log p(x) - log p(y).

    Densities from scipy.stats.multivariate_t (the marginals of a t with dispersion Σ are t's
    with the diagonal blocks and the same ν); allowed: 4 standard errors of the mean. The
    1-D entropy is also compared with infokit.distributions.entropy(StudentT(ν)).
    """
    from infokit.distributions import StudentT as InfokitStudentT
    from infokit.distributions import entropy

    results, seen = [], set()
    for index, task in enumerate(TASKS):
        base = task.base
        if not isinstance(base, StudentT) or (base.dim_x, base.df) in seen:
            continue
        seen.add((base.dim_x, base.df))
        x, y = task.sample_base(n, np.random.default_rng([seed, index]))
        k = base.dim_x
        sigma = base.dispersion
        log_joint = stats.multivariate_t.logpdf(
            np.hstack([x, y]), shape=sigma, df=base.df, loc=np.zeros(sigma.shape[0])
        )
        log_x = stats.multivariate_t.logpdf(x, shape=sigma[:k, :k], df=base.df, loc=np.zeros(k))
        log_y = stats.multivariate_t.logpdf(y, shape=sigma[k:, k:], df=base.df, loc=np.zeros(k))
        local = np.atleast_1d(log_joint - log_x - log_y)
        standard_error = float(local.std(ddof=1) / math.sqrt(n))
        gap = abs(float(local.mean()) - base.mutual_information())
        results.append(
            CheckResult(
                f"Student-t MI of {task.task_id} vs Monte Carlo (in SE)", gap / standard_error, 4.0
            )
        )
    for df in (1.0, 2.0, 3.0):
        oracle = float(entropy(InfokitStudentT(df)))
        gap = abs(student_t_entropy(1, df) - oracle)
        results.append(CheckResult(f"1-D Student-t entropy, df={df:g}, vs infokit", gap, 1e-12))
    return results


def check_additive_uniform() -> list[CheckResult]:
    """Closed form against h(Y) - log 2ε, h(Y) = -∫ p log p by quadrature.

    p(y) = |[0, 1] ∩ [y - ε, y + ε]| / 2ε, the density of X + N.
    """
    results = []
    for epsilon in (0.1, 0.3, 0.5, 0.75, 2.0):

        def density(y: float, eps: float = epsilon) -> float:
            return max(0.0, min(1.0, y + eps) - max(0.0, y - eps)) / (2 * eps)

        def integrand(y: float, eps: float = epsilon) -> float:
            p = density(y, eps)
            return -p * math.log(p) if p > 0 else 0.0

        corners = sorted({-epsilon, epsilon, 1 - epsilon, 1 + epsilon})
        h_y = sum(
            integrate.quad(integrand, a, b, epsabs=1e-13, epsrel=1e-13)[0]
            for a, b in itertools.pairwise(corners)
        )
        gap = abs(h_y - math.log(2 * epsilon) - additive_uniform_mutual_information(epsilon))
        results.append(CheckResult(f"additive uniform MI, eps={epsilon}, quadrature", gap, 1e-9))
    return results


def check_transforms(n: int = 2000, seed: int = 2) -> list[CheckResult]:
    """Every task: the right shapes, finite values, and the inverse recovers the base sample.

    Also the vectorised spiral against bmi's literal expm definition, and the wiggly maps'
    slopes positive (monotone, hence invertible) on a fine grid.
    """
    results = []
    for index, task in enumerate(TASKS):
        base_x, base_y = task.sample_base(n, np.random.default_rng([seed, index]))
        x, y = task.transform(base_x, base_y)
        shape_ok = x.shape == (n, task.dim_x) and y.shape == (n, task.dim_y)
        finite = bool(np.isfinite(x).all() and np.isfinite(y).all())
        results.append(
            CheckResult(
                f"shape and finiteness of {task.task_id}", 0.0 if shape_ok and finite else 1.0, 0.0
            )
        )
        if task.steps:
            back_x, back_y = task.invert(x, y)
            gap = max(
                float(np.max(np.abs(back_x - base_x) / (1 + np.abs(base_x)))),
                float(np.max(np.abs(back_y - base_y) / (1 + np.abs(base_y)))),
            )
            results.append(CheckResult(f"inverse of {task.task_id}", gap, 1e-6))
    rng = np.random.default_rng(seed)
    for dimension, plane in ((3, (0, 1)), (5, (1, 2)), (25, (1, 2))):
        points = rng.standard_normal((50, dimension))
        gap = float(
            np.max(
                np.abs(
                    spiral(dimension, plane).forward(points)
                    - spiral_matrix(points, dimension, plane)
                )
            )
        )
        results.append(CheckResult(f"spiral {dimension}-D {plane} vs expm", gap, 1e-10))
    grid = np.linspace(-30, 30, 600_001)
    for name, function in (("wiggly_x", wiggly_x), ("wiggly_y", wiggly_y)):
        slope = float(np.min(np.diff(function(grid))))
        results.append(CheckResult(f"{name} increasing (minus its smallest step)", -slope, 0.0))
    results.append(
        CheckResult("40 tasks, unique ids", abs(len({t.task_id for t in TASKS}) - 40), 0)
    )
    return results


def run_checks(*, fast: bool = False) -> list[CheckResult]:
    """Run every check (smaller samples with `fast`); each result says whether it passed."""
    n = 5000 if fast else 20_000
    return [
        *check_gaussian_covariances(n),
        *check_gaussian_mutual_information(),
        *check_student_t(n),
        *check_additive_uniform(),
        *check_transforms(500 if fast else 2000),
    ]


def main() -> int:
    """Print the checks; exit status 1 if one failed."""
    results = run_checks()
    for result in results:
        print(result)
    failed = [r for r in results if not r.passed]
    print(f"{len(results) - len(failed)} of {len(results)} checks passed")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
