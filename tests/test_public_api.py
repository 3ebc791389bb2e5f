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
    "PartialInformationDecomposition",
    "RedundancyMeasure",
    "binary_entropy",
    "co_information",
    "conditional_entropy",
    "conditional_mutual_information",
    "cross_entropy",
    "dual_total_correlation",
    "entropy",
    "interaction_information",
    "jensen_shannon_divergence",
    "joint_entropy",
    "kl_divergence",
    "mutual_information",
    "normalize",
    "o_information",
    "partial_information_decomposition",
    "perplexity",
    "renyi_entropy",
    "s_information",
    "self_information",
    "total_correlation",
    "tsallis_entropy",
]


def test_measures_are_exported_at_top_level_and_in_measures() -> None:
    for name in MEASURES:
        assert getattr(infokit, name) is getattr(infokit.measures, name)
        assert name in infokit.__all__
    assert sorted(infokit.measures.__all__) == MEASURES


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
