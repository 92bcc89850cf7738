"""A person is named one way everywhere: 林晓 (family name first, no space) for a Chinese name,
"First Last" for others, the username when there is no name (issue 10: the dashboards showed
"晓 林" while the entry pages showed "林晓")."""

import pytest
from django.urls import reverse
from django.utils import timezone

from common.people import display_name
from indicators.models import Actual, Indicator, Region, WorkflowState
from indicators.roles import Role
from tests.factories import make_person


class Someone:
    def __init__(self, first_name="", last_name="", username=""):
        self.first_name, self.last_name, self.username = first_name, last_name, username


def test_it_puts_a_chinese_family_name_first_with_no_space():
    assert display_name(Someone("晓", "林", "linxiao")) == "林晓"


def test_it_writes_other_names_first_name_first():
    assert display_name(Someone("Ada", "Lovelace", "ada")) == "Ada Lovelace"
    assert display_name(Someone("", "Lovelace", "ada")) == "Lovelace"


def test_it_falls_back_to_the_username_then_to_nobody():
    assert display_name(Someone(username="linxiao")) == "linxiao"
    assert display_name(None) == "—"
    assert display_name(None, nobody="系统") == "系统"


@pytest.fixture
def lin_xiao_submitted(seeded):
    """林晓, county staff of 鹿城区, has submitted a value for review."""
    lin = make_person(
        "linxiao", Role.COUNTY_STAFF, region="鹿城区", first_name="晓", last_name="林"
    )
    actual = Actual.objects.create(
        indicator=Indicator.objects.get(code="K4"),
        region=Region.objects.get(name="鹿城区"),
        year=2024,
        value=1234,
        state=WorkflowState.SUBMITTED,
        entered_by=lin,
        submitted_at=timezone.now(),
    )
    return lin, actual


@pytest.mark.django_db
def test_it_names_lin_xiao_the_same_on_the_dashboards_and_on_the_entry_pages(
    client, lin_xiao_submitted, leader, reviewer
):
    _, actual = lin_xiao_submitted
    # Given 林晓's submission, when leadership opens the overview (its "recent submissions")
    client.force_login(leader)
    overview = client.get(reverse("dashboards:overview"), {"year": 2024}).content.decode()
    # and a reviewer opens the review queue and the value's page
    client.force_login(reviewer)
    queue = client.get(reverse("entry:review_queue")).content.decode()
    detail = client.get(reverse("entry:actual_detail", args=[actual.pk])).content.decode()
    # Then every page names the submitter 林晓, none "晓 林"
    for page in (overview, queue, detail):
        assert "林晓" in page
        assert "晓 林" not in page


@pytest.mark.django_db
def test_it_names_the_signed_in_person_the_same_way_in_the_page_frame(client, lin_xiao_submitted):
    lin, _ = lin_xiao_submitted
    client.force_login(lin)
    page = client.get(reverse("dashboards:overview")).content.decode()
    assert '<span class="who">林晓</span>' in page
