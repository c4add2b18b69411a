#!/usr/bin/env python3
"""Serves a built dist/ on loopback the way a careful host would: each page with the
Content-Security-Policy of its <meta> tag as a real header (plus nothing else: frame-ancestors
stays open so documentation pages can embed the playground), and no caching.

Usage: python3 scripts/serve.py DIR PORT
"""
import functools
import http.server
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
        if path.endswith("/"):
            path += "index.html"
        if path.endswith(".html"):
            try:
                with open(path, "rb") as page:
                    found = META.search(page.read())
                self._policy = found.group(1).decode() if found else None
            except OSError:
                pass
        return super().send_head()

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
