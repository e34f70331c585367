"""Fixtures of other apps that the projects tests use."""

from venues.tests.conftest import centre  # noqa: F401 - a venue with rooms, for the project booking page
