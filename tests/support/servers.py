"""Real gunicorn servers and a cookie-keeping HTTP client, for the tests (and bench) that
need separate processes: several servers on one database, concurrent commenters.
"""

import html
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from contextlib import closing, contextmanager
from http.cookiejar import CookieJar
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
HIDDEN_INPUT = re.compile(
    r'<input type="hidden" name="(csrfmiddlewaretoken|token)" value="([^"]*)"'
)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(**overrides):
    """The environment of a server process: this one's, with the given settings."""
    env = {**os.environ, "DJANGO_SECRET_KEY": "servers-test-key", "EMAIL_URL": "locmem://"}
    env["BLOG_RELEASE"] = "servers-test"  # one deploy: every worker shares the page cache
    env.pop("REDIS_URL", None)
    env.update({name: str(value) for name, value in overrides.items()})
    return env


def manage(env, *args, timeout=120):
    """Run `manage.py ARGS` with `env`; its output, or an error with it."""
    done = subprocess.run(
        [BIN / "python", "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


class Server:
    """`gunicorn config.wsgi` on a free port; its output goes to `log`.

    As a context manager it starts and waits; `running()` starts several at once.
    """

    def __init__(self, env, log, workers=2):
        self.env, self.log, self.port = env, Path(log), free_port()
        self.workers = workers
        self.process = None

    def url(self, path=""):
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self):
        command = [BIN / "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{self.port}"]
        command += ["--workers", str(self.workers), "--no-control-socket"]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=log, stderr=log)

    def wait(self, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log.read_text()}")
            try:
                urllib.request.urlopen(self.url("/robots.txt"), timeout=2).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"gunicorn did not answer in {seconds} s:\n{self.log.read_text()}")

    def stop(self):
        """Quick shutdown (SIGQUIT): nothing is in flight when a test ends."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self):
        start_all(self)
        return self

    def __exit__(self, *exc):
        self.stop()


def start_all(*servers):
    """Start the servers together and wait until each answers; on failure stop them all."""
    try:
        for server in servers:
            server.start()
        for server in servers:
            server.wait()
    except BaseException:
        for server in servers:
            server.stop()
        raise


@contextmanager
def running(*servers):
    """The servers, started together and stopped when the block ends."""
    start_all(*servers)
    try:
        yield servers
    finally:
        for server in servers:
            server.stop()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A client with its own cookies that does not follow redirects; answers are
    (status, headers, text)."""

    def __init__(self):
        self.cookies = CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect
        )

    def request(self, url, data=None, headers=None):
        """`data` is form fields (encoded here) or a body already encoded (bytes)."""
        body = data
        if data is not None and not isinstance(data, bytes):
            body = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(url, data=body, headers=headers or {})
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.headers, error.read().decode(errors="replace")

    def get(self, url, **headers):
        return self.request(url, headers=headers)

    def post(self, url, data, referer=None):
        return self.request(url, data, headers={"Referer": referer or url})

    def post_files(self, url, data, files, referer=None):
        """A multipart/form-data POST, as a form with a file input sends it; `files` maps
        each field's name to (file name, content type, bytes)."""
        boundary = uuid.uuid4().hex
        field = f"--{boundary}\r\nContent-Disposition: form-data; name="
        parts = [f'{field}"{name}"\r\n\r\n{value}\r\n'.encode() for name, value in data.items()]
        for name, (filename, content_type, content) in files.items():
            head = f'{field}"{name}"; filename="{filename}"\r\n'
            head += f"Content-Type: {content_type}\r\n\r\n"
            parts.append(head.encode() + content + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        headers = {
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Referer": referer or url,
        }
        return self.request(url, b"".join(parts), headers=headers)

    def form_tokens(self, page):
        """The CSRF token and comment-form token of a page this browser received."""
        return {name: html.unescape(value) for name, value in HIDDEN_INPUT.findall(page)}

    def login(self, server, username, password):
        _, _, page = self.get(server.url("/admin/login/"))
        data = {"username": username, "password": password, "next": "/admin/"}
        status, _, _ = self.post(server.url("/admin/login/"), {**self.form_tokens(page), **data})
        assert status == 302, f"admin login failed: {status}"

    def admin_action(self, server, model_url, action, *ids):
        """Run an admin bulk action (e.g. approve) on objects, as the changelist does."""
        url = server.url(f"{model_url}?status=all")
        _, _, page = self.get(url)
        data = {**self.form_tokens(page), "action": action, "index": "0"}
        data = [*data.items(), *(("_selected_action", str(pk)) for pk in ids)]
        return self.request(url, data, headers={"Referer": url})


def post_comments(server, post_path, post_id, clients=16, each=25, tag="load"):
    """`clients` browsers at once, each reading the post then commenting, `each` times.

    Returns (status, milliseconds, body) for every POST; bodies are unique.
    """
    results, lock = [], threading.Lock()

    def commenter(number):
        browser = Browser()
        author = {
            "name": f"Commenter {number}",
            "email": f"commenter{number}@example.com",
            "url": "",
            "parent": "",
            "topic": "",
        }
        mine = []
        for n in range(each):
            # As a browser does: the post's page (after the last comment's redirect), then
            # the form it carries, with that page's own single-use form token.
            _, _, page = browser.get(server.url(post_path))
            form = {**browser.form_tokens(page), **author}
            body = f"Comment {tag}-{number}-{n}: {uuid.uuid4().hex}"
            start = time.perf_counter()
            action, data = f"/comments/post/{post_id}/", {**form, "body": body}
            status, _, _ = browser.post(server.url(action), data, server.url(post_path))
            mine.append((status, (time.perf_counter() - start) * 1000, body))
        with lock:
            results.extend(mine)

    threads = [threading.Thread(target=commenter, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def stored_bodies(database_url, post_id):
    """Bodies of the comments stored on a post, read straight from the database."""
    query = "SELECT body FROM comments_comment WHERE post_id = %s"
    if database_url.startswith("sqlite"):
        with closing(sqlite3.connect(urllib.parse.urlsplit(database_url).path[1:])) as db:
            return [row[0] for row in db.execute(query.replace("%s", "?"), (post_id,))]
    with psycopg.connect(database_url) as db:
        return [row[0] for row in db.execute(query, (post_id,))]


@contextmanager
def server_database(tmp_path):
    """A database for server processes, migrated; yields its URL.

    SQLite: a file in tmp_path. When the suite runs on PostgreSQL: a database of its
    own on the same server, dropped afterwards.
    """
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        url = f"sqlite:///{tmp_path / 'servers.sqlite3'}"
        manage(server_env(DATABASE_URL=url), "migrate", "--noinput")
        yield url
        return
    login = urllib.parse.quote(db["USER"])
    if db["PASSWORD"]:
        login += f":{urllib.parse.quote(db['PASSWORD'])}"
    base = f"postgres://{login}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    name = f"blog_servers_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            manage(server_env(DATABASE_URL=f"{base}/{name}"), "migrate", "--noinput")
            yield f"{base}/{name}"
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def shared_cache(tmp_path):
    """Settings for the servers' shared cache: Redis when the suite has REDIS_URL (under a
    prefix of their own), else the default file cache in a directory they share."""
    if os.environ.get("REDIS_URL"):
        prefix = f"servers-{uuid.uuid4().hex}"
        return {"REDIS_URL": os.environ["REDIS_URL"], "DJANGO_CACHE_PREFIX": prefix}
    return {"DJANGO_CACHE_DIR": tmp_path / "cache"}


SEED = """
import json, os
from django.contrib.auth import get_user_model
from blog.models import Post
from comments.models import Comment
slug, password = os.environ["SEED_SLUG"], os.environ["SEED_PASSWORD"] or None
User = get_user_model()
user = User.objects.create_superuser(f"boss-{slug}", "boss@example.com", password)
post = Post.objects.create(
    title="Shared post", slug=slug, author=user, body="Text.", status="published"
)
comment = Comment.objects.create(
    post=post, name="Reader", email="reader@example.com", body="Waiting words.", status="pending"
)
print(json.dumps({
    "url": post.get_absolute_url(), "post": post.pk, "comment": comment.pk, "user": user.username,
}))
"""


def seed(env, password=""):
    """A superuser (password only if given: hashing is slow), a public post and a
    pending comment on it; their ids, the post's URL and the username."""
    slug = f"shared-{uuid.uuid4().hex[:8]}"
    out = manage({**env, "SEED_SLUG": slug, "SEED_PASSWORD": password}, "shell", "-c", SEED)
    return json.loads(out.strip().splitlines()[-1])
