from django.core.management.base import BaseCommand, CommandError

from ledger.models import LedgerEntry
from ledger.services import chain_verify
from regions.models import Region


class Command(BaseCommand):
    help = "Verify the hash chain of every county's ledger; name the first broken entry."

    def handle(self, *args, **options):
        broken = []
        regions = Region.objects.filter(pk__in=LedgerEntry.objects.values("region")).order_by("code")
        for region in regions:
            result = chain_verify(region)
            if result:
                broken.append(f"{region.code} {region.name}: entry {result.seq} {result.why}")
            else:
                count = LedgerEntry.objects.filter(region=region).count()
                self.stdout.write(f"{region.code} {region.name}: {count} entries, chain intact")
        if broken:
            raise CommandError("ledger chain broken — " + "; ".join(broken))
