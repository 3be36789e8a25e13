"""WordPress beside us, for the side-by-side table of bench/run.py --wordpress.

Debian's packages (`apt-get install -y wordpress php-fpm php-mysql nginx`): WordPress in
/usr/share/wordpress, served by our own nginx (gzip level 6) and php-fpm (opcache on,
4 static children, as gunicorn has 4 workers), started from config files in
bench/work/wordpress/ and stopped at the end. No system service is used or touched.
The database is `bench_wordpress` on the local MariaDB, created afresh; Debian's
wp-config.php reads /etc/wordpress/config-bench-wordpress.php (nginx names it with the
WORDPRESS_CONFIG parameter). Both are removed when the bench stops.

The content is copied with SQL from our bench database as bench/build.py made it: the
same posts (rendered HTML, `<!--more-->` where our excerpt ends), authors, categories,
tags and approved comments with their threads. Settings made fair for the POST test,
as ours are (moderation off, no flood check): comment moderation and "previously
approved" off, the comment flood check off (a must-use plugin), comment emails off,
WP-Cron off (it would fire HTTP requests during the measurement), no outside HTTP.
Threads 5 deep, no comment pages, 10 posts a page: our defaults. Theme: WordPress's
default (Twenty Twenty-Three).
"""

import shutil
import signal
import sqlite3
import subprocess
import threading
import time
import urllib.request
import uuid
from contextlib import closing
from pathlib import Path

from tests.support.servers import Browser, free_port

PACKAGES = "wordpress php-fpm php-mysql nginx"
WORDPRESS = Path("/usr/share/wordpress")
CONFIG = Path("/etc/wordpress/config-bench-wordpress.php")
DATABASE = "bench_wordpress"
MYSQL = ["mysql", "-h127.0.0.1", "-P3306", "-uroot", "--default-character-set=utf8mb4"]
PERMALINKS = "/%year%/%monthnum%/%day%/%postname%/"
OPTIONS = {
    "permalink_structure": PERMALINKS,
    "comment_moderation": "0",
    "comment_previously_approved": "0",
    "comments_notify": "0",
    "moderation_notify": "0",
    "thread_comments": "1",
    "thread_comments_depth": "5",
    "page_comments": "0",
    "posts_per_page": "10",
    "blogname": "Field Notes",
}
NO_FLOOD = "<?php add_filter('wp_is_comment_flood', '__return_false', 20);\n"


def missing():
    """Why WordPress cannot run here, or "" when it can."""
    needed = {
        "WordPress (/usr/share/wordpress)": (WORDPRESS / "wp-config.php").exists(),
        "php-fpm8.2": shutil.which("php-fpm8.2"),
        "nginx": shutil.which("nginx"),
        "the mysql client": shutil.which("mysql"),
    }
    absent = [name for name, found in needed.items() if not found]
    if not absent:
        try:
            sql("SELECT 1;", database=None)
        except (OSError, RuntimeError):
            absent.append("MariaDB at 127.0.0.1:3306 (user root, no password)")
    return ", ".join(absent)


def sql(statements, database=DATABASE):
    """Run SQL text with the mysql client; its tab-separated output."""
    command = [*MYSQL, "-N", "-B", *([database] if database else [])]
    done = subprocess.run(command, input=statements, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"mysql failed: {done.stderr[-2000:]}")
    return done.stdout


def quote(value):
    if value is None:
        return "NULL"
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("\\", "\\\\").replace("'", "\\'") + "'"


def inserts(table, columns, rows, suffix="", chunk=200):
    """Multi-row INSERT statements; `columns` separated by spaces."""
    head = f"INSERT INTO {table} ({', '.join(columns.split())}) VALUES\n"
    for start in range(0, len(rows), chunk):
        chunked = rows[start : start + chunk]
        values = ",\n".join(f"({', '.join(map(quote, row))})" for row in chunked)
        yield f"{head}{values} {suffix};"


# Term ids: a category's is 100 + its id, a tag's 100000 + its id.
QUERIES = {
    "users": "SELECT id + 1, username, email, trim(first_name || ' ' || last_name), "
    "substr(date_joined, 1, 19) FROM auth_user WHERE id IN (SELECT author_id FROM blog_post)",
    "terms": "SELECT 100 + id, name, slug, 'category' FROM blog_category UNION ALL "
    "SELECT 100000 + id, name, slug, 'post_tag' FROM blog_tag",
    "links": "SELECT post_id, 100 + category_id FROM blog_post_categories UNION ALL "
    "SELECT post_id, 100000 + tag_id FROM blog_post_tags",
    "posts": "SELECT id, author_id + 1, substr(published_at, 1, 19), title, slug, body_html, "
    "excerpt_html, has_more FROM blog_post WHERE status = 'published' AND trashed_at IS NULL",
    "comments": "SELECT id, post_id, name, email, url, substr(created_at, 1, 19), "
    "substr(created_at, 1, 19), body, coalesce(parent_id, 0) FROM comments_comment "
    "WHERE status = 'approved' AND post_id IS NOT NULL",
}

# post_status comment_status ping_status post_type, then text columns without a default
POST_FIXED = ("publish", "open", "open", "post", "", "", "", "")


def wordpress_content(body_html, excerpt_html, has_more):
    """Our rendered body, with WordPress's <!--more--> where our excerpt ends."""
    if has_more and body_html.startswith(excerpt_html):
        return f"{excerpt_html}\n<!--more-->\n{body_html[len(excerpt_html) :]}"
    return body_html


def content_sql(source, home):
    """SQL that puts our published posts, their authors and terms and the approved
    comments into WordPress's tables; posts keep their ids."""
    with closing(sqlite3.connect(source)) as db:
        found = {name: db.execute(query).fetchall() for name, query in QUERIES.items()}
    published = {row[0] for row in found["posts"]}
    links = [link for link in found["links"] if link[0] in published]
    users = [
        (pk, login, "", login, email, joined, name or login)
        for pk, login, email, name, joined in found["users"]
    ]
    taxonomy = [(pk, pk, kind, "") for pk, _, _, kind in found["terms"]]
    posts = [
        (pk, author, date, date, wordpress_content(*body), title, slug, date, date, *POST_FIXED)
        for pk, author, date, title, slug, *body in found["posts"]
    ]
    comments = [(*row, "127.0.0.1", "1", "comment", "") for row in found["comments"]]
    settings = {**OPTIONS, "siteurl": home, "home": home}  # the installer drops the port
    options = [(name, value, "yes") for name, value in settings.items()]
    return "\n".join(
        [
            "SET NAMES utf8mb4;",
            "DELETE FROM wp_posts; DELETE FROM wp_postmeta; DELETE FROM wp_comments;",
            "DELETE FROM wp_commentmeta; DELETE FROM wp_term_relationships;",
            *inserts(
                "wp_users",
                "ID user_login user_pass user_nicename user_email user_registered display_name",
                users,
            ),
            *inserts("wp_terms", "term_id name slug", [row[:3] for row in found["terms"]]),
            *inserts("wp_term_taxonomy", "term_taxonomy_id term_id taxonomy description", taxonomy),
            *inserts("wp_term_relationships", "object_id term_taxonomy_id", links),
            *inserts(
                "wp_posts",
                "ID post_author post_date post_date_gmt post_content "
                "post_title post_name post_modified post_modified_gmt "
                "post_status comment_status ping_status post_type post_excerpt to_ping "
                "pinged post_content_filtered",
                posts,
            ),
            *inserts(
                "wp_comments",
                "comment_ID comment_post_ID comment_author "
                "comment_author_email comment_author_url comment_date comment_date_gmt "
                "comment_content comment_parent comment_author_IP comment_approved "
                "comment_type comment_agent",
                comments,
            ),
            *inserts(
                "wp_options",
                "option_name option_value autoload",
                options,
                "ON DUPLICATE KEY UPDATE option_value = VALUES(option_value)",
            ),
            f"UPDATE wp_posts SET guid = CONCAT({quote(home)}, '/?p=', ID);",  # noqa: S608
            "UPDATE wp_posts p SET comment_count = (SELECT COUNT(*) FROM wp_comments "
            "WHERE comment_post_ID = p.ID AND comment_approved = '1');",
            "UPDATE wp_term_taxonomy t SET count = (SELECT COUNT(*) FROM wp_term_relationships "
            "WHERE term_taxonomy_id = t.term_taxonomy_id);",
            # WordPress builds them again on the next request, with our permalinks.
            "DELETE FROM wp_options WHERE option_name = 'rewrite_rules';",
        ]
    )


PHP_FPM_CONF = """[global]
pid = {work}/php-fpm.pid
error_log = {work}/php-fpm.log

[bench]
user = www-data
group = www-data
listen = {work}/php-fpm.sock
listen.owner = www-data
listen.group = www-data
pm = static
pm.max_children = {children}
php_admin_value[opcache.enable] = 1
php_admin_value[error_log] = {work}/php-errors.log
"""

NGINX_CONF = """daemon off;
user www-data;
worker_processes auto;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {work}/nginx-body;
    fastcgi_temp_path {work}/nginx-fastcgi;
    proxy_temp_path {work}/nginx-proxy;
    uwsgi_temp_path {work}/nginx-uwsgi;
    scgi_temp_path {work}/nginx-scgi;
    gzip on;
    gzip_comp_level 6;
    # gzip_types: text/html is always compressed
    server {{
        listen 127.0.0.1:{port};
        root {root};
        index index.php;
        location / {{ try_files $uri $uri/ /index.php?$args; }}
        location ~ \\.php$ {{
            include /etc/nginx/fastcgi_params;
            fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;
            fastcgi_param WORDPRESS_CONFIG bench-wordpress;
            fastcgi_param HTTP_HOST $host:$server_port;  # Debian's fastcgi_params drops it
            fastcgi_pass unix:{work}/php-fpm.sock;
        }}
    }}
}}
"""

WP_CONFIG = """<?php
// Written by bench/wordpress.py for the benchmark; removed when it stops.
define('DB_NAME', '{database}');
define('DB_USER', 'root');
define('DB_PASSWORD', '');
define('DB_HOST', '127.0.0.1:3306');
define('DB_CHARSET', 'utf8mb4');
define('WPMU_PLUGIN_DIR', '{work}/mu-plugins');
define('DISABLE_WP_CRON', true);
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
"""


class WordPress:
    """nginx + php-fpm + WordPress on a free port, with our bench content from the
    SQLite database `source`. A context manager: set up and started, then stopped."""

    def __init__(self, work, source, children=4):
        self.work, self.source, self.children = Path(work), source, children
        self.port = free_port()
        self.processes = []

    def url(self, path=""):
        return f"http://127.0.0.1:{self.port}{path}"

    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()

    def start(self):
        shutil.rmtree(self.work, ignore_errors=True)
        (self.work / "mu-plugins").mkdir(parents=True)
        (self.work / "mu-plugins" / "bench-no-flood.php").write_text(NO_FLOOD)
        sql(
            f"DROP DATABASE IF EXISTS {DATABASE}; CREATE DATABASE {DATABASE} "
            "CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;",
            database=None,
        )
        CONFIG.write_text(WP_CONFIG.format(database=DATABASE, work=self.work))
        fpm = self.work / "php-fpm.conf"
        fpm.write_text(PHP_FPM_CONF.format(work=self.work, children=self.children))
        nginx = self.work / "nginx.conf"
        nginx.write_text(NGINX_CONF.format(work=self.work, port=self.port, root=WORDPRESS))
        self.spawn(["php-fpm8.2", "--nodaemonize", "--fpm-config", fpm], "php-fpm.out")
        self.spawn(
            ["nginx", "-p", self.work, "-c", nginx, "-e", self.work / "nginx-error.log"],
            "nginx.out",
        )
        self.wait()
        self.install()
        sql(content_sql(self.source, self.url()))

    def spawn(self, command, log):
        with (self.work / log).open("ab") as out:
            process = subprocess.Popen(command, stdout=out, stderr=out)
        self.processes.append(process)

    def wait(self, seconds=30):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if any(process.poll() is not None for process in self.processes):
                break
            try:
                urllib.request.urlopen(self.url("/readme.html"), timeout=2).close()
                if (self.work / "php-fpm.sock").exists():
                    return
            except OSError:
                pass
            time.sleep(0.1)
        logs = "".join(path.read_text() for path in self.work.glob("*.out"))
        raise RuntimeError(f"nginx or php-fpm did not start:\n{logs}")

    def install(self):
        """WordPress's own installer, posted as its form does (our settings come after)."""
        form = {
            "weblog_title": "Field Notes",
            "user_name": "admin",
            "admin_password": uuid.uuid4().hex,
            "pw_weak": "1",
            "admin_email": "admin@example.com",
            "blog_public": "0",
        }
        form["admin_password2"] = form["admin_password"]
        status, _, page = Browser().post(self.url("/wp-admin/install.php?step=2"), form)
        if status != 200 or "wp-login.php" not in page:
            raise RuntimeError(f"WordPress install failed ({status}):\n{page[-2000:]}")

    def stop(self):
        for process in reversed(self.processes):
            if process.poll() is None:
                process.send_signal(signal.SIGQUIT)
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        self.processes = []
        CONFIG.unlink(missing_ok=True)
        sql(f"DROP DATABASE IF EXISTS {DATABASE};", database=None)

    def settle(self, path):
        """One request at a time, once per child: opcache is warm and php-fpm is done
        with what an earlier load left (PHP finishes requests whose client has gone)."""
        for _ in range(self.children):
            urllib.request.urlopen(self.url(path), timeout=300).close()

    def php_workers_pss(self):
        """PSS of the php-fpm children (the master excluded), in bytes."""
        return children_pss(self.processes[0].pid)

    def comment_load(self, post_path, post_id, clients, each):
        """`clients` browsers at once, each loading the post then posting the comment
        form to wp-comments-post.php, `each` times; a row like bench/run.py's."""
        results, lock = [], threading.Lock()

        def commenter(number):
            browser, mine = Browser(), []
            for n in range(each):
                browser.get(self.url(post_path))
                body = f"Comment wp-{number}-{n}: {uuid.uuid4().hex}"
                form = {
                    "comment_post_ID": post_id,
                    "author": f"Commenter {number}",
                    "email": f"commenter{number}@example.com",
                    "url": "",
                    "comment": body,
                    "comment_parent": "0",
                    "submit": "Post Comment",
                }
                start = time.perf_counter()
                status, _, _ = browser.post(
                    self.url("/wp-comments-post.php"), form, self.url(post_path)
                )
                mine.append((status, (time.perf_counter() - start) * 1000, body))
            with lock:
                results.extend(mine)

        start = time.perf_counter()
        threads = [threading.Thread(target=commenter, args=(n,)) for n in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - start
        stored = sql(
            "SELECT comment_content FROM wp_comments "  # noqa: S608 (an int)
            f"WHERE comment_post_ID = {int(post_id)} AND comment_approved = '1';"
        ).splitlines()
        return results, elapsed, stored


def children_pss(pid):
    """Sum of the PSS of a process's children (its workers), in bytes."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    total = 0
    for child in children:
        for line in Path(f"/proc/{child}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                total += int(line.split()[1]) * 1024
    return total


def versions():
    """WordPress, PHP, nginx and MariaDB versions, for the report."""
    wordpress = (WORDPRESS / "wp-includes" / "version.php").read_text()
    wordpress = wordpress.split("$wp_version = '", 1)[1].split("'", 1)[0]
    php = subprocess.run(["php-fpm8.2", "-v"], capture_output=True, text=True).stdout.split()[1]
    nginx = subprocess.run(["nginx", "-v"], capture_output=True, text=True).stderr.strip()
    mariadb = sql("SELECT VERSION();", database=None).strip()
    nginx = nginx.split(": ")[-1]
    return f"WordPress {wordpress}, PHP {php} (php-fpm, opcache), {nginx}, MariaDB {mariadb}"
