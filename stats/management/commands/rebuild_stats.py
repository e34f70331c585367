import time

from django.core.management.base import BaseCommand
from django.db import connection

from stats.models import Fact
from stats.rollup import rebuild


class Command(BaseCommand):
    help = "Rebuild every rollup of the dashboards from the record (ledger, needs, volunteers, organisations)."

    def handle(self, *args, **options):
        started = time.perf_counter()
        rebuild()
        self.stdout.write(f"{Fact.objects.count()} facts in {time.perf_counter() - started:.1f} s")
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # the rebuild leaves a dead version of every fact it replaced; until autovacuum comes, the dashboards
            # read through them (a community's 997 facts: 124 ms before, 2.6 ms after, docs/benchmarks.md)
            with connection.cursor() as cursor:
                cursor.execute(f"VACUUM ANALYZE {Fact._meta.db_table}")
            self.stdout.write(f"{Fact._meta.db_table} vacuumed in {time.perf_counter() - started:.1f} s in all")
