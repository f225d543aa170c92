"""A real HTTP receiver on loopback for outgoing calls (webhooks, CDN purges, reference look-ups): a threaded
server that records every request and answers with the statuses it is given, in order (then 200), or, for a
path it was given an answer for, with that recorded answer."""

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    at: float


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes
    content_type: str = "text/plain; charset=utf-8"


@dataclass
class Receiver:
    statuses: list[int] = field(default_factory=list)
    delay: float = 0.0
    answers: dict[str, Answer] = field(default_factory=dict)  # by path, without the query
    requests: list[Received] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def url(self) -> str:
        return f"{self.base_url}/hooks"

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Received]:
        deadline = time.monotonic() + timeout
        while len(self.requests) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return list(self.requests)


def start(statuses: list[int] | None = None, delay: float = 0.0, answers: dict[str, Answer] | None = None) -> Receiver:
    receiver = Receiver(statuses=list(statuses or []), delay=delay, answers=dict(answers or {}))
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def _answer(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            with lock:
                receiver.requests.append(
                    Received(self.command, self.path, dict(self.headers.items()), body, time.monotonic())
                )
                answer = receiver.answers.get(self.path.split("?", 1)[0])
                if answer is None:
                    status = receiver.statuses.pop(0) if receiver.statuses else 200
                    answer = Answer(status, f"answered {status}".encode())
            if receiver.delay:
                time.sleep(receiver.delay)
            reply = answer.body
            try:
                self.send_response(answer.status)
                self.send_header("Content-Type", answer.content_type)
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)
            except OSError:
                pass  # the client gave up (a timeout test)

        do_POST = do_PURGE = do_GET = _answer

        def log_message(self, *args):
            pass

    receiver.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver.server.daemon_threads = True
    threading.Thread(target=receiver.server.serve_forever, daemon=True).start()
    return receiver


def stop(receiver: Receiver) -> None:
    receiver.server.shutdown()
    receiver.server.server_close()
