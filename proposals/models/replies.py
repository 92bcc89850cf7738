"""Proposal replies (提案答复): the proposal, the bureau's reply, its commitments and reported figures.

Rules that protect the data are database constraints (unique keys, years in range), so the seed,
the import, the REST API and the admin are all held to them. Writes go through
`proposals/services/` (import, corrections, status by hand) and `proposals/tracking.py`
(commitment status from the actuals).
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from indicators.models import MAX_YEAR, MIN_YEAR, Indicator, Region, Task, Unit, year_in_range


class Comparator(models.TextChoices):
    """How a quantity is met: ≥ for 以上/超/力争, ≈ for 左右, ≤ for 以内 or a rank (前50位)."""

    GTE = "gte", "≥"
    APPROX = "approx", "≈"
    LTE = "lte", "≤"


class Proposal(models.Model):
    session = models.CharField(
        _("会议届次"), max_length=40, help_text=_("如：市政协十二届二次会议")
    )
    number = models.PositiveIntegerField(_("提案号"))
    proposer = models.CharField(_("提案人"), max_length=60)
    title = models.CharField(_("提案标题"), max_length=300)

    class Meta:
        verbose_name = _("提案")
        verbose_name_plural = _("提案")
        ordering = ["session", "number"]
        constraints = [
            models.UniqueConstraint(fields=["session", "number"], name="proposal_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="proposal_number_positive"),
        ]

    def __str__(self):
        return gettext("%(session)s第%(number)s号提案") % {
            "session": self.session,
            "number": self.number,
        }


class Reply(models.Model):
    proposal = models.ForeignKey(
        Proposal, verbose_name=_("提案"), on_delete=models.PROTECT, related_name="replies"
    )
    doc_number = models.CharField(_("文号"), max_length=60, unique=True)
    handling_unit = models.ForeignKey(
        Unit, verbose_name=_("承办单位"), on_delete=models.PROTECT, related_name="proposal_replies"
    )
    signed_on = models.DateField(_("签发日期"))
    issued_on = models.DateField(_("印发日期"), null=True, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=40, blank=True)
    contact_phones = models.JSONField(_("联系电话"), default=list, blank=True)
    copy_to = models.JSONField(_("抄送单位"), default=list, blank=True)
    full_text = models.TextField(_("答复全文"))
    # The earlier replies' commitments this reply follows up (set by a reviewer on its page).
    follows_up = models.ManyToManyField(
        "proposals.Commitment",
        verbose_name=_("跟进的承诺"),
        blank=True,
        related_name="followed_up_by",
    )
    # The full text and header, segmented by jieba and joined by spaces (proposals/search.py):
    # PostgreSQL indexes to_tsvector('simple', search_tokens) with GIN; SQLite matches tokens.
    search_tokens = models.TextField(_("检索分词"), blank=True, editable=False)
    source_file = models.CharField(_("原文文件"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("提案答复")
        verbose_name_plural = _("提案答复")
        ordering = ["-signed_on", "doc_number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    signed_on__gte=dt.date(MIN_YEAR, 1, 1), signed_on__lte=dt.date(MAX_YEAR, 12, 31)
                ),
                name="reply_signed_year_in_range",
            ),
            # Printed after it is signed, never before.
            models.CheckConstraint(
                condition=Q(issued_on__isnull=True) | Q(issued_on__gte=F("signed_on")),
                name="reply_issued_after_signed",
            ),
        ]

    def __str__(self):
        return self.doc_number

    @property
    def year(self) -> int:
        return self.signed_on.year


class Commitment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("待落实")
        IN_PROGRESS = "in_progress", _("推进中")
        REPORTED = "reported", _("已报告待确认")
        FULFILLED = "fulfilled", _("已落实")
        OVERDUE = "overdue", _("逾期未落实")
        NOT_MEASURABLE = "not_measurable", _("持续推进")

    reply = models.ForeignKey(
        Reply, verbose_name=_("答复"), on_delete=models.CASCADE, related_name="commitments"
    )
    number = models.PositiveSmallIntegerField(_("序号"))
    text = models.TextField(_("承诺内容"))
    quantity = models.DecimalField(
        _("数量"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    unit_of_measure = models.CharField(_("计量单位"), max_length=20, blank=True)
    comparator = models.CharField(
        _("比较"), max_length=10, choices=Comparator.choices, blank=True, default=""
    )
    deadline = models.DateField(_("完成期限"), null=True, blank=True)
    responsible_unit = models.ForeignKey(
        Unit, verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="commitments"
    )
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("关联指标"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("区域"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commitments",
        help_text=_("对照实际值的区域；留空为全市"),
    )
    task = models.ForeignKey(
        Task,
        verbose_name=_("关联任务"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    evidence = models.TextField(_("落实依据"), blank=True)
    status_changed_at = models.DateTimeField(_("状态变更时间"), null=True, blank=True)
    # Kept by its unit's word, confirmed by a reviewer (four eyes): services/commitment_evidence.py.
    kept_on = models.DateField(_("落实日期"), null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报告人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reported_at = models.DateTimeField(_("报告时间"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("承诺事项")
        verbose_name_plural = _("承诺事项")
        ordering = ["reply", "number"]
        constraints = [
            models.UniqueConstraint(fields=["reply", "number"], name="commitment_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="commitment_number_positive"),
            # A quantity without its comparator cannot be checked against an actual.
            models.CheckConstraint(
                condition=Q(quantity__isnull=True) | ~Q(comparator=""),
                name="commitment_quantity_has_comparator",
            ),
        ]
        indexes = [models.Index(fields=["responsible_unit", "status"])]

    def __str__(self):
        return f"{self.reply_id}#{self.number} {self.text[:30]}"

    @property
    def is_quantified(self) -> bool:
        return self.quantity is not None


class ReportedFigure(models.Model):
    reply = models.ForeignKey(
        Reply, verbose_name=_("答复"), on_delete=models.CASCADE, related_name="reported_figures"
    )
    number = models.PositiveSmallIntegerField(_("序号"))
    value = models.DecimalField(_("数值"), max_digits=20, decimal_places=6)
    unit_of_measure = models.CharField(_("计量单位"), max_length=20)
    year = models.PositiveSmallIntegerField(_("年份"))
    sentence = models.TextField(_("原文语句"))
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("关联指标"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reported_figures",
    )
    region = models.ForeignKey(
        Region, verbose_name=_("区域"), on_delete=models.PROTECT, related_name="reported_figures"
    )
    task = models.ForeignKey(
        Task,
        verbose_name=_("关联任务"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reported_figures",
    )

    class Meta:
        verbose_name = _("报告数据")
        verbose_name_plural = _("报告数据")
        ordering = ["reply", "number"]
        constraints = [
            models.UniqueConstraint(fields=["reply", "number"], name="figure_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="figure_number_positive"),
            models.CheckConstraint(condition=year_in_range(), name="figure_year_in_range"),
            models.CheckConstraint(
                condition=~Q(unit_of_measure=""), name="figure_has_unit_of_measure"
            ),
        ]

    def __str__(self):
        return f"{self.reply_id} {self.year} {self.value}{self.unit_of_measure}"
