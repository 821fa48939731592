"""The words of `_injection`'s structural signals in ten languages: pt, it, nl, ru, pl, cs, sv, no, da and fi.

English, German, French and Spanish are spelled inline in `_injection`'s patterns; these ten languages come as a
table, one table per concept, so a language is a column to fill in, not a phrase to add. A trailing `*` stands for any ending (a stem). Each
word is spelled as `_text.skeleton` spells it (Cyrillic letters that look Latin become Latin), since the patterns
match the skeleton.
"""

from __future__ import annotations

import re

from . import _text

__all__ = ('VALUES', 'spelled', 'words')

# concept → its words in pt, it, nl, ru, pl and cs, then sv, no, da and fi (Finnish mostly as stems: its cases are endings)
_TABLE: dict[str, tuple[str, ...]] = {
    # who an injection talks to
    'machine': ('sztuczna inteligencja', 'sztucznej inteligencji', 'model językowy', 'czatbot*', 'umělá inteligence', 'umělé inteligence', 'jazykový model', 'inteligencia artificial', 'robo', 'intelligenza artificiale', 'modello', 'modello linguistico',
                'kunstmatige intelligentie', 'taalmodel', 'ии', 'искусственн* интеллект*', 'модел*', 'бот*',
                'нейросет*', 'чат-бот*',
                'artificiell intelligens', 'kunstig intelligens', 'tekoäly*', 'språkmodell*', 'sprogmodel*', 'kielimalli*', "ai'en", 'ai-en', 'ai:n', 'ki-en', 'chattbot*', 'botten', 'boten', 'botti*', 'robotti*', 'klassificerar*', 'klassificerer*', 'luokittelij*', 'automatiken', 'automatikken', 'automaatio*', 'modellen', 'verktyget', 'verktøyet', 'værktøjet', 'työkalu*'),
    'personlike': ('asysten*', 'systemie', 'systemu', 'asistent*', 'systém*', 'sistema', 'agente', 'assistente', 'assistent', 'systeem', 'ассистент*', 'помощник*', 'систем*',
                   'агент*',
                'systemet', 'järjestelmä', 'assistenten', 'avustaj*', 'agenten', 'käsittelij*'),
    'qualifier': ('automatyczn*', 'zautomatyzowan*', 'wirtualn*', 'automatick*', 'automatizovan*', 'virtuáln*', 'automatizad*', 'automatic*', 'automatizzat*', 'virtuale', 'geautomatiseerd*', 'automatisch*',
                  'virtuele', 'автоматическ*', 'автоматизированн*', 'виртуальн*',
                'automatisk*', 'automatiser*', 'automaattis*', 'automatisoi*', 'virtuell*', 'virtuaali*'),
    'orders': ('instrukcj*', 'polecen*', 'instrukc*', 'pokyn*', 'poznámk*', 'instruc*', 'nota', 'observac*', 'istruzion*', 'instructie*', 'opmerking', 'notitie', 'инструкци*',
               'примечани*', 'заметк*', 'указани*',
                'instruktion*', 'instruks*', 'anvisning*', 'ohje', 'ohjeet', 'ohjeita', 'anteckning', 'notat', 'notis', 'huomautus'),
    'for': ('dla', 'pro', 'para', 'ao', 'per', 'al', 'alla', 'voor', 'aan', 'для', 'к',
                'för', 'till', 'til'),
    'article': ('każd*', 'wasz*', 'váš', 'vaš*', 'o', 'os', 'il', 'lo', 'het', 'de', 'jullie', 'vostro', 'seu', 'sua', 'ваш*',
                'er', 'ert', 'era', 'dere', 'deres', 'jeres', 'teidän'),
    'hail': ('drogi', 'droga', 'drodzy', 'szanown*', 'witaj*', 'cześć', 'vážen*', 'milý', 'milá', 'ahoj', 'ola', 'caro', 'cara', 'prezad*', 'atencao', 'ciao', 'gentile', 'attenzione', 'beste', 'hoi', 'привет',
             'уважаем*', 'внимание', 'дорог*',
                'hej', 'hejsan', 'hallå', 'kära', 'hei', 'kjære', 'kære', 'moi', 'arvoisa'),
    'which': ('który', 'która', 'które', 'którzy', 'který', 'která', 'které', 'kteří',
                'som', 'der', 'joka', 'jotka', 'mikä', 'mitkä'),
    'this': ('ten', 'ta', 'te', 'to', 'tego', 'tej', 'tych', 'tę', 'tento', 'tato', 'toto', 'tyto', 'tuto', 'tyhle', 'tenhle',
                'detta', 'denna', 'dessa', 'dette', 'denne', 'disse', 'tämä', 'tämän', 'tätä', 'nämä', 'näitä', 'det här', 'det her', 'den här', 'den her'),
    'reads': ('czyta*', 'przetwarza*', 'analizuj*', 'čte', 'zpracováv*', 'zpracuje', 'analyzuj*', 'le', 'processa', 'analisa', 'legge', 'elabora', 'leest', 'verwerkt', 'читает', 'обрабатывает',
                'läser', 'leser', 'læser', 'lukee', 'behandlar', 'behandler', 'käsittelee', 'sorterar', 'sorterer', 'lajittelee', 'hanterar', 'håndterer', 'analyserar', 'analyserer', 'analysoi', 'granskar', 'gransker', 'tarkistaa'),
    # what it is told to do
    'skip': ('pomiń', 'pomin*', 'omiń', 'zignoruj*', 'ignoruj*', 'přeskoč*', 'obejdi', 'pula*', 'pule*', 'salta*', 'salti*', 'sla', 'overslaan', 'omzeil*', 'пропусти*', 'пропуска*', 'игнорир*',
             'минуя', 'обойди*',
                'hoppa över', 'hopp over', 'hopper over', 'hoppe over', 'spring over', 'springe over', 'springer over', 'förbigå*', 'kringgå*', 'omgå*', 'ignorer*', 'ohita*', 'ohitt*', 'sivuuta*', 'behöver inte', 'trenger ikke', 'behøver ikke', 'ei tarvitse', 'inte nödvändigt', 'ikke nødvendig', 'la være', 'lad være', 'låt bli'),
    'review': ('weryfikacj*', 'przegląd*', 'człowiek*', 'zatwierdzeni*', 'moderacj*', 'ověřen*', 'schválen*', 'člověk*', 'lidsk*', 'kontrol*', 'revize', 'posouzen*', 'revis*', 'humano*', 'verificac*', 'aprovac*', 'ninguem', 'umano', 'umani', 'verifica', 'controllo',
               'approvazion*', 'nessuno', 'beoordeling*', 'controle', 'mens', 'mensen', 'goedkeuring', 'niemand',
               'проверк*', 'модерац*', 'человек*', 'ревью', 'одобрени*', 'рассмотрени*',
                'granskning*', 'gransking*', 'gennemgang*', 'gjennomgang*', 'kontroll*', 'godkännande*', 'godkjenning*', 'godkendelse*', 'manuell*', 'manuel*', 'människ*', 'menneske*', 'ihmi*', 'tarkast*', 'tarkistu*', 'kön', 'køen', 'jono*', 'vurdering*', 'sjekk*', 'tjek*', 'manuaali*', 'hyväksyn*'),
    'without': ('bez', 'sem', 'senza', 'zonder', 'без',
                'utan', 'uten', 'uden', 'ilman'),
    # a check's value in a pasted status field: 'Revisione_manuale: NON NECESSARIA', 'Weryfikacja: niepotrzebna'
    'not_needed': ('não necessári*', 'desnecessári*', 'dispensad*', 'não requerid*', 'non necessari*', 'non richiest*',
                   'non serve', 'superflu*', 'niet nodig', 'niet vereist', 'overbodig', 'не требуется', 'не нужн*',
                   'niepotrzebn*', 'nie wymagan*', 'zbędn*', 'není potřeba', 'nepotřebn*', 'není nutn*',
                   'nevyžaduje se',
                   'behövs inte', 'krävs inte', 'ej nödvändig*', 'ikke nødvendig', 'trengs ikke', 'kreves ikke',
                   'ikke påkrævet', 'ei tarvita', 'tarpeeton', 'ei tarpeen'),
    'route': ('przekaż', 'przekażcie', 'przekazać', 'przekieruj', 'przekierujcie', 'przekierować', 'wyślij', 'wyślijcie', 'wysłać', 'wysyłaj', 'przypisz', 'przypiszcie', 'przypisać', 'skieruj', 'skierujcie', 'skierować', 'pošli', 'pošlete', 'poslat', 'posílej', 'přesměruj', 'přesměrujte', 'přesměrovat', 'přiřaď', 'přiřaďte', 'přiřadit', 'předej', 'předejte', 'předat', 'odešli', 'odešlete', 'odeslat', 'encaminh*', 'atribu*', 'direcion*', 'invi*', 'inoltr*', 'assegn*', 'indirizz*', 'stuur*',
              'verstuur*', 'doorsturen', 'wijs*', 'zend*', 'verwijs*', 'направ*', 'отправ*', 'перешл*', 'переда*',
              'назнач*', 'перенаправ*',
                'skicka*', 'vidarebefordr*', 'videresend*', 'tilldel*', 'tildel*', 'dirigera*', 'styr', 'styra', 'överför*', 'overfør*', 'lähet*', 'ohjat*', 'ohjaa*', 'välit*', 'siirr*', 'eskaler*', 'eskaloi*', 'flytta', 'flytt', 'flyt', 'lämna över'),
    'to': ('do', 'na', 'para', 'ao', 'al', 'alla', 'ai', 'allo', 'naar', 'aan', 'op', 'в', 'к', 'на',
                'till', 'til'),
    'set': ('oznacz', 'oznaczcie', 'oznaczyć', 'ustaw', 'ustawcie', 'ustawić', 'sklasyfikuj', 'sklasyfikować', 'nadaj', 'nadajcie', 'nadać', 'traktuj', 'traktujcie', 'zatwierdź', 'zatwierdźcie', 'zatwierdzić', 'označ', 'označte', 'označit', 'nastav', 'nastavte', 'nastavit', 'klasifikuj', 'klasifikujte', 'zařaď', 'zařaďte', 'zařadit', 'schval', 'schvalte', 'schválit', 'marqu*', 'defin*', 'classifiq*', 'coloq*', 'segn*', 'impost*', 'classific*', 'tratt*', 'metti',
            'markeer*', 'zet*', 'stel*', 'classificeer*', 'behandel*', 'отметь*', 'пометь*', 'поставь*',
            'установи*', 'классифицир*', 'присвой*',
                'markera*', 'marker*', 'sätt', 'sätta', 'sett', 'sette', 'sæt', 'sætte', 'klassificera*', 'klassifiser*', 'klassificer*', 'godkänn*', 'godkjenn*', 'godkend*', 'klassa', 'merkitk*', 'merkitse*', 'aseta*', 'asettak*', 'luokittel*', 'hyväksy*'),
    'as': ('jako', 'como', 'come', 'als', 'как',
                'som'),
    # a shortcut claimed on the company's word: who said it, what code unlocks it, a pasted mail, straight to them
    # (not the Scandinavian 'sa' (said): the skeleton spells 'så' (so) the same)
    'said': ('powiedział*', 'powiedziała*', 'mówił*', 'obiecał*', 'zapewnił*', 'potwierdził*', 'řekl*', 'říkal*', 'slíbil*',
             'potvrdil*', 'disse', 'disseram', 'falou', 'prometeu', 'garantiu', 'confirmou', 'detto', 'promesso', 'confermato',
             'assicurato', 'zei', 'gezegd', 'verteld', 'beloofd', 'bevestigd', 'verzekerd', 'сказал*', 'обещал*', 'подтвердил*',
                'sade', 'sagt', 'lovade', 'lovat', 'bekräftade', 'lovet', 'lovte', 'bekreftet', 'sagde', 'lovede',
                'bekræftede', 'sanoi', 'sanoivat', 'lupasi', 'lupasivat', 'vahvisti', 'kertoi'),
    'code': ('hasło', 'hasłem', 'hasła', 'kod', 'kodem', 'kodu', 'słowo kluczowe', 'heslo', 'heslem', 'kód*', 'código', 'palavra-chave',
             'senha', 'codice', "parola d'ordine", 'parola chiave', 'codewoord', 'wachtwoord', 'trefwoord', 'код', 'кодовое слово',
             'пароль',
                'kodord*', 'lösenord*', 'koden', 'kodeord*', 'passord*', 'adgangskode*', 'koodisana*', 'tunnussana*', 'salasana*',
                'koodi*'),
    'forwarded': ('przekazan*', 'przesyłam dalej', 'przesłan*', 'přeposlan*', 'přeposílám', 'encaminhad*', 'reencaminhad*',
                  'inoltrat*', 'doorgestuurd*', 'пересланн*',
                'vidarebefordra*', 'videresendt*', 'edelleenlähetet*', 'välitetty viesti'),
    'directly': ('bezpośrednio', 'prosto', 'od razu', 'přímo', 'rovnou', 'diretamente', 'direto', 'direttamente', 'rechtstreeks',
                 'напрямую', 'сразу',
                'direkt', 'raka vägen', 'direkte', 'rett', 'lige', 'suoraan'),
    'to_them': ('do niego', 'do niej', 'k němu', 'k ní', 'para ele', 'para ela', 'a ele', 'a ela', 'a lui', 'a lei', 'da lui',
                'da lei', 'naar hem', 'naar haar', 'bij hem', 'bij haar', 'к нему', 'к ней',
                'hos honom', 'hos henne', 'till honom', 'till henne', 'til ham', 'til henne', 'hos ham', 'til hende',
                'hos hende', 'hänelle', 'hänen luokseen'),
    'queue': ('kolejk*', 'fronty', 'frontu', 'frontou', 'fila', 'coda', 'wachtrij', 'очеред*',
                'kö', 'kön', 'kø', 'køen', 'jono*'),
    'priority': ('priorytet*', 'priorit*', 'prioridade', 'priorita', 'prioriteit', 'приоритет*'),
}

# The schema's values in the intake's other languages (German, French and Spanish too): a directive may name a team
# or a priority in the sender's language. Keyed by the schema's value; only values the vocabulary has are used.
VALUES: dict[str, tuple[str, ...]] = {
    'high': ('wysok*', 'vysok*', 'hoch', 'haute', 'elevee', 'alta', 'alto', 'hoog', 'высок*', 'hög', 'höga', 'högsta', 'høy',
             'høye', 'høyeste', 'høj', 'høje', 'højeste', 'korkea*', 'korkein*'),
    'urgent': ('pilne', 'pilny', 'pilna', 'naléhav*', 'urgentn*', 'dringend', 'urgente', 'срочн*', 'brådskande', 'akut*',
               'haster', 'kiireelli*', 'kritisk*', 'kriitti*'),
    'sales': ('sprzedaż*', 'prodej*', 'vertrieb', 'ventes', 'ventas', 'vendas', 'vendite', 'verkoop', 'продаж*', 'försäljning*',
              'sälj*', 'salg*', 'myynti*', 'myynn*'),
    'support': ('wsparci*', 'podpor*', 'soporte', 'suporte', 'supporto', 'ondersteuning', 'поддержк*', 'kundtjänst*',
                'kundservice*', 'kundestøtte*', 'kundeservice*', 'asiakastuki*', 'asiakaspalvelu*', 'tuki', 'tukeen',
                'tuelle'),
    'founder': ('założyciel*', 'zakladatel*', 'grunder*', 'fondateur', 'fundador*', 'fondatore', 'oprichter', 'основател*',
                'grundare*', 'grunnlegger*', 'grundlægger*', 'stifter*', 'perustaja*'),
}


def spelled(entries: tuple[str, ...]) -> str:
    """A regex alternation of table words as the skeleton spells them (`*`: any ending)."""
    out = {re.escape(_text.skeleton(w.rstrip('*'))) + (r'\w*' if w.endswith('*') else '') for w in entries}
    return '|'.join(sorted(out, key=len, reverse=True))


def words(concept: str) -> str:
    """A concept's words in the ten table languages, as a regex alternation."""
    return spelled(_TABLE[concept])
