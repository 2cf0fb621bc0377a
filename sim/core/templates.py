"""Customer-line templates: `{name}` fills a declared variable; nothing else is interpreted.

We parse templates ourselves instead of using `str.format`, which would allow attribute
access and indexing (`{x.__class__}`) from a file a trainee's machine loads.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_FIELD = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class TemplateError(ValueError):
    """A template that names something other than a plain variable."""


def names_in(template: str) -> list[str]:
    """The variable names a template uses, in order; raises TemplateError on bad syntax."""
    names: list[str] = []
    for m in _FIELD.finditer(template):
        token = m.group(0)
        if token in ("{{", "}}"):
            continue
        if m.group(1) is None:
            raise TemplateError(
                f"unmatched {token!r}: write {{{{ or }}}} for a literal brace"
            )
        name = m.group(1).strip()
        if not _NAME.match(name):
            raise TemplateError(
                f"{{{m.group(1)}}} is not a variable name: templates fill declared variables "
                "only (lower-case letters, digits and _), with no attributes, indexes or code"
            )
        names.append(name)
    return names


def fill(template: str, values: Mapping[str, str]) -> str:
    """Fill a template already checked by `names_in` with the round's drawn values."""

    def replace(m: re.Match[str]) -> str:
        token = m.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        return values[m.group(1).strip()]

    return _FIELD.sub(replace, template)
