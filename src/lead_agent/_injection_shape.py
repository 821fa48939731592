"""Injection told by what a text claims to be: configuration, a system's message, a game, a request for others' data.

Each signal is matched on the text's skeleton (`_text.skeleton`) and needs no address: no contact-form answer
writes the pipeline's configuration keys, labels a line as a system's message, sets the reader up as a character,
asks it to decode a payload and act on it, or asks for the leads it has processed.

- `config`: a key of the policy file (read from `Policy`'s models, so a new setting is covered without a list here)
  written as a setting: `routing.sales.requires: []`, `confidence_floor = 0`, or a heading that announces new rules.
- `role_marker`: a line or sentence labelled as coming from the system: "System message:", "SYSTEM NOTE:", a line
  opened by "Operator:" (the chat roles the phrase detector knows are `_text`'s).
- `role_play`: the reader cast as a character: "let's play a game", "stay in character", "you are now DealBot".
- `decode_request`: an order to decode something and act on it.
- `exfiltration`: a request for other parties' data or the pipeline's internals: "the leads you processed",
  "other clinics that contacted you", "your pricing rules", "your system prompt".

`prose_in_short_field` is the shape of a field that holds a name (person, company, phone, job title) but reads as a
note; `short_fields` picks those fields of a lead.
"""

from __future__ import annotations

import re
import typing
from functools import lru_cache

from pydantic import BaseModel

from . import _injection_lexicon as _lex
from .models import Lead
from .policy import Policy

__all__ = ('PATTERNS', 'policy_config', 'prose_in_short_field', 'short_fields')

_SYSTEM = r'(system|sys|assistant|developer|admin(istrator)?|operator|systeme|systema|sistema|systeem|' + _lex.spelled(
    ('система',)) + ')'
_NOTE = (r'(message|msg|note|prompt|instructions?|override|directive|command|notiz|hinweis|'
         r'nachricht|meldung|nota|mensaje|mensagem|messaggio|bericht|melding|opmerking|'
         + _lex.spelled(('сообщени*', 'примечани*', 'заметк*')) + ')')
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ('role_marker', re.compile(rf'(^|[\n.!?;(\[]|--?|—|\|)\s*[#>*\[]*\s*{_SYSTEM}[\s-]+{_NOTE}\s*[\]:>)]'
                               r'|(^|\n)\s*[#>*\[]*\s*operator\s*[\]:>)]'
                               # a fenced block or a field that names a chat role: '```system', 'role: system'
                               r'|```\s*(system|assistant|developer)\b'
                               r'|\brole["\']?\s*[:=]\s*["\']?(system|assistant|developer)["\']?\s*(,|$|\n)')),
    ('role_play', re.compile(
        r"\blet'?s (play|pretend|imagine|do a role|roleplay)\b|\bstay in (character|role)\b|\brole.?play\w*\b"
        r"|\b(pretend|imagine) (that )?(you are|you're|to be)\b|\byou are (now )?(called |named )?(a |an |the )?"
        r'(\w*(bot|gpt)|ai)\b|\bfrom now on,? you (are|must|only|always)\b'
        r'|\byour (only|sole|new|one|real|true|actual) (rule|job|task|purpose|instruction)\b'
        # 'you are now ...' in the intake's other languages
        r'|\b(a partir de ahora|ahora) eres\b|\bsei (ora )?(un|una) (assistente|agente|bot|ia)\b|\bora sei\b'
        r'|\bdu bist (jetzt|ab sofort|nun)\b|\b(tu es|vous etes) (maintenant|desormais)\b|\bagora (voce e|es)\b'
        r'|\bje bent (nu|vanaf nu)\b'
        r'|\b(spielen wir|lass uns ein spiel|jouons|faisons semblant|juguemos|vamos jogar|giochiamo|laten we een spel|'
        r'bleib in der rolle|reste dans (ton|le) role|mantente en (tu )?personaje|'
        + _lex.spelled(('ты теперь', 'теперь ты', 'давай поиграем')) + r')\b')),
    # decode told of a payload ('decode it', 'decode the string below', 'decode before acting'), not of a trade
    # ('we decode HL7 messages and apply the mappings'), then acted on
    ('decode_request', re.compile(
        r'\b(decod\w*|decipher\w*|unscrambl\w*|dekodier\w*|decodifi\w*|decifr\w*|ontcijfer\w*)\s+(it|this|that|'
        r'these|them|the \w+ (below|above)|the following|below|above|before|first|then|and|es|le|la|lo|het)\b'
        r'(\W+\w+){0,8}?\W+(follow\w*|apply\w*|execut\w*|act|acting|obey\w*|carry out|comply|befolg\w*|ausfuhr\w*|'
        r'suiv\w*|appliqu\w*|segui\w*|aplica\w*|ejecut\w*|volg\w*|toepass\w*|uitvoer\w*)\b')),
    ('exfiltration', re.compile(
        r'\b(leads|submissions|inquiries|enquiries|contacts|prospects|requests|forms|clinics|practices|companies|'
        r'customers|clients|people|groups)\s+(that |which |who )?(you |you\'ve |you have |have |has |recently |'
        r'already )*(processed|received|triaged|contacted you|reached out|submitted|wrote to you|'
        r'(been )?talking to you)\b'
        r'|\byour (internal |own |hidden )*((system|initial|original|hidden) prompt|(scoring|routing|discount|pricing|'
        r'triage|review) (rules|guidelines|instructions))\b')),
)

_HEADING = re.compile(r'(^|\n)\s*(#{1,6}|\*\*|==+)\s*[^\n]{0,40}\b(routing|triage|review|scoring|lead|system|ai|bot|'
                      r'assistant|pipeline)\b[^\n]{0,30}\b(polic(y|ies)|rules|instructions|config\w*|settings)\b')
_SETTING = re.compile(r'(?<![\w.@/-])([a-z][a-z0-9_]*(\.[a-z0-9_#-]+)*)\s*(:|=)(?!//)')


def _model_keys(model: type[BaseModel], seen: set[type[BaseModel]]) -> set[str]:
    keys: set[str] = set()
    for name, field in model.model_fields.items():
        keys.add(name)
        stack = [field.annotation]
        while stack:
            a = stack.pop()
            if isinstance(a, type) and issubclass(a, BaseModel) and a not in seen:
                seen.add(a)
                keys |= _model_keys(a, seen)
            stack += typing.get_args(a)
    return keys


@lru_cache(maxsize=1)
def _policy_keys() -> frozenset[str]:
    return frozenset(_model_keys(Policy, set()))


def policy_config(plain: str) -> bool:
    """Whether a text writes the policy's settings: a dotted path through its keys, or a snake_case key of it."""
    if _HEADING.search(plain):
        return True
    keys = _policy_keys()
    for m in _SETTING.finditer(plain):
        parts = m[1].split('.')
        if (len(parts) > 1 and sum(p in keys for p in parts) >= 1 and parts[0] in keys) or (
                '_' in m[1] and m[1] in keys):
            return True
    return False


# A sentence's end followed by another sentence: a word of three letters or more (not 'Dr.', 'Co.', 'St.'), the
# mark, a space, a word ('ext. 12' is part of a phone number).
_SENTENCE_END = re.compile(r'[^\W\d_]{3,}[.!?;]\s+[^\W\d_]')
_LABEL = re.compile(r'\w\s*:\s+[^\W\d_]+\W+[^\W\d_]+')


def prose_in_short_field(text: str) -> bool:
    """Whether a field that holds a name (a person's, a company's, a phone number) reads as a note.

    More words than a long company name, a colon-labelled note ("Note: ..."), or two sentences.
    """
    words = re.findall(r'[^\W\d_]+', text)
    return len(words) > 14 or bool(_LABEL.search(text)) or bool(_SENTENCE_END.search(text))


# Extra fields that hold a name or a label, by their key: 'job_title', 'Role', 'department', 'city'...
_SHORT_KEY = re.compile(r'title|job|role|position|department|name|company|organi[sz]ation|phone|mobile|city|country',
                        re.IGNORECASE)


def short_fields(lead: Lead) -> list[str]:
    """The fields of a lead that hold a name, not prose: name, company, phone and extra fields keyed like them."""
    return [lead.name, lead.company, lead.phone or '', *(v for k, v in lead.extra.items() if _SHORT_KEY.search(k))]
