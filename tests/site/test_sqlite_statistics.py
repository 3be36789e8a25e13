"""SQLite keeps the query planner's statistics: a worker's connection analyses, as it
closes, the tables its queries used (config.sqlite3)."""

import sqlite3

from django.db.utils import ConnectionHandler

from config.env import database_from_url


def open_database(path):
    handler = ConnectionHandler({"default": database_from_url(f"sqlite:///{path}", path.parent)})
    return handler["default"]


def test_a_closing_connection_leaves_statistics_behind(tmp_path, django_db_blocker):
    path = tmp_path / "site.sqlite3"
    connection = open_database(path)
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute("CREATE TABLE entry (id INTEGER PRIMARY KEY, state TEXT, day TEXT)")
        cursor.execute("CREATE INDEX entry_state_day ON entry (state, day)")
        cursor.executemany(
            "INSERT INTO entry (state, day) VALUES (%s, %s)",
            [("published" if n % 5 else "draft", f"2026-01-{n % 28 + 1:02d}") for n in range(500)],
        )
        cursor.execute("SELECT id FROM entry WHERE state = %s ORDER BY day", ["published"])
        cursor.fetchall()
    assert connection.vendor == "sqlite"
    with django_db_blocker.unblock():
        connection.close()
    with sqlite3.connect(path) as plain:
        statistics = plain.execute("SELECT tbl, idx FROM sqlite_stat1").fetchall()
    assert ("entry", "entry_state_day") in statistics
