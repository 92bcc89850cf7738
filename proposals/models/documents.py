"""A reply drafted in wzsci (答复稿): the letter's parts as the lead unit writes them, until it is
signed off and becomes a `Reply` (proposals/documents/services.py does every write)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from indicators.models import Unit
from proposals.models.replies import Proposal, Reply


class ReplyDraft(models.Model):
    class Status(models.TextChoices):
        DRAFTING = "drafting", _("起草中")
        SIGNED = "signed", _("已签发")

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("提案"), on_delete=models.PROTECT, related_name="reply_drafts"
    )
    handling_unit = models.ForeignKey(
        Unit, verbose_name=_("承办单位"), on_delete=models.PROTECT, related_name="reply_drafts"
    )
    letterhead = models.CharField(
        _("版头"), max_length=60, blank=True, help_text=_("如：温州市科学技术局文件")
    )
    doc_number = models.CharField(_("文号"), max_length=60, blank=True)
    title = models.CharField(_("标题"), max_length=300)
    salutation = models.CharField(_("称谓"), max_length=80)
    body = models.TextField(_("正文"), blank=True)
    contact_name = models.CharField(_("联系人"), max_length=40, blank=True)
    contact_phones = models.JSONField(_("联系电话"), default=list, blank=True)
    copy_to = models.JSONField(_("抄送单位"), default=list, blank=True)
    issuer = models.CharField(_("落款单位"), max_length=80, help_text=_("如：温州市科学技术局"))
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.DRAFTING
    )
    signed_on = models.DateField(_("签发日期"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签发人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("签发时间"), null=True, blank=True)
    # The figure check at sign-off: counts, and the differing figures the signer accepted.
    check_summary = models.JSONField(_("数据核对结果"), default=dict, blank=True)
    reply = models.OneToOneField(
        Reply,
        verbose_name=_("答复"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="draft",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("起草人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("答复稿")
        verbose_name_plural = _("答复稿")
        ordering = ["-updated_at", "-id"]
        constraints = [
            # Signed means: by whom and when (the reply it became may be deleted later).
            models.CheckConstraint(
                condition=Q(status="drafting")
                | Q(signed_by__isnull=False, signed_at__isnull=False, signed_on__isnull=False),
                name="replydraft_signed_is_complete",
            ),
        ]

    def __str__(self):
        return f"{self.proposal} {self.get_status_display()}"

    @property
    def is_signed(self) -> bool:
        return self.status == self.Status.SIGNED
