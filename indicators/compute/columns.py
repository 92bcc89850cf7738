"""The engine's input columns and its output columns: the one list of what a progress snapshot
holds (the model, the store, the API's status columns and the tests all follow OUTPUT_COLUMNS;
docs/progress.md, "Output columns"). Re-exported by :mod:`indicators.compute.progress`."""

INDICATOR_COLUMNS = ("indicator_id", "kind", "direction", "rollup", "baseline_year")
TARGET_COLUMNS = (
    "indicator_id",
    "region_id",
    "year",
    "plan_id",
    "plan_order",
    "value",
    "comparator",
)
ACTUAL_COLUMNS = ("indicator_id", "region_id", "year", "value", "state")
REGION_COLUMNS = ("region_id", "is_city", "in_rollup")

OUTPUT_COLUMNS = (
    "indicator_id",
    "region_id",
    "year",
    "target_value",
    "target_comparator",
    "target_interpolated",
    "target_plan_id",
    "target_source",
    "other_target_value",
    "other_target_plan_id",
    "actual_value",
    "actual_provisional",
    "actual_vintage",
    "attainment",
    "gap",
    "progress_to_goal",
    "year_status",
    "outlook_status",
    "outlook_ratio",
    "projected_final_value",
    "final_year",
    "final_goal",
    "final_comparator",
    "target_type",
    "special_target",
    "special_actual",
    "special_status",
    "required_annual_change",
    "required_growth_rate",
    "rollup_sum",
    "rollup_count",
    "rollup_expected",
    "rollup_deviation",
    "share_of_city",
)
