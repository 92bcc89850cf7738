"""The proposal models keep their data sound in the database itself (unique keys, ranges)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from proposals.models import Commitment, Proposal, Reply, ReportedFigure

from .factories import CommitmentFactory, ProposalFactory, ReplyFactory, ReportedFigureFactory

pytestmark = pytest.mark.django_db


def refused(create) -> bool:
    try:
        with transaction.atomic():
            create()
    except IntegrityError:
        return True
    return False


def test_it_refuses_a_second_proposal_with_the_same_session_and_number():
    ProposalFactory(session="市政协十二届二次会议", number=142)
    assert refused(lambda: ProposalFactory(session="市政协十二届二次会议", number=142))
    # The same number in another session is another proposal.
    assert not refused(lambda: ProposalFactory(session="市政协十二届三次会议", number=142))


def test_it_refuses_a_second_reply_with_the_same_document_number():
    reply = ReplyFactory(doc_number="温科提复〔2023〕94号")
    assert refused(lambda: ReplyFactory(doc_number="温科提复〔2023〕94号", proposal=reply.proposal))


def test_it_refuses_an_issue_date_before_the_signature():
    assert refused(
        lambda: ReplyFactory(signed_on=dt.date(2023, 6, 20), issued_on=dt.date(2023, 6, 19))
    )
    assert not refused(lambda: ReplyFactory(signed_on=dt.date(2023, 6, 20), issued_on=None))


def test_it_refuses_a_signature_date_out_of_range():
    assert refused(lambda: ReplyFactory(signed_on=dt.date(1999, 12, 31), issued_on=None))


def test_it_refuses_two_commitments_with_one_number_in_a_reply():
    first = CommitmentFactory(number=1)
    assert refused(lambda: CommitmentFactory(reply=first.reply, number=1))
    assert not refused(lambda: CommitmentFactory(reply=first.reply, number=2))


def test_it_refuses_a_quantity_without_its_comparator():
    assert refused(lambda: CommitmentFactory(quantity=Decimal("25"), comparator=""))
    # A qualitative commitment has neither.
    assert not refused(
        lambda: CommitmentFactory(
            quantity=None,
            comparator="",
            unit_of_measure="",
            status=Commitment.Status.NOT_MEASURABLE,
        )
    )


def test_it_refuses_a_reported_figure_year_out_of_range_or_without_unit():
    assert refused(lambda: ReportedFigureFactory(year=1999))
    assert refused(lambda: ReportedFigureFactory(year=2101))
    assert refused(lambda: ReportedFigureFactory(unit_of_measure=""))
    assert not refused(lambda: ReportedFigureFactory(year=2022))


def test_it_keeps_the_history_of_a_commitment_status():
    commitment = CommitmentFactory()
    commitment.status = Commitment.Status.FULFILLED
    commitment.save()
    statuses = list(commitment.history.order_by("history_date").values_list("status", flat=True))
    assert statuses == [Commitment.Status.PENDING, Commitment.Status.FULFILLED]


def test_it_names_rows_the_way_people_cite_them():
    reply = ReplyFactory(doc_number="温科提复〔2023〕94号", proposal=ProposalFactory(number=142))
    assert str(reply) == "温科提复〔2023〕94号"
    assert str(reply.proposal) == "市政协十二届二次会议第142号提案"
    assert reply.year == 2023
    assert Proposal._meta.verbose_name == "提案"
    assert Reply._meta.verbose_name == "提案答复"
    assert Commitment._meta.verbose_name == "承诺事项"
    assert ReportedFigure._meta.verbose_name == "报告数据"
