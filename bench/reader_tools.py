"""Reader pages as readers' tools judge them: Lighthouse (mobile) and the Nu HTML checker.

    .venv/bin/python bench/reader_tools.py http://127.0.0.1:8000 / /movies/ /search/?q=cruise

Runs against a site already served (best: ``DJANGO_DEBUG=0`` under gunicorn, so
static files are what production sends). Needs Node's ``lighthouse`` and the Nu
checker's ``vnu.jar`` (``npm install lighthouse vnu-jar`` in some folder), found
through ``LIGHTHOUSE`` and ``VNU_JAR`` or in ``./node_modules``; Chromium through
``CHROME_PATH`` (default ``/usr/bin/chromium``). Prints one row per page: the four
Lighthouse scores out of 100 and the Nu checker's errors, and exits 1 if any page
scores under 95 for performance, under 100 for the rest, or has a Nu error.
"""

import json
import os
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

NODE_BIN = Path("node_modules/.bin")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
FLOORS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}


def tool(variable, default):
    return os.environ.get(variable) or str(default)


def lighthouse(url, tries=2):
    """The four scores; a run Chromium broke off (it happens) is tried once more."""
    for _ in range(tries - 1):
        try:
            return _lighthouse(url)
        except subprocess.CalledProcessError:
            pass
    return _lighthouse(url)


def _lighthouse(url):
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        subprocess.run(
            [
                tool("LIGHTHOUSE", NODE_BIN / "lighthouse"),
                url,
                "--quiet",
                "--form-factor=mobile",
                "--output=json",
                f"--output-path={out.name}",
                "--chrome-flags=--headless --no-sandbox --disable-gpu",
            ],
            check=True,
            env={**os.environ, "CHROME_PATH": tool("CHROME_PATH", "/usr/bin/chromium")},
            timeout=300,
        )
        report = json.loads(Path(out.name).read_text())
    return {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}


def nu_errors(url):
    with urllib.request.urlopen(url) as response:  # noqa: S310 (a URL the operator gave)
        html = response.read()
    with tempfile.NamedTemporaryFile(suffix=".html") as page:
        page.write(html)
        page.flush()
        done = subprocess.run(
            [
                "java",
                "-jar",
                tool("VNU_JAR", "node_modules/vnu-jar/build/dist/vnu.jar"),
                "--format",
                "json",
                "--errors-only",
                page.name,
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
    messages = json.loads(done.stderr or '{"messages": []}')["messages"]
    return [m["message"] for m in messages if m.get("type") == "error"]


def main(base, paths):
    failed = False
    print(f"{'page':40} " + " ".join(f"{name[:12]:>12}" for name in CATEGORIES) + "  nu errors")
    for path in paths or ["/"]:
        url = base.rstrip("/") + path
        scores, errors = lighthouse(url), nu_errors(url)
        low = [name for name in CATEGORIES if scores[name] < FLOORS[name]]
        failed = failed or bool(low or errors)
        cells = " ".join(f"{scores[name]:>12}" for name in CATEGORIES)
        print(f"{path:40} {cells}  {len(errors)}")
        for error in errors:
            print(f"    nu: {error}")
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2:]))
