#!/usr/bin/env python3
"""Browser test of an HTML report: loads it in headless Chromium, fails on any console message from the page
(warnings, errors, uncaught exceptions; the report has no script, so any message at all), and on a missing or blank
screenshot.

Usage: check_report.py <report.html> [<screenshot.png>]

Exit codes: 0 pass, 1 fail, 77 skipped (no Chromium found; ctest's SKIP_RETURN_CODE). Python standard library only:
the PNG is decoded with zlib.
"""
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

SKIP = 77


def find_chromium():
    env = os.environ.get("QUALIS_CHROMIUM")
    if env:
        return env if os.path.isfile(env) and os.access(env, os.X_OK) else None
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def png_pixels(path):
    """Decodes an 8-bit non-interlaced PNG (colour types 0, 2, 4, 6) into (width, height, rows of pixel tuples)."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    pos = 8
    width = height = depth = ctype = interlace = None
    idat = b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
    if width is None:
        raise ValueError("no IHDR chunk")
    channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(ctype)
    if depth != 8 or channels is None or interlace != 0:
        raise ValueError(f"unsupported PNG (bit depth {depth}, colour type {ctype}, interlace {interlace})")
    raw = zlib.decompress(idat)
    stride = width * channels
    rows = []
    prev = bytearray(stride)
    at = 0
    for _ in range(height):
        filt = raw[at]
        line = bytearray(raw[at + 1 : at + 1 + stride])
        at += 1 + stride
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if filt == 1:
                line[i] = (line[i] + a) & 0xFF
            elif filt == 2:
                line[i] = (line[i] + b) & 0xFF
            elif filt == 3:
                line[i] = (line[i] + ((a + b) >> 1)) & 0xFF
            elif filt == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 0xFF
            elif filt != 0:
                raise ValueError(f"bad PNG filter {filt}")
        rows.append(bytes(line))
        prev = line
    return width, height, channels, rows


def check_screenshot(path):
    """Returns a problem, or None when the picture has content: several hundred colours or >1% non-background."""
    if not os.path.isfile(path) or os.path.getsize(path) == 0:
        return f"no screenshot was written to {path}"
    width, height, channels, rows = png_pixels(path)
    colours = {}
    for row in rows:
        for x in range(0, width * channels, channels):
            px = row[x : x + channels]
            colours[px] = colours.get(px, 0) + 1
    total = width * height
    background = max(colours.values())
    share = 1.0 - background / total
    print(f"screenshot {width}x{height}: {len(colours)} colours, {100 * share:.1f}% non-background pixels")
    if len(colours) < 200 and share < 0.01:
        return "the screenshot is blank (too few colours and almost every pixel the background colour)"
    return None


# Chromium's log lines of page console messages look like
#   [123:123:1127/101010.123456:INFO:CONSOLE:12] "message", source: file:///x.html (12)
# (older versions: INFO:CONSOLE(12)). Debian's Chromium 156 logs every console level (log, warn, error, uncaught
# exceptions) as INFO, so the level cannot be told apart: the report has no script, so any console message from
# the page is a failure.
CONSOLE = re.compile(r":CONSOLE[:(]|Uncaught ")


def main(argv):
    if len(argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    html = os.path.abspath(argv[1])
    if not os.path.isfile(html):
        print(f"FAIL: {html} does not exist", file=sys.stderr)
        return 1
    chromium = find_chromium()
    if chromium is None:
        print("SKIP: no Chromium found (chromium, chromium-browser, google-chrome; or set QUALIS_CHROMIUM)")
        return SKIP
    png = os.path.abspath(argv[2]) if len(argv) == 3 else os.path.splitext(html)[0] + ".png"
    if os.path.exists(png):
        os.remove(png)
    profile = tempfile.mkdtemp(prefix="qualis-chromium-")
    cmd = [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-extensions",
        f"--user-data-dir={profile}",
        "--enable-logging=stderr",
        "--v=0",
        f"--screenshot={png}",
        "--window-size=1280,2000",
        "file://" + html,
    ]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    except subprocess.TimeoutExpired:
        print("FAIL: Chromium did not finish within 180 s", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    problems = []
    console = [line for line in proc.stderr.splitlines() if CONSOLE.search(line)]
    if console:
        problems.append("console messages from the page:\n  " + "\n  ".join(console))
    if proc.returncode != 0:
        problems.append(f"Chromium exited with {proc.returncode}:\n{proc.stderr[-2000:]}")
    try:
        blank = check_screenshot(png)
    except (OSError, ValueError, zlib.error) as e:
        blank = f"the screenshot cannot be read: {e}"
    if blank:
        problems.append(blank)
    if problems:
        for p in problems:
            print("FAIL: " + p, file=sys.stderr)
        return 1
    print(f"PASS: {html} loads without console warnings or errors; screenshot {png}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
