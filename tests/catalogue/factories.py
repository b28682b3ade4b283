"""Catalogue entries (dataset type ``dataset``) for tests.

Shared test helper (h3b access requests, h3a sharing modes, anyone): it fills
every field ``schemas/catalogue.yaml`` requires for the chosen sharing mode,
so tests say only what matters to them. When the schema gains a required
field, add its default to ``_DEFAULTS`` here, not in each test.
"""
from __future__ import annotations

import itertools
from typing import Any

from ckan.tests import factories
from ckanext.scheming.helpers import scheming_get_dataset_schema

_codes = itertools.count(1)

_DEFAULTS: dict[str, Any] = {
    "sector": "other",
    "managing_unit": "Trung tâm Công nghệ thông tin và Truyền thông",
    "legal_basis": "Quyết định số 01/QĐ-UBND",
    "update_frequency": "monthly",
    "spatial_coverage": "Toàn tỉnh Thái Nguyên",
}

_PER_MODE: dict[str, dict[str, Any]] = {
    "open": {"license_id": "cc-by"},
    "default": {"license_id": "other-closed", "shared_with": ["all"]},
    "special": {
        "license_id": "other-closed",
        "access_conditions": "Cán bộ có nhiệm vụ, theo đề nghị bằng văn bản.",
        "approving_authority": "Giám đốc Sở Tài nguyên và Môi trường",
    },
}


def catalogue_code() -> str:
    return f"TN-CSDL-{next(_codes):03d}"


def _schema_fields() -> set[str]:
    schema = scheming_get_dataset_schema("dataset") or {}
    return {field["field_name"] for field in schema.get("dataset_fields", [])}


def catalogue_entry(sharing_mode: str = "special", **kwargs: Any) -> dict[str, Any]:
    """Create an active catalogue entry through package_create; returns its dict.

    ``owner_org`` defaults to a new organisation; any keyword overrides the
    defaults. Defaults for fields the current schema does not know are left out.
    """
    if "owner_org" not in kwargs:
        kwargs["owner_org"] = factories.Organization()["id"]
    fields = _schema_fields()
    values = {key: value for key, value in {**_DEFAULTS, **_PER_MODE[sharing_mode]}.items()
              if key in fields or key == "license_id"}
    values["sharing_mode"] = sharing_mode
    if "catalogue_code" in fields:
        values["catalogue_code"] = catalogue_code()
    values.update(kwargs)
    return factories.Dataset(**values)


def special_entry(**kwargs: Any) -> dict[str, Any]:
    return catalogue_entry("special", **kwargs)


# A small catalogue for the overview and home-page figures: two agencies,
# two open entries, two shared by default (one with every agency, one with
# its own agency only) and one special; each with a resource whose URL only
# those who may use the data may see.
SMALL_CATALOGUE = {
    # name: (mode, agency, sector, extra fields)
    "dat-dai-mo": ("open", "so-tnmt", "land", {}),
    "truong-hoc-mo": ("open", "so-gddt", "education", {}),
    "ho-so-dat-dai": ("default", "so-tnmt", "land", {"shared_with": ["all"]}),
    "hoc-sinh": ("default", "so-gddt", "education", {"shared_with": []}),
    "quy-hoach-mat": ("special", "so-tnmt", "land-use-planning", {}),
}


def small_catalogue_url(name: str) -> str:
    return f"https://data.example.org/{name}/secret.csv"


def small_catalogue() -> dict[str, Any]:
    """Builds SMALL_CATALOGUE; returns the agencies, their staff and a sysadmin."""
    staff = {"so-tnmt": factories.User(name="can-bo-tnmt"),
             "so-gddt": factories.User(name="can-bo-gddt")}
    orgs = {
        "so-tnmt": factories.Organization(name="so-tnmt", title="Sở Tài nguyên và Môi trường",
                                          users=[{"name": "can-bo-tnmt", "capacity": "member"}]),
        "so-gddt": factories.Organization(name="so-gddt", title="Sở Giáo dục và Đào tạo",
                                          users=[{"name": "can-bo-gddt", "capacity": "member"}]),
    }
    for code, (name, (mode, agency, sector, extra)) in enumerate(SMALL_CATALOGUE.items(), 1):
        extra = dict(extra)
        if mode == "default" and not extra.get("shared_with"):
            extra["shared_with"] = [orgs[agency]["id"]]
        catalogue_entry(mode, name=name, title=f"CSDL {name}", owner_org=orgs[agency]["id"],
                        sector=sector, catalogue_code=f"TN-CSDL-{code:03d}",
                        resources=[{"url": small_catalogue_url(name), "name": "Dữ liệu"}], **extra)
    return {"orgs": orgs, "staff": staff, "sysadmin": factories.Sysadmin()}
