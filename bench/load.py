"""Load generators: wrk when it is installed, else a small one of our own (threads with
keep-alive connections). Each returns a Result: requests/s, p50 and p99 in ms, errors.
"""

import http.client
import re
import shutil
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

WRK = shutil.which("wrk")
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


@dataclass
class Result:
    rps: float
    p50: float
    p99: float
    errors: int = 0

    @property
    def ms_per_request(self):
        return 1000 / self.rps if self.rps else float("inf")


def _ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * UNITS[unit]


def run_wrk(url, connections, seconds):
    threads = min(connections, 2)
    command = [WRK, f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    command += ["--timeout", "30s"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    # wrk pads latencies of a second or more ("1.15s "): trailing blanks allowed.
    percentile = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", out, re.MULTILINE))
    if set(percentile) != {"50", "99"}:  # too few answers for a distribution
        return Result(rps=0.0, p50=0.0, p99=0.0, errors=1)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    count = int(errors.group(1)) if errors else 0
    count += sum(map(int, re.findall(r"\d+", socket_errors.group(1)))) if socket_errors else 0
    return Result(
        rps=float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        p50=_ms(percentile["50"]),
        p99=_ms(percentile["99"]),
        errors=count,
    )


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def run_python(url, connections, seconds):
    """The fallback: `connections` threads, each a keep-alive connection, GET in a loop."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    latencies, errors, lock = [], [0], threading.Lock()
    deadline = time.monotonic() + seconds

    def worker():
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        mine, failed = [], 0
        while time.monotonic() < deadline:
            start = time.perf_counter()
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            mine.append((time.perf_counter() - start) * 1000)
            failed += response.status >= 400
        connection.close()
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    workers = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    return Result(
        rps=len(latencies) / seconds,
        p50=statistics.median(latencies) if latencies else 0.0,
        p99=percentile(latencies, 0.99),
        errors=errors[0],
    )


def measure(url, connections, seconds):
    return (run_wrk if WRK else run_python)(url, connections, seconds)
