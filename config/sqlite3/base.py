"""Django's SQLite backend, which keeps the query planner's statistics current.

Without statistics (`ANALYZE`) SQLite guesses, and for the home page it guessed wrong:
it read and sorted every published post rather than walk the index in the page's order
(5 ms against 0.7 ms with 1,000 posts). SQLite's advice for connections that live
long, as each worker's does (CONN_MAX_AGE, config.env), is `PRAGMA optimize` when one
closes: it analyses the tables this connection's queries used whose statistics are
missing or stale, and nothing else. `analysis_limit` bounds that work, and a short busy
timeout makes a closing connection skip it rather than wait behind another writer.
"""

import contextlib

from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    def _close(self):
        if self.connection is not None and not self.in_atomic_block:
            with contextlib.suppress(base.Database.Error):
                self.connection.execute("PRAGMA analysis_limit=1000")
                self.connection.execute("PRAGMA busy_timeout=100")
                self.connection.execute("PRAGMA optimize")
        super()._close()
