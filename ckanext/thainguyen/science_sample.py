"""Demo science projects (sample/science.yaml), loaded by ``load-sample``."""
from __future__ import annotations

from typing import Any

from ckan import model

from ckanext.thainguyen import science


def load(context: dict[str, Any]) -> dict[str, int]:
    from ckanext.thainguyen import sample

    data = sample._read("science.yaml")
    counts: dict[str, int] = {}
    for org in data.get("organizations", []):
        outcome = sample._upsert("organization", context, org)
        counts[f"organization {outcome}"] = counts.get(f"organization {outcome}", 0) + 1
    for project in data.get("projects", []):
        project = dict(project, type=science.DATASET_TYPE)
        # Links to catalogue entries the demo catalogue does not (yet) hold
        # are left out rather than failing the whole load.
        project["outputs"] = [
            output for output in project.get("outputs", [])
            if output.get("kind") != "dataset" or model.Package.get(output.get("reference"))
        ]
        outcome = sample._upsert("package", context, project)
        counts[f"science project {outcome}"] = counts.get(f"science project {outcome}", 0) + 1
    return counts
