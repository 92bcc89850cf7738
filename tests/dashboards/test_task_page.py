"""The task page: a task's text, source, units (lead first), targets with status, progress
reports and linked commitments, every figure with its unit; and every task named on the
dashboards links to it."""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from indicators.dashboards.selectors.common import city_region
from indicators.models import Indicator, Task, TaskReport, Unit, WorkflowState
from tests.dashboards.conftest import write_snapshot

pytestmark = pytest.mark.django_db

TASK_LINK = re.compile(r"^/dashboards/tasks/(\d+)/")


class _Links(HTMLParser):
    """Every <a href> of a page with its text; and the page's <h1>."""

    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.h1 = ""
        self._href: str | None = None
        self._text = ""
        self._in_h1 = False

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._href, self._text = dict(attrs).get("href") or "", ""
        elif tag == "h1":
            self._in_h1 = True

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.links.append((self._href, self._text.strip()))
            self._href = None
        elif tag == "h1":
            self._in_h1 = False

    def handle_data(self, data):
        if self._href is not None:
            self._text += data
        if self._in_h1:
            self.h1 += data


def parsed(client, url: str, linked_from: str = "") -> _Links:
    response = client.get(url)
    assert response.status_code == 200, (url, linked_from)
    parser = _Links()
    parser.feed(response.content.decode())
    return parser


def dashboard_pages(client, year: int = 2024) -> dict[str, _Links]:
    """Every dashboard page reachable from the overview (each path once, at one year)."""
    seen: dict[str, _Links] = {}
    todo = [(reverse("dashboards:overview"), "")]
    while todo:
        path, linked_from = todo.pop()
        if path in seen or TASK_LINK.match(path):
            continue
        seen[path] = page = parsed(client, f"{path}?year={year}", linked_from)
        for href, _ in page.links:
            target = urlsplit(href)
            if target.path.startswith("/dashboards/") and "format=" not in target.query:
                todo.append((target.path, path))
    return seen


def test_every_task_link_on_the_dashboards_opens_its_task_page(demo, leader_client):
    # Given every dashboard page a leader can reach from the overview
    pages = dashboard_pages(leader_client)
    links = [
        (where, href, text)
        for where, page in pages.items()
        for href, text in page.links
        if TASK_LINK.match(urlsplit(href).path)
    ]
    # Then every task of every plan (key tasks and pilots) is linked from them
    linked = {int(TASK_LINK.match(urlsplit(href).path).group(1)) for _, href, _ in links}
    assert linked == set(Task.objects.values_list("pk", flat=True))
    # the levers, units and indicator pages all name tasks as links
    assert any(w == reverse("dashboards:levers") for w, _, _ in links)
    assert any(w.startswith("/dashboards/units/") for w, _, _ in links)
    assert any(w.startswith("/dashboards/indicators/") for w, _, _ in links)
    # And each link opens the page of the task it names
    opened: dict[str, str] = {}
    for where, href, text in links:
        if href not in opened:
            opened[href] = parsed(leader_client, href).h1
        task = Task.objects.get(pk=TASK_LINK.match(urlsplit(href).path).group(1))
        name = re.sub(r"^\d+\.\s*", "", text)
        assert name and name in task.title, (where, href, text)
        assert task.title in opened[href], (where, href, opened[href])


def test_a_task_page_shows_its_units_in_order_and_figures_with_units(seeded, leader_client):
    # Given task 5 of 温政发〔2023〕17号 (打造新型实验室体系): 市科技局 leads, then 市发展改革委,
    # 市教育局, 瓯江实验室, every county government, the two zones' committees; its indicator
    # T5-1 (市级以上重点实验室, 家) has the printed target ≥150 for 2027
    task = Task.objects.get(plan__doc_number="温政发〔2023〕17号", kind="key", number=5)
    city = city_region()
    indicator = Indicator.objects.get(code="T5-1")
    # and a 2024 city snapshot worked by hand: 120 against ≥130, 120/130 = 92.3 %
    write_snapshot(
        indicator,
        city,
        2024,
        actual_value=120.0,
        target_value=130.0,
        target_comparator="gte",
        attainment=120 / 130,
        gap=10.0,
        year_status="not_met",
    )
    # and two approved reports of its lead unit
    lead = Unit.objects.get(name="市科技局")
    for year, percent, status in [(2023, 40, "on_schedule"), (2024, 70, "delayed")]:
        TaskReport.objects.create(
            task=task,
            unit=lead,
            year=year,
            status=status,
            percent=percent,
            text=f"{year}年进展说明",
            state=WorkflowState.APPROVED,
        )
    # When a leader opens its page for 2024
    html = leader_client.get(
        reverse("dashboards:task", args=[task.pk]) + "?year=2024"
    ).content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    # Then it names the task, its plan, lever and text
    assert "打造新型实验室体系" in text and "温政发〔2023〕17号" in text
    assert "抓高水平大学建设" in text
    assert "到2027年,建成市级以上重点实验室150家以上。" in text
    # its units in printed order, the lead first
    units = re.findall(r"(\d+) (\S+) (牵头|配合)", text)
    assert units[:4] == [
        ("1", "市科技局", "牵头"),
        ("2", "市发展改革委", "配合"),
        ("3", "市教育局", "配合"),
        ("4", "瓯江实验室", "配合"),
    ]
    assert [u[2] for u in units].count("牵头") == 1
    assert units[-1][1] == "温州高新区（经开区）管委会"
    # every figure with its unit: the year's actual and target, the printed target
    assert "120 家" in text and "≥130 家" in text and "92.3%" in text
    assert "≥150 家" in text
    assert "未达标" in text
    # its reports over time, latest first, each with its percentage
    assert text.index("2024年全年") < text.index("2023年全年")
    assert "70%" in text and "40%" in text and "2023年进展说明" in text
    # and the commitments of replies linked to it
    assert "温科提复〔2023〕123号" in text


def test_a_missing_task_is_not_found(seeded, leader_client):
    assert leader_client.get(reverse("dashboards:task", args=[99999])).status_code == 404
