"""Pure progress computation for wzsci: frames in, frames out; never imports Django.

The entry point is :func:`indicators.compute.progress.compute_progress`; the method, its settings
and a worked example are in docs/progress.md.
"""

from indicators.compute.progress import OUTPUT_COLUMNS, Thresholds, compute_progress

__all__ = ["OUTPUT_COLUMNS", "Thresholds", "compute_progress"]
