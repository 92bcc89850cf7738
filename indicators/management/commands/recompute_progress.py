"""`python manage.py recompute_progress [--indicator CODE] [--region NAME] [--year Y] [--stale]`."""

from django.core.management.base import BaseCommand, CommandError

from indicators.models import Indicator, Region
from indicators.progress.recompute import recompute_progress, recompute_stale


class Command(BaseCommand):
    help = "重新计算进度快照：全部，或指定指标 / 区域 / 年份。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--indicator", action="append", metavar="CODE", help="指标代码，如 K1（可重复）"
        )
        parser.add_argument(
            "--region", action="append", metavar="NAME", help="区域名称，如 鹿城区（可重复）"
        )
        parser.add_argument("--year", action="append", type=int, metavar="Y", help="年份（可重复）")
        parser.add_argument(
            "--stale",
            action="store_true",
            help="只重算被标记为待更新的指标（与每十分钟的补算任务相同）",
        )

    def handle(self, *args, indicator=None, region=None, year=None, stale=False, **options):
        if stale:
            if indicator or region or year:
                raise CommandError("--stale 不能与 --indicator、--region、--year 同时使用")
            self._report(recompute_stale())
            return
        indicator_ids = None
        if indicator:
            found = dict(Indicator.objects.filter(code__in=indicator).values_list("code", "id"))
            missing = [code for code in indicator if code not in found]
            if missing:
                raise CommandError(f"未找到指标代码：{'、'.join(missing)}")
            indicator_ids = list(found.values())
        region_ids = None
        if region:
            found = dict(Region.objects.filter(name__in=region).values_list("name", "id"))
            missing = [name for name in region if name not in found]
            if missing:
                raise CommandError(f"未找到区域：{'、'.join(missing)}")
            region_ids = list(found.values())
        self._report(
            recompute_progress(indicator_ids=indicator_ids, region_ids=region_ids, years=year)
        )

    def _report(self, result):
        self.stdout.write(
            f"已重算进度快照：{result.indicators} 个指标，共 {result.rows} 行，"
            f"其中新增或更新 {result.written} 行，删除 {result.deleted} 行，"
            f"用时 {result.seconds:.2f} 秒。"
        )
