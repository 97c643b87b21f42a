"""YAML front matter (``---`` ... ``---`` at the top of a markdown or HTML file), pure.

Broken front matter is an explicit per-file error, never silently "no metadata"
(research/reliability.md 2.6): an unterminated block, invalid YAML, YAML that is not a mapping,
a date the calendar does not have (``date: 2024-02-30``) and unsafe tags
(``!!python/object/apply``) all raise RejectError('bad_front_matter').
Only PyYAML's ``SafeLoader`` is used, with aliases refused.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from grassroots.models import RejectError

from .script import CONTROL_CHARS, SURROGATES

# Front matter is a few lines of metadata; 64 KiB is far above any real block and keeps a
# YAML bomb (deeply nested aliases) from costing time.
MAX_FRONT_MATTER_CHARS = 65_536

_OPEN_RE = re.compile(r"\A\ufeff?(?:[ \t]*\r?\n)*---[ \t]*\r?\n")
_CLOSE_RE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)


def has_front_matter(text: str) -> bool:
    return _OPEN_RE.match(text) is not None


def split_front_matter(text: str) -> tuple[dict[str, Any] | None, str]:
    """Return (metadata, body). metadata is None when the text has no front matter."""
    m = _OPEN_RE.match(text)
    if not m:
        return None, text
    rest = text[m.end():]
    close = _CLOSE_RE.search(rest)
    if close is None:
        raise RejectError(
            "bad_front_matter",
            "the file starts a YAML front matter block with '---' but never closes it",
        )
    block = rest[: close.start()]
    body = rest[close.end():].lstrip("\r\n")
    if len(block) > MAX_FRONT_MATTER_CHARS:
        raise RejectError(
            "bad_front_matter",
            f"the front matter block is {len(block)} characters, over the {MAX_FRONT_MATTER_CHARS} limit",
        )
    try:
        meta = yaml.load(block, Loader=_FrontMatterLoader)  # noqa: S506 (a SafeLoader without aliases)
    except _AliasError:
        raise RejectError(
            "bad_front_matter",
            "the front matter uses a YAML alias (*name); aliases are not allowed (a self-referencing "
            "or exponentially repeated value)",
        ) from None
    except RecursionError:
        raise RejectError("bad_front_matter", "the front matter nests its values too deeply") from None
    except yaml.constructor.ConstructorError as e:
        raise RejectError(
            "bad_front_matter",
            f"the front matter uses a YAML tag that is not allowed ({_one_line(e)})",
        ) from None
    except yaml.YAMLError as e:
        raise RejectError("bad_front_matter", f"the front matter is not valid YAML ({_one_line(e)})") from None
    except (ValueError, OverflowError) as e:  # a date YAML reads as one but the calendar has not (2024-02-30)
        raise RejectError("bad_front_matter", f"the front matter holds an impossible value ({_one_line(e)})") from None
    except Exception as e:  # noqa: BLE001 (PyYAML's own bugs on hostile input: `!!timestamp x` raises AttributeError)
        raise RejectError("bad_front_matter",
                          f"the front matter could not be read ({type(e).__name__}: {_one_line(e)})") from None
    if meta is None:
        return {}, body
    if not isinstance(meta, dict):
        raise RejectError(
            "bad_front_matter",
            f"the front matter is a YAML {type(meta).__name__}, not a mapping of keys to values",
        )
    return {_clean(str(k)).strip().lower(): _clean(v) for k, v in meta.items()}, body


class _AliasError(yaml.YAMLError):
    pass


class _FrontMatterLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` refusing aliases: an article's metadata never needs one, and an alias
    can make a value that contains itself (`&a [*a]`) or one that doubles at every level, which
    any walk over the values (ours, or a user's JSON export) would never finish."""

    def compose_node(self, parent, index):  # noqa: ANN001, ANN201 (PyYAML's signature)
        if self.check_event(yaml.AliasEvent):
            raise _AliasError(f"alias at {self.peek_event().start_mark}")
        return super().compose_node(parent, index)


def _clean(v: Any) -> Any:
    """YAML escapes can spell what no text of ours holds: a lone surrogate (``"\\ud800"``: no
    UTF-8 text can hold it, the simplified view and the warehouse would refuse it) becomes U+FFFD;
    a control character (``"\\x00"``) goes."""
    if isinstance(v, str):
        return CONTROL_CHARS.sub("", SURROGATES.sub("\ufffd", v))
    if isinstance(v, list | tuple):
        return [_clean(x) for x in v]
    if isinstance(v, dict):
        return {_clean(k): _clean(x) for k, x in v.items()}
    return v


def _one_line(e: Exception) -> str:
    return " ".join(str(e).split())[:200]


def meta_str(meta: dict[str, Any], *keys: str) -> str | None:
    """First non-empty string value among keys (lists give their first item)."""
    for k in keys:
        v = meta.get(k)
        if isinstance(v, list | tuple) and v:
            v = v[0]
        if v is None or isinstance(v, bool | dict):
            continue
        s = str(v).strip()
        if s:
            return s
    return None
