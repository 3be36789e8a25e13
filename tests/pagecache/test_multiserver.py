"""Two app servers on one database and one shared cache behave as one site.

Two gunicorn processes (two workers each) on free ports: SQLite and the default file
cache in a directory they share, or, when the suite runs on PostgreSQL with
REDIS_URL (CI's second run), a PostgreSQL database of their own and Redis.
"""

import pytest

from tests.support.servers import (
    Browser,
    Server,
    manage,
    running,
    seed,
    server_database,
    server_env,
    shared_cache,
)

CHANGELIST = "/admin/comments/comment/"


@pytest.fixture(scope="module")
def shared_env(tmp_path_factory, django_db_setup):
    """Environment for the module's two servers: one migrated database, one shared cache."""
    tmp = tmp_path_factory.mktemp("multiserver")
    with server_database(tmp) as database_url:
        # DEBUG on only so that pages need no collectstatic manifest.
        yield server_env(DATABASE_URL=database_url, DJANGO_DEBUG=1, **shared_cache(tmp))


@pytest.fixture(scope="module")
def servers(shared_env, tmp_path_factory):
    logs = tmp_path_factory.getbasetemp()
    with running(Server(shared_env, logs / "a.log"), Server(shared_env, logs / "b.log")) as both:
        yield both


def page(server, path):
    status, headers, text = Browser().get(server.url(path))
    assert status == 200
    return headers.get("X-Page-Cache"), text


def test_approval_on_one_server_shows_on_the_other(shared_env, servers):
    """A comment approved through one server is on the other's next page; the admin's
    session works on both."""
    a, b = servers
    ids = seed(shared_env, password="pw-boss-12345")
    page(b, ids["url"])
    outcome, text = page(b, ids["url"])
    assert outcome == "hit" and "Waiting words." not in text

    admin = Browser()
    admin.login(a, ids["user"], "pw-boss-12345")
    status, _, _ = admin.admin_action(a, CHANGELIST, "approve", ids["comment"])
    assert status == 302
    assert "Waiting words." in page(b, ids["url"])[1]

    status, _, text = admin.get(b.url("/admin/"))
    assert status == 200 and "Site administration" in text


def test_a_change_from_another_process_shows_on_both(shared_env, servers):
    """A post saved by a separate process (a shell or a script, which says so with
    pagecache.changed() as every writer does) is shown at once by every worker of both
    servers."""
    ids = seed(shared_env)
    for server in servers:
        page(server, ids["url"])
        assert page(server, ids["url"])[0] == "hit"
    code = f"from blog.models import Post; p = Post.objects.get(pk={ids['post']}); "
    code += "p.title = 'Retitled'; p.save(); import pagecache; pagecache.changed()"
    manage(shared_env, "shell", "-c", code)
    for server in servers:
        for _ in range(4):  # more requests than workers: each worker answers at least once
            assert "Retitled" in page(server, ids["url"])[1]
