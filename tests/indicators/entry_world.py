"""A small world for the entry tests: one person per role, a few indicators of every kind.

Built without the seed so each test stays fast; the names follow the real ones so failures read
naturally. `make_world()` returns everything a test needs as attributes. Its people are the
standard personas (tests.factories.PERSONAS), bound to this world's 市科技局 and 鹿城区, plus one
person of the other bureau and one of the other county.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal

from openpyxl import Workbook

from indicators.entry import services
from indicators.models import (
    Actual,
    Indicator,
    Region,
    Task,
    TaskUnit,
    Unit,
    WorkflowState,
)
from indicators.roles import Role
from tests.factories import (
    IndicatorFactory,
    PlanFactory,
    RegionFactory,
    UnitFactory,
    make_person,
    make_persona,
)

YEAR = 2024  # a past year with nothing closed


@dataclass
class World:
    plan: object
    city: Region
    county_region: Region
    other_region: Region
    bureau_unit: Unit
    other_unit: Unit
    share: Indicator  # % level, led by the bureau (like K1)
    count: Indicator  # 家 stock, led by the bureau (like K4)
    growth: Indicator  # % growth rate, led by the bureau (like K9)
    money: Indicator  # 亿元 flow, led by the bureau (like K7)
    rank: Indicator  # 位 level, lower is better (like G-1)
    other_count: Indicator  # 个 stock led by the other bureau
    task: Task  # led by the bureau, co-unit: the other bureau
    other_task: Task  # the other bureau alone
    leader: object
    bureau: object
    other_bureau: object
    county: object
    other_county: object
    reviewer: object
    admin: object

    def user(self, role: str):
        return getattr(self, role)


ROLES = ["leader", "bureau", "county", "reviewer", "admin"]


def make_world() -> World:
    plan = PlanFactory(code="wzf-test")
    city = RegionFactory(name="温州市", code="330300", kind=Region.Kind.CITY, in_rollup=False)
    county_region = RegionFactory(name="鹿城区", code="330302")
    other_region = RegionFactory(name="龙湾区", code="330303")
    bureau_unit = UnitFactory(name="市科技局")
    other_unit = UnitFactory(name="市经信局")

    def indicator(code, name, unit, kind, lead, decimals=0, direction="higher"):
        return IndicatorFactory(
            code=code,
            name=name,
            unit_of_measure=unit,
            kind=kind,
            decimals=decimals,
            direction=direction,
            lead_unit=lead,
            plan=plan,
            category=Indicator.Category.KEY if code.startswith("K") else Indicator.Category.TASK,
            key_order=int(code[1:]) if code.startswith("K") else None,
            rollup=Indicator.Rollup.SUM if kind in {"stock", "flow"} else Indicator.Rollup.NONE,
        )

    share = indicator(
        "K1", "R&D经费占地区生产总值的比重", "%", Indicator.Kind.LEVEL, bureau_unit, decimals=1
    )
    count = indicator("K4", "高新技术企业累计数", "家", Indicator.Kind.STOCK, bureau_unit)
    growth = indicator(
        "K9", "高新技术产业投资增速", "%", Indicator.Kind.GROWTH_RATE, bureau_unit, decimals=1
    )
    money = indicator("K7", "技术交易额", "亿元", Indicator.Kind.FLOW, bureau_unit)
    rank = indicator(
        "G-1", "温州国家高新区全国排名", "位", Indicator.Kind.LEVEL, bureau_unit, direction="lower"
    )
    other_count = indicator(
        "T12-1", "实施产业链协同创新项目", "个", Indicator.Kind.STOCK, other_unit
    )

    task = Task.objects.create(plan=plan, number=1, title="建设高能级创新平台", text="……")
    TaskUnit.objects.create(task=task, unit=bureau_unit, position=1, is_lead=True)
    TaskUnit.objects.create(task=task, unit=other_unit, position=2, is_lead=False)
    other_task = Task.objects.create(plan=plan, number=2, title="推进智能化技改", text="……")
    TaskUnit.objects.create(task=other_task, unit=other_unit, position=1, is_lead=True)

    return World(
        plan=plan,
        city=city,
        county_region=county_region,
        other_region=other_region,
        bureau_unit=bureau_unit,
        other_unit=other_unit,
        share=share,
        count=count,
        growth=growth,
        money=money,
        rank=rank,
        other_count=other_count,
        task=task,
        other_task=other_task,
        leader=make_persona("leader"),
        bureau=make_persona("bureau"),
        other_bureau=make_person("bureau2", Role.BUREAU_STAFF, unit=other_unit),
        county=make_persona("county"),
        other_county=make_person("county2", Role.COUNTY_STAFF, region=other_region),
        reviewer=make_persona("reviewer"),
        admin=make_persona("admin"),
    )


def approved_actual(indicator, region, year, value, *, user=None) -> Actual:
    """An approved value written directly (a baseline, say), with its history."""
    actual = Actual(
        indicator=indicator,
        region=region,
        year=year,
        value=Decimal(str(value)),
        state=WorkflowState.APPROVED,
    )
    actual._history_user = user
    actual._change_reason = "测试：基期值"
    actual.save()
    return actual


def submitted_actual(
    w: World, indicator, region, year, value, *, user=None, explanation=""
) -> Actual:
    user = user or (w.county if region == w.county_region else w.bureau)
    actual = services.actual_save(
        user=user,
        indicator=indicator,
        region=region,
        year=year,
        value=value,
        explanation=explanation,
    )
    return services.review_submit(user=user, obj=actual)


def xlsx_bytes(rows: list[list], *, title: str = "填报", build=None) -> bytes:
    """A real .xlsx made by openpyxl; `build(ws)` may add merges, formats, formulas."""
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    if build:
        build(ws)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
