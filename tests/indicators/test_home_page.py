"""The home page: the nine key indicators with their baseline and targets, and where they come from."""

import pytest

pytestmark = pytest.mark.django_db


def test_it_lists_the_nine_indicators_in_printed_order(client, seeded):
    response = client.get("/")
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row.indicator.key_order for row in rows] == list(range(1, 10))
    assert rows[7].indicator.name.startswith("年新增孵化器")
    assert str(rows[7].baseline.value.normalize()) == "152"


def test_it_shows_both_plans_targets_where_they_differ_later_plan_first(client, seeded):
    response = client.get("/")
    k1 = response.context["rows"][0]
    assert [(c.plan_doc_number, str(c.value.normalize())) for c in k1.targets[2025]] == [
        ("温政办〔2023〕86号", "3.1"),
        ("温政发〔2023〕17号", "3"),
    ]
    html = response.content.decode()
    assert "≈ 3.1" in html and "温政办〔2023〕86号" in html


def test_it_runs_a_bounded_number_of_queries(client, seeded, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        client.get("/")


def test_it_says_how_to_load_the_seed_when_the_database_is_empty(client, db):
    from tests.factories import RegionFactory

    RegionFactory(name="温州市", kind="city")
    response = client.get("/")
    assert "尚未载入种子数据" in response.content.decode()
