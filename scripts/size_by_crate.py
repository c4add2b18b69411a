"""Groups `twiggy top --format csv` rows by crate (and, for Session Lab itself, by module).

A function's crate is the first path segment of its demangled name, without the `[hash]` that
rustc adds to some; a trait method `<T as Trait>::f` counts for the crate of `T` (the code is a
copy made for `T`), or for the trait's when `T` is a type parameter or a primitive. Yew's
`CompStateInner<COMP>::view` copies are our function components' bodies, inlined into Yew's
generic view (one copy per component), and are counted as this crate's `ui`. Data
segments, wasm-bindgen's exported shims and the name section (which does not ship) are reported
as such. Used by scripts/size-profile.sh.
"""

import csv
import re
import sys
from collections import Counter

OWN_CRATE = "sessionlab"
NOT_SHIPPED = "(function names: not shipped)"


def crate_of(path: str) -> str:
    """The first path segment, without a `[hash]` suffix."""
    return re.split(r"::|<|>| ", path, maxsplit=1)[0].split("[")[0] or "(other)"


def owner(name: str) -> str:
    """The crate (or `sessionlab::module`) a twiggy item belongs to."""
    if "function names" in name:
        return NOT_SHIPPED
    if name.startswith("data segment"):
        return "(data: strings, tables, vtables)"
    if name.startswith(("elem[", "table[", "type[", "import ", "export ", "global[")) or "::" not in name:
        return "(wasm-bindgen exports and imports, runtime helpers)"
    if "CompStateInner<COMP>" in name and "::view::" in name:
        return f"{OWN_CRATE}::ui (components inlined into yew's view)"
    path = name
    if path.startswith("<"):
        inner = path[1:]
        if " as " in inner:
            self_type, trait = inner.split(" as ", 1)
            self_type = self_type.lstrip("&*").removeprefix("mut ").removeprefix("dyn ")
            generic = re.fullmatch(r"[A-Z]|[iuf](8|16|32|64|128|size)|bool|char|str|\[.*\]|\(.*\)", self_type)
            path = trait if generic else self_type
        else:
            path = inner
    path = path.lstrip("&*[(").removeprefix("mut ").removeprefix("dyn ")
    crate = crate_of(path)
    if crate == OWN_CRATE:
        segments = path.split("::")
        return f"{OWN_CRATE}::{segments[1]}" if len(segments) > 1 else OWN_CRATE
    return crate


def main(path: str, shown: int = 24) -> None:
    sizes: Counter = Counter()
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            sizes[owner(row["Name"])] += int(row["ShallowSize"])
    sizes.pop(NOT_SHIPPED, None)
    total = sum(sizes.values())
    print(f"{'bytes':>9}  {'share':>6}  owner")
    for name, size in sizes.most_common(shown):
        print(f"{size:>9}  {100 * size / total:5.1f}%  {name}")
    rest = total - sum(size for _, size in sizes.most_common(shown))
    if rest:
        print(f"{rest:>9}  {100 * rest / total:5.1f}%  (the rest: {len(sizes) - shown} more)")
    print(f"{total:>9}  100.0%  total")


if __name__ == "__main__":
    main(sys.argv[1])
