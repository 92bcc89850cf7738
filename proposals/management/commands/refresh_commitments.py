import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from proposals.models import Commitment
from proposals.tracking import refresh_commitments


class Command(BaseCommand):
    help = "Re-judge the proposal replies' commitments from the approved actuals and deadlines."

    def add_arguments(self, parser):
        parser.add_argument(
            "--indicator", action="append", default=None, help="indicator code (repeatable)"
        )
        parser.add_argument("--today", default=None, help="judge as of this date (YYYY-MM-DD)")

    def handle(self, *args, indicator=None, today=None, **options):
        from indicators.models import Indicator

        indicator_ids = None
        if indicator:
            found = dict(Indicator.objects.filter(code__in=indicator).values_list("code", "id"))
            unknown = sorted(set(indicator) - set(found))
            if unknown:
                raise CommandError(f"未知指标代码：{'、'.join(unknown)}")
            indicator_ids = list(found.values())
        try:
            as_of = dt.date.fromisoformat(today) if today else None
        except ValueError as exc:
            raise CommandError(f"日期格式应为 YYYY-MM-DD：{today}") from exc
        counts = refresh_commitments(indicator_ids=indicator_ids, today=as_of)
        labels = dict(Commitment.Status.choices)
        by_status = "，".join(
            f"{labels[s]} {counts[s]}" for s in Commitment.Status.values if counts.get(s)
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"承诺跟踪已更新：检查 {counts.get('checked', 0)} 项，状态变化 {counts['changed']} 项。"
                + (f"（{by_status}）" if by_status else "")
            )
        )
