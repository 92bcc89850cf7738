from django.core.management.base import BaseCommand

from indicators.catalogue.demo import clear_demo_data


class Command(BaseCommand):
    help = "Delete every demo actual (origin 'demo') and nothing else, then recompute progress."

    def handle(self, *args, **options):
        result = clear_demo_data()
        self.stdout.write(
            f"已删除演示实际值 {result.updated} 项，涉及指标 {len(result.indicator_ids)} 个。"
        )
        if result.indicator_ids:
            self.stdout.write(
                "进度已重新计算。" if result.recomputed else "进度尚未重新计算（进度引擎不可用）。"
            )
