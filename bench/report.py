"""The benchmark's table, its targets and bench/RESULTS.md."""

from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
CEILING = "ceiling: static file"


def find(rows, page, cache):
    return next((results for label, kind, results in rows if (label, kind) == (page, cache)), None)


def table(rows):
    ceiling = find(rows, CEILING, "static")
    lines = [
        "| page | cache | 1 conn req/s | p50 ms | p99 ms | xceiling "
        "| 8 conn req/s | p50 ms | p99 ms | xceiling |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for label, kind, results in rows:
        cells = []
        for connections, result in results.items():
            ratio = result.rps / ceiling[connections].rps if ceiling else 0
            cells += [f"{result.rps:.0f}", f"{result.p50:.1f}", f"{result.p99:.1f}", f"{ratio:.2f}"]
        lines.append(f"| {label} | {kind} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def posts_table(posts):
    lines = [
        "| database | sent | acknowledged (302) | stored | duplicates | 5xx | comments/s "
        "| p50 ms | p99 ms |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for p in posts:
        lines.append(
            f"| {p['database']} | {p['sent']} | {p['acknowledged']} | {p['stored']} | "
            f"{p['duplicates']} | {p['errors']} | {p['per_second']:.1f} | {p['p50']:.1f} | "
            f"{p['p99']:.1f} |"
        )
    return "\n".join(lines)


def targets(rows, posts):
    """(target, measured, met) for each target of the issue, from one run."""
    ceiling = find(rows, CEILING, "static")
    cached = find(rows, "post, 100 comments", "cached")
    hundred = find(rows, "post, 100 comments", "uncached")
    thousand = find(rows, "post, 1,000 comments", "uncached")
    none = find(rows, "post, no comments", "uncached")
    found = []
    if ceiling and cached:
        ratio = min(cached[c].rps / ceiling[c].rps for c in cached)
        found.append(
            ("cached post ≥ 0.5x ceiling (worse of 1 and 8 conns)", f"{ratio:.2f}x", ratio >= 0.5)
        )
    if hundred and none:
        ratio = hundred[8].rps / none[8].rps
        found.append(
            (
                "uncached 100-comment post ≥ 0.6x no-comment post (8 conns)",
                f"{ratio:.2f}x",
                ratio >= 0.6,
            )
        )
        found.append(
            (
                "uncached 100-comment post ≥ 185 req/s (8 conns)",
                f"{hundred[8].rps:.0f} req/s",
                hundred[8].rps >= 185,
            )
        )
    if hundred and thousand:
        ratio = thousand[1].ms_per_request / hundred[1].ms_per_request
        found.append(
            (
                "1,000-comment page ≤ 10x the time of the 100-comment page (1 conn)",
                f"{ratio:.1f}x",
                ratio <= 10,
            )
        )
    for p in posts:
        met = (
            p["stored"] == p["acknowledged"] == p["sent"] and not p["duplicates"] and p["p99"] < 100
        )
        found.append(
            (
                f"comment POSTs on {p['database']}: all stored, p99 < 100 ms",
                f"{p['stored']}/{p['sent']}, p99 {p['p99']:.0f} ms",
                met,
            )
        )
    return found


def sizes_table(sizes):
    lines = ["| encoding | bytes of HTML |", "|---|--:|"]
    lines += [f"| {encoding} | {size:,} |" for encoding, size in sizes.items()]
    return "\n".join(lines)


def write_results(machine, args, rows, posts, indexes, sizes, path=RESULTS):
    measured = list(targets(rows, posts))
    if sizes:
        size = max(sizes["br"], sizes["gzip"])
        measured.append(
            ("100-comment post: at most 25 KB of HTML, compressed", f"{size / 1024:.1f} KB",
             size <= 25 * 1024)
        )  # fmt: skip
    goals = "\n".join(
        f"| {name} | {value} | {'met' if met else 'MISSED'} |" for name, value, met in measured
    )
    text = f"""# Benchmark results

Written by `bench/run.py` (`make bench`); numbers from one run.

Machine: {machine}.
gunicorn `config.wsgi` with gunicorn.conf.py (the app preloaded and frozen before the
fork), {args.workers} sync workers, DEBUG off; {args.seconds} s per measurement.
"cached": the page cache (pagecache) with the default file cache, or Redis with
PostgreSQL; "uncached": `BLOG_PAGE_CACHE=0`, every page rendered, with the parts every
reader shares (navigation, a post's neighbours and comment list, a list's summaries)
read once per change (pagecache.fragments), as for readers the page cache does not
serve; "cold": `BLOG_FRAGMENT_CACHE=0` as well, nothing kept, as for the first reader
after each change. The ceiling is a static file of the size of the 100-comment page,
served by the same gunicorn and whitenoise.

## Pages

{table(rows)}

## Comment POSTs ({16} clients at once, 25 comments each)

Each client loads the post, then posts (as a browser does: the form token is single-use),
25 times; comments/s counts the whole load, page loads included.

{posts_table(posts)}

## Transfer of the 100-comment post (SQLite, page cache)

{sizes_table(sizes)}

## Targets

| target | measured | |
|---|---|---|
{goals}
"""
    for database, body in indexes.items():
        if body:
            text += f"\n## Indexes each page uses ({database}, EXPLAIN)\n\n{body}\n"
    path.write_text(text)
    return text
