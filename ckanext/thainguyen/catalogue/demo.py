"""The catalogue's part of ``ckan thainguyen demo``: the agencies' demo
accounts, and files kept in the portal's own storage.

Every open entry gets a small CSV table and a GeoJSON map of the province's
nine district-level units, every restricted entry a CSV extract, so that
each journey downloads a file from the portal itself (the sample's own
resources point at services of the province the demo cannot reach). The
files are generated from the entry's code, always to the same bytes, and
say that they are sample data; a file already stored with the same name and
size is left alone.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
from typing import Any

from werkzeug.datastructures import FileStorage

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.thainguyen.catalogue import sample
from ckanext.thainguyen.core.sample import add_count, deferred_solr_commits

# The special entry of the journeys, and an agency other than its owner.
SPECIAL_ENTRY = "csdl-ho-so-suc-khoe"
OTHER_AGENCY = "so-tai-chinh"

# (code, name, longitude, latitude) of the district-level units, at their centres.
UNITS = [
    ("001", "Thành phố Thái Nguyên", 105.844, 21.594),
    ("002", "Thành phố Sông Công", 105.842, 21.482),
    ("003", "Thành phố Phổ Yên", 105.874, 21.416),
    ("004", "Huyện Định Hóa", 105.638, 21.910),
    ("005", "Huyện Phú Lương", 105.720, 21.760),
    ("006", "Huyện Đồng Hỷ", 105.920, 21.680),
    ("007", "Huyện Võ Nhai", 106.070, 21.750),
    ("008", "Huyện Đại Từ", 105.640, 21.630),
    ("009", "Huyện Phú Bình", 105.980, 21.490),
]
YEAR = 2024
NOTE = "Dữ liệu mẫu do lệnh demo sinh ra, không phải số liệu chính thức."
CSV_DESCRIPTION = "Bảng số liệu theo đơn vị hành chính cấp huyện (tệp mẫu). " + NOTE
GEOJSON_DESCRIPTION = "Bản đồ điểm các đơn vị hành chính cấp huyện (tệp mẫu). " + NOTE
EXTRACT_DESCRIPTION = "Bản trích dữ liệu theo đơn vị hành chính cấp huyện (tệp mẫu). " + NOTE


def _value(code: str, unit: str) -> int:
    return int(hashlib.sha256(f"{code}/{unit}".encode()).hexdigest()[:6], 16) % 9000 + 1000


def csv_bytes(entry: dict[str, Any]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["ma_danh_muc", "ma_don_vi", "ten_don_vi", "nam", "gia_tri", "ghi_chu"])
    for code, name, _lon, _lat in UNITS:
        writer.writerow([entry["catalogue_code"], code, name, YEAR,
                         _value(entry["catalogue_code"], code), NOTE])
    return out.getvalue().encode("utf-8")


def geojson_bytes(entry: dict[str, Any]) -> bytes:
    features = [{
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {"ma_don_vi": code, "ten_don_vi": name, "nam": YEAR,
                       "gia_tri": _value(entry["catalogue_code"], code), "du_lieu_mau": True},
    } for code, name, lon, lat in UNITS]
    collection = {"type": "FeatureCollection", "name": entry["name"],
                  "description": NOTE, "features": features}
    return json.dumps(collection, ensure_ascii=False, indent=1).encode("utf-8")


def files_for(entry: dict[str, Any]) -> list[dict[str, Any]]:
    """The uploads of a sample entry: resource fields and the file's bytes."""
    if entry["sharing_mode"] == "open":
        return [
            {"name": "Số liệu theo huyện (CSV, mẫu)", "format": "CSV", "description": CSV_DESCRIPTION,
             "filename": f"{entry['name']}.csv", "content": csv_bytes(entry)},
            {"name": "Bản đồ theo huyện (GeoJSON, mẫu)", "format": "GeoJSON",
             "description": GEOJSON_DESCRIPTION,
             "filename": f"{entry['name']}.geojson", "content": geojson_bytes(entry)},
        ]
    return [{"name": "Bản trích dữ liệu (CSV, mẫu)", "format": "CSV",
             "description": EXTRACT_DESCRIPTION,
             "filename": f"{entry['name']}.csv", "content": csv_bytes(entry)}]


def _upload(context: dict[str, Any], pkg: dict[str, Any], wanted: dict[str, Any]) -> str:
    stored = next((r for r in pkg["resources"] if r["name"] == wanted["name"]), None)
    if (stored and stored.get("url_type") == "upload"
            and stored["url"].rsplit("/", 1)[-1] == wanted["filename"]
            and stored.get("size") == len(wanted["content"])):
        return "unchanged"
    data = {key: wanted[key] for key in ("name", "format", "description")}
    data["upload"] = FileStorage(io.BytesIO(wanted["content"]), filename=wanted["filename"])
    if stored:
        tk.get_action("resource_patch")(dict(context), dict(data, id=stored["id"]))
        return "updated"
    tk.get_action("resource_create")(dict(context), dict(data, package_id=pkg["id"]))
    return "created"


def load_files(context: dict[str, Any]) -> dict[str, int]:
    counts: dict[str, int] = {}
    with deferred_solr_commits():
        for entry in sample.entries():
            if model.Package.get(entry["name"]) is None:
                continue  # not loaded (reported by load-sample)
            pkg = tk.get_action("package_show")(dict(context), {"id": entry["name"]})
            for wanted in files_for(entry):
                add_count(counts, f"sample file {_upload(context, pkg, wanted)}")
    return counts


def load(context: dict[str, Any], accounts: Any) -> dict[str, int]:
    """IThainguyenFeature.load_demo of the catalogue."""
    owner = next(e["owner_org"] for e in sample.entries() if e["name"] == SPECIAL_ENTRY)
    accounts.ensure(context, "citizen", "nguoi-dan-mau", "Nguyễn Văn Dân (mẫu)")
    accounts.ensure(context, "agency-staff", "can-bo-tai-chinh-mau", "Trần Thị Cán Bộ (mẫu)",
                    [(OTHER_AGENCY, "editor")])
    accounts.ensure(context, "agency-admin", "quan-tri-tai-chinh-mau", "Lê Văn Quản Trị (mẫu)",
                    [(OTHER_AGENCY, "admin")])
    accounts.ensure(context, "owner-agency-admin", f"quan-tri-{owner}-mau",
                    "Phạm Thị Phê Duyệt (mẫu)", [(owner, "admin")])
    return load_files(context)
