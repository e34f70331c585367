"""Model fields shared by the apps."""

from django.db import connections, models, router

from core import crypto


class EncryptedTextField(models.TextField):
    """Text kept encrypted in the database and plain in Python. It cannot be filtered on: pair it with a
    blind index field for exact lookup."""

    def from_db_value(self, value, expression, connection):
        return value if value in (None, "") else crypto.decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return value if value in (None, "") else crypto.encrypt(value)


def seal_column(model, name: str, *, batch: int = 1000) -> None:
    """For a data migration that makes a plain text field encrypted: seal every stored value of `name`, read
    through a historical `model` on which the field is still plain text. Run before the AlterField that makes
    the field an EncryptedTextField."""
    _rewrite(model, name, crypto.encrypt, batch)


def open_column(model, name: str, *, batch: int = 1000) -> None:
    """The reverse of `seal_column`: store the values in clear again (the field plain text on `model`)."""
    _rewrite(model, name, crypto.decrypt, batch)


def _rewrite(model, name, change, batch):
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    table, column, pk = model._meta.db_table, model._meta.get_field(name).column, model._meta.pk.column
    statement = f"UPDATE {quote(table)} SET {quote(column)} = %s WHERE {quote(pk)} = %s"  # noqa: S608 - names only
    last = None
    while True:
        rows = model._base_manager.exclude(**{name: ""}).order_by("pk")
        rows = list((rows.filter(pk__gt=last) if last is not None else rows).values_list("pk", name)[:batch])
        if not rows:
            return
        with connection.cursor() as cursor:  # one statement per row: bulk_update's CASE grows with the batch
            cursor.executemany(statement, [(change(value), pk) for pk, value in rows])
        last = rows[-1][0]
