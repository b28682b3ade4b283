"""The built wheel installs with pip into a clean virtualenv beside CKAN and
works there: every module imports, the XLSX export writes a workbook.

The virtualenv (CKAN at the running release, with its requirements, from
PyPI) is kept beside pytest's temporary directories, or under $STACK_DIR,
keyed by the release and setup.py: a rerun only reinstalls the wheel.
"""
from __future__ import annotations

import glob
import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

import ckan

ROOT = Path(__file__).resolve().parents[2]

# Run by the clean virtualenv's python: everything must import from what pip
# installed, but the alembic scripts (run by alembic) and the WSGI entry
# point (it loads the site's ini file).
CHECK = r"""
import importlib, io, pkgutil, sys
import ckanext.thainguyen as package
failed = []
for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
    if ".migration." in info.name or info.name == "ckanext.thainguyen.wsgi":
        continue
    try:
        importlib.import_module(info.name)
    except Exception as error:
        failed.append(f"{info.name}: {error!r}")
assert not failed, "\n".join(failed)
assert package.__path__[0].startswith(sys.prefix), package.__path__
from ckanext.thainguyen.science import export
record = dict.fromkeys(export.COLUMNS, "")
record.update(title="=Nhiệm vụ", year=2025, state_budget_vnd=1200000000)
data = export.to_xlsx([record])
from openpyxl import load_workbook
sheet = load_workbook(io.BytesIO(data)).active
title = [cell.value for cell in next(sheet.iter_rows(min_row=2))][1]
assert sheet.title == "nhiem_vu_khcn" and "Nhiệm vụ" in title and not title.startswith("="), title
print("ok")
"""


def _run(*args: str, cwd: Path | None = None) -> str:
    done = subprocess.run(args, capture_output=True, text=True, cwd=cwd)
    assert done.returncode == 0, f"{' '.join(args)}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def built_wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("install-wheel")
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out), str(ROOT))
    [path] = glob.glob(str(out / "ckanext_thainguyen-*.whl"))
    return Path(path)


@pytest.fixture(scope="module")
def clean_venv(tmp_path_factory) -> Path:
    key = hashlib.sha256((ckan.__version__ + (ROOT / "setup.py").read_text()).encode()).hexdigest()[:12]
    home = Path(os.environ["STACK_DIR"]) if os.environ.get("STACK_DIR") else \
        tmp_path_factory.getbasetemp().parent
    where = home / f"thainguyen-install-venv-{ckan.__version__}-{key}"
    if not (where / "ready").exists():
        venv.EnvBuilder(clear=True, with_pip=True).create(where)
        _run(str(where / "bin" / "python"), "-m", "pip", "install", "-q",
             f"ckan[requirements]=={ckan.__version__}")
        (where / "ready").write_text(ckan.__version__)
    return where


def test_the_wheel_installs_with_its_dependencies_and_exports_xlsx(built_wheel, clean_venv, tmp_path):
    python = str(clean_venv / "bin" / "python")
    # Dependencies resolved by pip from the wheel's metadata, as on a site.
    _run(python, "-m", "pip", "install", "-q", "--force-reinstall", "--no-deps", str(built_wheel))
    _run(python, "-m", "pip", "install", "-q", str(built_wheel),
         f"ckan[requirements]=={ckan.__version__}")
    _run(python, "-m", "pip", "check")
    # Not from the repository: run from elsewhere, with no PYTHONPATH.
    env_free = subprocess.run([python, "-c", CHECK], capture_output=True, text=True, cwd=tmp_path,
                              env={"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path)})
    assert env_free.returncode == 0, env_free.stderr[-3000:]
    assert env_free.stdout.strip() == "ok"
