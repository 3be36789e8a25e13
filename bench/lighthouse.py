"""Lighthouse (mobile, its default simulated slow 4G and CPU slowdown) on the bench's
pages, served by gunicorn with DEBUG off and the page cache, through Debian's Chromium.

    python bench/lighthouse.py [--runs 3]

Builds its own database under bench/work/lighthouse/ (bench/build.py), installs the
Lighthouse npm package into bench/work/node/ on first use (npm must be on the PATH),
runs each page `--runs` times and prints the median of each score and of LCP, TBT and
CLS. Nothing is fetched from elsewhere by the pages themselves.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.servers import Server, manage, server_env  # noqa: E402

WORK = ROOT / "bench" / "work" / "lighthouse"
NODE = ROOT / "bench" / "work" / "node"
LIGHTHOUSE = NODE / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = {
    "LCP s": ("largest-contentful-paint", 1000),
    "TBT ms": ("total-blocking-time", 1),
    "CLS": ("cumulative-layout-shift", 1),
}


def install():
    if not LIGHTHOUSE.exists():
        NODE.mkdir(parents=True, exist_ok=True)
        command = ["npm", "install", "--prefix", NODE, "--no-audit", "--no-fund", "lighthouse@12"]
        subprocess.run(command, check=True)


def build():
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    env = server_env(
        DJANGO_DEBUG=0,
        DATABASE_URL=f"sqlite:///{WORK / 'db.sqlite3'}",
        DJANGO_CACHE_DIR=WORK / "cache",
    )
    manage(env, "migrate", "--noinput")
    script = [sys.executable, ROOT / "bench" / "build.py"]
    done = subprocess.run(script, env=env, capture_output=True, text=True, check=True)
    manage(env, "collectstatic", "--noinput")
    return env, json.loads(done.stdout.strip().splitlines()[-1])


def audit(url):
    with tempfile.TemporaryDirectory() as out:
        report = Path(out) / "report.json"
        command = [LIGHTHOUSE, url, "--output=json", f"--output-path={report}", "--quiet"]
        command += [f"--chrome-flags={CHROME_FLAGS}", "--only-categories=" + ",".join(CATEGORIES)]
        subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": CHROMIUM})
        data = json.loads(report.read_text())
    scores = {name: round(data["categories"][name]["score"] * 100) for name in CATEGORIES}
    for label, (key, unit) in METRICS.items():
        scores[label] = data["audits"][key]["numericValue"] / unit
    return scores


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    install()
    env, urls = build()
    pages = {"post, 100 comments": urls["post_100"], "post, no comments": urls["post_none"]}
    pages["home page"] = "/"
    with Server(env, WORK / "gunicorn.log", workers=2) as server:
        columns = [*CATEGORIES, *METRICS]
        print("| page | " + " | ".join(columns) + " |")
        print("|---|" + "--:|" * len(columns))
        for name, path in pages.items():
            runs = [audit(server.url(path)) for _ in range(args.runs)]
            medians = {c: statistics.median(r[c] for r in runs) for c in columns}
            cells = [f"{medians[c]:.2f}" if c in METRICS else f"{medians[c]:.0f}" for c in columns]
            print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
