"""Values that people enter and reviewers approve (actuals, task reports, under one abstract
Reviewable), and closed years."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from indicators.models.catalogue import Indicator, Region, Task, Unit, year_in_range


class WorkflowState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    APPROVED = "approved", _("已审核")
    RETURNED = "returned", _("已退回")


class Reviewable(models.Model):
    """What every row under review shares: draft → submitted → approved, or returned with a
    comment; who entered and reviewed it, when; a version for optimistic locking.

    Actual and TaskReport inherit these fields (each keeps its own table and columns); the one
    workflow that moves them is indicators/entry/services/workflow.py. Each concrete model keeps
    its own `history = HistoricalRecords()`, so its history table stays where it is.
    """

    state = models.CharField(
        _("状态"), max_length=10, choices=WorkflowState.choices, default=WorkflowState.DRAFT
    )
    review_comment = models.TextField(_("审核意见"), blank=True)
    # Set by the services, never typed in a form: optional in forms, empty for seeded rows.
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    # Optimistic concurrency: a save from a form that saw an older version is refused.
    version = models.PositiveIntegerField(_("版本"), default=1)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class Actual(Reviewable):
    class Origin(models.TextChoices):
        SEED = "seed", _("方案原文")
        ENTRY = "entry", _("表单填报")
        IMPORT = "import", _("Excel导入")
        API = "api", _("接口")
        DEMO = "demo", _("演示数据")

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), on_delete=models.CASCADE, related_name="actuals"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("区域"), on_delete=models.PROTECT, related_name="actuals"
    )

    class Vintage(models.TextChoices):
        # Ordered as indicators.compute.periods.VINTAGES: a later one supersedes an earlier one.
        FLASH = "flash", _("快报")
        FINAL = "final", _("年报（正式）")
        REVISED = "revised", _("修订")

    year = models.PositiveSmallIntegerField(_("年份"))
    # The month the period ends with, year to date: 9 is 1–9月, 12 the full year (年度).
    period = models.PositiveSmallIntegerField(_("期间（截至月份）"), default=12)
    vintage = models.CharField(
        _("数据版本"), max_length=10, choices=Vintage.choices, default=Vintage.FINAL
    )
    value = models.DecimalField(_("实际值"), max_digits=20, decimal_places=6)
    origin = models.CharField(
        _("来源"), max_length=10, choices=Origin.choices, default=Origin.ENTRY
    )
    source_note = models.TextField(_("数据来源说明"), blank=True)
    explanation = models.TextField(_("变动说明"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("实际值")
        verbose_name_plural = _("实际值")
        ordering = ["indicator", "region", "year", "period", "vintage"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "region", "year", "period", "vintage"],
                name="actual_unique_cell_period_vintage",
            ),
            models.CheckConstraint(
                condition=Q(period__gte=1, period__lte=12), name="actual_period_month"
            ),
            models.CheckConstraint(condition=year_in_range(), name="actual_year_in_range"),
        ]
        indexes = [
            # The dashboards' "recent submissions" and demo-data banner (issue 5) stay index
            # lookups at national scale; partial, so they hold only the rows they look for.
            models.Index(
                fields=["-submitted_at", "-id"],
                condition=Q(submitted_at__isnull=False),
                name="actual_recent_submitted",
            ),
            models.Index(fields=["origin"], condition=Q(origin="demo"), name="actual_demo_origin"),
        ]

    def __str__(self):
        period = "" if self.period == 12 else f"/1-{self.period}"
        return f"{self.indicator.code} {self.region} {self.year}{period} = {self.value}"


class YearClosure(models.Model):
    """A closed reporting year takes no edit until a reviewer reopens it (deletes the closure)."""

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("关闭人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("关闭时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("已关闭年度")
        verbose_name_plural = _("已关闭年度")
        constraints = [
            models.CheckConstraint(condition=year_in_range(), name="closure_year_in_range")
        ]

    def __str__(self):
        return str(self.year)


class TaskReport(Reviewable):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("未开始")
        ON_SCHEDULE = "on_schedule", _("按计划推进")
        DELAYED = "delayed", _("滞后")
        DONE = "done", _("已完成")

    class Period(models.IntegerChoices):
        YEAR = 0, _("全年")
        FIRST_HALF = 1, _("上半年")
        SECOND_HALF = 2, _("下半年")

    task = models.ForeignKey(
        Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="reports"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("报告单位"), on_delete=models.PROTECT, related_name="task_reports"
    )
    year = models.PositiveSmallIntegerField(_("年份"))
    period = models.PositiveSmallIntegerField(
        _("期间"), choices=Period.choices, default=Period.YEAR
    )
    status = models.CharField(_("进展"), max_length=20, choices=Status.choices)
    percent = models.PositiveSmallIntegerField(_("完成百分比"), default=0)
    text = models.TextField(_("进展说明"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("任务进展报告")
        verbose_name_plural = _("任务进展报告")
        ordering = ["task", "year", "period", "unit"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "unit", "year", "period"], name="taskreport_unique_period"
            ),
            models.CheckConstraint(condition=year_in_range(), name="taskreport_year_in_range"),
            models.CheckConstraint(condition=Q(percent__lte=100), name="taskreport_percent_le_100"),
        ]

    def __str__(self):
        return f"{self.task} {self.unit} {self.year}/{self.period}"
