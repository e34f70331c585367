"""Model fields shared by the apps."""

from django.db import models

from qianniu import crypto


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
    last = 0
    while True:
        rows = list(model._base_manager.filter(pk__gt=last).exclude(**{name: ""}).order_by("pk")[:batch])
        if not rows:
            return
        for row in rows:
            setattr(row, name, change(getattr(row, name)))
        model._base_manager.bulk_update(rows, [name])
        last = rows[-1].pk
