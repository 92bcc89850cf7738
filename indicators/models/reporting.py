"""Who reports what: which region enters which indicator, and which unit enters that figure.

One row per indicator × region asked for a figure. The city's row names the unit that enters
the city's figure (the indicator's lead unit, or one an administrator chose); a county's row
names the county's government where the seed knows it. Rows are seeded from `Indicator.scope`
and edited by administrators through `indicators.entry.services.assignments`. An indicator
without any row is not yet assigned and accepts every region (docs/reporting.md).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from indicators.models.catalogue import Indicator, Region, Unit


class ReportingAssignment(models.Model):
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("指标"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    region = models.ForeignKey(
        Region, verbose_name=_("区域"), on_delete=models.PROTECT, related_name="assignments"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("填报单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments",
    )

    class Meta:
        verbose_name = _("填报分工")
        verbose_name_plural = _("填报分工")
        ordering = ["indicator", "region__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "region"], name="assignment_one_per_indicator_region"
            ),
        ]

    def __str__(self):
        return f"{self.indicator.name} · {self.region}"
