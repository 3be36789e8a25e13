"""A stand-in for the Akismet service in tests: its HTTP protocol on 127.0.0.1.

It answers verify-key, comment-check ("true" when the text or author contains one of
`spam_words`, else "false"), submit-spam and submit-ham as Akismet does, and records
every request as (endpoint, fields). `answer` forces one reply to every request (an
HTTP error, or text outside the protocol); `hang` keeps requests waiting until the
server stops, to let the client time out.
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

THANKS = "Thanks for making the web a better place."


class AkismetServer:
    def __init__(self, key="test-akismet-key"):
        self.key = key
        self.requests = []
        self.spam_words = ["viagra"]
        self.answer = None
        self.hang = False
        self.released = threading.Event()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def url(self):
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.released.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()

    def endpoints(self):
        return [endpoint for endpoint, _ in self.requests]

    def reply(self, endpoint, fields):
        """The status and text Akismet would send back."""
        if self.answer is not None:
            return self.answer
        if endpoint == "verify-key":
            return 200, "valid" if fields.get("key") == self.key else "invalid"
        if fields.get("api_key") != self.key:
            return 200, "invalid"
        if endpoint == "comment-check":
            text = f"{fields.get('comment_content', '')} {fields.get('comment_author', '')}"
            return 200, "true" if any(w in text.lower() for w in self.spam_words) else "false"
        if endpoint in {"submit-spam", "submit-ham"}:
            return 200, THANKS
        return 404, "Not found"

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode()
                fields = {k: v[-1] for k, v in parse_qs(body, keep_blank_values=True).items()}
                endpoint = self.path.rstrip("/").rsplit("/", 1)[-1]
                server.requests.append((endpoint, fields))
                if server.hang:
                    server.released.wait(10)
                status, text = server.reply(endpoint, fields)
                payload = text.encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "text/plain; charset=utf-8")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except OSError:
                    pass  # the client gave up (a timeout test)

            def log_message(self, format, *args):
                pass

        return Handler
