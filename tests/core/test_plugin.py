"""The plugin loads, wires its interfaces and talks to the real services."""
from __future__ import annotations

import pytest

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.tests import helpers

pytestmark = pytest.mark.usefixtures("with_plugins")


def test_plugin_is_loaded():
    assert p.plugin_loaded("thainguyen")
    assert p.plugin_loaded("scheming_datasets")


def test_config_options_are_declared():
    declared = tk.config.get("ckanext.thainguyen.hide_restricted_metadata")
    assert declared is False


def test_vietnamese_is_the_default_locale():
    assert tk.config.get("ckan.locale_default") == "vi"


@pytest.mark.usefixtures("clean_db")
def test_catalogue_schema_is_served_by_scheming():
    schema = helpers.call_action("scheming_dataset_schema_show", type="dataset")
    field_names = [f["field_name"] for f in schema["dataset_fields"]]
    assert "sharing_mode" in field_names
    sharing = next(f for f in schema["dataset_fields"] if f["field_name"] == "sharing_mode")
    assert sharing["label"]["vi"] == "Hình thức chia sẻ"
    assert {c["value"] for c in sharing["choices"]} == {"open", "default", "special"}


def test_config_declaration_is_listed_by_ckan_cli(cli):
    from ckan.cli.cli import ckan

    result = cli.invoke(ckan, ["config", "declaration", "thainguyen"])
    assert result.exit_code == 0, result.output
    assert "ckanext.thainguyen.hide_restricted_metadata = false" in result.output


def test_extension_commands_are_registered(cli):
    from ckan.cli.cli import ckan

    result = cli.invoke(ckan, ["thainguyen", "--help"])
    assert result.exit_code == 0, result.output
    assert "load-sample" in result.output


@pytest.mark.usefixtures("clean_db")
def test_pages_load_the_extension_stylesheet(app):
    html = app.get("/dataset/").body
    assert "thainguyen.css" in html
