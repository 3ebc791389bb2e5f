"""The HTML report: self-contained, and rendered by a real headless Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest
from markupsafe import escape

from infokit.data import load_penguins
from infokit.errors import InvalidParameterError
from infokit.profiling import profile_dataframe
from infokit.report import render_html_report

matplotlib.use("Agg")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
]


@pytest.fixture(scope="module")
def profile():
    return profile_dataframe(load_penguins(), target="species", base="bits")


@pytest.fixture(scope="module")
def html(profile) -> str:
    return render_html_report(profile)


def test_report_is_self_contained(html):
    assert html.startswith("<!DOCTYPE html>")
    assert "<script" not in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", html)
    assert "@import" not in html
    assert "url(" not in html.replace("url(#", "")
    assert "<metadata>" not in html
    assert html.count("<svg") == 2 + 3  # bars, heatmap, three information diagrams


def test_report_shows_every_number_of_the_profile(profile, html):
    for column in profile.columns:
        assert f">{column.name}<" in html
        assert (
            f"{column.mutual_information:.3f} ± {column.mutual_information_std_error:.3f}" in html
        )
        assert f"{column.entropy:.3f} ± {column.entropy_std_error:.3f}" in html
    assert f"H(species) = {profile.target_entropy:.3f}" in html
    assert "best constant predictor" in html
    assert "H(Y) − H(Y | X)" in html
    assert str(escape(profile.sample_description)) in html


def test_report_escapes_column_names():
    df = pd.DataFrame({"<b>x</b>": [0, 1] * 20, "y": [0, 1] * 20})
    html = render_html_report(profile_dataframe(df, target="y"))
    assert "&lt;b&gt;x&lt;/b&gt;" in html
    assert "<b>x</b>" not in html


def test_report_without_target_has_no_target_figures():
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"a": rng.integers(0, 3, 100), "b": rng.integers(0, 2, 100)})
    html = render_html_report(profile_dataframe(df))
    assert html.count("<svg") == 1  # the pairwise heatmap only
    assert "baseline" not in html.lower().split("<h2>columns")[0]


def test_report_refuses_other_objects():
    with pytest.raises(InvalidParameterError, match=r"`profile` must be a DataFrameProfile"):
        render_html_report({"columns": []})  # type: ignore[arg-type]


def _chromium(page: Path, tmp_path: Path, *mode: str) -> subprocess.CompletedProcess[str]:
    profile_dir = tmp_path / f"chromium-{len(list(tmp_path.iterdir()))}"
    command = [CHROMIUM, *FLAGS, f"--user-data-dir={profile_dir}", *mode, page.as_uri()]
    return subprocess.run(command, capture_output=True, text=True, timeout=90, check=True)


def _console_messages(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (apt-get install chromium)")
def test_chromium_renders_table_and_figures_without_console_errors(html, tmp_path):
    page = tmp_path / "report.html"
    page.write_text(html, encoding="utf-8")

    # the check can fail: a page that logs an error is caught
    bad = tmp_path / "bad.html"
    bad.write_text('<html><body><script>console.error("boom")</script></body></html>')
    assert any(
        "boom" in m for m in _console_messages(_chromium(bad, tmp_path, "--dump-dom").stderr)
    )

    dumped = _chromium(page, tmp_path, "--dump-dom")
    assert _console_messages(dumped.stderr) == []
    dom = dumped.stdout
    assert dom.count("<svg") == 5
    assert len(re.findall(r"<tr>", dom)) == 1 + 7  # header and one row per column
    assert "flipper_length_mm" in dom

    screenshot = tmp_path / "report.png"
    shot = _chromium(page, tmp_path, f"--screenshot={screenshot}", "--window-size=1200,2400")
    assert _console_messages(shot.stderr) == []
    pixels = matplotlib.image.imread(screenshot)[..., :3]
    assert pixels.shape[:2] == (2400, 1200)
    # the bars of the MI chart (#4878a8) and the table header background (#f3f5f8) are painted
    bar = np.all(np.abs(pixels - np.array([0x48, 0x78, 0xA8]) / 255) < 0.02, axis=-1)
    header = np.all(np.abs(pixels - np.array([0xF3, 0xF5, 0xF8]) / 255) < 0.01, axis=-1)
    assert bar.sum() > 5000
    assert header.sum() > 5000
