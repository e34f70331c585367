from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ledger import checkpoint
from ledger.models import LedgerEntry
from ledger.services import chain_verify, chained_counties, checkpoint_files, checkpoints_compare


class Command(BaseCommand):
    help = (
        "Verify every county's ledger chain under the ledger key and against its stored head; with --checkpoints, "
        "also against the signed checkpoint files. Exits non-zero naming every problem."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--checkpoints",
            action="append",
            type=Path,
            default=[],
            metavar="PATH",
            help="a checkpoint file, or a directory of them (*.jsonl); may be given several times",
        )
        parser.add_argument(
            "--public-key",
            help="check the checkpoints' signatures with this public key (as `ledger_checkpoint --public-key` "
            "printed it) instead of the one derived from LEDGER_HMAC_KEY",
        )

    def handle(self, *args, **options):
        problems = []
        for region in chained_counties():
            result = chain_verify(region)
            if result:
                problems.append(f"{region.code} {region.name}: entry {result.seq} {result.why}")
            else:
                count = LedgerEntry.objects.filter(region=region).count()
                self.stdout.write(f"{region.code} {region.name}: {count} entries, chain intact")
        if options["checkpoints"]:
            problems += self.check_checkpoints(options["checkpoints"], options["public_key"])
        if problems:
            raise CommandError("ledger broken — " + "; ".join(problems))

    def check_checkpoints(self, paths, public_key):
        try:
            key = (
                checkpoint.public_key_from_text(public_key)
                if public_key
                else checkpoint.signing_key(settings.LEDGER_HMAC_KEY).public_key()
            )
        except ValueError as error:
            raise CommandError(f"--public-key: {error}") from None
        taken, problems = [], []
        for path in checkpoint_files(paths):
            try:
                lines = path.read_text(encoding="utf-8").splitlines()
            except OSError as error:
                raise CommandError(f"{path}: {error.strerror}") from None
            found, unreadable = checkpoint.read(lines, key, source=str(path))
            taken += found
            problems += unreadable
        problems += checkpoints_compare(taken)
        if not problems:
            counties = len({c.county for c in taken})
            self.stdout.write(f"{len(taken)} checkpoints of {counties} counties match the ledger")
        return problems
