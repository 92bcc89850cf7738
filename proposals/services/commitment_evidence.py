"""A commitment no indicator measures, kept by its unit's word and a reviewer's confirmation.

- `commitment_report`: the responsible unit's staff (or a reviewer) report it kept: the date,
  the evidence text and files (pdf/docx/xlsx/jpg/png, each within WZSCI_MAX_IMPORT_BYTES).
  待落实 / 推进中 / 逾期未落实 → 已报告待确认.
- `commitment_confirm`: a reviewer or administrator, never the person who reported it (four
  eyes), confirms: → 已落实, with who and when. `commitment_return` sends it back with a note.
- `commitment_narrate`: the yearly account of a promise without a number (持续推进), one a year.
- `reply_follow_up`: which earlier replies' commitments a reply follows up (reviewers).

A commitment linked to an indicator, with a quantity, is judged from the approved actuals by
`proposals/tracking.py`; it is never reported by hand. Every change is kept in the commitment's
history (who, when, why).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable
from pathlib import PurePath

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import FourEyes, InvalidState
from proposals.models import Commitment, CommitmentFile, CommitmentNarrative, Reply
from proposals.rules import CONFIRM_COMMITMENT, RECORD_COMMITMENT
from proposals.services.errors import PermissionDenied, ValidationFailed
from proposals.services.reading import TEXT_MAX, Problems, read_date, read_int, read_text
from proposals.tracking import is_measured, refresh_commitments

MAX_FILES = 10
# Extension → (content type, does the file's beginning say so?)
ALLOWED_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}
# States from which a unit may report the commitment kept.
REPORTABLE = (
    Commitment.Status.PENDING,
    Commitment.Status.IN_PROGRESS,
    Commitment.Status.OVERDUE,
    Commitment.Status.NOT_MEASURABLE,
)


def _too_large(cap: int) -> str:
    return _("文件超过 %(mb)s MB 的上限") % {"mb": cap // (1024 * 1024)}


def _looks_like(extension: str, content: bytes) -> bool:
    """Whether the file's bytes are what its name says (a renamed .exe is not a .pdf)."""
    if extension == ".pdf":
        return content.startswith(b"%PDF-")
    if extension in (".jpg", ".jpeg"):
        return content.startswith(b"\xff\xd8\xff")
    if extension == ".png":
        return content.startswith(b"\x89PNG\r\n\x1a\n")
    part = "word/" if extension == ".docx" else "xl/"
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return any(name.startswith(part) for name in archive.namelist())
    except zipfile.BadZipFile:
        return False


def read_files(files: Iterable, problems: Problems) -> list[tuple[str, str, bytes]]:
    """(name, content type, bytes) of each upload, or a problem per file refused."""
    cap = settings.WZSCI_MAX_IMPORT_BYTES
    found = []
    files = list(files or [])
    if len(files) > MAX_FILES:
        problems.add(_("佐证材料"), _("一次最多上传 %(n)s 个文件") % {"n": MAX_FILES})
        return []
    for upload in files:
        name = PurePath(str(getattr(upload, "name", "") or "")).name[:200]
        extension = PurePath(name).suffix.lower()
        if extension not in ALLOWED_TYPES:
            problems.add(name or _("佐证材料"), _("只能上传 pdf、docx、xlsx、jpg、png 文件"))
            continue
        size = getattr(upload, "size", None)
        if size is not None and size > cap:
            problems.add(name, _too_large(cap))
            continue
        content = upload.read(cap + 1)
        if len(content) > cap:
            problems.add(name, _too_large(cap))
        elif not content:
            problems.add(name, _("文件是空的"))
        elif not _looks_like(extension, content):
            problems.add(name, _("文件内容与扩展名不符"))
        else:
            found.append((name, ALLOWED_TYPES[extension], content))
    return found


def _save(commitment: Commitment, *, user, reason: str, fields: list[str]) -> None:
    commitment._history_user = user
    commitment._change_reason = reason
    commitment.save(update_fields=fields)


def _locked(commitment: Commitment) -> Commitment:
    return (
        Commitment.objects.select_for_update(of=("self",))
        .select_related("indicator")
        .get(pk=commitment.pk)
    )


@transaction.atomic
def commitment_report(
    *,
    user,
    commitment: Commitment,
    kept_on,
    evidence: str,
    files: Iterable = (),
    today: dt.date | None = None,
) -> Commitment:
    """The responsible unit reports the commitment kept: → 已报告待确认 (a reviewer confirms)."""
    if user is None or not user.has_perm(RECORD_COMMITMENT, commitment):
        raise PermissionDenied(
            _("只有审核员、系统管理员和责任单位的工作人员可以报告承诺落实情况。")
        )
    today = today or timezone.localdate()
    locked = _locked(commitment)
    if is_measured(locked):
        raise InvalidState(_("这项承诺关联了指标，按已审核的实际值自动判定，不能手工报告。"))
    if locked.status not in REPORTABLE:
        raise InvalidState(
            _("承诺当前为“%(s)s”，不能报告落实。") % {"s": locked.get_status_display()}
        )
    problems = Problems()
    kept = read_date(kept_on, _("落实日期"), _("落实情况"), problems, required=True)
    if kept is not None and kept > today:
        problems.add(_("落实情况"), _("落实日期不能晚于今天"))
    evidence = read_text(evidence, max_length=TEXT_MAX)
    if not evidence:
        problems.add(_("落实情况"), _("报告已落实时请填写落实依据"))
    uploads = read_files(files, problems)
    if problems.items:
        raise ValidationFailed(details={"evidence": problems.items})
    now = timezone.now()
    locked.status = Commitment.Status.REPORTED
    locked.status_changed_at = now
    locked.kept_on = kept
    locked.evidence = evidence
    locked.reported_by = user
    locked.reported_at = now
    locked.confirmed_by = None
    locked.confirmed_at = None
    _save(
        locked,
        user=user,
        reason=_("报告落实"),
        fields=[
            "status",
            "status_changed_at",
            "kept_on",
            "evidence",
            "reported_by",
            "reported_at",
            "confirmed_by",
            "confirmed_at",
        ],
    )
    for name, content_type, content in uploads:
        CommitmentFile.objects.create(
            commitment=locked,
            name=name,
            content_type=content_type,
            size=len(content),
            content=content,
            uploaded_by=user,
        )
    return locked


def _require_confirmer(user, commitment: Commitment) -> Commitment:
    if user is None or not user.has_perm(CONFIRM_COMMITMENT, commitment):
        raise PermissionDenied(_("只有审核员和系统管理员可以确认承诺落实情况。"))
    locked = _locked(commitment)
    if locked.status != Commitment.Status.REPORTED:
        raise InvalidState(_("只有“已报告待确认”的承诺可以确认或退回。"))
    if locked.reported_by_id == user.pk:
        raise FourEyes(_("四眼原则：不能确认本人报告的落实情况，请由其他审核员确认。"))
    return locked


@transaction.atomic
def commitment_confirm(*, user, commitment: Commitment) -> Commitment:
    """A reviewer confirms a reported commitment: → 已落实, with who and when (four eyes)."""
    locked = _require_confirmer(user, commitment)
    now = timezone.now()
    locked.status = Commitment.Status.FULFILLED
    locked.status_changed_at = now
    locked.confirmed_by = user
    locked.confirmed_at = now
    _save(
        locked,
        user=user,
        reason=_("确认落实"),
        fields=["status", "status_changed_at", "confirmed_by", "confirmed_at"],
    )
    return locked


@transaction.atomic
def commitment_return(
    *, user, commitment: Commitment, note: str, today: dt.date | None = None
) -> Commitment:
    """A reviewer sends a report back (with the reason): the commitment is judged again as if
    never reported (待落实, or 逾期未落实 past its deadline); the report stays in its history."""
    locked = _require_confirmer(user, commitment)
    note = read_text(note, max_length=TEXT_MAX)
    if not note:
        raise ValidationFailed(details={"note": [_("退回时请说明原因")]})
    quantified = locked.quantity is not None
    locked.status = Commitment.Status.PENDING if quantified else Commitment.Status.NOT_MEASURABLE
    locked.status_changed_at = timezone.now()
    locked.evidence = _("退回：%(note)s") % {"note": note}
    _save(
        locked,
        user=user,
        reason=_("退回落实报告"),
        fields=["status", "status_changed_at", "evidence"],
    )
    refresh_commitments(commitment_ids=[locked.pk], today=today)
    locked.refresh_from_db()
    return locked


@transaction.atomic
def commitment_narrate(*, user, commitment: Commitment, year, text: str) -> CommitmentNarrative:
    """Write (or revise) the year's account of how a promise is being carried out."""
    if user is None or not user.has_perm(RECORD_COMMITMENT, commitment):
        raise PermissionDenied(_("只有审核员、系统管理员和责任单位的工作人员可以填写推进情况。"))
    problems = Problems()
    year = read_int(year, _("年度"), _("推进情况"), problems, low=2000, high=2100)
    text = read_text(text, max_length=TEXT_MAX)
    if not text:
        problems.add(_("推进情况"), _("请填写本年度的推进情况"))
    if problems.items:
        raise ValidationFailed(details={"narrative": problems.items})
    narrative = (
        CommitmentNarrative.objects.select_for_update()
        .filter(commitment=commitment, year=year)
        .first()
    ) or CommitmentNarrative(commitment=commitment, year=year)
    reason = _("修改年度推进情况") if narrative.pk else _("填写年度推进情况")
    narrative.text = text
    narrative.written_by = user
    narrative.written_at = timezone.now()
    narrative._history_user = user
    narrative._change_reason = reason
    narrative.save()
    return narrative


@transaction.atomic
def reply_follow_up(*, user, reply: Reply, commitment_ids: Iterable) -> Reply:
    """Set the earlier replies' commitments `reply` follows up (all at once; empty clears)."""
    if user is None or not user.has_perm(CONFIRM_COMMITMENT, None):
        raise PermissionDenied(_("只有审核员和系统管理员可以关联跟进的承诺。"))
    problems = Problems()
    ids = set()
    for raw in commitment_ids or []:
        if raw in (None, ""):
            continue  # an empty choice of a form: nothing picked
        try:
            ids.add(int(raw))
        except (TypeError, ValueError):
            problems.add(_("跟进的承诺"), _("%(raw)s 不是承诺的编号") % {"raw": raw})
    chosen = list(Commitment.objects.select_related("reply").filter(pk__in=ids))
    if len(chosen) != len(ids):
        problems.add(_("跟进的承诺"), _("有的承诺不存在"))
    for commitment in chosen:
        if commitment.reply_id == reply.pk or commitment.reply.signed_on >= reply.signed_on:
            problems.add(
                _("跟进的承诺"),
                _("%(doc)s 第%(n)s项不是更早答复中的承诺")
                % {"doc": commitment.reply.doc_number, "n": commitment.number},
            )
    if problems.items:
        raise ValidationFailed(details={"follows_up": problems.items})
    reply.follows_up.set(chosen)
    return reply
