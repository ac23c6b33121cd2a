"""Plots as embedded PNG data URIs, rendered identically every time (Agg, no metadata)."""

from __future__ import annotations

import base64
import io
import math
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

STYLE = {"figure.dpi": 100, "font.size": 9, "axes.spines.top": False,
         "axes.spines.right": False, "svg.hashsalt": "autograder"}
BLUE, RED, GREY = "#2b6cb0", "#c53030", "#718096"


def _png(fig: plt.Figure) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None}, bbox_inches="tight")
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _figure(width: float = 6.0, height: float = 2.8) -> tuple[plt.Figure, plt.Axes]:
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(width, height))
    return fig, ax


def loss_curve(losses: Sequence[float | None], steps: int, xlabel: str, ylabel: str) -> str:
    """The batch losses the grader observed (downsampled to at most 500 points)."""
    fig, ax = _figure()
    n = len(losses)
    xs = [round(i * (steps - 1) / max(1, n - 1)) + 1 for i in range(n)]
    ys = [math.nan if v is None else v for v in losses]
    ax.plot(xs, ys, color=BLUE, linewidth=1.2)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(alpha=0.3)
    return _png(fig)


def gradient_errors(errors: dict[str, float | None], tolerance: float, ylabel: str,
                    tolerance_label: str, missing_label: str) -> str:
    """One bar per parameter (log scale), red above the tolerance; a wrong shape is marked."""
    fig, ax = _figure(6.0, 2.6)
    names = list(errors)
    floor = tolerance / 1e6
    values = [max(errors[k], floor) if errors[k] is not None else floor for k in names]
    colours = [GREY if errors[k] is None else (RED if errors[k] > tolerance else BLUE)
               for k in names]
    ax.bar(names, values, color=colours)
    for i, k in enumerate(names):
        if errors[k] is None:
            ax.annotate(missing_label, (i, floor), ha="center", va="bottom", fontsize=8)
    ax.axhline(tolerance, color=GREY, linestyle="--", linewidth=1, label=tolerance_label)
    ax.set_yscale("log")
    ax.set_ylabel(ylabel)
    ax.legend(loc="upper left", frameon=False)
    return _png(fig)


def histogram(values: Sequence[float], bins: Sequence[float], xlabel: str, ylabel: str) -> str:
    """Counts of `values` in fixed `bins` (so equal data always gives the same picture)."""
    fig, ax = _figure()
    ax.hist(list(values), bins=list(bins), color=BLUE, edgecolor="white")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.yaxis.get_major_locator().set_params(integer=True)
    return _png(fig)


def rates(labels: Sequence[str], values: Sequence[float], xlabel: str) -> str:
    """Horizontal bars of pass rates in [0, 1], one per label, top to bottom."""
    fig, ax = _figure(6.0, 0.35 * len(labels) + 0.9)
    ax.barh(list(labels)[::-1], [100 * v for v in values][::-1], color=BLUE)
    ax.set_xlim(0, 100)
    ax.set_xlabel(xlabel)
    return _png(fig)
