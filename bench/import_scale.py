"""Benchmark: a large WordPress site moved in, images included.

    .venv/bin/python bench/import_scale.py [--posts 5000] [--comments-per-post 10]
        [--images 2000] [--profile FILE] [--no-worker]

Generates, in a temporary directory, the export of bench/wxr_import.py (posts and
comments) with IMAGES attachments, their files (real JPEGs and PNGs of several sizes)
in a media folder laid out as wp-content/uploads/YYYY/MM/, shown in post bodies (as
WordPress's resized variants, `photo-300x200.jpg`) and as featured images. On a fresh
SQLite database it then times, each in its own process:

1. `manage.py import_wxr FILE --media-dir DIR`: the originals checked and stored, the
   resized copies only queued (target: under 2 minutes wall on a 2-core machine);
2. `manage.py db_worker --batch`: the worker making every queued set of copies and
   rendering again the posts that show them;
3. the same import again, which must change nothing (same rows, same stored HTML, no
   task queued) and be fast.

and prints wall time, CPU time, peak memory (max RSS) and the rows after each step.
`--profile FILE` runs the first import under cProfile and writes its stats to FILE;
`--no-worker` leaves the copies queued (the imports only).
"""

import argparse
import hashlib
import io
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from PIL import Image, ImageDraw

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # for bench.wxr_import

from bench.wxr_import import SITE, cdata, item_xml, write_head

ROOT = Path(__file__).resolve().parent.parent
FIRST_ATTACHMENT = 100_000  # WordPress ids of the attachments, after the posts'
SIZES = [(1200, 800), (800, 1200), (1600, 1067), (960, 640), (2048, 1365), (640, 480)]


def image_file(rng, n):
    """A real image's bytes and extension: shapes on a gradient, every tenth a PNG."""
    png = n % 10 == 0
    width, height = (800, 600) if png else SIZES[n % len(SIZES)]
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(6):
        x, y = rng.randrange(width), rng.randrange(height)
        size = rng.randint(40, width // 3)
        colour = tuple(rng.randrange(256) for _ in range(3))
        draw.ellipse((x, y, x + size, y + size // 2), fill=colour)
    out = io.BytesIO()
    if png:
        image.save(out, "PNG")
    else:
        image.save(out, "JPEG", quality=85)
    return out.getvalue(), "png" if png else "jpg"


def attachment(n, when, extension):
    """(WordPress id, path under uploads, the attachment's <item>)."""
    wp_id = FIRST_ATTACHMENT + n
    path = f"{when:%Y/%m}/photo-{n}.{extension}"
    url = f"{SITE}/wp-content/uploads/{path}"
    xml = f"""	<item>
		<title>{cdata(f"Photo {n}")}</title>
		<dc:creator>{cdata(f"author{n % 20}")}</dc:creator>
		<content:encoded>{cdata("")}</content:encoded>
		<excerpt:encoded>{cdata(f"Photo number {n}")}</excerpt:encoded>
		<wp:post_id>{wp_id}</wp:post_id>
		<wp:post_date>{when:%Y-%m-%d %H:%M:%S}</wp:post_date>
		<wp:post_date_gmt>{when:%Y-%m-%d %H:%M:%S}</wp:post_date_gmt>
		<wp:post_name>{cdata(f"photo-{n}")}</wp:post_name>
		<wp:status>inherit</wp:status>
		<wp:post_parent>0</wp:post_parent>
		<wp:post_type>attachment</wp:post_type>
		<wp:attachment_url>{cdata(url)}</wp:attachment_url>
		<wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key>
			<wp:meta_value>{cdata(path)}</wp:meta_value></wp:postmeta>
		<wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key>
			<wp:meta_value>{cdata(f"Photo {n} of the garden")}</wp:meta_value></wp:postmeta>
	</item>
"""
    return wp_id, path, xml


def with_images(xml, wp_id, shown, featured):
    """A post's <item> with an image of `shown` in its body and `featured` as its
    featured image (either may be None)."""
    if shown is not None:
        shown_id, path = shown
        variant = path.replace(".", "-300x200.", 1)
        img = (
            f'<img class="alignnone size-medium wp-image-{shown_id}" '
            f'src="{SITE}/wp-content/uploads/{variant}" alt="" width="300" height="200" />'
        )
        if wp_id % 3 == 0:  # a block-editor post: the image block
            img = (
                f'<!-- wp:image {{"id":{shown_id}}} -->\n<figure class="wp-block-image">'
                f"{img}</figure>\n<!-- /wp:image -->"
            )
        xml = xml.replace("]]></content:encoded>", f"\n\n{img}]]></content:encoded>", 1)
    if featured is not None:
        meta = (
            "\t\t<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>"
            f"<wp:meta_value>{featured}</wp:meta_value></wp:postmeta>\n"
        )
        xml = xml.replace("</wp:is_sticky>\n", f"</wp:is_sticky>\n{meta}", 1)
    return xml


def generate(path, media_dir, posts, comments_per_post, image_count, seed=7):
    """Write the export and the files of its attachments; their count and bytes."""
    rng = random.Random(seed)
    start = datetime(2010, 1, 1)
    attachments, files_bytes = [], 0
    for n in range(image_count):
        when = start + timedelta(hours=13 * (n * posts // max(image_count, 1) + 1))
        data, extension = image_file(rng, n)
        wp_id, relative, xml = attachment(n, when, extension)
        target = media_dir / "wp-content" / "uploads" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        files_bytes += len(data)
        attachments.append((wp_id, relative, xml))
    with path.open("w", encoding="utf-8") as out:
        write_head(out, SITE)
        for n in range(50):
            out.write(
                f"\t<wp:category><wp:term_id>{n + 1}</wp:term_id>"
                f"<wp:category_nicename>cat-{n}</wp:category_nicename>"
                f"<wp:cat_name>{cdata(f'Category {n}')}</wp:cat_name></wp:category>\n"
            )
        comment_id = 1
        for wp_id in range(1, posts + 1):
            ids = list(range(comment_id, comment_id + comments_per_post))
            comment_id += comments_per_post
            xml = item_xml(rng, wp_id, ids, start + timedelta(hours=13 * wp_id))
            if attachments:
                shown = attachments[(wp_id - 1) % len(attachments)][:2] if wp_id % 2 else None
                featured = attachments[(wp_id * 7) % len(attachments)][0] if wp_id % 3 else None
                xml = with_images(xml, wp_id, shown, featured)
            out.write(xml)
        for _, _, xml in attachments:  # after the posts, as WordPress exports them
            out.write(xml)
        out.write("</channel>\n</rss>\n")
    return len(attachments), files_bytes


def run(env, log, *args):
    """Run python with `args` in the project; its wall time (s), CPU time (s) and peak
    memory (MiB, the child's max RSS). Its output goes to `log`."""
    started = time.perf_counter()
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, *args], env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT
        )
        _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status):
        sys.stdout.write(log.read_text()[-3000:])
        raise SystemExit(f"{' '.join(args)} failed")
    elapsed = time.perf_counter() - started
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def rows(database):
    """Counts of what the import and the worker made, and a digest of all stored HTML."""
    with sqlite3.connect(database) as db:

        def count(sql):
            return db.execute(sql).fetchone()[0]

        digest = hashlib.blake2b(digest_size=8)
        for row in db.execute("SELECT id, updated_at, body_html FROM blog_post ORDER BY id"):
            digest.update(repr(row).encode())
        for row in db.execute("SELECT id, copies FROM medialibrary_mediaitem ORDER BY id"):
            digest.update(repr(row).encode())
        return {
            "posts": count("SELECT COUNT(*) FROM blog_post"),
            "comments": count("SELECT COUNT(*) FROM comments_comment"),
            "media": count("SELECT COUNT(*) FROM medialibrary_mediaitem"),
            "with copies": count(
                "SELECT COUNT(*) FROM medialibrary_mediaitem WHERE copies != '[]'"
            ),
            "featured": count("SELECT COUNT(*) FROM blog_post WHERE featured_image_id IS NOT NULL"),
            "srcset": count("SELECT COUNT(*) FROM blog_post WHERE body_html LIKE '%srcset=%'"),
            "queued": count("SELECT COUNT(*) FROM django_tasks_database_dbtaskresult"),
            "waiting": count(
                "SELECT COUNT(*) FROM django_tasks_database_dbtaskresult WHERE status = 'READY'"
            ),
            "failed": count(
                "SELECT COUNT(*) FROM django_tasks_database_dbtaskresult WHERE status = 'FAILED'"
            ),
            "digest": digest.hexdigest(),
        }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=5000)
    parser.add_argument("--comments-per-post", type=int, default=10)
    parser.add_argument("--images", type=int, default=2000)
    parser.add_argument("--profile", type=Path, help="cProfile stats of the first import")
    parser.add_argument("--no-worker", action="store_true", help="time the imports only")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        wxr, media_dir, database = tmp / "bench.xml", tmp / "old-site", tmp / "bench.sqlite3"
        started = time.perf_counter()
        images, files_bytes = generate(
            wxr, media_dir, options.posts, options.comments_per_post, options.images
        )
        print(
            f"generated {options.posts} posts, {options.posts * options.comments_per_post} "
            f"comments, {images} images ({files_bytes / 2**20:.0f} MiB): "
            f"{wxr.stat().st_size / 2**20:.1f} MiB of WXR in {time.perf_counter() - started:.1f} s"
        )
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{database}",
            "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "bench-only"),
            "DJANGO_DEBUG": "0",
            "MEDIA_ROOT": str(tmp / "media"),
        }
        run(env, tmp / "migrate.log", "manage.py", "migrate", "-v0")
        importing = ["import_wxr", str(wxr), "--media-dir", str(media_dir / "wp-content/uploads")]
        profiled = ["-m", "cProfile", "-o", str(options.profile)] if options.profile else []
        steps = [
            ("import (copies queued)", [*profiled, "manage.py", *importing]),
            ("worker: copies made", ["manage.py", "db_worker", "--batch", "--no-startup-delay"]),
            ("import again", ["manage.py", *importing]),
        ]
        if options.no_worker:
            del steps[1]
        table = []
        for number, (name, args) in enumerate(steps):
            log = tmp / f"step-{number}.log"
            elapsed, cpu, peak = run(env, log, *args)
            table.append((name, elapsed, cpu, peak, rows(database)))
            if number == 0:
                print(log.read_text().strip())  # the import's summary
        print_table(table)
        before, after = table[-2][4], table[-1][4]
        print(
            "import again changed nothing"
            if before == after
            else f"import again CHANGED: {before} → {after}"
        )


def print_table(table):
    keys = ["posts", "comments", "media", "with copies", "featured", "srcset", "waiting"]
    header = f"| step | wall s | CPU s | peak MiB | {' | '.join(keys)} |"
    print(header)
    print("|" + "---|" * (4 + len(keys)))
    for name, elapsed, cpu, peak, counts in table:
        cells = " | ".join(str(counts[key]) for key in keys)
        print(f"| {name} | {elapsed:.1f} | {cpu:.1f} | {peak:.0f} | {cells} |")


if __name__ == "__main__":
    main()
