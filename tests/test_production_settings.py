"""The production posture: with the settings .env.example and docker-compose.yml give,
``manage.py check --deploy`` finds nothing to warn about, and the portal trusts a proxy's
X-Forwarded-Proto only when told a proxy sets it. Each case starts a fresh interpreter, since
the settings are read once at start-up."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

MANAGE = str(settings.BASE_DIR / "manage.py")


def production_env(**overrides: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "SECURE_")) and k != "DATABASE_URL"
    }
    env.update(
        DJANGO_SETTINGS_MODULE="pmo_portal.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="pmo.example.gov",
        DJANGO_CSRF_TRUSTED_ORIGINS="https://pmo.example.gov",
        DJANGO_SECURE_COOKIES="true",
        DJANGO_BEHIND_TLS_PROXY="true",
        DATABASE_URL="postgres://pmo:pmo@postgres:5432/pmo_portal",
    )
    env.update(overrides)
    return env


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({}, id="redirect-by-the-portal"),
        pytest.param({"DJANGO_SECURE_SSL_REDIRECT": "false"}, id="redirect-by-the-proxy"),
    ],
)
def test_check_deploy_is_clean(overrides: dict[str, str]) -> None:
    result = run(
        [MANAGE, "check", "--deploy", "--fail-level", "WARNING"], production_env(**overrides)
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


SHOW = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.SECURE_PROXY_SSL_HEADER, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, "
    "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD)"
)


def test_production_is_https_only_by_default() -> None:
    env = production_env()
    del env["DJANGO_BEHIND_TLS_PROXY"]
    result = run(["-c", SHOW], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["None", "True", "31536000", "True", "True"]


def test_proxy_header_is_trusted_only_behind_a_tls_proxy() -> None:
    result = run(["-c", SHOW], production_env())
    assert result.stdout.startswith("('HTTP_X_FORWARDED_PROTO', 'https') True"), result.stderr


def test_compose_publishes_gunicorn_on_loopback_behind_the_proxy() -> None:
    import yaml

    compose = yaml.safe_load((settings.BASE_DIR / "docker-compose.yml").read_text())
    web = compose["services"]["web"]
    assert all(str(port).startswith("127.0.0.1:") for port in web["ports"]), web["ports"]
    assert web["environment"]["DJANGO_BEHIND_TLS_PROXY"].endswith(":-true}")


def test_env_example_documents_the_https_settings() -> None:
    example = (settings.BASE_DIR / ".env.example").read_text()
    for name in (
        "DJANGO_BEHIND_TLS_PROXY",
        "DJANGO_SECURE_SSL_REDIRECT",
        "DJANGO_SECURE_HSTS_SECONDS",
        "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "DJANGO_SECURE_HSTS_PRELOAD",
    ):
        assert f"# {name}=" in example, name
