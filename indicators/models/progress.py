"""What the progress engine derived (snapshots), and what it still has to recompute."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from indicators.models.catalogue import Indicator, Plan, Region


class SnapshotQuerySet(models.QuerySet):
    def with_marks(self) -> "SnapshotQuerySet":
        """Annotate ``shown_stale`` (待更新 as pages and the API show it): the row's own flag,
        or its indicator's mark (StaleIndicator: a recompute under way or not yet queued)."""
        marked = models.Exists(
            StaleIndicator.objects.filter(indicator_id=models.OuterRef("indicator_id"))
        )
        return self.annotate(
            shown_stale=models.Case(
                models.When(models.Q(stale=True) | models.Q(marked), then=models.Value(True)),
                default=models.Value(False),
                output_field=models.BooleanField(),
            )
        )


class ProgressSnapshot(models.Model):
    """What the progress engine derived for one indicator × region × year (docs/progress.md).

    Written only by `indicators.progress.recompute.recompute_progress`; pages and the API read it and
    never compute progress on request.
    """

    class YearStatus(models.TextChoices):
        MET = "met", _("已达标")
        NEARLY_MET = "nearly_met", _("接近达标")
        NOT_MET = "not_met", _("未达标")
        NO_DATA = "no_data", _("暂无数据")
        NO_TARGET = "no_target", _("无目标")

    class Outlook(models.TextChoices):
        ACHIEVED = "achieved", _("已实现目标")
        ON_TRACK = "on_track", _("按期可达")
        NEEDS_ACCELERATION = "needs_acceleration", _("需加快")
        LIMITED_PROGRESS = "limited_progress", _("进展有限")
        DETERIORATION = "deterioration", _("倒退")
        NOT_ASSESSED = "not_assessed", _("无法评估")
        NOT_APPLICABLE = "not_applicable", _("不适用")

    class TargetType(models.TextChoices):  # as Target.TargetType; docs/progress.md
        VALUE = "value", _("目标值")
        AVERAGE_GROWTH = "average_growth", _("年均增长")
        RELATIVE = "relative", _("相对目标")
        COVERAGE = "coverage", _("全覆盖")

    class TargetSource(models.TextChoices):
        OWN = "own", _("本区域目标")
        CITY_BENCHMARK = "city_benchmark", _("对标全市目标")
        NONE = "none", _("无目标")

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="snapshots")
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="snapshots")
    year = models.PositiveSmallIntegerField(_("年份"))
    target_value = models.FloatField(_("年度目标"), null=True)
    target_comparator = models.CharField(max_length=10, blank=True)
    target_interpolated = models.BooleanField(_("插值目标"), default=False)
    target_plan = models.ForeignKey(Plan, null=True, on_delete=models.SET_NULL, related_name="+")
    target_source = models.CharField(
        max_length=20, choices=TargetSource.choices, default=TargetSource.NONE
    )
    other_target_value = models.FloatField(null=True)
    other_target_plan = models.ForeignKey(
        Plan, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actual_value = models.FloatField(_("实际值"), null=True)
    actual_provisional = models.BooleanField(_("未审核"), default=False)
    # The vintage of the annual figure the status rests on (快报, 年报, 修订); blank: no figure.
    actual_vintage = models.CharField(_("数据版本"), max_length=10, blank=True)
    attainment = models.FloatField(_("完成率"), null=True)
    gap = models.FloatField(_("差距"), null=True)
    progress_to_goal = models.FloatField(_("目标进度"), null=True)
    year_status = models.CharField(_("年度状态"), max_length=20, choices=YearStatus.choices)
    outlook_status = models.CharField(_("趋势研判"), max_length=30, choices=Outlook.choices)
    outlook_ratio = models.FloatField(null=True)
    projected_final_value = models.FloatField(null=True)
    final_year = models.PositiveSmallIntegerField(null=True)
    final_goal = models.FloatField(null=True)
    final_comparator = models.CharField(max_length=10, blank=True)
    # The series' average-growth, relative or coverage target, judged apart (special_targets.py):
    # r and the CAGR so far (% a year), the reference's value and the actual, N and the covered.
    target_type = models.CharField(
        _("目标类型"), max_length=20, choices=TargetType.choices, default=TargetType.VALUE
    )
    special_target = models.FloatField(null=True)
    special_actual = models.FloatField(null=True)
    special_status = models.CharField(
        max_length=20, choices=YearStatus.choices, default=YearStatus.NO_TARGET
    )
    required_annual_change = models.FloatField(null=True)
    required_growth_rate = models.FloatField(null=True)
    rollup_sum = models.FloatField(null=True)
    rollup_count = models.PositiveIntegerField(null=True)
    rollup_expected = models.PositiveIntegerField(null=True)
    rollup_deviation = models.BooleanField(default=False)
    share_of_city = models.FloatField(null=True)
    computed_at = models.DateTimeField(_("计算时间"))
    input_fingerprint = models.CharField(_("输入指纹"), max_length=64)
    stale = models.BooleanField(_("待更新"), default=False)

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        verbose_name = _("进度快照")
        verbose_name_plural = _("进度快照")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "region", "year"], name="snapshot_unique_cell"
            ),
        ]
        indexes = [models.Index(fields=["year", "region"]), models.Index(fields=["stale"])]

    def __str__(self):
        return f"{self.indicator_id}/{self.region_id}/{self.year}: {self.year_status}"

    @property
    def pending(self) -> bool:
        """待更新 as shown: the row's flag or its indicator's mark (``with_marks()`` reads both
        in the row's query; without it, one query per row)."""
        if self.pk is None:  # not read from the database (a test's or a preview's row)
            return self.stale
        if "shown_stale" not in self.__dict__:
            self.__dict__["shown_stale"] = (
                self.stale or StaleIndicator.objects.filter(indicator_id=self.indicator_id).exists()
            )
        return bool(self.__dict__["shown_stale"])


class PeriodSnapshot(models.Model):
    """序时进度 of one indicator × region × year × period (year to date, docs/progress.md).

    Written only by the recompute (indicators.progress) from the period's figure and the year's
    target; pages and the API read it.
    """

    class PaceStatus(models.TextChoices):
        AHEAD = "ahead", _("超序时")
        ON_PACE = "on_pace", _("符合序时")
        BEHIND = "behind", _("落后序时")
        NO_TARGET = "no_target", _("无目标")

    class Profile(models.TextChoices):
        LINEAR = "linear", _("按时间均匀")
        SEASONAL = "seasonal", _("按往年季节规律")
        DIRECT = "direct", _("与年度目标直接比较")
        FROM_START = "from_start", _("从上年末值按时间推进")

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="period_snapshots"
    )
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="period_snapshots")
    year = models.PositiveSmallIntegerField(_("年份"))
    period = models.PositiveSmallIntegerField(_("期间（截至月份）"))
    actual_value = models.FloatField(_("累计实际值"))
    actual_provisional = models.BooleanField(_("未审核"), default=False)
    actual_vintage = models.CharField(_("数据版本"), max_length=10, blank=True)
    target_value = models.FloatField(_("年度目标"), null=True)
    target_source = models.CharField(
        max_length=20,
        choices=ProgressSnapshot.TargetSource.choices,
        default=ProgressSnapshot.TargetSource.NONE,
    )
    elapsed_share = models.FloatField(_("序时比例"), null=True)
    expected_value = models.FloatField(_("序时目标"), null=True)
    share_of_target = models.FloatField(_("占年度目标"), null=True)
    pace_ratio = models.FloatField(_("序时完成率"), null=True)
    pace_status = models.CharField(
        _("序时状态"), max_length=10, choices=PaceStatus.choices, default=PaceStatus.NO_TARGET
    )
    profile = models.CharField(
        _("序时口径"), max_length=12, choices=Profile.choices, default=Profile.LINEAR
    )
    # The earlier years a seasonal profile was taken from, e.g. "2020,2021,2022"; blank otherwise.
    profile_years = models.CharField(_("季节规律年份"), max_length=60, blank=True)
    computed_at = models.DateTimeField(_("计算时间"))

    class Meta:
        verbose_name = _("序时进度快照")
        verbose_name_plural = _("序时进度快照")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "region", "year", "period"], name="period_snapshot_unique"
            ),
        ]
        indexes = [models.Index(fields=["year", "region"], name="period_snapshot_year_region")]

    def __str__(self):
        return f"{self.indicator_id}/{self.region_id}/{self.year}-{self.period}: {self.pace_status}"


class StaleIndicator(models.Model):
    """An indicator whose snapshots are not up to date: its recompute is under way (marked
    before the work, removed with the write) or could not be queued (the broker was unreachable).

    Written by `indicators.progress.queue.mark_stale`. One row stands for all the indicator's
    snapshots: pages and the API show them 待更新 while it exists (`ProgressSnapshot.pending`,
    `SnapshotQuerySet.with_marks`), so marking never rewrites the snapshots themselves.
    `recompute_stale_progress` recomputes every indicator listed here and removes the marks it
    has caught up.
    """

    indicator = models.OneToOneField(
        Indicator, verbose_name=_("指标"), on_delete=models.CASCADE, related_name="stale_mark"
    )
    marked_at = models.DateTimeField(_("标记时间"))

    class Meta:
        verbose_name = _("待重算指标")
        verbose_name_plural = _("待重算指标")

    def __str__(self):
        return f"{self.indicator_id} @ {self.marked_at:%Y-%m-%d %H:%M:%S}"
