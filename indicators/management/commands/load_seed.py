from django.core.management.base import BaseCommand

from indicators.catalogue.seed import load_seed


class Command(BaseCommand):
    help = "Load the seed data in fixtures/ (idempotent: a second run changes nothing)."

    def handle(self, *args, **options):
        report = load_seed()
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"种子数据已载入：{report.changed} 行有变化。"))
