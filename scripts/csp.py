#!/usr/bin/env python3
"""Trunk post-build hook: gives every page of the build a strict Content-Security-Policy.

Each page gets a <meta http-equiv="Content-Security-Policy"> first in its <head>: scripts only
from the site itself plus the exact inline scripts a page holds, allowed by their SHA-256 (none
today: the app's loader is the external www/loader.js, set as Trunk's `pattern_script`);
WebAssembly compiled by the page itself ('wasm-unsafe-eval'); styles only from stylesheets and
the exact <style> blocks a page holds, by their SHA-256 (index.html's loading state; never inline
style attributes); no plugins, no <base>. The same
policy is sent as a header by scripts/serve.py, which adds nothing but frame-ancestors, left open
so documentation pages may embed the playground.
"""
import base64
import hashlib
import os
import pathlib
import re
import sys

POLICY = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{scripts}; style-src 'self'{styles}; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'none'"
)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S)
INLINE_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.S)


def hashes(pattern: re.Pattern, html: str) -> str:
    """The policy's source list entries for each block `pattern` finds: its SHA-256."""
    return "".join(
        " 'sha256-%s'" % base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        for body in pattern.findall(html)
    )


def policy_for(html: str) -> str:
    return POLICY.format(scripts=hashes(INLINE_SCRIPT, html), styles=hashes(INLINE_STYLE, html))


def main() -> int:
    staging = pathlib.Path(os.environ.get("TRUNK_STAGING_DIR") or sys.argv[1])
    for page in sorted(staging.glob("*.html")):
        html = page.read_text(encoding="utf-8")
        if 'http-equiv="Content-Security-Policy"' in html:
            continue
        meta = f'<meta http-equiv="Content-Security-Policy" content="{policy_for(html)}" />'
        # After <head>, or after <html …> when a minifier left the optional <head> tag out.
        html, found = re.subn(r"<head>", lambda m: m.group(0) + meta, html, count=1)
        if not found:
            html, found = re.subn(r"<html[^>]*>", lambda m: m.group(0) + meta, html, count=1)
        if not found:
            print(f"csp.py: {page.name} has neither <head> nor <html>", file=sys.stderr)
            return 1
        page.write_text(html, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
