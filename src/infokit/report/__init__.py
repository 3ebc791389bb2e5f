"""Self-contained HTML reports of information profiles (needs ``infokit[report]``)."""

from infokit.report._html import render_html_report

__all__ = ["render_html_report"]
