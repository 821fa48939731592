"""Text hidden in an encoding a reader is asked to undo: base64, base32, hex, rot13.

A form answer has no use for a long base64 or hex token that decodes to prose, nor for a sentence in rot13. Each
one found is decoded, so the injection detectors read what the encoding hides. An encoded id, a hash or a data URL
decodes to bytes, not words, and yields nothing.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import re

__all__ = ('decoded',)

_BASE64 = re.compile(r'[A-Za-z0-9+/_-]{24,}={0,2}')
_BASE32 = re.compile(r'[A-Z2-7]{24,}={0,6}')
_HEX = re.compile(r'\b(?:[0-9a-fA-F]{2}){12,}\b')
# The most frequent short words of English: a sentence in rot13 holds none, and its rot13 holds several.
_COMMON = frozenset('the a an to of and in is it this that for with as on be are you your it me my our we send '
                    'set mark lead all'.split())
_SENTENCE = re.compile(r'[^.!?:\n]+')
# A word of ASCII letters only: not the ASCII pieces of a word with other letters in it ('atlayın' is no 'atlay' and
# 'n', and its rot13 'ngynlıa' no common 'a': 100 KB of a Turkish phrase was read as rot13 prose and searched twice).
_LETTERS = re.compile(r'(?<![^\W\d_])[a-z]+(?![^\W\d_])')


def _prose(raw: bytes) -> str:
    """The bytes as text when they read as words (printable, with spaces), else ''."""
    try:
        text = raw.decode('utf-8')
    except UnicodeDecodeError:
        return ''
    printable = sum(c.isprintable() or c in '\n\t' for c in text)
    return text if len(text) >= 12 and printable == len(text) and ' ' in text.strip() else ''


def _common_share(text: str) -> float:
    tokens = _LETTERS.findall(text.lower())
    return sum(map(_COMMON.__contains__, tokens)) / len(tokens) if len(tokens) >= 4 else 0.0


def decoded(text: str) -> list[str]:
    """The prose each encoded token or rot13 sentence of a text hides, in order; [] when there is none."""
    found: list[str] = []
    for token in _HEX.findall(text):
        found.append(_prose(binascii.unhexlify(token)))
    for token in _BASE32.findall(text):
        try:
            found.append(_prose(base64.b32decode(token + '=' * (-len(token) % 8))))
        except (binascii.Error, ValueError):
            pass
    for token in _BASE64.findall(text):
        if _HEX.fullmatch(token):
            continue
        try:
            found.append(_prose(base64.b64decode(token + '=' * (-len(token) % 4), altchars=b'-_' if '-' in token
                                                 or '_' in token else None)))
        except (binascii.Error, ValueError):
            pass
    for sentence in _SENTENCE.findall(text):
        # A sentence with common words is plain text, most are: then it is not turned at all.
        if _common_share(sentence) < 0.1 and _common_share(turned := codecs.encode(sentence, 'rot13')) >= 0.25:
            found.append(turned)
    return [f for f in dict.fromkeys(found) if f]
