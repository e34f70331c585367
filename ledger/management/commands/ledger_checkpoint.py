from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from ledger import checkpoint
from ledger.services import checkpoints_write


class Command(BaseCommand):
    help = (
        "Append each county's entry count and last hash, signed, to a checkpoint file (by default today's file "
        "in LEDGER_CHECKPOINT_DIR). Copy the files off this machine: `verify_ledger --checkpoints` reads them back."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", type=Path, metavar="FILE", help="the file to append to")
        parser.add_argument(
            "--public-key", action="store_true", help="print the public key that checks the signatures, and stop"
        )

    def handle(self, *args, **options):
        public_key = checkpoint.public_key_text(checkpoint.signing_key(settings.LEDGER_HMAC_KEY).public_key())
        if options["public_key"]:
            self.stdout.write(public_key)
            return
        path = options["out"] or Path(settings.LEDGER_CHECKPOINT_DIR) / f"ledger-{timezone.localdate():%Y-%m-%d}.jsonl"
        taken = checkpoints_write(path)
        for one in taken:
            self.stdout.write(f"{one.county}: {one.count} entries, last {one.seq} {one.hash[:16]}…")
        self.stdout.write(f"{len(taken)} checkpoints appended to {path} (public key {public_key})")
