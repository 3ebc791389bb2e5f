"""MkDocs hooks that keep the built site offline: MathJax is copied in, not loaded from a CDN.

MathJax 3 comes from the ``django-static-mathjax`` wheel (the ``docs`` extra), which ships
its ``es5`` build as plain files and depends on nothing (Django is needed only to serve them
from Django, which we do not). `on_files` adds the combined ``tex-mml-chtml.js`` component and
the folders it loads lazily (TeX extensions, CHTML fonts, menu, accessibility and speech
rules) to the site under ``assets/mathjax/``; ``mkdocs.yml`` points ``extra_javascript`` there.
MathJax finds those folders relative to its own script, so nothing is fetched from elsewhere.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files

TARGET = "assets/mathjax"
COMPONENT = "tex-mml-chtml.js"
# What tex-mml-chtml.js loads on demand; the other combined components and the SVG output
# are not used by the site.
LAZY = ("input", "output/chtml", "ui", "a11y", "adaptors", "sre")


def mathjax_root() -> Path:
    """Return the folder of MathJax's ``es5`` build inside the installed wheel."""
    root = Path(str(resources.files("mathjax"))) / "static" / "mathjax" / "es5"
    if not (root / COMPONENT).is_file():
        msg = (
            f"MathJax's {COMPONENT} is missing from {root}; the docs need the `docs` extra: "
            "`pip install -e '.[docs]'` (django-static-mathjax)."
        )
        raise FileNotFoundError(msg)
    return root


def mathjax_files() -> list[tuple[str, Path]]:
    """Return ``(uri in the site, file)`` for every MathJax file the site ships."""
    root = mathjax_root()
    paths = [root / COMPONENT]
    for folder in LAZY:
        paths += sorted(p for p in (root / folder).rglob("*") if p.is_file())
    return [(f"{TARGET}/{p.relative_to(root).as_posix()}", p) for p in paths]


def on_files(files: Files, config: Any) -> Files:
    """Add MathJax's files to the site, as if they were under ``docs/assets/mathjax``."""
    for uri, path in mathjax_files():
        files.append(File.generated(config, uri, abs_src_path=str(path)))
    return files
