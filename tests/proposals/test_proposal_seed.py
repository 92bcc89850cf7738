"""The three reviewed replies load with everything their YAML says, and load idempotently."""

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from indicators.catalogue.seed import load_seed
from indicators.models import Unit
from proposals.models import Commitment, Proposal, Reply, ReportedFigure

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
REPLY_FILES = sorted((FIXTURES / "proposals").glob("*.yaml"))


def test_it_loads_the_three_replies_with_every_commitment_and_figure_of_their_yaml(seeded):
    assert len(REPLY_FILES) == 3
    assert Reply.objects.count() == 3
    assert Proposal.objects.count() == 3
    for path in REPLY_FILES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        reply = Reply.objects.get(doc_number=data["reply"]["doc_number"])
        assert reply.commitments.count() == len(data["commitments"]), path.name
        assert reply.reported_figures.count() == len(data["reported_figures"]), path.name
        # The full text is the source document itself, read at load time.
        source = (FIXTURES / "sources" / data["reply"]["source"]).read_text(encoding="utf-8")
        assert reply.full_text == source
        assert reply.proposal.number == data["proposal"]["number"]
        assert reply.proposal.proposer == data["proposal"]["proposer"]
    # 16 + 17 + 9 commitments, 24 + 44 + 9 figures, as the three files list them.
    assert Commitment.objects.count() == 42
    assert ReportedFigure.objects.count() == 77


def test_it_loads_the_header_of_94(seeded):
    reply = Reply.objects.select_related("proposal", "handling_unit").get(
        doc_number="温科提复〔2023〕94号"
    )
    assert reply.proposal.session == "市政协十二届二次会议"
    assert reply.proposal.number == 142
    assert reply.proposal.proposer == "洪晓畅"
    assert reply.proposal.title == "关于聚焦“三力”推进高水平国家创新型城市建设的提案"
    # The printed 温州市科学技术局 is the unit units.yaml calls 市科技局.
    assert reply.handling_unit == Unit.objects.get(name="市科技局")
    assert str(reply.signed_on) == "2023-06-20"
    assert str(reply.issued_on) == "2023-06-21"
    assert reply.contact_name == "王小军"
    assert reply.contact_phones == ["88962001", "13858866588"]
    assert reply.copy_to == ["市府办", "市政协提案委"]
    assert "孵化器" in reply.search_tokens


def test_it_links_commitments_and_figures_to_their_indicators_and_tasks(seeded):
    c94 = Commitment.objects.select_related("indicator", "task__plan").get(
        reply__doc_number="温科提复〔2023〕94号", number=12
    )
    assert (c94.quantity, c94.unit_of_measure, c94.comparator) == (
        Decimal("180"),
        "万平方米",
        "gte",
    )
    assert c94.indicator.code == "K8"
    assert (c94.task.plan.code, c94.task.number) == ("wzf-2023-17", 13)
    assert str(c94.deadline) == "2023-12-31"

    incubation = ReportedFigure.objects.get(
        reply__doc_number="温科提复〔2023〕94号", indicator__code="K8"
    )
    assert (incubation.value, incubation.year, incubation.region.name) == (
        Decimal("152"),
        2022,
        "温州市",
    )
    projects = ReportedFigure.objects.get(
        reply__doc_number="温科提复〔2023〕94号", value=Decimal("1341")
    )
    assert projects.indicator is None
    assert projects.task.number == 7

    fund = ReportedFigure.objects.get(
        reply__doc_number="温科提复〔2023〕123号", indicator__code="T22-1"
    )
    assert (fund.value, fund.unit_of_measure) == (Decimal("76"), "个")
    rd = ReportedFigure.objects.get(reply__doc_number="温科提复〔2024〕102号", indicator__code="K1")
    assert (rd.value, rd.year) == (Decimal("2.61"), 2022)  # 2022's statistic (issue 12)

    # Every indicator and task a fixture names is linked, none dropped on the way.
    for path in REPLY_FILES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        doc = data["reply"]["doc_number"]
        want = sum(1 for row in data["commitments"] if row.get("indicator"))
        assert (
            Commitment.objects.filter(reply__doc_number=doc, indicator__isnull=False).count()
            == want
        )
        want = sum(1 for row in data["reported_figures"] if row.get("task"))
        assert (
            ReportedFigure.objects.filter(reply__doc_number=doc, task__isnull=False).count() == want
        )
        measurable = sum(1 for row in data["commitments"] if row["status"] != "not_measurable")
        assert (
            Commitment.objects.filter(reply__doc_number=doc)
            .exclude(status=Commitment.Status.NOT_MEASURABLE)
            .count()
            == measurable
        )


def test_it_changes_nothing_on_a_second_load(seeded):
    report = load_seed()
    assert report.changed == 0, report.lines()
    assert report.counts[("Commitment", "unchanged")] == 42
    assert report.counts[("ReportedFigure", "unchanged")] == 77


def test_it_updates_exactly_the_row_a_fixture_edit_changed(seeded, tmp_path):
    # Given a copy of the fixtures in which one reported figure is edited (1341 → 1342)
    copy = tmp_path / "fixtures"
    shutil.copytree(FIXTURES, copy)
    path = copy / "proposals" / "wkt-2023-94.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count('{value: "1341"') == 1
    path.write_text(text.replace('{value: "1341"', '{value: "1342"'), encoding="utf-8")
    # When the edited fixtures are loaded
    report = load_seed(fixtures_dir=copy)
    # Then exactly that row changed
    assert report.changed == 1, report.lines()
    assert report.counts[("ReportedFigure", "updated")] == 1
    assert ReportedFigure.objects.filter(value=Decimal("1342")).count() == 1


def test_it_removes_a_commitment_dropped_from_its_fixture(seeded, tmp_path):
    copy = tmp_path / "fixtures"
    shutil.copytree(FIXTURES, copy)
    path = copy / "proposals" / "wkt-2024-102.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["commitments"] = [row for row in data["commitments"] if row["number"] != 9]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    report = load_seed(fixtures_dir=copy)
    assert report.counts[("Commitment", "deleted")] == 1
    assert not Commitment.objects.filter(
        reply__doc_number="温科提复〔2024〕102号", number=9
    ).exists()


def test_a_reload_keeps_the_status_tracking_gave_a_commitment(seeded):
    # Given tracking marked 94号's commitment 12 fulfilled
    commitment = Commitment.objects.get(reply__doc_number="温科提复〔2023〕94号", number=12)
    commitment.status = Commitment.Status.FULFILLED
    commitment.save()
    # When the seed (which says pending) is loaded again
    report = load_seed()
    # Then the status stands and nothing changed
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.FULFILLED
    assert report.changed == 0, report.lines()
