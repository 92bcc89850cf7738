"""The suggested split of a city target to the regions (建议值) and the sum check: pure, with
figures worked by hand (indicators/entry/decomposition.py)."""

import pytest

from indicators.entry.decomposition import average_pace, suggest_split, sum_check


def test_it_averages_the_growth_of_up_to_three_years():
    # Given values 2020–2023: 50, 40, 50, 60 → growth −20 %, +25 %, +20 %
    values = {2020: 50, 2021: 40, 2022: 50, 2023: 60}
    # When the pace for 2024 is taken
    pace, years = average_pace(values, 2024)
    # Then it is (−0.2 + 0.25 + 0.2) / 3 = 0.083333…, over three years
    assert years == 3
    assert pace == pytest.approx(0.25 / 3)


def test_it_skips_years_it_cannot_compute():
    # Given 2021–2023 only (20, 25, 30): 2021 vs 2020 is unknown
    pace, years = average_pace({2021: 20, 2022: 25, 2023: 30}, 2024)
    # Then the pace is (0.25 + 0.2) / 2 = 0.225
    assert (pace, years) == (pytest.approx(0.225), 2)
    assert average_pace({2023: 30}, 2024) == (0.0, 0)


def test_it_suggests_each_regions_share_adjusted_by_its_pace_and_normalised():
    # Given a city target of 100 for 2024 and three regions' approved values
    history = {
        "甲": {2021: 20, 2022: 25, 2023: 30},  # share 0.3, pace 0.225
        "乙": {2020: 10, 2021: 10, 2022: 10, 2023: 10},  # share 0.1, pace 0
        "丙": {2020: 50, 2021: 40, 2022: 50, 2023: 60},  # share 0.6, pace 0.08333…
        "丁": {2021: 5},  # no 2023 value: no suggestion
    }
    # When the split is suggested
    split = suggest_split(city_target=100, year=2024, history=history)
    # Then weights are 0.3×1.225 = 0.3675, 0.1×1 = 0.1, 0.6×1.08333 = 0.65; sum 1.1175
    assert split["甲"].share == pytest.approx(0.3)
    assert split["甲"].value == pytest.approx(36.75 / 1.1175)  # 32.8859…
    assert split["乙"].value == pytest.approx(10 / 1.1175)  # 8.9485…
    assert split["丙"].value == pytest.approx(65 / 1.1175)  # 58.1655…
    assert split["甲"].value == pytest.approx(32.886, abs=1e-3)
    assert split["丁"] is None
    # And the suggestions add up to the city target
    assert sum(s.value for s in split.values() if s) == pytest.approx(100)


def test_it_suggests_nothing_without_last_years_values():
    split = suggest_split(city_target=100, year=2024, history={"甲": {2020: 1}, "乙": {}})
    assert split == {"甲": None, "乙": None}


def test_a_sum_below_the_city_target_is_a_shortfall():
    # Given a city target of 180 and regions set at 60 + 50 + 40 (one region not yet set)
    check = sum_check(city_target=180, region_targets={1: 60, 2: 50, 3: 40, 4: None}, expected=4)
    # Then the regions add up to 150, 30 short, 3 of 4 regions set
    assert (check.region_sum, check.gap, check.shortfall) == (150, 30, True)
    assert (check.regions_with_target, check.regions_expected) == (3, 4)


def test_a_sum_at_or_above_the_city_target_is_no_shortfall():
    assert not sum_check(city_target=150, region_targets={1: 100, 2: 50}, expected=2).shortfall
    assert not sum_check(city_target=150, region_targets={1: 100, 2: 60}, expected=2).shortfall
    assert not sum_check(city_target=None, region_targets={1: 1}, expected=1).shortfall


def test_nothing_decomposed_yet_is_no_shortfall():
    check = sum_check(city_target=150, region_targets={1: None, 2: None}, expected=2)
    assert (check.region_sum, check.regions_with_target, check.shortfall) == (0, 0, False)
