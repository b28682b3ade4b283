"""The extension's own tables (``thainguyen_`` prefix), migrated by alembic."""
from __future__ import annotations
