"""`fanzha serve`: a preview of output/site on 127.0.0.1 that rebuilds on change and reloads.

A watcher notices any change under content/, templates/ or fanzha.toml and runs
`fanzha build` in a child process (the build uses forked render workers, which must not be
forked from a threaded server). Pages get a small script that asks the server for the build
generation and reloads when it changes. While the last build failed, every page is replaced
by the build's findings, so nobody mistakes stale content for the current state.
"""

from __future__ import annotations

import html
import http.server
import json
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from generator.config import FILE_NAME
from generator.errors import ConfigError
from generator.products.outputs import SITE

RELOAD_JS = """// fanzha serve: reload this page when a new build is ready
(function () {
  var generation = %d;
  setInterval(function () {
    fetch("/__fanzha__/state", {cache: "no-store"}).then(function (r) { return r.json(); })
      .then(function (state) { if (state.generation !== generation) location.reload(); })
      .catch(function () {});
  }, 500);
})();
"""


@dataclass
class BuildState:
    """The last build: its generation (counts finished builds), whether it passed, its message."""

    generation: int = 0
    ok: bool = False
    message: str = "building…"
    lock: threading.Lock = field(default_factory=threading.Lock)


class Preview:
    """Builds the project, watches it and serves output/site."""

    def __init__(self, content_dir: Path, templates_dir: Path, output_dir: Path, *, log=print):
        self.content_dir, self.templates_dir, self.output_dir = Path(content_dir), Path(templates_dir), Path(output_dir)
        self.state = BuildState()
        self.log = log
        self.stopping = threading.Event()

    def build(self) -> None:
        """One build in a child process; the state says how it went."""
        command = [sys.executable, "-m", "generator", "build", "--quiet", "--content", str(self.content_dir),
                   "--templates", str(self.templates_dir), "--output", str(self.output_dir)]
        started = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True)
        with self.state.lock:
            self.state.generation += 1
            self.state.ok = result.returncode == 0
            self.state.message = (result.stderr or result.stdout).strip()
        took = time.perf_counter() - started
        self.log(f"build {self.state.generation}: " + (f"ok in {took:.1f} s" if self.state.ok else
                                                       f"FAILED in {took:.1f} s\n{self.state.message}"))

    def signature(self) -> tuple:
        """What the watcher compares: every input file's path, size and modification time."""
        entries = []
        config = self.content_dir.parent / FILE_NAME
        for root in (self.content_dir, self.templates_dir):
            for path in sorted(root.rglob("*")):
                if path.is_file():
                    stat = path.stat()
                    entries.append((str(path), stat.st_size, stat.st_mtime_ns))
        if config.is_file():
            entries.append((str(config), config.stat().st_size, config.stat().st_mtime_ns))
        return tuple(entries)

    def watch(self, interval: float = 0.3) -> None:
        last = self.signature()
        while not self.stopping.wait(interval):
            current = self.signature()
            if current != last:
                time.sleep(0.1)  # let an editor finish writing
                last = self.signature()
                self.log("change seen: rebuilding")
                self.build()

    def handler(self):
        preview = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, directory=str(preview.output_dir / SITE), **kwargs)

            def log_message(self, *args):
                pass

            def do_GET(self):
                path = self.path.split("?", 1)[0]
                if path == "/__fanzha__/state":
                    with preview.state.lock:
                        body = json.dumps({"generation": preview.state.generation, "ok": preview.state.ok})
                    return self._send(200, "application/json", body)
                if path == "/__fanzha__/reload.js":
                    return self._send(200, "text/javascript", RELOAD_JS % preview.state.generation)
                if path.endswith("/") or path.endswith(".html"):
                    return self._page(path)
                return super().do_GET()

            def _page(self, path: str):
                with preview.state.lock:
                    ok, message, generation = preview.state.ok, preview.state.message, preview.state.generation
                script = f'<script src="/__fanzha__/reload.js?g={generation}"></script>'
                if not ok:
                    return self._send(500, "text/html; charset=utf-8", failure_page(message, script))
                file = Path(self.translate_path(path))
                if file.is_dir():
                    file = file / "index.html"
                if not file.is_file():
                    file, status = preview.output_dir / SITE / "404.html", 404
                else:
                    status = 200
                page = file.read_text(encoding="utf-8").replace("</body>", f"{script}\n</body>", 1)
                return self._send(status, "text/html; charset=utf-8", page)

            def _send(self, status: int, kind: str, body: str):
                data = body.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(data)

        return Handler

    def serve(self, port: int, *, ready=None) -> None:
        """Build, then serve until interrupted; `ready(url)` is called once the server listens."""
        try:
            server = http.server.ThreadingHTTPServer(("127.0.0.1", port), self.handler())
        except OSError as exc:
            raise ConfigError(f"cannot serve on 127.0.0.1:{port}: {exc.strerror}; choose another --port "
                              f"(0 picks a free one)") from None
        self.build()
        watcher = threading.Thread(target=self.watch, daemon=True)
        watcher.start()
        url = f"http://127.0.0.1:{server.server_port}/"
        (ready or self.log)(url)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            self.stopping.set()
            server.server_close()


def failure_page(message: str, script: str) -> str:
    """The page shown instead of stale content while the last build failed."""
    return (f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>构建失败 · fanzha</title>'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
            f'<body style="font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em">'
            f'<main><h1 style="color:#a00000">构建失败：页面未更新</h1>'
            f'<p>修改内容后会自动重新构建。以下是构建给出的问题：</p>'
            f'<pre style="white-space:pre-wrap;background:#fff4f2;padding:1em" id="findings">'
            f'{html.escape(message)}</pre>'
            f'</main>{script}</body></html>')

