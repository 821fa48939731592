"""The words of `_injection`'s structural signals in Portuguese, Italian, Dutch and Russian, one table per concept.

English, German, French and Spanish are spelled inline in `_injection`'s patterns; these four languages come as a
table, so a language is a column to fill in, not a phrase to add. A trailing `*` stands for any ending (a stem). Each
word is spelled as `_text.skeleton` spells it (Cyrillic letters that look Latin become Latin), since the patterns
match the skeleton.
"""

from __future__ import annotations

import re

from . import _text

__all__ = ('VALUES', 'spelled', 'words')

# concept → (pt, it, nl, ru) words
_TABLE: dict[str, tuple[str, ...]] = {
    # who an injection talks to
    'machine': ('inteligencia artificial', 'robo', 'intelligenza artificiale', 'modello', 'modello linguistico',
                'kunstmatige intelligentie', 'taalmodel', 'ии', 'искусственн* интеллект*', 'модел*', 'бот*',
                'нейросет*', 'чат-бот*'),
    'personlike': ('sistema', 'agente', 'assistente', 'assistent', 'systeem', 'ассистент*', 'помощник*', 'систем*',
                   'агент*'),
    'qualifier': ('automatizad*', 'automatic*', 'automatizzat*', 'virtuale', 'geautomatiseerd*', 'automatisch*',
                  'virtuele', 'автоматическ*', 'автоматизированн*', 'виртуальн*'),
    'orders': ('instruc*', 'nota', 'observac*', 'istruzion*', 'instructie*', 'opmerking', 'notitie', 'инструкци*',
               'примечани*', 'заметк*', 'указани*'),
    'for': ('para', 'ao', 'per', 'al', 'alla', 'voor', 'aan', 'для', 'к'),
    'article': ('o', 'os', 'il', 'lo', 'het', 'de', 'jullie', 'vostro', 'seu', 'sua', 'ваш*'),
    'hail': ('ola', 'caro', 'cara', 'prezad*', 'atencao', 'ciao', 'gentile', 'attenzione', 'beste', 'hoi', 'привет',
             'уважаем*', 'внимание', 'дорог*'),
    'reads': ('le', 'processa', 'analisa', 'legge', 'elabora', 'leest', 'verwerkt', 'читает', 'обрабатывает'),
    # what it is told to do
    'skip': ('pula*', 'pule*', 'salta*', 'salti*', 'sla', 'overslaan', 'omzeil*', 'пропусти*', 'пропуска*', 'игнорир*',
             'минуя', 'обойди*'),
    'review': ('revis*', 'humano*', 'verificac*', 'aprovac*', 'ninguem', 'umano', 'umani', 'verifica', 'controllo',
               'approvazion*', 'nessuno', 'beoordeling*', 'controle', 'mens', 'mensen', 'goedkeuring', 'niemand',
               'проверк*', 'модерац*', 'человек*', 'ревью', 'одобрени*', 'рассмотрени*'),
    'without': ('sem', 'senza', 'zonder', 'без'),
    'route': ('encaminh*', 'atribu*', 'direcion*', 'invi*', 'inoltr*', 'assegn*', 'indirizz*', 'stuur*',
              'verstuur*', 'doorsturen', 'wijs*', 'zend*', 'verwijs*', 'направ*', 'отправ*', 'перешл*', 'переда*',
              'назнач*', 'перенаправ*'),
    'to': ('para', 'ao', 'al', 'alla', 'ai', 'allo', 'naar', 'aan', 'op', 'в', 'к', 'на'),
    'set': ('marqu*', 'defin*', 'classifiq*', 'coloq*', 'segn*', 'impost*', 'classific*', 'tratt*', 'metti',
            'markeer*', 'zet*', 'stel*', 'classificeer*', 'behandel*', 'отметь*', 'пометь*', 'поставь*',
            'установи*', 'классифицир*', 'присвой*'),
    'as': ('como', 'come', 'als', 'как'),
    'priority': ('prioridade', 'priorita', 'prioriteit', 'приоритет*'),
}

# The schema's values in the intake's other languages (German, French and Spanish too): a directive may name a team
# or a priority in the sender's language. Keyed by the schema's value; only values the vocabulary has are used.
VALUES: dict[str, tuple[str, ...]] = {
    'high': ('hoch', 'haute', 'elevee', 'alta', 'alto', 'hoog', 'высок*'),
    'urgent': ('dringend', 'urgente', 'срочн*'),
    'sales': ('vertrieb', 'ventes', 'ventas', 'vendas', 'vendite', 'verkoop', 'продаж*'),
    'support': ('soporte', 'suporte', 'supporto', 'ondersteuning', 'поддержк*'),
    'founder': ('grunder*', 'fondateur', 'fundador*', 'fondatore', 'oprichter', 'основател*'),
}


def spelled(entries: tuple[str, ...]) -> str:
    """A regex alternation of table words as the skeleton spells them (`*`: any ending)."""
    out = {re.escape(_text.skeleton(w.rstrip('*'))) + (r'\w*' if w.endswith('*') else '') for w in entries}
    return '|'.join(sorted(out, key=len, reverse=True))


def words(concept: str) -> str:
    """A concept's words in the four table languages, as a regex alternation."""
    return spelled(_TABLE[concept])
