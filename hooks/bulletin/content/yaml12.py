"""One YAML loader for every file the bulletin reads (front matter, registries, UI strings, rules).

- **YAML 1.2 core semantics**: ``yes``/``no``/``on``/``off`` stay text, ``1:30`` (YAML 1.1's base 60)
  stays text, ``0x1F``, ``0o17``, ``1_000`` stay text; only ``true``/``false``, ``null``/``~``,
  decimal integers and decimal floats (``.inf``, ``.nan``) are typed. Timestamps stay text: dates
  are parsed by the schema, in the bulletin's time zone.
- A **number keeps the text it was written as** (:class:`Number`): a field that expects text gets
  ``1.10``, never ``1.1``.
- **Limits**: at most :data:`MAX_ALIASES` aliases, at most :data:`MAX_NODES` nodes once aliases are
  expanded (a "billion laughs" document is refused before anything walks it) and at most
  :data:`MAX_DEPTH` levels of nesting. Breaking one raises :class:`LimitError`, a ``yaml.YAMLError``
  with the line where the document gives up.

libyaml parses when it is available and the text is shallow (it crashes on very deep nesting);
an error is read again by the pure-Python parser so messages and line numbers are the same.
"""

from __future__ import annotations

import re

import yaml

MAX_ALIASES = 100
MAX_NODES = 100_000
MAX_DEPTH = 64


class LimitError(yaml.MarkedYAMLError):
    """The document breaks one of the loader's limits (aliases, expanded size, depth); ``problem``
    reads after a subject: "the front matter " + problem."""


class Number:
    """Mixin: an int or float that remembers how it was written (``text``)."""

    text: str = ""


class Int(int, Number):
    pass


class Float(float, Number):
    pass


def as_text(value):
    """The text a scalar was written as, for fields that expect text (numbers included)."""
    if isinstance(value, Number):
        return value.text
    return value


_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")

_RESOLVERS = [
    ("tag:yaml.org,2002:bool", _BOOL, list("tTfF")),
    ("tag:yaml.org,2002:int", _INT, list("-+0123456789")),
    ("tag:yaml.org,2002:float", _FLOAT, list("-+0123456789.")),
    ("tag:yaml.org,2002:null", _NULL, ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:merge", re.compile(r"^(?:<<)$"), ["<"]),
]


def _core_resolvers() -> dict:
    table: dict = {}
    for tag, rx, firsts in _RESOLVERS:
        for ch in firsts:
            table.setdefault(ch, []).append((tag, rx))
    return table


def _construct_bool(loader, node):
    return node.value.lower() == "true"


def _construct_int(loader, node):
    value = Int(int(node.value))
    value.text = node.value
    return value


def _construct_float(loader, node):
    text = node.value
    low = text.lower()
    number = float("nan") if low == ".nan" else float(low.replace(".inf", "inf")) if "inf" in low else float(text)
    value = Float(number)
    value.text = text
    return value


def _configure(cls):
    cls.yaml_implicit_resolvers = _core_resolvers()
    cls.add_constructor("tag:yaml.org,2002:bool", _construct_bool)
    cls.add_constructor("tag:yaml.org,2002:int", _construct_int)
    cls.add_constructor("tag:yaml.org,2002:float", _construct_float)
    # an explicit !!timestamp (or any tag PyYAML would turn into something else) stays text
    cls.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)
    return cls


@_configure
class CoreLoader(yaml.SafeLoader):
    """PyYAML's safe loader with YAML 1.2 core resolvers (pure Python)."""


if getattr(yaml, "__with_libyaml__", False):
    @_configure
    class FastCoreLoader(yaml.CSafeLoader):
        """The same on libyaml (about ten times faster)."""
else:  # pragma: no cover - PyYAML built without libyaml
    FastCoreLoader = None


def _shallow(text: str) -> bool:
    """True when *text* nests at most MAX_DEPTH brackets or indentation levels (a cheap upper bound)."""
    depth = deepest = 0
    for ch in text:
        if ch in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
        elif ch in "]}":
            depth -= 1
    indent = max((len(ln) - len(ln.lstrip(" -?:")) for ln in text.split("\n")), default=0)
    return deepest <= MAX_DEPTH and indent <= 2 * MAX_DEPTH


def check_limits(node) -> None:
    """Raise LimitError when the node graph is too deep or too large once aliases are expanded."""
    if node is None:
        return
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()   # being visited: meeting one again is a cycle
    aliases = 0
    stack = [(node, 1, False)]
    while stack:
        current, depth, done = stack.pop()
        key = id(current)
        if done:
            open_nodes.discard(key)
            children = _children(current)
            sizes[key] = 1 + sum(sizes[id(c)] for c in children)
            if sizes[key] > MAX_NODES:
                raise LimitError(None, None, f"is too large once its aliases (*name) are expanded "
                                             f"(more than {MAX_NODES:,} values)", current.start_mark)
            continue
        if key in open_nodes:
            raise LimitError(None, None, "refers to itself (an alias inside its own anchor)", current.start_mark)
        if key in sizes:
            aliases += 1
            if aliases > MAX_ALIASES:
                raise LimitError(None, None, f"uses more than {MAX_ALIASES} aliases (*name)",
                                 current.start_mark)
            continue
        if depth > MAX_DEPTH:
            raise LimitError(None, None, f"is nested more than {MAX_DEPTH} levels deep", current.start_mark)
        sizes[key] = 0
        open_nodes.add(key)
        stack.append((current, depth, True))
        for child in _children(current):
            stack.append((child, depth + 1, False))


def _children(node) -> list:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def _compose_construct(text: str, loader_class) -> tuple:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        check_limits(node)
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def parse(text: str) -> tuple:
    """(node, value) of one YAML document. Raises yaml.YAMLError (LimitError included) or RecursionError."""
    if FastCoreLoader is not None and _shallow(text):
        try:
            return _compose_construct(text, FastCoreLoader)
        except LimitError:
            raise
        except (yaml.YAMLError, RecursionError):
            pass   # report it with the pure-Python parser's messages and line numbers
    return _compose_construct(text, CoreLoader)


def load(text: str):
    """The value of one YAML document (see :func:`parse`)."""
    return parse(text)[1]


def read_data(path, where: str, problems: list, reader=None) -> tuple[bool, object]:
    """Read and parse a YAML data file with *reader* (default :func:`load`): ``(True, result)``,
    or ``(False, None)`` after appending the reason as a Problem naming *where* (and the line where
    the YAML says one): missing, not UTF-8, over a limit, invalid YAML, nested too deeply."""
    from .model import Problem

    try:
        text = path.read_text(encoding="utf-8")
        return True, (reader or load)(text)
    except FileNotFoundError:
        problems.append(Problem(where, None, "", "file not found"))
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(where, None, "", f"cannot be read ({exc}); save it as UTF-8 text"))
    except LimitError as exc:
        problems.append(Problem(where, exc.problem_mark.line + 1, "", f"the file {exc.problem}: write plain values"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        problems.append(Problem(where, mark.line + 1 if mark else None, "", f"invalid YAML: {what}"))
    except RecursionError:
        problems.append(Problem(where, None, "", "nested too deeply to be read: write plain values"))
    return False, None
