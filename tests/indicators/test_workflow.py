"""The review workflow: draft → submitted → approved, or returned with a comment; approved values
are locked; a closed year takes no edit until reopened; the reviewer's queue; many at once."""

from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.entry import selectors as entry_selectors
from indicators.entry import services
from indicators.models import Actual, TaskReport, WorkflowState, YearClosure
from indicators.progress import batching
from tests.indicators.entry_world import YEAR, make_world, submitted_actual

pytestmark = pytest.mark.django_db
D, S, A, R = (
    WorkflowState.DRAFT,
    WorkflowState.SUBMITTED,
    WorkflowState.APPROVED,
    WorkflowState.RETURNED,
)


@pytest.fixture
def w(db):
    return make_world()


@pytest.fixture
def recomputes(monkeypatch):
    """The indicator ids every write asked the progress engine to recompute."""
    calls = []
    monkeypatch.setattr(
        batching,
        "request_recompute",
        lambda *, indicator_ids, periods=True: calls.append(list(indicator_ids)),
    )
    return calls


def draft(w, value="10", indicator=None):
    return services.actual_save(
        user=w.county,
        indicator=indicator or w.count,
        region=w.county_region,
        year=YEAR,
        value=value,
    )


def test_it_walks_a_value_from_draft_to_approved_bumping_the_version_each_step(w, recomputes):
    actual = draft(w)
    assert (actual.state, actual.version, actual.entered_by) == (D, 1, w.county)
    actual = services.review_submit(user=w.county, obj=actual)
    assert (actual.state, actual.version) == (S, 2)
    assert actual.submitted_at is not None
    actual = services.review_approve(user=w.reviewer, obj=actual)
    assert (actual.state, actual.version, actual.reviewed_by) == (A, 3, w.reviewer)
    assert actual.reviewed_at is not None
    # Every step asked for a recompute of the indicator
    assert recomputes == [[w.count.pk]] * 3


def test_it_locks_an_approved_value_against_every_change(w):
    actual = services.review_approve(
        user=w.reviewer, obj=submitted_actual(w, w.count, w.county_region, YEAR, "10")
    )
    with pytest.raises(services.Locked) as info:
        services.actual_save(
            user=w.county, indicator=w.count, region=w.county_region, year=YEAR, value="11"
        )
    assert info.value.code == "locked" and "锁定" in info.value.message
    with pytest.raises(services.Locked):
        services.review_submit(user=w.county, obj=actual)
    with pytest.raises(services.InvalidState):
        services.review_approve(user=w.reviewer, obj=actual)
    # The administrator is held to the lock too
    with pytest.raises(services.Locked):
        services.actual_save(
            user=w.admin, indicator=w.count, region=w.county_region, year=YEAR, value="11"
        )
    actual.refresh_from_db()
    assert (actual.value, actual.state, actual.version) == (Decimal(10), A, 3)


def test_it_returns_a_submitted_value_with_the_reviewers_comment(w):
    actual = submitted_actual(w, w.count, w.county_region, YEAR, "10")
    actual = services.review_return(user=w.reviewer, obj=actual, comment="与统计公报不一致，请核对")
    assert (actual.state, actual.review_comment, actual.reviewed_by) == (
        R,
        "与统计公报不一致，请核对",
        w.reviewer,
    )


def test_it_refuses_to_return_without_a_comment(w):
    actual = submitted_actual(w, w.count, w.county_region, YEAR, "10")
    with pytest.raises(services.ValidationFailed) as info:
        services.review_return(user=w.reviewer, obj=actual, comment="  ")
    assert "审核意见" in info.value.details["comment"][0]
    actual.refresh_from_db()
    assert actual.state == S


def test_it_puts_a_returned_value_back_to_draft_when_corrected_and_lets_it_be_resubmitted(w):
    actual = services.review_return(
        user=w.reviewer,
        obj=submitted_actual(w, w.count, w.county_region, YEAR, "10"),
        comment="请核对",
    )
    corrected = services.actual_save(
        user=w.county, indicator=w.count, region=w.county_region, year=YEAR, value="12"
    )
    assert (corrected.pk, corrected.state, corrected.value) == (actual.pk, D, Decimal(12))
    assert (
        corrected.review_comment == "请核对"
    )  # kept until the next review, so the enterer sees why
    assert services.review_submit(user=w.county, obj=corrected).state == S


def test_it_lets_a_returned_value_be_resubmitted_unchanged(w):
    actual = services.review_return(
        user=w.reviewer,
        obj=submitted_actual(w, w.count, w.county_region, YEAR, "10"),
        comment="请补充来源",
    )
    assert services.review_submit(user=w.county, obj=actual).state == S


def test_it_unlocks_an_approved_value_only_by_a_reviewers_return(w):
    actual = services.review_approve(
        user=w.reviewer, obj=submitted_actual(w, w.count, w.county_region, YEAR, "10")
    )
    actual = services.review_return(user=w.reviewer, obj=actual, comment="统计局修订了数据")
    assert actual.state == R
    assert services.actual_save(
        user=w.county, indicator=w.count, region=w.county_region, year=YEAR, value="11"
    ).value == Decimal(11)


def test_it_refuses_to_change_a_submitted_value_until_the_enterer_withdraws_it(w):
    # Issue 14: a submitted value is read-only; a correction starts with 撤回 (test_withdraw.py).
    actual = submitted_actual(w, w.count, w.county_region, YEAR, "10")
    with pytest.raises(services.InvalidState) as info:
        services.actual_save(
            user=w.county, indicator=w.count, region=w.county_region, year=YEAR, value="11"
        )
    assert "撤回" in info.value.message
    actual.refresh_from_db()
    assert (actual.state, actual.value) == (S, Decimal("10"))
    services.review_withdraw(user=w.county, obj=actual)
    corrected = services.actual_save(
        user=w.county, indicator=w.count, region=w.county_region, year=YEAR, value="11"
    )
    assert (corrected.pk, corrected.state, corrected.value) == (actual.pk, D, Decimal("11"))


def test_it_keeps_a_submitted_value_submitted_when_saved_unchanged(w):
    actual = submitted_actual(w, w.count, w.county_region, YEAR, "10")
    again = services.actual_save(
        user=w.county, indicator=w.count, region=w.county_region, year=YEAR, value="10"
    )
    assert (again.state, again.version) == (S, actual.version)


def test_it_does_not_bump_the_version_when_a_save_changes_nothing(w):
    first = draft(w)
    assert draft(w).version == first.version == 1


@pytest.mark.parametrize("state", ["draft", "returned"])
def test_it_refuses_to_approve_what_was_not_submitted(w, state):
    actual = draft(w)
    if state == "returned":
        actual = services.review_return(
            user=w.reviewer,
            obj=services.review_submit(user=w.county, obj=actual),
            comment="请核对",
        )
    with pytest.raises(services.InvalidState) as info:
        services.review_approve(user=w.reviewer, obj=actual)
    assert info.value.code == "invalid_state"


def test_it_refuses_to_return_a_draft_or_to_submit_twice(w):
    actual = draft(w)
    with pytest.raises(services.InvalidState):
        services.review_return(user=w.reviewer, obj=actual, comment="请核对")
    actual = services.review_submit(user=w.county, obj=actual)
    with pytest.raises(services.InvalidState):
        services.review_submit(user=w.county, obj=actual)


# --- closed years ----------------------------------------------------------------------------
def test_it_closes_a_year_against_every_change_until_reopened(w):
    actual = services.review_approve(
        user=w.reviewer, obj=submitted_actual(w, w.count, w.county_region, YEAR, "10")
    )
    other = draft(w, indicator=w.share, value="2.5")
    closure = services.year_close(user=w.reviewer, year=YEAR)
    assert closure.closed_by == w.reviewer
    checks = [
        lambda: services.actual_save(
            user=w.county, indicator=w.money, region=w.county_region, year=YEAR, value="1"
        ),
        lambda: services.actual_save(
            user=w.admin, indicator=w.share, region=w.county_region, year=YEAR, value="3"
        ),
        lambda: services.review_submit(user=w.county, obj=other),
        lambda: services.review_return(user=w.reviewer, obj=actual, comment="请核对"),
        lambda: services.task_report_save(
            user=w.bureau,
            task=w.task,
            unit=w.bureau_unit,
            year=YEAR,
            period=0,
            status="on_schedule",
            percent=10,
            text="",
        ),
    ]
    for check in checks:
        with pytest.raises(services.Locked) as info:
            check()
        assert "已关闭" in info.value.message
    # Other years stay open
    assert (
        services.actual_save(
            user=w.county, indicator=w.count, region=w.county_region, year=YEAR - 1, value="9"
        ).state
        == D
    )
    services.year_reopen(user=w.reviewer, year=YEAR)
    assert not YearClosure.objects.exists()
    assert services.review_submit(user=w.county, obj=other).state == S


def test_it_refuses_to_close_a_year_while_values_wait_for_review(w):
    submitted_actual(w, w.count, w.county_region, YEAR, "10")
    with pytest.raises(services.InvalidState) as info:
        services.year_close(user=w.reviewer, year=YEAR)
    assert "1 条数值" in info.value.message
    assert not YearClosure.objects.exists()


def test_it_refuses_to_close_twice_or_reopen_an_open_year(w):
    with pytest.raises(services.InvalidState):
        services.year_reopen(user=w.reviewer, year=YEAR)
    services.year_close(user=w.reviewer, year=YEAR)
    with pytest.raises(services.InvalidState):
        services.year_close(user=w.admin, year=YEAR)


def test_it_shows_a_closed_year_read_only_on_the_entry_page(client, w):
    draft(w)
    services.year_close(user=w.reviewer, year=YEAR)
    client.force_login(w.county)
    body = client.get(reverse("entry:home") + f"?year={YEAR}").content.decode()
    assert "年度已关闭" in body
    assert f'name="r{w.count.pk}-value"' not in body
    assert "提交审核</button>" not in body


def test_it_closes_and_reopens_a_year_from_the_years_page(client, w):
    client.force_login(w.reviewer)
    client.post(reverse("entry:years"), {"action": "close", "year": YEAR, "confirm": "1"})
    assert YearClosure.objects.filter(year=YEAR).exists()
    page = client.get(reverse("entry:years")).content.decode()
    assert "已关闭" in page and "重新开启" in page
    client.post(reverse("entry:years"), {"action": "reopen", "year": YEAR})
    assert not YearClosure.objects.exists()


# --- the queue and review of many ------------------------------------------------------------
def test_it_lists_the_queue_oldest_submission_first(w, client):
    first = submitted_actual(w, w.count, w.county_region, YEAR, "10")
    second = submitted_actual(w, w.share, w.city, YEAR, "2.7")
    third = submitted_actual(w, w.money, w.county_region, YEAR, "5")
    Actual.objects.filter(pk=second.pk).update(
        submitted_at=first.submitted_at.replace(year=YEAR)
    )  # oldest
    draft(w, indicator=w.growth, value="5")  # drafts do not wait for review
    queue = list(entry_selectors.review_queue())
    assert [a.pk for a in queue] == [second.pk, first.pk, third.pk]
    client.force_login(w.reviewer)
    body = client.get(reverse("entry:review_queue")).content.decode()
    assert (
        body.index(f'value="{second.pk}"')
        < body.index(f'value="{first.pk}"')
        < body.index(f'value="{third.pk}"')
    )


def test_it_approves_many_at_once(w):
    a = submitted_actual(w, w.count, w.county_region, YEAR, "10")
    b = submitted_actual(w, w.share, w.county_region, YEAR, "2.5")
    done = services.review_many(user=w.reviewer, model=Actual, ids=[a.pk, b.pk], action="approve")
    assert {x.state for x in done} == {A}
    assert set(Actual.objects.values_list("state", flat=True)) == {A}


def test_it_returns_many_at_once_with_one_comment(w):
    a = submitted_actual(w, w.count, w.county_region, YEAR, "10")
    b = submitted_actual(w, w.share, w.county_region, YEAR, "2.5")
    services.review_many(
        user=w.reviewer, model=Actual, ids=[a.pk, b.pk], action="return", comment="请补充来源"
    )
    assert set(Actual.objects.values_list("state", "review_comment")) == {(R, "请补充来源")}


def test_it_reviews_many_all_or_nothing(w):
    # Given two submitted values and a draft selected together
    a = submitted_actual(w, w.count, w.county_region, YEAR, "10")
    b = submitted_actual(w, w.share, w.county_region, YEAR, "2.5")
    c = draft(w, indicator=w.money, value="3")
    # When they are approved at once, Then nothing is approved and the draft is named
    with pytest.raises(services.ValidationFailed) as info:
        services.review_many(
            user=w.reviewer, model=Actual, ids=[a.pk, b.pk, c.pk], action="approve"
        )
    assert list(info.value.details) == [str(c.pk)]
    assert "草稿" in info.value.details[str(c.pk)][0]
    assert sorted(Actual.objects.values_list("state", flat=True)) == sorted([S, S, D])


def test_it_refuses_to_return_many_without_a_comment(w):
    a = submitted_actual(w, w.count, w.county_region, YEAR, "10")
    with pytest.raises(services.ValidationFailed):
        services.review_many(user=w.reviewer, model=Actual, ids=[a.pk], action="return")
    with pytest.raises(services.ValidationFailed):
        services.review_many(user=w.reviewer, model=Actual, ids=[], action="approve")
    with pytest.raises(services.ValidationFailed):
        services.review_many(user=w.reviewer, model=Actual, ids=[a.pk], action="delete")


def test_it_approves_the_selected_rows_from_the_queue_page(client, w):
    a = submitted_actual(w, w.count, w.county_region, YEAR, "10")
    b = submitted_actual(w, w.share, w.county_region, YEAR, "2.5")
    client.force_login(w.reviewer)
    response = client.post(
        reverse("entry:review_queue"), {"kind": "actuals", "action": "approve", "ids": [a.pk]}
    )
    assert response.status_code == 302
    assert dict(Actual.objects.values_list("pk", "state")) == {a.pk: A, b.pk: S}


def test_it_shows_why_a_return_from_the_queue_page_was_refused(client, w):
    a = submitted_actual(w, w.count, w.county_region, YEAR, "10")
    client.force_login(w.reviewer)
    response = client.post(
        reverse("entry:review_queue"),
        {"kind": "actuals", "action": "return", "ids": [a.pk], "comment": ""},
    )
    assert response.status_code == 200
    assert "退回时请填写审核意见" in response.content.decode()
    a.refresh_from_db()
    assert a.state == S


def test_it_submits_the_pages_drafts_from_the_entry_page(client, w):
    draft(w)
    client.force_login(w.county)
    p = f"r{w.share.pk}"
    response = client.post(
        reverse("entry:home") + f"?year={YEAR}",
        {
            "year": YEAR,
            "action": "submit",
            f"{p}-value": "2.5",
            f"{p}-version": "0",
            f"r{w.count.pk}-value": "10",
            f"r{w.count.pk}-version": "1",
        },
    )
    assert response.status_code == 302
    assert set(Actual.objects.values_list("state", flat=True)) == {S}


def test_it_shows_the_workflow_steps_on_the_values_page(client, w):
    actual = submitted_actual(w, w.count, w.county_region, YEAR, "10")
    client.force_login(w.reviewer)
    page = client.get(reverse("entry:actual_detail", args=[actual.pk])).content.decode()
    assert "审核通过</button>" in page
    client.post(
        reverse("entry:actual_detail", args=[actual.pk]),
        {"action": "approve", "version": actual.version},
    )
    actual.refresh_from_db()
    assert actual.state == A
    client.force_login(w.county)
    page = client.get(reverse("entry:actual_detail", args=[actual.pk])).content.decode()
    assert "已审核通过并锁定" in page
    assert "提交审核</button>" not in page


def test_it_keeps_task_reports_in_the_queue_too(client, w):
    report = services.task_report_save(
        user=w.bureau,
        task=w.task,
        unit=w.bureau_unit,
        year=YEAR,
        period=0,
        status="on_schedule",
        percent=40,
        text="推进中",
    )
    services.review_submit(user=w.bureau, obj=report)
    client.force_login(w.reviewer)
    assert "建设高能级创新平台" in client.get(reverse("entry:review_queue")).content.decode()
    client.post(
        reverse("entry:review_queue"), {"kind": "reports", "action": "approve", "ids": [report.pk]}
    )
    assert TaskReport.objects.get().state == A


def test_it_asks_for_one_recompute_per_indicator_when_reviewing_many(w, recomputes):
    a = submitted_actual(w, w.count, w.county_region, YEAR, "10")
    b = submitted_actual(w, w.count, w.city, YEAR - 1, "12")
    c = submitted_actual(w, w.share, w.county_region, YEAR, "2.5")
    recomputes.clear()
    services.review_many(user=w.reviewer, model=Actual, ids=[a.pk, b.pk, c.pk], action="approve")
    assert recomputes == [sorted([w.count.pk, w.share.pk])]


def test_it_asks_for_one_recompute_per_indicator_for_an_import(w, recomputes):
    rows = [
        {"indicator": "K4", "region": "温州市", "year": YEAR, "value": "4000"},
        {"indicator": "K4", "region": "鹿城区", "year": YEAR, "value": "400"},
    ]
    services.actuals_import(user=w.admin, rows=rows, submit=True)
    assert recomputes == [[w.count.pk]]


def test_it_asks_for_no_recompute_when_a_batch_is_refused(w, recomputes):
    rows = [
        {"indicator": "K4", "region": "鹿城区", "year": YEAR, "value": "400"},
        {"indicator": "K1", "region": "鹿城区", "year": YEAR, "value": "400"},  # a share over 100
    ]
    with pytest.raises(services.ImportRejected):
        services.actuals_import(user=w.county, rows=rows)
    assert recomputes == []
