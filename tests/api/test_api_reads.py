"""Reads: every collection and item, with filters, ordering and pagination."""

import pytest

from indicators.models import Indicator, ProgressSnapshot, Region, Target
from proposals.models import Commitment, Reply, ReportedFigure
from tests.api.conftest import API, CITY_2023

pytestmark = pytest.mark.django_db


def get_json(client, path, status=200):
    response = client.get(API + path)
    assert response.status_code == status, response.content[:500]
    return response.json()


def test_it_lists_the_nine_key_indicators_in_their_printed_order(clients):
    body = get_json(clients["read"], "/indicators/?category=key")

    assert body["count"] == 9
    assert [row["code"] for row in body["results"]] == [f"K{n}" for n in range(1, 10)]
    first = body["results"][0]
    assert first["name"] == "R&D经费占地区生产总值的比重"
    assert first["unit_of_measure"] == "%"
    assert first["lead_unit_name"] == "市科技局"
    assert first["plan"] == "wzf-2023-17"


def test_it_fetches_an_indicator_by_its_code(clients):
    body = get_json(clients["read"], "/indicators/K8/")

    assert body["name"] == Indicator.objects.get(code="K8").name
    assert "孵化场地面积" in body["name"]
    assert body["kind"] == "flow"


def test_it_gives_the_2023_status_of_the_nine_indicators_for_every_region(clients, filled_2023):
    body = get_json(clients["read"], "/status/?year=2023&category=key&limit=1000")

    rows = body["results"]
    assert body["next"] is None and "count" not in body
    assert {(r["indicator"], r["region"]) for r in rows} == {
        (f"K{n}", region.code) for n in range(1, 10) for region in filled_2023
    }
    city = {r["indicator"]: r for r in rows if r["region"] == "330300"}
    # Given the city's 2023 R&D intensity 2.75 against the printed target ≥ 2.7,
    # when the engine judges the year, then it is met with attainment 2.75 / 2.7 = 1.0185.
    assert city["K1"]["year_status"] == "met"
    assert city["K1"]["year_status_label"] == "已达标"
    assert city["K1"]["attainment"] == pytest.approx(2.75 / 2.7)
    assert city["K1"]["target_value"] == pytest.approx(2.7)
    assert city["K1"]["actual_value"] == pytest.approx(float(CITY_2023["K1"]))
    # 118 researchers per 10,000 against 120: 98.3 %, inside the 5 % band.
    assert city["K2"]["year_status"] == "nearly_met"
    # 3.0 % against 3.41 %: 88 %, outside the band.
    assert city["K3"]["year_status"] == "not_met"


def test_it_gives_one_indicators_status_by_region(clients, filled_2023):
    body = get_json(clients["read"], "/indicators/K1/status/?year=2023")

    assert len(body["results"]) == len(filled_2023)
    assert {r["indicator"] for r in body["results"]} == {"K1"}
    assert (
        get_json(clients["read"], "/indicators/NOPE/status/", status=404)["error"]["code"]
        == "not_found"
    )


def test_it_pages_the_status_without_a_count(clients, filled_2023):
    first = get_json(clients["read"], "/status/?year=2023&limit=10")
    second = clients["read"].get(first["next"]).json()

    assert len(first["results"]) == 10 and first["previous"] is None
    assert "offset=10" in first["next"]
    assert len(second["results"]) == 10
    keys = {(r["indicator"], r["region"]) for r in first["results"]}
    assert keys.isdisjoint({(r["indicator"], r["region"]) for r in second["results"]})


def test_it_filters_the_status_by_region_and_orders_by_attainment(clients, filled_2023):
    body = get_json(clients["read"], "/status/?year=2023&region=330300&ordering=-attainment")

    attainments = [r["attainment"] for r in body["results"] if r["attainment"] is not None]
    assert {r["region"] for r in body["results"]} == {"330300"}
    assert attainments == sorted(attainments, reverse=True)


def test_it_lists_progress_snapshots_with_every_engine_field(clients, filled_2023):
    body = get_json(clients["read"], "/snapshots/?indicator=K1&region=330300&year=2023")

    assert body["count"] == 1
    row = body["results"][0]
    snapshot = ProgressSnapshot.objects.get(indicator__code="K1", region__code="330300", year=2023)
    assert row["id"] == snapshot.pk
    assert row["outlook_status"] == snapshot.outlook_status
    assert row["target_plan"] == "wzf-2023-17"
    assert "input_fingerprint" not in row
    assert get_json(clients["read"], f"/snapshots/{snapshot.pk}/")["year"] == 2023


def test_it_lists_targets_with_both_plans_where_two_set_one(clients):
    body = get_json(clients["read"], "/targets/?indicator=K1&year=2025")

    by_plan = {row["plan"]: row for row in body["results"]}
    assert set(by_plan) == {"wzf-2023-17", "wzbf-2023-86"}
    # Decimals come without padding zeros.
    assert by_plan["wzf-2023-17"]["value"] == "3"
    assert by_plan["wzbf-2023-86"]["value"] == "3.1"
    assert by_plan["wzbf-2023-86"]["comparator_symbol"] == "≈"
    target = Target.objects.get(indicator__code="K1", year=2025, plan__code="wzbf-2023-86")
    assert (
        get_json(clients["read"], f"/targets/{target.pk}/")["source_quote"] == target.source_quote
    )


def test_it_filters_actuals_by_indicator_region_year_and_state(clients, filled_2023):
    body = get_json(
        clients["read"], "/actuals/?indicator=K1,K4&region=330302&year=2023&state=approved"
    )

    assert body["count"] == 2
    assert {(r["indicator"], r["region"], r["year"], r["state"]) for r in body["results"]} == {
        ("K1", "330302", 2023, "approved"),
        ("K4", "330302", 2023, "approved"),
    }
    assert get_json(clients["read"], "/actuals/?state=draft")["count"] == 0
    assert get_json(clients["read"], "/actuals/?year_min=2022&year_max=2022")["count"] == 9


def test_it_orders_and_pages_actuals(clients, filled_2023):
    body = get_json(
        clients["read"], "/actuals/?year=2023&region=330300&ordering=-indicator&limit=3&offset=3"
    )

    assert body["count"] == 9
    assert [r["indicator"] for r in body["results"]] == ["K6", "K5", "K4"]
    assert "offset=6" in body["next"] and "offset=0" not in body["previous"]


def test_it_lists_regions_with_their_groups(clients):
    body = get_json(clients["read"], "/regions/?group=山区5县")

    assert [r["name"] for r in body["results"]] == [
        "永嘉县",
        "平阳县",
        "苍南县",
        "文成县",
        "泰顺县",
    ]
    assert get_json(clients["read"], "/regions/330300/")["kind_label"] == "市"
    assert get_json(clients["read"], "/regions/?kind=functional_zone")["count"] == 2


def test_it_lists_units_plans_and_levers(clients):
    units = get_json(clients["read"], "/units/?kind=bureau")
    plans = get_json(clients["read"], "/plans/")
    levers = get_json(clients["read"], "/levers/?plan=wzf-2023-17")

    assert units["results"][0]["name"] == "市科技局"
    unit_id = units["results"][0]["id"]
    assert get_json(clients["read"], f"/units/{unit_id}/")["kind"] == "bureau"
    assert [p["doc_number"] for p in plans["results"]] == [
        "温政发〔2023〕17号",
        "温政办〔2023〕86号",
    ]
    assert get_json(clients["read"], "/plans/wzbf-2023-86/")["end_year"] >= 2025
    assert levers["count"] == 8
    assert get_json(clients["read"], f"/levers/{levers['results'][0]['id']}/")["number"] == 1


def test_it_lists_tasks_with_their_units_lead_first(clients):
    body = get_json(clients["read"], "/tasks/?plan=wzf-2023-17&kind=key")

    assert body["count"] == 24
    task = body["results"][0]
    assert task["units"][0]["is_lead"] is True and task["units"][0]["position"] == 1
    assert all(not u["is_lead"] for u in task["units"][1:])
    lead = task["units"][0]["unit"]
    led = get_json(clients["read"], f"/tasks/?lead_unit={lead}&limit=1000")["results"]
    assert task["id"] in {t["id"] for t in led}
    assert all(t["units"][0]["unit"] == lead for t in led)
    assert get_json(clients["read"], f"/tasks/{task['id']}/")["title"] == task["title"]


def test_it_lists_task_reports(clients, people):
    from indicators.entry import services
    from indicators.models import Task, Unit

    unit = Unit.objects.get(name="市科技局")
    task = Task.objects.filter(task_units__unit=unit, task_units__is_lead=True).first()
    report = services.task_report_save(
        user=people["bureau"],
        task=task,
        unit=unit,
        year=2024,
        period=0,
        status="on_schedule",
        percent=40,
        text="推进中",
    )

    body = get_json(clients["read"], f"/task-reports/?task={task.pk}&year=2024")

    assert [r["id"] for r in body["results"]] == [report.pk]
    assert body["results"][0]["status_label"] == "按计划推进"
    assert get_json(clients["read"], f"/task-reports/{report.pk}/")["percent"] == 40


def test_it_lists_proposals_replies_commitments_and_figures(clients):
    replies = get_json(clients["read"], "/replies/")
    proposals = get_json(clients["read"], "/proposals/")
    commitments = get_json(clients["read"], "/commitments/?limit=1000")
    figures = get_json(clients["read"], "/reported-figures/?limit=1000")

    assert replies["count"] == Reply.objects.count() == 3
    assert proposals["count"] == 3
    assert commitments["count"] == Commitment.objects.count() > 0
    assert figures["count"] == ReportedFigure.objects.count() > 0
    reply = Reply.objects.get(doc_number="温科提复〔2023〕94号")
    detail = get_json(clients["read"], f"/replies/{reply.pk}/")
    assert detail["proposal"]["number"] == 142
    assert detail["commitment_count"] == reply.commitments.count()
    k8 = get_json(clients["read"], "/reported-figures/?indicator=K8&year=2022")["results"]
    assert any(f["value"] == "152" for f in k8)
    first = commitments["results"][0]["id"]
    assert get_json(clients["read"], f"/commitments/{first}/")["id"] == first
    assert get_json(clients["read"], f"/reported-figures/{figures['results'][0]['id']}/")["reply"]
    assert get_json(clients["read"], f"/proposals/{proposals['results'][0]['id']}/")["session"]


def test_it_searches_replies_by_their_text(clients):
    hits = get_json(clients["read"], "/replies/?q=孵化")["results"]

    assert "温科提复〔2023〕94号" in {r["doc_number"] for r in hits}
    assert get_json(clients["read"], "/replies/?q=完全不相干的词语组合xyz")["count"] == 0


def test_it_tells_the_caller_who_it_is(clients):
    me = get_json(clients["county"], "/me/")

    assert me == {
        "username": "county",
        "roles": ["county_staff"],
        "unit": None,
        "region": "330302",
        "token": {"client_name": "鹿城区驾驶舱", "read_only": False},
    }


def test_it_lists_the_collections_at_the_root(clients):
    body = get_json(clients["read"], "/")

    assert body["status"].endswith("/api/v1/status/")
    assert body["docs"].endswith("/api/v1/docs/")


def test_it_reads_the_same_for_every_role(clients, filled_2023):
    counts = {
        name: get_json(clients[name], "/status/?year=2023&limit=1000")["results"].__len__()
        for name in ("read", "bureau", "county", "reviewer")
    }
    assert set(counts.values()) == {ProgressSnapshot.objects.filter(year=2023).count()}
    assert (
        Indicator.objects.count() == get_json(clients["county"], "/indicators/?limit=1000")["count"]
    )
    assert Region.objects.count() == get_json(clients["bureau"], "/regions/")["count"]
