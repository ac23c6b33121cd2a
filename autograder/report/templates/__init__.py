"""Jinja2 templates of the report pages (autoescaped HTML, plain Markdown)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
import mistune
from markupsafe import Markup, escape

_ENV = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent),
                          autoescape=jinja2.select_autoescape(["html.j2"]),
                          trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                          undefined=jinja2.StrictUndefined)
_MARKDOWN = mistune.create_markdown(escape=True)


def _markdown(text: str) -> Markup:
    """A student's written answer as HTML (raw HTML in it is escaped, not rendered)."""
    return Markup(_MARKDOWN(text or ""))


def _code(text: str) -> Markup:
    """Escape a verdict line and show its `backquoted` names as code."""
    parts = str(text).split("`")
    if len(parts) % 2 == 0:  # unbalanced backquote: show the text as it is
        return Markup(escape(text))
    return Markup("".join(f"<code>{escape(p)}</code>" if i % 2 else str(escape(p))
                          for i, p in enumerate(parts)))


_ENV.filters["markdown"] = _markdown
_ENV.filters["code"] = _code


def render(name: str, **context: Any) -> str:
    return _ENV.get_template(name).render(**context)
