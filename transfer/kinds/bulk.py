"""Rows inserted with one `executemany` per batch: what `bulk_create` writes, without a model instance per row
and the per-value preparation of Django's insert compiler, which was most of the time of committing a
roster (docs/benchmarks.md). Each column's value is prepared by its field unless the field is one of
Django's own that passes the value through (text, integers, booleans, keys to integer keys); dates and times
go through the backend's adapters; defaults and `auto_now(_add)` are applied as the model would. No signals
are sent, as `bulk_create` sends none.

On PostgreSQL the rows go by COPY, quicker than `executemany` (one statement a row, pipelined) and than one
INSERT of many rows, whose ten thousand placeholders psycopg parses on every batch."""

from django.db import connections, models, router
from django.utils import timezone

PASSED_THROUGH = {
    models.CharField, models.TextField, models.IntegerField, models.PositiveIntegerField, models.BooleanField,
    models.SmallIntegerField, models.PositiveSmallIntegerField, models.BigIntegerField, models.AutoField,
    models.BigAutoField,
}  # fmt: skip
BATCH = 500


def _preparer(field, connection):
    if type(field) is models.DateTimeField:
        return connection.ops.adapt_datetimefield_value
    if type(field) is models.DateField:
        return connection.ops.adapt_datefield_value
    if type(field) in PASSED_THROUGH:
        return None
    if type(field) is models.ForeignKey and type(field.target_field) in PASSED_THROUGH:
        return None
    return lambda value: field.get_db_prep_save(value, connection)


def _prepared(value, prepare):
    return value if prepare is None or value is None else prepare(value)


def insert_rows(model, rows: list[dict]) -> None:
    """INSERT `rows` (attribute name → value; what a row leaves out takes the field's default) into `model`'s
    table; the primary key is the database's."""
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    now = timezone.now()
    plan = []
    for field in fields:
        prepare = _preparer(field, connection)
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False) or field.default is timezone.now:
            fixed, default = True, now  # one moment for the whole insert
        else:  # a default that is not callable is the same for every row: taken (and prepared) once
            fixed = not (field.has_default() and callable(field.default))
            default = field.get_default() if fixed else field.get_default
        if fixed and prepare is not None and default is not None:
            default = prepare(default)
        plan.append((field.attname, fixed, default, prepare))
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    marks = "(" + ", ".join(["%s"] * len(fields)) + ")"
    statement = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES "  # noqa: S608 - names only
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            params = []
            for row in rows[start : start + BATCH]:
                values = []
                for attname, fixed, default, prepare in plan:
                    if attname not in row:
                        values.append(default if fixed else _prepared(default(), prepare))
                    else:
                        values.append(_prepared(row[attname], prepare))
                params.append(values)
            if connection.vendor == "postgresql":
                _copy(cursor, model._meta.db_table, [field.column for field in fields], params, quote)
            else:
                cursor.executemany(statement + marks, params)


def _copy(cursor, table: str, columns: list[str], params: list[list], quote) -> None:
    """PostgreSQL's COPY FROM STDIN through psycopg: the rows stream in one command, nothing is parsed per row."""
    names = ", ".join(quote(column) for column in columns)
    with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
        for values in params:
            copy.write_row(values)
