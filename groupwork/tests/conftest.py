from venues.tests.conftest import centre  # noqa: F401 (the rooms of the venues tests, for sessions planned in them)
