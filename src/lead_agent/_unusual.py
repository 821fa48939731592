"""Text out of the ordinary: the named reasons a lead's text is not what a contact form holds.

`_injection` recognises instructions by their wording and shape, and every new set of attacks finds wording it
lacks. This module does not look for instructions. It asks whether the text is ordinary, from properties that no
rewording changes, and a lead whose text is not is read by a person before anything acts on it (`guards.decide`,
rule `unusual_text`). It never rejects: a spam verdict stays as it was.

Each reason is a precheck flag `unusual:<reason>`:

- `language:<code>`: a sentence or line of four uncapitalised words or more, or the whole message, confidently (CLD2) in a
  language the policy's `intake.languages` does not list.
- `script:<name>`: running text (four words, or ten characters of a script written without spaces) in a writing
  system none of those languages uses (Han, Hangul, Arabic, Cyrillic...), in the message or free-text fields; a
  name in its own script is ordinary.
- `mixed_script`: a word that mixes letters of two alphabets (`pаypal` with a Cyrillic `а`).
- `styled_letters`: letters in compatibility forms (full-width unless the policy expects an East Asian language,
  mathematical, circled) or under stacked marks; not digits, superscripts or subscripts.
- `invisible_characters`: controls, private-use or unassigned characters, blank letters, bidi embeddings and
  overrides, tags outside a flag, runs of variation selectors, or more than two zero-width characters.
- `hidden_markup`: HTML comments, active or hidden HTML (script, style, frames, event handlers, hidden styles,
  `javascript:` or `data:` links), tags of no HTML element, a link whose visible text is an address other than
  its target, an image.
- `structured_block`: a code fence, a JSON object of two keys or more (not a whole field a vendor sends as JSON),
  stack-trace frames or configuration lines (`a_key: value`).
- `encoded_blob`: a long run of hex, or of base64's mix of cases and digits, outside a link.
- `prose_in_url`: a link's query or fragment, in any field, that carries sentences rather than identifiers.
- `prose_in_field`: an identifier field (UTM, referrer, link, phone, id) that holds prose.
- `foreign_address`: a business sender's text gives an email address at a webmail or throw-away mailbox, or an
  address, link or host name at a look-alike of the sender's domain: their name and more, or hyphenated otherwise
  (`acme-billing.com`, `secure-acme.net`, `ac-me.com` beside `acme.com`), their whole domain with more after it
  (`acme.com.evil.net`) or as a link's user part (`https://acme.com@evil.net/`), a one-letter typo of a name of
  eight letters or more, or their name under a typo of a generic suffix (`acme.co`, `acme.com.co`, `acme.cm`); or an
  email address at any other organisation in what the sender writes now (not the mail quoted or forwarded under
  it) in a language whose requests to send records, invoices or admin rights elsewhere `_account_control` and
  `_east_asian` do not read (Hungarian, Greek, Romanian...; not English, where "copy our IT partner" is ordinary and
  a request to send the client list to the agency is read by its words). Where
  a request to send a contract, credentials, invoices or an admin invite elsewhere points, in any language and
  whatever its wording; spelled out ('jo [at] gmail [dot] com', 'legal at acme-firma dot com') or in full-width
  letters too. A host named with no link or address counts under a public suffix only (not `acme_rfp.docx`), and
  with more than the name only for a name of eight letters or more (`websummit.com` beside `summit.com` is another
  site). The sender's own name under another country's suffix (`acme.de`, `acme.com.br` beside `acme.com`) is
  theirs, and a webmail sender has no organisation. A company's own second domain with more in its name
  (`acme-group.com`) reads as a look-alike: such a lead is read by a person first.

Every check is a linear scan (bounded repetitions, no nested quantifiers over the same characters): a lead's text
is hostile and may be 100,000 characters long.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache, partial
from typing import cast
from urllib.parse import parse_qsl, unquote_plus, urlsplit

import pycld2  # pyright: ignore[reportMissingTypeStubs]
from confusable_homoglyphs import categories  # pyright: ignore[reportMissingTypeStubs]
from rapidfuzz.distance import OSA

from . import _addresses, _domains, _text
from .models import Lead

__all__ = ('REASONS', 'reasons')

REASONS = ('language', 'script', 'mixed_script', 'styled_letters', 'invisible_characters', 'hidden_markup',
           'structured_block', 'encoded_blob', 'prose_in_url', 'prose_in_field', 'link_in_name', 'foreign_address')

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
_MIN_WORDS = 4  # uncapitalised words: CLD2 misreads shorter spans, a signature, a greeting, a line of names
_SHORT_WORDS = 2  # a shorter sentence is read only together with others of the same language
_MIN_PERCENT = 80  # of a sentence's letters in the foreign language
_MIN_SHARE = 30  # of the whole message's letters, for a language CLD2 finds beside others
# Running text in another writing system: words of it (a name in a signature is two or three), or characters of a
# script written without spaces (a company's name in Han is a few). Names and company fields are not counted.
_FOREIGN_WORDS = 4
_FOREIGN_EAST_ASIAN = 10

# A link: a scheme, or 'www.' and a host name's labels (text glued after 'www.' is no link, and stays read).
_URL = re.compile(r'(?:https?://|www\.[a-z0-9-]{1,63}\.[a-z0-9.-]{1,200}(?=[/?#:\s<>"\'`)\]]|$))[^\s<>"\'`)\]]{0,2000}',
                  re.IGNORECASE)
_EMAILISH = re.compile(r'[\w.+-]{1,100}@[\w-]{1,100}(?:\.[\w-]{1,63}){0,10}')
_SENTENCES = re.compile(r'[^\n.!?。！？]{1,2000}')  # a sentence or line; cut at 2,000 so no span is scanned twice
_LETTER_WORD = re.compile(r'[^\W\d_]{2,}')  # a run of letters (Indic vowel signs end it: see `_words`)


def reasons(lead: Lead, languages: Iterable[str], *, webmail: bool = False,
            free_domains: Sequence[str] = ()) -> list[str]:
    """The reasons a lead's text is out of the ordinary, each once, in `REASONS` order (`language:pl`...).

    `webmail`: the sender's address is a free or throw-away mailbox (by the policy's lists too).
    `free_domains`: the policy's own free-mail domains, read as webmail where the text names an address.
    """
    allowed = frozenset(languages)
    prose = [lead.message, *(v for k, v in lead.extra.items() if not _identifier_key(k) and not _is_url(v))]
    every = [lead.name, lead.company, lead.message, lead.phone or '', lead.email.partition('@')[0],
             *lead.extra.keys(), *lead.extra.values()]
    found: list[str] = []
    if allowed:
        found += [f'language:{code}' for code in _languages(prose, allowed)]
        found += [f'script:{s.lower()}' for s in _scripts(prose, allowed)]
    east_asian = any(_SCRIPTS.get(lang, frozenset()) & _EAST_ASIAN for lang in allowed) or not allowed
    # A vendor's structured field (HubSpot's hs_context) is JSON by design: it is no block pasted into a message.
    plain = [t for t in every if t and not _vendor_json(t)]
    checks = (('mixed_script', _mixed_script), ('styled_letters', partial(_styled, east_asian=east_asian)),
              ('invisible_characters', _invisible), ('hidden_markup', _hidden_markup),
              ('structured_block', _structured), ('encoded_blob', _encoded))
    found += [name for name, check in checks if any(check(t) for t in plain)]
    if any(_prose_in_url(u) for t in every for u in _urls(t)):
        found.append('prose_in_url')
    if any(_identifier_key(k) and not _is_url(v) and _prose(v) for k, v in lead.extra.items()) \
            or _phone_prose(lead.phone or ''):
        found.append('prose_in_field')
    if _linked(lead.name, domains=True) or _linked(lead.company, domains=False):
        found.append('link_in_name')
    if not webmail and (_foreign_address([lead.message, lead.company, *lead.extra.values()], lead.domain, free_domains)
                        or _other_organisation(lead.message, lead.domain)):
        found.append('foreign_address')
    return found


# --- addresses outside the sender's organisation -------------------------------------------------------------------

_MIN_NAME = 5  # letters of a domain name another must hold to look like it ('bolt' is in 'boltzmann')
_MIN_TYPO = 8  # letters of a domain name a one-letter change of which looks like it ('acme' and 'acne' are two)
# A host name in running text, from a label's start: 'acme-firma.com/upload' with no scheme, 'acme.com.evil.net'.
# Bounded labels, and no start inside a label or after a dot, so each character is read from one start only.
_BARE_HOST = re.compile(r'(?<![\w.@-])(?>[\w-]{1,63}(?:\.[\w-]{1,63}){1,8})(?![\w.-]*@)')  # not an address's user


def _foreign_address(texts: list[str], sender: str, free: Sequence[str] = ()) -> bool:
    """Whether a text gives a mailbox anyone can open, or an address, link or host at a look-alike of the sender's domain.

    Addresses are read however spelled (`_addresses.readable`: '[at]', 'at ... dot', '(a)', 'arroba', full-width
    letters). A mailbox anyone can open is at a webmail of the kept lists or of `free` (the policy's: a local provider
    the lists lack, whose address as the sender's is free mail already, was a company's in the text, holdout13's
    h13-059).
    """
    own = _domains.registered(sender)
    for text in texts:
        lowered = _addresses.readable(text)
        if '@' in lowered:
            for found in _EMAILISH.findall(lowered):
                domain = found.rpartition('@')[2].strip('.-')
                if '.' in domain and (_domains.webmail(domain) or _domains.matches(domain, free)
                                      or _looks_like(sender, domain)):
                    return True
        for url in _urls(lowered):  # a link's host, and its user part naming the sender: 'https://acme.com@evil.net/'
            user, host = _user_and_host(url)
            if _looks_like(sender, host) or (own in user and host and _domains.registered(host) != own):
                return True
        # A host named with no link around it ('upload it at acme-contracts.com/upload'), read outside the links
        # (a file on the sender's own site named for them is no host): only under a public suffix and with no '_'
        # (an attachment's name, 'acme_rfp_v2.docx', is none), and their name with more only for a long name
        # ('summit' is in 'websummit.com').
        for host in _BARE_HOST.findall(_unlinked(lowered)):
            host = host.strip('.-')
            if '_' not in host and _domains.parts(host, listed=True)[1] and _looks_like(sender, host, bare=True):
                return True
    return False


# The languages in which a request to send a customer's records, invoices, access or admin rights to an address
# elsewhere is read by its words (`_account_control`: en/de/fr/es/pt/it/nl/sv/no/da/fi; `_east_asian`: ja/zh/ko).
_ELSEWHERE_READ = frozenset(('en', 'de', 'fr', 'es', 'pt', 'it', 'nl', 'sv', 'no', 'nb', 'nn', 'da', 'fi', 'ja', 'zh',
                             'ko'))


def _other_organisation(message: str, sender: str) -> bool:
    """Whether what the sender writes now gives an email address at another organisation, in an unread language.

    What the sender writes now is `_text.unquoted`; an unread language is one whose requests to send things elsewhere
    are not read by their words (`_ELSEWHERE_READ`; CLD2's first language, or none found). holdout24 and holdout25:
    customers asked, in Hungarian and Greek, for their whole customer database or their guests' phone numbers to be
    sent to their accountant's or agency's address, and were routed to support. Theirs are their domain, its
    subdomains, and their name under another country's suffix (`acme.de` beside `acme.com`).
    """
    now = _text.unquoted(message)
    lowered = _addresses.readable(now)
    if '@' not in lowered:
        return False
    own, name = _domains.registered(sender), _domains.parts(sender)[0]
    if not any('.' in (domain := found.rpartition('@')[2].strip('.-')) and _domains.registered(domain) != own
               and _domains.parts(domain)[0] != name for found in _EMAILISH.findall(lowered)):
        return False
    _, found = _detect(_printable(now), '')
    return not found or found[0][0] not in _ELSEWHERE_READ


def _user_and_host(url: str) -> tuple[str, str]:
    """A link's user part and host name, lower case; '' for a link no parser reads ('http://[::1', a bad port)."""
    try:
        parts = urlsplit(url if '://' in url else '//' + url)
        return parts.username or '', (parts.hostname or '').strip('.')
    except ValueError:
        return '', ''


def _looks_like(sender: str, host: str, *, bare: bool = False) -> bool:
    """Whether a host is at a look-alike of the sender's domain.

    The sender's whole domain among its labels (`acme.com.evil.net`), the sender's name with more (`acme-billing.com`,
    `secure-acme.net`, `ac-me.com`), a typo of a long name (`lakesideclinlcs.com`), or the name under a typo of a
    generic suffix (`acme.co` beside `acme.com`). The sender's own domain and its subdomains, and their name under
    another country's suffix (`acme.de`, `acme.com.br`), are theirs. `bare`: a host named with no link or address,
    whose name with more counts only for a name of `_MIN_TYPO` letters or more.
    """
    if '.' not in host:
        return False
    own = _domains.registered(sender)
    if _domains.registered(host) == own:
        return False
    (name, suffix), (theirs, their_suffix) = _domains.parts(sender), _domains.parts(host)
    if name == theirs:  # theirs under a typo of a generic suffix: '.co' or '.com.co' beside '.com'
        return len(suffix) >= 3 and '.' not in suffix and min(
            OSA.distance(suffix, s, score_cutoff=1) for s in (their_suffix, their_suffix.rpartition('.')[2])) <= 1
    if f'.{own}.' in f'.{host}.':
        return True
    plain, other_plain = name.replace('-', ''), theirs.replace('-', '')
    if len(plain) >= (_MIN_TYPO if bare else _MIN_NAME) and (
            other_plain.startswith(plain) or other_plain.endswith(plain) or f'-{name}-' in f'-{theirs}-'):
        return True
    return len(plain) >= _MIN_TYPO and OSA.distance(plain, other_plain, score_cutoff=1) <= 1


# A host name in a person's name ('Priya.evil-login.example'): labels joined by dots, a lower-case top level.
_HOST = re.compile(r'[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[a-z]{2,24}\b')


def _linked(text: str, *, domains: bool) -> bool:
    """A link in a name or company field (a company may be named for its domain, 'Booking.com'; a person is not).

    What a name field holds is repeated where a person is addressed: the acknowledgement's greeting, the Slack
    summary (which makes a bare address a link), the CRM contact.
    """
    return bool(_urls(text)) or (domains and _HOST.search(text) is not None)


# --- language and writing system ------------------------------------------------------------------------------------

def _code(cld: str) -> str:
    return _CODES.get(cld, cld.split('-')[0])


def _printable(text: str) -> str:
    """The text as CLD2 takes it: its other characters as spaces, its line breaks kept.

    CLD2 refuses text that is not interchange-valid UTF-8 (controls, lone surrogates, non-characters) with an error:
    such characters are flagged as invisible elsewhere, and here they are spaces, so no sender can make the check
    fail. Only letters, marks, digits, punctuation and symbols reach it.
    """
    if text.replace('\n', '').isprintable():
        return text
    return ''.join(ch if ch.isprintable() or ch == '\n' else ' ' for ch in text)


def _detect(text: str, hint: str) -> tuple[bool, list[tuple[str, int]]]:
    # `text` is printable (see `_languages`); a lone surrogate still can't be UTF-8.
    raw = text.encode('utf-8', 'replace')
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
        plain = _unlinked(text, emails=True)
        if _common_words(plain) < _MIN_WORDS:
            continue
        reliable, langs = _detect(_printable(plain), hint)
        if reliable:
            found.update((code, None) for code, pct in langs if code not in allowed and pct >= _MIN_SHARE)
        # Short sentences that each read as one foreign language are read again together: an instruction cut into
        # three-word sentences among paragraphs of English is still a paragraph of Polish.
        short: dict[str, list[str]] = {}
        for sentence in _SENTENCES.findall(plain):
            words = _common_words(sentence)
            if words < _SHORT_WORDS:
                continue
            reliable, langs = _detect(sentence, hint)
            if not langs or langs[0][0] in allowed or langs[0][1] < _MIN_PERCENT:
                continue
            if words >= _MIN_WORDS:
                if reliable:
                    found[langs[0][0]] = None
            else:
                short.setdefault(langs[0][0], []).append(sentence)
        for code, sentences in short.items():
            joined = '. '.join(sentences)
            if len(sentences) >= 2 and _common_words(joined) >= _MIN_WORDS:
                reliable, langs = _detect(joined, hint)
                if reliable and langs and langs[0][0] == code and langs[0][1] >= _MIN_PERCENT:
                    found[code] = None
    return list(found)


def _common_words(text: str) -> int:
    """Words CLD2 can read a language from: those not capitalised.

    A line of names ('CC Kari Singh, Minh Bianchi') is then too short to be read as Breton. Scripts without case
    count whole.
    """
    return sum(1 for w in _words(text) if not w[0].isupper())


def _words(text: str) -> list[str]:
    """Words of two letters or more, split at spaces and punctuation.

    Not a word pattern: Python's word characters leave out the vowel signs of Indic scripts (category M), which would
    cut 'कृपया' into pieces.
    """
    return [w for w in _NOT_WORD.split(text[:100_000])
            if len(head := w[:3]) >= 2 and (head.isalpha() or sum(c.isalpha() for c in head) >= 2)]


_NOT_WORD = re.compile(r"[\s\d_.,;:!?()\[\]{}<>\"'`/\\|@#$%^&*+=~-]+")


@lru_cache(maxsize=8192)
def _script(ch: str) -> str:
    return str(categories.alias(ch))  # pyright: ignore[reportUnknownMemberType]


def _scripts(texts: list[str], allowed: frozenset[str]) -> list[str]:
    usual = {'LATIN', 'COMMON', 'INHERITED'}.union(*(_SCRIPTS.get(lang, ()) for lang in allowed))
    letters: Counter[str] = Counter()
    words: Counter[str] = Counter()
    for text in texts:
        if text.isascii():
            continue
        for ch, n in Counter(text).items():
            if not ch.isascii() and ch.isalpha() and (s := _script(ch)) not in usual:
                letters[s] += n
        if letters:
            for word in _words(text):
                if not word.isascii() and word[0].isalpha() and (s := _script(word[0])) not in usual:
                    words[s] += 1
    return sorted(s for s, n in letters.items()
                  if (n >= _FOREIGN_EAST_ASIAN if s in _EAST_ASIAN else words[s] >= _FOREIGN_WORDS))


def _mixed_script(text: str) -> bool:
    if text.isascii():
        return False
    for word in _LETTER_WORD.findall(text):
        if word.isascii():
            continue
        alphabets = {_script(c) for c in word} - _EAST_ASIAN - {'COMMON', 'INHERITED'}
        if len(alphabets) >= 2:
            return True
    return False


_STACKED = re.compile(r'[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]{3}')


# Letters spelled one at a time, a space apart: 'p l e a s e'.
_SPACED = re.compile(r'(?<!\S)[^\W\d_](?:[^\S\n]{1,3}[^\W\d_](?!\S)){5}')


def _styled(text: str, *, east_asian: bool) -> bool:
    """`east_asian`: the policy expects an East Asian language, whose full-width forms are its own."""
    if _SPACED.search(text):
        return True
    if text.isascii():
        return False
    styled = 0
    for ch, n in Counter(text).items():
        if ch.isascii() or not (ch.isalpha() or unicodedata.category(ch) == 'So'):
            continue  # digits in any form (m², ①, ０３) are numbers, not disguised words
        kind = unicodedata.decomposition(ch).split(' ', 1)[0]
        if kind in ('<super>', '<sub>') or kind == '<wide>' and east_asian:
            continue  # 2ⁿᵈ, and a Japanese company's full-width ＡＢＣ, are how those are written
        folded = unicodedata.normalize('NFKC', ch)
        if len(folded) == 1 and folded.isascii() and folded.isalpha():  # a ligature (ﬁ) folds to two letters
            styled += n
    return styled >= 3 or _STACKED.search(unicodedata.normalize('NFC', text)) is not None


# --- invisible characters ---------------------------------------------------------------------------------------

# Blank letters: Hangul fillers and the braille blank show nothing, yet count as letters.
_BLANK = frozenset('\u115f\u1160\u3164\uffa0\u2800')


# Always out of place: bidi embeddings, overrides and isolates (text shown in another order than it is read), tags
# outside a subdivision flag, and runs of variation selectors (bytes smuggled one selector at a time).
_BIDI = re.compile('[\u202a-\u202e\u2066-\u2069]')
_FLAG_SEQUENCE = re.compile('\U0001f3f4[\U000e0020-\U000e007e]{1,7}\U000e007f')
_TAG_CHAR = re.compile('[\U000e0000-\U000e007f]')
_SELECTOR_RUN = re.compile('[\ufe00-\ufe0f\U000e0100-\U000e01ef]{2}')
# Zero-width characters: one is a copy-and-paste accident (a link from a chat, a word joiner from Word); several
# split words apart. A joiner between two emoji (👩‍💻) is part of the emoji; marks of direction and soft hyphens
# are how names and long words are set, and are not counted.
_ZERO_WIDTH = re.compile('[\u200b\u200c\u2060-\u2064\u034f\u180e\u061c\ufff9-\ufffb]|' r'(?<![^\w\s])\u200d|'
                         r'\u200d(?![^\w\s])|(?<=.)\ufeff', re.DOTALL)
_ZERO_WIDTH_MAX = 2
_ASCII_CONTROL = re.compile('[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]')  # every control character but tab and line ends


def _invisible(text: str) -> bool:
    if text.isascii():
        return _ASCII_CONTROL.search(text) is not None
    for ch in set(text):
        cat = unicodedata.category(ch)
        if ch in _BLANK or cat in ('Co', 'Cs') or cat == 'Cc' and ch not in '\t\n\r':
            return True
        if cat == 'Cn' and not '\U0001f000' <= ch <= '\U0001faff':  # newer emoji are unassigned in older tables
            return True
    if _BIDI.search(text) or _SELECTOR_RUN.search(text):
        return True
    if _TAG_CHAR.search(text) and _TAG_CHAR.search(_FLAG_SEQUENCE.sub('', text)):
        return True
    return len(_ZERO_WIDTH.findall(text, 0, 200_000)) > _ZERO_WIDTH_MAX


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
    # a markdown link with no text to a fragment, which renders as nothing: '[](#note: ...)' (not a signature's icon
    # link to a profile, nor a checklist's '[ ]')
    r'|\[\]\(\s{0,20}#[^()\n]{1,2000}\)'
    # a markdown reference definition, which renders as nothing: '[//]: # (...)', '[1]: https://...'
    r'|(?:^|\n)[^\S\n]{0,3}\[[^\]\n]{1,100}\]:[^\S\n]{0,20}\S', re.IGNORECASE)
_TAG = re.compile(r'<\s*/?\s*([A-Za-z][\w:-]{0,40})(?:\s[^<>]{0,500})?/?>')
# An <a> tag's attributes and its text. Neither part can hold '<' or '>', so a scan from one '<a' stops at the next
# bracket: linear in the text, however many unclosed '<a href=' an attacker strings together.
_HTML_LINK = re.compile(r'<a\s([^<>]{0,3000})>([^<]{0,500})</a\s*>', re.IGNORECASE)
_HREF = re.compile(r'href\s*=\s*["\']?([^"\'\s]{1,2000})', re.IGNORECASE)
_MD_LINK = re.compile(r'\[([^\[\]\n]{1,300})\]\(\s*<?([^()\s<>]{1,2000})>?(?:\s+"[^"\n]{0,300}")?\s*\)')


def _hidden_markup(text: str) -> bool:
    if '<' not in text and '[' not in text and ':' not in text:
        return False
    if _HIDDEN_HTML.search(text):
        return True
    if any(m[1].lower() not in _HTML_ELEMENTS and _tag_like(m[0]) for m in _TAG.finditer(text)):
        return True
    links = [(m[2], href[1]) for m in _HTML_LINK.finditer(text) if (href := _HREF.search(m[1]))]
    links += [(m[1], m[2]) for m in _MD_LINK.finditer(text)]
    return any(_looks_like_address(shown) and not _shows_target(shown, target) for shown, target in links)


def _tag_like(tag: str) -> bool:
    """An unknown tag that reads as markup: closing, bare (`<system>`) or with an attribute, not `<insert a name>`."""
    inner = tag.strip('<>/ ')
    return tag.lstrip('< ').startswith('/') or ' ' not in inner or '=' in inner


_ADDRESS = re.compile(r'(?:[a-z][a-z0-9+.-]{1,20}:)?(?://)?[\w.+-]{0,100}@?[\w-]{1,63}(?:\.[\w-]{1,63}){1,10}(?:[/?#]\S*)?',
                      re.IGNORECASE)


def _looks_like_address(shown: str) -> bool:
    """Whether a link's visible text names an address (a link, a domain, an email): the one a reader trusts.

    A link whose text is prose ('our locations') shows no address, so it can't show a wrong one.
    """
    return _ADDRESS.fullmatch(shown.strip()) is not None


def _shows_target(shown: str, target: str) -> bool:
    """Whether a link's visible text is its target (the address, with or without its scheme)."""

    def bare(s: str) -> str:
        s = s.strip().lower().removeprefix('mailto:')
        return re.sub(r'^(?:https?://)?(?:www\.)?', '', s).rstrip('/')

    return bare(shown) == bare(target)


_FENCE = re.compile(r'```|(?:^|\n)[^\S\n]{0,8}~~~')
_JSON = re.compile(r'[{\[]\s{0,50}"[^"\n]{1,80}"\s{0,20}:')
_JSON_KEY = re.compile(r'"[^"\n]{1,80}"\s{0,20}:')
_FRAME = re.compile(r'(?:^|\n)[^\S\n]{0,20}(?:at [\w$.<>/-]{1,200}\s?\(|File "[^"\n]{1,300}", line \d'
                    r'|#\d{1,3} 0x[0-9a-f]{4,}|Caused by: |\[?\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d)?\S{0,20}\]?\s{1,4}'
                    r'\[?(?:ERROR|WARN|WARNING|INFO|DEBUG|FATAL|TRACE)\b)|Traceback \(most recent call last\)')
_CONFIG = re.compile(r'(?:^|\n)[^\S\n]{0,20}-?[^\S\n]{0,4}(?:[a-z][a-z0-9]{0,40}(?:[_.][a-z0-9]{1,40}){1,8}|'
                     r'[a-z]{1,40}[A-Z][A-Za-z0-9]{1,40})[^\S\n]{0,4}[:=][^\S\n]{0,4}\S')


def _structured(text: str) -> bool:
    # A JSON object of two keys or more: a quoted error ({"error": "rate_limited"}) has one.
    if _FENCE.search(text) or _JSON.search(text) and len(_JSON_KEY.findall(text, 0, 100_000)) >= 2:
        return True
    return len(_FRAME.findall(text)) >= 2 or 'Traceback (most recent' in text or len(_CONFIG.findall(text)) >= 2


_BLOB = re.compile(r'[A-Za-z0-9+/=_-]{48,}')
# Characters written as escapes a reader would have to undo: '&#105;', '&#x69;', '%69', '\\u0069', '\\x69'.
_ESCAPE = re.compile(r'&#[0-9]{1,7};|&#x[0-9a-f]{1,6};|%[0-9a-f]{2}|\\u[0-9a-f]{4}|\\x[0-9a-f]{2}', re.IGNORECASE)


def _encoded(text: str) -> bool:
    rest = _unlinked(text)
    if len(_ESCAPE.findall(rest)) >= 3:
        return True
    return any(_HEX.fullmatch(blob) or _base64_like(blob) for blob in _BLOB.findall(rest))


_HEX = re.compile(r'[0-9a-fA-F]+')


def _base64_like(blob: str) -> bool:
    """Upper and lower case letters and digits in base64's proportions.

    A file path or an order reference, mostly words in lower case or all capitals, is not.
    """
    upper, lower = sum(c.isupper() for c in blob), sum(c.islower() for c in blob)
    digits = sum(c.isdigit() for c in blob)
    return min(upper, lower, digits) > 0 and upper >= 0.15 * len(blob) and 0.2 <= lower / len(blob) <= 0.6


def _vendor_json(text: str) -> bool:
    """A whole value that is a JSON object: a form vendor's structured field, not text somebody typed."""
    stripped = text.strip()
    if not (stripped.startswith('{') and stripped.endswith('}')) or len(stripped) > 20_000:
        return False
    try:
        return isinstance(json.loads(stripped), dict)
    except ValueError:
        return False


# --- identifiers that hold prose --------------------------------------------------------------------------------

# Extra fields that hold an identifier, by a whole word of their key: UTM values, referrers, links, click ids,
# phone numbers, ids. `number_of_sites`, `security_requirements` and `page_title` hold no identifier.
_IDENTIFIER_WORDS = frozenset(
    'utm url uri link href ref referrer referer gclid fbclid msclkid wbraid gbraid dclid domain website site phone '
    'mobile tel telephone fax zip postal postcode id uuid'.split())
_KEY_WORDS = re.compile(r'[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+')


def _identifier_key(key: str) -> bool:
    return any(w.lower() in _IDENTIFIER_WORDS for w in _KEY_WORDS.findall(key[:200]))


def _is_url(value: str) -> bool:
    return _URL.fullmatch(value.strip()) is not None


def _urls(text: str) -> list[str]:
    return _URL.findall(text) if _may_link(text) else []


def _may_link(text: str) -> bool:
    """Whether a text holds what every link holds: '://' or 'www.' (in any case; no other letter matches a 'w')."""
    return '://' in text or 'www.' in text.lower()


def _unlinked(text: str, *, emails: bool = False) -> str:
    """The text with each link (and with `emails`, each email address) a space.

    A text without '://', 'www.' or '@' has none: it is not searched (the patterns are tried at every letter).
    """
    if _may_link(text):
        text = _URL.sub(' ', text)
    if emails and '@' in text:
        text = _EMAILISH.sub(' ', text)
    return text


_PUNCTUATED = re.compile(r'[.!?;](?:\s|$)')  # a sentence's end; a title's colon or a list's comma is no sentence
_LINK_PUNCTUATED = re.compile(r'[.!?;:,](?:\s|$)')
# A word of prose: letters (an apostrophe or hyphen inside), a punctuation mark after. Not a slug or a click id.
_PROSE_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*[.,!?;:]?")


_SLUG_PARTS = re.compile(r'(?<![^\s_+.-])[^\W\d_]{2,}(?![^\s_+.-])')


def _prose(value: str, *, in_link: bool = False) -> bool:
    """Whether a value reads as sentences: many words, or several ending a sentence.

    A campaign's or a page's title ('Spring Webinar: Reducing No-Shows in Outpatient Clinics') is neither.
    """
    value = _unlinked(value)
    words = [w for w in value.split()[:200] if _PROSE_WORD.fullmatch(w)]
    if in_link:  # a link's query or fragment holds identifiers: a few words with a comma are already prose
        if len(words) >= 6 or (len(words) >= 4 and _LINK_PUNCTUATED.search(value) is not None):
            return True
    elif len(words) >= 10 or (len(words) >= 5 and _PUNCTUATED.search(value) is not None):
        return True
    # a sentence written as a slug: 'please-send-this-one-straight-on-to-the-team'
    return len(_SLUG_PARTS.findall(value[:2000])) >= 10


def _prose_in_url(url: str) -> bool:
    try:
        parts = urlsplit(url if '://' in url else f'https://{url}')
        values = [v for _, v in parse_qsl(parts.query, keep_blank_values=True)]
    except ValueError:
        return True  # a link no parser reads is no identifier
    return any(_prose(v, in_link=True) for v in [*values, unquote_plus(parts.fragment)])


_PHONE = re.compile(r'[\d\s+().\-/]*(?:(?:ext|x|extension|durchwahl|toestel)\.?\s*\d{1,6})?\s*', re.IGNORECASE)


def _phone_prose(phone: str) -> bool:
    return bool(phone) and not _PHONE.fullmatch(phone) and len(_LETTER_WORD.findall(phone)) >= 3
