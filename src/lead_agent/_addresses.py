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

# '@' spelled out: '[at]', '(at)', '{at}', '<at>'; a plain 'at' before a spelled-out dot; the word for '@' in the
# markets' languages (Spanish and Portuguese 'arroba', Italian 'chiocciola', French 'arobase', Dutch 'apenstaartje',
# German 'Klammeraffe', Swedish 'snabel-a', Polish 'małpa' is also a monkey and is left out) before a domain name.
_SPELLED_AT = re.compile(
    r'[^\S\n]{0,3}[\[({<][^\S\n]{0,3}at[^\S\n]{0,3}[\])}>][^\S\n]{0,3}'
    r'|[^\S\n]{1,3}at[^\S\n]{1,3}(?=[\w-]{1,63}(?:[^\S\n]{0,3}[\[({<][^\S\n]{0,3}dot[^\S\n]{0,3}'
    r'[\])}>]|[^\S\n]{1,3}dot[^\S\n]{1,3}\w))'
    r'|(?<=[\w.+-])[^\S\n]{1,3}(?:arroba|chiocciola|arobase|apenstaartje|klammeraffe|snabel-a)[^\S\n]{1,3}'
    r'(?=[\w-]{1,63}(?:\.|[^\S\n]{1,3}(?:dot|punto|ponto|point|punkt)[^\S\n]{1,3}[a-z]{2,24}\b))'
    r'|(?<=[\w.+-])\(a\)(?=[\w-]{1,63}\.[a-z])', re.IGNORECASE)
_SPELLED_DOT = re.compile(r'[^\S\n]{0,3}[\[({<][^\S\n]{0,3}dot[^\S\n]{0,3}[\])}>][^\S\n]{0,3}'
                          r'|[^\S\n]{1,3}dot[^\S\n]{1,3}(?=[a-z]{2,24}\b)', re.IGNORECASE)
# A dot after an address's '@' and domain name, spelled in the markets' languages ('ap@harborbooks punto com'), or
# with a blank before it after a name with no dot yet ('ap@harborbooks . com'; 'jo@acme.com . Thanks' ends a
# sentence). Only before a suffix's few letters, and after a name with a dot already only before a country's two
# ('punto com punto br', read in two passes; 'info@acme.com punto final' is 'full stop').
_DOMAIN_DOT = re.compile(r'(@[\w-]{1,63}(?:\.[\w-]{1,63}){0,8})[^\S\n]{1,3}(?:dot|punto|ponto|point|punkt)[^\S\n]{1,3}'
                         r'(?=([a-z]{2,6})\b)|(@[\w-]{1,63})[^\S\n]{1,3}\.[^\S\n]{0,3}(?=[a-z]{2,6}\b)', re.IGNORECASE)
_DEFANGED_DOT = re.compile(r'[^\S\n]{0,3}[\[(][^\S\n]?\.[^\S\n]?[\])][^\S\n]{0,3}')
_BLANK_AT = re.compile(r'(?<=\w)[^\S\n]{1,3}@[^\S\n]{0,3}(?=\w)|(?<=\w)@[^\S\n]{1,3}(?=\w)')
# '@' and '.' as HTML entities: '&#64;', '&#x40;', '&commat;', '&#46;', '&period;'.
_ENTITY_AT = re.compile(r'&(?:#0{0,4}64|#x0{0,4}40|commat);', re.IGNORECASE)
_ENTITY_DOT = re.compile(r'&(?:#0{0,4}46|#x0{0,4}2e|period);', re.IGNORECASE)
_AT_WORDS = ('arroba', 'chiocciola', 'arobase', 'apenstaartje', 'klammeraffe', 'snabel-a')


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
        for _ in range(2):  # 'punto com punto br': each pass reads one dot after the domain read so far
            lowered = _DOMAIN_DOT.sub(_domain_dot, lowered)
    return lowered


def _domain_dot(dot: re.Match[str]) -> str:
    """A `_DOMAIN_DOT` match as a plain dot, or left as it is before a word that follows a whole domain."""
    if dot[3] is not None:
        return f'{dot[3]}.'
    return f'{dot[1]}.' if '.' not in dot[1] or len(dot[2]) == 2 else dot[0]
