"""Maintaining and querying the denormalised funding tables.

``sync_project`` runs inside the dataset's own transaction (from the
IPackageController after-create/update hooks), so the tables never disagree
with a committed dataset. ``summary`` and ``project_rows`` are single SQL
queries filtered by the caller's permission labels, the same labels Solr
filters package_search with.
"""
from __future__ import annotations

import json
from typing import Any, Iterable, Optional

from ckan import model
from sqlalchemy import and_, func, literal_column, select

from ckanext.thainguyen.core import compat, permissions
from ckanext.thainguyen.core.dates import as_date
from ckanext.thainguyen.science.model import ProjectFunding, ScienceProject
from ckanext.thainguyen.science.rules import DATASET_TYPE


# --- writing -------------------------------------------------------------------

def _int(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def _funding(raw: Any) -> list[dict[str, Any]]:
    if not raw:
        return []
    try:
        rows = json.loads(raw) if isinstance(raw, str) else raw
    except ValueError:
        return []
    return [row for row in rows if isinstance(row, dict)] if isinstance(rows, list) else []


def remove_project(id_or_name: Optional[str]) -> None:
    pkg = model.Package.get(id_or_name) if id_or_name else None
    package_id = pkg.id if pkg else id_or_name
    model.Session.query(ProjectFunding).filter_by(package_id=package_id).delete()
    model.Session.query(ScienceProject).filter_by(package_id=package_id).delete()


def _rows(pkg: model.Package, extras: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The project row and its funding rows, from a dataset and its extras."""
    project = {
        "package_id": pkg.id,
        "project_code": extras.get("project_code") or pkg.name,
        "name": pkg.name,
        "title": pkg.title or pkg.name,
        "level": extras.get("level") or "",
        "field_of_science": extras.get("field_of_science") or "",
        "owner_org": pkg.owner_org,
        "status": extras.get("status") or "",
        "commissioned": extras.get("commissioned") == "yes",
        "commissioned_by": extras.get("commissioned_by"),
        "pi_name": extras.get("pi_name"),
        "start_date": as_date(extras.get("start_date")),
        "end_date": as_date(extras.get("end_date")),
        "labels": permissions.get_dataset_labels(pkg),
    }
    funding: list[dict[str, Any]] = []
    seen: set[int] = set()
    for row in _funding(extras.get("funding")):
        year = _int(row.get("year"))
        if not year or year in seen:
            continue
        seen.add(year)
        funding.append({
            "package_id": pkg.id,
            "year": year,
            "state_budget_vnd": _int(row.get("state_budget_vnd")),
            "non_budget_vnd": _int(row.get("non_budget_vnd")),
            "disbursed_vnd": _int(row.get("disbursed_vnd")),
        })
    return project, funding


def _insert(projects: list[dict[str, Any]], funding: list[dict[str, Any]]) -> None:
    # Multi-row VALUES in chunks: one round trip per chunk, not per row.
    for table, rows in ((ScienceProject.__table__, projects), (ProjectFunding.__table__, funding)):
        for i in range(0, len(rows), 1000):
            model.Session.execute(table.insert().values(rows[i:i + 1000]))


def sync_project(package_id: str) -> None:
    """Rewrite the rows of one project from its dataset (or drop them)."""
    pkg = model.Package.get(package_id)
    if pkg is None or pkg.type != DATASET_TYPE:
        return
    remove_project(pkg.id)
    if pkg.state != "active" or not pkg.owner_org:
        return
    project, funding = _rows(pkg, dict(pkg.extras))
    _insert([project], funding)


def rebuild() -> int:
    """Rebuild both tables from every active science-project dataset."""
    model.Session.query(ProjectFunding).delete()
    model.Session.query(ScienceProject).delete()
    packages = (
        model.Session.query(model.Package)
        .filter(model.Package.type == DATASET_TYPE, model.Package.state == "active",
                model.Package.owner_org.isnot(None))
        .all()
    )
    extras = compat.extras_of(pkg.id for pkg in packages)
    projects, funding = [], []
    for pkg in packages:
        project, rows = _rows(pkg, extras[pkg.id])
        projects.append(project)
        funding.extend(rows)
    _insert(projects, funding)
    model.Session.commit()
    return len(packages)


def code_taken(project_code: str, package_id: Optional[str]) -> bool:
    query = model.Session.query(ScienceProject.package_id).filter(
        ScienceProject.project_code == project_code
    )
    if package_id:
        query = query.filter(ScienceProject.package_id != package_id)
    return model.Session.query(query.exists()).scalar()


# --- reading -------------------------------------------------------------------

def visible_to(user_obj: Any):
    """SQL condition: the projects this user may see (as package_search)."""
    if user_obj is not None and getattr(user_obj, "sysadmin", False):
        return ScienceProject.package_id.isnot(None)
    labels = permissions.get_user_dataset_labels(user_obj)
    return ScienceProject.labels.overlap(labels)


def _project_conditions(user_obj: Any, filters: dict[str, Any]) -> list[Any]:
    conditions = [visible_to(user_obj)]
    for key, column in (
        ("field_of_science", ScienceProject.field_of_science),
        ("level", ScienceProject.level),
        ("owner_org", ScienceProject.owner_org),
        ("status", ScienceProject.status),
    ):
        values = filters.get(key)
        if values:
            conditions.append(column.in_(values))
    return conditions


def _year_conditions(filters: dict[str, Any]) -> list[Any]:
    conditions = []
    if filters.get("year_from") is not None:
        conditions.append(ProjectFunding.year >= filters["year_from"])
    if filters.get("year_to") is not None:
        conditions.append(ProjectFunding.year <= filters["year_to"])
    return conditions


_SUMS = (
    func.coalesce(func.sum(ProjectFunding.state_budget_vnd), 0).label("state_budget_vnd"),
    func.coalesce(func.sum(ProjectFunding.non_budget_vnd), 0).label("non_budget_vnd"),
    func.coalesce(func.sum(ProjectFunding.disbursed_vnd), 0).label("disbursed_vnd"),
    # One funding row per project and year: in a year, rows = projects.
    func.count().label("project_count"),
)


def _figures(row: Any) -> dict[str, Any]:
    state = int(row.state_budget_vnd or 0)
    non_budget = int(row.non_budget_vnd or 0)
    total = state + non_budget
    return {
        "state_budget_vnd": state,
        "non_budget_vnd": non_budget,
        "total_vnd": total,
        "disbursed_vnd": int(row.disbursed_vnd or 0),
        "counterpart_share": round(non_budget / total, 4) if total else None,
        "project_count": int(row.project_count or 0),
    }


# GROUPING() bitmask of (year, field, level, host): 1 = not grouped by it.
_BREAKDOWNS = {15: None, 7: "by_year", 11: "by_field", 13: "by_level", 14: "by_host"}
_KEYS = {"by_year": "year", "by_field": "field_of_science", "by_level": "level",
         "by_host": "owner_org"}
# GROUPING() bitmask of (status, field, level, host) in the project counts.
_COUNTS = {7: "status", 11: "by_field", 13: "by_level", 14: "by_host"}


def summary(user_obj: Any, filters: dict[str, Any]) -> dict[str, Any]:
    """Totals and breakdowns of the funding visible to ``user_obj``.

    Funding figures add up the funding years inside the year range. Project
    counts count the matching projects (with a year range, those with
    funding in it); in ``by_year``, the projects funded that year.

    Two queries, each one scan with GROUPING SETS and hash aggregation (no
    COUNT DISTINCT, which would force sorting): the funding rows for the
    totals and the four breakdowns, the projects for the counts.
    """
    session = model.Session
    project_where = and_(*_project_conditions(user_obj, filters))
    year_conditions = _year_conditions(filters)
    keys = (ProjectFunding.year, ScienceProject.field_of_science, ScienceProject.level,
            ScienceProject.owner_org)
    funding_query = (
        select(*keys, func.grouping(*keys).label("grouping"), *_SUMS)
        .select_from(ScienceProject)
        .join(ProjectFunding, ProjectFunding.package_id == ScienceProject.package_id)
        .where(project_where, *year_conditions)
        .group_by(func.grouping_sets(literal_column("()"), *keys))
    )
    found: dict[str, dict[Any, dict[str, Any]]] = {name: {} for name in _KEYS}
    totals = _figures(_NO_FUNDING)
    for row in session.execute(funding_query):
        breakdown = _BREAKDOWNS.get(row.grouping)
        if breakdown is None:
            totals = _figures(row)
        else:
            key = _KEYS[breakdown]
            found[breakdown][getattr(row, key)] = dict(_figures(row), **{key: getattr(row, key)})

    count_keys = (ScienceProject.status, *keys[1:])
    counted = (
        select(*count_keys, func.grouping(*count_keys).label("grouping"),
               func.count().label("n"),
               func.count().filter(ScienceProject.commissioned.is_(True)).label("commissioned"))
        .where(project_where)
        .group_by(func.grouping_sets(*count_keys))
    )
    if year_conditions:
        counted = counted.where(
            select(ProjectFunding.package_id).where(
                ProjectFunding.package_id == ScienceProject.package_id, *year_conditions
            ).exists()
        )
    by_status: dict[str, int] = {}
    commissioned = 0
    for row in session.execute(counted):
        target = _COUNTS.get(row.grouping)
        if target == "status":
            by_status[row.status] = int(row.n)
            commissioned += int(row.commissioned)
        elif target:
            key = _KEYS[target]
            value = getattr(row, key)
            bucket = found[target].setdefault(value, dict(_figures(_NO_FUNDING), **{key: value}))
            bucket["project_count"] = int(row.n)

    totals["project_count"] = sum(by_status.values())
    result = {name: sorted(found[name].values(), key=lambda r, k=key: r[k])
              for name, key in _KEYS.items()}
    result["by_host"] = _with_org_titles(result["by_host"])
    return dict(result, totals=totals, projects_by_status=by_status,
                commissioned_count=commissioned)


class _NoFunding:
    state_budget_vnd = non_budget_vnd = disbursed_vnd = project_count = 0


_NO_FUNDING = _NoFunding()


def _with_org_titles(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    ids = [row["owner_org"] for row in rows]
    orgs = {
        g.id: g for g in model.Session.query(model.Group).filter(model.Group.id.in_(ids))
    } if ids else {}
    for row in rows:
        org = orgs.get(row["owner_org"])
        row["organization_name"] = org.name if org else None
        row["organization_title"] = (org.title or org.name) if org else None
    rows.sort(key=lambda r: (-r["total_vnd"], r["organization_title"] or ""))
    return rows


def project_rows(user_obj: Any, filters: dict[str, Any]) -> Iterable[tuple[Any, Any, Any]]:
    """(project, funding or None, organisation) rows for the export, ordered."""
    session = model.Session
    year_conditions = _year_conditions(filters)
    on = and_(ProjectFunding.package_id == ScienceProject.package_id, *year_conditions)
    query = (
        session.query(ScienceProject, ProjectFunding, model.Group)
        .outerjoin(ProjectFunding, on)
        .outerjoin(model.Group, model.Group.id == ScienceProject.owner_org)
        .filter(*_project_conditions(user_obj, filters))
    )
    if year_conditions:
        query = query.filter(ProjectFunding.package_id.isnot(None))
    return query.order_by(ScienceProject.project_code, ProjectFunding.year)


def host_organizations(user_obj: Any) -> list[tuple[str, str]]:
    """(id, title) of the hosts of the projects visible to the user."""
    rows = (
        model.Session.query(model.Group.id, model.Group.title, model.Group.name)
        .join(ScienceProject, ScienceProject.owner_org == model.Group.id)
        .filter(visible_to(user_obj))
        .distinct()
    )
    return sorted(((r.id, r.title or r.name) for r in rows), key=lambda r: r[1])


def funding_years(user_obj: Any) -> list[int]:
    rows = (
        model.Session.query(ProjectFunding.year)
        .join(ScienceProject, ScienceProject.package_id == ProjectFunding.package_id)
        .filter(visible_to(user_obj))
        .distinct()
    )
    return sorted(r.year for r in rows)


__all__ = [
    "sync_project", "remove_project", "rebuild", "code_taken", "visible_to",
    "summary", "project_rows", "host_organizations", "funding_years",
]
