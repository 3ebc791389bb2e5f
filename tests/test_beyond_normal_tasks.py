"""The "Beyond Normal" tasks of benchmarks/beyond_normal_tasks.py, and the benchmark's plumbing.

The benchmark folder is not a package, so both scripts are imported by file path. Oracles:
infokit.distributions.gaussian_mutual_information for the Gaussian truths, a Monte Carlo mean
of log p(x, y) - log p(x) - log p(y) with scipy.stats.multivariate_t densities for the
Student-t closed form, quadrature of the density of X + N for the additive-uniform one,
scipy.linalg.expm for the spiral, and closed forms worked by hand.
"""

from __future__ import annotations

import importlib.util
import json
import math
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def _load(name: str) -> ModuleType:
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while building the class
    spec.loader.exec_module(module)
    return module


tasks = _load("beyond_normal_tasks")
TASK_BY_ID = {task.task_id: task for task in tasks.TASKS}


def _assert_passed(results: list) -> None:
    failed = [str(result) for result in results if not result.passed]
    assert results
    assert failed == []


def test_the_forty_tasks_of_bmi_in_order() -> None:
    assert len(tasks.TASKS) == 40
    assert len(TASK_BY_ID) == 40
    assert tasks.TASKS[0].task_id == "1v1-normal-0.75"
    assert tasks.TASKS[-1].task_id == "asinh-student-identity-5-5-2"
    dims = {(t.dim_x, t.dim_y) for t in tasks.TASKS}
    assert (2, 1) in dims  # the Swiss roll
    assert max(dims) == (50, 50)


@pytest.mark.parametrize("dimension", [2, 3, 5, 25, 50])
def test_dense_truth_by_hand(dimension: int) -> None:
    # Σ = (I + J)/2 on n coordinates has det 2^-n (1 + n), so
    # I = log(1 + d) - log(1 + 2d)/2 for d × d
    task = TASK_BY_ID[f"multinormal-dense-{dimension}-{dimension}-0.5"]
    expected = math.log(1 + dimension) - 0.5 * math.log(1 + 2 * dimension)
    assert task.mutual_information == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("dimension", [2, 3, 5, 25])
def test_two_pair_truth_by_hand(dimension: int) -> None:
    # two independent pairs of correlation 0.8: 2 × (-log(1 - 0.64)/2)
    task = TASK_BY_ID[f"multinormal-sparse-{dimension}-{dimension}-2-2.0"]
    assert task.mutual_information == pytest.approx(-math.log(0.36), abs=1e-12)


def test_closed_forms_by_hand() -> None:
    rho = tasks.GAUSSIAN_CORRELATION
    assert TASK_BY_ID["1v1-normal-0.75"].mutual_information == pytest.approx(
        -0.5 * math.log(1 - rho**2), abs=1e-15
    )
    assert TASK_BY_ID["1v1-additive-0.1"].mutual_information == pytest.approx(
        0.1 - math.log(0.2), abs=1e-15
    )
    assert TASK_BY_ID["1v1-additive-0.75"].mutual_information == pytest.approx(1 / 3, abs=1e-15)
    # the Swiss roll embeds the normal-CDF base: the binormal truth
    assert TASK_BY_ID["swissroll_x-normal_cdf-1v1-normal-0.75"].mutual_information == (
        TASK_BY_ID["1v1-normal-0.75"].mutual_information
    )
    # the bimodal task is a transform of the binormal one: the same truth
    assert TASK_BY_ID["1v1-bimodal-0.75"].mutual_information == pytest.approx(
        -0.5 * math.log(1 - rho**2), abs=1e-15
    )
    # bivariate Cauchy (df = 1, identity dispersion): 2 h_1 - h_2 with h_1 = log 4π and
    # h_2 = log 2π + 3 (ψ(3/2) - ψ(1/2)) / 2 = log 2π + 3
    cauchy = 2 * math.log(4 * math.pi) - (math.log(2 * math.pi) + 3)
    assert TASK_BY_ID["student-identity-1-1-1"].mutual_information == pytest.approx(
        cauchy, abs=1e-12
    )


def test_two_pair_covariance_is_bmi_correlation_matrix() -> None:
    covariance = tasks.two_pair_covariance(3, 3)
    expected = np.eye(6)
    expected[0, 3] = expected[3, 0] = expected[1, 4] = expected[4, 1] = 0.8
    np.testing.assert_allclose(covariance, expected, atol=1e-15)
    dense = tasks.dense_covariance(2, 2)
    np.testing.assert_array_equal(dense, np.full((4, 4), 0.5) + 0.5 * np.eye(4))


def test_gaussian_sample_covariances() -> None:
    _assert_passed(tasks.check_gaussian_covariances(n=4000))


def test_gaussian_truths_against_infokit() -> None:
    _assert_passed(tasks.check_gaussian_mutual_information())


def test_student_t_closed_form_against_monte_carlo() -> None:
    _assert_passed(tasks.check_student_t(n=4000))


def test_additive_uniform_closed_form_against_quadrature() -> None:
    _assert_passed(tasks.check_additive_uniform())


def test_transforms_shapes_inverses_and_spiral_definition() -> None:
    _assert_passed(tasks.check_transforms(n=300))


def test_a_wrong_truth_is_caught() -> None:
    # the Monte Carlo check can fail: a correction term with the wrong sign does
    x, y = TASK_BY_ID["student-identity-2-2-1"].sample_base(4000, np.random.default_rng(0))
    from scipy import stats

    local = (
        stats.multivariate_t.logpdf(np.hstack([x, y]), shape=np.eye(4), df=1)
        - stats.multivariate_t.logpdf(x, shape=np.eye(2), df=1)
        - stats.multivariate_t.logpdf(y, shape=np.eye(2), df=1)
    )
    error = local.std(ddof=1) / math.sqrt(len(local))
    true = TASK_BY_ID["student-identity-2-2-1"].mutual_information
    assert abs(local.mean() - true) < 4 * error
    assert abs(local.mean() + true) > 4 * error


finite = st.floats(-6, 6, allow_nan=False)


@given(arrays(np.float64, (7, 3), elements=finite))
def test_pointwise_transforms_invert(values: np.ndarray) -> None:
    for transform in (tasks.HALF_CUBE, tasks.ASINH, tasks.WIGGLY_X, tasks.WIGGLY_Y):
        np.testing.assert_allclose(
            transform.inverse(transform.forward(values)), values, rtol=1e-9, atol=1e-9
        )


@given(arrays(np.float64, (5, 4), elements=finite))
def test_spiral_keeps_the_norm_and_inverts(values: np.ndarray) -> None:
    transform = tasks.spiral(4, (1, 2))
    image = transform.forward(values)
    np.testing.assert_allclose(
        np.linalg.norm(image, axis=1), np.linalg.norm(values, axis=1), rtol=1e-12, atol=1e-12
    )
    np.testing.assert_allclose(transform.inverse(image), values, rtol=1e-9, atol=1e-9)


def test_benchmark_runs_and_records_a_refusal(tmp_path: Path) -> None:
    pytest.importorskip("infokit")
    script = _load("accuracy_beyond_normal")
    output = tmp_path / "result.json"
    args = ["--tasks", "1v1-normal-0.75", "1v1-additive-0.75", "--n", "400", "--seeds", "2"]
    args += ["--methods", "gaussian", "ross", "--output", str(output)]
    assert script.main(args) == 0
    result = json.loads(output.read_text(encoding="utf-8"))
    per_method = result["summary"]["per_method"]
    assert per_method["ross"]["tasks_run"] == 0
    assert "discrete" in per_method["ross"]["error"]
    assert per_method["gaussian"]["tasks_run"] == 2
    records = [r for r in result["records"] if r["method"] == "gaussian"]
    assert len(records) == 4
    row = result["summary"]["per_task"][0]["methods"]["gaussian"]
    mean = np.mean([r["estimate"] for r in records if r["task"] == "1v1-normal-0.75"])
    assert row["mean_estimate"] == pytest.approx(mean, abs=1e-15)
    assert row["bias"] == pytest.approx(mean - result["summary"]["per_task"][0]["truth"])
    assert script.tolerance(0.5) == 0.1
    assert script.tolerance(2.0) == pytest.approx(0.2)
