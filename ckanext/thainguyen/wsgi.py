"""The WSGI application for a production server: ``ckanext.thainguyen.wsgi:application``.

CKAN keeps its ``wsgi.py`` at the root of its source tree, not in the
package that pip installs; this is the same few lines, so that a site
installed from PyPI can be served with gunicorn (or uWSGI) as the README
shows. The ini file comes from ``CKAN_INI``, as in CKAN's own.
"""
from __future__ import annotations

import os
from logging.config import fileConfig

from ckan.cli import CKANConfigLoader
from ckan.config.middleware import make_app

config_path = os.environ.get("CKAN_INI", "")
if not os.path.isfile(config_path):
    raise RuntimeError(f"set CKAN_INI to the CKAN ini file (got {config_path!r})")

fileConfig(config_path, disable_existing_loggers=False)
application = make_app(CKANConfigLoader(config_path).get_config())
