"""The benchmark scripts import only infokit names that exist (they run on demand, not in CI)."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

BENCHMARKS = sorted((Path(__file__).resolve().parents[1] / "benchmarks").glob("*.py"))


@pytest.mark.parametrize("path", BENCHMARKS, ids=lambda path: path.name)
def test_infokit_imports_resolve(path: Path) -> None:
    missing = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("infokit"):
            try:
                module = importlib.import_module(str(node.module))
            except ImportError as error:  # an optional extra missing (core-only job)
                pytest.skip(f"{node.module} needs an extra: {error}")
            for alias in node.names:
                try:
                    present = hasattr(module, alias.name)  # may import lazily
                except ImportError as error:
                    pytest.skip(f"{node.module}.{alias.name} needs an extra: {error}")
                if not present:
                    try:  # a submodule, imported by name
                        importlib.import_module(f"{node.module}.{alias.name}")
                    except ImportError:
                        missing.append(f"{node.module}.{alias.name}")
    assert not missing, f"{path.name} imports names infokit no longer has: {missing}"
