"""The documentation site loads nothing from the network: no CDN script, stylesheet or font.

A few pages are built with the real ``mkdocs.yml`` (theme, hooks, extra JavaScript) into a
temporary folder, and every ``<script src>``, ``<link href>`` and CSS ``url()`` of the result
must point inside the site; MathJax must be there, copied in by ``docs/_offline.py``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "mkdocs.yml"
PAGES = ["index.md", "concepts/entropy.md"]  # the home page and a page full of math
REMOTE = re.compile(r"^(https?:)?//", flags=re.IGNORECASE)
LOADS = re.compile(
    r"<script\b[^>]*\bsrc\s*=\s*[\"']?([^\"' >]+)|<link\b[^>]*\bhref\s*=\s*[\"']?([^\"' >]+)",
    flags=re.IGNORECASE,
)
CSS_URL = re.compile(r"""(?:url\(\s*["']?|@import\s+["'])([^"')\s]+)""", flags=re.IGNORECASE)


def _load_config(**overrides: object):
    pytest.importorskip("mkdocs")
    pytest.importorskip("material")
    from mkdocs.config import load_config

    cwd = os.getcwd()
    os.chdir(ROOT)  # mkdocstrings' `paths: [src]` and the macros module are relative
    try:
        return load_config(str(CONFIG), **overrides)
    finally:
        os.chdir(cwd)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("mathjax", reason="needs the docs extra (django-static-mathjax)")
    from mkdocs.commands.build import build

    site_dir = tmp_path_factory.mktemp("site")
    # every page but a few is excluded, so the build is quick (links to the others dangle,
    # hence no strict mode here; `mkdocs build --strict` in scripts/check.sh checks them)
    keep = "\n".join(f"!{page}" for page in PAGES)
    excluded = f"_macros.py\n_offline.py\noverrides/\nreference/\n*.md\n{keep}\n"
    config = _load_config(site_dir=str(site_dir), strict=False, exclude_docs=excluded, nav=None)
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        build(config)
    finally:
        os.chdir(cwd)
    return site_dir


def test_config_uses_system_fonts_and_local_scripts() -> None:
    config = _load_config()
    assert config["theme"]["font"] is False  # no Google Fonts
    scripts = [str(script) for script in config["extra_javascript"]]
    assert "assets/mathjax/tex-mml-chtml.js" in scripts
    remote = [s for s in [*scripts, *map(str, config["extra_css"])] if REMOTE.match(s)]
    assert remote == []


def test_built_pages_load_nothing_from_the_network(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert {p.relative_to(site).as_posix() for p in pages} >= {
        "index.html",
        "concepts/entropy/index.html",
    }
    for page in pages:
        text = page.read_text(encoding="utf-8")
        loads = [a or b for a, b in LOADS.findall(text)]
        assert loads, page  # the pattern finds the theme's own files
        assert [url for url in loads if REMOTE.match(url)] == [], page
        assert "fonts.googleapis" not in text
        assert "fonts.gstatic" not in text
        # the header's repository link does not fetch stars and forks from the GitHub API
        assert 'data-md-component="source"' not in text


def test_stylesheets_load_no_remote_fonts(site: Path) -> None:
    sheets = sorted(site.rglob("*.css"))
    assert sheets
    for sheet in sheets:
        urls = CSS_URL.findall(sheet.read_text(encoding="utf-8"))
        assert [url for url in urls if REMOTE.match(url)] == [], sheet


def test_mathjax_is_part_of_the_site(site: Path) -> None:
    page = (site / "concepts" / "entropy" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<script src="\.\./\.\./assets/mathjax/tex-mml-chtml\.js"', page)
    assert 'class="arithmatex"' in page
    mathjax = site / "assets" / "mathjax"
    assert (mathjax / "tex-mml-chtml.js").stat().st_size > 500_000
    # what the component loads on demand, relative to itself: fonts and TeX extensions
    assert list((mathjax / "output" / "chtml" / "fonts" / "woff-v2").glob("*.woff"))
    assert (mathjax / "input" / "tex" / "extensions" / "mathtools.js").is_file()
    assert (mathjax / "sre" / "mathmaps" / "en.json").is_file()
