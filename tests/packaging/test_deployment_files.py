"""docker-compose.yml, Dockerfile, demo.ini and the README tell one story."""
from __future__ import annotations

import configparser
import os
import re

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _read(name):
    with open(os.path.join(ROOT, name), encoding="utf-8") as f:
        return f.read()


def _compose():
    return yaml.safe_load(_read("docker-compose.yml"))


def _dockerfile_env(key):
    match = re.search(rf'{key}="([^"]*)"', _read("Dockerfile"))
    assert match, f"{key} not set in Dockerfile"
    return match.group(1)


def _ini_option(name, option):
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(os.path.join(ROOT, name), encoding="utf-8")
    return parser.get("app:main", option)


def _readme_plugins():
    lines = re.findall(r"^\s*ckan\.plugins = (.+)$", _read("README.md"), flags=re.M)
    assert lines, "README shows no ckan.plugins line"
    return {tuple(line.split()) for line in lines}


def test_services_and_health_checks():
    services = _compose()["services"]
    assert set(services) == {"ckan", "db", "solr", "redis"}
    for name, service in services.items():
        assert "healthcheck" in service, f"{name} has no health check"
    assert services["ckan"]["build"] == "."
    assert services["solr"]["image"].startswith("ckan/ckan-solr:2.11-solr9")
    for dependency in ("db", "solr", "redis"):
        assert services["ckan"]["depends_on"][dependency]["condition"] == "service_healthy"


def test_named_volumes_for_database_solr_and_uploads():
    compose = _compose()
    assert set(compose["volumes"]) == {"pg_data", "solr_data", "ckan_storage"}
    mounts = {
        name: [v.split(":")[0] for v in service.get("volumes", [])]
        for name, service in compose["services"].items()
    }
    assert "pg_data" in mounts["db"]
    assert "solr_data" in mounts["solr"]
    assert "ckan_storage" in mounts["ckan"]


def test_secrets_only_come_from_the_env_file():
    compose_text = _read("docker-compose.yml")
    referenced = set(re.findall(r"\$\{([A-Z_]+)(?::-[^}]*)?\}", compose_text))
    example = dict(
        line.split("=", 1) for line in _read(".env.example").splitlines()
        if line and not line.startswith("#")
    )
    assert referenced <= set(example), f"missing in .env.example: {referenced - set(example)}"
    for key, value in example.items():
        if "PASSWORD" in key or "SECRET" in key:
            assert "CHANGE_ME" in value, f"{key} ships a real-looking secret"
    assert not re.search(r"PASSWORD:\s*[^$\s]", compose_text), "literal password in compose"
    assert ".env" in _read(".gitignore").split()
    assert _compose()["services"]["ckan"]["env_file"] == ".env"


def test_plugin_lists_agree():
    image = tuple(p for p in _dockerfile_env("CKAN__PLUGINS").split() if p != "envvars")
    demo = tuple(_ini_option("demo.ini", "ckan.plugins").split())
    assert image == demo
    assert _readme_plugins() == {demo}
    test_plugins = set(_ini_option("test.ini", "ckan.plugins").split())
    assert {"scheming_datasets", "thainguyen"} <= test_plugins <= set(demo)


def test_schema_lists_agree():
    image = _dockerfile_env("CKAN___SCHEMING__DATASET_SCHEMAS").split()
    demo = _ini_option("demo.ini", "scheming.dataset_schemas").split()
    test = _ini_option("test.ini", "scheming.dataset_schemas").split()
    assert image == demo == test
    for entry in demo:
        module, filename = entry.split(":")
        assert module == "ckanext.thainguyen.schemas"
        assert os.path.exists(os.path.join(ROOT, "schemas", filename))
