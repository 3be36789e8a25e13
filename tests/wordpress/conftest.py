from pathlib import Path

import pytest

from wordpress.importing.importer import import_wxr


@pytest.fixture
def imported(db):
    """The summary of importing the hand-written fixture tests/data/wxr/blog.xml."""
    return import_wxr(Path(__file__).parents[1] / "data" / "wxr" / "blog.xml")


@pytest.fixture
def database_queue(settings, transactional_db):
    """The real task queue: an upload waits in the database until `db_worker` runs
    (committed data: the worker closes database connections between tasks)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
