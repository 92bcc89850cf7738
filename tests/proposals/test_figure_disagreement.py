"""A figure a reply reports is checked against the approved actual of its indicator, region, year."""

from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from indicators.models import Actual, Indicator, Region, WorkflowState
from proposals import checks
from proposals.models import ReportedFigure
from proposals.selectors.disagreements import figure_checks, figure_disagreements
from tests.factories import make_persona

DOC_94 = "温科提复〔2023〕94号"


@pytest.mark.django_db
def test_it_flags_152_reported_for_k8_2022_only_once_the_approved_actual_says_150(seeded, client):
    figure = ReportedFigure.objects.get(reply__doc_number=DOC_94, indicator__code="K8", year=2022)
    k8 = Indicator.objects.get(code="K8")
    baseline = Actual.objects.get(indicator=k8, region__kind=Region.Kind.CITY, year=2022)

    # Given the seed: 94号 reports 152 万平方米 for 2022, and K8's approved 2022 baseline is 152
    assert (figure.value, baseline.value, baseline.state) == (
        Decimal("152"),
        Decimal("152"),
        WorkflowState.APPROVED,
    )
    # Then nothing is flagged
    assert [c.figure.id for c in figure_disagreements()] == []
    check = next(c for c in figure_checks(indicator=k8) if c.figure.id == figure.id)
    assert check.actual == Decimal("152") and not check.disagrees

    # Given the approved actual corrected to 150
    baseline.value = Decimal("150")
    baseline.save()
    # Then 152 disagrees: |152 − 150| / 150 = 1.33 % > 0.5 %
    flagged = figure_disagreements()
    assert [c.figure.id for c in flagged] == [figure.id]
    assert flagged[0].difference_percent == "1.33%"

    # And the flag shows on the reply's page …
    client.force_login(make_persona("outsider"))
    page = client.get(reverse("proposals:detail", args=[figure.reply_id])).content.decode()
    assert "有 1 条报告数据与已审核实际值不一致" in page
    assert "不一致：已审核实际值 150，相差 1.33%" in page
    assert "prop-hl-flagged" in page  # the sentence in the full text is marked as disagreeing
    # … and in the include for the indicator's page
    include = render_to_string("proposals/_indicator_figures.html", {"indicator": k8})
    assert DOC_94 in include and "不一致（相差 1.33%）" in include


@pytest.mark.django_db
def test_it_ignores_an_actual_that_is_not_approved(seeded):
    k8 = Indicator.objects.get(code="K8")
    baseline = Actual.objects.get(indicator=k8, region__kind=Region.Kind.CITY, year=2022)
    baseline.value, baseline.state = Decimal("150"), WorkflowState.SUBMITTED
    baseline.save()
    assert figure_disagreements() == []
    check = next(c for c in figure_checks(indicator=k8))
    assert check.actual is None


def test_it_compares_at_the_indicator_s_decimals():
    # Given K1 kept to one decimal: 2.61 % reported, 2.6 approved → both 2.6 → agree
    assert not checks.figure_disagrees(Decimal("2.61"), Decimal("2.6"), decimals=1, tolerance=0.005)
    # With two decimals kept, 2.61 vs 2.60 differs by 0.38 % — still inside 0.5 %
    assert not checks.figure_disagrees(
        Decimal("2.61"), Decimal("2.60"), decimals=2, tolerance=0.005
    )
    # 2.61 vs 2.7 (one decimal: 2.6 vs 2.7 → 3.7 %) disagrees
    assert checks.figure_disagrees(Decimal("2.61"), Decimal("2.7"), decimals=1, tolerance=0.005)


def test_the_tolerance_is_a_relative_difference():
    # Given an actual of 1000: 1005 differs by exactly 0.5 % (not more) → agrees; 1006 → disagrees
    assert not checks.figure_disagrees(
        Decimal("1005"), Decimal("1000"), decimals=0, tolerance=0.005
    )
    assert checks.figure_disagrees(Decimal("1006"), Decimal("1000"), decimals=0, tolerance=0.005)
    # An actual of 0: any other figure disagrees, 0 agrees
    assert checks.figure_disagrees(Decimal("1"), Decimal("0"), decimals=0, tolerance=0.005)
    assert not checks.figure_disagrees(Decimal("0"), Decimal("0"), decimals=0, tolerance=0.005)


def test_people_and_persons_are_one_unit():
    # 13人 reported vs G-9's unit 名
    assert checks.same_unit("人", "名")
    assert not checks.same_unit("万人", "人")
