"""CPU per request, in process: the WSGI app called as gunicorn calls it, DEBUG off.

    DATABASE_URL=sqlite:////abs/bench.sqlite3 python bench/cpu.py [--profile] [-n 200]
        [--cache] [--post] PATH ...

The database is one bench/build.py filled (bench/run.py's, or one made with
`manage.py migrate` and bench/build.py). Prints the process CPU time per request for
each path (`time.process_time`, so other processes on the machine barely count), and
with --profile cProfile's top entries. Without --cache the page cache is off
(BLOG_PAGE_CACHE=0, the benchmark's "uncached"; add BLOG_FRAGMENT_CACHE=0 to the
environment for its "cold"); --post posts comments to each path's
post (as bench/run.py's commenters do) instead of reading it.
"""

import argparse
import cProfile
import io
import os
import pstats
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def environ(path, method="GET", body=b"", cookies="", content_type=""):
    """A WSGI environ as gunicorn makes it for a browser-less client like wrk."""
    return {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1:8000",
        "HTTP_COOKIE": cookies,
        "CONTENT_TYPE": content_type,
        "CONTENT_LENGTH": str(len(body)),
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def call(app, env):
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"], answer["headers"] = status, headers

    body = b"".join(app(env, start_response))
    return answer["status"], answer["headers"], body


def get(app, path):
    return call(app, environ(path))


HIDDEN = re.compile(r'<input type="hidden" name="(csrfmiddlewaretoken|token)" value="([^"]*)"')


def poster(app, path):
    """A function that loads `path` and posts a comment to it, as a browser does."""
    import html
    from urllib.parse import urlencode

    counter = iter(range(time.time_ns() // 1000, 10**18))

    def post_once():
        status, headers, body = get(app, path)
        cookies = "; ".join(
            value.split(";", 1)[0] for name, value in headers if name.lower() == "set-cookie"
        )
        fields = {name: html.unescape(value) for name, value in HIDDEN.findall(body.decode())}
        post_id = re.search(rb'name="post" value="(\d+)"', body)
        n = next(counter)
        data = {
            **fields,
            "name": f"Profiler {n}",
            "email": f"profiler{n}@example.com",
            "body": f"A comment from the profiler, number {n}, about the soil.",
        }
        if post_id:
            data["post"] = post_id.group(1)
        action = re.search(rb'<form[^>]*action="([^"]*)"[^>]*method="post"', body)
        data = urlencode(data).encode()
        env = environ(
            action.group(1).decode() if action else path,
            "POST",
            data,
            cookies,
            "application/x-www-form-urlencoded",
        )
        env["HTTP_REFERER"] = f"http://127.0.0.1:8000{path}"
        env["HTTP_ORIGIN"] = "http://127.0.0.1:8000"
        status, _, _ = call(app, env)
        assert status.startswith("302"), status

    return post_once


def per_request(work, count):
    start = time.process_time()
    for _ in range(count):
        work()
    return (time.process_time() - start) / count * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("-n", type=int, default=200)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--cache", action="store_true")
    parser.add_argument("--post", action="store_true")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sort", default="tottime")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_DEBUG", "0")
    os.environ["BLOG_PAGE_CACHE"] = "1" if args.cache else "0"
    from django.core.wsgi import get_wsgi_application

    app = get_wsgi_application()
    for path in args.paths:
        work = poster(app, path) if args.post else (lambda path=path: get(app, path))
        for _ in range(5):
            work()  # warm: imports, compiled templates, the cache entry
        ms = per_request(work, args.n)
        print(f"{path}: {ms:.2f} ms CPU per {'load + POST' if args.post else 'request'}")
        if args.profile:
            profiler = cProfile.Profile()
            profiler.runcall(per_request, work, args.n)
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats(args.sort).print_stats(args.top)
            print(out.getvalue())


if __name__ == "__main__":
    main()
