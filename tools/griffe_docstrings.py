"""Griffe extension for the docs site: ocparse's reST-flavoured docstrings as Markdown.

The docstrings are written for ``help()`` and doctest: Sphinx roles such as
:func:`ocparse.parse` and bare ``>>>`` examples. mkdocstrings renders Markdown, where a
role shows as ``:func:`` text and a doctest line reads as a block quote (its output
even as a link). Before mkdocstrings parses a docstring, this extension

* turns a role into a cross-reference, ``[`parse`][ocparse.api.parse]``, when its
  target is an ocparse object (``~`` keeps the last name only, as in Sphinx; a relative
  name is resolved from the docstring's scope), and into plain code otherwise
  (:mod:`csv`, :class:`~decimal.Decimal`);
* fences each run of ``>>>`` lines and their output as a ``pycon`` code block, unless
  it already is in a fenced block or a Google-style ``Examples:`` section.

A cross-reference to an ocparse object that no API page renders fails
``mkdocs build --strict``, as a broken link should. Enabled in mkdocs.yml under
``plugins: mkdocstrings: handlers: python: options: extensions``.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_ROLE = re.compile(
    r":(?:py:)?(?:func|meth|class|mod|data|attr|exc|obj|const|type):`(?P<body>[^`]+)`"
)
_FENCE = re.compile(r"^\s*(```|~~~)")
_EXAMPLES = re.compile(r"^\s*Examples?:\s*$")
_PACKAGE = "ocparse"


class OcparseDocstrings(griffe.Extension):
    """Rewrite roles and doctest blocks in every docstring of the loaded packages."""

    def on_object(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        """Rewrite the object's docstring in place, before mkdocstrings parses it."""
        if obj.docstring is None:
            return
        text = _fence_doctests(obj.docstring.value)
        obj.docstring.value = _ROLE.sub(lambda m: _reference(obj, m["body"]), text)


def _reference(obj: griffe.Object, body: str) -> str:
    """A Markdown cross-reference for a role's target, or plain code for other targets."""
    title, _, explicit = body.partition(" <")
    target = explicit.rstrip(">") if explicit else body
    short = target.startswith("~")
    target = target.lstrip("~.")
    shown = title if explicit else (target.rsplit(".", 1)[-1] if short else target)
    path = _resolve(obj, target)
    if path is None:
        return f"`{shown}`"
    return f"[`{shown}`][{path}]"


def _resolve(obj: griffe.Object, target: str) -> str | None:
    """The full path of an ocparse object named in ``obj``'s docstring, else None."""
    if target == _PACKAGE or target.startswith(_PACKAGE + "."):
        return target
    head, _, rest = target.partition(".")
    try:
        path = obj.resolve(head)
    except griffe.NameResolutionError:
        try:  # names of the module (a class docstring naming a sibling function)
            path = obj.module.resolve(head)
        except griffe.NameResolutionError:
            return None
    if not (path == _PACKAGE or path.startswith(_PACKAGE + ".")):
        return None
    return f"{path}.{rest}" if rest else path


def _fence_doctests(text: str) -> str:
    """Wrap runs of ``>>>`` lines (up to the next blank line) in ``pycon`` fences."""
    out: list[str] = []
    fenced = in_examples = in_doctest = False
    indent = ""
    for line in text.split("\n"):
        stripped = line.strip()
        if in_doctest:
            if stripped:
                out.append(line)
                continue
            out.append(f"{indent}```")
            in_doctest = False
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced and _EXAMPLES.match(line):
            in_examples = True
        elif in_examples and stripped and not line.startswith((" ", "\t")):
            in_examples = False
        if not fenced and not in_examples and stripped.startswith(">>>"):
            indent = line[: len(line) - len(line.lstrip())]
            out.append(f"{indent}```pycon")
            in_doctest = True
        out.append(line)
    if in_doctest:
        out.append(f"{indent}```")
    return "\n".join(out)
