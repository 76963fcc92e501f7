"""Limits on what a clause template may do while it renders: time, output and the size of values.

Jinja's sandbox already keeps a template away from Python's internals, files and the
environment; it does not stop a template that loops for ever, builds a gigabyte string or
changes the lists other clauses read. :class:`LimitedEnvironment` adds, from
:mod:`kasgen.limits`:

* immutability: the context's lists and mappings cannot be changed (``append``, ``update`` ...);
* operators: ``**`` up to POWER_BITS, ``*``, ``+``, ``%`` and ``~`` up to VALUE_CHARS
  characters or items;
* ``range()`` up to RANGE_ITEMS items; string methods and filters that grow text by a number
  (``center``, ``ljust``, ``indent``, ``format``, ``join``, ``replace``, ``batch`` ...) within
  VALUE_CHARS;
* :func:`render_limited`: a watchdog stops a render after RENDER_SECONDS and the output may be
  at most RENDER_CHARS characters; recursion and text Word cannot hold are refused. Every
  failure names the clause.
"""

from __future__ import annotations

import ctypes
import os
import re
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import update_wrapper
from typing import Any

from jinja2 import filters as jinja_filters
from jinja2 import pass_eval_context
from jinja2.compiler import CodeGenerator, Frame
from jinja2.nodes import Concat
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from kasgen import limits
from kasgen.errors import ClauseError


class LimitExceeded(SecurityError):
    """A template tried to build a value larger than the limits allow."""


class RenderTimeout(BaseException):
    """Raised inside a render that ran out of time (a BaseException: templates and Jinja's own
    ``except Exception`` blocks must not swallow it)."""


def _too_long(what: str, size: int) -> LimitExceeded:
    return LimitExceeded(
        f"{what} would make {limits.number_text(size)} characters or items; "
        f"at most {limits.number_text(limits.VALUE_CHARS)} are allowed"
    )


def _size(value: Any) -> int | None:
    return len(value) if isinstance(value, (str, list, tuple, bytes)) else None


def _check_number(value: Any, what: str) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > limits.VALUE_CHARS:
        raise LimitExceeded(
            f"{what} is given {limits.number_text(value)}; at most "
            f"{limits.number_text(limits.VALUE_CHARS)} is allowed"
        )


_WIDE_FORMAT = re.compile(r"\d{7,}")


def _check_format(spec: Any) -> None:
    """A format string (``%`` or ``str.format``) asking for a huge width or precision."""
    if isinstance(spec, str) and _WIDE_FORMAT.search(spec):
        raise LimitExceeded("a format asks for a width or precision of millions of characters")


def bounded_range(*args: int) -> range:
    """``range()`` with at most RANGE_ITEMS items (its length is known without building it)."""
    try:
        rng = range(*args)
        size = len(rng)
    except OverflowError:
        size = limits.RANGE_ITEMS + 1
    if size > limits.RANGE_ITEMS:
        raise LimitExceeded(
            f"range() would have {limits.number_text(size)} items; "
            f"at most {limits.number_text(limits.RANGE_ITEMS)} are allowed"
        )
    return rng


@pass_eval_context
def _bounded_join(eval_ctx: Any, value: Iterable[Any], d: str = "", attribute: Any = None) -> str:
    items = list(value)
    size = sum(len(str(i)) for i in items) + len(d) * len(items)
    if size > limits.VALUE_CHARS:
        raise _too_long("join", size)
    return jinja_filters.sync_do_join(eval_ctx, items, d, attribute)


@pass_eval_context
def _bounded_replace(eval_ctx: Any, s: Any, old: str, new: str, count: int | None = None) -> Any:
    _check_replace(str(s), old, new, count)
    return jinja_filters.do_replace(eval_ctx, s, old, new, count)


def _check_replace(s: str, old: Any, new: Any, count: Any = None) -> None:
    if isinstance(old, str) and isinstance(new, str) and len(new) > len(old):
        hits = (len(s) + 1) if old == "" else s.count(old)
        if isinstance(count, int) and count >= 0:
            hits = min(hits, count)
        grown = len(s) + hits * (len(new) - len(old))
        if grown > limits.VALUE_CHARS:
            raise _too_long("replace", grown)


def _bounded(filter_func: Any, *positions: int) -> Any:
    """A filter whose numeric arguments (at ``positions``, after the value) are checked first."""

    def checked(*args: Any, **kwargs: Any) -> Any:
        offset = 2 if getattr(filter_func, "jinja_pass_arg", None) else 1  # then the value
        for pos in positions:
            if len(args) > offset + pos:
                _check_number(args[offset + pos], "a filter")
        for value in kwargs.values():
            _check_number(value, "a filter")
        return filter_func(*args, **kwargs)

    if hasattr(filter_func, "jinja_pass_arg"):
        checked.jinja_pass_arg = filter_func.jinja_pass_arg  # type: ignore[attr-defined]
    return checked


def _bounded_format(value: str, *args: Any, **kwargs: Any) -> str:
    _check_format(value)
    for arg in (*args, *kwargs.values()):
        _check_number(arg, "format")
    return jinja_filters.do_format(value, *args, **kwargs)


#: String methods whose result grows with a numeric argument.
_GROWING_METHODS = {"center", "ljust", "rjust", "zfill", "expandtabs"}


class _BoundedCodeGenerator(CodeGenerator):
    """Routes ``a ~ b`` through :meth:`LimitedEnvironment.checked_concat`."""

    def visit_Concat(self, node: Concat, frame: Frame) -> None:
        self.write("environment.checked_concat(")
        super().visit_Concat(node, frame)
        self.write(")")


class LimitedEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox with the limits of the module docstring."""

    code_generator_class = _BoundedCodeGenerator
    intercepted_binops = frozenset(["*", "**", "+", "%"])

    def __init__(self, **options: Any):
        super().__init__(**options)
        self.globals["range"] = bounded_range
        self.globals.pop("lipsum", None)  # placeholder text, of any length: not for clauses
        self.filters.update(
            join=_bounded_join,
            replace=_bounded_replace,
            format=_bounded_format,
            center=_bounded(jinja_filters.do_center, 0),
            indent=_bounded(jinja_filters.do_indent, 0),
            batch=_bounded(jinja_filters.do_batch, 0),
            slice=_bounded(jinja_filters.sync_do_slice, 0),
        )

    def checked_concat(self, text: str) -> str:
        if len(text) > limits.VALUE_CHARS:
            raise _too_long("~", len(text))
        return text

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            _check_power(left, right)
        elif operator == "*":
            for seq, times in ((left, right), (right, left)):
                size = _size(seq)
                if size is not None and isinstance(times, int) and size * times > limits.VALUE_CHARS:
                    raise _too_long("*", size * times)
        elif operator == "+":
            a, b = _size(left), _size(right)
            if a is not None and b is not None and a + b > limits.VALUE_CHARS:
                raise _too_long("+", a + b)
        elif operator == "%" and isinstance(left, str):
            _check_format(left)
            for arg in right if isinstance(right, tuple) else (right,):
                _check_number(arg, "%")
            result = super().call_binop(context, operator, left, right)
            if isinstance(result, str) and len(result) > limits.VALUE_CHARS:  # '%s%s' % (a, b)
                raise _too_long("%", len(result))
            return result
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        owner = getattr(__obj, "__self__", None)
        name = getattr(__obj, "__name__", "")
        if isinstance(owner, str):
            if name in _GROWING_METHODS:
                for arg in (*args, *kwargs.values()):
                    _check_number(arg, f"{name}()")
            elif name == "join" and args:
                items = list(args[0])
                size = sum(len(i) for i in items if isinstance(i, str)) + len(owner) * len(items)
                if size > limits.VALUE_CHARS:
                    raise _too_long("join()", size)
                args = (items, *args[1:])
            elif name == "replace" and len(args) >= 2:
                _check_replace(owner, *args[:3])
        return super().call(__context, __obj, *args, **kwargs)

    def wrap_str_format(self, value: Any) -> Any:
        """``str.format``/``format_map`` (already sandboxed by Jinja) within the size limits."""
        wrapper = super().wrap_str_format(value)
        if wrapper is None:
            return None
        owner = value.__self__

        def checked(*args: Any, **kwargs: Any) -> str:
            _check_format(owner)
            for arg in (*args, *kwargs.values()):
                for item in arg.values() if isinstance(arg, dict) else (arg,):
                    _check_number(item, "format()")
            return str(wrapper(*args, **kwargs))

        return update_wrapper(checked, value)


def _check_power(base: Any, exponent: Any) -> None:
    if not (isinstance(base, (int, float)) and isinstance(exponent, (int, float))):
        return
    if isinstance(base, float) or isinstance(exponent, float):
        if abs(exponent) > limits.POWER_BITS:
            raise LimitExceeded(f"** with an exponent of {exponent}; at most {limits.POWER_BITS}")
        return
    if exponent > 0 and abs(base) > 1 and exponent * abs(base).bit_length() > limits.POWER_BITS:
        raise LimitExceeded(
            f"** would make a number of about {limits.number_text(exponent * abs(base).bit_length())} "
            f"bits; at most {limits.POWER_BITS}"
        )


# -- the watchdog -------------------------------------------------------------------------------


class _Watchdog:
    """One daemon thread per process that raises :class:`RenderTimeout` in a render that is late.

    The exception is delivered with ``PyThreadState_SetAsyncExc``, which works in any thread
    (batch workers, the wizard's background checks); a render that finishes in time withdraws an
    exception sent but not yet delivered before it returns.

    Only an exception actually sent is withdrawn: CPython 3.11 raises the interpreter's "pending
    asynchronous exception" flag on every call of ``PyThreadState_SetAsyncExc``, even one that
    clears, and lowers it only when a thread receives an exception. Clearing after every render
    left the flag up for the rest of the process: every later function call and loop took the
    interpreter's slow path, and under a profiler (``python -m cProfile``) the build never ended.
    """

    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.deadlines: dict[int, float] = {}
        self.sent: set[int] = set()  # threads sent a RenderTimeout that has not yet been delivered
        self.pid = -1

    def _ensure_thread(self) -> None:
        if self.pid != os.getpid():  # first use, or a forked batch worker (threads do not fork)
            self.pid = os.getpid()
            self.deadlines.clear()
            self.sent.clear()
            threading.Thread(target=self._watch, name="kasgen-render-watchdog", daemon=True).start()

    def _watch(self) -> None:
        with self.cond:
            while True:
                if not self.deadlines:
                    self.cond.wait()
                    continue
                ident, deadline = min(self.deadlines.items(), key=lambda item: item[1])
                late = deadline - time.monotonic()
                if late > 0:
                    self.cond.wait(late)
                    continue
                del self.deadlines[ident]
                self.sent.add(ident)
                _raise_in(ident, RenderTimeout)

    @contextmanager
    def deadline(self, seconds: float) -> Iterator[None]:
        ident = threading.get_ident()
        with self.cond:
            self._ensure_thread()
            previous = self.deadlines.get(ident)
            self.deadlines[ident] = min(time.monotonic() + seconds, previous or float("inf"))
            self.cond.notify()
        try:
            yield
        except RenderTimeout:
            with self.cond:
                self.sent.discard(ident)  # delivered
            raise
        finally:
            with self.cond:
                if previous is None:
                    self.deadlines.pop(ident, None)
                    if ident in self.sent:  # a timeout that came too late is withdrawn
                        self.sent.discard(ident)
                        _raise_in(ident, None)
                else:
                    self.deadlines[ident] = previous


def _raise_in(ident: int, exc: type[BaseException] | None) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(ident), ctypes.py_object(exc) if exc is not None else None
    )


_WATCHDOG = _Watchdog()

#: Characters a Word document cannot hold (XML 1.0): C0 controls other than tab, line feed and
#: carriage return, surrogates and the non-characters U+FFFE/U+FFFF.
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def render_limited(template: Any, context: dict[str, Any], name: str) -> str:
    """Render a compiled template within the time and size limits; failures name the clause.

    Limit violations inside the template raise :class:`LimitExceeded` (a ``SecurityError``,
    reported by the caller with the template line); the rest becomes a :class:`ClauseError`.
    """
    chunks: list[str] = []
    total = 0
    try:
        with _WATCHDOG.deadline(limits.RENDER_SECONDS):
            try:
                for chunk in template.root_render_func(template.new_context(context)):
                    total += len(chunk)
                    if total > limits.RENDER_CHARS:
                        raise ClauseError(
                            f"{name}: the text is longer than "
                            f"{limits.number_text(limits.RENDER_CHARS)} characters, the most one "
                            "clause may produce"
                        )
                    chunks.append(chunk)
            except ClauseError:
                raise
            except Exception:  # noqa: BLE001 - re-raised with the template's own line numbers
                template.environment.handle_exception()
    except RenderTimeout:
        raise ClauseError(
            f"{name}: stopped after {limits.RENDER_SECONDS:g} s, the most one clause may take to "
            "render (an endless or very long loop?)"
        ) from None
    except RecursionError:
        raise ClauseError(f"{name}: calls itself too deeply (endless recursion?)") from None
    except MemoryError:
        raise ClauseError(f"{name}: needs more memory than there is") from None
    return checked_output("".join(chunks), name)


def checked_output(text: str, name: str) -> str:
    """A rendered text Word can hold and within the size limit, or a :class:`ClauseError`."""
    if len(text) > limits.RENDER_CHARS:
        raise ClauseError(
            f"{name}: the text is longer than {limits.number_text(limits.RENDER_CHARS)} characters, "
            "the most one clause may produce"
        )
    bad = _UNWRITABLE.search(text)
    if bad:
        raise ClauseError(
            f"{name}: the text contains U+{ord(bad.group()):04X} at character {bad.start() + 1}, "
            "which a Word document cannot hold"
        )
    return text
