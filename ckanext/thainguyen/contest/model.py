"""Innovation-contest tables: editions, roles, entry workflow state, scores.

Entries themselves are ``innovation-entry`` datasets; their workflow status
and prize live here so that no package_update/patch can change them.
"""
from __future__ import annotations

import uuid

import ckan.plugins.toolkit as tk
from sqlalchemy import (
    Column, DateTime, ForeignKey, Integer, UnicodeText, UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB

from ckanext.thainguyen.core.dates import utcnow

__all__ = ["ContestEdition", "ContestRole", "ContestEntry", "ContestScore", "ContestCorrection"]


def _uuid() -> str:
    return str(uuid.uuid4())


class ContestEdition(tk.BaseModel):  # type: ignore[misc, valid-type]
    __tablename__ = "thainguyen_contest_edition"

    id = Column(UnicodeText, primary_key=True, default=_uuid)
    name = Column(UnicodeText, nullable=False, unique=True)
    title = Column(UnicodeText, nullable=False)
    year = Column(Integer, nullable=False)
    theme = Column(UnicodeText, nullable=False, default="")
    rules = Column(UnicodeText, nullable=False, default="")
    # [{"name", "label"}], [{"name", "label", "weight"}], [{"level", "count"}]
    categories = Column(JSONB, nullable=False, default=list)
    criteria = Column(JSONB, nullable=False, default=list)
    prizes = Column(JSONB, nullable=False, default=list)
    submission_opens = Column(DateTime, nullable=False)
    submission_closes = Column(DateTime, nullable=False)
    judging_opens = Column(DateTime, nullable=False)
    judging_closes = Column(DateTime, nullable=False)
    results_published = Column(DateTime)
    created = Column(DateTime, nullable=False, default=utcnow)


class ContestRole(tk.BaseModel):  # type: ignore[misc, valid-type]
    """An organiser or a judge of one edition."""
    __tablename__ = "thainguyen_contest_role"

    edition_id = Column(
        UnicodeText, ForeignKey("thainguyen_contest_edition.id", ondelete="CASCADE"),
        primary_key=True,
    )
    user_id = Column(UnicodeText, ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    role = Column(UnicodeText, primary_key=True)
    created = Column(DateTime, nullable=False, default=utcnow)


class ContestEntry(tk.BaseModel):  # type: ignore[misc, valid-type]
    """Workflow state of an innovation-entry dataset."""
    __tablename__ = "thainguyen_contest_entry"

    package_id = Column(
        UnicodeText, ForeignKey("package.id", ondelete="CASCADE"), primary_key=True
    )
    edition_id = Column(
        UnicodeText, ForeignKey("thainguyen_contest_edition.id", ondelete="CASCADE"),
        nullable=False, index=True,
    )
    status = Column(UnicodeText, nullable=False, default="draft")
    prize = Column(UnicodeText)
    submitted = Column(DateTime)
    status_changed = Column(DateTime, nullable=False, default=utcnow)


class ContestScore(tk.BaseModel):  # type: ignore[misc, valid-type]
    """One judge's score sheet for one entry: {criterion: 0..10} + comment."""
    __tablename__ = "thainguyen_contest_score"
    __table_args__ = (UniqueConstraint("package_id", "judge_id"),)

    id = Column(UnicodeText, primary_key=True, default=_uuid)
    package_id = Column(
        UnicodeText, ForeignKey("package.id", ondelete="CASCADE"), nullable=False, index=True
    )
    judge_id = Column(UnicodeText, ForeignKey("user.id", ondelete="CASCADE"), nullable=False)
    scores = Column(JSONB, nullable=False)
    comment = Column(UnicodeText, nullable=False, default="")
    modified = Column(DateTime, nullable=False, default=utcnow)


class ContestCorrection(tk.BaseModel):  # type: ignore[misc, valid-type]
    """A change of an entry's outcome after its edition's results were
    published: the published ranking changes only this way, and says so."""
    __tablename__ = "thainguyen_contest_correction"

    id = Column(UnicodeText, primary_key=True, default=_uuid)
    edition_id = Column(
        UnicodeText, ForeignKey("thainguyen_contest_edition.id", ondelete="CASCADE"),
        nullable=False, index=True,
    )
    package_id = Column(
        UnicodeText, ForeignKey("package.id", ondelete="CASCADE"), nullable=False
    )
    # Kept when the account goes: the correction stays on the record.
    user_id = Column(UnicodeText, ForeignKey("user.id", ondelete="SET NULL"))
    from_status = Column(UnicodeText, nullable=False)
    from_prize = Column(UnicodeText)
    to_status = Column(UnicodeText, nullable=False)
    to_prize = Column(UnicodeText)
    reason = Column(UnicodeText, nullable=False)
    created = Column(DateTime, nullable=False, default=utcnow)
