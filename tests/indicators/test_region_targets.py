"""Region targets (分解目标): a reviewer enters or imports each region's target for an indicator
and year with its source; all rows or none; a decomposition short of the city target is flagged,
not refused; a region with its own target is judged against it (indicators/entry/services/targets.py)."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from common.errors import ImportRejected, PermissionDenied
from indicators.entry.services.targets import TargetRow, region_targets_save
from indicators.models import ProgressSnapshot, Target, TargetSource
from indicators.progress import batching
from tests.factories import TargetFactory
from tests.indicators.entry_world import approved_actual, make_world

pytestmark = pytest.mark.django_db
YEAR = 2024


@pytest.fixture
def w(db):
    world = make_world()
    # K7 (技术交易额, a flow that adds up): the city's 2024 target is 330
    TargetFactory(indicator=world.money, region=world.city, plan=world.plan, year=YEAR, value=330)
    return world


@pytest.fixture
def recomputes(monkeypatch):
    calls = []
    monkeypatch.setattr(
        batching,
        "request_recompute",
        lambda *, indicator_ids, periods=True: calls.append(list(indicator_ids)),
    )
    return calls


def region_targets(w) -> dict:
    return {
        t.region.name: t.value
        for t in Target.objects.filter(indicator=w.money, year=YEAR).exclude(region=w.city)
    }


def page_data(w, **per_region) -> dict:
    data = {"indicator": "K7", "year": YEAR}
    for region, (value, source, doc, date) in per_region.items():
        pk = getattr(w, region).pk
        data |= {f"value_{pk}": value, f"source_{pk}": source, f"doc_{pk}": doc, f"date_{pk}": date}
    return data


# --- entering on the page ---------------------------------------------------------------------
def test_a_decomposition_short_of_the_city_target_is_saved_and_flagged(client, w, recomputes):
    # Given the city's 2024 target of 330 for K7
    client.force_login(w.reviewer)
    # When the reviewer sets 鹿城区 at 100 (by notice) and 龙湾区 at 150 (its own decision)
    data = page_data(
        w,
        county_region=("100", "notice", "温科发〔2024〕5号", "2024-03-15"),
        other_region=("150", "county", "", ""),
    )
    response = client.post(reverse("entry:targets"), data, follow=True)
    # Then both are saved, with their sources
    assert response.status_code == 200
    assert region_targets(w) == {"鹿城区": Decimal("100"), "龙湾区": Decimal("150")}
    notice = Target.objects.get(indicator=w.money, region=w.county_region, year=YEAR)
    assert (notice.source_kind, notice.source_doc_number, notice.source_date) == (
        TargetSource.NOTICE,
        "温科发〔2024〕5号",
        dt.date(2024, 3, 15),
    )
    own = Target.objects.get(indicator=w.money, region=w.other_region, year=YEAR)
    assert own.source_kind == TargetSource.COUNTY and own.plan == w.plan
    # And the shortfall is flagged: 100 + 150 = 250, 80 below 330 — a message and on the page
    text = response.content.decode()
    assert "合计 250，低于全市目标 330，缺口 80" in text
    assert "decomposition-shortfall" in text
    # And the indicator's recompute was asked for once
    assert recomputes == [[w.money.pk]]


def test_the_service_reports_the_shortfall_in_its_result(w, recomputes):
    rows = [
        TargetRow(indicator="K7", region="鹿城区", year=YEAR, value="100", source_kind="县区自定"),
        TargetRow(indicator="K7", region="龙湾区", year=YEAR, value="230", source_kind="县区自定"),
    ]
    result = region_targets_save(user=w.reviewer, rows=rows)
    [decomposition] = result.decompositions
    assert (decomposition.check.region_sum, decomposition.check.shortfall) == (330, False)
    # When 龙湾区 is lowered to 200, the sum (300) falls 30 short
    rows[1].value = "200"
    result = region_targets_save(user=w.reviewer, rows=rows)
    assert (result.updated, result.unchanged) == (1, 1)
    assert [d.check.gap for d in result.shortfalls] == [30]


def test_every_change_is_in_the_history_with_the_reviewer(w, recomputes):
    row = TargetRow(indicator="K7", region="鹿城区", year=YEAR, value="100", source_kind="county")
    region_targets_save(user=w.reviewer, rows=[row])
    row.value = "120"
    region_targets_save(user=w.reviewer, rows=[row])
    target = Target.objects.get(indicator=w.money, region=w.county_region, year=YEAR)
    history = list(target.history.order_by("history_date"))
    assert [h.value for h in history] == [Decimal("100"), Decimal("120")]
    assert {h.history_user for h in history} == {w.reviewer}
    assert history[-1].history_change_reason == "分解目标：修改"


def test_a_notice_needs_its_number_and_date_and_nothing_is_saved_without(client, w, recomputes):
    client.force_login(w.reviewer)
    data = page_data(
        w,
        county_region=("100", "county", "", ""),
        other_region=("150", "notice", "", ""),
    )
    response = client.post(reverse("entry:targets"), data)
    assert response.status_code == 400
    reasons = [p.reason for p in response.context["problems"]]
    assert "龙湾区·技术交易额：分解文件须填写文号。" in reasons
    assert "龙湾区·技术交易额：分解文件须填写文件日期。" in reasons
    assert region_targets(w) == {}
    assert recomputes == []


def test_county_staff_may_not_enter_region_targets(client, w):
    client.force_login(w.county)
    assert client.get(reverse("entry:targets")).status_code == 403
    with pytest.raises(PermissionDenied):
        region_targets_save(
            user=w.county,
            rows=[
                TargetRow(
                    indicator="K7", region="鹿城区", year=YEAR, value="1", source_kind="county"
                )
            ],
        )


# --- the suggestion on the page ----------------------------------------------------------------
def test_the_page_offers_the_suggested_split_marked_as_such_and_fills_nothing(client, w):
    # Given 2023 values 鹿城区 60 and 龙湾区 40, and 2022 values 50 and 40
    for region, values in ((w.county_region, (50, 60)), (w.other_region, (40, 40))):
        approved_actual(w.money, region, 2022, values[0])
        approved_actual(w.money, region, 2023, values[1])
    client.force_login(w.reviewer)
    response = client.get(reverse("entry:targets"), {"indicator": "K7", "year": YEAR})
    rows = {r["line"].region.name: r for r in response.context["rows"]}
    # Then weights 0.6 × 1.2 = 0.72 and 0.4 × 1 = 0.4 split 330: 212.142857… and 117.857142…
    assert rows["鹿城区"]["suggestion"] == "212.142857"
    assert rows["龙湾区"]["suggestion"] == "117.857143"
    # shown as a suggestion with its method, and the target inputs left empty
    text = response.content.decode()
    assert "建议值 212.142857" in text and "上年占比" in text
    assert rows["鹿城区"]["value"] == ""


# --- the import --------------------------------------------------------------------------------
def filled_template(client, w, values: dict) -> bytes:
    response = client.get(reverse("entry:targets_template"), {"indicator": "K7", "year": YEAR})
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb["分解目标"]
    by_region = {ws.cell(row=r, column=3).value: r for r in range(4, ws.max_row + 1)}
    for region, cells in values.items():
        for column, value in zip((7, 8, 9, 10), cells, strict=False):
            ws.cell(row=by_region[region], column=column, value=value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_an_import_with_one_bad_row_saves_nothing_and_lists_the_row(client, w, recomputes):
    client.force_login(w.reviewer)
    content = filled_template(
        client,
        w,
        {
            "鹿城区": (100, "分解文件", "温科发〔2024〕5号", dt.datetime(2024, 3, 15)),
            "龙湾区": ("一百五", "县区自定"),
        },
    )
    response = client.post(
        reverse("entry:targets_import"),
        {"indicator": "K7", "year": YEAR, "file": SimpleUploadedFile("分解.xlsx", content)},
    )
    assert response.status_code == 400
    [problem] = response.context["problems"]
    assert (problem.sheet, problem.row, problem.column) == ("分解目标", 5, "目标值")
    assert problem.reason.startswith("龙湾区·技术交易额：目标值应为数字")
    assert region_targets(w) == {}
    assert recomputes == []


def test_a_good_import_saves_every_row_and_flags_the_shortfall(client, w, recomputes):
    client.force_login(w.reviewer)
    content = filled_template(
        client,
        w,
        {
            "鹿城区": (100, "分解文件", "温科发〔2024〕5号", dt.datetime(2024, 3, 15)),
            "龙湾区": (150, "县区自定"),
        },
    )
    response = client.post(
        reverse("entry:targets_import"),
        {"indicator": "K7", "year": YEAR, "file": SimpleUploadedFile("分解.xlsx", content)},
        follow=True,
    )
    assert region_targets(w) == {"鹿城区": Decimal("100"), "龙湾区": Decimal("150")}
    assert "缺口 80" in response.content.decode()
    saved = Target.objects.get(indicator=w.money, region=w.county_region, year=YEAR)
    assert saved.source_date == dt.date(2024, 3, 15)


def test_the_import_refuses_an_unknown_region_naming_it(w):
    with pytest.raises(ImportRejected) as caught:
        region_targets_save(
            user=w.reviewer,
            rows=[
                TargetRow(
                    indicator="K7",
                    region="鹿城区",
                    year=YEAR,
                    value="1",
                    source_kind="县区自定",
                    row=4,
                ),
                TargetRow(
                    indicator="K7",
                    region="火星区",
                    year=YEAR,
                    value="1",
                    source_kind="县区自定",
                    row=5,
                ),
            ],
        )
    [problem] = caught.value.problems
    assert (problem.row, problem.reason) == (5, "找不到区域“火星区”。")
    assert region_targets(w) == {}


# --- statuses against a region's own target ----------------------------------------------------
def test_a_region_with_its_own_target_is_judged_against_it_on_the_counties_page(
    client, w, django_capture_on_commit_callbacks
):
    # Given approved 2024 values: 鹿城区 120, 龙湾区 80 (the city's target is 330)
    approved_actual(w.money, w.county_region, YEAR, 120)
    approved_actual(w.money, w.other_region, YEAR, 80)
    # When the reviewer sets 鹿城区's own target at 100 (and none for 龙湾区)
    with django_capture_on_commit_callbacks(execute=True):
        region_targets_save(
            user=w.reviewer,
            rows=[
                TargetRow(
                    indicator="K7", region="鹿城区", year=YEAR, value="100", source_kind="county"
                )
            ],
        )
    # Then the recompute judged 鹿城区 against 100: 120 ≥ 100, met, its own target
    own = ProgressSnapshot.objects.get(indicator=w.money, region=w.county_region, year=YEAR)
    assert (own.target_value, own.year_status, own.target_source) == (100, "met", "own")
    other = ProgressSnapshot.objects.get(indicator=w.money, region=w.other_region, year=YEAR)
    assert other.year_status == "no_target"
    # And the counties page colours 鹿城区 by its status and 龙湾区 by its value
    client.force_login(w.leader)
    response = client.get(reverse("dashboards:counties"), {"year": YEAR, "indicator": "K7"})
    assert response.status_code == 200
    page = response.context["page"]
    [heatmap] = [c for c in page.charts if c.key == "heatmap"]
    [county_map] = [c for c in page.charts if c.key == "map"]
    heat = heatmap.figure.to_plotly_json()["data"][0]
    column = list(heat["x"]).index("7. 技术交易额")
    cells = dict(zip(heat["y"], (row[column] for row in heat["customdata"]), strict=True))
    # the heatmap shows 鹿城区's K7 by its status against its own target, 龙湾区's as 无目标
    assert cells["鹿城区"][0] == "已达标" and "目标 ≥100（本区域目标）" in cells["鹿城区"][1]
    assert cells["龙湾区"][0] == "无目标"
    maps = {
        t["name"]: t
        for t in county_map.figure.to_plotly_json()["data"]
        if t["type"] == "choroplethmap"
    }
    assert maps["年度状态"]["locations"] == ["330302"]
    assert maps["实际值"]["locations"] == ["330303"]


def test_a_ratio_is_neither_summed_nor_split(client, w, recomputes):
    # Given K1 (a share, not additive) with a city target of 2.7 and last year's values
    TargetFactory(indicator=w.share, region=w.city, plan=w.plan, year=YEAR, value="2.7")
    approved_actual(w.share, w.county_region, YEAR - 1, "2.5")
    # When a reviewer sets 鹿城区 at 2.8
    result = region_targets_save(
        user=w.reviewer,
        rows=[
            TargetRow(
                indicator="K1", region="鹿城区", year=YEAR, value="2.8", source_kind="县区自定"
            )
        ],
    )
    # Then it is saved, with no sum check, and the page offers no suggestion
    assert (result.created, result.decompositions) == (1, [])
    client.force_login(w.reviewer)
    response = client.get(reverse("entry:targets"), {"indicator": "K1", "year": YEAR})
    assert {r["suggestion"] for r in response.context["rows"]} == {""}
    assert "不核对各区域合计" in response.content.decode()


def test_the_city_itself_is_not_a_region_target(w):
    with pytest.raises(ImportRejected) as caught:
        region_targets_save(
            user=w.reviewer,
            rows=[
                TargetRow(
                    indicator="K7", region="温州市", year=YEAR, value="1", source_kind="县区自定"
                )
            ],
        )
    assert "全市目标在指标目录中维护" in caught.value.problems[0].reason


def test_the_template_lists_every_region_with_its_suggestion_marked(client, w):
    # Given last year's values 60 and 40 (no earlier years: no pace)
    approved_actual(w.money, w.county_region, YEAR - 1, 60)
    approved_actual(w.money, w.other_region, YEAR - 1, 40)
    client.force_login(w.reviewer)
    response = client.get(reverse("entry:targets_template"), {"indicator": "K7", "year": YEAR})
    ws = load_workbook(io.BytesIO(response.content))["分解目标"]
    # Then the title names the city target, the note names the method
    assert "全市目标 330" in ws["A1"].value and "建议值" in ws["A2"].value
    header = [c.value for c in ws[3]]
    assert header[5] == "建议值（仅供参考）" and header[6] == "目标值"
    # And each region has its share of 330 as the suggestion (0.6 and 0.4), the target empty
    rows = {ws.cell(row=r, column=3).value: r for r in range(4, ws.max_row + 1)}
    assert ws.cell(row=rows["鹿城区"], column=6).value == pytest.approx(198)
    assert ws.cell(row=rows["龙湾区"], column=6).value == pytest.approx(132)
    assert ws.cell(row=rows["鹿城区"], column=7).value is None


def test_a_formula_in_the_target_is_refused(client, w, recomputes):
    client.force_login(w.reviewer)
    content = filled_template(client, w, {"鹿城区": ("=100+50", "县区自定")})
    response = client.post(
        reverse("entry:targets_import"),
        {"indicator": "K7", "year": YEAR, "file": SimpleUploadedFile("分解.xlsx", content)},
    )
    assert response.status_code == 400
    assert [(p.row, p.column) for p in response.context["problems"]] == [(4, "目标值")]
    assert region_targets(w) == {}
