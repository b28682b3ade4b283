"""Demo science projects (``sample.yaml``), loaded by ``ckan thainguyen load-sample``.

They load after the catalogue sample (``sample_order``): projects may list
catalogue entries among their outputs.
"""
from __future__ import annotations

import os
from typing import Any

from ckan import model

from ckanext.thainguyen.core.sample import add_count, read_yaml, upsert
from ckanext.thainguyen.science.rules import DATASET_TYPE, science_department_org

SAMPLE_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sample.yaml")


def load(context: dict[str, Any]) -> dict[str, int]:
    data = read_yaml(SAMPLE_FILE)
    counts: dict[str, int] = {}
    for org in data.get("organizations", []):
        add_count(counts, f"organization {upsert('organization', context, org)}")
    for project in data.get("projects", []):
        project = dict(project, type=DATASET_TYPE)
        # Links to catalogue entries the demo catalogue does not (yet) hold
        # are left out rather than failing the whole load.
        project["outputs"] = [
            output for output in project.get("outputs", [])
            if output.get("kind") != "dataset" or model.Package.get(output.get("reference"))
        ]
        add_count(counts, f"science project {upsert('package', context, project)}")
    return counts


def load_demo(context: dict[str, Any], accounts: Any) -> dict[str, int]:
    """IThainguyenFeature.load_demo: a member of the science department."""
    accounts.ensure(context, "science-department", "phong-khcn-mau", "Phòng Quản lý khoa học (mẫu)",
                    [(science_department_org(), "editor")])
    return {}
