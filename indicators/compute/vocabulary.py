"""The closed vocabularies of the progress engine: input codes and output statuses.

Each tuple is ordered; the engine works on small integer codes (the index in the tuple) and turns
them into strings only when it builds the output frame, as categoricals with these categories.
"""

KINDS = ("level", "stock", "flow", "growth_rate")
DIRECTIONS = ("higher", "lower")
ROLLUPS = ("sum", "none")
COMPARATORS = ("gte", "approx", "lte")
TARGET_TYPES = ("value", "average_growth", "relative", "coverage")  # docs/progress.md
ACTUAL_STATES = ("submitted", "approved")  # ordered: an approved figure wins over a submitted one

TARGET_SOURCES = ("own", "city_benchmark", "none")
YEAR_STATUSES = ("met", "nearly_met", "not_met", "no_data", "no_target")
OUTLOOK_STATUSES = (
    "achieved",
    "on_track",
    "needs_acceleration",
    "limited_progress",
    "deterioration",
    "not_assessed",
    "not_applicable",
)
# 序时进度 (indicators.compute.pace): a period's status against the expected year-to-date value,
# and how that value was set (docs/progress.md, "Reporting periods and 序时进度").
PACE_STATUSES = ("ahead", "on_pace", "behind", "no_target")
PACE_PROFILES = ("linear", "seasonal", "direct", "from_start")

# Kinds whose final goal is a level to be reached, so that "how far from the baseline to the goal"
# means something (DOMAIN.md: progress to goal and required pace are for levels and stocks only).
KINDS_WITH_GOAL_DISTANCE = ("level", "stock")


def code(vocabulary: tuple[str, ...], word: str) -> int:
    """The integer code of ``word`` in ``vocabulary``."""
    return vocabulary.index(word)
