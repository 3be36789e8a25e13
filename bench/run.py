"""The benchmark: pages with and without the page cache, the static-file ceiling, and
comment POSTs from 16 concurrent clients, on SQLite and PostgreSQL.

    python bench/run.py [--seconds 10] [--workers N] [--no-postgres]     (or: make bench)

Builds bench/work/bench.sqlite3 (bench/build.py), runs collectstatic, starts gunicorn
with DEBUG off (one server with BLOG_PAGE_CACHE=0, one with the page cache), measures
with wrk (bench/load.py has a fallback) at 1 and 8 connections, prints the table with
ratios to the ceiling and writes it, with the machine, the targets and the indexes
each page uses (bench/explain.py), to bench/RESULTS.md.
"""

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import django  # noqa: E402
import psycopg  # noqa: E402
import redis  # noqa: E402

from bench.load import WRK, measure  # noqa: E402
from tests.support.servers import Server, manage, post_comments, server_env, stored_bodies  # noqa: E402

WORK = ROOT / "bench" / "work"
CEILING = ROOT / "staticfiles" / "bench" / "ceiling.html"
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
CONNECTIONS = (1, 8)
COMMENTERS, COMMENTS_EACH = 16, 25


def bench_env(database_url, **extra):
    """Production-like settings; comments approved at once and no flood or form timer,
    so that every POST of the load is a real write (and a cache invalidation)."""
    return server_env(
        DJANGO_DEBUG=0,
        DATABASE_URL=database_url,
        DJANGO_CACHE_DIR=WORK / "cache",
        BLOG_COMMENT_MODERATION="none",
        BLOG_COMMENT_FLOOD_SECONDS=0,
        BLOG_COMMENT_MIN_FORM_SECONDS=0,
        **extra,
    )


def build(env):
    manage(env, "migrate", "--noinput")
    script = [sys.executable, ROOT / "bench" / "build.py"]
    done = subprocess.run(script, env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def explain(env):
    script = [sys.executable, ROOT / "bench" / "explain.py"]
    done = subprocess.run(script, env=env, capture_output=True, text=True)
    return done.stdout if done.returncode == 0 else f"(explain failed)\n\n    {done.stderr[-2000:]}"


def pages(server, urls, cache_label, rows, seconds, names):
    for name in names:
        url = server.url(urls[name])
        measure(url, 8, 2)  # warm every worker (imports, templates, the cache entry)
        results = {c: measure(url, c, seconds) for c in CONNECTIONS}
        rows.append((LABELS[name], cache_label, results))
        print(f"  {LABELS[name]:<24} {cache_label:<9}", *(fmt(r) for r in results.values()))


LABELS = {
    "post_100": "post, 100 comments",
    "post_1000": "post, 1,000 comments",
    "post_none": "post, no comments",
    "home": "home page",
    "feed": "posts feed",
    "ceiling": "ceiling: static file",
}


def fmt(result):
    return f"{result.rps:8.1f} req/s p50 {result.p50:6.1f} ms p99 {result.p99:6.1f} ms"


def comment_load(server, urls, database_url, label):
    start = time.perf_counter()
    results = post_comments(server, urls["target"], urls["target_id"], COMMENTERS, COMMENTS_EACH)
    elapsed = time.perf_counter() - start
    acknowledged = {body for status, _, body in results if status == 302}
    stored = stored_bodies(database_url, urls["target_id"])
    times = sorted(ms for _, ms, _ in results)
    row = {
        "database": label,
        "sent": len(results),
        "acknowledged": len(acknowledged),
        "stored": len(set(stored) & acknowledged),
        "duplicates": len(stored) - len(set(stored)),
        "errors": sum(status >= 500 for status, _, _ in results),
        "per_second": len(acknowledged) / elapsed,
        "p50": times[len(times) // 2],
        "p99": times[min(len(times) - 1, int(0.99 * len(times)))],
    }
    print(f"  comment POSTs on {label}: {row}")
    return row


def sqlite_run(args, rows, posts, sizes):
    database = WORK / "bench.sqlite3"
    for path in WORK.glob("bench.sqlite3*"):
        path.unlink()
    shutil.rmtree(WORK / "cache", ignore_errors=True)
    env = bench_env(f"sqlite:///{database}")
    urls = {**build(env), "home": "/", "feed": "/feed/", "ceiling": "/static/bench/ceiling.html"}
    manage(env, "collectstatic", "--noinput")
    logs = WORK / "gunicorn.log"
    uncached_env = {**env, "BLOG_PAGE_CACHE": "0"}
    with Server(uncached_env, logs, workers=args.workers) as uncached:
        CEILING.parent.mkdir(parents=True, exist_ok=True)
        CEILING.write_text(uncached_page(uncached, urls["post_100"]))
        with Server(env, logs, workers=args.workers) as cached:
            print(f"SQLite, {args.workers} gunicorn workers, {args.seconds} s per measurement")
            pages(cached, urls, "static", rows, args.seconds, ["ceiling"])
            names = ["post_100", "post_1000", "post_none", "home", "feed"]
            for name in names:
                pages(uncached, urls, "uncached", rows, args.seconds, [name])
                pages(cached, urls, "cached", rows, args.seconds, [name])
            sizes.update(transfer_sizes(cached, urls["post_100"]))
            posts.append(comment_load(cached, urls, env["DATABASE_URL"], "SQLite"))
    return explain(env)


def transfer_sizes(server, path):
    """Bytes on the wire for a page, as a browser accepting each encoding gets it."""
    import urllib.request

    sizes = {}
    for encoding in ("br", "gzip", "identity"):
        request = urllib.request.Request(server.url(path), headers={"Accept-Encoding": encoding})
        with urllib.request.urlopen(request) as response:
            sizes[encoding] = len(response.read())
    return sizes


def uncached_page(server, path):
    import urllib.request

    with urllib.request.urlopen(server.url(path)) as response:
        return response.read().decode()


def postgres_run(args, rows, posts):
    name = f"blog_bench_{os.getpid()}"
    try:
        admin = psycopg.connect(f"{POSTGRES}/postgres", autocommit=True)
    except psycopg.OperationalError as error:
        print(f"PostgreSQL skipped: {error}")
        return ""
    extra = {"REDIS_URL": REDIS, "DJANGO_CACHE_PREFIX": name} if redis_up() else {}
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            env = bench_env(f"{POSTGRES}/{name}", **extra)
            urls = build(env)
            label = "PostgreSQL" + (" + Redis" if extra else "")
            with Server(env, WORK / "gunicorn-pg.log", workers=args.workers) as cached:
                print(f"{label}, {args.workers} gunicorn workers")
                pages(cached, urls, "cached", rows, args.seconds, ["post_100"])
                posts.append(comment_load(cached, urls, env["DATABASE_URL"], label))
            with Server({**env, "BLOG_PAGE_CACHE": "0"}, WORK / "gunicorn-pg.log") as uncached:
                pages(uncached, urls, "uncached", rows, args.seconds, ["post_100"])
            rows[-2:] = [(f"{r[0]} (PG)", *r[1:]) for r in rows[-2:]]
            return explain(env)
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def redis_up():
    try:
        return redis.Redis.from_url(REDIS).ping()
    except redis.RedisError:
        return False


def machine():
    lines = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in lines if "model name" in line), "?")
    wrk = "wrk" if WRK else "bench/load.py (wrk not installed)"
    return (
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {os.cpu_count()} CPUs ({cpu}); "
        f"Python {platform.python_version()}; Django {django.get_version()}; "
        f"load generator: {wrk}, on the same machine"
    )


if __name__ == "__main__":
    from bench.report import write_results

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    rows, posts, sizes = [], [], {}
    try:
        indexes = {"SQLite": sqlite_run(args, rows, posts, sizes)}
        if not args.no_postgres:
            indexes["PostgreSQL"] = postgres_run(args, rows, posts)
    finally:
        shutil.rmtree(CEILING.parent, ignore_errors=True)
    print(write_results(machine(), args, rows, posts, indexes, sizes))
