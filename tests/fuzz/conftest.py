"""Fixtures of the fuzz suite (builders: ``factories``)."""
from __future__ import annotations

import logging
import traceback
from typing import Any

import pytest

from tests.fuzz import factories


@pytest.fixture
def fuzz_world(clean_db: Any, clean_index: Any) -> dict[str, Any]:
    """``factories.build_world()`` on an empty database and index."""
    return factories.build_world()


class LoggedErrors(logging.Handler):
    """The errors logged during one call (CKAN's API logs the exception behind a 500)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def describe(self) -> str:
        record = self.records[0]
        if not record.exc_info:
            return record.getMessage()
        frames = traceback.extract_tb(record.exc_info[2])
        where = ", ".join(f"{f.filename.rsplit('site-packages/', 1)[-1]}:{f.lineno}" for f in frames[-3:])
        return f"{record.exc_info[0].__name__}: {record.exc_info[1]} at {where}"


@pytest.fixture
def assert_clean_call(app: Any, fuzz_world: dict[str, Any]):
    """Make one API call; fail unless it succeeded or was cleanly refused
    (no 500, no exception, a field-level 409, nothing written on refusal)."""
    def check(role: str, action: str, data: dict[str, Any]) -> Any:
        where = f"{action} as {role} with {factories.describe(data)}"
        before = factories.snapshot()
        logged = LoggedErrors()
        logging.getLogger().addHandler(logged)
        # The ini's logging setup disables loggers made before it, CKAN's
        # API logger (the one that logs the exception behind a 500) among them.
        logging.getLogger("ckan.views.api").disabled = False
        try:
            response = factories.api_call(app, fuzz_world, role, action, data)
        except Exception as error:  # CKAN's test app re-raises what the app did not handle
            raise AssertionError(f"{where} raised {error!r}") from error
        finally:
            logging.getLogger().removeHandler(logged)
        assert not logged.records, f"{where} logged {logged.describe()}"
        status = response.status_code
        assert status in factories.CLEAN_ANSWERS, \
            f"{where} answered {status}: {factories.describe(response.get_data(as_text=True))}"
        if status != 200:
            body = response.json
            assert body["success"] is False, where
            if status == 409:
                fields = set(body["error"]) - {"__type", "message"}
                assert fields, f"{where}: 409 without a field: {factories.describe(body)}"
            changed = factories.changed_tables(before, factories.snapshot())
            assert not changed, f"{where} answered {status} but wrote {changed}"
        return response
    return check
