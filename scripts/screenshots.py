"""Screenshots of the built site for people to look at: the home page and one post page at a
phone width (390 px) and a desktop width (1280 px), into docs/screenshots/.

Run after `make build`: `.venv/bin/python scripts/screenshots.py`. Uses Debian's Chromium
through Playwright, as the tests do.
"""

import functools
import http.server
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PAGES = ("index.html", "posts/cases-solved-2021.html")
WIDTHS = ((390, 844, "phone"), (1280, 800, "desktop"))


def main(site: Path = ROOT / "output" / "site", docs: Path = ROOT / "docs" / "screenshots") -> None:
    if not (site / "index.html").is_file():
        sys.exit(f"no site in {site}: run make build first")
    docs.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for width, height, name in WIDTHS:
            page = browser.new_page(viewport={"width": width, "height": height})
            for path in PAGES:
                page.goto(url + path)
                target = docs / f"{Path(path).stem}-{name}.png"
                page.screenshot(path=str(target), full_page=name == "phone")
                print(target)
            page.close()
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
