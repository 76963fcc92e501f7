"""YAML as kasgen reads answers and clause files: safe, strict and without YAML 1.1's surprises.

Refused, each with a message saying how to write the value: duplicate keys; a number with a
leading zero (``015`` is octal 13 in YAML 1.1), base-60 numbers (``1:30`` = 90), hexadecimal and
binary numbers, numbers of more than :data:`kasgen.limits.NUMBER_DIGITS` digits;
``yes``/``no``/``on``/``off`` as booleans; a tag that changes a value's meaning (``!!binary``,
``!!set``, ``!!str 015``, ``!include``). An impossible date (2027-02-30) stays text, so the
profile can name the field.

A valid file is read with libyaml's parser (when PyYAML has it: ten times faster); a file with a
problem is read again with the pure-Python parser, whose messages and positions the tests pin.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from kasgen import limits


class YamlProblem(Exception):
    """The text is not acceptable YAML; ``problems`` holds one located line (``line N, column M:``)."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


class _Strict:
    """What both loaders share: duplicate keys, YAML 1.1 coercions and tags are refused."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        _refuse_meaningful_tag(self, node)
        return super().construct_object(node, deep=deep)  # type: ignore[misc]


class _UniqueKeyLoader(_Strict, yaml.SafeLoader):
    """The pure-Python loader: exact error messages and positions."""


class _FastLoader(_Strict, getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's parser with the same constructors: ten times faster on a large valid file."""


_IMPLICIT: dict[type, str] = {
    yaml.SequenceNode: "tag:yaml.org,2002:seq", yaml.MappingNode: "tag:yaml.org,2002:map",
}


def _refuse_meaningful_tag(loader: Any, node: yaml.Node) -> None:
    """Refuse a tag that changes what the value would be without it (``!!binary``, ``!!set``,
    ``!!str 015``, ``!include``): tags turn text into bytes, sets or types kasgen does not expect."""
    if isinstance(node, yaml.ScalarNode):
        plain = not node.style  # None (PyYAML) or "" (libyaml) for a plain scalar
        implicit = loader.resolve(yaml.ScalarNode, node.value, (plain, not plain))
    else:
        implicit = _IMPLICIT.get(type(node), node.tag)
    if node.tag != implicit and node.tag != "tag:yaml.org,2002:merge":
        from kasgen.terminal import printable

        shown = printable(str(node.tag).replace("tag:yaml.org,2002:", "!!"))
        raise yaml.constructor.ConstructorError(
            None, None,
            f"the tag {shown} is not allowed; write the value without a tag "
            "(text in quotes, numbers and dates as they are)",
            node.start_mark,
        )



def _construct_mapping(loader: Any, node: yaml.MappingNode, deep: bool = False) -> Any:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue  # ``<<: *anchor``: merged keys may be overridden; construct_mapping merges them
        key = loader.construct_object(key_node, deep=deep)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a list or mapping cannot be used as a key", key_node.start_mark
            ) from None
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


def _construct_timestamp(loader: Any, node: yaml.ScalarNode) -> Any:
    """A date or time as PyYAML reads it, or the plain text when it is no real date (2027-02-30).

    PyYAML raises a bare ValueError for an impossible date; kept as text, it reaches the profile,
    which names the field.
    """
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


def _refuse(node: yaml.Node, problem: str) -> yaml.constructor.ConstructorError:
    return yaml.constructor.ConstructorError(None, None, problem, node.start_mark)


_INT = re.compile(r"[-+]?[0-9_]+")


def _construct_int(loader: Any, node: yaml.ScalarNode) -> int:
    """A decimal whole number; YAML 1.1's octal, hexadecimal, binary and base-60 forms are refused."""
    text = str(node.value)
    digits = text.lstrip("+-").replace("_", "")
    if ":" in text:
        raise _refuse(node, f"{text} reads as a base-60 number in YAML 1.1 "
                            f"({yaml.SafeLoader.construct_yaml_int(loader, node)}); put a time or "
                            f"other text in quotes ('{text}'), or write the number itself")
    if not _INT.fullmatch(text):
        raise _refuse(node, f"{text} is a hexadecimal or binary number; write it in decimal digits, "
                            "or put text in quotes")
    if len(digits) > 1 and digits.startswith("0"):
        octal = (f" (YAML 1.1 reads it as the octal number "
                 f"{yaml.SafeLoader.construct_yaml_int(loader, node)})"
                 if re.fullmatch(r"0[0-7]+", digits) else "")
        raise _refuse(node, f"{text} starts with a zero{octal}; write {int(digits)} without the "
                            f"zero, or put it in quotes ('{text}') if it is text such as a code")
    if len(digits) > limits.NUMBER_DIGITS:
        raise _refuse(node, f"a number of {len(digits)} digits; at most {limits.NUMBER_DIGITS} "
                            "digits are allowed")
    return int(text.replace("_", ""))


def _construct_float(loader: Any, node: yaml.ScalarNode) -> float:
    if ":" in str(node.value):
        raise _refuse(node, f"{node.value} reads as a base-60 number in YAML 1.1; put a time or "
                            f"other text in quotes ('{node.value}')")
    if len(str(node.value)) > limits.NUMBER_DIGITS:
        raise _refuse(node, f"a number of {len(str(node.value))} characters; at most "
                            f"{limits.NUMBER_DIGITS} are allowed")
    return float(yaml.SafeLoader.construct_yaml_float(loader, node))


def _construct_bool(loader: Any, node: yaml.ScalarNode) -> bool:
    """``true`` or ``false``; YAML 1.1's yes/no/on/off are refused (``country: NO`` is not False)."""
    text = str(node.value)
    if text.lower() not in ("true", "false"):
        raise _refuse(node, f"{text} reads as a yes/no value in YAML 1.1; write true or false, "
                            f"or put text in quotes ('{text}')")
    return text.lower() == "true"


def _add_constructor(tag: str, constructor: Any) -> None:
    _UniqueKeyLoader.add_constructor(tag, constructor)
    _FastLoader.add_constructor(tag, constructor)


_add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_add_constructor("tag:yaml.org,2002:int", _construct_int)
_add_constructor("tag:yaml.org,2002:float", _construct_float)
_add_constructor("tag:yaml.org,2002:bool", _construct_bool)


def where(text: str, index: int) -> str:
    """``line N, column M`` for a character index in ``text``."""
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"line {line}, column {column}"



def load(text: str) -> Any:
    """Parse YAML text into plain data, raising :class:`YamlProblem` with a located message."""
    fast = _FastLoader(text)
    try:
        return fast.get_single_data()
    except (yaml.YAMLError, RecursionError, ValueError, TypeError):
        pass  # read again below, for the exact message and position
    finally:
        fast.dispose()
    loader: _UniqueKeyLoader | None = None
    try:
        loader = _UniqueKeyLoader(text)  # checks every character before parsing
        return loader.get_single_data()
    except yaml.reader.ReaderError as exc:
        # A character YAML does not allow (NUL, ESC, ...); the position is an index in the text.
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        located, char = where(text, exc.position), f"U+{code:04X}"
        raise YamlProblem(
            [f"{located}: the character {char} is not allowed in a YAML file; remove it"]
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark: Any = exc.problem_mark or exc.context_mark
        at = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else "line 1: "
        problem = exc.problem or exc.context or "invalid YAML"
        context, opened = exc.context, exc.context_mark
        if exc.problem and context and context.startswith("expected"):
            problem = f"{context}, {problem}"  # "expected a single document ..., but found another"
        elif exc.problem and context and opened and mark and opened.line != mark.line:
            problem = f"{problem} ({context} that starts on line {opened.line + 1})"
        problem = " ".join(problem.split())
        if "'\\t'" in problem:
            problem = problem.replace("'\\t'", "tab") + " (indent with spaces, not tabs)"
        raise YamlProblem([f"{at}{problem}"]) from None
    except RecursionError:
        assert loader is not None
        mark = loader.get_mark()
        raise YamlProblem(
            [f"line {mark.line + 1}, column {mark.column + 1}: nested too deeply to read"]
        ) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(["line 1: invalid YAML: " + " ".join(str(exc).split())]) from None
    finally:
        if loader is not None:
            loader.dispose()
