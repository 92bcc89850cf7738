"""The status endpoints read their rows with written-out SQL (indicators/api/status_query.py);
for every combination of parameters it must return exactly what the FilterSet's ORM path returns."""

import pytest
from django.http import QueryDict
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from indicators.api.filters import SnapshotFilter
from indicators.api.status_query import StatusRows
from indicators.api.views.progress import StatusView
from indicators.models import Indicator, ProgressSnapshot
from indicators.progress.queue import mark_stale

pytestmark = pytest.mark.django_db

ORDERINGS = ["indicator", "region", "year", "attainment", "gap", "progress_to_goal", "computed_at"]


def codes(choices):
    return st.lists(st.sampled_from(choices), max_size=3).map(",".join)


def query_strings(region_codes):
    return st.fixed_dictionaries(
        {},
        optional={
            "year": st.sampled_from(["2022", "2023", "2024", "2027"]),
            "year_min": st.sampled_from(["2022", "2023", "2025"]),
            "year_max": st.sampled_from(["2023", "2026"]),
            "indicator": codes(["K1", "K2", "K4", "K8", "G-1", "NOPE", ""]),
            "region": codes([*region_codes[:4], "NOPE"]),
            "category": st.sampled_from(["key", "goal", "task", ""]),
            "year_status": st.sampled_from(ProgressSnapshot.YearStatus.values),
            "outlook_status": st.sampled_from(ProgressSnapshot.Outlook.values),
            "stale": st.sampled_from(["true", "false", ""]),
            "ordering": st.lists(
                st.sampled_from(ORDERINGS + [f"-{o}" for o in ORDERINGS]), max_size=3, unique=True
            ).map(",".join),
        },
    )


def orm_rows(data: QueryDict, indicator_id=None) -> list[tuple]:
    queryset = StatusView.queryset.all()
    if indicator_id is not None:
        queryset = queryset.filter(indicator_id=indicator_id)
    filterset = SnapshotFilter(data, queryset=queryset)
    assert filterset.is_valid(), filterset.errors
    return list(filterset.qs[:2000]), filterset.form.cleaned_data


def test_it_reads_the_same_rows_as_the_orm_for_any_parameters(filled_2023):
    # Some variety beyond the engine's output: stale rows and a second year.
    ProgressSnapshot.objects.filter(indicator__code__in=["K4", "K9"], region__order__lte=5).update(
        stale=True
    )
    mark_stale(indicator_ids=[Indicator.objects.get(code="K1").id])  # 待更新 by the mark alone
    region_codes = [r.code for r in filled_2023]

    @hypothesis_settings(
        max_examples=150,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(params=query_strings(region_codes))
    def compare(params):
        data = QueryDict(mutable=True)
        data.update(params)
        expected, cleaned = orm_rows(data)
        assert StatusRows(cleaned=cleaned)[0:2000] == expected, params

    compare()


SINGLE_PARAMETERS = [
    *[f"ordering={o}" for o in ORDERINGS],
    *[f"ordering=-{o}" for o in ORDERINGS],
    "ordering=year,-attainment,region",
    "year=2023",
    "year_min=2023",
    "year_max=2022",
    "indicator=K1,K4",
    "region=330302,330300",
    "category=key",
    "category=goal",
    "year_status=met",
    "year_status=no_target",
    "outlook_status=not_assessed",
    "stale=true",
    "stale=false",
    "",
]


@pytest.mark.parametrize("query", SINGLE_PARAMETERS)
def test_it_applies_each_parameter_like_the_orm(filled_2023, query):
    ProgressSnapshot.objects.filter(indicator__code__in=["K4", "K9"], region__order__lte=5).update(
        stale=True
    )
    mark_stale(indicator_ids=[Indicator.objects.get(code="K1").id])  # 待更新 by the mark alone
    expected, cleaned = orm_rows(QueryDict(query))

    assert expected  # each case selects something, so that an ordering or filter is really compared
    assert StatusRows(cleaned=cleaned)[0:2000] == expected


def test_it_pages_and_narrows_to_one_indicator_like_the_orm(filled_2023):
    k4 = Indicator.objects.get(code="K4")
    data = QueryDict("year=2023&ordering=-attainment")
    expected, cleaned = orm_rows(data, indicator_id=k4.pk)

    rows = StatusRows(cleaned=cleaned, indicator_id=k4.pk)

    assert rows[0:1000] == expected
    assert rows[3:8] == expected[3:8]
    assert rows[len(expected) : len(expected) + 10] == []
    assert len(expected) == len(filled_2023)
