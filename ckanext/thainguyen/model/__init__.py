"""The extension's own tables (``thainguyen_`` prefix), migrated by alembic."""
from __future__ import annotations

from .access import AccessRequest, AccessRequestEvent  # noqa: F401
from .science import ProjectFunding, ScienceProject  # noqa: F401
from .contest import ContestEdition, ContestEntry, ContestRole, ContestScore  # noqa: F401
