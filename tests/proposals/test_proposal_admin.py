"""The admin writes the proposals area through its services: real POSTs, as a browser sends them.

Issue 10: a commitment's status edited in the admin skipped the rules and `status_changed_at`;
a reply's text edited there left the search index stale.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.urls import reverse

from proposals.models import Commitment, Reply, ReportedFigure
from proposals.search import filter_by_text
from proposals.tracking import refresh_commitments
from tests.factories import ActualFactory, IndicatorFactory, UserFactory

from .factories import CommitmentFactory, ReplyFactory, ReportedFigureFactory, city_region
from .formscrape import form_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    return client


def change_form(client, obj) -> tuple[str, dict[str, str]]:
    """The change page's URL and its form's fields as a browser would post them back."""
    meta = obj._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    response = client.get(url)
    assert response.status_code == 200
    return url, form_fields(response.content.decode(), f"{meta.model_name}_form")


def post(client, url, data):
    response = client.post(url, data)
    errors = response.context["errors"] if response.status_code == 200 else None
    return response, errors


def found(query: str) -> set[str]:
    return set(filter_by_text(Reply.objects.all(), query).values_list("doc_number", flat=True))


# --------------------------------------------------------------------------- commitments


def test_an_admin_status_edit_sets_status_changed_at_and_writes_history(admin_client):
    # Given a pending commitment no indicator measures (kept only by hand)
    commitment = CommitmentFactory()
    assert commitment.status_changed_at is None
    # When the administrator marks it fulfilled, with evidence, on its admin page
    url, data = change_form(admin_client, commitment)
    data.update(status=Commitment.Status.FULFILLED, evidence="已新增孵化面积185万平方米")
    response, errors = post(admin_client, url, data)
    assert response.status_code == 302, errors
    # Then the status service ran: it is reported by the administrator (another reviewer
    # confirms it: four eyes), status_changed_at is set and the history says who
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.REPORTED
    assert commitment.status_changed_at is not None
    assert commitment.reported_by.username == "admin"
    latest = commitment.history.first()
    assert (latest.status, latest.history_user.username) == (Commitment.Status.REPORTED, "admin")
    assert latest.history_change_reason == "报告落实"


def test_an_admin_status_the_rules_refuse_is_shown_and_nothing_is_saved(admin_client):
    # Given a pending commitment; When the administrator sets it overdue by hand, or fulfilled
    # without evidence
    commitment = CommitmentFactory()
    url, data = change_form(admin_client, commitment)
    for status, evidence, message in [
        (Commitment.Status.OVERDUE, "", "只能手工标记为"),
        (Commitment.Status.FULFILLED, "", "报告已落实时请填写落实依据"),
    ]:
        response, _ = post(admin_client, url, {**data, "status": status, "evidence": evidence})
        # Then the form shows the service's message and the commitment is as it was
        assert response.status_code == 200
        assert message in response.content.decode()
        commitment.refresh_from_db()
        assert commitment.status == Commitment.Status.PENDING
        assert commitment.history.count() == 1  # its creation only


def test_an_inline_status_edit_on_the_reply_page_goes_through_the_service(admin_client):
    # Given a reply with one pending commitment
    commitment = CommitmentFactory(evidence="已建成3个孵化器")
    url, data = change_form(admin_client, commitment.reply)
    assert data["commitments-0-status"] == Commitment.Status.PENDING
    # When its status is changed in the reply page's inline
    data["commitments-0-status"] = Commitment.Status.IN_PROGRESS
    response, errors = post(admin_client, url, data)
    assert response.status_code == 302, errors
    # Then status_changed_at is set and the change is in its history
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.IN_PROGRESS
    assert commitment.status_changed_at is not None
    assert commitment.history.first().history_user.username == "admin"


def test_an_admin_quantity_edit_judges_the_commitment_again(admin_client):
    # Given ≥250 (万平方米) linked to an indicator whose approved 2023 actual is 200: overdue
    city = city_region()
    indicator = IndicatorFactory(unit_of_measure="万平方米")
    ActualFactory(indicator=indicator, region=city, year=2023, value=Decimal("200"))
    commitment = CommitmentFactory(indicator=indicator, quantity=Decimal("250"))
    refresh_commitments(today=dt.date(2024, 1, 1))
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.OVERDUE
    # When the administrator corrects the quantity to the printed 180
    url, data = change_form(admin_client, commitment)
    data["quantity"] = "180"
    response, errors = post(admin_client, url, data)
    assert response.status_code == 302, errors
    # Then tracking judged it again: 200 ≥ 180, fulfilled, with the actual as evidence
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.FULFILLED
    assert "200" in commitment.evidence


def test_a_commitment_added_in_the_admin_is_numbered_read_and_judged(admin_client):
    # Given a reply of 2023; When a commitment with a quantity but no deadline is added
    reply = ReplyFactory()
    response = admin_client.post(
        reverse("admin:proposals_commitment_add"),
        {
            "reply": reply.pk,
            "number": "1",
            "text": "新增孵化面积180万平方米以上。",
            "quantity": "180",
            "unit_of_measure": "万平方米",
            "comparator": "gte",
            "responsible_unit": reply.handling_unit.pk,
            "status": Commitment.Status.PENDING,
        },
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    # Then the import's rules filled the deadline (the end of the reply's year), and tracking
    # judged it at once: the deadline has passed with no actual, so it is overdue
    added = reply.commitments.get()
    assert added.deadline == dt.date(2023, 12, 31)
    assert added.status == Commitment.Status.OVERDUE
    assert added.history.last().history_user.username == "admin"


def test_a_staff_account_without_a_role_cannot_change_a_commitment(client):
    # Given a staff account with Django's change permission but no role in wzsci
    user = UserFactory(is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["change_commitment", "view_commitment"])
    )
    client.force_login(user)
    commitment = CommitmentFactory()
    # When it edits the commitment's text, Then the service refuses and nothing changes
    url, data = change_form(client, commitment)
    response, _ = post(client, url, {**data, "text": "改过的承诺"})
    assert response.status_code == 200
    assert "只有审核员、系统管理员和承办单位的工作人员可以修改提案答复" in response.content.decode()
    commitment.refresh_from_db()
    assert commitment.text != "改过的承诺"


# --------------------------------------------------------------------------- replies, proposals


def test_an_admin_edit_of_a_replys_text_is_found_by_the_search(admin_client):
    # Given a reply whose text does not speak of incubators
    reply = ReplyFactory(full_text="答复全文。")
    assert reply.doc_number not in found("孵化器")
    # When the administrator corrects its text in the admin
    url, data = change_form(admin_client, reply)
    data["full_text"] = "我市新建省级孵化器3家，新增孵化面积180万平方米。"
    response, errors = post(admin_client, url, data)
    assert response.status_code == 302, errors
    # Then the search finds it by the new words
    assert reply.doc_number in found("孵化器")
    assert reply.doc_number in found("孵化面积")


def test_an_admin_edit_of_a_proposals_title_is_found_in_its_replies(admin_client):
    reply = ReplyFactory(full_text="答复全文。")
    url, data = change_form(admin_client, reply.proposal)
    data["title"] = "关于加快科技企业孵化器建设的提案"
    response, errors = post(admin_client, url, data)
    assert response.status_code == 302, errors
    assert reply.doc_number in found("孵化器建设")


def test_a_reply_added_in_the_admin_is_indexed(admin_client):
    proposal = ReplyFactory().proposal
    unit = proposal.replies.get().handling_unit
    response = admin_client.post(
        reverse("admin:proposals_reply_add"),
        {
            "proposal": proposal.pk,
            "doc_number": "温科提复〔2024〕7号",
            "handling_unit": unit.pk,
            "signed_on": "2024-05-20",
            "contact_phones": "[]",
            "copy_to": "[]",
            "full_text": "关于揭榜挂帅项目的答复。",
        },
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    reply = Reply.objects.get(doc_number="温科提复〔2024〕7号")
    assert reply.created_by.username == "admin"
    assert reply.doc_number in found("揭榜挂帅")


def test_an_issued_date_before_the_signing_date_is_refused(admin_client):
    reply = ReplyFactory()
    url, data = change_form(admin_client, reply)
    data["issued_on"] = "2023-06-01"  # signed 2023-06-20
    response, _ = post(admin_client, url, data)
    assert response.status_code == 200
    assert "印发日期不能早于签发日期" in response.content.decode()


# --------------------------------------------------------------------------- reported figures


def test_a_figure_in_another_unit_than_its_indicator_is_refused(admin_client):
    # Given a reported figure of 152 万平方米, and an indicator counted in 家
    figure = ReportedFigureFactory()
    indicator = IndicatorFactory(unit_of_measure="家")
    url, data = change_form(admin_client, figure)
    # When the administrator links the figure to it, Then the import's rule refuses it
    response, _ = post(admin_client, url, {**data, "indicator": indicator.pk})
    assert response.status_code == 200
    assert "无法对照实际值" in response.content.decode()
    # And a correction the rules accept is saved
    response, errors = post(admin_client, url, {**data, "value": "153"})
    assert response.status_code == 302, errors
    figure.refresh_from_db()
    assert figure.value == Decimal("153")


def test_deleting_a_commitment_in_the_admin_records_who(admin_client):
    commitment = CommitmentFactory()
    url = reverse("admin:proposals_commitment_delete", args=[commitment.pk])
    response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not Commitment.objects.filter(pk=commitment.pk).exists()
    deleted = Commitment.history.filter(id=commitment.pk).first()
    assert (deleted.history_type, deleted.history_user.username) == ("-", "admin")


def test_inline_rows_are_added_and_deleted_through_the_services(admin_client):
    # Given a reply with one commitment and one reported figure
    commitment = CommitmentFactory(number=1)
    reply = commitment.reply
    figure = ReportedFigureFactory(reply=reply, number=1)
    url, data = change_form(admin_client, reply)
    # When a second commitment without a quantity is added and the figure deleted
    data.update(
        {
            "commitments-TOTAL_FORMS": "2",
            "commitments-1-number": "2",
            "commitments-1-text": "持续优化孵化服务。",
            "commitments-1-status": Commitment.Status.PENDING,
            "reported_figures-0-DELETE": "on",
        }
    )
    response, errors = post(admin_client, url, data)
    assert response.status_code == 302, errors
    # Then the new commitment is not measurable (no quantity), its history says who added it,
    # the figure is gone, and the admin's log names both changes
    added = reply.commitments.get(number=2)
    assert added.status == Commitment.Status.NOT_MEASURABLE
    assert added.history.first().history_user.username == "admin"
    assert not ReportedFigure.objects.filter(pk=figure.pk).exists()
    log = LogEntry.objects.get(object_id=str(reply.pk))
    assert "承诺事项" in log.get_change_message() and "报告数据" in log.get_change_message()
