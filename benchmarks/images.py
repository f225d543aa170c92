"""Images benchmark (issue 25 part 3): writes benchmarks/RESULTS-images.md. Not a test: numbers, on this machine.

    .venv/bin/python benchmarks/images.py            # BENCH_IMAGES=5 photos, BENCH_SECONDS=10 per wrk run

1. Upload to renditions: BENCH_IMAGES generated 12-megapixel photos (4000 × 3000 JPEG, a different scene each), each
   uploaded through `media.services.image_create` (the checks, the re-encoded original) in a fresh process, then its
   renditions made by `media.tasks.renditions_make` as the worker runs it, in another fresh process: time of each
   step, p50/p95 of their sum, and each process's peak resident memory (VmHWM) beside its RSS before the work.
2. Refusals over HTTP against gunicorn (production settings): a 50,000 × 50,000 PNG bomb uploaded through the
   management API, and a request declaring a 1 GB body (Content-Length: 1000000000, a few bytes sent): time to the
   answer and the worker's peak memory (VmHWM) before and after; also in-process: `check_upload` on the bomb.
3. Serving: wrk against gunicorn (2 sync workers) for a rendition at its content-addressed URL (media.views), against
   a static file of the same bytes served by WhiteNoise from the same gunicorn.

Everything lives in a temporary directory (database, originals, renditions); nothing of the project's is touched.
"""

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "RESULTS-images.md"
PYTHON = sys.executable
IMAGES = int(os.environ.get("BENCH_IMAGES", "5"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))


def rss_kib() -> int:
    return int(re.search(r"VmRSS:\s+(\d+)", Path("/proc/self/status").read_text())[1])


def peak_kib() -> int:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not carried over from the parent through exec)."""
    return int(re.search(r"VmHWM:\s+(\d+)", Path("/proc/self/status").read_text())[1])


def environment(work: Path) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench_images_settings",
        "PYTHONPATH": f"{work}:{ROOT}",
        "DJANGO_SECRET_KEY": "bench-only-not-a-secret-" + "x" * 30,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": f"sqlite:///{work}/bench.sqlite3",
        "IMAGE_STORAGE_DIR": str(work / "private"),
        "RENDITIONS_DIR": str(work / "renditions"),
        "MANAGE_API_RATE_PER_TOKEN": "100000/min",
    }


SETTINGS = """
from config.settings import *  # noqa
WHITENOISE_ROOT = {root!r}  # the static file of the serving comparison, served by WhiteNoise at /
"""


# --- the child processes ------------------------------------------------------------------------------------------


def child_upload(path: str) -> None:
    import django

    django.setup()
    from media.services import image_create

    before = rss_kib()
    started = time.perf_counter()
    with open(path, "rb") as upload:
        image = image_create(upload=upload, fields={"alt_text": "A benchmark photo"})
    elapsed = time.perf_counter() - started
    peak = peak_kib()
    print(json.dumps({"id": image.pk, "seconds": elapsed, "rss_before_kib": before, "peak_kib": peak,
                      "size": f"{image.width} × {image.height}"}))  # fmt: skip


def child_renditions(image_id: str) -> None:
    import django

    django.setup()
    from media.models import Image
    from media.tasks import renditions_make

    Image.objects.get(pk=image_id)  # the connection and the models, as a running worker has them
    before = rss_kib()
    started = time.perf_counter()
    renditions_make.call(int(image_id))  # the task's own function, as the worker calls it
    elapsed = time.perf_counter() - started
    peak = peak_kib()
    image = Image.objects.get(pk=image_id)
    print(json.dumps({
        "seconds": elapsed, "rss_before_kib": before, "peak_kib": peak, "renditions": image.renditions.count(),
        "bytes": sum(image.renditions.values_list("byte_size", flat=True)),
    }))  # fmt: skip


def child_check_bomb() -> None:
    import io

    import django

    django.setup()
    from media.uploads import UploadRefused, check_upload
    from tests.helpers.images import png_bomb

    content = png_bomb()
    before = rss_kib()
    timings = []
    for _ in range(200):
        started = time.perf_counter()
        with contextlib.suppress(UploadRefused):
            check_upload(io.BytesIO(content))
        timings.append(time.perf_counter() - started)
    peak = peak_kib()
    print(json.dumps({"median": statistics.median(timings), "max": max(timings), "rss_before_kib": before,
                      "peak_kib": peak}))  # fmt: skip


def child_token() -> None:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    get_user_model().objects.create_superuser("bench", "bench@example.org", "bench-password-123")
    call_command("create_api_token", "bench")


# --- the parent --------------------------------------------------------------------------------------------------


def run_child(env: dict, *args: str) -> dict:
    out = subprocess.run([PYTHON, __file__, *args], env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    if out.returncode:
        raise SystemExit(f"{args} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def photo(path: Path, seed: int) -> None:
    """A 12-megapixel photo-like JPEG: smooth light, shapes at several scales, fine grain (compresses like a photo,
    unlike a flat gradient or pure noise)."""
    import random

    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(seed)
    width, height = 4000, 3000
    small = Image.new("RGB", (400, 300))
    draw = ImageDraw.Draw(small)
    for _ in range(60):
        x, y = rng.randrange(400), rng.randrange(300)
        r = rng.randrange(10, 120)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rng.randrange(256) for _ in range(3)))
    base = small.filter(ImageFilter.GaussianBlur(8)).resize((width, height), Image.Resampling.BICUBIC)
    detail = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(detail)
    for _ in range(4000):
        x, y = rng.randrange(width), rng.randrange(height)
        r = rng.randrange(2, 40)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rng.randrange(256) for _ in range(3)))
    grain = Image.effect_noise((width, height), 24).convert("RGB")
    mixed = Image.blend(Image.blend(base, detail, 0.25), grain, 0.12)
    mixed.save(path, format="JPEG", quality=92)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(env: dict, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2",
         "--access-logfile", "/dev/null", "--error-logfile", "-"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )  # fmt: skip
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return server
        except urllib.error.HTTPError:  # answering (a 503 for a missing task worker is an answer)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start: " + server.stderr.read().decode()[-2000:])


def workers_of(server: subprocess.Popen) -> list[int]:
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    return [int(pid) for pid in children]


def hwm_kib(pid: int) -> int:
    return int(re.search(r"VmHWM:\s+(\d+)", Path(f"/proc/{pid}/status").read_text())[1])


def raw_request(port: int, head: bytes, body: bytes = b"") -> tuple[float, str]:
    started = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
        connection.sendall(head + body)
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = connection.recv(65536)
            if not chunk:
                break
            answer += chunk
    elapsed = time.perf_counter() - started
    return elapsed, answer.split(b"\r\n", 1)[0].decode()


def multipart(fields: dict, filename: str, content: bytes) -> tuple[bytes, str]:
    boundary = "benchboundary7d3f"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        f"Content-Type: image/png\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), boundary


def wrk(url: str) -> dict:
    out = subprocess.run(["wrk", "-t2", "-c16", f"-d{SECONDS}s", "--latency", url], capture_output=True, text=True,
                         check=True).stdout  # fmt: skip
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])
    p50 = re.search(r"50%\s+([\d.]+)(\w+)", out)
    p99 = re.search(r"99%\s+([\d.]+)(\w+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rate": rate, "p50": "".join(p50.groups()), "p99": "".join(p99.groups()),
            "errors": int(non2xx[1]) if non2xx else 0}  # fmt: skip


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="cms-bench-images-"))
    try:
        static_root = work / "static-root"
        static_root.mkdir()
        (work / "bench_images_settings.py").write_text(SETTINGS.format(root=str(static_root)))
        env = environment(work)
        subprocess.run([PYTHON, "manage.py", "migrate", "--noinput"], env=env, cwd=ROOT, check=True,
                       capture_output=True)  # fmt: skip
        load = os.getloadavg()
        print(f"load average {load[0]:.1f}; {IMAGES} photos", flush=True)

        uploads, renditions = [], []
        for index in range(IMAGES):
            path = work / f"photo-{index}.jpg"
            photo(path, seed=index)
            uploads.append(run_child(env, "--upload", str(path)) | {"bytes": path.stat().st_size})
            renditions.append(run_child(env, "--renditions", str(uploads[-1]["id"])))
            print(f"photo {index}: upload {uploads[-1]['seconds']:.2f} s, renditions {renditions[-1]['seconds']:.2f} s,"
                  f" worker peak {renditions[-1]['peak_kib'] / 1024:.0f} MiB", flush=True)  # fmt: skip

        bomb_in_process = run_child(env, "--check-bomb")
        token = subprocess.run([PYTHON, __file__, "--token"], env=env, cwd=ROOT, capture_output=True, text=True,
                               check=True).stdout.strip().splitlines()[-1]  # fmt: skip

        # A rendition and a static file of the same bytes, for wrk.
        import sqlite3

        with sqlite3.connect(work / "bench.sqlite3") as database:
            name, size = database.execute(
                "SELECT file, byte_size FROM media_rendition WHERE format='webp' AND width=640 AND crop='' LIMIT 1"
            ).fetchone()
        shutil.copy(work / "renditions" / name, static_root / "bench-static.webp")

        port = free_port()
        server = start_gunicorn(env, port)
        try:
            workers = workers_of(server)
            hwm_before = {pid: hwm_kib(pid) for pid in workers}
            from tests.helpers.images import png_bomb

            body, boundary = multipart({"alt_text": "bomb"}, "bomb.png", png_bomb())
            refusals = {}
            timings = []
            for _ in range(20):
                head = (
                    f"POST /api/v1/manage/images/ HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Token {token}\r\n"
                    f"Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {len(body)}\r\n"
                    "Connection: close\r\n\r\n"
                ).encode()
                elapsed, status = raw_request(port, head, body)
                timings.append(elapsed)
            refusals["bomb"] = (statistics.median(timings), max(timings), status)
            timings = []
            for _ in range(20):
                head = (
                    f"POST /api/v1/manage/images/ HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Token {token}\r\n"
                    f"Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: 1000000000\r\n"
                    "Connection: close\r\n\r\n"
                ).encode()
                elapsed, status = raw_request(port, head, b"--" + boundary.encode() + b"\r\n")
                timings.append(elapsed)
            refusals["gigabyte"] = (statistics.median(timings), max(timings), status)
            hwm_after = {pid: hwm_kib(pid) for pid in workers}

            base = f"http://127.0.0.1:{port}"
            check = urllib.request.urlopen(f"{base}/media/renditions/{name}")
            assert check.headers["Cache-Control"] == "public, max-age=31536000, immutable", check.headers
            static_check = urllib.request.urlopen(f"{base}/bench-static.webp")
            assert static_check.read() == check.read()
            served = {
                "rendition (media.views), 1st": wrk(f"{base}/media/renditions/{name}"),
                "static file (WhiteNoise), 1st": wrk(f"{base}/bench-static.webp"),
                "rendition, 2nd": wrk(f"{base}/media/renditions/{name}"),
                "static file, 2nd": wrk(f"{base}/bench-static.webp"),
                "rendition, 3rd": wrk(f"{base}/media/renditions/{name}"),
                "static file, 3rd": wrk(f"{base}/bench-static.webp"),
            }
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        write(uploads, renditions, bomb_in_process, refusals, hwm_before, hwm_after, served, size, load,
              os.getloadavg())  # fmt: skip
    finally:
        shutil.rmtree(work, ignore_errors=True)


def mib(kib: float) -> str:
    return f"{kib / 1024:,.0f} MiB"


def timing_row(label: str, values: list[float]) -> str:
    return f"| {label} | {percentile(values, 0.5):.2f} s | {percentile(values, 0.95):.2f} s | {max(values):.2f} s |"


def memory_row(label: str, runs: list[dict]) -> str:
    before = statistics.median(run["rss_before_kib"] for run in runs)
    peaks = [run["peak_kib"] for run in runs]
    return f"| {label} | {mib(before)} | {mib(statistics.median(peaks))} | {mib(max(peaks))} |"


def refusal_row(label: str, refusal: tuple) -> str:
    median, slowest, status = refusal
    return f"| {label} | `{status}` | {median * 1000:.1f} ms | {slowest * 1000:.1f} ms |"


def write(uploads, renditions, bomb, refusals, hwm_before, hwm_after, served, size, load, load_after) -> None:
    totals = [u["seconds"] + r["seconds"] for u, r in zip(uploads, renditions, strict=True)]
    upload_s = [u["seconds"] for u in uploads]
    rendition_s = [r["seconds"] for r in renditions]
    from tests.helpers.images import png_bomb

    bomb_bytes = len(png_bomb())
    lines = [
        "# Images benchmark (issue 25 part 3)",
        "",
        f"`benchmarks/images.py`, run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on this 2-core machine, shared with other "
        f"engineers (load average {load[0]:.1f} at the start, {load_after[0]:.1f} at the end): compare the figures "
        "of one run with each other rather than with another day's.",
        "",
        f"## Upload to renditions: {len(uploads)} generated 12-megapixel photos (4000 × 3000 JPEG, "
        f"{statistics.mean(u['bytes'] for u in uploads) / 1e6:.1f} MB each, stored as {uploads[0]['size']})",
        "",
        "Each step in a fresh process: the upload as `image_create` does it (type sniffed, pixels decoded and "
        "re-encoded without metadata, original stored), then the worker's task (`renditions_make`: "
        f"{renditions[0]['renditions']} renditions, 5 widths × AVIF/WebP/JPEG and 3 crops, "
        f"{statistics.mean(r['bytes'] for r in renditions) / 1e6:.2f} MB in all).",
        "",
        "| | p50 | p95 | max |",
        "|---|---|---|---|",
        timing_row("upload (request's work)", upload_s),
        timing_row("renditions (worker's task)", rendition_s),
        timing_row("**upload to renditions**", totals),
        "",
        f"(p95 of {len(totals)} runs is their highest but one or the highest: a small sample.) The worker polls every "
        "second with `make run` (`run_worker --interval 1`), so a rendition is public about that much later still.",
        "",
        "Peak resident memory (VmHWM) of each process, beside its RSS once Django was loaded:",
        "",
        "| | before the work | peak, median | peak, max |",
        "|---|---|---|---|",
        memory_row("upload", uploads),
        memory_row("worker (renditions)", renditions),
        "",
        "## Refusals",
        "",
        "Against gunicorn (2 sync workers, production settings), through the management API with a valid token, 20 "
        "requests each; time from connecting to the status line:",
        "",
        "| request | answer | median | max |",
        "|---|---|---|---|",
        refusal_row(f"a 50,000 × 50,000 PNG bomb ({bomb_bytes} bytes, 10 GB decoded)", refusals["bomb"]),
        refusal_row("a body declaring 1 GB (`Content-Length: 1000000000`, a few bytes sent)", refusals["gigabyte"]),
        "",
        "The gunicorn workers' peak resident memory (VmHWM) before and after those 40 requests: "
        + ", ".join(f"{mib(hwm_before[pid])} → {mib(hwm_after[pid])}" for pid in sorted(hwm_before))
        + " (a rise of a few MiB is a worker running its first requests' code, not pixels: the bomb would be 10 GB "
        "decoded, the declared body 1 GB read).",
        "",
        f"In one process, `check_upload` on the bomb (200 times): median {bomb['median'] * 1e6:.0f} µs, max "
        f"{bomb['max'] * 1e6:.0f} µs; RSS {mib(bomb['rss_before_kib'])} before, peak {mib(bomb['peak_kib'])}.",
        "",
        "## Serving",
        "",
        f"wrk, 2 threads, 16 connections, {SECONDS} s each, against the same gunicorn (2 sync workers): a 640-wide "
        f"WebP rendition ({size:,} bytes) at its content-addressed URL, served by `media.views.rendition_file` (a "
        "FileResponse from the renditions storage, no database query), and the same bytes as a static file served by "
        "WhiteNoise (`WHITENOISE_ROOT`). Runs alternate, to spread the other engineers' load over both.",
        "",
        "| | requests/s | p50 | p99 | non-2xx |",
        "|---|---|---|---|---|",
        *(f"| {label} | {r['rate']:,.0f} | {r['p50']} | {r['p99']} | {r['errors']} |" for label, r in served.items()),
        "",
        "A web server (nginx `location` in docs/deploy.md) or a CDN serves the same files without Python at all; the "
        "Django view is the default that needs nothing more. WhiteNoise answers from its middleware, before the "
        "sessions, CSRF, authentication, messages and login-lockout middleware run; the view is reached after all of "
        "them (how much of the difference that is was not measured separately).",
        "",
    ]
    RESULTS.write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1].startswith("--"):
        sys.path.insert(0, str(ROOT))
        command = sys.argv[1]
        if command == "--upload":
            child_upload(sys.argv[2])
        elif command == "--renditions":
            child_renditions(sys.argv[2])
        elif command == "--check-bomb":
            child_check_bomb()
        elif command == "--token":
            child_token()
    else:
        sys.path.insert(0, str(ROOT))
        main()
