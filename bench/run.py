"""The benchmark: pages with and without the page cache, the static-file ceiling, and
comment POSTs from 16 concurrent clients, on SQLite and PostgreSQL; and WordPress side
by side, when it is installed (bench/wordpress.py).

    python bench/run.py [--seconds 10] [--workers N] [--no-postgres] [--wordpress]
        [--no-wordpress] [--results PATH]

Builds bench/work/bench.sqlite3 (bench/build.py), runs collectstatic, starts gunicorn
with DEBUG off (one server with BLOG_PAGE_CACHE=0, one with the page cache, one with
neither whole pages nor fragments kept, BLOG_FRAGMENT_CACHE=0 too), measures
with wrk (bench/load.py has a fallback) at 1 and 8 connections, prints the table with
ratios to the ceiling and writes it, with the machine, the targets and the indexes
each page uses (bench/explain.py), to bench/RESULTS.md. With WordPress installed (or
--wordpress, which fails without it) it then serves the same content with WordPress and
adds the side-by-side table.
"""

import argparse
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import django  # noqa: E402
import psycopg  # noqa: E402
import redis  # noqa: E402

from bench import wordpress  # noqa: E402
from bench.load import WRK, measure  # noqa: E402
from bench.report import RESULTS, find, posts_table  # noqa: E402
from tests.support.servers import Server, manage, post_comments, server_env, stored_bodies  # noqa: E402

WORK = ROOT / "bench" / "work"
CEILING = ROOT / "staticfiles" / "bench" / "ceiling.html"
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
CONNECTIONS = (1, 8)
COMMENTERS, COMMENTS_EACH = 16, 25
WORDPRESS_CONTENT = WORK / "wordpress-content.sqlite3"


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
    stored = stored_bodies(database_url, urls["target_id"])
    return load_row(label, results, elapsed, stored)


def load_row(label, results, elapsed, stored):
    """The comment load's figures from (status, ms, body) per POST and the bodies stored."""
    acknowledged = {body for status, _, body in results if status == 302}
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
    """Our side on SQLite; the index report, the bench's URLs and the PSS of the cached
    server's workers after all the load."""
    database = WORK / "bench.sqlite3"
    for path in WORK.glob("bench.sqlite3*"):
        path.unlink()
    shutil.rmtree(WORK / "cache", ignore_errors=True)
    env = bench_env(f"sqlite:///{database}")
    urls = {**build(env), "home": "/", "feed": "/feed/", "ceiling": "/static/bench/ceiling.html"}
    with closing(sqlite3.connect(database)) as built:
        WORDPRESS_CONTENT.unlink(missing_ok=True)
        built.execute("VACUUM INTO ?", (str(WORDPRESS_CONTENT),))  # for WordPress, as built
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
            pss = wordpress.children_pss(cached.process.pid)
    # Nothing kept at all: what the first reader after a change costs.
    cold_env = {**uncached_env, "BLOG_FRAGMENT_CACHE": "0"}
    with Server(cold_env, logs, workers=args.workers) as cold:
        pages(cold, urls, "cold", rows, args.seconds, ["post_100", "post_none", "home"])
    return explain(env), urls, pss


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


PAIRED = {"post_100": 5, "post_none": 4, "home": 4}  # the targets: ours ÷ WordPress


def wordpress_run(args, urls):
    """WordPress with the same content: the paired pages at 8 connections, the same
    comment load, the transfer and the PSS of its php-fpm children after the load."""
    with wordpress.WordPress(WORK / "wordpress", WORDPRESS_CONTENT, args.workers) as wp:
        found = {"versions": wordpress.versions()}
        print(f"{found['versions']}, {args.workers} php-fpm children")
        for name in PAIRED:
            wp.settle(urls[name])  # not a wrk warm-up: slow pages would still be running
            found[name] = measure(wp.url(urls[name]), 8, args.seconds)
            print(f"  {LABELS[name]:<24} WordPress", fmt(found[name]))
        found["sizes"] = transfer_sizes(wp, urls["post_100"])
        wp.settle(urls["target"])
        load = wp.comment_load(urls["target"], urls["target_id"], COMMENTERS, COMMENTS_EACH)
        found["post"] = load_row("WordPress", *load)
        found["pss"] = wp.php_workers_pss()
    return found


def over(a, b):
    """a ÷ b, or 0 when b failed to measure (wrk had too few answers)."""
    return a / b if b else 0.0


def side_by_side(args, rows, post, sizes, pss, wp):
    """The issue's table: ours and WordPress, the ratio, the target and whether it is met."""
    lines = ["| measure | ours | WordPress | ratio | target | |", "|---|--:|--:|--:|---|---|"]

    def line(measure, ours, theirs, ratio, target, met):
        verdict = ("met" if met else "MISSED") if ratio else "not measured"
        if met is None:
            verdict = "no target: for comparison"
        lines.append(f"| {measure} | {ours} | {theirs} | {ratio:.2f}× | {target} | {verdict} |")

    def rate(result):
        if not result.rps:
            return "too few answers to measure"
        return f"{result.rps:.0f} req/s, p99 {result.p99:.0f} ms"

    for name, goal in PAIRED.items():
        ours, theirs = find(rows, LABELS[name], "uncached")[8], wp[name]
        ratio = over(ours.rps, theirs.rps)
        line(
            f"{LABELS[name]}, uncached",
            rate(ours),
            rate(theirs),
            ratio,
            f"≥ {goal}×",
            ratio >= goal,
        )
        cold = find(rows, LABELS[name], "cold")
        if cold:
            ratio = over(cold[8].rps, theirs.rps)
            line(f"{LABELS[name]}, cold", rate(cold[8]), rate(theirs), ratio, "—", None)
    cached = find(rows, LABELS["post_100"], "cached")[8]
    ceiling = find(rows, LABELS["ceiling"], "static")[8]
    ratio = over(cached.rps, ceiling.rps)
    line(
        "our cached 100-comment post ÷ static file of its size (same gunicorn)",
        f"{rate(cached)}; static {rate(ceiling)}",
        "—",
        ratio,
        "≥ 0.8×",
        ratio >= 0.8,
    )
    theirs = wp["post"]
    ratio = over(post["per_second"], theirs["per_second"])

    def posting(row):
        return f"{row['per_second']:.1f}/s, POST p99 {row['p99']:.0f} ms, stored {row['stored']}"

    line(
        f"{COMMENTERS} commenters, {post['sent']} comments",
        posting(post),
        posting(theirs),
        ratio,
        "≥ 3× and POST p99 < 100 ms",
        ratio >= 3 and post["p99"] < 100,
    )
    ratio = over(wp["sizes"]["gzip"], sizes["gzip"])
    line(
        "HTML of the 100-comment post",
        f"gzip {sizes['gzip']:,} B, br {sizes['br']:,} B",
        f"gzip {wp['sizes']['gzip']:,} B",
        ratio,
        "≤ 25 KB",
        sizes["gzip"] <= 25 * 1024,
    )
    ratio = over(wp["pss"], pss)
    line(
        f"PSS of the {args.workers} workers after the load",
        f"{pss / 2**20:.0f} MiB",
        f"{wp['pss'] / 2**20:.0f} MiB",
        ratio,
        "≤ 150 MiB",
        pss <= 150 * 2**20,
    )
    return "\n".join(lines)


def wordpress_section(args, rows, posts, sizes, pss, wp, absent):
    if wp is None:
        return (
            f"\n## WordPress side by side\n\nSkipped: not installed here (missing: {absent}). "
            f"`apt-get install -y {wordpress.PACKAGES}`, then "
            "`bench/run.py --wordpress`.\n"
        )
    return f"""
## WordPress side by side

{wp["versions"]}: our own nginx (gzip level 6) and php-fpm ({args.workers} static
children, opcache on), WordPress's default theme (Twenty Twenty-Three), no cache plugin.
Ours: gunicorn, {args.workers} workers, SQLite. The same content (bench/build.py's,
copied into WordPress with SQL), the same URLs, wrk at 8 connections, {args.seconds} s
each; ours measured first, then WordPress, on the same machine. WordPress, for the POST
test as fair as ours: comment moderation and "previously approved author" off, no flood
check (a must-use plugin), no comment emails, no WP-Cron; threads 5 deep, no comment
pages, 10 posts a page, as ours. The ratio is ours ÷ WordPress for rates (the cached
row: ÷ the static file) and WordPress ÷ ours for bytes and memory: above 1, ours is
better. PSS: the sum of /proc/<pid>/smaps_rollup of the gunicorn workers (the
page-cached server, after all its load) and of the php-fpm children (after the comment
load).

{side_by_side(args, rows, posts[0], sizes, pss, wp)}

{posts_table([posts[0], wp["post"]])}
"""


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
    parser.add_argument(
        "--wordpress",
        action="store_true",
        help="require the WordPress comparison (run anyway when WordPress is installed)",
    )
    parser.add_argument(
        "--no-wordpress", action="store_true", help="skip WordPress even when it is installed"
    )
    parser.add_argument(
        "--results",
        type=Path,
        default=RESULTS,
        help="where the report is written (default: bench/RESULTS.md)",
    )
    args = parser.parse_args()
    absent = wordpress.missing() or ("--no-wordpress" if args.no_wordpress else "")
    if args.wordpress and absent:
        parser.error(f"--wordpress needs {absent} (apt-get install -y {wordpress.PACKAGES})")
    WORK.mkdir(parents=True, exist_ok=True)
    rows, posts, sizes = [], [], {}
    try:
        sqlite_indexes, urls, pss = sqlite_run(args, rows, posts, sizes)
        indexes = {"SQLite": sqlite_indexes}
        wp = None if absent or args.no_wordpress else wordpress_run(args, urls)
        if not args.no_postgres:
            indexes["PostgreSQL"] = postgres_run(args, rows, posts)
    finally:
        shutil.rmtree(CEILING.parent, ignore_errors=True)
    text = write_results(machine(), args, rows, posts, indexes, sizes, args.results)
    head, heading, tail = text.partition("\n## Indexes")  # WordPress goes before them
    text = head + wordpress_section(args, rows, posts, sizes, pss, wp, absent) + heading + tail
    args.results.write_text(text)
    print(text)
