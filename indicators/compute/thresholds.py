"""The settings of the progress method (docs/progress.md, "Thresholds")."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Thresholds:
    """The settings of the method (docs/progress.md, "Thresholds").

    * ``tolerance``: the "nearly met" band as a share of the target (0.05 = within 5 % of it);
      an ≈ target is met inside it.
    * ``on_track`` / ``needs_acceleration``: outlook ratio thresholds, Open SDG's defaults for its
      method 2 (``sdg/ProgressMeasure.py``, ``get_progress_thresholds``: high 0.95, med 0.6).
    * ``rollup_tolerance``: the largest accepted gap between the sum of regions and the city's
      own figure, as a share of the city's figure.
    """

    tolerance: float = 0.05
    on_track: float = 0.95
    needs_acceleration: float = 0.60
    rollup_tolerance: float = 0.01

    def __post_init__(self):
        if not 0 <= self.tolerance < 1:
            raise ValueError(f"tolerance must be in [0, 1), got {self.tolerance}")
        if not 0 <= self.needs_acceleration <= self.on_track:
            raise ValueError(
                "thresholds must satisfy 0 <= needs_acceleration <= on_track, got "
                f"{self.needs_acceleration} and {self.on_track}"
            )
        if self.rollup_tolerance < 0:
            raise ValueError(f"rollup_tolerance must be >= 0, got {self.rollup_tolerance}")
