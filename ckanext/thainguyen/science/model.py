"""Denormalised copy of science projects and their yearly funding.

CKAN keeps a project in ``package`` + extras (funding as a JSON extra), which
cannot be summed in SQL. These two tables mirror the figures the funding
summary needs; ``store.sync_project`` rewrites a project's rows in
the same transaction as every create/update/delete of the dataset, and
``ckan thainguyen rebuild-funding`` rebuilds them from the datasets.

``labels`` holds the dataset's permission labels (as indexed in Solr), so a
summary can show a caller exactly what package_search would show them.
"""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from sqlalchemy import (
    BigInteger, Boolean, Column, Date, ForeignKey, Integer, UnicodeText,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import relationship

__all__ = ["ScienceProject", "ProjectFunding"]


class ScienceProject(tk.BaseModel):  # type: ignore[misc, valid-type]
    __tablename__ = "thainguyen_science_project"

    package_id = Column(
        UnicodeText, ForeignKey("package.id", ondelete="CASCADE"), primary_key=True
    )
    project_code = Column(UnicodeText, nullable=False, unique=True)
    name = Column(UnicodeText, nullable=False)
    title = Column(UnicodeText, nullable=False)
    level = Column(UnicodeText, nullable=False)
    field_of_science = Column(UnicodeText, nullable=False)
    owner_org = Column(UnicodeText, nullable=False, index=True)
    status = Column(UnicodeText, nullable=False)
    commissioned = Column(Boolean, nullable=False, default=False)
    commissioned_by = Column(UnicodeText)
    pi_name = Column(UnicodeText)
    start_date = Column(Date)
    end_date = Column(Date)
    labels = Column(ARRAY(UnicodeText), nullable=False)

    funding = relationship(
        "ProjectFunding", cascade="all, delete-orphan", passive_deletes=True,
        order_by="ProjectFunding.year",
    )


class ProjectFunding(tk.BaseModel):  # type: ignore[misc, valid-type]
    __tablename__ = "thainguyen_project_funding"

    package_id = Column(
        UnicodeText,
        ForeignKey("thainguyen_science_project.package_id", ondelete="CASCADE"),
        primary_key=True,
    )
    year = Column(Integer, primary_key=True)
    state_budget_vnd = Column(BigInteger, nullable=False, default=0)
    non_budget_vnd = Column(BigInteger, nullable=False, default=0)
    disbursed_vnd = Column(BigInteger, nullable=False, default=0)
