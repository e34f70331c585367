"""The production deployment of docs/deploy.md: hashed, compressed static files and pages that answer."""

import pytest
from django.core.management import call_command
from django.test import Client

PRODUCTION_STATIC = "whitenoise.storage.CompressedManifestStaticFilesStorage"


@pytest.fixture
def collected_static(settings, tmp_path):
    """collectstatic with the production storage into an empty STATIC_ROOT, as `docs/deploy.md` runs it."""
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": PRODUCTION_STATIC}}
    settings.WHITENOISE_USE_FINDERS = False
    call_command("collectstatic", interactive=False, verbosity=0)
    return settings.STATIC_ROOT


def test_collectstatic_with_the_production_storage_hashes_every_vendored_file(collected_static):
    names = {path.name for path in collected_static.rglob("*") if path.is_file()}
    assert "staticfiles.json" in names
    hashed_css = [name for name in names if name.startswith("bootstrap.min.") and name.endswith(".css")]
    assert [name for name in hashed_css if name != "bootstrap.min.css"]
    assert any(name.startswith("htmx.min.") and name.endswith(".js.gz") for name in names)


def test_pages_answer_200_with_hashed_static_files_after_collectstatic(collected_static, world):
    client = Client()  # a new client loads WhiteNoise over the collected files
    login_page = client.get("/login/")
    assert login_page.status_code == 200
    assert "登录" in login_page.text
    assert "/static/vendor/bootstrap/bootstrap.min." in login_page.text
    assert "/static/vendor/bootstrap/bootstrap.min.css" not in login_page.text  # the hashed name is linked

    client.force_login(world.social_worker)
    home = client.get("/")
    assert home.status_code == 200
    assert world.social_worker.name in home.text

    stylesheet = home.text.split('href="/static/vendor/bootstrap/')[1].split('"')[0]
    served = client.get(f"/static/vendor/bootstrap/{stylesheet}")
    assert served.status_code == 200
    css = b"".join(served.streaming_content).decode()
    source_map = css.split("sourceMappingURL=")[1].split()[0]  # rewritten to the hashed name of the map
    assert source_map != "bootstrap.min.css.map"
    assert client.get(f"/static/vendor/bootstrap/{source_map}").status_code == 200
