"""The catalogue: plans, levers, tasks and their units, regions, indicators and their targets.

Rules that protect the data live in the database (unique keys, check constraints), not only in
forms, so that an Excel import, the API, the admin and a shell session are held to them too.
Business rules (who may write what, the workflow) live in the services of each feature package.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

MIN_YEAR = 2000
MAX_YEAR = 2100


def year_in_range(field: str = "year") -> Q:
    return Q(**{f"{field}__gte": MIN_YEAR, f"{field}__lte": MAX_YEAR})


class Plan(models.Model):
    code = models.SlugField(_("代码"), max_length=40, unique=True)
    doc_number = models.CharField(_("文号"), max_length=60, unique=True)
    title = models.CharField(_("标题"), max_length=300)
    issuer = models.CharField(_("发文机关"), max_length=100)
    issued_on = models.DateField(_("成文日期"))
    start_year = models.PositiveSmallIntegerField(_("起始年"))
    end_year = models.PositiveSmallIntegerField(_("终止年"))
    source_file = models.CharField(_("原文文件"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("规划方案")
        verbose_name_plural = _("规划方案")
        ordering = ["issued_on"]
        constraints = [
            models.CheckConstraint(
                condition=year_in_range("start_year")
                & year_in_range("end_year")
                & Q(start_year__lte=F("end_year")),
                name="plan_years_sane",
            )
        ]

    def __str__(self):
        return self.doc_number


class Region(models.Model):
    class Kind(models.TextChoices):
        CITY = "city", _("市")
        DISTRICT = "district", _("区")
        COUNTY_CITY = "county_city", _("县级市")
        COUNTY = "county", _("县")
        FUNCTIONAL_ZONE = "functional_zone", _("功能区")

    code = models.CharField(_("代码"), max_length=12, unique=True)
    name = models.CharField(_("名称"), max_length=40, unique=True)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    in_rollup = models.BooleanField(
        _("计入全市合计"), default=False, help_text=_("该区域数值是否应加总为全市数值")
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("区域")
        verbose_name_plural = _("区域")
        ordering = ["order"]
        constraints = [
            # Exactly one city: the benchmark and the roll-up both rely on it.
            models.UniqueConstraint(
                fields=["kind"], condition=Q(kind="city"), name="one_city_region"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_city(self) -> bool:
        return self.kind == self.Kind.CITY


class RegionGroup(models.Model):
    name = models.CharField(_("名称"), max_length=40, unique=True)
    members = models.ManyToManyField(Region, related_name="groups", verbose_name=_("成员"))

    class Meta:
        verbose_name = _("区域组")
        verbose_name_plural = _("区域组")

    def __str__(self):
        return self.name


class Unit(models.Model):
    class Kind(models.TextChoices):
        BUREAU = "bureau", _("市级部门")
        COUNTY_GOVERNMENT = "county_government", _("县（市、区）政府")
        COMMITTEE = "committee", _("管委会")
        UNIVERSITY = "university", _("高校")
        LAB = "lab", _("实验室")
        ENTERPRISE = "enterprise", _("企业、机构")
        COLLECTIVE = "collective", _("集合（各单位）")

    name = models.CharField(_("名称"), max_length=80, unique=True)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    region = models.ForeignKey(
        Region,
        verbose_name=_("区域"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("责任单位")
        verbose_name_plural = _("责任单位")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Lever(models.Model):
    plan = models.ForeignKey(
        Plan, verbose_name=_("规划方案"), on_delete=models.CASCADE, related_name="levers"
    )
    number = models.PositiveSmallIntegerField(_("序号"))
    name = models.CharField(_("抓手"), max_length=100)
    action = models.CharField(_("行动"), max_length=100)

    class Meta:
        verbose_name = _("抓手")
        verbose_name_plural = _("抓手")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="lever_unique_number")
        ]

    def __str__(self):
        return gettext("（%(number)s）%(name)s") % {"number": self.number, "name": self.name}


class Task(models.Model):
    class Kind(models.TextChoices):
        KEY = "key", _("重点任务")
        PILOT = "pilot", _("改革试点任务")

    plan = models.ForeignKey(
        Plan, verbose_name=_("规划方案"), on_delete=models.CASCADE, related_name="tasks"
    )
    lever = models.ForeignKey(
        Lever,
        verbose_name=_("抓手"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.KEY)
    number = models.PositiveSmallIntegerField(_("序号"))
    parent = models.ForeignKey(
        "self",
        verbose_name=_("所属任务"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pilots",
    )
    title = models.CharField(_("名称"), max_length=200)
    text = models.TextField(_("内容"))
    units = models.ManyToManyField(
        Unit, through="TaskUnit", related_name="tasks", verbose_name=_("责任单位")
    )

    class Meta:
        verbose_name = _("任务")
        verbose_name_plural = _("任务")
        ordering = ["plan", "kind", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "kind", "number"], name="task_unique_number")
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    @property
    def lead_unit(self):
        link = next((tu for tu in self.task_units.all() if tu.is_lead), None)
        return link.unit if link else None


class TaskUnit(models.Model):
    """A responsible unit of a task, in printed order; the first listed leads (列第一位的为牵头单位)."""

    task = models.ForeignKey(
        Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="task_units"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="task_links"
    )
    position = models.PositiveSmallIntegerField(_("排序"))
    is_lead = models.BooleanField(_("牵头"), default=False)

    class Meta:
        verbose_name = _("任务责任单位")
        verbose_name_plural = _("任务责任单位")
        ordering = ["task", "position"]
        constraints = [
            models.UniqueConstraint(fields=["task", "position"], name="taskunit_unique_position"),
            models.UniqueConstraint(fields=["task", "unit"], name="taskunit_unique_unit"),
            models.CheckConstraint(
                condition=Q(is_lead=True, position=1) | Q(is_lead=False, position__gt=1),
                name="taskunit_lead_is_first",
            ),
        ]

    def __str__(self):
        return f"{self.task_id}#{self.position} {self.unit}"


class Indicator(models.Model):
    class Category(models.TextChoices):
        KEY = "key", _("重点指标")
        GOAL = "goal", _("总体目标")
        TASK = "task", _("任务指标")
        # a series another indicator's relative target is judged against (全省平均水平)
        REFERENCE = "reference", _("参照序列")

    class Kind(models.TextChoices):
        LEVEL = "level", _("水平值（比率）")
        STOCK = "stock", _("累计值")
        FLOW = "flow", _("年度流量")
        GROWTH_RATE = "growth_rate", _("增长率")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("越高越好")
        LOWER = "lower", _("越低越好")

    class Rollup(models.TextChoices):
        SUM = "sum", _("各区域加总为全市")
        NONE = "none", _("不可加总")

    class Frequency(models.TextChoices):
        # Which periods it reports, year to date (indicators/compute/periods.py).
        MONTHLY = "monthly", _("按月")
        QUARTERLY = "quarterly", _("按季")
        HALF_YEARLY = "half_yearly", _("按半年")
        YEARLY = "yearly", _("按年")

    class Scope(models.TextChoices):
        # Who reports the indicator (docs/reporting.md): the seed assigns it from this.
        CITY = "city", _("全市")
        COUNTIES = "counties", _("县（市、区）")
        WITH_ZONES = "with_zones", _("含功能区")

    code = models.CharField(_("代码"), max_length=20, unique=True)
    name = models.CharField(_("名称"), max_length=200)
    category = models.CharField(_("类别"), max_length=10, choices=Category.choices)
    key_order = models.PositiveSmallIntegerField(
        _("重点指标序号"), null=True, blank=True, unique=True
    )
    unit_of_measure = models.CharField(_("计量单位"), max_length=20)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    direction = models.CharField(
        _("方向"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    decimals = models.PositiveSmallIntegerField(_("小数位数"), default=0)
    rollup = models.CharField(
        _("区域汇总"), max_length=10, choices=Rollup.choices, default=Rollup.NONE
    )
    plan = models.ForeignKey(
        Plan, verbose_name=_("出处方案"), on_delete=models.PROTECT, related_name="indicators"
    )
    lead_unit = models.ForeignKey(
        Unit,
        verbose_name=_("牵头单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_indicators",
    )
    # The documents name the lead unit of a task ("列第一位的为牵头单位"), never of an
    # indicator: where the seed takes an indicator's lead unit from the task it belongs to, this
    # names that task, so the pages say where the unit comes from. None: set by an administrator
    # (indicator_save clears it when the lead unit is changed), or no lead unit at all, which the
    # pages show as 文件未明确.
    lead_unit_task = models.ForeignKey(
        Task,
        verbose_name=_("牵头单位依据的任务"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    tasks = models.ManyToManyField(
        Task, blank=True, related_name="indicators", verbose_name=_("相关任务")
    )
    source_quote = models.TextField(_("原文"), blank=True)
    scope = models.CharField(
        _("填报范围"),
        max_length=12,
        choices=Scope.choices,
        default=Scope.WITH_ZONES,
        help_text=_("全市：只填全市数；县（市、区）：全市及各县（市、区）；含功能区：另加功能区"),
    )

    frequency = models.CharField(
        _("填报频度"),
        max_length=12,
        choices=Frequency.choices,
        default=Frequency.YEARLY,
        help_text=_("按月、按季、按半年填报的为年初至当期的累计数，全年数另填"),
    )

    class Meta:
        verbose_name = _("指标")
        verbose_name_plural = _("指标")
        ordering = ["category", "key_order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(unit_of_measure=""), name="indicator_has_unit_of_measure"
            ),
            models.CheckConstraint(condition=Q(decimals__lte=6), name="indicator_decimals_sane"),
            models.CheckConstraint(
                condition=Q(category="key", key_order__isnull=False) | Q(key_order__isnull=True),
                name="indicator_key_order_only_for_key",
            ),
        ]

    def __str__(self):
        return gettext("%(name)s（%(unit)s）") % {"name": self.name, "unit": self.unit_of_measure}


class TargetSource(models.TextChoices):
    NOTICE = "notice", _("分解文件")
    COUNTY = "county", _("县区自定")


class Target(models.Model):
    class Comparator(models.TextChoices):
        GTE = "gte", "≥"
        APPROX = "approx", "≈"
        LTE = "lte", "≤"

    class TargetType(models.TextChoices):
        """docs/progress.md, "Target types"; the engine's TARGET_TYPES."""

        VALUE = "value", _("目标值")
        AVERAGE_GROWTH = "average_growth", _("年均增长")  # value: % a year, judged by CAGR
        RELATIVE = "relative", _("相对目标")  # value: the margin over the reference series
        COVERAGE = "coverage", _("全覆盖")  # value: N, the regions or entities to cover

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), on_delete=models.CASCADE, related_name="targets"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("区域"), on_delete=models.PROTECT, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(_("年份"))
    plan = models.ForeignKey(
        Plan, verbose_name=_("出处方案"), on_delete=models.PROTECT, related_name="targets"
    )
    value = models.DecimalField(_("目标值"), max_digits=20, decimal_places=6)
    comparator = models.CharField(
        _("比较"), max_length=10, choices=Comparator.choices, default=Comparator.GTE
    )
    every_year = models.BooleanField(_("每年目标"), default=False)
    target_type = models.CharField(
        _("目标类型"), max_length=20, choices=TargetType.choices, default=TargetType.VALUE
    )
    reference_indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("参照序列"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="relative_targets",
    )
    coverage_group = models.ForeignKey(
        RegionGroup,
        verbose_name=_("覆盖范围"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="coverage_targets",
    )
    source_quote = models.TextField(_("原文"), blank=True)
    # Where a region's own target (分解目标) comes from: the city's notice (its 文号 and date) or
    # the county's own decision (县区自定); blank for a target printed in the plan itself.
    source_kind = models.CharField(
        _("目标来源"), max_length=10, choices=TargetSource.choices, blank=True, default=""
    )
    source_doc_number = models.CharField(_("文号"), max_length=100, blank=True)
    source_date = models.DateField(_("文件日期"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("目标值")
        verbose_name_plural = _("目标值")
        ordering = ["indicator", "region", "year", "plan"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "region", "year", "plan", "target_type"],
                name="target_unique_cell",
            ),
            models.CheckConstraint(
                condition=Q(target_type="relative", reference_indicator__isnull=False)
                | (~Q(target_type="relative") & Q(reference_indicator__isnull=True)),
                name="target_reference_only_for_relative",
            ),
            models.CheckConstraint(condition=year_in_range(), name="target_year_in_range"),
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.region} {self.year} {self.get_comparator_display()}{self.value}"
