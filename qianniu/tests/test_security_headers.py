"""Security headers (ASVS 5.0 V3.4): a Content-Security-Policy without inline code, and Django's deployment
checks clean under the production settings of docs/deploy.md."""

import base64
import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def production_env(tmp_path, **extra) -> dict:
    """The variables docs/deploy.md sets, with throwaway secrets."""
    key = base64.urlsafe_b64encode(os.urandom(32)).decode()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECURE_", "DEBUG"))}
    env.update(
        QIANNIU_PRODUCTION="1",
        SECRET_KEY=base64.urlsafe_b64encode(os.urandom(48)).decode(),
        FIELD_ENCRYPTION_KEY=key,
        LEDGER_HMAC_KEY=base64.urlsafe_b64encode(os.urandom(32)).decode(),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        QIANNIU_DATA_DIR=str(tmp_path),
        ALLOWED_HOSTS="qianniu.example.gov.cn",
        TRUSTED_PROXIES="127.0.0.1",
        **extra,
    )
    return env


def test_check_deploy_reports_nothing_under_the_production_settings(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_does_warn_when_https_is_switched_off(tmp_path):
    """The check above can fail: turning the redirect and HSTS off is reported."""
    env = production_env(tmp_path, SECURE_SSL_REDIRECT="0", SECURE_HSTS_SECONDS="0")
    command = [sys.executable, "manage.py", "check", "--deploy"]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert "security.W004" in result.stderr + result.stdout
    assert "security.W008" in result.stderr + result.stdout


def test_every_page_carries_a_policy_without_inline_code(client, world, login):
    for response in (client.get("/login/"), login(world.social_worker).get("/")):
        assert response.status_code == 200
        policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
        assert policy["default-src"] == "'self'"
        assert policy["script-src"] == "'self'"
        assert policy["style-src"] == "'self'"
        assert policy["frame-ancestors"] == "'none'"
        assert "unsafe-inline" not in response["Content-Security-Policy"]
        assert "unsafe-eval" not in response["Content-Security-Policy"]
        assert "camera=()" in response["Permissions-Policy"]
        assert response["Referrer-Policy"] == "same-origin"


def test_htmx_is_told_not_to_inject_styles_or_evaluate_code(client):
    page = client.get("/login/").text
    assert '<meta name="htmx-config"' in page
    assert '"includeIndicatorStyles": false' in page
    assert '"allowEval": false' in page
    css = (ROOT / "qianniu/static/qianniu/site.css").read_text()
    assert ".htmx-indicator" in css  # the indicator rule htmx would otherwise inject


INLINE_CODE = [
    re.compile(r"\sstyle\s*=", re.I),  # style attributes
    re.compile(r"<style[\s>]", re.I),
    re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.I),  # scripts without src
    re.compile(r"\son[a-z]+\s*=", re.I),  # onclick=, onsubmit=, ...
    re.compile(r"javascript:", re.I),
]


def project_templates():
    for app in settings.INSTALLED_APPS:
        folder = ROOT / app / "templates"
        if "." not in app and folder.is_dir():
            yield from folder.rglob("*.html")


def test_no_template_holds_inline_styles_or_scripts():
    templates = list(project_templates())
    assert len(templates) > 50  # the walk finds the templates
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)!r}"
        for path in templates
        for pattern in INLINE_CODE
        for match in pattern.finditer(path.read_text())
    ]
    assert found == []


def test_the_inline_code_scan_finds_what_it_looks_for():
    samples = ['<div style="width: 3%">', "<script>alert(1)</script>", '<form onsubmit="x()">', "<style>a{}</style>"]
    for sample in samples:
        assert any(pattern.search(sample) for pattern in INLINE_CODE), sample
    assert not any(pattern.search('<script src="/static/x.js"></script>') for pattern in INLINE_CODE)
