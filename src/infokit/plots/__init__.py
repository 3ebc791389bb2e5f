"""Matplotlib figures of information quantities (needs ``pip install 'infokit[plot]'``)."""

from infokit.plots._information import (
    information_diagram,
    mutual_information_bars,
    mutual_information_heatmap,
)

__all__ = ["information_diagram", "mutual_information_bars", "mutual_information_heatmap"]
