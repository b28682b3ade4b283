"""The built wheel carries everything a site needs (not only an editable install)."""
from __future__ import annotations

import glob
import os
import subprocess
import sys
import zipfile

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "-q", "-w", str(out), ROOT],
        check=True, capture_output=True,
    )
    [path] = glob.glob(str(out / "ckanext_thainguyen-*.whl"))
    with zipfile.ZipFile(path) as zf:
        yield zf


def _repo_files(pattern):
    return sorted(
        os.path.relpath(p, ROOT)
        for p in glob.glob(os.path.join(ROOT, pattern), recursive=True)
        if os.path.isfile(p) and "__pycache__" not in p
    )


def test_schemas_ship_inside_the_package(wheel):
    names = set(wheel.namelist())
    schemas = [os.path.basename(p) for p in _repo_files("schemas/*.yaml")]
    assert "catalogue.yaml" in schemas
    for schema in schemas:
        assert f"ckanext/thainguyen/schemas/{schema}" in names


def test_translations_ship_inside_the_package(wheel):
    names = set(wheel.namelist())
    assert "ckanext/thainguyen/i18n/vi/LC_MESSAGES/ckanext-thainguyen.mo" in names
    assert "ckanext/thainguyen/i18n/vi/LC_MESSAGES/ckanext-thainguyen.po" in names


def test_templates_migrations_and_config_declaration_ship(wheel):
    names = set(wheel.namelist())
    expected = (
        _repo_files("ckanext/thainguyen/templates/**/*.html")
        + _repo_files("ckanext/thainguyen/migration/*/versions/*.py")
        + _repo_files("ckanext/thainguyen/migration/*/*")
        + _repo_files("ckanext/thainguyen/catalogue/sample_data/*")
        + _repo_files("ckanext/thainguyen/*/sample.yaml")
        + _repo_files("ckanext/thainguyen/**/config_declaration.yaml")
    )
    assert len([p for p in expected if p.endswith("/env.py")]) == 3
    missing = [p for p in expected if p not in names]
    assert not missing


def test_plugin_entry_point_is_registered(wheel):
    [entry_points] = [n for n in wheel.namelist() if n.endswith("entry_points.txt")]
    text = wheel.read(entry_points).decode()
    assert "thainguyen = ckanext.thainguyen.plugin:ThainguyenPlugin" in text
    assert "thainguyen_contest = ckanext.thainguyen.plugin:ThainguyenContestPlugin" in text
    assert "thainguyen_science = ckanext.thainguyen.plugin:ThainguyenSciencePlugin" in text
    assert "thainguyen_dcat = ckanext.thainguyen.plugin:ThainguyenDCATPlugin" in text
    assert "thainguyen_dcat_ap_3 = ckanext.thainguyen.dcat.profiles:ThainguyenDCATAP3Profile" in text
