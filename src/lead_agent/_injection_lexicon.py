"""The words of `_injection`'s structural signals in Portuguese, Italian, Dutch, Russian, Polish and Czech.

English, German, French and Spanish are spelled inline in `_injection`'s patterns; these six languages come as a
table, one table per concept, so a language is a column to fill in, not a phrase to add. A trailing `*` stands for any ending (a stem). Each
word is spelled as `_text.skeleton` spells it (Cyrillic letters that look Latin become Latin), since the patterns
match the skeleton.
"""

from __future__ import annotations

import re

from . import _text

__all__ = ('VALUES', 'spelled', 'words')

# concept → its words in pt, it, nl, ru, pl and cs
_TABLE: dict[str, tuple[str, ...]] = {
    # who an injection talks to
    'machine': ('sztuczna inteligencja', 'sztucznej inteligencji', 'model językowy', 'czatbot*', 'umělá inteligence', 'umělé inteligence', 'jazykový model', 'inteligencia artificial', 'robo', 'intelligenza artificiale', 'modello', 'modello linguistico',
                'kunstmatige intelligentie', 'taalmodel', 'ии', 'искусственн* интеллект*', 'модел*', 'бот*',
                'нейросет*', 'чат-бот*'),
    'personlike': ('asysten*', 'systemie', 'systemu', 'asistent*', 'systém*', 'sistema', 'agente', 'assistente', 'assistent', 'systeem', 'ассистент*', 'помощник*', 'систем*',
                   'агент*'),
    'qualifier': ('automatyczn*', 'zautomatyzowan*', 'wirtualn*', 'automatick*', 'automatizovan*', 'virtuáln*', 'automatizad*', 'automatic*', 'automatizzat*', 'virtuale', 'geautomatiseerd*', 'automatisch*',
                  'virtuele', 'автоматическ*', 'автоматизированн*', 'виртуальн*'),
    'orders': ('instrukcj*', 'polecen*', 'instrukc*', 'pokyn*', 'poznámk*', 'instruc*', 'nota', 'observac*', 'istruzion*', 'instructie*', 'opmerking', 'notitie', 'инструкци*',
               'примечани*', 'заметк*', 'указани*'),
    'for': ('dla', 'pro', 'para', 'ao', 'per', 'al', 'alla', 'voor', 'aan', 'для', 'к'),
    'article': ('każd*', 'wasz*', 'váš', 'vaš*', 'o', 'os', 'il', 'lo', 'het', 'de', 'jullie', 'vostro', 'seu', 'sua', 'ваш*'),
    'hail': ('drogi', 'droga', 'drodzy', 'szanown*', 'witaj*', 'cześć', 'vážen*', 'milý', 'milá', 'ahoj', 'ola', 'caro', 'cara', 'prezad*', 'atencao', 'ciao', 'gentile', 'attenzione', 'beste', 'hoi', 'привет',
             'уважаем*', 'внимание', 'дорог*'),
    'which': ('który', 'która', 'które', 'którzy', 'který', 'která', 'které', 'kteří'),
    'this': ('ten', 'ta', 'te', 'to', 'tego', 'tej', 'tych', 'tę', 'tento', 'tato', 'toto', 'tyto', 'tuto', 'tyhle', 'tenhle'),
    'reads': ('czyta*', 'przetwarza*', 'analizuj*', 'čte', 'zpracováv*', 'zpracuje', 'analyzuj*', 'le', 'processa', 'analisa', 'legge', 'elabora', 'leest', 'verwerkt', 'читает', 'обрабатывает'),
    # what it is told to do
    'skip': ('pomiń', 'pomin*', 'omiń', 'zignoruj*', 'ignoruj*', 'přeskoč*', 'obejdi', 'pula*', 'pule*', 'salta*', 'salti*', 'sla', 'overslaan', 'omzeil*', 'пропусти*', 'пропуска*', 'игнорир*',
             'минуя', 'обойди*'),
    'review': ('weryfikacj*', 'przegląd*', 'człowiek*', 'zatwierdzeni*', 'moderacj*', 'ověřen*', 'schválen*', 'člověk*', 'lidsk*', 'kontrol*', 'revize', 'posouzen*', 'revis*', 'humano*', 'verificac*', 'aprovac*', 'ninguem', 'umano', 'umani', 'verifica', 'controllo',
               'approvazion*', 'nessuno', 'beoordeling*', 'controle', 'mens', 'mensen', 'goedkeuring', 'niemand',
               'проверк*', 'модерац*', 'человек*', 'ревью', 'одобрени*', 'рассмотрени*'),
    'without': ('bez', 'sem', 'senza', 'zonder', 'без'),
    'route': ('przekaż', 'przekażcie', 'przekazać', 'przekieruj', 'przekierujcie', 'przekierować', 'wyślij', 'wyślijcie', 'wysłać', 'wysyłaj', 'przypisz', 'przypiszcie', 'przypisać', 'skieruj', 'skierujcie', 'skierować', 'pošli', 'pošlete', 'poslat', 'posílej', 'přesměruj', 'přesměrujte', 'přesměrovat', 'přiřaď', 'přiřaďte', 'přiřadit', 'předej', 'předejte', 'předat', 'odešli', 'odešlete', 'odeslat', 'encaminh*', 'atribu*', 'direcion*', 'invi*', 'inoltr*', 'assegn*', 'indirizz*', 'stuur*',
              'verstuur*', 'doorsturen', 'wijs*', 'zend*', 'verwijs*', 'направ*', 'отправ*', 'перешл*', 'переда*',
              'назнач*', 'перенаправ*'),
    'to': ('do', 'na', 'para', 'ao', 'al', 'alla', 'ai', 'allo', 'naar', 'aan', 'op', 'в', 'к', 'на'),
    'set': ('oznacz', 'oznaczcie', 'oznaczyć', 'ustaw', 'ustawcie', 'ustawić', 'sklasyfikuj', 'sklasyfikować', 'nadaj', 'nadajcie', 'nadać', 'traktuj', 'traktujcie', 'zatwierdź', 'zatwierdźcie', 'zatwierdzić', 'označ', 'označte', 'označit', 'nastav', 'nastavte', 'nastavit', 'klasifikuj', 'klasifikujte', 'zařaď', 'zařaďte', 'zařadit', 'schval', 'schvalte', 'schválit', 'marqu*', 'defin*', 'classifiq*', 'coloq*', 'segn*', 'impost*', 'classific*', 'tratt*', 'metti',
            'markeer*', 'zet*', 'stel*', 'classificeer*', 'behandel*', 'отметь*', 'пометь*', 'поставь*',
            'установи*', 'классифицир*', 'присвой*'),
    'as': ('jako', 'como', 'come', 'als', 'как'),
    'priority': ('priorytet*', 'priorit*', 'prioridade', 'priorita', 'prioriteit', 'приоритет*'),
}

# The schema's values in the intake's other languages (German, French and Spanish too): a directive may name a team
# or a priority in the sender's language. Keyed by the schema's value; only values the vocabulary has are used.
VALUES: dict[str, tuple[str, ...]] = {
    'high': ('wysok*', 'vysok*', 'hoch', 'haute', 'elevee', 'alta', 'alto', 'hoog', 'высок*'),
    'urgent': ('pilne', 'pilny', 'pilna', 'naléhav*', 'urgentn*', 'dringend', 'urgente', 'срочн*'),
    'sales': ('sprzedaż*', 'prodej*', 'vertrieb', 'ventes', 'ventas', 'vendas', 'vendite', 'verkoop', 'продаж*'),
    'support': ('wsparci*', 'podpor*', 'soporte', 'suporte', 'supporto', 'ondersteuning', 'поддержк*'),
    'founder': ('założyciel*', 'zakladatel*', 'grunder*', 'fondateur', 'fundador*', 'fondatore', 'oprichter', 'основател*'),
}


def spelled(entries: tuple[str, ...]) -> str:
    """A regex alternation of table words as the skeleton spells them (`*`: any ending)."""
    out = {re.escape(_text.skeleton(w.rstrip('*'))) + (r'\w*' if w.endswith('*') else '') for w in entries}
    return '|'.join(sorted(out, key=len, reverse=True))


def words(concept: str) -> str:
    """A concept's words in the six table languages, as a regex alternation."""
    return spelled(_TABLE[concept])
