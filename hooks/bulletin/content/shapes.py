"""Type checks of data files (registries, UI strings) against a declared shape, with line numbers.

A shape is plain data:

- ``TEXT``: one line of text (a number is taken as the text it was written as);
- ``[shape]``: a list of values of *shape*;
- ``{"key": shape, "other?": shape}``: a mapping; keys ending in ``?`` are optional, other keys
  may be present (they are not checked here: the owner of the file checks them);
- ``Each(shape)``: a mapping of any keys to values of *shape*;
- ``Maybe(shape)``: *shape* or empty (``null``).

:func:`check` walks the YAML node tree beside the value, so every problem names the line:
``data/units.yml:12: units[3].aliases: expected a list of text but received int 5``.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from .model import Problem
from .yaml12 import Number


class _Text:
    def __repr__(self) -> str:
        return "TEXT"


TEXT = _Text()


@dataclass(frozen=True)
class Each:
    shape: object


@dataclass(frozen=True)
class Maybe:
    shape: object


def describe(shape) -> str:
    if shape is TEXT:
        return "text"
    if isinstance(shape, Maybe):
        return describe(shape.shape) + " or nothing"
    if isinstance(shape, list):
        return f"a list of {describe(shape[0])}" if shape[0] is TEXT else "a list"
    if isinstance(shape, Each):
        return f"a mapping of names to {describe(shape.shape)}"
    if isinstance(shape, dict):
        keys = [k.rstrip("?") for k in shape]
        return "a mapping {" + ", ".join(f"{k}: …" for k in keys[:4]) + (", …" if len(keys) > 4 else "") + "}"
    return str(shape)


def _kind(value) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{'true' if value else 'false'}"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, Number):   # the loader's int/float that remember their text
        return f"{'int' if isinstance(value, int) else 'float'} {value.text[:60]}"
    return f"{type(value).__name__} {repr(value)[:60]}"


def check(value, node, shape, where: str, path: str = "") -> list[Problem]:
    """Problems of *value* (parsed from *node*) against *shape*; *where* is the file for messages."""
    problems: list[Problem] = []
    _check(value, node, shape, where, path, problems)
    return problems


def _line(node) -> int | None:
    return node.start_mark.line + 1 if node is not None else None


def _pairs(node) -> dict:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {k.value: (k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)}


def _check(value, node, shape, where, path, problems) -> None:
    if isinstance(shape, Maybe):
        if value is None:
            return
        shape = shape.shape
    if shape is TEXT:
        if isinstance(value, str) or (isinstance(value, Number) and not isinstance(value, bool)):
            return
        problems.append(Problem(where, _line(node), path, f"expected {describe(shape)} but received {_kind(value)}"))
        return
    if isinstance(shape, list):
        if not isinstance(value, list):
            problems.append(Problem(where, _line(node), path, f"expected {describe(shape)} but received {_kind(value)}"))
            return
        items = node.value if isinstance(node, yaml.SequenceNode) else [None] * len(value)
        for i, (item, item_node) in enumerate(zip(value, items), 1):
            _check(item, item_node, shape[0], where, f"{path}[{i}]", problems)
        return
    if isinstance(shape, (dict, Each)):
        if not isinstance(value, dict):
            problems.append(Problem(where, _line(node), path, f"expected {describe(shape)} but received {_kind(value)}"))
            return
        pairs = _pairs(node)
        if isinstance(shape, Each):
            for key, item in value.items():
                key_node, item_node = pairs.get(key, (None, None))
                sub = f"{path}.{key}" if path else str(key)
                if not isinstance(key, str):
                    problems.append(Problem(where, _line(key_node), sub, f"expected a name but received {_kind(key)}"))
                    continue
                _check(item, item_node, shape.shape, where, sub, problems)
            return
        for key, sub_shape in shape.items():
            name = key.rstrip("?")
            sub = f"{path}.{name}" if path else name
            if name not in value:
                if not key.endswith("?"):
                    problems.append(Problem(where, _line(node), sub, f"required key is missing (expected "
                                                                     f"{describe(sub_shape)})"))
                continue
            key_node, item_node = pairs.get(name, (None, None))
            _check(value[name], item_node, sub_shape, where, sub, problems)
        return
    raise TypeError(f"unknown shape {shape!r}")
