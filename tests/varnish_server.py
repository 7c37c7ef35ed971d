"""A real Varnish running deploy/varnish.vcl, for tests of the edge.

A test names its origin (any HTTP server: a fake one, or Django's live_server) and
a purge secret, and gets Varnish's address::

    from tests.varnish_server import needs_varnish, varnish

    @needs_varnish
    def test_a_page_is_kept(live_server):
        origin = urlsplit(live_server.url)
        with varnish(origin.hostname, origin.port, secret="s3cret") as edge:
            ...  # requests to f"{edge}/..."; purges with caching.edge.VarnishPurger

Each ``varnish()`` is a varnishd of its own (about half a second to start), on a
free port, with its working directory under a temporary folder, all removed at the
end. Without Varnish and the xkey vmod the test is skipped, never failed: they are
Debian packages, not Python ones.
"""

import contextlib
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from functools import cache
from pathlib import Path

import pytest

VCL = Path(__file__).resolve().parent.parent / "deploy" / "varnish.vcl"
MISSING = "varnish and varnish-modules are not installed: apt-get install varnish varnish-modules"
# Compiling the VCL is most of the start; a slow CI machine gets some slack.
START_SECONDS = 30
# The daemon was renamed in later releases (Vinyl Cache); /usr/sbin is often off PATH.
DAEMONS = ("varnishd", "vinyld")
SBIN = ("/usr/sbin", "/usr/local/sbin")
VMOD_DIRS = (
    "/usr/lib/x86_64-linux-gnu/varnish/vmods",
    "/usr/lib/aarch64-linux-gnu/varnish/vmods",
    "/usr/lib/varnish/vmods",
    "/usr/lib64/varnish/vmods",
    "/usr/local/lib/varnish/vmods",
)


@cache
def daemon():
    """The varnishd (or vinyld) program, or None."""
    path = os.pathsep.join([os.environ.get("PATH", ""), *SBIN])
    for name in DAEMONS:
        found = shutil.which(name, path=path)
        if found:
            return found
    return None


@cache
def installed():
    """Whether a varnishd and the xkey vmod the VCL imports are both here."""
    program = daemon()
    if program is None:
        return False
    # Packages put the vmods in lib/.../varnish/vmods next to the program's own prefix.
    prefix = Path(program).resolve().parent.parent
    candidates = [*VMOD_DIRS, *map(str, prefix.glob("lib*/**/varnish/vmods"))]
    return any(Path(folder, "libvmod_xkey.so").is_file() for folder in candidates)


needs_varnish = pytest.mark.skipif(not installed(), reason=MISSING)


def vcl_for(origin_host, origin_port, secret):
    """deploy/varnish.vcl's text with the origin and the purge secret put in."""
    if not re.fullmatch(r"[A-Za-z0-9_.~+/=-]+", secret):
        raise ValueError("the secret goes into a VCL string: letters, digits, - _ . ~ + / =")
    text = VCL.read_text()
    replacements = [
        (r'(?m)^(\s*\.host = )"[^"]*";', rf'\1"{origin_host}";'),
        (r'(?m)^(\s*\.port = )"[^"]*";', rf'\1"{origin_port}";'),
        (r'"CHANGE-ME"', f'"{secret}"'),
    ]
    for pattern, replacement in replacements:
        text, count = re.subn(pattern, replacement, text)
        # The VCL was rearranged: better a clear failure than a Varnish on port 8000.
        assert count == 1, f"{pattern!r} matched {count} times in {VCL}"
    return text


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(port):
    """Whether Varnish answers on ``port``: to a purge with no secret, which never
    reaches the origin (a page would, and be kept)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        connection.request("PURGE", "/")
        connection.getresponse().read()
        return True
    except (OSError, http.client.HTTPException):
        return False
    finally:
        connection.close()


@contextlib.contextmanager
def varnish(origin_host, origin_port, secret):
    """A running Varnish in front of ``origin_host:origin_port``: yields its base URL."""
    if not installed():
        pytest.skip(MISSING)
    text = vcl_for(origin_host, origin_port, secret)
    folder = Path(tempfile.mkdtemp(prefix="newsroom-varnish-"))
    process = log = None
    try:
        # Run as root, varnishd compiles and serves as users of its own, who must reach these.
        folder.chmod(0o755)
        vcl = folder / "newsroom.vcl"
        vcl.write_text(text)
        vcl.chmod(0o644)
        port = free_port()
        log = (folder / "varnishd.log").open("w")
        process = subprocess.Popen(  # noqa: S603 - our own program and arguments
            [
                daemon(),
                "-F",  # in the foreground, so this process is the one to stop
                "-a",
                f"127.0.0.1:{port}",
                "-T",
                "none",
                "-f",
                str(vcl),
                "-n",
                str(folder / "work"),
                "-s",
                "malloc,64m",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + START_SECONDS
        while not _answers(port):
            if process.poll() is not None or time.monotonic() > deadline:
                log.flush()
                output = (folder / "varnishd.log").read_text()
                raise RuntimeError(f"varnishd did not start on port {port}:\n{output}")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if log is not None:
            log.close()
        shutil.rmtree(folder, ignore_errors=True)
