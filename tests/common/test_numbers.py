"""Numbers are written one way for people (pages, charts) and one way for programs (the
spreadsheet and CSV round trip, form inputs); comparator symbols come from one place."""

from decimal import Decimal

import pytest
from django.template import Context, Template

from common.numbers import display_number, format_number, target_text
from indicators.compute.charts.bars import ranking_figure
from indicators.dashboards.pages import cells
from indicators.models import Target


@pytest.mark.parametrize(
    ("value", "decimals", "shown"),
    [
        (Decimal("3700.000000"), None, "3,700"),  # as entered: no trailing zeros
        (Decimal("2.610000"), None, "2.61"),
        (Decimal("-1234.5"), None, "-1,234.5"),
        (0.1 + 0.2, None, "0.3"),  # a float to the six places the database keeps
        (3.0, 1, "3.0"),  # the indicator's decimals at least
        (3.04, 1, "3.04"),  # never fewer than the figure was entered with (issue 12)
        (1234567.891, 2, "1,234,567.891"),
        (None, None, "—"),
        (float("nan"), 1, "—"),
    ],
)
def test_it_shows_numbers_with_separators_and_the_right_decimals(value, decimals, shown):
    assert display_number(value, decimals) == shown


def test_it_keeps_machine_readable_text_apart():
    # Given a value a spreadsheet or a form reads back: no separators, no exponent
    assert format_number(Decimal("3700.000000")) == "3700"
    assert format_number(Decimal("1E+3")) == "1000"
    assert format_number(None) == ""


def test_a_target_is_printed_with_its_comparator_symbol():
    assert target_text(Decimal("3700"), "≥") == "≥3,700"
    assert target_text(2.9, "≈", 1) == "≈2.9"
    assert target_text(None, "≥") == "—"


def test_the_dashboards_take_comparator_symbols_from_the_target_model():
    labels = dict(Target.Comparator.choices)
    for code, symbol in labels.items():
        assert cells.target_text(3700, code, 0) == f"{symbol}3,700"
    assert not hasattr(cells, "COMPARATOR_SYMBOLS")


def test_the_template_filter_and_the_charts_use_the_same_rule():
    rendered = Template(
        "{% load display %}{{ v|num }}|{{ v|num:1 }}|{{ w|num:1 }}|{{ none|num }}"
    ).render(Context({"v": Decimal("12345.670000"), "w": Decimal("12"), "none": None}))
    assert rendered == "12,345.67|12,345.67|12.0|—"
    figure = ranking_figure(
        regions=["鹿城区"], values=[12345.67], statuses=["met"], unit="家", decimals=1
    )
    assert "12,345.67" in figure.data[0].text[0]
    assert figure.data[0].customdata[0] == "12,345.67"  # the hover, by the same rule
