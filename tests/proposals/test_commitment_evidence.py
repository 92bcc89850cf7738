"""Commitments kept or not, with evidence: judged from the approved actuals where an indicator
measures them, otherwise reported by their unit and confirmed by another reviewer (four eyes);
never overdue before the deadline (a fixed clock: `today` passed in)."""

import datetime as dt
import io
import re
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from common.errors import FourEyes, InvalidState, PermissionDenied, ValidationFailed
from indicators.models import Indicator
from indicators.progress.tasks import recompute_indicator
from indicators.roles import Role
from proposals.models import Commitment, CommitmentFile, CommitmentNarrative
from proposals.services import commitment_evidence as evidence
from proposals.tracking import refresh_commitments
from tests.factories import ActualFactory, IndicatorFactory, UnitFactory, make_person

from .factories import CommitmentFactory, ReplyFactory, city_region

pytestmark = pytest.mark.django_db

BEFORE_DEADLINE = dt.date(2023, 9, 30)
AFTER_DEADLINE = dt.date(2024, 1, 1)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="立项公告.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


@pytest.fixture
def science():
    return UnitFactory(name="市科技局")


@pytest.fixture
def staff(science):
    return make_person("sci-staff", Role.BUREAU_STAFF, unit=science)


@pytest.fixture
def reviewer():
    return make_person("rev-a", Role.REVIEWER)


@pytest.fixture
def other_reviewer():
    return make_person("rev-b", Role.REVIEWER)


@pytest.fixture
def unmeasured(science):
    # 新增省级重点研发项目25项: a number no indicator measures, due 2023-12-31
    return CommitmentFactory(
        reply=ReplyFactory(handling_unit=science),
        text="争取立项省级重点研发项目25项以上。",
        quantity=Decimal("25"),
        unit_of_measure="项",
    )


def status_cell(html: str, commitment: Commitment) -> str:
    """The board row of one commitment (from its link to the end of its row)."""
    link = reverse("proposals:commitment", args=[commitment.pk])
    match = re.search(re.escape(link) + r".*?</tr>", html, re.S)
    assert match, "the commitment is not on the board"
    return match.group(0)


# --------------------------------------------------------------------------- from the data


def test_a_commitment_kept_by_its_approved_actual_reads_kept_on_the_board(client, science):
    # Given ≥180 万平方米 due 2023-12-31, linked to K8, and K8's approved 2023 city actual of 185
    city = city_region()
    k8 = IndicatorFactory(code="K8", unit_of_measure="万平方米", kind=Indicator.Kind.FLOW)
    commitment = CommitmentFactory(reply=ReplyFactory(handling_unit=science), indicator=k8)
    ActualFactory(indicator=k8, region=city, year=2023, value=Decimal("185"))
    # When the progress engine recomputes K8 (as after the approval), which re-judges commitments
    recompute_indicator(k8.pk)
    # Then the board shows it 已落实, with the actual as its evidence
    client.force_login(make_person(role=Role.LEADERSHIP))
    row = status_cell(client.get(reverse("proposals:board")).content.decode(), commitment)
    assert "已落实" in row and "逾期" not in row
    assert "185" in row
    # And its own page and the API say the same
    page = client.get(reverse("proposals:commitment", args=[commitment.pk])).content.decode()
    assert 'data-status="fulfilled"' in page
    body = client.get(f"/api/v1/commitments/{commitment.pk}/").json()
    assert (body["status"], body["status_label"]) == ("fulfilled", "已落实")


def test_no_commitment_reads_overdue_before_its_deadline(client, science, unmeasured):
    # Given a commitment K8 measures with no actual yet, and one no indicator measures
    k8 = IndicatorFactory(code="K8", unit_of_measure="万平方米")
    measured = CommitmentFactory(reply=unmeasured.reply, indicator=k8)
    client.force_login(make_person(role=Role.LEADERSHIP))
    # When tracking runs on 2023-09-30 (the deadline 2023-12-31 is ahead)
    refresh_commitments(today=BEFORE_DEADLINE)
    html = client.get(reverse("proposals:board")).content.decode()
    # Then neither reads overdue: no data yet is not a failure
    for commitment in (measured, unmeasured):
        row = status_cell(html, commitment)
        assert "逾期" not in row and "待落实" in row
    assert "prop-row-overdue" not in html
    # When it runs on 2024-01-01, neither kept nor reported: both are overdue
    refresh_commitments(today=AFTER_DEADLINE)
    html = client.get(reverse("proposals:board")).content.decode()
    for commitment in (measured, unmeasured):
        assert "逾期未落实" in status_cell(html, commitment)


def test_a_reported_commitment_is_not_overdue_while_it_waits_for_confirmation(staff, unmeasured):
    # Given the unit reported it kept on 2023-12-20
    evidence.commitment_report(
        user=staff,
        commitment=unmeasured,
        kept_on=dt.date(2023, 12, 20),
        evidence="省科技厅公告：立项27项",
        today=dt.date(2023, 12, 20),
    )
    # When tracking runs after the deadline, Then it stays reported
    refresh_commitments(today=AFTER_DEADLINE)
    unmeasured.refresh_from_db()
    assert unmeasured.status == Commitment.Status.REPORTED


# --------------------------------------------------------------------------- report and confirm


def test_the_unit_reports_with_files_and_another_reviewer_confirms(
    staff, reviewer, other_reviewer, unmeasured
):
    # When the unit's staff report it kept with a pdf and an xlsx
    reported = evidence.commitment_report(
        user=staff,
        commitment=unmeasured,
        kept_on=dt.date(2023, 11, 30),
        evidence="2023年立项省级重点研发项目27项（浙科发〔2023〕45号）",
        files=[pdf(), SimpleUploadedFile("清单.xlsx", xlsx_bytes())],
        today=dt.date(2023, 12, 1),
    )
    # Then it waits for a reviewer, with the date, the text, the files and who reported it
    assert reported.status == Commitment.Status.REPORTED
    assert (reported.kept_on, reported.reported_by) == (dt.date(2023, 11, 30), staff)
    files = CommitmentFile.objects.filter(commitment=unmeasured).order_by("name")
    assert [(f.name, f.content_type) for f in files] == [
        ("清单.xlsx", evidence.ALLOWED_TYPES[".xlsx"]),
        ("立项公告.pdf", "application/pdf"),
    ]
    assert bytes(files[1].content) == PDF
    # When a reviewer confirms, Then it is kept, with who and when
    kept = evidence.commitment_confirm(user=reviewer, commitment=unmeasured)
    assert kept.status == Commitment.Status.FULFILLED
    assert kept.confirmed_by == reviewer and kept.confirmed_at is not None
    history = list(
        kept.history.order_by("history_date").values_list(
            "status", "history_user__username", "history_change_reason"
        )
    )
    assert history[-2:] == [
        ("reported", "sci-staff", "报告落实"),
        ("fulfilled", "rev-a", "确认落实"),
    ]


def test_nobody_confirms_what_they_reported(reviewer, other_reviewer, unmeasured):
    # Given a reviewer reported it (a reviewer may report for a unit)
    evidence.commitment_report(
        user=reviewer,
        commitment=unmeasured,
        kept_on=dt.date(2023, 11, 30),
        evidence="立项27项",
        today=dt.date(2023, 12, 1),
    )
    # When the same reviewer confirms, Then four eyes refuses and nothing changes
    with pytest.raises(FourEyes):
        evidence.commitment_confirm(user=reviewer, commitment=unmeasured)
    unmeasured.refresh_from_db()
    assert unmeasured.status == Commitment.Status.REPORTED
    # When another reviewer confirms, Then it is kept
    assert (
        evidence.commitment_confirm(user=other_reviewer, commitment=unmeasured).status
        == Commitment.Status.FULFILLED
    )


def test_unit_staff_cannot_confirm_and_a_returned_report_is_judged_again(
    staff, reviewer, unmeasured
):
    evidence.commitment_report(
        user=staff,
        commitment=unmeasured,
        kept_on=dt.date(2023, 11, 30),
        evidence="立项27项",
        today=dt.date(2023, 12, 1),
    )
    with pytest.raises(PermissionDenied):
        evidence.commitment_confirm(user=staff, commitment=unmeasured)
    # When a reviewer returns it after the deadline, Then it is overdue again, with the reason
    returned = evidence.commitment_return(
        user=reviewer, commitment=unmeasured, note="缺少立项文件", today=AFTER_DEADLINE
    )
    assert returned.status == Commitment.Status.OVERDUE
    assert returned.history.filter(history_change_reason="退回落实报告").exists()


def test_a_commitment_an_indicator_measures_is_never_reported_by_hand(staff, science):
    k8 = IndicatorFactory(code="K8", unit_of_measure="万平方米")
    measured = CommitmentFactory(reply=ReplyFactory(handling_unit=science), indicator=k8)
    with pytest.raises(InvalidState):
        evidence.commitment_report(
            user=staff, commitment=measured, kept_on=dt.date(2023, 11, 1), evidence="已完成"
        )


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("run.exe", b"MZ\x90\x00"), "只能上传"),
        (SimpleUploadedFile("公告.pdf", b"MZ\x90\x00 not a pdf"), "与扩展名不符"),
        (SimpleUploadedFile("照片.png", b"\xff\xd8\xff\xe0 a jpeg"), "与扩展名不符"),
        (SimpleUploadedFile("表.xlsx", b"PK\x03\x04 broken"), "与扩展名不符"),
        (SimpleUploadedFile("空.pdf", b""), "文件是空的"),
        (SimpleUploadedFile("大.pdf", PDF + b"0" * 200), "上限"),
    ],
)
@override_settings(WZSCI_MAX_IMPORT_BYTES=128)
def test_a_file_of_the_wrong_type_or_too_large_is_refused_and_nothing_is_saved(
    staff, unmeasured, upload, message
):
    with pytest.raises(ValidationFailed) as info:
        evidence.commitment_report(
            user=staff,
            commitment=unmeasured,
            kept_on=dt.date(2023, 11, 30),
            evidence="立项27项",
            files=[upload],
            today=dt.date(2023, 12, 1),
        )
    assert message in info.value.message
    unmeasured.refresh_from_db()
    assert unmeasured.status == Commitment.Status.PENDING
    assert not CommitmentFile.objects.exists()


def test_a_report_needs_evidence_and_a_date_not_in_the_future(staff, unmeasured):
    with pytest.raises(ValidationFailed) as info:
        evidence.commitment_report(
            user=staff,
            commitment=unmeasured,
            kept_on=dt.date(2024, 2, 1),
            evidence="",
            today=dt.date(2024, 1, 15),
        )
    assert "落实依据" in info.value.message and "不能晚于今天" in info.value.message


def test_staff_of_another_unit_cannot_report(unmeasured):
    other = make_person("edu-staff", Role.BUREAU_STAFF, unit=UnitFactory(name="市教育局"))
    with pytest.raises(PermissionDenied):
        evidence.commitment_report(
            user=other, commitment=unmeasured, kept_on=dt.date(2023, 11, 1), evidence="x"
        )


# --------------------------------------------------------------------------- through the pages


def test_report_and_confirm_through_the_commitment_page(client, staff, reviewer, unmeasured):
    url = reverse("proposals:commitment", args=[unmeasured.pk])
    # Given the unit's staff on the commitment's page: the report form is offered
    client.force_login(staff)
    assert 'id="report-form"' in client.get(url).content.decode()
    # When they report with a file
    response = client.post(
        reverse("proposals:commitment_action", args=[unmeasured.pk, "report"]),
        {"kept_on": "2023-11-30", "evidence": "立项27项（浙科发〔2023〕45号）", "files": [pdf()]},
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    # Then the page shows it reported, with its evidence and the file, and no confirm button
    assert "已报告待确认" in page and "浙科发〔2023〕45号" in page and "立项公告.pdf" in page
    assert 'id="confirm-form"' not in page
    stored = CommitmentFile.objects.get()
    download = client.get(reverse("proposals:commitment_file", args=[stored.pk]))
    assert download.content == PDF and "attachment" in download["Content-Disposition"]
    # When a reviewer confirms on the page, Then it reads 已落实 with who confirmed
    client.force_login(reviewer)
    assert 'id="confirm-form"' in client.get(url).content.decode()
    client.post(reverse("proposals:commitment_action", args=[unmeasured.pk, "confirm"]))
    page = client.get(url).content.decode()
    assert 'data-status="fulfilled"' in page and 'id="commitment-confirmed"' in page
    # And the API gives the state and the evidence's metadata (not the file's bytes)
    body = client.get(f"/api/v1/commitments/{unmeasured.pk}/").json()
    assert body["status"] == "fulfilled" and body["kept_on"] == "2023-11-30"
    assert body["reported_by"] and body["confirmed_by"]
    (meta,) = body["evidence_files"]
    assert (meta["name"], meta["size"]) == ("立项公告.pdf", len(PDF))
    assert "content" not in meta


def test_leadership_reads_but_cannot_report(client, unmeasured):
    client.force_login(make_person(role=Role.LEADERSHIP))
    url = reverse("proposals:commitment", args=[unmeasured.pk])
    assert 'id="report-form"' not in client.get(url).content.decode()
    response = client.post(
        reverse("proposals:commitment_action", args=[unmeasured.pk, "report"]),
        {"kept_on": "2023-11-30", "evidence": "x"},
    )
    assert response.status_code == 403
    unmeasured.refresh_from_db()
    assert unmeasured.status == Commitment.Status.PENDING


# --------------------------------------------------------------------------- 持续推进


def test_a_promise_without_a_number_keeps_one_narrative_a_year(client, staff, science):
    # Given 持续加大对科技型中小企业的支持力度 (no number: 持续推进)
    ongoing = CommitmentFactory(
        reply=ReplyFactory(handling_unit=science),
        text="持续加大对科技型中小企业的支持力度。",
        quantity=None,
        unit_of_measure="",
        comparator="",
        status=Commitment.Status.NOT_MEASURABLE,
    )
    # When the unit writes 2023's account, then corrects it, and writes 2024's
    evidence.commitment_narrate(user=staff, commitment=ongoing, year=2023, text="新增科小1200家")
    evidence.commitment_narrate(user=staff, commitment=ongoing, year=2023, text="新增科小1260家")
    evidence.commitment_narrate(user=staff, commitment=ongoing, year=2024, text="出台专项政策")
    # Then there is one entry a year, the latest words, with the correction in its history
    rows = CommitmentNarrative.objects.filter(commitment=ongoing).order_by("year")
    assert [(n.year, n.text) for n in rows] == [(2023, "新增科小1260家"), (2024, "出台专项政策")]
    assert rows[0].history.count() == 2
    # And it stays 持续推进, never overdue, and its page shows the narratives
    refresh_commitments(today=dt.date(2026, 1, 1))
    ongoing.refresh_from_db()
    assert ongoing.get_status_display() == "持续推进"
    client.force_login(make_person(role=Role.LEADERSHIP))
    page = client.get(reverse("proposals:commitment", args=[ongoing.pk])).content.decode()
    assert 'id="narrative-2024"' in page and "新增科小1260家" in page


def test_unit_staff_do_not_undo_a_report_or_a_confirmation_by_hand(staff, reviewer, unmeasured):
    from proposals.services.commitments import commitment_record

    evidence.commitment_report(
        user=staff,
        commitment=unmeasured,
        kept_on=dt.date(2023, 11, 30),
        evidence="立项27项",
        today=dt.date(2023, 12, 1),
    )
    with pytest.raises(ValidationFailed):
        commitment_record(user=staff, commitment=unmeasured, status="pending", evidence="")
    evidence.commitment_confirm(user=reviewer, commitment=unmeasured)
    unmeasured.refresh_from_db()
    with pytest.raises(ValidationFailed):
        commitment_record(user=staff, commitment=unmeasured, status="in_progress", evidence="")
    unmeasured.refresh_from_db()
    assert unmeasured.status == Commitment.Status.FULFILLED
