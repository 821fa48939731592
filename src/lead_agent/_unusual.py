"""Text out of the ordinary: the named reasons a lead's text is not what a contact form holds.

`_injection` recognises instructions by their wording and shape, and every new set of attacks finds wording it
lacks. This module does not look for instructions. It asks whether the text is ordinary, from properties that no
rewording changes, and a lead whose text is not is read by a person before anything acts on it (`guards.decide`,
rule `unusual_text`). It never rejects: a spam verdict stays as it was.

Each reason is a precheck flag `unusual:<reason>`:

- `language:<code>`: a sentence or line of five words or more, or the message as a whole, confidently (CLD2) in a
  language the policy's `intake.languages` does not list.
- `script:<name>`: letters of a writing system none of those languages uses (Han, Hangul, Arabic, Cyrillic...).
- `mixed_script`: a word that mixes letters of two alphabets (`pаypal` with a Cyrillic `а`).
- `styled_letters`: letters in compatibility forms (full-width, mathematical, circled) or under stacked marks.
- `invisible_characters`: format or private-use characters (zero-width, bidi, tags, variation selectors,
  blank letters), outside the emoji sequences that need them.
- `hidden_markup`: HTML comments, active or hidden HTML (script, style, frames, event handlers, hidden styles,
  `javascript:` or `data:` links), tags of no HTML element, a link whose visible text is not its target, an image.
- `structured_block`: a code fence, a JSON object, stack-trace frames or configuration lines (`a_key: value`).
- `encoded_blob`: a long run of base64 or hex outside a link.
- `prose_in_url`: a link's query or fragment, in any field, that carries sentences rather than identifiers.
- `prose_in_field`: an identifier field (UTM, referrer, link, phone, id) that holds prose.

Every check is a linear scan (bounded repetitions, no nested quantifiers over the same characters): a lead's text
is hostile and may be 100,000 characters long.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from typing import cast
from urllib.parse import parse_qsl, unquote_plus, urlsplit

import pycld2  # pyright: ignore[reportMissingTypeStubs]
from confusable_homoglyphs import categories  # pyright: ignore[reportMissingTypeStubs]

from .models import Lead

__all__ = ('REASONS', 'reasons')

REASONS = ('language', 'script', 'mixed_script', 'styled_letters', 'invisible_characters', 'hidden_markup',
           'structured_block', 'encoded_blob', 'prose_in_url', 'prose_in_field')

# Writing systems by language; a language not listed is written in Latin letters.
_SCRIPTS: dict[str, frozenset[str]] = {
    **dict.fromkeys(('ru', 'uk', 'bg', 'sr', 'mk', 'be', 'kk', 'ky', 'mn', 'tg'), frozenset({'CYRILLIC'})),
    'el': frozenset({'GREEK'}), 'ja': frozenset({'HAN', 'HIRAGANA', 'KATAKANA'}), 'zh': frozenset({'HAN'}),
    'ko': frozenset({'HANGUL', 'HAN'}), **dict.fromkeys(('ar', 'fa', 'ur', 'ps'), frozenset({'ARABIC'})),
    **dict.fromkeys(('he', 'yi'), frozenset({'HEBREW'})), **dict.fromkeys(('hi', 'mr', 'ne'), frozenset({'DEVANAGARI'})),
    'th': frozenset({'THAI'}), 'bn': frozenset({'BENGALI'}), 'ta': frozenset({'TAMIL'}), 'hy': frozenset({'ARMENIAN'}),
    'ka': frozenset({'GEORGIAN'}), 'gu': frozenset({'GUJARATI'}), 'pa': frozenset({'GURMUKHI'}),
}
_EAST_ASIAN = frozenset({'HAN', 'HIRAGANA', 'KATAKANA', 'HANGUL'})
# CLD2's older codes, and its variants, as ISO 639-1.
_CODES = {'iw': 'he', 'jw': 'jv', 'in': 'id', 'zh-Hant': 'zh', 'ji': 'yi'}
_MIN_WORDS = 5  # CLD2 misreads shorter spans: a signature, a greeting, a name ('Dr. Ingrid Bergström' reads as sv)
_MIN_PERCENT = 80  # of a sentence's letters in the foreign language
_MIN_SHARE = 30  # of the whole message's letters, for a language CLD2 finds beside others
_FOREIGN_LETTERS = 3  # letters of another writing system: a city's name in its own script stays ordinary

_URL = re.compile(r'(?:https?://|www\.)[^\s<>"\'`)\]]{1,2000}', re.IGNORECASE)
_EMAILISH = re.compile(r'[\w.+-]{1,100}@[\w-]{1,100}(?:\.[\w-]{1,63}){0,10}')
_SENTENCES = re.compile(r'[^\n.!?。！？]{1,2000}')  # a sentence or line; cut at 2,000 so no span is scanned twice
_LETTER_WORD = re.compile(r'[^\W\d_]{2,}')


def reasons(lead: Lead, languages: Iterable[str]) -> list[str]:
    """The reasons a lead's text is out of the ordinary, each once, in `REASONS` order (`language:pl`...)."""
    allowed = frozenset(languages)
    prose = [lead.message, *(v for k, v in lead.extra.items() if not _identifier_key(k) and not _is_url(v))]
    every = [lead.name, lead.company, lead.message, lead.phone or '', lead.email.partition('@')[0],
             *lead.extra.keys(), *lead.extra.values()]
    found: list[str] = []
    if allowed:
        found += [f'language:{code}' for code in _languages(prose, allowed)]
        found += [f'script:{s.lower()}' for s in _scripts(every, allowed)]
    found += [name for name, check in _CHECKS if any(check(t) for t in every if t)]
    if any(_prose_in_url(u) for t in every for u in _urls(t)):
        found.append('prose_in_url')
    if any(_identifier_key(k) and not _is_url(v) and _prose(v) for k, v in lead.extra.items()) \
            or _phone_prose(lead.phone or ''):
        found.append('prose_in_field')
    return found


# --- language and writing system ------------------------------------------------------------------------------------

def _code(cld: str) -> str:
    return _CODES.get(cld, cld.split('-')[0])


def _detect(text: str, hint: str) -> tuple[bool, list[tuple[str, int]]]:
    # CLD2 refuses text that is not interchange-valid UTF-8 (controls, lone surrogates, non-characters) with an
    # error: such characters are flagged as invisible elsewhere, and here they are spaces, so no sender can make the
    # check fail. Only letters, marks, digits, punctuation and symbols reach it.
    raw = ''.join(ch if ch.isprintable() else ' ' for ch in text).encode('utf-8', 'replace')
    # The expected languages as a hint: a Dutch line is not read as Afrikaans, nor Norwegian as Danish, while a
    # line that is plainly another language still reads as that one.
    try:
        detected = pycld2.detect(raw, hintLanguageHTTPHeaders=hint)  # pyright: ignore[reportUnknownMemberType, reportUnknownVariableType]
    except pycld2.error:  # pyright: ignore[reportUnknownMemberType, reportAttributeAccessIssue]
        return False, []  # whatever else it refuses: no language read, the lead's other checks still run
    reliable, _, found = cast(tuple[bool, int, tuple[tuple[str, str, int, float], ...]], detected)
    return reliable, [(_code(code), pct) for _, code, pct, _ in found if code != 'un' and not code.startswith('xx')]


def _languages(texts: list[str], allowed: frozenset[str]) -> list[str]:
    found: dict[str, None] = {}
    hint = ','.join(sorted(allowed))
    for text in texts:
        plain = _EMAILISH.sub(' ', _URL.sub(' ', text))
        if len(_LETTER_WORD.findall(plain)) < _MIN_WORDS:
            continue
        reliable, langs = _detect(plain, hint)
        if reliable:
            found.update((code, None) for code, pct in langs if code not in allowed and pct >= _MIN_SHARE)
        for sentence in _SENTENCES.findall(plain):
            if len(_LETTER_WORD.findall(sentence)) < _MIN_WORDS:
                continue
            reliable, langs = _detect(sentence, hint)
            if reliable and langs and langs[0][0] not in allowed and langs[0][1] >= _MIN_PERCENT:
                found[langs[0][0]] = None
    return list(found)


@lru_cache(maxsize=8192)
def _script(ch: str) -> str:
    return str(categories.alias(ch))  # pyright: ignore[reportUnknownMemberType]


def _scripts(texts: list[str], allowed: frozenset[str]) -> list[str]:
    usual = {'LATIN', 'COMMON', 'INHERITED'}.union(*(_SCRIPTS.get(lang, ()) for lang in allowed))
    letters: Counter[str] = Counter()
    for text in texts:
        for ch, n in Counter(text).items():
            if not ch.isascii() and ch.isalpha() and (s := _script(ch)) not in usual:
                letters[s] += n
    return sorted(s for s, n in letters.items() if n >= _FOREIGN_LETTERS)


_WORD = re.compile(r'[^\W\d_]{2,}')


def _mixed_script(text: str) -> bool:
    if text.isascii():
        return False
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        alphabets = {_script(c) for c in word} - _EAST_ASIAN - {'COMMON', 'INHERITED'}
        if len(alphabets) >= 2:
            return True
    return False


_STACKED = re.compile(r'[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]{3}')


# Letters spelled one at a time, a space apart: 'p l e a s e'.
_SPACED = re.compile(r'(?<!\S)[^\W\d_](?:[^\S\n]{1,3}[^\W\d_](?!\S)){5}')


def _styled(text: str) -> bool:
    if _SPACED.search(text):
        return True
    if text.isascii():
        return False
    styled = 0
    for ch, n in Counter(text).items():
        if not ch.isascii() and (ch.isalnum() or unicodedata.category(ch) == 'So'):
            folded = unicodedata.normalize('NFKC', ch)
            if len(folded) == 1 and folded.isascii() and folded.isalnum():  # a ligature (ﬁ) folds to two letters
                styled += n
    return styled >= 3 or _STACKED.search(unicodedata.normalize('NFC', text)) is not None


# --- invisible characters ---------------------------------------------------------------------------------------

# Blank letters: Hangul fillers and the braille blank show nothing, yet count as letters.
_BLANK = frozenset('\u115f\u1160\u3164\uffa0\u2800')
_FLAG = '\U0001f3f4'  # a subdivision flag (England, Scotland, Wales) is the black flag followed by tag characters


def _invisible(text: str) -> bool:
    if text.isascii():
        return any(c < ' ' and c not in '\t\n\r' or c == '\x7f' for c in text)
    for i, ch in enumerate(text):
        cat = unicodedata.category(ch)
        if ch in _BLANK or cat in ('Co', 'Cs', 'Cn') or cat == 'Cc' and ch not in '\t\n\r':
            return True
        if cat == 'Cf' or '\ufe00' <= ch <= '\ufe0f' or '\U000e0100' <= ch <= '\U000e01ef':
            if not _needed(text, i, ch):
                return True
    return False


def _needed(text: str, i: int, ch: str) -> bool:
    """Whether a format character or selector at `i` is part of an emoji sequence (or a leading byte-order mark)."""
    before = text[i - 1] if i else ''
    if ch == '\ufeff':
        return i == 0
    if ch == '\u200d':  # zero-width joiner: between two emoji (👩‍💻)
        after = text[i + 1] if i + 1 < len(text) else ''
        return _emoji(before) and _emoji(after)
    if ch == '\ufe0f':  # emoji presentation: after a symbol, or a keycap's digit
        return _emoji(before) or before in '0123456789#*'
    if '\U000e0020' <= ch <= '\U000e007f':  # tags: only in a subdivision flag
        j = i
        while j > 0 and '\U000e0020' <= text[j - 1] <= '\U000e007f':
            j -= 1
        return j > 0 and text[j - 1] == _FLAG and i - j < 8
    return False


def _emoji(ch: str) -> bool:
    return bool(ch) and (unicodedata.category(ch) == 'So' or ch in '\ufe0f\u200d' or '\U0001f3fb' <= ch <= '\U0001f3ff')


# --- markup and structure ---------------------------------------------------------------------------------------

_HTML_ELEMENTS = frozenset(
    'a abbr b blockquote br caption cite code dd del div dl dt em font h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p '
    'pre q s small span strike strong sub sup table tbody td tfoot th thead tr tt u ul'.split())
_HIDDEN_HTML = re.compile(
    r'<!--|<\s*/?\s*(?:script|style|iframe|frame|object|embed|svg|math|form|input|textarea|button|meta|link|base|'
    r'template|noscript)\b'
    r'|<[^<>]{0,500}?\s(?:on[a-z]{3,20}\s*=|hidden\b|style\s*=\s*["\']?[^"\'>]{0,200}?(?:display\s*:\s*none|'
    r'visibility\s*:\s*hidden|font-size\s*:\s*0|opacity\s*:\s*0|color\s*:\s*(?:#fff\b|#ffffff|white|transparent)))'
    r'|(?:javascript|vbscript|data)\s*:[^\s,;]{0,40}[,;(]'
    r'|!\[[^\]\n]{0,300}\]\('
    # a markdown reference definition, which renders as nothing: '[//]: # (...)', '[1]: https://...'
    r'|(?:^|\n)[^\S\n]{0,3}\[[^\]\n]{1,100}\]:[^\S\n]{0,20}\S', re.IGNORECASE)
_TAG = re.compile(r'<\s*/?\s*([A-Za-z][\w:-]{0,40})(?:\s[^<>]{0,500})?/?>')
_HTML_LINK = re.compile(r'<a\s[^<>]{0,500}?href\s*=\s*["\']?([^"\'\s>]{1,2000})[^<>]{0,500}>([^<]{0,500})</a\s*>',
                        re.IGNORECASE)
_MD_LINK = re.compile(r'\[([^\[\]\n]{1,300})\]\(\s*<?([^()\s<>]{1,2000})>?(?:\s+"[^"\n]{0,300}")?\s*\)')


def _hidden_markup(text: str) -> bool:
    if '<' not in text and '[' not in text and ':' not in text:
        return False
    if _HIDDEN_HTML.search(text):
        return True
    if any(m[1].lower() not in _HTML_ELEMENTS for m in _TAG.finditer(text)):
        return True
    links = [(m[2], m[1]) for m in _HTML_LINK.finditer(text)] + [(m[1], m[2]) for m in _MD_LINK.finditer(text)]
    return any(not _shows_target(shown, target) for shown, target in links)


def _shows_target(shown: str, target: str) -> bool:
    """Whether a link's visible text is its target (the address, with or without its scheme)."""

    def bare(s: str) -> str:
        s = s.strip().lower().removeprefix('mailto:')
        return re.sub(r'^(?:https?://)?(?:www\.)?', '', s).rstrip('/')

    return bare(shown) == bare(target)


_FENCE = re.compile(r'(?:^|\n)[^\S\n]{0,8}(?:```|~~~)')
_JSON = re.compile(r'[{\[]\s{0,50}"[^"\n]{1,80}"\s{0,20}:')
_FRAME = re.compile(r'(?:^|\n)[^\S\n]{0,20}(?:at [\w$.<>/-]{1,200}\s?\(|File "[^"\n]{1,300}", line \d'
                    r'|#\d{1,3} 0x[0-9a-f]{4,}|Caused by: |\[?\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d)?\S{0,20}\]?\s{1,4}'
                    r'\[?(?:ERROR|WARN|WARNING|INFO|DEBUG|FATAL|TRACE)\b)|Traceback \(most recent call last\)')
_CONFIG = re.compile(r'(?:^|\n)[^\S\n]{0,20}-?[^\S\n]{0,4}(?:[a-z][a-z0-9]{0,40}(?:[_.][a-z0-9]{1,40}){1,8}|'
                     r'[a-z]{1,40}[A-Z][A-Za-z0-9]{1,40})[^\S\n]{0,4}[:=][^\S\n]{0,4}\S')


def _structured(text: str) -> bool:
    if _FENCE.search(text) or _JSON.search(text):
        return True
    return len(_FRAME.findall(text)) >= 2 or 'Traceback (most recent' in text or len(_CONFIG.findall(text)) >= 2


_BLOB = re.compile(r'[A-Za-z0-9+/=_-]{48,}')
# Characters written as escapes a reader would have to undo: '&#105;', '&#x69;', '%69', '\\u0069', '\\x69'.
_ESCAPE = re.compile(r'&#[0-9]{1,7};|&#x[0-9a-f]{1,6};|%[0-9a-f]{2}|\\u[0-9a-f]{4}|\\x[0-9a-f]{2}', re.IGNORECASE)


def _encoded(text: str) -> bool:
    rest = _URL.sub(' ', text)
    if len(_ESCAPE.findall(rest)) >= 3:
        return True
    for blob in _BLOB.findall(rest):
        kinds = sum(any(f(c) for c in blob) for f in (str.isupper, str.islower, str.isdigit))
        if kinds >= 2 and not re.fullmatch(r'[A-Za-z]+(?:[_-][A-Za-z]+)*', blob):
            return True
    return False


_CHECKS = (('mixed_script', _mixed_script), ('styled_letters', _styled), ('invisible_characters', _invisible),
           ('hidden_markup', _hidden_markup), ('structured_block', _structured), ('encoded_blob', _encoded))


# --- identifiers that hold prose --------------------------------------------------------------------------------

# Extra fields that hold an identifier, by key: UTM values, referrers, links, click ids, phone numbers, ids.
_IDENTIFIER_KEY = re.compile(r'utm|url|uri|link|href|ref|source|medium|campaign|term|keyword|gclid|fbclid|msclkid|'
                             r'click|landing|page|path|domain|website|site|phone|mobile|tel|fax|zip|postal|(^|_)id$',
                             re.IGNORECASE)


def _identifier_key(key: str) -> bool:
    return _IDENTIFIER_KEY.search(key) is not None


def _is_url(value: str) -> bool:
    return _URL.fullmatch(value.strip()) is not None


def _urls(text: str) -> list[str]:
    return _URL.findall(text) if ('://' in text or 'www.' in text.lower()) else []


_PUNCTUATED = re.compile(r'[.!?;:,](?:\s|$)')
# A word of prose: letters (an apostrophe or hyphen inside), a punctuation mark after. Not a slug or a click id.
_PROSE_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*[.,!?;:]?")


_SLUG_PARTS = re.compile(r'(?<![^\s_+.-])[^\W\d_]{2,}(?![^\s_+.-])')


def _prose(value: str) -> bool:
    """Whether a value reads as sentences: many words, or several with a sentence's punctuation."""
    value = _URL.sub(' ', value)
    words = [w for w in value.split()[:200] if _PROSE_WORD.fullmatch(w)]
    if len(words) >= 6 or (len(words) >= 4 and _PUNCTUATED.search(value) is not None):
        return True
    # a sentence written as a slug: 'please-send-this-one-straight-on-to-the-team'
    return len(_SLUG_PARTS.findall(value[:2000])) >= 10


def _prose_in_url(url: str) -> bool:
    try:
        parts = urlsplit(url if '://' in url else f'https://{url}')
        values = [v for _, v in parse_qsl(parts.query, keep_blank_values=True)]
    except ValueError:
        return True  # a link no parser reads is no identifier
    return any(_prose(v) for v in [*values, unquote_plus(parts.fragment)])


_PHONE = re.compile(r'[\d\s+().\-/]*(?:(?:ext|x|extension|durchwahl|toestel)\.?\s*\d{1,6})?\s*', re.IGNORECASE)


def _phone_prose(phone: str) -> bool:
    return bool(phone) and not _PHONE.fullmatch(phone) and len(_LETTER_WORD.findall(phone)) >= 3
