"""The public names are stable, and importing infokit stays light."""

from __future__ import annotations

import contextlib
import importlib.metadata
import subprocess
import sys

import infokit
import infokit.measures
from infokit.errors import MissingDependencyError

MEASURES = [
    "BatchSelection",
    "PartialInformationDecomposition",
    "RedundancyMeasure",
    "binary_entropy",
    "co_information",
    "conditional_entropy",
    "conditional_mutual_information",
    "cross_entropy",
    "dual_total_correlation",
    "entropy",
    "expected_entropy",
    "interaction_information",
    "jensen_shannon_divergence",
    "joint_entropy",
    "kl_divergence",
    "mutual_information",
    "normalize",
    "o_information",
    "partial_information_decomposition",
    "perplexity",
    "prediction_information",
    "predictive_entropy",
    "renyi_entropy",
    "s_information",
    "select_batch",
    "self_information",
    "total_correlation",
    "tsallis_entropy",
]

BOUNDS = [
    "BilinearCritic",
    "JointCritic",
    "MineBound",
    "SeparableCritic",
    "club_upper_bound",
    "donsker_varadhan_lower_bound",
    "infonce_ceiling",
    "infonce_lower_bound",
    "jensen_shannon_lower_bound",
    "leave_one_out_upper_bound",
    "mine_lower_bound",
    "nwj_lower_bound",
    "smile_lower_bound",
    "tuba_lower_bound",
]


def test_measures_are_exported_at_top_level_and_in_measures() -> None:
    for name in MEASURES:
        assert getattr(infokit, name) is getattr(infokit.measures, name)
        assert name in infokit.__all__
    assert sorted(infokit.measures.__all__) == MEASURES


def test_bounds_are_a_lazy_subpackage_with_a_stable_all() -> None:
    import infokit.bounds

    assert sorted(infokit.bounds.__all__) == BOUNDS
    assert infokit.bounds is infokit.__getattr__("bounds")
    assert "bounds" in dir(infokit)
    for name in BOUNDS:
        with contextlib.suppress(MissingDependencyError):  # the critics, without torch
            assert callable(getattr(infokit.bounds, name))
    code = (
        "import sys, infokit as ik; before = 'infokit.bounds' in sys.modules; "
        "ik.bounds.infonce_lower_bound; "
        "print(before, 'infokit.bounds' in sys.modules, 'torch' in sys.modules)"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert output.stdout.split() == ["False", "True", "False"]


def test_version_is_the_installed_distributions() -> None:
    # pyproject's version is dynamic, read from `__version__` ([tool.hatch.version]).
    assert infokit.__version__ == importlib.metadata.version("infokit")


def test_all_is_sorted_and_resolvable() -> None:
    assert infokit.__all__ == sorted(infokit.__all__)
    for name in infokit.__all__:
        # AttributeError if `name` is missing; MissingDependencyError if its extra is (core job)
        with contextlib.suppress(MissingDependencyError):
            getattr(infokit, name)


def test_import_does_not_import_torch_or_jax() -> None:
    code = "import sys, infokit; print(any(m in sys.modules for m in ('torch', 'jax', 'sklearn', 'pandas')))"
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert output.stdout.strip() == "False"


def test_errors_derive_from_builtins() -> None:
    from infokit import errors

    assert issubclass(errors.InvalidParameterError, ValueError)
    assert issubclass(errors.InvalidParameterError, TypeError)
    assert issubclass(errors.InvalidDistributionError, ValueError)
    assert issubclass(errors.ShapeError, ValueError)
    assert issubclass(errors.ArrayLibraryError, TypeError)
    assert issubclass(errors.NoClosedFormError, NotImplementedError)
    assert issubclass(errors.SmallSampleWarning, UserWarning)
    for name in errors.__all__:
        error = getattr(errors, name)
        assert issubclass(error, errors.InfokitError | errors.InfokitWarning)


def test_subpackages_load_on_first_use() -> None:
    code = (
        "import sys, infokit as ik; before = 'infokit.losses' in sys.modules; "
        "ik.losses.cross_entropy_loss; ik.distributions.Normal; ik.splits.best_split; "
        "print(before, 'infokit.losses' in sys.modules)"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert output.stdout.split() == ["False", "True"]


def test_unknown_attribute_raises_attribute_error() -> None:
    import pytest

    with pytest.raises(AttributeError, match="module 'infokit' has no attribute 'entropie'"):
        _ = infokit.entropie  # type: ignore[attr-defined]


TIME_SERIES = [
    "estimate_active_information_storage",
    "estimate_transfer_entropy",
    "transfer_entropy_test",
]


def test_time_series_estimators_are_exported_at_top_level_and_in_estimators() -> None:
    import infokit.estimators

    for name in TIME_SERIES:
        assert getattr(infokit, name) is getattr(infokit.estimators, name)
        assert name in infokit.__all__
        assert name in infokit.estimators.__all__
