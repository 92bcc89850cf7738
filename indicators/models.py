"""The policy domain: plans, levers, tasks, units, regions, indicators, targets, actuals.

Rules that protect the data live in the database (unique keys, check constraints), not only in
forms, so that an Excel import, the API, the admin and a shell session are held to them too.
Business rules (who may write what, the workflow) live in `indicators/services.py`.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
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
        return f"（{self.number}）{self.name}"


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
    tasks = models.ManyToManyField(
        Task, blank=True, related_name="indicators", verbose_name=_("相关任务")
    )
    source_quote = models.TextField(_("原文"), blank=True)

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
        return f"{self.name}（{self.unit_of_measure}）"


class Target(models.Model):
    class Comparator(models.TextChoices):
        GTE = "gte", "≥"
        APPROX = "approx", "≈"
        LTE = "lte", "≤"

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
    source_quote = models.TextField(_("原文"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("目标值")
        verbose_name_plural = _("目标值")
        ordering = ["indicator", "region", "year", "plan"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "region", "year", "plan"], name="target_unique_cell"
            ),
            models.CheckConstraint(condition=year_in_range(), name="target_year_in_range"),
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.region} {self.year} {self.get_comparator_display()}{self.value}"


class WorkflowState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    APPROVED = "approved", _("已审核")
    RETURNED = "returned", _("已退回")


class Actual(models.Model):
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
    year = models.PositiveSmallIntegerField(_("年份"))
    value = models.DecimalField(_("实际值"), max_digits=20, decimal_places=6)
    state = models.CharField(
        _("状态"), max_length=10, choices=WorkflowState.choices, default=WorkflowState.DRAFT
    )
    origin = models.CharField(
        _("来源"), max_length=10, choices=Origin.choices, default=Origin.ENTRY
    )
    source_note = models.TextField(_("数据来源说明"), blank=True)
    explanation = models.TextField(_("变动说明"), blank=True)
    review_comment = models.TextField(_("审核意见"), blank=True)
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
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("实际值")
        verbose_name_plural = _("实际值")
        ordering = ["indicator", "region", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "region", "year"], name="actual_unique_cell"
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
        return f"{self.indicator.code} {self.region} {self.year} = {self.value}"


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


class TaskReport(models.Model):
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
    state = models.CharField(
        _("状态"), max_length=10, choices=WorkflowState.choices, default=WorkflowState.DRAFT
    )
    review_comment = models.TextField(_("审核意见"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        null=True,
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
    version = models.PositiveIntegerField(_("版本"), default=1)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
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


class Profile(models.Model):
    """What a staff account is bound to: bureau staff to a unit, county staff to a region.

    The role itself is the user's Django group (see indicators/roles.py).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="profile",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("所属单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("所属区域"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )

    class Meta:
        verbose_name = _("用户资料")
        verbose_name_plural = _("用户资料")

    def __str__(self):
        return str(self.user)


class ProgressSnapshot(models.Model):
    """What the progress engine derived for one indicator × region × year (docs/progress.md).

    Written only by `indicators.progress.recompute_progress`; pages and the API read it and
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
    attainment = models.FloatField(_("完成率"), null=True)
    gap = models.FloatField(_("差距"), null=True)
    progress_to_goal = models.FloatField(_("目标进度"), null=True)
    year_status = models.CharField(_("年度状态"), max_length=20, choices=YearStatus.choices)
    outlook_status = models.CharField(_("趋势研判"), max_length=30, choices=Outlook.choices)
    outlook_ratio = models.FloatField(null=True)
    projected_final_value = models.FloatField(null=True)
    final_year = models.PositiveSmallIntegerField(null=True)
    final_goal = models.FloatField(null=True)
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


class ApiToken(models.Model):
    """A REST client's key (the API, issue 7). It acts as its user: the user's role and unit/region apply.

    Only a SHA-256 digest of the key is stored; the key itself is shown once, when an administrator
    creates the token (indicators/api/tokens.py). A revoked token is kept, so its use stays traceable.
    """

    client_name = models.CharField(_("客户端名称"), max_length=100)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("代表用户"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
        help_text=_("令牌以该用户的身份访问：该用户的角色和所属单位、区域同样适用"),
    )
    read_only = models.BooleanField(
        _("只读"), default=True, help_text=_("只读令牌的任何写入请求都会被拒绝")
    )
    key_prefix = models.CharField(_("密钥前缀"), max_length=16, editable=False)
    key_digest = models.CharField(_("密钥摘要"), max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.client_name}（{self.key_prefix}…）"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class StaleIndicator(models.Model):
    """An indicator whose recompute could not be queued (the broker was unreachable).

    Written by `indicators.progress.mark_stale` next to `ProgressSnapshot.stale`, because an
    indicator may have no snapshot yet to carry the flag; `recompute_stale_progress` recomputes
    every indicator listed here and removes the marks it has caught up.
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
