"""The pages leaders read (issue 14), as paths to open: the overview, an indicator, the counties,
a county, a group of counties, the levers and tasks, the units, a unit, and the proposals' pages.
Shared by the words-for-users test and the phone layout's browser test; needs the seed."""

from django.urls import reverse

from indicators.models import Region, RegionGroup, Unit
from proposals.models import Reply


def leader_page_paths(year: int = 2024) -> dict[str, str]:
    county = Region.objects.exclude(kind=Region.Kind.CITY).order_by("pk").first()
    group = RegionGroup.objects.order_by("pk").first()
    unit = Unit.objects.order_by("pk").first()
    reply = Reply.objects.order_by("pk").first()
    query = f"?year={year}"
    return {
        "overview": reverse("dashboards:overview") + query,
        "indicator": reverse("dashboards:indicator", args=["K1"]) + query,
        "counties": reverse("dashboards:counties") + query + "&indicator=K1",
        "region": reverse("dashboards:region", args=[county.code]) + query,
        "group": reverse("dashboards:group", args=[group.pk]) + query,
        "levers": reverse("dashboards:levers") + query,
        "units": reverse("dashboards:units") + query,
        "unit": reverse("dashboards:unit", args=[unit.pk]) + query,
        "proposals": reverse("proposals:list"),
        "proposal": reverse("proposals:detail", args=[reply.pk]),
        "commitments": reverse("proposals:board"),
    }
