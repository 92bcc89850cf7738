from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from indicators.catalogue.demo import DEMO_YEARS, load_demo_data
from indicators.models import Region


class Command(BaseCommand):
    help = (
        "Load clearly synthetic demo actuals for 2022–2024 (origin 'demo', fixed seed) and "
        "recompute progress. Never overwrites a non-demo actual. Remove with clear_demo_data."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="load even when DEBUG is off (a production set-up skips demo data by default)",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            # A production database gets no synthetic figures unless someone asks explicitly;
            # refused with an error, so that a script running it on a server stops here.
            raise CommandError(
                _("DEBUG 已关闭（生产环境）：未载入演示数据。如确需载入，请加 --force。")
            )
        if not Region.objects.filter(kind=Region.Kind.CITY).exists():
            raise CommandError("尚未载入种子数据：请先运行 python manage.py load_seed。")
        result = load_demo_data(years=DEMO_YEARS)
        for line in result.lines():
            self.stdout.write(line)
        self.stdout.write(
            self.style.WARNING(
                "所有页面将显示“演示数据”提示；运行 python manage.py clear_demo_data 可全部删除。"
            )
        )
