"""docker-compose.yml: valid Compose, PostgreSQL then the migrations then two replicas, secrets only
by reference, and nginx in front passing on only what Slack and pipelines call."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest
import yaml

from tests.deploy.agreement import (
    PRIVATE_PATHS,
    ROOT,
    VERSION,
    assert_mlscope_command,
    assert_settings,
    public_paths,
)

SHARED_SCHEMA = ROOT.parent / "shared" / "compose-spec" / "compose-spec.json"
VENDORED_SCHEMA = ROOT / "tests" / "data" / "compose-spec" / "compose-spec.json"
SCHEMA = SHARED_SCHEMA if SHARED_SCHEMA.exists() else VENDORED_SCHEMA
NGINX = ROOT / "deploy" / "compose" / "nginx.conf"
MLSCOPE = ("migrate", "bot")  # the services that run the image


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA.read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def test_compose_file_validates_against_the_compose_specification(compose, validator):
    errors = sorted(validator.iter_errors(compose), key=str)
    assert errors == [], [e.message for e in errors]


def test_the_schema_check_rejects_a_broken_compose_file(compose, validator):
    misspelled = compose | {"services": compose["services"] | {"bot": compose["services"]["bot"] | {"restrat": "no"}}}
    assert list(validator.iter_errors(misspelled))
    not_a_path = compose | {"secrets": {"slack_bot_token": {"file": 3}}}
    assert list(validator.iter_errors(not_a_path))


def test_postgres_then_the_migrations_then_two_replicas(compose):
    services = compose["services"]
    assert services["postgres"]["healthcheck"]["test"][1] == "pg_isready"
    assert services["migrate"]["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    assert services["migrate"]["command"] == ["db", "upgrade"] and services["migrate"]["restart"] == "no"
    assert services["bot"]["depends_on"] == {"migrate": {"condition": "service_completed_successfully"}}
    assert services["bot"]["deploy"]["replicas"] == 2
    assert "--no-migrate" in services["bot"]["command"], "migrations are the job's, before any replica starts"
    for name in MLSCOPE:
        assert_mlscope_command(services[name]["command"])
        assert services[name]["image"].endswith(f":{VERSION}}}"), "the image is tagged with MLScope's version"
        assert services[name]["read_only"] is True and services[name]["cap_drop"] == ["ALL"]


def test_secrets_are_files_mounted_from_outside_never_values(compose):
    defined = compose["secrets"]
    assert all(re.fullmatch(r"\./secrets/\w+", secret["file"]) for secret in defined.values()), defined
    for name, service in compose["services"].items():
        mounted = set(service.get("secrets", []))
        assert mounted <= set(defined), name
        environment = service.get("environment", {})
        if name in MLSCOPE:
            assert_settings(list(environment))
        for variable, value in environment.items():
            if variable.endswith("_FILE"):
                assert value.removeprefix("/run/secrets/") in mounted, f"{name}: {variable} names no mounted secret"
    assert "database_url" in compose["services"]["migrate"]["secrets"]
    assert set(compose["services"]["migrate"]["secrets"]) == {"database_url"}, "the job needs the database only"
    assert "secrets/" in (ROOT / ".gitignore").read_text().split()


def _nginx_locations() -> dict[str, tuple[str, str]]:
    """location → (modifier, body) of deploy/compose/nginx.conf."""
    text = re.sub(r"#.*", "", NGINX.read_text())
    return {m["path"]: (m["modifier"] or "", m["body"]) for m in re.finditer(
        r"location\s+(?P<modifier>=\s+)?(?P<path>\S+)\s*\{(?P<body>[^}]*)\}", text)}  # fmt: skip


def _nginx_passes_on(path: str) -> bool:
    """Whether nginx proxies ``path`` (an exact location first, else the longest prefix)."""
    locations = _nginx_locations()
    exact = [body for location, (modifier, body) in locations.items() if modifier and location == path]
    prefixes = sorted(
        (loc for loc, (modifier, _) in locations.items() if not modifier and path.startswith(loc)), key=len
    )
    body = exact[0] if exact else locations[prefixes[-1]][1]
    return "proxy_pass" in body


def test_nginx_passes_on_what_slack_and_pipelines_call_and_nothing_else():
    assert all(_nginx_passes_on(path) for path in public_paths()), public_paths()
    assert not any(_nginx_passes_on(path) for path in PRIVATE_PATHS)
    assert not _nginx_passes_on("/api/v1/readings/export") and not _nginx_passes_on("/slackware")


def test_nginx_forwards_to_the_bots_port_and_bounds_requests(compose):
    text = NGINX.read_text()
    port = compose["services"]["bot"]["environment"]["PORT"]
    assert re.search(rf"set \$mlscope http://bot:{port};", text)
    assert "client_max_body_size 1m;" in text and "client_body_timeout 10s;" in text  # docs/security.md
    assert compose["services"]["proxy"]["depends_on"] == {"bot": {"condition": "service_healthy"}}
