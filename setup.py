"""Packaging for ckanext-thainguyen.

``schemas/`` and ``i18n/`` sit at the top of the repository (where editors and
translators look for them) but are shipped inside the package as
``ckanext.thainguyen.schemas`` and ``ckanext.thainguyen.i18n`` so that a site
can point ckanext-scheming at ``ckanext.thainguyen.schemas:catalogue.yaml`` and
CKAN finds the translations in a wheel install too.
"""
from setuptools import find_namespace_packages, setup

HERE_PACKAGES = find_namespace_packages(include=["ckanext", "ckanext.*"])

setup(
    name="ckanext-thainguyen",
    version="0.1.0",
    description=(
        "Thái Nguyên province's catalogue of shared databases, innovation "
        "contest and science-project funding records for CKAN"
    ),
    long_description=open("README.md", encoding="utf-8").read(),
    long_description_content_type="text/markdown",
    license="AGPL-3.0-or-later",
    python_requires=">=3.10",
    packages=HERE_PACKAGES + ["ckanext.thainguyen.schemas", "ckanext.thainguyen.i18n"],
    package_dir={
        "": ".",
        "ckanext.thainguyen.schemas": "schemas",
        "ckanext.thainguyen.i18n": "i18n",
    },
    include_package_data=True,
    package_data={
        "ckanext.thainguyen": [
            "config_declaration.yaml",
            "*/config_declaration.yaml",
            "*/sample.yaml",
            "catalogue/sample_data/*",
            "templates/**/*",
            "assets/**/*",
            "public/**/*",
            "migration/*/*.ini",
            "migration/*/*.mako",
            "migration/*/README",
        ],
        "ckanext.thainguyen.schemas": ["*.yaml", "*.json"],
        "ckanext.thainguyen.i18n": ["*.pot", "*/LC_MESSAGES/*.po", "*/LC_MESSAGES/*.mo"],
    },
    # Everything the package imports at runtime (tests/packaging/test_install.py
    # installs the wheel into a clean virtualenv and imports every module).
    # CKAN's own requirements are not pinned here: a site's CKAN pins them.
    install_requires=[
        "ckan>=2.11",
        "ckanext-scheming>=3.1.0",
        "ckanext-dcat>=2.4.4,<2.5",  # DCAT-AP 3 (thainguyen_dcat)
        "openpyxl",  # XLSX export of science projects
        "PyYAML",
        "SQLAlchemy",
        "Flask",
        "click",
        "alembic",
        "rq",
        "Babel",
        "tzlocal",
    ],
    entry_points={
        "ckan.plugins": [
            "thainguyen = ckanext.thainguyen.plugin:ThainguyenPlugin",
            "thainguyen_contest = ckanext.thainguyen.plugin:ThainguyenContestPlugin",
            "thainguyen_science = ckanext.thainguyen.plugin:ThainguyenSciencePlugin",
            "thainguyen_dcat = ckanext.thainguyen.plugin:ThainguyenDCATPlugin",
        ],
        "ckan.rdf.profiles": [
            "thainguyen_dcat_ap_3 = ckanext.thainguyen.dcat.profiles:ThainguyenDCATAP3Profile",
        ],
        "babel.extractors": [
            "ckan = ckan.lib.extract:extract_ckan",
        ],
    },
    message_extractors={
        "ckanext": [
            ("**.py", "python", None),
            ("**.js", "javascript", None),
            ("**/templates/**.html", "ckan", None),
        ],
        # CKAN's own messages the extension's catalogue translates or corrects.
        "i18n": [
            ("core_messages.py", "python", None),
        ],
    },
    zip_safe=False,
)
