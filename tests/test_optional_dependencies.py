"""Without an optional dependency, each entry point that needs it says what to install.

Absence is simulated by an import hook that fails to find the package, so these tests
assert the same thing in the full environment and in the core-only job
(scripts/check_core.sh), where the packages are really missing: a `MissingDependencyError`
whose message is one sentence ending in the ``pip install`` command, never a bare
`ImportError` from deep inside infokit.
"""

from __future__ import annotations

import importlib.abc
import inspect
import math
import re
import subprocess
import sys

import pytest

from infokit.errors import MissingDependencyError
from infokit.results import Estimate

# Every package of pyproject's extras that infokit imports (never numpy, scipy,
# array-api-compat: those are the core).
OPTIONAL = (
    "dask",
    "distributed",
    "duckdb",
    "jax",
    "jinja2",
    "matplotlib",
    "narwhals",
    "numba",
    "pandas",
    "polars",
    "pyarrow",
    "pykdtree",
    "pyspark",
    "rich",
    "sklearn",
    "torch",
    "typer",
)


class _Absent(importlib.abc.MetaPathFinder):
    """An import hook that finds `packages` (and their submodules) missing."""

    def __init__(self, packages: tuple[str, ...]) -> None:
        self.packages = frozenset(packages)

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        if name.partition(".")[0] in self.packages:
            msg = f"No module named {name!r} (hidden by the test)"
            raise ModuleNotFoundError(msg, name=name)


def _block(monkeypatch: pytest.MonkeyPatch, *packages: str) -> None:
    """Make `packages` look uninstalled for the test: unloaded, and failing to import."""
    # Not `sys.modules[name] = None`: array-api-compat would take a None for a loaded torch.
    for name in list(sys.modules):
        if name.partition(".")[0] in packages:
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr(sys, "meta_path", [_Absent(packages), *sys.meta_path])


def _check_hint(error: pytest.ExceptionInfo[MissingDependencyError], extra: str) -> None:
    message = str(error.value)
    assert "\n" not in message
    assert re.search(rf"needs [\w-]+: `?pip install 'infokit\[{extra}\]'`?\.?$", message), message


def test_core_modules_import_without_any_optional_dependency() -> None:
    # Imports at module level only: each subpackage must defer its optional imports.
    script = "\n".join(
        [
            "import importlib.abc, sys",
            inspect.getsource(_Absent),
            f"sys.meta_path.insert(0, _Absent({OPTIONAL!r}))",
            "import infokit, infokit.measures, infokit.estimators, infokit.distributions",
            "import infokit.losses, infokit.splits, infokit.feature_selection, infokit.plots",
            "import infokit.profiling, infokit.report, infokit.cli, infokit.data, infokit.units",
            "import infokit.__main__",
            "print(round(float(infokit.entropy([0.5, 0.5], base=2)), 3))",
        ]
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "1.0"


def test_selector_without_scikit_learn(monkeypatch: pytest.MonkeyPatch) -> None:
    import infokit
    from infokit.feature_selection import mutual_information_scores

    _block(monkeypatch, "sklearn")
    monkeypatch.delitem(sys.modules, "infokit.feature_selection.selector", raising=False)
    with pytest.raises(MissingDependencyError) as error:
        from infokit.feature_selection import MutualInformationSelector  # noqa: F401
    _check_hint(error, "sklearn")
    with pytest.raises(MissingDependencyError):
        infokit.MutualInformationSelector  # noqa: B018
    y = [0, 1] * 50
    assert mutual_information_scores([[v] for v in y], y).values[0] > 0.5  # the scores work


def _plot_calls() -> list[tuple[str, tuple[object, ...]]]:
    runs = [Estimate(2.5, 0.05, "plugin", base=2, n_samples=n) for n in (100, 1000)]
    return [
        ("surprisal_curve", ()),
        ("binary_entropy_curve", ()),
        ("entropy_bars", ([[0.5, 0.5], [0.9, 0.1]], ["fair", "biased"])),
        ("divergence_asymmetry", ([0.5, 0.3, 0.2], [0.4, 0.4, 0.2])),
        ("cross_entropy_decomposition", ([0.5, 0.3, 0.2], [0.4, 0.4, 0.2])),
        ("loss_vs_probability", ()),
        ("estimator_convergence", (runs,)),
        ("mutual_information_bars", ([0.3, 0.1], [0.01, 0.02], ["a", "b"])),
        ("mutual_information_heatmap", ([[1.0, 0.2], [0.2, 1.0]], ["a", "b"])),
        ("information_diagram", (1.0, 1.5, 0.5, ["X", "Y"])),
        ("three_variable_information_diagram", ([[[0.125] * 2] * 2] * 2, ["X", "Y", "Z"])),
    ]


@pytest.mark.parametrize(
    ("name", "args"), _plot_calls(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_plots_without_matplotlib(
    monkeypatch: pytest.MonkeyPatch, name: str, args: tuple[object, ...]
) -> None:
    import infokit.plots

    assert sorted(infokit.plots.__all__) == sorted(n for n, _ in _plot_calls())
    _block(monkeypatch, "matplotlib", "mpl_toolkits")
    with pytest.raises(MissingDependencyError) as error:
        getattr(infokit.plots, name)(*args)
    _check_hint(error, "plot")


def _profile() -> object:
    from infokit.profiling import ColumnProfile, DataFrameProfile

    column = ColumnProfile("x", "discrete", "int64", 4, 0, 2, 1.0, 0.1, "plugin")
    return DataFrameProfile((column,), None, None, None, None, None, 4, 2.0, "pandas", "auto")


@pytest.mark.parametrize("package", ["jinja2", "matplotlib"])
def test_html_report_without_jinja2_or_matplotlib(
    monkeypatch: pytest.MonkeyPatch, package: str
) -> None:
    from infokit.report import render_html_report

    if package == "matplotlib":
        pytest.importorskip("jinja2")  # else the message names jinja2, checked first
    _block(monkeypatch, package)
    with pytest.raises(MissingDependencyError, match=package) as error:
        render_html_report(_profile())  # type: ignore[arg-type]
    _check_hint(error, "report")


def test_profile_to_pandas_without_pandas(monkeypatch: pytest.MonkeyPatch) -> None:
    profile = _profile()
    _block(monkeypatch, "pandas")
    with pytest.raises(MissingDependencyError, match="pandas") as error:
        profile.to_pandas()  # type: ignore[attr-defined]
    _check_hint(error, "dataframe")


def test_profile_dataframe_without_narwhals(monkeypatch: pytest.MonkeyPatch) -> None:
    from infokit.profiling import profile_dataframe

    _block(monkeypatch, "narwhals")
    with pytest.raises(MissingDependencyError, match="narwhals") as error:
        profile_dataframe({"x": [0, 1, 1, 0]})
    _check_hint(error, "dataframe")


def test_progress_bar_without_rich(monkeypatch: pytest.MonkeyPatch) -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("narwhals")
    from infokit.profiling import profile_dataframe

    _block(monkeypatch, "rich")
    with pytest.raises(MissingDependencyError, match="rich") as error:
        profile_dataframe(pd.DataFrame({"x": [0, 1, 1, 0]}), progress=True)
    _check_hint(error, "cli")


@pytest.mark.parametrize(
    ("engine", "package", "extra"),
    [
        ("duckdb", "duckdb", "dataframe"),
        ("pandas", "pandas", "dataframe"),
        ("polars", "polars", "dataframe"),
        ("dask", "dask", "dask"),
        ("dask", "distributed", "dask"),
        ("spark", "pyspark", "spark"),
    ],
)
def test_open_table_without_its_engine(
    monkeypatch: pytest.MonkeyPatch, tmp_path, engine: str, package: str, extra: str
) -> None:
    from infokit.profiling import open_table

    if package == "distributed":
        pytest.importorskip("dask.dataframe")  # else the message names dask
    path = tmp_path / "table.csv"
    path.write_text("x,y\n0,1\n1,0\n", encoding="utf-8")
    _block(monkeypatch, package)
    with pytest.raises(MissingDependencyError, match=package) as error:
        open_table(str(path), engine=engine)  # type: ignore[arg-type]
    _check_hint(error, extra)


def test_load_penguins_without_pandas(monkeypatch: pytest.MonkeyPatch) -> None:
    from infokit.data import load_penguins, penguins_path

    _block(monkeypatch, "pandas")
    with pytest.raises(MissingDependencyError, match="pandas") as error:
        load_penguins()
    _check_hint(error, "dataframe")
    assert penguins_path().is_file()  # the file itself needs nothing


@pytest.mark.parametrize("package", ["typer", "rich"])
def test_command_line_without_typer_or_rich(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], package: str
) -> None:
    from infokit.cli import main

    if package == "rich":
        pytest.importorskip("typer")  # else the message names typer, checked first
    _block(monkeypatch, package)
    assert main(["profile", "--demo"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"infokit: error: the command line needs {package}: pip install 'infokit[cli]'.\n"
    )
    with pytest.raises(MissingDependencyError) as error:
        main(["profile", "--demo", "--debug"])
    _check_hint(error, "cli")
    assert main(["tour"]) == 0  # the tour of the measures needs neither
    assert "worked examples of information theory" in capsys.readouterr().out
    assert main([]) == 1  # the help is the command line's
    assert f"needs {package}" in capsys.readouterr().err


def test_command_line_demo_without_pandas(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("typer")
    from infokit.cli import main

    _block(monkeypatch, "pandas")
    assert main(["profile", "--demo"]) == 1
    assert capsys.readouterr().err == (
        "infokit: error: `load_penguins` needs pandas: pip install 'infokit[dataframe]'.\n"
    )


def test_hint_names_the_package_even_for_a_submodule() -> None:
    from infokit._optional import import_optional

    with pytest.raises(MissingDependencyError) as error:
        import_optional("no_such_package.sub", needed_by="`f`", extra="all")
    assert str(error.value) == "`f` needs no_such_package: pip install 'infokit[all]'."
    assert isinstance(error.value.__cause__, ImportError)
    assert math.isclose(import_optional("math", needed_by="`f`", extra="all").pi, math.pi)


def test_neural_methods_without_torch(monkeypatch: pytest.MonkeyPatch) -> None:
    import infokit.bounds
    from infokit import estimate_mutual_information

    _block(monkeypatch, "torch")
    monkeypatch.delitem(sys.modules, "infokit.bounds.critics", raising=False)
    x = [[0.1 * i, (-1) ** i] for i in range(40)]
    with pytest.raises(MissingDependencyError) as error:
        estimate_mutual_information(x, x, method="infonce")
    _check_hint(error, "torch")
    with pytest.raises(MissingDependencyError) as error:
        infokit.bounds.SeparableCritic  # noqa: B018
    _check_hint(error, "torch")
    # the bounds themselves are array arithmetic and need no torch
    assert float(infokit.bounds.infonce_lower_bound([[1.0, 0.0], [0.0, 1.0]])) > 0


def test_neural_progress_bar_without_rich(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("torch")
    from infokit import estimate_mutual_information

    _block(monkeypatch, "rich")
    x = [[0.1 * i, (-1) ** i] for i in range(40)]
    with pytest.raises(MissingDependencyError, match="rich") as error:
        estimate_mutual_information(x, x, method="nwj", progress=True, max_steps=2)
    _check_hint(error, "cli")
    quiet = estimate_mutual_information(x, x, method="nwj", max_steps=2, rng=0)
    assert quiet.details["steps"] == 2  # the default shows no bar without rich, and runs
