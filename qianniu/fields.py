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
