import time

from django.core.management.base import BaseCommand

from stats.models import Fact
from stats.rollup import rebuild


class Command(BaseCommand):
    help = "Rebuild every rollup of the dashboards from the record (ledger, needs, volunteers, organisations)."

    def handle(self, *args, **options):
        started = time.perf_counter()
        rebuild()
        self.stdout.write(f"{Fact.objects.count()} facts in {time.perf_counter() - started:.1f} s")
