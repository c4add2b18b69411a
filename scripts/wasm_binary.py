"""The few parts of WebAssembly's binary format the release build rewrites (scripts/split-wasm.py):
a module as its list of sections, the names of its imports and exports, the sizes of its
functions' code and the function names of its `name` section. Only what those steps need; every
other section is carried as it was read. The format: https://webassembly.github.io/spec/core/binary/
"""
from typing import Callable

IMPORT, EXPORT, CODE, CUSTOM = 2, 7, 10, 0
MAGIC_AND_VERSION = 8


def leb128(value: int) -> bytes:
    """`value` as an unsigned LEB128."""
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def read_leb128(data: bytes, at: int) -> tuple[int, int]:
    """The unsigned LEB128 at `at` and the offset after it."""
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at


def read_name(data: bytes, at: int) -> tuple[bytes, int]:
    """The length-prefixed name at `at` and the offset after it."""
    size, at = read_leb128(data, at)
    return data[at:at + size], at + size


def name_bytes(name: bytes) -> bytes:
    """`name` length-prefixed, as the format writes names."""
    return leb128(len(name)) + name


class Module:
    """A module as its header and its sections, `[id, content]` each, in order."""

    def __init__(self, data: bytes):
        self.header = data[:MAGIC_AND_VERSION]
        self.sections: list[list] = []
        at = MAGIC_AND_VERSION
        while at < len(data):
            size, body = read_leb128(data, at + 1)
            self.sections.append([data[at], data[body:body + size]])
            at = body + size

    def to_bytes(self) -> bytes:
        return self.header + b"".join(bytes([kind]) + leb128(len(content)) + content
                                      for kind, content in self.sections)

    def section(self, kind: int, custom_name: bytes = b"") -> list | None:
        """The first section of `kind` (of a custom section, the one called `custom_name`)."""
        for section in self.sections:
            if section[0] == kind and (kind != CUSTOM or read_name(section[1], 0)[0] == custom_name):
                return section
        return None

    def imported_function_count(self) -> int:
        """How many of the imports are functions: they come first in the functions' index space."""
        section = self.section(IMPORT)
        if section is None:
            return 0
        content, functions = section[1], 0
        count, at = read_leb128(content, 0)
        for _ in range(count):
            _, at = read_name(content, at)  # module
            _, at = read_name(content, at)  # field
            kind, at = content[at], at + 1
            if kind == 0:  # a function: its type's index
                functions += 1
                _, at = read_leb128(content, at)
            elif kind in (1, 2):  # a table (its element type first) or a memory: limits
                if kind == 1:
                    if content[at] not in (0x70, 0x6F):
                        raise ValueError("an imported table of typed references, which this reader does not know")
                    at += 1
                flags, at = content[at], at + 1
                if flags & ~0b111:
                    raise ValueError("an imported memory with a custom page size, which this reader does not know")
                _, at = read_leb128(content, at)
                if flags & 1:
                    _, at = read_leb128(content, at)
            elif kind == 3:  # a global: its value type and mutability
                if content[at] in (0x63, 0x64):
                    raise ValueError("an imported global of a typed reference, which this reader does not know")
                at += 2
            elif kind == 4:  # a tag: its attribute and type's index
                _, at = read_leb128(content, at + 1)
            else:
                raise ValueError(f"an import of kind {kind}, which this reader does not know")
        return functions

    def code_sizes(self) -> dict[int, int]:
        """Each defined function's index and the size of its code."""
        section = self.section(CODE)
        sizes: dict[int, int] = {}
        if section is None:
            return sizes
        first = self.imported_function_count()
        count, at = read_leb128(section[1], 0)
        for offset in range(count):
            size, body = read_leb128(section[1], at)
            sizes[first + offset] = size
            at = body + size
        return sizes

    def rename_functions(self, rename: Callable[[dict[int, str]], dict[int, str]]) -> None:
        """Gives the `name` section's function names (index: name) to `rename` and writes the
        names it answers in their place."""
        section = self.section(CUSTOM, b"name")
        if section is None:
            return
        _, at = read_name(section[1], 0)
        head, subsections = section[1][:at], []
        while at < len(section[1]):
            size, body = read_leb128(section[1], at + 1)
            subsections.append([section[1][at], section[1][body:body + size]])
            at = body + size
        for subsection in subsections:
            if subsection[0] != 1:  # 1: the function names
                continue
            names: dict[int, str] = {}
            count, at = read_leb128(subsection[1], 0)
            for _ in range(count):
                index, at = read_leb128(subsection[1], at)
                name, at = read_name(subsection[1], at)
                names[index] = name.decode("utf-8", "replace")
            renamed = rename(names)
            subsection[1] = leb128(len(renamed)) + b"".join(
                leb128(index) + name_bytes(renamed[index].encode()) for index in sorted(renamed))
        section[1] = head + b"".join(bytes([kind]) + leb128(len(content)) + content
                                     for kind, content in subsections)
