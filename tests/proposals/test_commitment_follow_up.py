"""The next year's reply links back to the commitments it follows up: set by a reviewer on the
import's confirmation page or on the reply's page, shown on both replies' pages, the
commitment's page and the API."""

import datetime as dt

import pytest
from django.urls import reverse

from common.errors import PermissionDenied, ValidationFailed
from indicators.roles import Role
from proposals.models import Commitment
from proposals.services import commitment_evidence as evidence
from proposals.services import imports
from proposals.services.errors import ReplyImportRejected
from proposals.views import _follow_up_choices
from tests.factories import UnitFactory, make_person

from .factories import CommitmentFactory, ReplyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def science():
    return UnitFactory(name="市科技局")


@pytest.fixture
def staff(science):
    return make_person("sci-staff", Role.BUREAU_STAFF, unit=science)


@pytest.fixture
def unmeasured(science):
    return CommitmentFactory(
        reply=ReplyFactory(handling_unit=science),
        text="争取立项省级重点研发项目25项以上。",
        quantity=None,
        unit_of_measure="",
        comparator="",
        status=Commitment.Status.NOT_MEASURABLE,
    )


def test_next_years_reply_links_back_to_the_commitments_it_follows_up(
    client, staff, reviewer, unmeasured, science
):
    later = ReplyFactory(
        handling_unit=science,
        doc_number="温科提复〔2024〕12号",
        signed_on=dt.date(2024, 6, 1),
        issued_on=dt.date(2024, 6, 2),
    )
    # Unit staff may not set it; a commitment of a later reply cannot be followed up
    with pytest.raises(PermissionDenied):
        evidence.reply_follow_up(user=staff, reply=later, commitment_ids=[unmeasured.pk])
    with pytest.raises(ValidationFailed):
        evidence.reply_follow_up(
            user=reviewer,
            reply=unmeasured.reply,
            commitment_ids=[CommitmentFactory(reply=later).pk],
        )
    # When a reviewer links the 2024 reply to the 2023 commitment on the reply's page
    client.force_login(reviewer)
    page = client.get(reverse("proposals:detail", args=[later.pk])).content.decode()
    assert 'id="follow-up-form"' in page
    client.post(reverse("proposals:follow_up", args=[later.pk]), {"commitments": [unmeasured.pk]})
    # Then both replies' pages show the link, and so do the commitment's page and the API
    later_page = client.get(reverse("proposals:detail", args=[later.pk])).content.decode()
    assert unmeasured.reply.doc_number in later_page.split('id="follows-up-list"')[1]
    earlier_page = client.get(
        reverse("proposals:detail", args=[unmeasured.reply_id])
    ).content.decode()
    assert "后续答复" in earlier_page and "温科提复〔2024〕12号" in earlier_page
    commitment_page = client.get(
        reverse("proposals:commitment", args=[unmeasured.pk])
    ).content.decode()
    assert "温科提复〔2024〕12号" in commitment_page
    body = client.get(f"/api/v1/commitments/{unmeasured.pk}/").json()
    assert body["followed_up_by"] == [later.pk]


def test_a_reviewer_links_the_follow_up_when_importing_the_next_years_reply(seeded, reviewer):
    # Given 94号's commitment 12 (新增孵化面积180万平方米, 2023)
    earlier = Commitment.objects.get(reply__doc_number="温科提复〔2023〕94号", number=12)
    header = {
        "doc_number": "温科提复〔2024〕30号",
        "session": "市政协十二届三次会议",
        "proposal_number": "30",
        "proposer": "测试委员",
        "title": "关于继续推进孵化器建设的提案",
        "handling_unit": "温州市科学技术局",
        "signed_on": "2024-06-20",
        "issued_on": "2024-06-21",
        "full_text": "答复全文。",
    }
    # When a wrong link is given (a commitment of no earlier reply), Then nothing is saved
    with pytest.raises(ReplyImportRejected):
        imports.reply_import(
            user=reviewer, header=header, commitments=[], figures=[], follows_up=["999999"]
        )
    assert not Commitment.objects.filter(reply__doc_number="温科提复〔2024〕30号").exists()
    # When the reviewer imports it linked to 94号's commitment 12
    reply = imports.reply_import(
        user=reviewer, header=header, commitments=[], figures=[], follows_up=[earlier.pk]
    )
    # Then the link is saved, and shown from the earlier commitment's side
    assert list(reply.follows_up.all()) == [earlier]
    assert list(earlier.followed_up_by.all()) == [reply]


def test_the_import_page_offers_the_follow_up_to_reviewers_only(client, seeded, reviewer, bureau):
    assert _follow_up_choices(reviewer).filter(reply__doc_number="温科提复〔2023〕94号").exists()
    assert _follow_up_choices(bureau) is None
