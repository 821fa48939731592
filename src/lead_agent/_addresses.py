"""Email addresses as a reader reads them, in whatever form a sender writes them.

A sender who wants an address past a filter spells it out: 'jo [at] gmail [dot] com', 'legal at acme-firma dot com',
'jo@gmail[.]com' (defanged, as security teams write them), 'jo @ gmail . com', 'ap(a)harborbooks.com' (as German and
Scandinavian sites write them), 'ap arroba harborbooks punto com' (Spanish, Portuguese), 'ap chiocciola harborbooks
punto it' (Italian), 'ap&#64;harborbooks.com' (an HTML entity), or in full-width letters ('ｊｏ＠ｇｍａｉｌ．ｃｏｍ').
`readable` writes each of these as the plain address, so every reading of addresses (`_unusual`'s addresses
elsewhere, `_account_control`'s destinations) reads them alike (helper-153: only `_unusual` read the spelled forms,
and neither read '(a)', 'arroba', 'chiocciola', an entity or blanks around a dot).

Each form is read only where it can be nothing else: a plain 'at' only before a spelled-out dot ('your ad at yahoo.com'
names a site), '(a)' only between the letters of an address and before a domain's dot ('see (a) below' is a list),
'punto', 'point' and a blank dot only after an '@' and its domain name ('punto de venta' is a point of sale). Every
blank run is bounded: a run of blanks is read from each of its blanks, and unbounded that was quadratic (helper-102:
20,000 blanks took 10 s).
"""

from __future__ import annotations

import re
import unicodedata

from . import _domains

# '@' spelled out: '[at]', '(at)', '{at}', '<at>'; a plain 'at' before a spelled-out dot; the word for '@' in the
# markets' languages (Spanish and Portuguese 'arroba', Italian 'chiocciola', French 'arobase', Dutch 'apenstaartje',
# German 'Klammeraffe', Swedish 'snabel-a', Polish 'małpa' is also a monkey and is left out) before a domain name.
_AT_WORDS = ('arroba', 'chiocciola', 'arobase', 'arobas', 'apenstaartje', 'klammeraffe', 'snabel-a')
_DOT_WORDS = r'(?:dot|punto|ponto|point|punkt|punt)'
_OPEN, _CLOSE = r'[\[({<]?', r'[\])}>]?'  # a bracket around a spelled word: 'ap (arroba) harborbooks (punto) com'
_SPELLED_AT = re.compile(
    r'[^\S\n]{0,3}[\[({<][^\S\n]{0,3}at[^\S\n]{0,3}[\])}>][^\S\n]{0,3}'
    r'|[^\S\n]{1,3}at[^\S\n]{1,3}(?=[\w-]{1,63}(?:[^\S\n]{0,3}[\[({<][^\S\n]{0,3}dot[^\S\n]{0,3}'
    r'[\])}>]|[^\S\n]{1,3}dot[^\S\n]{1,3}\w))'
    rf'|(?<=[\w.+-])[^\S\n]{{0,3}}{_OPEN}(?:{"|".join(_AT_WORDS)}){_CLOSE}[^\S\n]{{0,3}}'
    rf'(?=[\w-]{{1,63}}(?:\.|[^\S\n]{{0,3}}{_OPEN}{_DOT_WORDS}{_CLOSE}[^\S\n]{{0,3}}[a-z]{{2,24}}\b))'
    r'|(?<=[\w.+-])\(a\)(?=[\w-]{1,63}\.[a-z])', re.IGNORECASE)
_SPELLED_DOT = re.compile(r'[^\S\n]{0,3}[\[({<][^\S\n]{0,3}dot[^\S\n]{0,3}[\])}>][^\S\n]{0,3}'
                          r'|[^\S\n]{1,3}dot[^\S\n]{1,3}(?=[a-z]{2,24}\b)', re.IGNORECASE)
# A dot after an address's '@' and a domain name with no dot yet, spelled in the markets' languages
# ('ap@harborbooks punto com', '(punto)') or with a blank before it ('ap@harborbooks . com'), before a suffix's few
# letters. Not after a whole domain: 'compta@acme.com point de contact' is no '.de' (helper-157), and 'info@acme.com
# punto final' is 'full stop'; the address read without its second suffix ('acme.com' of 'acme punto com punto br')
# is still the same organisation's.
_DOMAIN_DOT = re.compile(rf'(@[\w-]{{1,63}})(?:[^\S\n]{{0,3}}{_OPEN}{_DOT_WORDS}{_CLOSE}[^\S\n]{{0,3}}'
                         r'|[^\S\n]{1,3}\.[^\S\n]{0,3})(?=[a-z]{2,6}\b)', re.IGNORECASE)
_DEFANGED_DOT = re.compile(r'[^\S\n]{0,3}[\[(][^\S\n]?\.[^\S\n]?[\])][^\S\n]{0,3}')
# Blanks around '@' before a domain name with a letter in it: not a price or a time ('12 licences @ 49.50 each',
# 'tomorrow @ 10.30', helper-157).
_BLANK_AT = re.compile(r'(?<=\w)(?:[^\S\n]{1,3}@[^\S\n]{0,3}|@[^\S\n]{1,3})(?=[\w-]{0,62}[^\W\d_])')
# '@' and '.' as HTML entities: '&#64;', '&#x40;', '&commat;', '&#46;', '&period;'.
_ENTITY_AT = re.compile(r'&(?:#0{0,4}64|#x0{0,4}40|commat);', re.IGNORECASE)
_ENTITY_DOT = re.compile(r'&(?:#0{0,4}46|#x0{0,4}2e|period);', re.IGNORECASE)


def readable(text: str) -> str:
    """The text lower case, with its addresses written plainly, however the sender wrote them (the module's forms)."""
    if not text.isascii():  # '＠' and '．' are '@' and '.' to a reader; NFKC folds them ('。' too, by hand)
        text = unicodedata.normalize('NFKC', text).replace('。', '.').replace('｡', '.')
    lowered = text.lower()
    if '&' in lowered:
        lowered = _ENTITY_DOT.sub('.', _ENTITY_AT.sub('@', lowered))
    if '.]' in lowered or '.)' in lowered:  # defanged: 'jo@gmail[.]com'
        lowered = _DEFANGED_DOT.sub('.', lowered)
    if '@' in lowered:  # blanks around it: 'jo @ gmail dot com'
        lowered = _BLANK_AT.sub('@', lowered)
    if ' at ' in lowered or 'at]' in lowered or 'at)' in lowered or 'at}' in lowered or 'at>' in lowered \
            or '(a)' in lowered or any(word in lowered for word in _AT_WORDS) \
            or ('@' in lowered and 'dot' in lowered):  # 'jo@gmail dot com' too
        lowered = _SPELLED_DOT.sub('.', _SPELLED_AT.sub('@', lowered))
    if '@' in lowered:
        lowered = _DOMAIN_DOT.sub(r'\1.', lowered)
    return lowered


def is_domain(name: str) -> bool:
    """Whether an address's part after '@' can be a domain: under a public suffix, or a reserved top level.

    The reserved ones are for tests and intranets (RFC 2606, 6761: '.example', '.test', '.internal'). Not a price, a
    time or prose read as one ('licences@49.50', 'to us at Lakeside dot we will pay', 'por arroba
    transportada.Obrigado', helper-157).
    """
    name = name.rstrip('.')
    return _domains.parts(name, listed=True)[1] != '' or name.rpartition('.')[2] in _RESERVED


_RESERVED = frozenset(('example', 'test', 'invalid', 'localhost', 'local', 'internal', 'lan', 'corp', 'home'))
