r"""JSON from a sender, read as `json.loads` reads it, with two more refusals as `json.JSONDecodeError`.

A `\u` escape of half a surrogate pair decodes to a string nothing can encode (store, print or send) again, and
nesting deeper than the parser's recursion limit raises `RecursionError`. Both are malformed input: the webhook
host answers them 400, and a file's line is reported at its place, as any other syntax error (helper-201: either
raised out of `lead-agent triage`, and the file's good leads were lost with it).
"""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = ('Refused', 'kind', 'loads')

# A JSON escape of half a surrogate pair: a pair (an emoji as `ensure_ascii` writes it) is fine, a lone half is not.
_SURROGATE = re.compile(r'\\u[dD][89a-fA-F]')


class Refused(json.JSONDecodeError):
    """Parsed, or nearly, and refused: `msg` says why without a place (the place is `pos`, `lineno`, `colno`)."""


def loads(text: str) -> Any:
    """`json.loads(text)`; a lone surrogate escape or too deep a nesting also raise `json.JSONDecodeError`."""
    try:
        data = json.loads(text)
    except RecursionError:
        raise Refused('nested too deeply', text, 0) from None
    if (found := _SURROGATE.search(text)) is not None:
        try:
            json.dumps(data, ensure_ascii=False).encode()
        except UnicodeEncodeError:
            raise Refused('a \\u escape of half a surrogate pair', text, found.start()) from None
        except RecursionError:
            raise Refused('nested too deeply', text, 0) from None
    return data


def kind(value: Any) -> str:
    """What a decoded JSON value is, in JSON's words: `null`, `true`, `a number`, `a list`, `an object`."""
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    return 'a number' if isinstance(value, int | float) else 'a list' if isinstance(value, list) else 'an object'
