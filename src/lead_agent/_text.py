"""Cheap text signals shared by the guards and the rules model (no I/O)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Container, Iterable
from functools import lru_cache
from typing import Any, Protocol, cast

import ahocorasick  # pyright: ignore[reportMissingTypeStubs]
from confusable_homoglyphs import confusables  # pyright: ignore[reportMissingTypeStubs]

from . import _set_aside
from ._pattern_cache import compile as re_compile
from ._prefilter import screened


def longest_first(alternatives: Iterable[str]) -> str:
    """A regex alternation of `alternatives`, the longest first (a longer word wins over its prefix).

    Ties go by the alternatives themselves: the same pattern text in every process, where a set's order follows the
    process's string hashes (and a pattern that differs misses `_pattern_cache`).
    """
    return '|'.join(sorted(alternatives, key=lambda s: (-len(s), s)))


_WORD = re.compile(r'\w+', re.UNICODE)
CJK_RANGES = '\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af'
"""Kana, Han and Hangul, written without spaces between words: a regex character class's ranges."""
CJK = re.compile(f'[{CJK_RANGES}]')
_LINK = re.compile(r'https?://|www\.|\[url=', re.IGNORECASE)
_HTML = re.compile(r'<\s*/?\s*(script|iframe|a\b|img|div|html|body|style|svg|object|embed|form|input)\b', re.I)
_VOWELS = set('aeiouyàáâäãåèéêëìíîïòóôöõùúûüæøœ')
_NOT_VOWELS = str.maketrans('', '', ''.join(c for c in _VOWELS if c.isascii()))
_CONSONANT_RUN = re.compile(r'[bcdfghjklmnpqrstvwxz]{5,}', re.IGNORECASE)
# A word (`words`) of four ASCII letters or more and nothing else: a whole run of word characters, all of them letters.
_LATIN_WORD = re.compile(r'(?<!\w)[A-Za-z]{4,}(?!\w)')

# Text aimed at an AI reader rather than at a salesperson: the classic injection openers, role
# markers, fake tool/JSON output and attempts to set our output fields.
_INJECTION = re.compile(
    r'ignore (all |any )?(the |your |of your )?(previous|prior|above|earlier) (instructions|prompts?|rules)'
    r'|disregard (all |any )?(the )?(previous|prior|above|your) (instructions|rules|prompt)'
    r'|forget (all |everything |your )?(previous |prior )?(instructions|rules)'
    r'|you are now\b|new instructions\s*:|system prompt|\bsystemprompt|\bjarjestelmakehot|\bsystem\s*:'
    r'|\bassistant\s*:|\bdeveloper\s*:'
    # a note to a system named in a compound ('Hinweis an das Ticketsystem:'); a compound alone is a description
    # ('unser Warenwirtschaftssystem: SAP', 'vårt ärendesystem: allt från...', 'our ecosystem: Epic')
    r'|\b(hinweis|notiz|anweisung|note|notes|instructions?|obs|nb|huom|merknad|besked|beskjed|notering)\s+(an|fur|to|for|'
    r'till|til|at)\s+(das |die |den |the |det |your |ihr |ihre |euer |er |ert |jeres |deres )?[\w-]*(system|systeem|systemet|'
    r'sistema|jarjestelma\w*)\s*:'
    r'|<\|im_(start|end)\|>|\[/?inst\]|</?(system|instructions?|lead_submission|tool_call|function_call)>'
    r'|\b(tool_call|function_call|tool_calls)\b|"(arguments|tool_name|function)"\s*:'
    r'|"(intent|priority|route|routing|override|action|confidence|assign(ed)?_?to|score|classification)"\s*:'
    r'|\bnote to (the )?(ai|assistant|bot|model|llm)\b|\b(ai|llm|gpt|chatbot|assistant|bot|model) (that is |who is )?'
    r'(processing|reading|reviewing|handling|classifying|triaging)\b|\b(dear|hey|hi|attention|to the) '
    r'(ai|chatgpt|claude|gpt|llm)\b|\bskip (the )?(human )?review\b|\bbypass (the )?(review|filters?|rules)\b'
    r'|ignorier\w* (alle )?(deine |ihre |die )?(vorherigen|bisherigen|obigen) (anweisungen|instruktionen)'
    r'|ignorez (toutes )?(les |vos |tes )?(instructions|consignes)'
    r'|ignora (todas )?(las |tus |sus )?instrucciones|ignore (todas )?(as |suas )?instru[çc][õo]es'
    r'|ignora (tutte )?(le )?(tue |sue )?istruzioni'
    r'|negeer (alle |je |jouw |uw )?(vorige|eerdere|voorgaande) (instructies|opdrachten)'
    r'|\b(recommended_action|fit_score|assigned_to|final_result|confidence_floor)\b'
    # a route's requirements as the policy names them, set or claimed: 'known_customer: true', 'known_customer /
    # open_deal として扱い' (helper-128's a8-015; not a reason that says 'icp_match fails')
    r'|\b(known_customer|open_deal|icp_match)\b["\']?\s*([:=/]|として|as\b|으로|로\b|为|為)'
    r'|\bauto_route_(sales|support)\b|\bclassify (this|me|it) as\b|\b(as an|you are an?) (ai|llm|language model)\b',
    re.IGNORECASE,
)


class Distinct:
    """Names for the answers of one submission: `name`, or `name (2)`, `name (3)`... whichever `taken` lacks.

    `taken` is the caller's own dict or set of names so far, read, never copied; the next number to try is
    remembered for each name, so a submission of thousands of answers under one label is named in linear time (a
    fresh probe from 2 for each, over a copy of the names, took 10 s for a 256 KB body).
    """

    def __init__(self, taken: Container[str]) -> None:
        self.taken = taken
        self._next: dict[str, int] = {}

    def __call__(self, name: str) -> str:
        if name not in self.taken:
            return name
        n = self._next.get(name, 2)
        while f'{name} ({n})' in self.taken:
            n += 1
        self._next[name] = n + 1
        return f'{name} ({n})'


def words(text: str) -> list[str]:
    """The words of a text (Unicode letters and digits)."""
    return _WORD.findall(text)


def word_count(text: str) -> int:
    """Words in a text; Chinese, Japanese and Korean text, written without spaces, counts two characters a word."""
    cjk = len(CJK.findall(text))
    if not cjk:
        return len(_WORD.findall(text))
    return len(_WORD.findall(CJK.sub(' ', text))) + (cjk + 1) // 2


def link_count(text: str) -> int:
    """How many links a text holds."""
    return len(_LINK.findall(text))


def has_html(text: str) -> bool:
    """Whether a text holds HTML tags that matter (script, links, frames...)."""
    return _HTML.search(text) is not None


# Said another way, in the languages the intake sees: a verb of setting aside, then (within a few words) what is
# set aside. Matched on the skeleton (below), so accents, look-alike letters and spacing tricks do not hide it.
_SET_ASIDE = re_compile(
    r'\b(ignor\w*|disregard\w*|forget\w*|overrid\w*|bypass\w*|discard\w*|neglect\w*|vergiss\w*|vergessen|'
    r'missacht\w*|oubli\w*|neglig\w*|olvid\w*|omit\w*|esquec\w*|esqueca|desconsider\w*|dimentic\w*|negeer\w*|'
    r'vergeet|zignoruj\w*|zapomnij|pomin\w*|pay no attention|(do not|dont) pay attention|nie zwracaj uwagi|'
    r'no prestes atencion|ne fais pas attention|non prestare attenzione)\b'
    r'(\W+\w+){0,6}?\W+'
    r'(instruction\w*|rules?|guidelines?|directions?|prompts?|programming|guardrails?|(safe)?guards|system message|'
    r'polic(y|ies)|anweisung\w*|instruktion\w*|regeln|vorgaben|consignes?|regles?|instruccion\w*|reglas?|'
    r'indicacion\w*|instruc\w*|regras?|istruzion\w*|regole|instructies?|opdrachten|regels|instrukcj\w*|polecen\w*|'
    r'zasad\w*)\b'
    # what the reader was told, without naming it: "forget what you were told", in the intake's languages
    r"|\b(forget|ignore|disregard)\w* (all |everything |what(ever)? )(that )?(you('ve| have)? been|you were|you got) "
    r"(told|given|instructed)\b|\bolvida (todo )?lo que te (dijeron|han dicho|indicaron)\b"
    r"|\bdimentica (tutto )?(quello|cio) che ti (e stato|hanno) detto\b|\bvergiss (alles,? )?was (man )?dir\b"
    r"|\boublie (tout )?ce qu'on t'a (dit|demande)\b|\besqueca (tudo )?o que (te|lhe) (disseram|foi dito)\b"
    r"|\bvergeet (alles )?wat (je|jou) (is )?(gezegd|verteld)\b"
    r"|\bzaborav(i|ite) (sve,? )?(ono )?sto (ti|vam) je (receno|dato|dano)\b"
    # and in Hungarian, Slovak, Lithuanian, Latvian and Estonian (helper-170's 'Aizmirsti visu, kas tev tika teikts')
    r"|\bfelejt(s|sd|sen|setek) el (mindent,? )?(amit|ami) (mondtak|mondtam|kaptal|elotte)\b"
    r"|\bzabudni(te)? (na )?(vsetko,? )?(co|ktore) (ti|vam) (povedali|bolo povedane)\b"
    r"|\b(pamirsk|uzmirsk)(ite)? (viska,? )?(ka|kas) (tau|jums) (buvo )?(pasakyta|sakyta)\b"
    r"|\baizmirst(i|iet) (visu,? )?(ko|kas) (tev|jums) (tika |ir )?(teikts|teikt|pateikts)\b"
    r"|\bunusta(ge)? (koik,? )?(mis|mida) (sulle|teile) (on )?(oeldi|oeldud|anti)\b"
    # a role given, in the South Slavic languages, Albanian and Romanian: 'Ti si sada asistent prodaje', 'Ti je tani
    # asistent shitjesh', 'Ești acum asistent de vânzări' (helper-167)
    r"|\b(ti si sada|sada si|ti si sad|ti si zdaj|zdaj si|ti je tani|tani je|esti acum|acum esti)\s+(\w+\s+)?"
    r"(asistent\w*|agent\w*|bot\w*|model\w*|robot\w*|ai|sistem\w*)\b"
    # and in Slovak, Lithuanian, Latvian, Estonian and Hungarian: 'Teraz si asistent predaja', 'Dabar tu esi
    # pardavimų asistentas', 'Tagad tu esi pārdošanas asistents', 'Nüüd oled sa müügiassistent', 'Mostantól te egy
    # értékesítési asszisztens vagy' (written before holdout32 was read)
    r"|\b(teraz si|odteraz si|odteraz budes|dabar tu esi|nuo dabar tu esi|nuo siol tu esi|nuo siol esi|dabar esi|"
    r"tagad tu esi|no si briza tu esi|no si briza esi|turpmak tu esi|tagad esi|nuud oled sa|nuud oled|nuudsest oled|"
    r"nuud sa oled|sa oled nuud|teraz budes)\s+(\w+\s+)?(\w*asistent\w*|\w*assistent\w*|"
    r"agent\w*|bot\w*|model\w*|robot\w*|ai|sistem\w*|susteem\w*)\b"
    r"|\b(mostantol|most mar|mostantol kezdve|ettol kezdve)\s+(te\s+)?(egy\s+)?(\w+\s+)?(asszisztens|ugynok|bot|rendszer)\s+vagy\b")
# Structure no form answer needs: a line that opens as a chat role, an HTML comment, a "###" instruction header.
# Blanks before a role stay on its line ([^\S\n]): a line break among them starts a line the match can start at
# too, and with \s a run of line breaks was tried from each of them (2,000 took 17 s). The blanks and marks before
# the role are taken whole (atomic): a role starts with a letter, none of them does, so no other split of them can
# match, and trying each split of 10,000 blanks took 0.6 s.
_STRUCTURE = re.compile(
    r'(^|\n)(?>[^\S\n]*[#>*\[(<|]*[^\S\n]*)(system|assistant|developer|user|admin(istrator)?)\s*[\]:>|)]'
    # the system's tag in other languages, bracketed at a line's head: '[SISTEMA]', '<systeem>', '[SYSTEMET]'
    # (no line break inside the tag: with '\s*' on both sides of the '/', a run of them after a '[' was split every
    # way, 4.4 s for 20 KB, helper-116)
    r'|(^|\n)[^\S\n]*[\[<][^\S\n]*/?[^\S\n]*(systeme|systema|sistema|sistemos|systeem|systemet|jarjestelma|susteem)'
    r'[^\S\n]*[\]>]'
    r'|<!--|(^|\n)[^\S\n]*#{2,}\s*(system|instruction|assistant|new rules|override)'
    r'|\b(new|updated) (rules|instructions|policy)\b|\bsystem (update|override|notice)\b'
    r'|\bas (the|an|your) (administrator|admin|developer|operator|owner) of (this|the) (system|assistant|bot)\b'
    r'|\b(to|for) (the|any) (ai|assistant|model|llm|bot|classifier|lead.?scoring\w*)( reading| processing| that)?\b')
# Characters that carry invisible or reordered text: Unicode tags (U+E0000 block) and bidi overrides/isolates.
_HIDDEN = re.compile('[\U000e0000-\U000e007f\u202a-\u202e\u2066-\u2069]')
_LEET = str.maketrans({'0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', '$': 's', '|': 'l'})


# Latin letters in another guise, by their Unicode names: small capitals ('ᴀ'), modifier, superscript and subscript
# letters. NFKC folds some of them (superscripts), not the small capitals; the confusables data lists few of them.
_STYLED_NAME = re.compile(r'(LATIN LETTER SMALL CAPITAL|LATIN SUBSCRIPT SMALL LETTER|MODIFIER LETTER (SMALL|CAPITAL)|'
                          r'(SUPERSCRIPT|SUBSCRIPT) LATIN (SMALL|CAPITAL) LETTER) ([A-Z])')


@lru_cache(maxsize=4096)
def _latin(ch: str) -> str:
    """A look-alike letter's Latin twin (Cyrillic 'а' → 'a', small capital 'ᴀ' → 'a'), or the letter itself."""
    if ch.isascii() or not ch.isalpha():
        return ch
    if styled := _STYLED_NAME.fullmatch(unicodedata.name(ch, '')):
        return styled[5].lower()
    # The small letter first: the skeleton is case-folded, and a capital's twin can be another letter's capital
    # (Cyrillic 'І' is listed only as Latin 'l', since 'I' and 'l' look alike; its small 'і' is Latin 'i').
    for form in dict.fromkeys((ch.casefold(), ch)):
        if twin := next((t for t in _twins(form) if t.isascii() and t), ''):
            return twin
    return ch


def _twins(ch: str) -> list[str]:
    """The Latin look-alikes Unicode lists for a character."""
    found = confusables.is_confusable(ch, preferred_aliases=['latin'], greedy=True)  # pyright: ignore
    entries = cast(list[dict[str, Any]], found or [])
    return [str(g.get('c', '')) for e in entries for g in cast(list[dict[str, Any]], e.get('homoglyphs', []))]


@lru_cache(maxsize=1024)
def _capital(ch: str) -> str:
    """A capital's Latin twin ('Ν' Greek Nu → 'N'), or '' when it has none; a Latin capital is its own ('Ó', 'Ł')."""
    if ch.isascii() or unicodedata.name(ch, '').startswith('LATIN '):
        return ch
    twin = next((t for t in _twins(ch) if t.isascii() and t.isalpha()), '')
    return 'I' if twin == 'l' else twin  # in capitals, a stroke is an I


def _disguised_capitals(match: re.Match[str]) -> str:
    word = match[0]
    if word.isascii():
        return word
    return _known_disguise(word) if len(word) <= _KEPT_WORD else _disguise(word)


def _disguise(word: str) -> str:
    # An all-caps word that Latin capitals alone can spell ('ΝΟΤΕ' in Greek letters) is Latin in disguise. A real
    # Greek or Russian word ('ПРИМЕЧАНИЕ', 'Ты'), with no Latin letter and one with no Latin twin, is read in small
    # letters, so its skeleton does not depend on its case (a capital 'Т' has a Latin twin, a small 'т' none).
    if word.isupper() and all(twins := [_capital(c) for c in word]):
        return ''.join(twins)
    # A word that mixes in Latin letters ('Вot') is a disguise, whatever its other letters.
    foreign = not any(c.isascii() for c in word) and any(_latin(c) == c for c in word)
    return word.lower() if foreign else word


# Kept for the words met again, as `_known_mashed` keeps its words: a text in a language with accents has one
# non-ASCII word after another ('anh bên anh đã' 100 KB long: 1.1 s of a lead's guards, most of it this step).
_known_disguise = lru_cache(maxsize=8192)(_disguise)


_CAPS_WORD = re.compile(r'[^\W\d_]{2,}')
# Letters spelled one at a time, 'I G N O R E   T H E   R U L E S': four or more single letters a space apart.
_SPACED = re.compile(r'(?<!\S)\w(?:[^\S\n]+\w(?!\S)){3,}')


def _unspaced(match: re.Match[str]) -> str:
    run = match[0]
    # Wider gaps are the word breaks; with none, the run is one word.
    return ' '.join(re.sub(r'\s', '', w) for w in re.split(r'[^\S\n]{2,}', run))


def skeleton(text: str) -> str:
    """The text as a reader sees it, for matching only.

    Compatibility forms folded (full-width, 𝗺𝗮𝘁𝗵 letters), format characters dropped (zero-width, bidi, tags),
    letters spelled a space apart joined, look-alike letters made Latin (all-caps words by their capitals), accents
    dropped, spaces collapsed, case folded.
    """
    return _recent_skeleton(text) if len(text) <= _RECENT_CHARS else _long_skeleton(text)


@lru_cache(maxsize=512)
def _recent_skeleton(text: str) -> str:
    return _skeleton(text)  # the guards read a lead's joined fields twice (phrases, then structure)


# A long text is read several times by one lead's guards (its phrases, its structure, its account requests: five
# skeletons of a 100 KB message), one lead's guards at a time: the last few are kept, not hundreds.
@lru_cache(maxsize=4)
def _long_skeleton(text: str) -> str:
    return _skeleton(text)


class _PerCharacter(dict[int, str | None]):
    """A `str.translate` table that works each character's entry out when the character is first met, and keeps it.

    `entry` gives a character's replacement, or None to drop it. The per-character steps of the skeleton, as a join
    over a generator, cost a Python call for each character of a text; a table costs one for each character never
    seen before. A hostile text brings many characters: the table
    starts again past `_CHARACTERS` of them.
    """

    def __init__(self, entry: Callable[[str], str | None]) -> None:
        super().__init__()
        self._entry = entry

    def __missing__(self, code: int) -> str | None:
        if len(self) >= _CHARACTERS:
            self.clear()
        value = self[code] = self._entry(chr(code))
        return value


_CHARACTERS = 20_000
_NO_FORMAT = _PerCharacter(lambda c: None if unicodedata.category(c) == 'Cf' else c)
_LATIN = _PerCharacter(lambda c: _latin(c))
_NO_COMBINING = _PerCharacter(lambda c: None if unicodedata.combining(c) else c)


def _skeleton(text: str) -> str:
    text = unicodedata.normalize('NFKC', text)
    # Plain ASCII has no format characters, look-alikes or accents: those steps leave it as it is.
    plain = text.isascii()
    if not plain:
        text = text.translate(_NO_FORMAT)
    text = _SPACED.sub(_unspaced, text)
    if not plain:
        text = _CAPS_WORD.sub(_disguised_capitals, text).translate(_LATIN)
        text = unaccented(text)
    return _SPACES.sub(' ', text).casefold()


def unaccented(text: str) -> str:
    """The text with its accents and other combining marks dropped (compatibility forms folded too)."""
    return unicodedata.normalize('NFKD', text).translate(_NO_COMBINING)


_SPACES = re.compile(r'[^\S\n]+')


def looks_like_injection(text: str) -> bool:
    """Whether a text holds instruction-like content aimed at an AI, however it is spelled or hidden."""
    return _recent_injection(text) if len(text) <= _RECENT_CHARS else _injection(text)


# The guards, then the rules model, ask about the same fields of a lead: the second asks for nothing. Sized for the
# fields of the runs in flight between the two; a longer text is never asked twice (the rules model reads a message
# cut at 4,000 characters), and keeping it would only hold memory.
_RECENT_CHARS = 4000


@lru_cache(maxsize=512)
def _recent_injection(text: str) -> bool:
    return _injection(text)


# The skeleton is case-folded: matched case-sensitively, the phrases find what IGNORECASE would, in half the time.
# Except for a dotless 'ı', the one letter a skeleton keeps that IGNORECASE takes for an ASCII one ('i').
_INJECTION_FOLDED = re.compile(_INJECTION.pattern)
_JOINED = re.compile(r'(?<=\w)[._\-*~](?=\w)')


def _injection(text: str) -> bool:
    if _HIDDEN.search(text):
        return True
    plain = skeleton(text)  # the phrases match the skeleton as they match the text: one pass, not two
    # The patterns as one question, each of their alternatives searched only in a form that holds the words it needs
    # (`_prefilter`): the same answers in a sixth of the time.
    phrases = screened(_INJECTION if 'ı' in plain else _INJECTION_FOLDED, _SET_ASIDE, _STRUCTURE,
                       _set_aside.other_scripts(), _set_aside.set_aside(), _set_aside.central_east(),
                       _set_aside.south_asian(), _set_aside.system_tag())
    # dict.fromkeys: a form that is the text again (no digits, no dotted words) is not searched twice.
    # The last form joins words broken across lines ('Ig\nnore prev\nious').
    forms = dict.fromkeys((plain, plain.translate(_LEET), _JOINED.sub('', plain), plain.replace('\n', '')))
    return any(phrases.search(form) for form in forms)


def gibberish_ratio(text: str) -> float:
    """Share of Latin words of 4+ letters that look like keyboard mashing (0.0-1.0)."""
    latin = _LATIN_WORD.findall(text)
    if len(latin) < 3:
        return 0.0
    return sum(_known_mashed(w) if len(w) <= _KEPT_WORD else _mashed(w) for w in latin) / len(latin)


def _mashed(w: str) -> bool:
    """Whether a word of ASCII letters looks like keyboard mashing: few vowels, a run of consonants, mixed case."""
    low = w.lower()
    # The word is ASCII letters: its vowels are the ASCII ones of `_VOWELS`, counted by what deleting them takes
    # away. Mixed case is an upper-case letter after the first and a lower-case one anywhere, which for letters alone
    # is the string methods' answer (neither all lower after the first, nor all upper).
    vowel_share = (len(low) - len(low.translate(_NOT_VOWELS))) / len(low)
    mixed_case = not w[1:].islower() and not w.isupper()
    return vowel_share < 0.12 or mixed_case or _CONSONANT_RUN.search(low) is not None


# Kept for the words met again: most of a message's words are common ones, read in every other message too. Not a
# longer word: a hostile message's one 100 KB word would be kept whole.
_known_mashed = lru_cache(maxsize=8192)(_mashed)
_KEPT_WORD = 40


@lru_cache(maxsize=4096)
def _whole_word(phrase: str, plurals: bool = False) -> re.Pattern[str]:
    if CJK.search(phrase):  # no spaces between words in these scripts: match as a substring
        return re.compile(re.escape(phrase))
    # Guard only the ends that are word characters: 'make $' must still match 'make $500'.
    literal = re.escape(phrase)
    # No word character before the phrase, asked once it has matched (a look-behind over it and the character before
    # it): a pattern that starts with its literal is scanned for it by `re`, not tried at every position of the text.
    head = rf'(?<!\w{literal})' if phrase[0].isalnum() else ''
    tail = (r'(?:e?s)?(?!\w)' if plurals and phrase[-1].isalpha() else r'(?!\w)') if phrase[-1].isalnum() else ''
    return re.compile(literal + head + tail)


def find_phrases(text: str, phrases: Iterable[str], *, plurals: bool = False) -> list[str]:
    """The phrases that occur in a text as whole words, case-insensitively, in the order given.

    `plurals`: a phrase ending in a letter also matches with an English plural ending ('quote' finds 'quotes'), for
    the built-in phrase lists. A policy's own keywords match as written: its author chose the form ('reseller' is
    someone asking to resell; 'resellers' is as often a buyer's own clients).

    A phrase found only inside a longer one found ('dear sir' in 'dear sir/madam') is one signal, not two: it is left
    out when the longer phrase contains it.
    """
    low = text.casefold()
    # The phrases the text holds as substrings: that rules out almost every phrase before any regex runs.
    found = [(ph, p) for ph, p, whole in _prepared(tuple(phrases), plurals).held(low) if whole.search(low)]
    if len(found) < 2:
        return [ph for ph, _ in found]
    return [ph for ph, p in found if not any(p != q and p in q for _, q in found)]


class _Automaton(Protocol):
    def add_word(self, key: str, value: object, /) -> bool: ...
    def make_automaton(self) -> None: ...
    def iter(self, text: str, /) -> Iterable[tuple[int, str]]: ...


# Phrases from which a list is searched for in one pass (an automaton): below, a substring test each costs less than
# starting the automaton's pass (a policy's disqualifier keywords are a few; the built-in lists up to 120).
_MANY_PHRASES = 16


class _Phrases:
    """A phrase list made ready for `find_phrases`.

    Each phrase as given, folded (case-folded, stripped) and as its whole-word pattern, no phrase folded to '', in the
    list's order; for a long list, an Aho-Corasick automaton of the folded phrases.
    """

    def __init__(self, phrases: tuple[str, ...], plurals: bool) -> None:
        self.entries = tuple((ph, p, _whole_word(p, plurals)) for ph in phrases if (p := ph.casefold().strip()))
        self._automaton: _Automaton | None = None
        self._at: dict[str, list[int]] = {}  # a folded phrase's places in the list (a list may repeat one)
        for i, (_, p, _) in enumerate(self.entries):
            self._at.setdefault(p, []).append(i)
        if len(self.entries) >= _MANY_PHRASES:
            self._automaton = cast(_Automaton, ahocorasick.Automaton())  # pyright: ignore[reportUnknownMemberType]
            for p in self._at:
                self._automaton.add_word(p, p)
            self._automaton.make_automaton()

    def held(self, low: str) -> list[tuple[str, str, re.Pattern[str]]]:
        """The entries whose folded phrase occurs in a case-folded text, anywhere (not only as whole words), in order.

        Those the automaton finds are put back in the list's order from their places, not by reading the whole list.
        """
        if self._automaton is None:
            return [e for e in self.entries if e[1] in low]
        return [self.entries[i] for i in sorted(i for p in {p for _, p in self._automaton.iter(low)}
                                                for i in self._at[p])]


@lru_cache(maxsize=256)
def _prepared(phrases: tuple[str, ...], plurals: bool) -> _Phrases:
    """A phrase list made ready, once for each list of phrases and `plurals`.

    A lead reads a score of lists (the built-in ones, a policy's keywords), each of up to 120 phrases: folding them,
    looking their patterns up and testing each as a substring on every call was most of `find_phrases`' time. Keyed by
    the phrases themselves, not by the list: a policy's keywords are a list, and a list changed since is another key.
    """
    return _Phrases(phrases, plurals)


# Where mail quoted or forwarded under the sender's text starts: a mail client's separator line ("-----Original
# Message-----", "---------- Forwarded message ---------"), a reply header ("On ... wrote:", "Am ... schrieb ...:",
# "Dnia ... napisał(a):"), or a header block (From:, then Sent: or Date: within three lines). Each is anchored at a
# line's start and reads at most that line (or four), so a hostile message costs linear time (helper-60: quotequail's
# patterns backtracked for 3 s on 4 KB and 174 s on 20 KB).
_QUOTE_START = re.compile(
    r'^[^\S\n]*(?:[-_*=]{2,}[^\S\n]*)?(?:original message|urspr[üu]ngliche nachricht|message d.origine|'
    r'mensaje original|messaggio originale|oorspronkelijk bericht|oryginalna wiadomo[śs][ćc]|'
    r'wiadomo[śs][ćc] oryginalna|p[ůu]vodn[íi] zpr[áa]va|ursprungligt meddelande|oprindelig meddelelse|'
    r'opprinnelig melding|mensagem original'
    # a forward's: what is under it is what the sender sends on
    r'|(?P<forward>forwarded message|begin forwarded message|weitergeleitete nachricht|'
    r'anfang der weitergeleiteten e-mail|message transf[ée]r[ée]|d[ée]but du message r[ée]exp[ée]di[ée]|'
    r'mensaje reenviado|messaggio inoltrato|doorgestuurd bericht|przekazana wiadomo[śs][ćc]|'
    r'p[řr]eposlan[áa] zpr[áa]va|vidarebefordrat meddelande|videresendt (?:meddelelse|besked)))'
    r'[^\S\n]*(?:[-_*=]{2,}|:)?[^\S\n]*$'
    r'|^[^\S\n]*(?:on|am|le|el|op|em|den|dne|dnia|w dniu|il giorno|il)\b[^\n]{0,300}?\b(?:wrote|schrieb|a [ée]crit|'
    r'escribi[óo]|schreef|escreveu|skrev|napsal(?:\(a\))?|napisa[łl](?:\(a\)|a)?|ha scritto|kirjoitti)'
    r'(?:[^\S\n]+[^\n]{0,200}?)?:[^\S\n]*$'
    r'|^[^\S\n]*\*?(?:from|von|de|van|fr[åa]n|fra|od|da)\*?[^\S\n]*:[^\n]*\n(?:[^\n]*\n){0,3}?[^\S\n]*\*?(?:sent|'
    r'gesendet|envoy[ée]|date|datum|fecha|enviado(?: el)?|wys[łl]ano|data|odesl[áa]no|verzonden|skickat|sendt|inviato)'
    r'\*?[^\S\n]*:',
    re.IGNORECASE | re.MULTILINE)
# A line quoted with '>' ('> text', '>> text'; not '> 500 staff', a number).
_QUOTED_LINE = re.compile(r'[^\S\n]*>(?![^\S\n]*\d)')
# The sender's own text pointing to the mail under it, accents dropped and case folded: "see below", "forwarding",
# "siehe unten", "ci-dessous", "que va debajo", "poniżej", "níže". Phrases, not words: "below budget", "unten im
# Lager" and "staff transfer" point nowhere (helper-60).
_POINTS_BELOW = re.compile(
    r'\b(see|find|read|details|thread|note|message|mail|email|e-mail|request|question|info\w*|as) below\b'
    r'|\bbelow\s*[:.]|\bforward(ing|ed)\b|\bfwd?\s*:|\b(siehe|s\.) unten\b|\bunten ?stehend\w*|\bnachfolgend\w*'
    r'|\bweitergeleitet\w*|\bweiterleitung\b|\bci-?dessous\b|\bje (vous |te )?(transfere|transmets|fais suivre)\b'
    r'|\bmas abajo\b|\b(ver|veas|vean) abajo\b|\b(va|van|esta|estan|viene|vienen) (debajo|abajo)\b'
    r'|\breenvi(o|a|amos)\b|\bte paso\b|\bos paso\b|\bdi seguito\b'
    r'|\binoltr(o|iamo)\b|\bqui sotto\b|\bhieronder\b|\bdoorgestuurd\b|\bstuur (ik|we) (je|u) door\b|\babaixo\b'
    r'|\bencaminh(o|amos|ado)\b|\bponizej\b|\bprzesy[łl]am dalej\b|\bprzekazuj[eę] dalej\b|\bnize\b'
    r'|\bpreposilam\b|\bnedan\b|\bvidarebefordrar\b|\bnedenfor\b|\bvideresender\b')


def unquoted(message: str) -> str:
    """What the sender wrote, without the mail quoted under it or '>' lines, unless the sender points to that mail.

    What a message asks to buy or research is read here: a customer's outage written over its own old price request
    read as buying (holdout5 h5-050). What it reports as a problem is read on the whole message, quotes included: a
    customer chasing a fault quoted below, with "we pay for 300 seats" above it, went to sales when the fault was cut
    (helper-60). The quote stays when the text above it has no words of its own or points to it ("see below",
    "siehe unten", "ci-dessous", a forward's separator): a forwarded request is the request.
    """
    start = _QUOTE_START.search(message)
    own = message[:start.start()] if start else message
    if '>' in own:
        own = '\n'.join(line for line in own.split('\n') if not _QUOTED_LINE.match(line))
    if own == message or not _WORD.search(own):
        return message
    plain = unaccented(own.casefold())
    forward = start is not None and start['forward'] is not None
    return message if forward or _POINTS_BELOW.search(plain) else own


# What may follow the sender's name in a signature, each line whole: a job title whose head is a role ("Contracts
# Manager", "Head of Procurement", "COO, Riverbend Clinics", "Directora de Compras"), the sender's company, or a
# contact line (a phone number, an address, a link). Anything else after the name (a P.S., a request, a list, a
# quoted or forwarded message, a legal footer) means it is no signature (helper-56, helper-57).
_ROLE = (r'manager|director|directora|head|officer|lead|leader|vp|svp|evp|president|counsel|coordinator|specialist|'
         r'administrator|admin|analyst|engineer|ceo|cfo|coo|cto|cio|cmo|chief|founder|co-founder|owner|partner|'
         r'associate|executive|assistant|supervisor|secretary|controller|buyer|consultant|advisor|adviser|attorney|'
         r'lawyer|nurse|physician|dentist|gerente|jefe|jefa|responsable|direttore|direttrice|leiter|leiterin|'
         r'geschäftsführer|geschaftsfuhrer|inhaber|inhaberin|chef|chefin|chefe|diretor|diretora|vd|ansvarig|'
         r'inköpschef|indkøbschef|innkjøpssjef')
_TITLE = re.compile(rf'^(?:[^\W\d_][\w&/.\'-]*\s+){{0,3}}(?:{_ROLE})\b(?:\s*(?:,|of|for|at|de|di|del|der|für|fur|-|–|\|)'
                    rf'\s*[^\d?!:;]{{0,60}})?$', re.IGNORECASE)
_CONTACT = re.compile(r'^[\s(]*(?:(?:tel|phone|mobile|mob|cell|fax|direct|office|m|t|p|f)\s*[.:]?\s*)?\+?[\d\s().-]{7,}$'
                      r'|^\S+@\S+\.\w+$|^(?:https?://|www\.)\S+$', re.IGNORECASE)
# Abbreviations a name is written with, a stop after each: a person's title ('Mrs.', Spanish 'Dra.', 'Lic.', 'Ing.',
# Italian 'Dott.') and a firm's form ('Inc.', 'Bros.', 'Ltda.'), lower case and unaccented ('Cía.' is 'cia'). Their
# stop ends no sentence when a name goes on after it (`_injection_shape.prose_in_short_field`). Hand-written: nameparser's titles hold no firm's forms, and hundreds of
# titles spelled out.
HONORIFICS = ('dr', 'dra', 'drs', 'dres', 'prof', 'profa', 'profe', 'mr', 'mrs', 'ms', 'mx', 'messrs', 'mme', 'mmes', 'mlle',
              'dott', 'dott.ssa', 'dssa', 'ing', 'avv', 'arch', 'arq', 'lic', 'lcdo', 'lcda', 'licda', 'sr', 'sra', 'srta',
              'sres', 'hr', 'fr', 'frau', 'hon', 'rev', 'capt', 'cpt', 'col', 'gen', 'lt', 'sgt', 'maj', 'cmdr',
              'dipl', 'mag', 'eng', 'sig', 'sigra', 'jr', 'snr', 'esq', 'phd', 'mba', 'dvm', 'vmd', 'bvsc', 'dna', 'dona',
              'mtra', 'mtro', 'med', 'vet', 'tzt', 'enf', 'odont', 'psic', 'sgto', 'ma', 'sta', 'sto',
              # Czech, Slovak and Polish academic titles before a name ('JUDr. Katarína Mikulová', 'Mgr. Zuzana
              # Horváthová', 'mgr inż.': holdout32's h32-025 and h32-068, read as a note in a name field)
              'mgr', 'bc', 'judr', 'mudr', 'mvdr', 'phdr', 'rndr', 'paeddr', 'pharmdr', 'thdr', 'doc', 'inz', 'mgr.inz')
FIRM_FORMS = ('inc', 'ltd', 'ltda', 'corp', 'co', 'bros', 'pty', 'plc', 'llc', 'llp', 'cia', 'cie', 'intl', 'mfg', 'assn',
              'sp', 'ab', 'as', 'ag', 'kg', 'oy', 'se', 'sl', 'sa', 'bv', 'nv', 'sas', 'sarl', 'srl', 'spa', 'gmbh', 'kft',
              'doo', 'ooo', 'sro',
              'dept', 'est', 'grp', 'hosp', 'univ', 'inst', 'svcs', 'assoc', 'st', 'mt', 'ft', 'no', 'nr')
ABBREVIATIONS = frozenset((*HONORIFICS, *FIRM_FORMS))
_HONORIFIC = re.compile(r'^(dr|prof|mr|mrs|ms|mx|dott|dott\.ssa|ing|avv|sr|sra|hr|fr)\.?\s+')
_SIGNATURE_LINES = 3


def _plain_name(text: str) -> str:
    return _HONORIFIC.sub('', ' '.join(text.casefold().strip(' \t-–—~,').split()))


def unsigned(message: str, name: str = '', company: str = '') -> str:
    """The message without its signature, which says who writes, not what they ask.

    The signature is the sender's full name alone on a line (not the first) and the lines after it, at most three,
    when every one of them is a job title whose head is a role ("Contracts Manager", "Head of Procurement"), the
    sender's company or a contact line. Anything else after the name (a P.S., a request, a list, a quoted or
    forwarded message, a legal footer) means it is no signature and nothing is left out; nor is a name of one word,
    which is also a city, a month or a word. Cutting more sent customers' own requests to the wrong team (helper-56,
    helper-57): this reads only what is plainly a signature.
    """
    own = _plain_name(name)
    if len(own.split()) < 2:
        return message
    firm = _plain_name(company)
    lines = message.splitlines()
    tail = 0
    for i in range(len(lines) - 1, 0, -1):  # from the end: at most three signature lines, then the name
        line = lines[i].strip()
        if not line:
            continue
        if _plain_name(line) == own:
            return '\n'.join(lines[:i])
        tail += 1
        if tail > _SIGNATURE_LINES or not (_TITLE.match(line) or _CONTACT.match(line)
                                            or (firm and _plain_name(line).removesuffix('.') in (firm, firm + ' inc',
                                                                                                  firm + ' ltd'))):
            return message
    return message
