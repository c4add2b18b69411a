#!/usr/bin/env python3
"""Trunk post-build hook (the first): splits the app's WebAssembly into the module every visitor
downloads and the parts few visitors use, fetched on first use (src/ui/parts.rs).

Trunk's Rust pipeline runs cargo, wasm-bindgen and wasm-opt with no step between the first two,
and the split must happen there: on cargo's output, which still has its relocations
(`--emit-relocs`, .cargo/config.toml), before wasm-bindgen. So Trunk builds with the `split`
feature and no wasm-opt (www/index.html), and this hook redoes the rest from cargo's output:

  wasm-split-cli  ->  sessionlab.wasm (main), split_<part>.wasm, chunk_<n>.wasm (code the parts
                      share), __wasm_split.js (their loader, imported by the glue)
  wasm-bindgen    ->  sessionlab.js, sessionlab_bg.wasm, sessionlab.d.ts (as Trunk's own step)
  short names     ->  the hashed names the glue and the main module share, renamed in both (release)
  function order  ->  every module's function names made ranks of the order gzip wants (release)
  wasm-opt        ->  every module, release builds only, with OPT below

and puts the files in Trunk's staging directory in place of Trunk's, then gives the pages'
`integrity` attributes the new WebAssembly's and glue's digests (scripts/minify-js.mjs, next,
does the same for the JavaScript it minifies in release builds).

Usage: split-wasm.py [STAGING_DIR]  (Trunk sets TRUNK_STAGING_DIR and TRUNK_PROFILE)
       split-wasm.py --names OUT_DIR  (release, names kept: the size profile's input)
       split-wasm.py --one MODULE OUT_DIR  (a module with no parts, bound and optimised as the
                                            release main module is: the size floors' input)
"""
import base64
import hashlib
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

from wasm_binary import EXPORT, IMPORT, Module, name_bytes

ROOT = pathlib.Path(__file__).resolve().parent.parent
NAME = "sessionlab"
# wasm-opt's options for every module (release): size first. Last, the functions in the order of
# their names, which in_the_order_gzip_wants (below) has made ranks: the copies of one generic
# function, and a module's functions, end up side by side, where gzip's 32 KB window finds what
# they have in common. In the order the linker left them the main module was 11,481 B larger in
# gzip: 10,157 B by the Rust names themselves, 1,324 B more by the ranks (brotli, whose window is
# wider, gains 4,268 B); by access frequency (--reorder-functions) it was larger than in the
# linker's order, and a greedy order by the likeness of their code (MinHash) no better than the
# ranks. The producers and target-features sections are for tools, not browsers: stripped.
OPT = ["-Oz", "--low-memory-unused", "--converge", "--strip-producers", "--strip-target-features",
       "--reorder-functions-by-name"]


def run(*command: str) -> None:
    """Runs a tool, its output shown; a failure ends the build with the tool's words."""
    try:
        subprocess.run(command, check=True)
    except FileNotFoundError:
        sys.exit(f"split-wasm.py: {command[0]} is not installed (bash scripts/setup.sh installs it)")
    except subprocess.CalledProcessError as failure:
        sys.exit(f"split-wasm.py: {' '.join(command)} failed with status {failure.returncode}")


def cargo_output(profile: str) -> pathlib.Path:
    target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR") or ROOT / "target")
    return target / "wasm32-unknown-unknown" / profile / f"{NAME}.wasm"


def split(profile: str, out: pathlib.Path, keep_names: bool = False) -> list[pathlib.Path]:
    """Splits, binds and optimises cargo's output into `out`; the WebAssembly files written."""
    source = cargo_output(profile)
    if not source.is_file():
        sys.exit(f"split-wasm.py: no {source} (cargo builds it first)")
    with tempfile.TemporaryDirectory() as tmp:
        parts, bound = pathlib.Path(tmp, "split"), pathlib.Path(tmp, "bindgen")
        run("wasm-split-cli", str(source), str(parts), "--out-name", NAME)
        run("wasm-bindgen", "--target", "web", "--keep-lld-exports", "--out-dir", str(bound),
            str(parts / f"{NAME}.wasm"))
        out.mkdir(parents=True, exist_ok=True)
        for name in (f"{NAME}.js", f"{NAME}.d.ts", f"{NAME}_bg.wasm"):
            shutil.copyfile(bound / name, out / name)
        if profile == "release":
            renamed = shorten_shared_names(out / f"{NAME}.js", out / f"{NAME}_bg.wasm",
                                           out / f"{NAME}.d.ts")
            print(f"split-wasm.py: {renamed} hashed names the glue and the module share renamed a, b, c…")
        loader = (parts / "__wasm_split.js").read_text(encoding="utf-8")
        (out / "__wasm_split.js").write_text(in_stable_order(loader), encoding="utf-8")
        modules = [out / f"{NAME}_bg.wasm"]
        for part in sorted(parts.glob("*.wasm")):
            if part.name != f"{NAME}.wasm":
                shutil.copyfile(part, out / part.name)
                modules.append(out / part.name)
    if profile == "release":
        for module in modules:
            optimise(module, keep_names)
    return modules


def optimise(module: pathlib.Path, keep_names: bool = False) -> None:
    """A release module's last steps: its functions in the order gzip wants (unless the names are
    kept, for the size profile), then wasm-opt with OPT."""
    if not keep_names:
        in_the_order_gzip_wants(module)
    run("wasm-opt", *OPT, *(["-g"] if keep_names else []), str(module), "-o", str(module))


def unsplit(source: pathlib.Path, out: pathlib.Path) -> pathlib.Path:
    """Binds and optimises a module that has no parts as the release build does its main module
    (the short shared names, the functions' order, OPT) into `out`; the WebAssembly written."""
    run("wasm-bindgen", "--target", "web", "--out-name", NAME, "--out-dir", str(out), str(source))
    module = out / f"{NAME}_bg.wasm"
    shorten_shared_names(out / f"{NAME}.js", module, out / f"{NAME}.d.ts")
    optimise(module)
    return module


def short_name(index: int) -> str:
    """The `index`th of a, b, …, Z, aa, ab, …: a JavaScript property name and a wasm import name."""
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    name = letters[index % 52]
    while index >= 52:
        index = index // 52 - 1
        name = letters[index % 52] + name
    return name


# The names the glue and the main module share that carry a hash, by the module's section that
# holds them, each as the glue writes it: the functions the glue gives the module (imports,
# `__wbg_Error_208446807d0d1e30: function(…)`, its import object's keys) and the closures'
# entry points the module gives the glue (exports,
# `wasm.wasm_bindgen__convert__closures_____invoke__h24a661bbdf0ee996(…)`; the glue's own
# function of the same name is a local, which minify-js.mjs renames).
HASHED_NAMES = {
    IMPORT: r"\b(__wb(?:g|indgen)_\w+)(?=: function\b)",
    EXPORT: r"\bwasm\.(wasm_bindgen__convert__closures_\w+__h[0-9a-f]{16})\b",
}


def shorten_shared_names(glue: pathlib.Path, module: pathlib.Path, declarations: pathlib.Path) -> int:
    """Renames the names the glue and the main module share that carry a hash (HASHED_NAMES, about
    260) to a, b, c… in both files; returns how many. The hashes are random to a compressor: they
    were 7.6 KB of the first load's gzip (wasm-bindgen has no option for shorter names, its issue
    3909; binaryen's --minify-imports renames only the `env` module's). A name is renamed only
    where it is certain: written as HASHED_NAMES says in the glue, where it is replaced, and once,
    length-prefixed, in the module's import or export section; the short names follow the
    sections' order, and wasm-bindgen's own exports and ours (`main`, `mount`, `memory`…) are
    longer than any of them. Only those two sections' names change. The TypeScript declarations
    follow (`InitOutput` lists the exports)."""
    text = glue.read_text(encoding="utf-8")
    wasm = Module(module.read_bytes())
    short: dict[str, str] = {}
    for kind, written in HASHED_NAMES.items():
        section = wasm.section(kind)
        if section is None:
            continue
        encoded = {name: name_bytes(name.encode()) for name in dict.fromkeys(re.findall(written, text))}
        certain = [name for name in encoded if section[1].count(encoded[name]) == 1]
        for name in sorted(certain, key=lambda name: section[1].index(encoded[name])):
            short[name] = short_name(len(short))
            section[1] = section[1].replace(encoded[name], name_bytes(short[name].encode()))
    if short:
        for written in HASHED_NAMES.values():
            text = re.sub(written, lambda m: m.group(0).replace(m.group(1), short.get(m.group(1), m.group(1))), text)
        any_name = re.compile(r"\b(" + "|".join(map(re.escape, short)) + r")\b")
        declarations.write_text(any_name.sub(lambda m: short[m.group(1)], declarations.read_text(encoding="utf-8")),
                                encoding="utf-8")
    glue.write_text(text, encoding="utf-8")
    module.write_bytes(wasm.to_bytes())
    return len(short)


# Rust's legacy symbol mangling, in the names of the parts (wasm-bindgen demangles the main
# module's): `_ZN` then each path segment length-prefixed, with these escapes.
MANGLED_ESCAPES = {"$LT$": "<", "$GT$": ">", "$u20$": " ", "$C$": ",", "$RF$": "&", "$BP$": "*",
                   "$LP$": "(", "$RP$": ")", "$SP$": "@", "$u7b$": "{", "$u7d$": "}", "$u27$": "'",
                   "$u5b$": "[", "$u5d$": "]", "$u7e$": "~", "$u3b$": ";", "$u2b$": "+", "$u22$": '"'}


def demangled(name: str) -> str:
    """A legacy-mangled Rust name as Rust writes it (`_ZN4core3ptr13drop_in_place17h…E` is
    `core::ptr::drop_in_place::h…`); any other name as it is."""
    if not (name.startswith("_ZN") and name.endswith("E")):
        return name
    segments, rest = [], name[3:-1]
    while rest:
        length = re.match(r"\d+", rest)
        if not length:
            return name
        start = length.end()
        segment = rest[start:start + int(length.group())]
        segments.append(segment[1:] if segment.startswith("_$") else segment)
        rest = rest[start + int(length.group()):]
    text = "::".join(segments).replace("..", "::")
    return re.sub(r"\$[A-Za-z0-9]+\$", lambda m: MANGLED_ESCAPES.get(m.group(0), m.group(0)), text)


def in_the_order_gzip_wants(module: pathlib.Path) -> None:
    """Names the module's functions so that, sorted by name (wasm-opt's
    --reorder-functions-by-name, last of OPT), they come in the order that compresses best of
    those measured: by Rust name with the generic arguments erased, then by the size of their code
    (`<Map<I,F> as Iterator>::next` of every closure side by side, the small before the large).
    The names are a rank each ("00042"), which wasm-opt drops as it writes the module."""
    wasm = Module(module.read_bytes())
    sizes = wasm.code_sizes()

    def erased(name: str) -> str:
        name = re.sub(r"::h[0-9a-f]{16}$", "", demangled(name))
        return re.sub(r"<[^<>]*>", "<>", name)

    def ranks(names: dict[int, str]) -> dict[int, str]:
        order = sorted(names, key=lambda index: (erased(names[index]), sizes.get(index, 0), index))
        return {index: f"{rank:06d}" for rank, index in enumerate(order)}

    wasm.rename_functions(ranks)
    module.write_bytes(wasm.to_bytes())


def in_stable_order(loader: str) -> str:
    """The parts' loader with the names it takes from the main module in one order: wasm-split-cli
    lists them in its hash set's order, which differs from build to build, and the order changes
    the gzip size by a byte, which the size check counts."""
    def sorted_names(match: re.Match) -> str:
        names = sorted(name.strip() for name in match.group(2).split(",") if name.strip())
        return f"{match.group(1)}{', '.join(names)}{match.group(3)}"
    return re.sub(r"(const \{ |Object\.assign\(sharedImports\.__wasm_split, \{ )([^}]*)( \})",
                  sorted_names, loader)


INTEGRITY = re.compile(r"\s*\bintegrity=([\"']?)sha384-[A-Za-z0-9+/=]+\1")


def set_integrity(staging: pathlib.Path, file: pathlib.Path) -> None:
    """Every page's tag that names `file` gets its SHA-384 (Trunk wrote the digest of its own),
    except a `fetch` preload (the WebAssembly's), which loses it: browsers ignore `integrity` for
    that destination and Chromium says so in the console on every load; `loader.js` fetches the
    module without a digest, as before."""
    digest = "sha384-" + base64.b64encode(hashlib.sha384(file.read_bytes()).digest()).decode()
    tag = re.compile(r"<[^>]*\b(?:href|src)=[\"']?\./" + re.escape(file.name) + r"(?=[\"'\s>])[^>]*>")

    def with_digest(found: re.Match) -> str:
        if re.search(r"\bas=[\"']?fetch\b", found.group(0)):
            return INTEGRITY.sub("", found.group(0))
        return INTEGRITY.sub(lambda i: f" integrity={i.group(1)}{digest}{i.group(1)}", found.group(0))

    for page in staging.glob("*.html"):
        html = page.read_text(encoding="utf-8")
        updated = tag.sub(with_digest, html)
        if updated != html:
            page.write_text(updated, encoding="utf-8")


def preload_parts_loader(staging: pathlib.Path) -> None:
    """Every page that preloads the glue preloads the parts' loader beside it: the glue imports
    it, and found only once the glue has been parsed, its request waited behind the glue's and
    the main thread's work (on localhost it came 50-90 ms after the glue, the last file the
    console waited for). The new tag is a copy of the glue's, so it keeps Trunk's attributes."""
    glue = re.compile(r"\bhref=[\"']?\./" + re.escape(f"{NAME}.js") + r"(?=[\"'\s>])")
    for page in staging.glob("*.html"):
        html = page.read_text(encoding="utf-8")
        if "./__wasm_split.js" in html:
            continue
        preloads = [tag for tag in re.findall(r"<link\b[^>]*>", html) if "modulepreload" in tag and glue.search(tag)]
        if preloads:
            copy = preloads[0].replace(f"./{NAME}.js", "./__wasm_split.js")
            page.write_text(html.replace(preloads[0], preloads[0] + copy, 1), encoding="utf-8")


def main() -> int:
    if sys.argv[1:2] == ["--names"] and len(sys.argv) == 3:
        split("release", pathlib.Path(sys.argv[2]), keep_names=True)
        return 0
    if sys.argv[1:2] == ["--one"] and len(sys.argv) == 4:
        unsplit(pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3]))
        return 0
    staging = os.environ.get("TRUNK_STAGING_DIR") or (sys.argv[1] if len(sys.argv) > 1 else None)
    if not staging:
        print("split-wasm.py: no directory (TRUNK_STAGING_DIR or an argument)", file=sys.stderr)
        return 2
    staging = pathlib.Path(staging)
    profile = os.environ.get("TRUNK_PROFILE", "release")
    if profile == "release" and os.environ.get("CARGO_PROFILE_RELEASE_PANIC") != "immediate-abort":
        # One release build, the one measured and tested: a plain `trunk build --release` would
        # ship another (the stable compiler's, about 32 KB of gzip larger).
        print("split-wasm.py: release builds are made by scripts/release-toolchain.sh's release_build "
              "(bash -c '. scripts/release-toolchain.sh && release_build'), which selects the pinned "
              "nightly and its settings", file=sys.stderr)
        return 2
    modules = split(profile, staging)
    # Trunk wrote the digests of its own files; in release builds minify-js.mjs, next, gives the
    # scripts the digests of their minified text.
    preload_parts_loader(staging)
    for written in (f"{NAME}_bg.wasm", f"{NAME}.js", "__wasm_split.js"):
        set_integrity(staging, staging / written)
    sizes = ", ".join(f"{m.name} {m.stat().st_size} B" for m in modules)
    print(f"split-wasm.py ({profile}): {sizes}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
