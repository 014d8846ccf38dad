"""Settings: defaults from TOML, overrides from the environment, one-sentence errors."""

from __future__ import annotations

import pytest

from settings import SettingsError, load_settings


def test_defaults_come_from_the_toml_file():
    settings = load_settings()
    assert settings.database_url.startswith("sqlite:///")
    assert settings.timezone == "America/Tijuana"
    assert settings.queue_enabled is False


def test_environment_overrides_with_prefix(monkeypatch):
    monkeypatch.setenv("REGWATCH_REDIS_URL", "redis://127.0.0.1:6379/3")
    monkeypatch.setenv("REGWATCH_ENABLED_SOURCES", '["dof_daily"]')
    settings = load_settings()
    assert settings.queue_enabled and settings.enabled_sources == ["dof_daily"]


def test_wrong_value_is_one_sentence_naming_the_key(monkeypatch):
    monkeypatch.setenv("REGWATCH_EMAIL_BACKEND", "pigeon")
    with pytest.raises(SettingsError) as error:
        load_settings()
    message = str(error.value)
    assert "email_backend" in message and "sendgrid" in message and "\n" not in message


def test_bad_timezone_is_refused(monkeypatch):
    monkeypatch.setenv("REGWATCH_TIMEZONE", "Mars/Olympus")
    with pytest.raises(SettingsError, match="timezone"):
        load_settings()


def test_secret_in_toml_is_refused(tmp_path, monkeypatch):
    toml = tmp_path / "settings.toml"
    toml.write_text('sendgrid_api_key = "SG.leaked"\n')
    monkeypatch.setenv("REGWATCH_SETTINGS_FILE", str(toml))
    with pytest.raises(SettingsError, match="REGWATCH_SENDGRID_API_KEY"):
        load_settings()


def test_secret_from_environment_is_hidden(monkeypatch):
    monkeypatch.setenv("REGWATCH_SENDGRID_API_KEY", "SG.secret-value")
    settings = load_settings()
    assert settings.sendgrid_api_key.get_secret_value() == "SG.secret-value"
    assert "SG.secret-value" not in repr(settings)


def test_production_needs_a_secret_key(monkeypatch):
    monkeypatch.setenv("REGWATCH_ENVIRONMENT", "production")
    with pytest.raises(SettingsError, match="REGWATCH_SECRET_KEY"):
        load_settings()


def test_unknown_setting_is_refused(tmp_path, monkeypatch):
    toml = tmp_path / "settings.toml"
    toml.write_text('databse_url = "sqlite://"\n')
    monkeypatch.setenv("REGWATCH_SETTINGS_FILE", str(toml))
    with pytest.raises(SettingsError, match="databse_url"):
        load_settings()


@pytest.mark.parametrize(
    "url",
    ["http://alertas.example.org", "https://127.0.0.1:8000", "https://localhost", "https://[::1]/"],
)
def test_production_refuses_http_or_loopback_public_base_url(monkeypatch, url):
    monkeypatch.setenv("REGWATCH_ENVIRONMENT", "production")
    monkeypatch.setenv("REGWATCH_SECRET_KEY", "s3cret-for-test")
    monkeypatch.setenv("REGWATCH_PUBLIC_BASE_URL", url)
    with pytest.raises(SettingsError, match="public_base_url") as error:
        load_settings()
    assert str(error.value).count(".") >= 1 and "\n" not in str(error.value)


def test_production_accepts_a_public_https_base_url(monkeypatch):
    monkeypatch.setenv("REGWATCH_ENVIRONMENT", "production")
    monkeypatch.setenv("REGWATCH_SECRET_KEY", "s3cret-for-test")
    monkeypatch.setenv("REGWATCH_PUBLIC_BASE_URL", "https://alertas.example.org")
    assert load_settings().public_base_url == "https://alertas.example.org"


def test_development_keeps_the_loopback_default():
    assert load_settings(environment="development").public_base_url.startswith("http://127.")
