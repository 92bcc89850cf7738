"""What shows a commitment kept or still being worked on: files attached to its report, and
the yearly narrative of a promise without a number (持续推进).

Files are kept in the database (small, capped by WZSCI_MAX_IMPORT_BYTES, read only through a
login-required view), so a backup of the database is a backup of the evidence. Every write goes
through `proposals/services/commitment_evidence.py`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from indicators.models import year_in_range
from proposals.models.replies import Commitment


class CommitmentFile(models.Model):
    commitment = models.ForeignKey(
        Commitment, verbose_name=_("承诺事项"), on_delete=models.CASCADE, related_name="files"
    )
    name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    content = models.BinaryField(_("内容"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("落实佐证材料")
        verbose_name_plural = _("落实佐证材料")
        ordering = ["commitment", "uploaded_at", "id"]

    def __str__(self):
        return self.name


class CommitmentNarrative(models.Model):
    commitment = models.ForeignKey(
        Commitment, verbose_name=_("承诺事项"), on_delete=models.CASCADE, related_name="narratives"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    text = models.TextField(_("年度推进情况"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填写人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    written_at = models.DateTimeField(_("填写时间"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("年度推进情况")
        verbose_name_plural = _("年度推进情况")
        ordering = ["commitment", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "year"], name="commitment_narrative_one_per_year"
            ),
            models.CheckConstraint(condition=year_in_range(), name="narrative_year_in_range"),
            models.CheckConstraint(condition=~Q(text=""), name="narrative_has_text"),
        ]

    def __str__(self):
        return f"{self.commitment_id} {self.year}"
