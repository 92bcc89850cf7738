"""One review workflow for every Reviewable: the same generic services (and the same admin mixin)
move an actual and a task report through submit, approve, return, conflicts and review-many."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from indicators.entry import services
from indicators.entry.services.workflow import spec_for
from indicators.models import Actual, TaskReport, WorkflowState
from tests.indicators.entry_world import YEAR, make_world

pytestmark = pytest.mark.django_db
D, S, A, R = (
    WorkflowState.DRAFT,
    WorkflowState.SUBMITTED,
    WorkflowState.APPROVED,
    WorkflowState.RETURNED,
)
MODELS = [Actual, TaskReport]


@pytest.fixture
def w(db):
    return make_world()


def entrant(w, model):
    """Who enters rows of the model in this world: the county for 鹿城区's actual, the bureau
    for the report of the task it leads."""
    return w.county if model is Actual else w.bureau


def changes(w, model, n: int = 0) -> dict:
    """The save service's arguments of one row of the model; `n` picks another row."""
    if model is Actual:
        indicator = [w.count, w.money][n]
        return {"indicator": indicator, "region": w.county_region, "year": YEAR, "value": "10"}
    return {
        "task": [w.task, w.task][n],
        "unit": w.bureau_unit,
        "year": YEAR,
        "period": n,
        "status": "on_schedule",
        "percent": "40",
        "text": "推进中",
    }


def draft(w, model, n: int = 0):
    return services.save_and_submit(
        user=entrant(w, model), model=model, changes=changes(w, model, n)
    ).obj


def reasons(obj) -> list[str]:
    return list(
        obj.history.order_by("history_date", "history_id").values_list(
            "history_change_reason", flat=True
        )
    )


@pytest.mark.parametrize("model", MODELS)
def test_it_submits_then_approves_a_row_of_either_model(w, model):
    # Given a draft
    row = draft(w, model)
    assert (row.state, row.version) == (D, 1)
    # When its author submits it and a reviewer approves it
    row = services.review_submit(user=entrant(w, model), obj=row)
    row = services.review_approve(user=w.reviewer, obj=row, expected_version=2)
    # Then it is saved approved, locked, with who and when, one version per step
    saved = model.objects.get(pk=row.pk)
    assert (saved.state, saved.version, saved.reviewed_by) == (A, 3, w.reviewer)
    assert saved.submitted_at is not None and saved.reviewed_at is not None
    assert saved.review_comment == ""
    by_form = "表单：" if model is Actual else ""  # an actual's history names the path it came by
    assert reasons(saved) == [f"{by_form}新建草稿", f"{by_form}提交审核", "审核通过"]
    with pytest.raises(services.Locked):
        services.review_submit(user=entrant(w, model), obj=saved)


@pytest.mark.parametrize("model", MODELS)
def test_it_returns_a_row_of_either_model_with_the_reviewers_comment(w, model):
    # Given a submitted row
    row = services.review_submit(user=entrant(w, model), obj=draft(w, model))
    # When the reviewer returns it with a comment
    services.review_return(user=w.reviewer, obj=row, comment="  请补充数据来源  ")
    # Then it is saved returned, with the comment (trimmed) and the reviewer
    saved = model.objects.get(pk=row.pk)
    assert (saved.state, saved.review_comment, saved.reviewed_by) == (
        R,
        "请补充数据来源",
        w.reviewer,
    )
    assert saved.version == 3
    assert reasons(saved)[-1] == "退回：请补充数据来源"
    # And the author may submit it again as it is
    assert services.review_submit(user=entrant(w, model), obj=saved).state == S


@pytest.mark.parametrize("model", MODELS)
def test_it_refuses_a_return_without_a_comment_or_with_an_overlong_one(w, model):
    row = services.review_submit(user=entrant(w, model), obj=draft(w, model))
    for comment in ("   ", "改" * 2001):
        with pytest.raises(services.ValidationFailed) as info:
            services.review_return(user=w.reviewer, obj=row, comment=comment)
        assert "comment" in info.value.details
    assert model.objects.get(pk=row.pk).state == S


@pytest.mark.parametrize("model", MODELS)
def test_it_refuses_a_step_on_a_version_the_caller_did_not_see(w, model):
    # Given a row submitted (version 2) and returned (version 3)
    row = services.review_submit(user=entrant(w, model), obj=draft(w, model))
    services.review_return(user=w.reviewer, obj=row, comment="请核对")
    # When a second reviewer approves from a page that showed version 2
    with pytest.raises(services.EditConflict) as info:
        services.review_approve(user=w.admin, obj=row, expected_version=2)
    # Then nothing is saved, and the error carries the newer row
    assert info.value.current.version == 3
    assert info.value.current.state == R
    saved = model.objects.get(pk=row.pk)
    assert (saved.state, saved.version, saved.reviewed_by) == (R, 3, w.reviewer)
    assert spec_for(model).what in info.value.message


@pytest.mark.parametrize("model", MODELS)
def test_it_reviews_many_rows_of_either_model_all_or_none(w, model):
    # Given two submitted rows
    first = services.review_submit(user=entrant(w, model), obj=draft(w, model, 0))
    second = services.review_submit(user=entrant(w, model), obj=draft(w, model, 1))
    # When a return names a stale version of the second
    with pytest.raises(services.EditConflict):
        services.review_many(
            user=w.reviewer,
            model=model,
            ids=[first.pk, second.pk],
            action="return",
            comment="请核对",
            expected_versions={second.pk: 1},
        )
    # Then neither is returned
    assert set(model.objects.values_list("state", flat=True)) == {S}
    # When both are approved at once
    done = services.review_many(
        user=w.reviewer, model=model, ids=[second.pk, first.pk], action="approve"
    )
    # Then both are saved approved, in id order
    assert [row.pk for row in done] == sorted([first.pk, second.pk])
    assert list(model.objects.values_list("state", "reviewed_by")) == [
        (A, w.reviewer.pk),
        (A, w.reviewer.pk),
    ]


@pytest.mark.parametrize("model", MODELS)
def test_it_refuses_review_steps_to_anyone_but_a_reviewer(w, model):
    row = services.review_submit(user=entrant(w, model), obj=draft(w, model))
    with pytest.raises(services.PermissionDenied):
        services.review_approve(user=entrant(w, model), obj=row)
    with pytest.raises(services.PermissionDenied):
        services.review_many(user=w.leader, model=model, ids=[row.pk], action="approve")
    assert model.objects.get(pk=row.pk).state == S


@pytest.mark.parametrize("model", MODELS)
def test_it_saves_and_submits_in_one_step_and_says_what_it_did(w, model):
    # When a new row is saved and submitted at once
    saved = services.save_and_submit(
        user=entrant(w, model), model=model, changes=changes(w, model), submit=True
    )
    # Then it was created and submitted: two versions, two history records
    assert (saved.created, saved.changed, saved.submitted) == (True, True, True)
    row = model.objects.get(pk=saved.obj.pk)
    assert (row.state, row.version, row.entered_by) == (S, 2, entrant(w, model))
    # When the same is saved and submitted again
    again = services.save_and_submit(
        user=entrant(w, model), model=model, changes=changes(w, model), current=row, submit=True
    )
    # Then nothing changes: a submitted row is neither withdrawn nor submitted twice
    assert (again.created, again.changed, again.submitted) == (False, False, False)
    assert model.objects.get(pk=row.pk).version == 2


@pytest.mark.parametrize("model", MODELS)
def test_it_refuses_a_save_and_submit_to_someone_who_may_not_enter_and_saves_nothing(w, model):
    with pytest.raises(services.PermissionDenied):
        services.save_and_submit(
            user=w.reviewer, model=model, changes=changes(w, model), submit=True
        )
    assert not model.objects.exists()


# --- the admin mixin -------------------------------------------------------------------------
def _admin_user(user):
    """Give the account the admin and Django's model permissions, so only the rules can stop it."""
    user.is_staff = True
    user.save()
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="indicators"))
    return user


def _admin_form(w, model) -> dict:
    data = {k: (v.pk if hasattr(v, "pk") else v) for k, v in changes(w, model).items()}
    return {**data, "expected_version": "0", "submit_for_review": "on", "_save": "保存"}


@pytest.mark.parametrize("model", MODELS)
def test_it_saves_and_submits_through_the_admin_of_either_model(client, w, model):
    # Given the row's author in the admin
    client.force_login(_admin_user(entrant(w, model)))
    name = model._meta.model_name
    # When they add a row with "保存后提交审核" ticked
    response = client.post(reverse(f"admin:indicators_{name}_add"), _admin_form(w, model))
    # Then it is saved and submitted by the service, with its history
    assert response.status_code == 302
    row = model.objects.get()
    assert (row.state, row.version, row.entered_by) == (S, 2, entrant(w, model))
    assert reasons(row)[-1].endswith("提交审核")


@pytest.mark.parametrize("model", MODELS)
def test_it_shows_a_refused_admin_save_beside_the_form_and_saves_nothing(client, w, model):
    client.force_login(_admin_user(w.reviewer))  # reviews, does not enter
    name = model._meta.model_name
    response = client.post(reverse(f"admin:indicators_{name}_add"), _admin_form(w, model))
    assert response.status_code == 200
    assert "没有权限" in response.content.decode()
    assert not model.objects.exists()


@pytest.mark.parametrize("model", MODELS)
def test_it_submits_and_approves_with_the_admin_actions_of_either_model(client, w, model):
    # Given two drafts
    rows = [draft(w, model, 0), draft(w, model, 1)]
    changelist = reverse(f"admin:indicators_{model._meta.model_name}_changelist")
    ids = [str(row.pk) for row in rows]
    # When the author submits them from the list and a reviewer approves them
    client.force_login(_admin_user(entrant(w, model)))
    assert (
        f"提交所选{model._meta.verbose_name_plural}审核" in client.get(changelist).content.decode()
    )
    client.post(changelist, {"action": "submit_selected", "_selected_action": ids})
    assert set(model.objects.values_list("state", flat=True)) == {S}
    client.force_login(_admin_user(w.reviewer))
    client.post(changelist, {"action": "approve_selected", "_selected_action": ids})
    # Then both are saved approved by the reviewer
    assert list(model.objects.values_list("state", "reviewed_by")) == [
        (A, w.reviewer.pk),
        (A, w.reviewer.pk),
    ]
