"""Move every encrypted value to the current field key, so that older keys can leave the ring."""

from collections import Counter

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import ExpressionWrapper, F, Q, TextField, Value
from django.db.models.functions import Coalesce, Left, Length

from core import crypto
from core.fields import EncryptedTextField

MAX_BATCH_CHARACTERS = 64 * 1024 * 1024  # a batch of scanned attachments stops here, whatever --batch-size says


def encrypted_models():
    """Every concrete model with encrypted fields, and those fields."""
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        fields = [field for field in model._meta.local_fields if isinstance(field, EncryptedTextField)]
        if fields:
            yield model, fields


def stored(field):
    """The stored ciphertext, not decrypted."""
    return ExpressionWrapper(F(field.attname), output_field=TextField())


def stored_head(field, length):
    return Left(F(field.attname), length, output_field=TextField())


def stale_rows(model, fields, prefix):
    """Rows with a value not sealed with the current key; only the first characters are read to tell."""
    heads = {f"_head_{field.attname}": stored_head(field, len(prefix)) for field in fields}
    stale = Q()
    for name in heads:
        stale |= Q(**{f"{name}__gt": ""}) & ~Q(**{name: prefix})
    return model._base_manager.annotate(**heads).filter(stale).order_by("pk")


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted field of every model with the current FIELD_ENCRYPTION_KEY, in batches that "
        "each commit alone. Safe to stop and run again: it rewrites only values not yet under the current key. "
        "When --check reports none left, the older keys can be removed from FIELD_ENCRYPTION_KEYS."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=200, help="rows per transaction (200)")
        parser.add_argument("--max-batches", type=int, help="stop after this many batches; run again to go on")
        parser.add_argument("--check", action="store_true", help="count the values per key, change nothing")

    def handle(self, *args, **options):
        if options["check"]:
            return self.count_by_key()
        batch_size, max_batches = max(options["batch_size"], 1), options["max_batches"]
        prefix = crypto.current_prefix()
        batches = rows_total = values_total = 0
        for model, fields in encrypted_models():
            label, rows, values, last_pk = model._meta.label, 0, 0, None
            while max_batches is None or batches < max_batches:
                changed_rows, changed_values, last_pk = self.batch(model, fields, prefix, batch_size, last_pk)
                if not changed_rows:
                    break
                batches, rows, values = batches + 1, rows + changed_rows, values + changed_values
                if options["verbosity"] > 1:
                    self.stdout.write(f"{label}: {rows} rows re-encrypted, up to id {last_pk}")
            if rows:
                self.stdout.write(f"{label}: {values} values in {rows} rows re-encrypted")
            rows_total, values_total = rows_total + rows, values_total + values
        stopped = max_batches is not None and batches >= max_batches
        self.stdout.write(
            f"{values_total} values in {rows_total} rows re-encrypted in {batches} batches"
            + (
                "; stopped at --max-batches, run again to go on"
                if stopped
                else "; every value is under the current key"
            )
        )

    def batch(self, model, fields, prefix, batch_size, after):
        """Re-encrypt the next rows that need it, in one transaction: all of them or, if stopped, none."""
        with transaction.atomic():
            candidates = stale_rows(model, fields, prefix)
            if after is not None:
                candidates = candidates.filter(pk__gt=after)
            size = sum((Coalesce(Length(stored(field)), Value(0)) for field in fields), Value(0))
            chosen, characters = [], 0
            for pk, length in candidates.annotate(_size=size).values_list("pk", "_size")[:batch_size]:
                if chosen and characters + length > MAX_BATCH_CHARACTERS:
                    break
                chosen.append(pk)
                characters += length
            if not chosen:
                return 0, 0, after
            columns = {f"_stored_{field.attname}": field.attname for field in fields}
            rows = model._base_manager.filter(pk__in=chosen).select_for_update().order_by("pk")
            rows = rows.annotate(**{column: stored(field) for column, field in zip(columns, fields, strict=True)})
            values = 0
            for row in rows.values("pk", *columns):
                plain = {
                    name: crypto.decrypt(row[column])
                    for column, name in columns.items()
                    if row[column] and not row[column].startswith(prefix)
                }
                if plain:  # the field seals with the current key as it is written
                    model._base_manager.filter(pk=row["pk"]).update(**plain)
                    values += len(plain)
            return len(chosen), values, chosen[-1]

    def count_by_key(self):
        current = crypto.key_ring()[0]
        left = 0
        for model, fields in encrypted_models():
            keys = Counter()
            for field in fields:
                heads = model._base_manager.annotate(_head=stored_head(field, 24)).filter(_head__gt="")
                keys.update(crypto.key_id_of(head) for head in heads.values_list("_head", flat=True).iterator())
            if keys:
                counts = ", ".join(f"key {key_id}: {count}" for key_id, count in sorted(keys.items()))
                self.stdout.write(f"{model._meta.label}: {counts}")
            left += sum(count for key_id, count in keys.items() if key_id != current)
        self.stdout.write(f"{left} values under keys other than the current key {current}")
