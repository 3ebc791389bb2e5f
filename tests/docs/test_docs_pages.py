"""Every code block of the documentation runs, and every printed result is what the page says.

Each page of ``docs/`` is run top to bottom in one namespace: ```` ```python ```` blocks are
executed, ```` ```pycon ```` blocks are doctests (their ``>>>`` lines run and their output is
compared, with ``...`` and whitespace normalisation allowed). Blocks in other languages
(``bash``, ``text``) are not run. Each ``{{ figure(...) }}`` macro must name a function of
``infokit.plots``.
"""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"
PAGES = sorted(DOCS.rglob("*.md"))
FENCE = re.compile(r"^```(\w+)[^\n]*\n(.*?)^```", flags=re.S | re.M)
OPTIONS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _blocks(page: Path) -> list[tuple[str, str, int]]:
    text = page.read_text(encoding="utf-8")
    return [
        (match.group(1), match.group(2), text.count("\n", 0, match.start()) + 2)
        for match in FENCE.finditer(text)
    ]


def test_the_docs_have_pages() -> None:
    names = {page.relative_to(DOCS).as_posix() for page in PAGES}
    assert {"index.md", "getting-started.md", "concepts/entropy.md"} <= names


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.relative_to(DOCS).as_posix())
def test_page_code_runs(page: Path) -> None:
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    namespace: dict[str, object] = {"__name__": "__docs__"}
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=OPTIONS)
    try:
        for language, code, line in _blocks(page):
            where = f"{page.relative_to(DOCS)}:{line}"
            if language == "python":
                exec(compile(code, where, "exec"), namespace)  # our own documentation
            elif language == "pycon":
                test = parser.get_doctest(code, namespace, where, str(page), line)
                result = runner.run(test, clear_globs=False)
                namespace.update(test.globs)  # DocTest runs on a copy of the globals
                assert result.failed == 0, f"doctest failed in {where} (output above)"
    finally:
        plt.close("all")


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.relative_to(DOCS).as_posix())
def test_figure_macros_name_plot_functions(page: Path) -> None:
    import infokit.plots

    for name in re.findall(r"figure\(\s*\"(\w+)\"", page.read_text(encoding="utf-8")):
        assert name in infokit.plots.__all__, f"{page.name}: infokit.plots has no {name!r}"
