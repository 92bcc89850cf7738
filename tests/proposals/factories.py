"""Factories of the proposals area. Names and figures are synthetic unless a test says so."""

import datetime as dt
from decimal import Decimal

import factory

from indicators.models import Region
from proposals import models
from tests.factories import IndicatorFactory, RegionFactory, UnitFactory


def city_region() -> Region:
    return RegionFactory(name="温州市", code="330300", kind=Region.Kind.CITY, in_rollup=False)


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Proposal

    session = "市政协十二届二次会议"
    number = factory.Sequence(lambda n: n + 1)
    proposer = "测试委员"
    title = factory.Sequence(lambda n: f"关于测试事项{n}的提案")


class ReplyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Reply

    proposal = factory.SubFactory(ProposalFactory)
    doc_number = factory.Sequence(lambda n: f"温科提复〔2023〕{n + 1}号")
    handling_unit = factory.SubFactory(UnitFactory, name="市科技局")
    signed_on = dt.date(2023, 6, 20)
    issued_on = dt.date(2023, 6, 21)
    full_text = "答复全文。"


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Commitment

    reply = factory.SubFactory(ReplyFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = "新增孵化面积180万平方米以上。"
    quantity = Decimal("180")
    unit_of_measure = "万平方米"
    comparator = models.Comparator.GTE
    deadline = dt.date(2023, 12, 31)
    responsible_unit = factory.SelfAttribute("reply.handling_unit")
    status = models.Commitment.Status.PENDING


class ReportedFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ReportedFigure

    reply = factory.SubFactory(ReplyFactory)
    number = factory.Sequence(lambda n: n + 1)
    value = Decimal("152")
    unit_of_measure = "万平方米"
    year = 2022
    sentence = "全年新增孵化空间152万平方米"
    region = factory.LazyFunction(city_region)


__all__ = [
    "CommitmentFactory",
    "IndicatorFactory",
    "ProposalFactory",
    "ReplyFactory",
    "ReportedFigureFactory",
    "city_region",
]
