from pathlib import Path

import pytest

from wordpress.importer import import_wxr


@pytest.fixture
def imported(db):
    """The summary of importing the hand-written fixture tests/data/wxr/blog.xml."""
    return import_wxr(Path(__file__).parents[1] / "data" / "wxr" / "blog.xml")
