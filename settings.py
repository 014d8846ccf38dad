"""The one typed Settings object: defaults from settings.toml, overrides from REGWATCH_* env.

This is the only module that reads the environment. Secrets (API keys, passwords, the
signing key) are accepted only from the environment; a secret found in the TOML file is an
error, so a key never lands in version control by accident.
"""

from __future__ import annotations

import os
import pathlib
from typing import Any, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

PROJECT_ROOT = pathlib.Path(__file__).resolve().parent
DEFAULT_TOML = PROJECT_ROOT / "settings.toml"
SECRET_KEYS = frozenset(
    {
        "secret_key",
        "sendgrid_api_key",
        "smtp_password",
        "translate_api_key",
    }
)
DEV_SECRET = "dev-only-insecure-secret-key-change-me"
DofRoute = Literal["index", "sidof", "ws"]
DOF_ROUTES: tuple[DofRoute, ...] = ("index", "sidof", "ws")


class SettingsError(Exception):
    """A setting is missing or wrong; the message is one sentence saying what to fix."""


class Settings(BaseSettings):
    """Every knob of RegWatch. Defaults and comments live in settings.toml."""

    model_config = SettingsConfigDict(env_prefix="REGWATCH_", extra="forbid")

    # --- general
    environment: Literal["development", "test", "production"] = "development"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    timezone: str = "America/Tijuana"
    var_dir: str = "var"
    secret_key: SecretStr = SecretStr("")

    # --- storage and jobs
    database_url: str = "sqlite:///var/regwatch.db"
    redis_url: str = ""
    queue_names: list[str] = Field(default_factory=lambda: ["crawl", "classify", "alerts"])
    job_retries: int = Field(3, ge=0, le=20)
    job_retry_intervals: list[int] = Field(default_factory=lambda: [10, 60, 300])
    job_timeout_seconds: int = Field(1800, ge=10)

    # --- crawling
    enabled_sources: list[str] = Field(
        default_factory=lambda: [
            "dof_daily",
            "us_cbp_csms",
            "us_federal_register",
            "mx_sat_normatividad",
            "mx_gobmx_prensa",
            "mx_anam",
            "mx_snice",
        ]
    )
    user_agent: str = "RegWatch/0.1 (+https://github.com/regwatch/regwatch; compliance alerts)"
    crawl_concurrency_per_domain: int = Field(2, ge=1, le=4)
    crawl_download_timeout: int = Field(30, ge=1, le=600)
    crawl_retry_times: int = Field(3, ge=0, le=10)
    crawl_autothrottle: bool = True
    crawl_obey_robots: bool = True
    crawl_failure_threshold: int = Field(3, ge=1, le=100)
    crawl_first_run_days: int = Field(7, ge=1, le=3650)
    dof_recheck_days: int = Field(7, ge=0, le=60)
    dof_routes: list[DofRoute] = Field(default_factory=lambda: list(DOF_ROUTES), min_length=1)
    dof_closed_dates: list[str] = Field(default_factory=list)
    detail_recheck_days: int = Field(7, ge=0, le=60)
    detail_recheck_hours: int = Field(24, ge=1, le=24 * 30)
    crawl_saved_responses_mb: int = Field(20, ge=0, le=10_000)
    dof_base_url: str = "https://dof.gob.mx"
    sidof_base_url: str = "https://sidof.segob.gob.mx"
    dof_ws_base_url: str = "https://www.diariooficial.gob.mx"
    csms_base_url: str = "https://content.govdelivery.com"
    csms_account: str = "USDHSCBP"
    federal_register_base_url: str = "https://www.federalregister.gov"
    federal_register_agencies: list[str] = Field(
        default_factory=lambda: ["u-s-customs-and-border-protection"]
    )
    federal_register_public_inspection: bool = False
    sat_base_url: str = "https://www.sat.gob.mx"
    gobmx_base_url: str = "https://www.gob.mx"
    gobmx_agencies: list[str] = Field(default_factory=lambda: ["sat", "se", "stps", "conasami"])
    anam_feed_url: str = "https://www.anam.gob.mx/feed/"
    snice_base_url: str = "https://www.snice.gob.mx"

    # --- classification
    classifier_model_path: str = ""
    auto_publish: bool = True
    news_window_days: int = Field(45, ge=1, le=3650)

    # --- alerts
    email_backend: Literal["outbox", "smtp", "sendgrid"] = "outbox"
    outbox_dir: str = "var/outbox"
    mail_from: str = "alertas@regwatch.example.org"
    mail_from_name: str = "RegWatch"
    staff_alert_email: str = "staff@regwatch.example.org"
    public_base_url: str = "http://127.0.0.1:8000"
    organization_name: str = "RegWatch"
    organization_address: str = "Av. Ejemplo 100, Tijuana, B.C. 22000, México"
    reply_to: str = "staff@regwatch.example.org"
    list_id: str = "digests.regwatch.example.org"
    feedback_quorum: int = Field(2, ge=1, le=100)
    sendgrid_api_key: SecretStr = SecretStr("")
    sendgrid_base_url: str = "https://api.sendgrid.com"
    sendgrid_webhook_public_key: str = ""
    smtp_host: str = "127.0.0.1"
    smtp_port: int = Field(25, ge=1, le=65535)
    smtp_username: str = ""
    smtp_password: SecretStr = SecretStr("")
    smtp_starttls: bool = False
    translator: Literal["apertium", "http", "none", "auto"] = "auto"
    translate_url: str = "http://127.0.0.1:5000"
    translate_api_key: SecretStr = SecretStr("")
    confirm_link_max_age_days: int = Field(7, ge=1, le=365)
    daily_digest_hour: int = Field(7, ge=0, le=23)
    weekly_digest_weekday: int = Field(0, ge=0, le=6)
    instant_sweep_minutes: int = Field(5, ge=1, le=60)

    # --- web
    web_host: str = "127.0.0.1"
    web_port: int = Field(8000, ge=1, le=65535)
    login_max_attempts: int = Field(5, ge=1, le=100)
    subscribe_rate_per_hour: int = Field(10, ge=1, le=10000)

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        import zoneinfo

        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValueError("must be an IANA time zone such as America/Tijuana") from None
        return value

    @field_validator("dof_closed_dates")
    @classmethod
    def _iso_dates(cls, value: list[str]) -> list[str]:
        import datetime as dt

        for item in value:
            try:
                dt.date.fromisoformat(item)
            except ValueError:
                raise ValueError(f"{item!r} is not a date; write each like 2026-04-02") from None
        return value

    @field_validator("database_url")
    @classmethod
    def _supported_database(cls, value: str) -> str:
        if not value.startswith(("sqlite:", "postgresql:", "postgresql+psycopg:")):
            raise ValueError("must start with sqlite:/// or postgresql+psycopg://")
        return value

    @field_validator("redis_url")
    @classmethod
    def _redis_scheme(cls, value: str) -> str:
        if value and not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("must be empty (run jobs inline) or start with redis://")
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Arguments first, then the environment, then settings.toml."""
        toml_path = os.environ.get("REGWATCH_SETTINGS_FILE") or str(DEFAULT_TOML)
        toml = TomlConfigSettingsSource(settings_cls, toml_file=toml_path)
        return (init_settings, env_settings, _NoSecrets(toml))

    # --- derived values
    @property
    def queue_enabled(self) -> bool:
        """True when jobs go to RQ; False when they run inline in this process."""
        return bool(self.redis_url)

    @property
    def signing_key(self) -> str:
        """The key that signs links and sessions; a fixed dev key only outside production."""
        key = self.secret_key.get_secret_value()
        return key or DEV_SECRET

    def path(self, relative: str) -> pathlib.Path:
        """Resolve a path setting against the working directory."""
        return pathlib.Path(relative).expanduser()


class _NoSecrets(PydanticBaseSettingsSource):
    """Wraps the TOML source and refuses secrets written in it."""

    def __init__(self, inner: TomlConfigSettingsSource) -> None:
        super().__init__(inner.settings_cls)
        self.inner = inner

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return self.inner.get_field_value(field, field_name)

    def __call__(self) -> dict[str, Any]:
        values = self.inner()
        leaked = sorted(SECRET_KEYS & {k for k, v in values.items() if v})
        if leaked:
            name = leaked[0]
            raise SettingsError(
                f"{name} must not be written in settings.toml; "
                f"set it in the environment as REGWATCH_{name.upper()}."
            )
        return values


def describe_error(error: ValidationError) -> str:
    """Turn pydantic's report into one sentence naming the key and what is allowed."""
    first = error.errors()[0]
    key = ".".join(str(p) for p in first["loc"]) or "settings"
    message = first["msg"].removeprefix("Value error, ")
    if first["type"] == "extra_forbidden":
        return f"Unknown setting {key!r}: remove it from settings.toml or the environment."
    got = first.get("input")
    shown = "" if isinstance(got, dict) or key in SECRET_KEYS else f" (got {got!r})"
    return f"Setting {key} (env REGWATCH_{key.upper()}) {message.lower()}{shown}."


def load_settings(**overrides: Any) -> Settings:
    """Build the settings, or raise SettingsError with one sentence to show the user."""
    try:
        settings = Settings(**overrides)
    except ValidationError as error:
        raise SettingsError(describe_error(error)) from None
    if settings.environment == "production" and not settings.secret_key.get_secret_value():
        raise SettingsError(
            "REGWATCH_SECRET_KEY must be set in production; generate one with "
            "`python -c 'import secrets; print(secrets.token_urlsafe(32))'`."
        )
    if settings.environment == "production":
        check_public_base_url(settings.public_base_url)
    return settings


def check_public_base_url(url: str) -> None:
    """Production links go to members: refuse http:// and loopback addresses in one sentence."""
    import ipaddress
    import urllib.parse

    parsed = urllib.parse.urlsplit(url)
    host = (parsed.hostname or "").lower()
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost" or host.endswith(".localhost")
    if parsed.scheme != "https" or not host or loopback:
        raise SettingsError(
            f"Setting public_base_url (env REGWATCH_PUBLIC_BASE_URL) must be the public "
            f"https:// address members can reach in production (got {url!r})."
        )
