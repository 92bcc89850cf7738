"""Two people, one value: a save from a stale form is refused, showing the newer value and who
saved it. Nothing is silently overwritten — on the page, in the services, in the import, in review."""

import threading
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import close_old_connections, connection
from django.urls import reverse

from indicators.entry import services
from indicators.models import Actual, WorkflowState
from tests.indicators.entry_world import YEAR, make_world, submitted_actual, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(db):
    return make_world()


def save(w, user, value, expected_version):
    return services.actual_save(
        user=user,
        indicator=w.count,
        region=w.county_region,
        year=YEAR,
        value=value,
        expected_version=expected_version,
    )


def test_it_refuses_a_stale_save_and_shows_the_newer_value_and_who_saved_it(w):
    # Given a value both the county clerk and the administrator opened at version 1
    save(w, w.county, "100", 0)
    w.county.first_name = "晓"
    w.county.last_name = "林"
    w.county.save()
    # When the clerk saves 120 first, and the administrator then saves 130 from the stale form
    save(w, w.county, "120", 1)
    with pytest.raises(services.EditConflict) as info:
        save(w, w.admin, "130", 1)
    # Then the administrator's save is refused, naming the newer value, its version and its author
    conflict = info.value
    assert conflict.code == "edit_conflict"
    assert conflict.current.value == Decimal(120) and conflict.current.version == 2
    assert (
        "120家" in conflict.message and "林晓" in conflict.message and "版本 2" in conflict.message
    )
    assert conflict.details["saved_by"] == ["林晓"]
    # And the stored value is the clerk's
    actual = Actual.objects.get()
    assert (actual.value, actual.version, actual.entered_by) == (Decimal(120), 2, w.county)


def test_it_refuses_to_create_a_value_someone_else_created_meanwhile(w):
    save(w, w.county, "100", 0)
    with pytest.raises(services.EditConflict) as info:
        save(w, w.admin, "101", 0)  # the admin's form showed no value
    assert info.value.current.value == Decimal(100)
    assert Actual.objects.get().value == Decimal(100)


def test_it_lets_a_save_through_once_the_newer_version_has_been_seen(w):
    save(w, w.county, "100", 0)
    save(w, w.county, "120", 1)
    assert save(w, w.admin, "130", 2).version == 3


def test_it_refuses_a_stale_submit_and_a_stale_review(w):
    actual = submitted_actual(w, w.count, w.county_region, YEAR, "10")  # version 2
    # The reviewer's queue showed version 2; meanwhile the clerk withdraws, corrects and resubmits
    withdrawn = services.review_withdraw(user=w.county, obj=actual, expected_version=2)
    corrected = save(w, w.county, "11", withdrawn.version)
    services.review_submit(user=w.county, obj=corrected, expected_version=corrected.version)
    with pytest.raises(services.EditConflict):
        services.review_approve(user=w.reviewer, obj=actual, expected_version=2)
    with pytest.raises(services.EditConflict):
        services.review_many(
            user=w.reviewer,
            model=Actual,
            ids=[actual.pk],
            action="approve",
            expected_versions={actual.pk: 2},
        )
    actual.refresh_from_db()
    assert (actual.state, actual.value) == (WorkflowState.SUBMITTED, Decimal(11))


def _page_post(client, w, value, version):
    p = f"r{w.count.pk}"
    return client.post(
        reverse("entry:home") + f"?year={YEAR}&region={w.county_region.code}",
        {
            "year": YEAR,
            "region": w.county_region.code,
            "action": "save",
            f"{p}-value": value,
            f"{p}-version": version,
            f"{p}-source_note": "",
            f"{p}-explanation": "",
        },
    )


def test_it_shows_the_conflict_beside_the_field_on_the_entry_page(client, w):
    # Given the clerk and the administrator both opened the page when the value was at version 1
    save(w, w.county, "100", 0)
    client.force_login(w.county)
    assert _page_post(client, w, "120", 1).status_code == 302
    # When the administrator saves from the stale page
    client.force_login(w.admin)
    response = _page_post(client, w, "130", 1)
    # Then the page says who saved what, keeps the administrator's typed value, and saved nothing
    body = response.content.decode()
    assert response.status_code == 200
    assert "已被 county" in body and "120家" in body
    assert 'value="130"' in body
    assert Actual.objects.get().value == Decimal(120)
    # And the form now carries the version the administrator has seen: a second save is deliberate
    assert f'name="r{w.count.pk}-version" value="2"' in body
    assert _page_post(client, w, "130", 2).status_code == 302
    assert Actual.objects.get().value == Decimal(130)


def test_it_lists_a_stale_row_of_an_imported_file_as_a_problem(client, w):
    # Given a template downloaded at version 1, and the value changed since
    save(w, w.county, "100", 0)
    save(w, w.county, "120", 1)
    content = xlsx_bytes(
        [["指标代码", "区域", "年份", "本年值", "版本"], ["K4", "鹿城区", YEAR, 130, 1]]
    )
    client.force_login(w.county)
    response = client.post(
        reverse("entry:import"), {"year": YEAR, "file": SimpleUploadedFile("a.xlsx", content)}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "已被 county" in body and "本年值（D列）" in body
    assert Actual.objects.get().value == Decimal(120)


@pytest.mark.django_db(transaction=True)
def test_it_lets_only_one_of_two_simultaneous_saves_through():
    """Two threads save the same version at the same moment; row locks make one of them wait and
    then see the newer version. PostgreSQL only: SQLite serialises writers by refusing them."""
    if connection.vendor != "postgresql":
        pytest.skip("row-level locking (SELECT … FOR UPDATE) is PostgreSQL's")
    w = make_world()
    save(w, w.county, "100", 0)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def worker(user, value):
        close_old_connections()
        try:
            barrier.wait()
            save(w, user, value, 1)
            outcomes.append("saved")
        except services.EditConflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=worker, args=(w.county, "120")),
        threading.Thread(target=worker, args=(w.admin, "130")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict", "saved"]
    actual = Actual.objects.get()
    assert actual.version == 2
    assert actual.value in {Decimal(120), Decimal(130)}
