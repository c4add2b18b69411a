#!/usr/bin/env python3
"""Serves a built dist/ on loopback the way a careful host would: each page with the
Content-Security-Policy of its <meta> tag as a real header (plus nothing else: frame-ancestors
stays open so documentation pages can embed the playground), no caching, and each file
compressed when the browser accepts it: the build's precompressed copy (`.br`, else `.gz`,
written by scripts/precompress.mjs), with `Content-Encoding` and `Vary: Accept-Encoding`.

Usage: python3 scripts/serve.py DIR PORT
"""
import functools
import http.server
import os
import re
import sys

META = re.compile(rb'<meta http-equiv="Content-Security-Policy" content="([^"]*)"')


class Handler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        policy = getattr(self, "_policy", None)
        if policy:
            self.send_header("Content-Security-Policy", policy)
        super().end_headers()

    def send_head(self):
        self._policy = None
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if path.endswith(".html"):
            try:
                with open(path, "rb") as page:
                    found = META.search(page.read())
                self._policy = found.group(1).decode() if found else None
            except OSError:
                pass
        encoded = self.precompressed(path)
        if encoded is None:
            return super().send_head()
        variant, encoding = encoded
        handle = open(variant, "rb")
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", encoding)
        self.send_header("Content-Length", str(os.fstat(handle.fileno()).st_size))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return handle

    def precompressed(self, path):
        """The build's compressed copy of `path` the browser accepts: (file, encoding) or None."""
        accepted = {
            part.split(";")[0].strip()
            for part in self.headers.get("Accept-Encoding", "").split(",")
        }
        for encoding, suffix in (("br", ".br"), ("gzip", ".gz")):
            if encoding in accepted and os.path.isfile(path) and os.path.isfile(path + suffix):
                return path + suffix, encoding
        return None

    def log_message(self, *args):
        pass


def main():
    directory, port = sys.argv[1], int(sys.argv[2])
    handler = functools.partial(Handler, directory=directory)
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        print(f"Serving {directory} on http://127.0.0.1:{port}/", flush=True)
        server.serve_forever()


if __name__ == "__main__":
    main()
