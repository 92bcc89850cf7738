"""The seeded proposals, which already have their replies, are 已答复; a reload changes nothing."""

import datetime as dt

import pytest
from django.apps import apps

from indicators.catalogue.seed import load_seed
from proposals.models import Handling, HandlingState, HandlingStep, Proposal

pytestmark = pytest.mark.django_db


def test_each_seeded_proposal_is_answered_by_its_reply(seeded):
    handlings = {h.proposal.number: h for h in Handling.objects.select_related("proposal")}
    assert set(handlings) == {103, 142, 369}
    for handling in handlings.values():
        assert handling.state == HandlingState.ANSWERED
        assert handling.lead_unit.name == "市科技局"
        assert handling.reply.proposal_id == handling.proposal_id
        # The sources print no assignment date, deadline, class or rating: none is invented
        assert handling.deadline is None
        assert handling.result_class == ""
        assert not handling.evaluations.exists()
        assert list(handling.steps.values_list("action", flat=True)) == ["seed"]
    # 94号 answers 142: printed 2023-06-21
    assert handlings[142].reply.doc_number == "温科提复〔2023〕94号"
    assert handlings[142].answered_on == dt.date(2023, 6, 21)


def test_a_second_load_leaves_the_handlings_as_they_are(seeded, reviewer):
    handling = Handling.objects.get(proposal__number=142)
    handling.state = HandlingState.CLOSED  # as the lifecycle might have left it
    handling.save()
    report = load_seed()
    assert report.counts[("Handling", "unchanged")] == 3
    assert report.counts[("Handling", "created")] == 0
    handling.refresh_from_db()
    assert handling.state == HandlingState.CLOSED


def test_the_migration_gives_proposals_with_replies_the_same_state(seeded):
    # Given a database with replies and no handling yet (as before migration 0003)
    migration = __import__(
        "proposals.migrations.0004_handling", fromlist=["answered_from_existing_replies"]
    )
    HandlingStep.objects.all().delete()
    Handling.objects.all().delete()
    # When the migration's data step runs
    migration.answered_from_existing_replies(apps, None)
    # Then each proposal with a reply is answered by its latest reply
    assert Handling.objects.count() == Proposal.objects.filter(replies__isnull=False).count() == 3
    assert set(Handling.objects.values_list("state", flat=True)) == {"answered"}
    assert HandlingStep.objects.filter(action="seed").count() == 3
