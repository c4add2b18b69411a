#!/usr/bin/env python3
"""Trunk post-build hook: writes the shipped lessons beside the app as one file, lessons.json.

The browser's build does not compile the lesson files in (they would be in the WebAssembly every
visitor downloads); it fetches this file the first time a lesson is needed
(src/ui/lesson/texts.rs). The format is `[[file name, text], ...]`: every lessons/*.md, in
file-name order, the order build.rs gives the native build's catalogue.
"""
import json
import os
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent


def main() -> int:
    target = os.environ.get("TRUNK_STAGING_DIR") or (sys.argv[1] if len(sys.argv) > 1 else None)
    if not target:
        print("lessons-bundle.py: no directory (TRUNK_STAGING_DIR or an argument)", file=sys.stderr)
        return 2
    files = sorted(
        (p for p in (ROOT / "lessons").iterdir() if p.suffix.lower() == ".md"),
        key=lambda p: p.name.encode(),
    )
    bundle = [[p.name, p.read_text(encoding="utf-8")] for p in files]
    out = pathlib.Path(target) / "lessons.json"
    out.write_text(json.dumps(bundle, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(f"lessons-bundle.py: {len(bundle)} lessons, {out.stat().st_size} B -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
