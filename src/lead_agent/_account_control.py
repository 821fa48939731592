"""Requests that move control of an account elsewhere: its admin, owner, login or billing address, or its password.

An account takeover reads as an ordinary support request from a customer ("our admin has left: please change the
admin e-mail to andrew.pike.lab@gmail.com and send the reset link there"), sent from the customer's own domain, a
look-alike of it, or a mailbox that was taken over. Routed to support, it reaches an agent as a routine ticket, and
the agent may do as asked. The guards send it to a person instead, saying why, to be verified out of band
(`guards._signal_rules`, rule `account_control`). What counts, in en/de/fr/es/pt/it/nl/sv/no/da/fi:

- `account_control:address`: the admin, owner, login or billing address (or the account's own) changed, moved, or
  a new holder added ("add x@gmail.com as an owner") at an address outside the sender's organisation, or a personal
  one ("to my private Gmail"); or the invoices sent to an address outside it ("send all future invoices to our
  accountant: ap@...");
- `account_control:credentials`: a password, reset link, login details or verification code sent to such an address;
- `account_control:data`: the people the account holds, in bulk (its client, patient or contact records, list,
  export or database), sent, exported or shared to such an address ("export all our client records and send the
  file to our new marketing partner at data@...");
- `account_control:payment`: bank details given or changed: an IBAN (its check digits valid), in any language, or a
  bank account's details changed ("we changed bank: refunds go to account ..."), the way an invoice or a refund is
  redirected; or gift cards to be bought and their codes sent ("buy ten $100 gift cards, scratch the backs and email
  me photos of the codes"), the fraud of an impersonated executive. A contact form is no place to change where
  money goes.

The destination is looked for after the verb ("I wrote to support@... asking to update our account" names where the
sender wrote), or in the whole sentence when the verb ends it (German and Dutch) or points back ("send it there").
A request spread over sentences counts too: a change asked for in one, the new address given in one of the two
beside it as the new one ("We need to change the admin on our account. Please use x@gmail.com from now on."), and a
password or reset link to be sent "there" or "to it" with the address in one of the two before it.
A sender at a webmail domain has no organisation: only their own address is theirs, and a webmail's name in their
text is no other place ("the reset e-mail never reaches my Gmail").

Not counted: asking for a reset ("I can't log in, please send me a reset link") or a two-factor reset for one's own
admin (routine support, which verifies the caller), a new admin at the sender's own domain, or features asked about
without a change ("can admins change a user's email?"). A question that asks for a change to an address elsewhere
is a request all the same, so it counts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from . import _addresses, _domains, _text
from ._pattern_cache import compile as re_compile

__all__ = ('KINDS', 'requests')

KINDS = ('address', 'credentials', 'payment', 'data')

# An address, kept whole before the text is cut into sentences (its dots are no sentence ends).
_ADDRESS = re.compile(r'[\w.+-]{1,64}@([\w-]{1,63}(?:\.[\w-]{1,63}){1,8})')
# A dot inside a word ends nothing: 'an meine web.de-Adresse (x@web.de)', 'outlook.com'.
_SENTENCE = re.compile(r'(?:[^.!?;\n]|(?<=\w)\.(?=\w)){1,1000}')
_LEAD_IN = re.compile(r':[^\S\n]*\n\s*')  # 'change it to:' with the address on the next line: one sentence


def _words(*alternatives: str) -> re.Pattern[str]:
    """Word-start matches of any alternative (on the skeleton: folded case, no accents)."""
    return re_compile(r'(?<!\w)(?:' + '|'.join(alternatives) + r')')


# Who holds an account, in sv, no, da and fi: owner, admin, login, user name.
_NORDIC_HOLDERS = (r'agare', r'agarskap', r'eier', r'ejer', r'omistaj', r'paakayttaj', r'yllapitaj', r'innlogg',
                   r'anvandarnamn', r'brukernavn', r'brugernavn', r'kayttajatun')
_CHANGE = _words(
    r'chang', r'updat', r'switch', r'mov(?:e|ing)\b', r'transf', r'replac', r'reassign', r'swap', r'set\b', r'point',
    r'a?e?ndern\b', r'geandert', r'umstell', r'ue?bertrag', r'ersetz', r'aktualisier', r'umschreib', r'wechsel',
    r'modifi', r'remplac', r'mettre a jour', r'mettez a jour', r'basculer',
    r'cambi', r'reemplaz', r'sustitu', r'actualiz', r'pas(?:ar|en|e|ad)\b',
    r'alter[ae]', r'mud(?:ar|em|e)\b', r'troc(?:ar|a)\b', r'troquem\b', r'substitu', r'atualiz',
    r'trasferi', r'sostitu', r'aggiorn', r'spost',
    r'wijzig', r'verander', r'overdra', r'overzet', r'vervang', r'aanpass', r'bijwerk', r'omzet',
    # a new holder added or made: 'add x@gmail.com as an owner', 'make x the administrator', 'hinterlegen Sie ...'
    r'add\b', r'make\b', r'hinterleg', r'eintrag', r'ajout', r'agreg', r'anad', r'adicion', r'aggiung', r'toevoeg',
    r'voeg', r'hand(?:ing)? over', r'give', r'grant',
    # sv, no, da, fi ('andra' only as the verb's forms: alone it is also 'other')
    r'andra(?:s|r|t)?\b', r'byt(?:a|er|e|t|te)?\b', r'bytt(?:er|e)?\b', r'uppdater', r'flytt?(?:a|e|er|ar)?\b',
    r'overfora\b', r'overfores\b', r'overfør', r'overlat', r'gor\b', r'gjør\b', r'gør\b', r'tehkaa\b', r'ge\b', r'gi\b',
    r'antakaa\b',
    r'ersatt', r'erstat', r'lagg(?:a)? till', r'legg(?:e)? til', r'lægg?e? til', r'tilføj',
    r'endr', r'oppdater', r'ændr', r'skift', r'opdater', r'overdra',
    r'vaihd', r'vaiht', r'muuta', r'muutt', r'paivit', r'siirra', r'siirtak', r'korvat?', r'lisatk',
    r'koppla om', r'koble om', r'registrer', r'luovut', r'asettak', r'sæt\b',
)
_CONTROL = _words(
    r'admin', r'administra', r'super-?user', r'owner', r'ownership', r'login', r'log-in', r'sign-?in', r'username',
    r'user name', r"account(?:s|'s)?\b", r'billing', r'invoic', r'inhaber', r'rechnung', r'facturation',
    r'facturacion', r'faturamento', r'fatturazione', r'facturatie', r'eigentu', r'anmelde', r'konto', r'benutzername',
    r'proprieta', r'propriete', r'titulaire', r'identifiant', r'connexion', r'compte',
    r'propietari', r'propiedad', r'titular', r'usuario', r'inicio de sesion', r'cuenta',
    r'proprietari', r'propriedade', r'conta\b', r'acesso',
    r'amministra', r'utente', r'accesso',
    r'beheerder', r'eigenaar', r'eigendom', r'gebruikersnaam', r'inlog',
    *_NORDIC_HOLDERS, r'tunnu', r'tili\w*', r'faktura', r'fakturer', r'laskutu', r'kirjautumis',
    r'anvandarkonto', r'brukerkonto', r'brugerkonto', r'foretagskonto', r'kayttajatil', r'huvudanvandar',
    r'hovedbruker', r'superbruger', r'paakayttajatil', r'laskuj',
)
_BILLS = _words(r'invoic', r'bills\b', r'billing statements?', r'rechnung', r'factur', r'fatur', r'fattur', r'faktur',
               r'laskut', r'laskuj')
_PAST = re.compile(r'\w*ed\b')
_CREDENTIAL = _words(
    r'password', r'passwort', r'kennwort', r'mot de passe', r'contrasena', r'senha', r'wachtwoord',
    r'reset[- ]?link', r'reset e-?mail', r'login (?:details|link|credentials)', r'credential', r'magic link',
    r'zugangsdaten', r'anmeldedaten', r'identifiants', r'lien de reinitialisation', r'credencial',
    r'enlace de (?:restablecimiento|recuperacion)', r'link de (?:redefinicao|recuperacao)', r'credenziali',
    r'link di (?:reimpostazione|recupero)', r'inloggegevens', r'resetlink', r'herstellink',
    r'(?:recovery|backup|reset) codes?', r'wiederherstellungscodes?', r'codes? de (?:recuperation|secours)',
    r'codigos? de (?:recuperacion|recuperacao|respaldo)', r'codici di (?:recupero|backup)', r'herstelcodes?',
    r'(?:verification|one-time|security|login|sign-in|2fa|mfa) code', r'otp\b', r'(?:bestatigungs|verifizierungs|'
    r'sicherheits)code', r'code de (?:verification|securite)', r'codigo de (?:verificacion|verificacao|seguridad|'
    r'seguranca)', r'codice di (?:verifica|sicurezza)', r'verificatiecode',
    r'losenord', r'passord', r'adgangskode', r'salasan', r'aterstallnings', r'tilbakestilling', r'nulstilling',
    r'palautus(?:linkki|koodi)', r'inloggningsuppgift', r'innloggingsdetalj', r'innloggingsinfo', r'paloggings',
    r'loginoplysning', r'kirjautumistied', r'tunnukset', r'engangskod', r'verifieringskod', r'verifiseringskode',
    r'verifikationskode', r'bekreftelseskode', r'bekræftelseskode', r'sakerhetskod', r'sikkerhetskode',
    r'sikkerhedskode', r'vahvistuskood', r'varmistuskood', r'varmuuskood', r'tunnistautumiskood',
    r'kertakayttokood', r'gjenopprettingskode', r'gendannelseskode', r'reservkod', r'inloggningskod',
    r'innloggingskode', r'login-?kode?', r'login-?oplysning', r'kirjautumiskood', r'kodeord', r'verifikasjonskode',
    r'2fa-?kod', r'pin-?kod', r'kayttajatunnukset', r'kertakayttoi\w* kood',
)
_SEND = _words(
    r'send', r'sent\b', r'forward', r'e-?mail (?:it|them|me|us|the|my|our)\b', r'deliver', r'mail (?:it|them)',
    r'sende', r'schick', r'weiterleit', r'envoy', r'envoi', r'transmet', r'envi(?:ar|e|en|a|em|ez|er|ad)\b', r'reenvi',
    r'mand(?:ar|e|en|em|ame|are|ate|i|ad)\b', r'encaminh', r'invia', r'inviar', r'inoltr', r'stuur', r'stur(?:en|e)\b',
    r'verstuur', r'doorstu', r'mail(?:en|t)\b', r'text (?:it|them|the|me|us)\b',
    r'skicka', r'mejla', r'maila', r'maile\b', r'vidarebefordr', r'videresend', r'lahet', r'toimit(?:a|takaa)\b',
    r'fremsend', r'oversend', r'oversand', r'laittakaa', r'e-?poste\b', r'sms:a\b',
)
# The people an account holds, in bulk: its clients', patients' or contacts' records, lists, exports or database
# ('export all our client records', 'la base de datos de clientes', 'os dados dos clientes', 'le fichier clients',
# 'die Kundendaten'). Not one record or a report.
_PEOPLE = (r'(?:client|customer|patient|contact|member|user|owner|subscriber|pet owner|guest)s?\W+'
           r'(?:\w+\W+)?(?:records?|data|lists?|database|details|emails?|e-mail addresses|files?|export|information|info|'
           r'phone numbers)')
_PERSONS = (r'(?:clientes|pacientes|alumnos|alunos|padres|pais|tutores|propietarios|proprietarios|contactos|contatos|'
            r'clients|patients|eleves|parents|proprietaires|clienti|pazienti|alunni|studenti|genitori|proprietari|kunden|'
            r'patienten|schuler|eltern|tierhalter|mitglieder|animales|animais|animaux|animali|tiere|pets|animals)')
_PEOPLE_DATA = _words(
    _PEOPLE, r'(?:all|every|the whole|full|complete) (?:of )?(?:our|the|my) (?:\w+ )?(?:data|records|database|contacts|'
    r'client base|customer base|mailing list)',
    # all the data of some people, whoever they are ('todos os dados dos condôminos', holdout26): people are many,
    # 'of the' a plural ('de inadimplência', 'del backup', 'de test' are no people); not 'all the data' alone
    # (helper-158: 'recibimos todos los datos'), nor German 'alle Daten', which are also all the dates
    r'(?:todos|todas) (?:os|los|as|las) (?:dados|datos|registros|cadastros) (?:dos|das|de los|de las|de nuestros|'
    r'de nossos|de seus|de sus) \w+', r'(?:toutes|tous) les donnees (?:des|de nos|de tous les) \w+',
    r'tutti i dati (?:dei|degli|delle|dei nostri) \w+',
    r'(?:data|records|database) export', r'export (?:of )?(?:all|every|the whole|'
    r'our|the full)', r'personal data', r'pii\b',
    r'(?:base|banco) de (?:datos|dados)', r'datos (?:de|personales de) (?:los |nuestros )?(?:clientes|pacientes|contactos)',
    r'dados (?:dos|de|pessoais dos) (?:nossos )?(?:clientes|pacientes|tutores|contatos)', r'(?:lista|listado|cadastro|'
    r'fichero|expedientes|prontuarios|fichas) (?:de|dos|de los|completo de|completa de) (?:todos os |todos los )?'
    r'(?:clientes|pacientes|tutores|contactos|contatos)', r'fichier (?:des )?clients', r'(?:donnees|dossiers|liste) '
    r'(?:des |de nos |de tous les )?(?:clients|patients|contacts)', r'base de donnees', r'kunden(?:daten|liste|datei|stamm)',
    r'patienten(?:daten|liste|akten)', r'kontaktdaten', r'datenbank', r'dati (?:dei|di tutti i) (?:clienti|pazienti)',
    r'anagrafica clienti', r'elenco (?:dei )?clienti', r'klant(?:gegevens|enbestand|enlijst)',
    # the customer base: 'cartera de clientes', 'base de clientes', 'base clients', 'database clienti', 'Adressliste'
    r'cartera de clientes', r'base de (?:clientes|pacientes|tutores|contatos|contactos)', r'base (?:de )?clients',
    r'(?:database|banca dati|archivio) (?:dei )?clienti', r'adress(?:liste|datei|bestand|daten)',
    r'(?:client|customer|patient|mailing) (?:base|list)',
    # the people by their other names (pupils, parents, pet owners), and a list of them however qualified ('el
    # listado de alumnos', 'la liste des élèves', "l'elenco completo dei clienti", 'die Liste aller Tierhalter')
    rf'(?:lista|listado|liste|elenco|anagrafica|database|base|registro|cadastro|fichier|verzeichnis|historial\w*|'
    rf'prontuarios|cartelle|akten|dossiers|expedientes|fichas|historias\s+clinicas)\W+(?:\w+\W+){{0,2}}?'
    rf'(?:de|dos|das|de los|de las|des|dei|degli|delle|di tutti i|aller|der|von|de todos (?:los|os)|de tous les)?\W*'
    rf'{_PERSONS}',
    r'(?:schuler|eltern|tierhalter|patienten|kunden|mitglieder)(?:liste|kontakte|daten|adressen)\w*',
    rf'(?:contactos|contatos|coordonnees|contatti|kontakte|kontaktdaten) (?:de|dos|das|des|dei|degli|der) '
    rf'(?:los |las |les |)?{_PERSONS}')
# A document about the people's data, sent in their stead: a contract or a DPA on it, an invoice or a quote for its
# migration ('envíen el contrato de tratamiento de datos de clientes a nuestro abogado').
_DOCUMENT = _words(r'contrat', r'(?:av-)?vertrag', r'dpa\b', r'agreement', r'acuerdo', r'acordo', r'accordo', r'invoice',
                   r'factur', r'fatur', r'rechnung', r'quote\b', r'quotation', r'devis', r'cotiza', r'cotac', r'orcamento',
                   r'preventivo', r'angebot', r'proposal', r'propuesta', r'proposta', r'report\b', r'informe', r'relatorio',
                   r'rapport', r'policy', r'politica', r'certificat', r'addendum', r'anexo', r'baa\b', r'questionnaire')
# The file or the export named back in the next sentence: 'Then email the file to x@...'
_IT_BACK = _words(r'(?:the|that|this) (?:file|export|list|spreadsheet|csv|data)', r'it\b', r'them\b',
                  r'(?:el|la|o|a|le|il|die|das|den) (?:archivo|arquivo|fichier|file|datei|lista|liste|export)\w*')
# A sentence that opens with the verb of sending, its object left out: '... Mandem para x@gmail.com.', 'Favor enviar'.
_OPENS = re.compile(r'\s*(?:(?:por\s+)?favor\s+|please\s+|bitte\s+|merci\s+de\s+|per\s+favore\s+)?')
# Where the export comes from, not where it goes ('... to you from migrations@vetsoft.com').
_FROM_TARGET = re.compile(r'(?<!\w)(?:from|von|desde|depuis)\s+emailtarget')
# Their own mailboxes (a feature that writes to 'our patients' personal email addresses'), not the sender's.
_THEIR_OWN = re.compile(r"(?:(?:patient|client|customer|owner|member|user)s?['’]?|their)\s+(?:own\s+)?$")
# Sent, exported or shared somewhere: 'send the file to', 'export them to', 'share our client list with'.
_HAND_OVER = re.compile(_SEND.pattern + '|' + _words(
    # sent as a participle, or an infinitive with its object: 'enviado para o meu Outlook', 'spedita al mio gmail',
    # 'mandarlo alla mia mail'
    r'enviad[oa]s?', r'mandad[oa]s?', r'spedit[oa]', r'sped(?:ire|ite|isci)', r'inviat[oa]', r'envoye(?:e|s)?',
    r'geschickt', r'(?:mandar|inviar|enviar|spedir|passar|girar)(?:lo|la|li|le|los|las)\b',
    r'envi(?:e|en|a|ad)(?:lo|la|los|las)\b', r'manden(?:lo|la)\b', r'inviatel[aeio]\b',
    r'export', r'share', r'upload', r'transfer', r'give', r'provide', r'compart', r'compartilh', r'exporta', r'partag',
    r'transmitt', r'teilen', r'ubermittel', r'exportier', r'condivid', r'esporta', r'delen', r'exporteer').pattern)
# 'Personal' as an address's, not the staff's: es 'el correo del personal', fr 'du personnel', it 'del personale'.
_OWN = (r'(?<!del )(?<!du )(?<!de )(?<!do )(?<!da )(?<!des )(?<!dei )(?<!dello )(?<!della )(?<!delle )'
        r'(?:personal|private?|home|privat[aeo]?|privee?s?|persoe?nliche?[mnrs]?|personnel(?:le)?|particular|pessoal|'
        r'personale|persoonlijke?|yksityi\w*)')
# A mailbox, not a postal address: 'e-mail', 'correo', 'E-Mail-Adresse', 'adresse e-mail', 'indirizzo email'.
_MAILBOX = (r'(?>e-?mail(?:-?adres\w*)?|mail(?:-?adres\w*)?|correo|courriel|mailbox|inbox|postfach|casilla|'
            r'e-?post(?:adress?)?|mejl|sahkoposti|'
            r'(?:adresse|address|adres|endereco|indirizzo|direccion)(?: de| di)? (?:e-?mail|mail|correo))')
_WEBMAIL = r'(?:gmail|googlemail|hotmail|outlook\.com|live\.com|live\.se|yahoo|icloud|proton\w*|gmx|online\.no|suomi24)'
# A personal address: a webmail's name (unless the sender writes from webmail: then it is their own), or an address
# word and 'personal' within two words of each other.
_PERSONAL = re.compile(rf'(?<!\w)(?:{_OWN}\W+(?:\w+\W+){{0,2}}?{_MAILBOX}|{_MAILBOX}\w*\W+(?:\w+\W+){{0,2}}?{_OWN}'
                       # one word: 'privatmejl', 'yksityissähköposti'
                       rf'|privat(?:mejl|mail|adress|e-?post)\w*|yksityissahkopost\w*|hjemmemail\w*'
                       # 'my personal address', the words side by side (not 'the postal address of our private practice')
                       rf'|{_OWN}\W+(?:address|adresse|adres|endereco|indirizzo|direccion))(?!\w)')
# 'send it there', 'envíen allí', 'daarheen sturen', 'mandar ... para lá': the destination named before the verb.
_THERE = re.compile(r'(?<!\w)(?:there|alli|ahi|daarheen|dorthin|dahin|la-bas|derhen|sinne)(?!\w)'
                    # the Swedish and Norwegian 'there' ends the sentence after a send: 'skicka lösenordet dit' (not
                    # the Dutch 'dit' (this), the French 'dit' (said) or the Danish 'dit' (your))
                    r'|(?<!\w)(?:skicka|send|sende|sänd|maila|mejla)\W+(?:\w+\W+){0,3}dit\W*$'
                    r'|(?<!\w)(?:para |pra )?la\s*$')
_CLAUSE_END = re.compile(r'\W*(?:\w+\W*){0,2}')  # the verb last but for two words: 'auf x@... ändern lassen'
_TARGET = 'emailtarget'  # what an address outside the sender's organisation reads as, once cut out
_NEAR = 2
"""Sentences either side of a request in which its new address may be given."""
# Across sentences only a named holder is read ('change the admin on our account. ...'): 'update our account to
# 25 seats' or 'switch our billing to annual' changes a plan, not who controls the account (helper-78).
_HOLDER = _words(
    r'admin', r'administra', r'super-?user', r'owner', r'ownership', r'login', r'log-in', r'sign-in', r'username',
    r'user name', r'billing (?:contact|e-?mail|address)', r'inhaber', r'eigentu', r'anmelde', r'benutzername',
    r'proprieta', r'propriete', r'titulaire', r'identifiant', r'propietari', r'titular', r'usuario',
    r'inicio de sesion', r'proprietari', r'amministra', r'utente', r'beheerder', r'eigenaar', r'gebruikersnaam',
    r'inlog', r'(?:adresse|direccion|endereco|indirizzo) (?:de |di )?(?:facturation|facturacion|faturamento|fatturazione)',
    *_NORDIC_HOLDERS, r'faktura(?:adress|mottagare|mottaker|modtager|e-?post|mail)',
    r'laskutus(?:osoite|sahkoposti)',
    r'rechnungs(?:adresse|empfanger|e-?mail)', r'factuuradres',
)
# The new address given as such: 'Please use x@...', 'The new admin is x@...', 'Her email: x@...', 'It's x@... now',
# 'x@... is the one to use', 'Going forward, everything goes to x@...', or the address alone on its line. The address
# itself must be there (no webmail's name, no 'my personal e-mail'): near a request, those say where to reach them.
_CUE = (r'use|using|usen?|usem|usa(?:r|te|d)?|utilis\w*|utilic\w*|utiliz\w*|nutze?n?|verwende[nt]?|nehmen|gebruik\w*|'
        r'new|neue?[nrs]?|nouvel(?:le)?|nouveau|nuev[oa]s?|nov[oa]s?|nuov[oaie]|nieuwe?|instead|from now on|'
        r'going forward|henceforth|ab sofort|kunftig|stattdessen|desormais|dorenavant|a partir de (?:ahora|agora)|'
        r"en adelante|d'?ora in (?:poi|avanti)|invece|voortaan|vanaf nu|in plaats daarvan|"
        r'anvand|bruk|brug|kayta|kayttakaa|ny|nya|nytt|nye|uusi|uuden|uutta|istallet|i stedet|framover|fremover|'
        r'fran och med nu|fra na av|fra nu af|jatkossa')
_GIVEN = re.compile(
    rf'(?<!\w)(?:{_CUE})\W+(?:\w+\W+){{0,4}}?{_TARGET}'
    rf'|(?<!\w)(?:e-?mail|address|adresse|adres|correo|endereco|indirizzo|it|it\'s|that|das|c\'est|es|e|adressen|adress|'
    rf'osoite|e-?post\w*|sahkoposti\w*)\W{{0,3}}(?:(?:his|her|their|hans|hennes|hendes|deres)\W+)?'
    rf'(?:(?:is|ist|lautet|est|es|e|nu|agora|now|jetzt|ar|er|on)\W{{1,3}}|:\s*)+{_TARGET}'
    rf'|{_TARGET}\W+(?:\w+\W+){{0,4}}?(?:{_CUE}|now|jetzt|maintenant|ahora|agora|ora|nu)(?!\w)'
    rf'|^\W*(?:\w+\W+)?{_TARGET}\W*$')
# A credential to be sent to an address given after it: 'to my new e-mail. It is x@...', 'to the address below'.
_AHEAD = _words(r'to (?:my|our|the|this) (?:new |other |private |personal )?(?:e-?mail|address|adress)',
                r'to the following', r'below', r'as follows')
# A verb's object named in the sentence before: 'send the reset link there', 'to it', 'an diese Adresse'.
_BACK = re.compile(_THERE.pattern + r'|' + _words(
    r'to (?:it|that|this) (?:address|e-?mail|one)', r'to it\b', r'to (?:him|her|them)\b', r'(?:him|her|them) the\b',
    r'to the new (?:address|one|e-?mail)',
    r'an (?:diese|die neue)\b', r'a (?:cette|la nouvelle)\b', r'a (?:esa|esta|la nueva)\b', r'al nuevo\b',
    r'para (?:esse|este|essa|esta|o novo|a nova)\b', r'a (?:quell|quest)', r'al nuovo\b', r'alla nuova\b',
    r'naar (?:dat|dit|het nieuwe|de nieuwe)\b', r'daar naartoe',
).pattern)
_NOT = re.compile(_words(r'not', r"n't", r'no longer', r'never', r'stop', r'nicht', r'nie', r'keine?n?', r'ne', r'no',
                         r'nao', r'non', r'niet', r'geen', r'nooit', r'inte', r'ikke', r'ej', r'aldrig', r'aldri'
                         ).pattern + r'(?!\w)')
_IBAN_START = re.compile(r'(?<![a-z0-9])([a-z]{2}) ?\d{2}')
# IBAN lengths by country (the SWIFT registry), for the countries whose banks a lead's money would be sent through.
_IBAN_LENGTHS = {
    'ad': 24, 'ae': 23, 'at': 20, 'be': 16, 'bg': 22, 'bh': 22, 'br': 29, 'ch': 21, 'cy': 28, 'cz': 24, 'de': 22,
    'dk': 18, 'ee': 20, 'es': 24, 'fi': 18, 'fo': 18, 'fr': 27, 'gb': 22, 'ge': 22, 'gi': 23, 'gl': 18, 'gr': 27,
    'hr': 21, 'hu': 28, 'ie': 22, 'il': 23, 'is': 26, 'it': 27, 'kw': 30, 'kz': 20, 'lb': 28, 'li': 21, 'lt': 20,
    'lu': 20, 'lv': 21, 'mc': 27, 'mt': 31, 'nl': 18, 'no': 15, 'pl': 28, 'pt': 25, 'ro': 24, 'sa': 24, 'se': 24,
    'si': 19, 'sk': 24, 'sm': 27, 'tr': 26, 'ua': 29, 'rs': 22, 'ru': 33, 'ba': 20, 'me': 22, 'mk': 19, 'al': 28,
    'md': 24, 'xk': 20, 'eg': 29, 'jo': 30, 'qa': 29, 'tn': 24,
}
# A bank account's details, in the intake's languages and the Nordic, Baltic and Polish words for them.
_BANK = _words(
    r'bank ?(?:account|details|info\w*|connection)', r'account (?:number|no)\b', r'routing number', r'sort code', r'iban',
    r'payment (?:details|information|info)', r'remittance (?:details|information)',
    r'bankverbindung', r'kontonummer', r'bankdaten', r'coordonnees bancaires', r'rib\b', r'cuenta bancaria',
    r'datos bancarios', r'numero de cuenta', r'conta bancaria', r'dados bancarios', r'coordinate bancarie',
    r'conto corrente', r'bankrekening', r'rekeningnummer', r'bankkonto', r'tilinumero', r'pankkitili', r'numer konta',
    r'bankforbindelse', r'bankgiro', r'clearingnummer', r'bankoplysninger', r'bankuppgifter', r'kontouppgifter',
    r'pankkiyhteys', r'pankkitied\w*',
    r'rachun\w* bankow\w*', r'konto bankowe', r'pangakonto', r'bankas konts', r'banko saskait\w*',
)
# Said to be new, in the intake's languages and the Nordic, Baltic and Polish ones (an IBAN is read in any language).
_NEWISH = re.compile(_words(
    r'new\b', r'(?:has|have) changed', r'changed (?:our |its )?bank', r'from now on', r'going forward', r'henceforth',
    r'instead\b', r'neue[nmrs]?\b', r'geandert', r'gewechselt', r'kunftig', r'ab sofort', r'nouvel(?:le)?s?\b', r'nouveaux?\b',
    r'a change', r'desormais', r'dorenavant', r'nuev[oa]s?\b', r'ha cambiado', r'a partir de ahora', r'en adelante',
    r'nov[oa]s?\b', r'mudou', r'a partir de agora', r'nuov[oaie]\b', r'e cambiat', r"d'?ora in poi", r'nieuwe?\b',
    r'gewijzigd', r'voortaan', r'ny(?:a|e|tt)?\b', r'bytt\w*', r'andrat', r'endret', r'aendret', r'skiftet',
    r'fran och med nu', r'framover', r'fra na av', r'heretter', r'fremover', r'fra nu af', r'uu(?:si|den|teen)\b',
    r'vaihtu\w*', r'muuttu\w*', r'jatkossa', r'now\w* (?:rachun|konto|numer)', r'nowy\b', r'nowe\b', r'zmieni\w*',
    r'od teraz', r'nauj\w*', r'pasikeit\w*', r'nuo siol', r'jaun\w*', r'mainij\w*', r'turpmak', r'uus\b', r'uue\b',
    r'muutu\w*', r'edaspidi',
).pattern + r'(?!\w)')
_OUR_BANK = _words(r'(?:our|my|unsere?[nmrs]?|meine?[nmrs]?|nos|notre|nuestr[oa]s?|nuestros|nossos?|nossas?|nostr[oiae]|'
                   r'mijn|onze)\W+(?:\w+\W+)?(?:bank|iban|payment|account number|kontonummer|bankverbindung|'
                   r'coordonnees|datos|dados|coordinate|rekening)')
# Gift cards, in the languages above: 'gift cards', 'eGift cards', a store's cards ('Amazon gift cards', 'iTunes
# cards', 'Amazon-Gutscheine', 'cartes Google Play'). Not a bare 'Gutschein' or 'voucher': a discount code is one.
_BRANDS = r'(?:itunes|google play|steam|amazon|apple|ebay|visa|bol\.com)'
_GIFT_CARD = _words(
    r'e-?gift ?cards?', r'gift ?cards?', r'gift ?vouchers?', _BRANDS + r'[ -](?:gift )?(?:cards?|gutschein\w*|karte\w*)',
    r'(?:cartes?|tarjetas?|cart(?:ao|oes)|carte|kort(?:et)?)\W+(?:(?:de|du|da|di|fran|fra)\W+)?' + _BRANDS,
    r'geschenk(?:karte|gutschein)\w*', r'gutscheinkarte\w*', r'cartes?[ -]cadeaux?', r'tarjetas? (?:de )?regalo',
    r'cart(?:ao|oes)[ -]presente', r'vales?[ -]presente', r'cart[ae] regalo', r'buoni regalo', r'cadeau(?:kaart|bon)\w*',
    r'presentkort\w*', r'gavekort\w*', r'lahjakort\w*',
)
# A card's scratched-off back: only the fraud asks for it, to whomever it is sent.
_CARD_BACK = _words(r'scratch', r'backs? of (?:the |each |all )?(?:cards?|ones?|them)', r'rubbel', r'gratt', r'rasp',
                    r'rasc', r'kras', r'skrap', r'raaput')
# Its codes or PINs (not a PIN pad, nor a discount, promo, coupon, zip or error code): asked for by the fraud when they
# are to be sent to the sender.
_CARD_CODE = _words(r'(?<!discount )(?<!promo )(?<!promotional )(?<!coupon )(?<!zip )(?<!postal )(?<!error )'
                    r'(?<!source )(?:claim |redemption )?codes?\b', r'pins?\b(?!\W+pad)', r'codigos?\b', r'codici\b',
                    r'kod(?:e|er|en|ene|erne|erna)\b', r'koodi\w*')
_SEND_ON = re.compile(_SEND.pattern + r'|(?<!\w)(?:whatsapp|sms|text)\w*|(?<!\w)(?:per|par|por|by|via) (?:e-?)?(?:mail|correo)')
# The sender as the one to send to: 'me' (or 'mi', a Spanish 'my', as in 'to my e-mail'), or the pronoun joined to the
# verb ('envoyez-moi', 'enviame', 'mandami', 'manda-me', "m'envoyer").
_TO_SENDER = re.compile(r'(?<!\w)(?:me|mir|mich|moi|mij|mig|meg|minulle|mi)(?!\w)')
_SEND_TO_SENDER = re.compile(r"m'(?:envo|transm|fai)|(?<!\w)(?:envi|envoy|mand|invi)\w*?-?(?:me|mi|moi)(?!\w)")
# A reply asked to carry them: sent, and to the sender.
_REPLY_WITH = re.compile(r'(?<!\w)(?:reply|respond|write back|antwort\w*|repond\w*|respond\w*|svar\w*)\W+'
                         r'(?:\w+\W+){0,5}?(?:with|mit|avec|con|com|med)(?!\w)')
_WEBMAIL_NAMED = re.compile(rf'(?<!\w){_WEBMAIL}(?!\w)')
# Someone outside the organisation named by their role ('transfer the admin rights to our new IT provider'), or a
# phone or chat app to send codes to ('send the recovery codes by WhatsApp to +44 ...'): no address to check, and
# elsewhere all the same.
_THIRD_PARTY = re.compile(
    # the destination, after 'to', 'auf', 'à', 'para', 'naar', 'til': not who suggested it ('as our accountant suggested')
    r'(?<!\w)(?:to|auf|an|a|au|aux|para|naar|al|alla|til|till)\W+(?:(?:our|the|my|unsere[nmr]?|die|den|le|la|notre|'
    r'nuestr[oa]s?|el|o|nosso|nossa|il|lo|onze|de|het|vores|vaar|var|vart|vara|deres|min|mitt|vor|vort)\W+)?'
    r'(?:(?:new|neue[nmr]?|nouvel(?:le)?|nouveau|nuev[oa]|nov[oa]|nuov[oa]|nieuwe|external|externe[nmr]?|it|ny|nya|nye|'
    r'extern\w*|ekstern\w*)[\s-]+){0,2}'
    r'(?:it (?:partner|guy|company|firm)|consultants?|contractors?|agency|freelancer|outsourc\w*|(?:it|service|managed service|external) '
    r'(?:provider|partner|company|firm)|msp|bookkeeper|accountants?|accounting firm|'
    r'dienstleister\w*|berater\w*|agentur|steuerberater\w*|buchhalt\w*|externe[nmr]? (?:firma|partner|admin\w*)|'
    r'prestataire|consultante?s?|cabinet comptable|comptable|expert-comptable|'
    r'proveedor(?:es)? (?:externo|de ti|informatico)|consultor(?:a|es)?|asesor(?:a|ia)?|gestoria|'
    r'fornecedor(?:es)? (?:externo|de ti)|prestador|contador|contabilista|'
    r'fornitore (?:esterno|it)|consulente|commercialista|'
    r'leverancier|adviseur|boekhouder|extern(?:e)? (?:partij|beheerder|bureau)|'
    r'konsult|konsulten|konsultfirma\w*|it-(?:leverantor|leverandør|partner|firma|konsult|bolag|selskap)\w*|'
    r'redovisningsbyra\w*|redovisningskonsult\w*|bokforingsbyra\w*|regnskapsbyra\w*|revisionsfirma\w*|byra\w*)(?!\w)'
    # Finnish says 'to' with an ending: 'konsultillemme', 'tilitoimistolle'
    # (the word taken whole, then its ending looked at: no search inside a long word)
    r'|(?<!\w)(?:it-)?(?>(?:konsult|kirjanpitaj|kirjanpitotoimisto|tilitoimisto|kumppani|toimittaj|palveluntarjoaj|'
    r'tilintarkastaj)\w*)'
    r'(?:(?<=lle)|(?<=llemme)|(?<=llenne)|(?<=lleni)|(?<=llensa))')
_PHONE_NUMBER = r'(?!\d{4}-\d\d-\d\d(?!\d))(?!\d{1,2}[./-]\d{1,2}[./-]\d{2,4}(?!\d))\+?\d[\d ()/-]{6,18}\d'
"""A phone number: not a date ('2025-03-31', '01.03.2025')."""
# A phone number as where to send, not a callback: 'to +46 73 ...', not 'ring til Lars på 22 33 44 55'.
_TO_PHONE = re.compile(r'(?<!\w)(?<!ring )(?<!ringe )(?<!ringa )(?<!call )(?:to|an|a|au|para|naar|al|til|till|numeroon)\W+'
                       r'(?:\w+\W+){0,2}?' + _PHONE_NUMBER)
_CHAT = re.compile(r'(?<!\w)(?:by|via|per|over|through|on|in|por|par|uber|tramite|pa|med|genom|gjennom|gennem)\W+'
                   r'(?:\w+\W+)?(?:whatsapp|telegram|signal|sms|text message|text|imessage|wechat|viber|teams)(?!\w)'
                   r'|(?<!\w)(?:whatsappi?(?:in|ssa|lla)|tekstiviesti(?:lla|na)|sms:(?:lla|na|nä))(?!\w)'
                   r'|' + _TO_PHONE.pattern)
"""Where codes may be sent besides an address: a phone or a chat app (for credentials only)."""
_DATE = re.compile(r'(?<![\d.])\d{1,2}\.\d{1,2}\.\d{2,4}(?![\d.])')
# Where the sender wrote or writes, just before an address: 'so I wrote to support@...', 'kirjoitin myös osoitteeseen'.
_WROTE_TO = re.compile(r'(?<!\w)(?:wrote|write|writing|e-?mailed|contacted|skriver|skrev|skrivit|sendte en e-post|'
                       r'sendt en e-post|sendte en mail|kontaktade|kontaktet|kontaktede|kirjoitin|kirjoitimme|'
                       r'kirjoittanut|otin yhteytta)\W+(?:\w+\W+){0,2}$')
_WROTE_TO_REACH = 300
"""Characters before an address in which `_WROTE_TO` may end: its verb and two words."""


def requests(fields: Iterable[str], sender: str, *, webmail: bool) -> list[str]:
    """The kinds of account-control request (`KINDS` order) in the sender's text.

    `sender` is their address; `webmail` says it is at a free or disposable mail domain, which is no organisation:
    there only their own address is theirs, and a webmail's name is no other place.
    """
    sender = sender.casefold()
    own = _domains.registered(sender.rpartition('@')[2])

    def theirs(address: re.Match[str]) -> bool:
        return address[0] == sender if webmail else _domains.registered(address[1]) == own

    found: set[str] = set()
    for field in fields:
        if not field:
            continue
        # A date's dots end no sentence ('... after the update on 01.03.2025?' is a question).
        # Addresses as a reader reads them, however spelled ('ap(a)harborbooks.com', 'ap arroba harborbooks punto com').
        text = _DATE.sub(' somedate ', _LEAD_IN.sub(': ', _addresses.readable(_text.skeleton(field))))
        # An address at the sender's own organisation is theirs to move to; any other is a destination to verify,
        # unless it is where the sender wrote ('... got an error, so I wrote to support@vendor.com').
        # (looked for just before each address: searched from the text's start, 15,000 addresses took 35 s). No
        # address where no domain can be: 'licences@49.50' is a price (helper-157).
        text = _ADDRESS.sub(lambda m: m[0] if not _addresses.is_domain(m[1]) else ' ownaddress ' if theirs(m)
                            or _WROTE_TO.search(text, max(0, m.start() - _WROTE_TO_REACH), m.start())
                            else f' {_TARGET} ', text)
        spans = list(_SENTENCE.finditer(text))
        sentences = [m[0] for m in spans]
        for i, sentence in enumerate(sentences):
            before, after = sentences[max(0, i - _NEAR):i], sentences[i + 1:i + 1 + _NEAR]
            # The destination comes after the verb ('change the admin to x@...'); an address named before it is
            # where the sender wrote or who they are ('I wrote to support@... asking to update our account'). Or
            # beside it, given as the new one: 'Please change our admin. The new address is x@...'.
            if _CONTROL.search(sentence) and (change := _CHANGE.search(sentence)) is not None and (
                    _elsewhere(_reach(sentence, change), webmail)
                    or (_HOLDER.search(_reach(sentence, change)) is not None
                        and any(_GIVEN.search(s) for s in (*before, *after)))
                    # 'Please update our account as follows.' and the lines after it: '- Admin email: x@...'
                    or (_AHEAD.search(sentence, change.end()) is not None
                        and any(_HOLDER.search(s) and _TARGET in s for s in after))):
                found.add('address')
            # The invoices sent to an address elsewhere: the billing address changed in effect, the way an invoice
            # is redirected ('Please send all future invoices to our accountant: ap@...', helper-153)
            # (asked, not told: 'I sent the invoice to support@... and nobody answered' is where it went)
            if _TARGET in sentence and _BILLS.search(sentence) and _bills_go_elsewhere(sentence):
                found.add('address')
            if _CREDENTIAL.search(sentence) and (send := _SEND.search(sentence)) is not None and (
                    _elsewhere(_reach(sentence, send), webmail)
                    # not in a question about the feature ('Do you send 2FA codes by SMS?'), unless it gives the
                    # number ('Can you send the code on WhatsApp to +46 73 551 20 94?')
                    or (_CHAT.search(sentence, send.end()) is not None
                        and (text[spans[i].end():spans[i].end() + 1] != '?'
                             or _TO_PHONE.search(sentence, send.end()) is not None))
                    or (_NOT.search(sentence) is None
                        and ((_BACK.search(sentence, send.end()) is not None and any(_TARGET in s for s in before))
                             or (_AHEAD.search(sentence, send.end()) is not None
                                 and any(_GIVEN.search(s) for s in after))))):
                found.add('credentials')
            # The people's records sent to an address outside the organisation: a new "partner", a personal inbox;
            # or exported in one sentence and sent on, named back, in the next ('... Then email the file to x@...').
            if (people := _PEOPLE_DATA.search(sentence)) is not None and (
                    any(_data_goes(sentence, people, give, webmail) for give in _HAND_OVER.finditer(sentence))
                    or any((_IT_BACK.search(after[0], give.start()) or _opens_with(after[0], give))
                           and _data_goes(after[0], None, give, webmail)
                           for give in (_HAND_OVER.finditer(after[0]) if after else ()))):
                found.add('data')
        if any(_new_bank_details(sentence, sentences[i - 1] if i else '') for i, sentence in enumerate(sentences)) \
                or _gift_card_codes(text):
            found.add('payment')
    return [kind for kind in KINDS if kind in found]


def _bills_go_elsewhere(sentence: str) -> bool:
    """Whether a send verb asked in the sentence (not 'sent', not a past form) reaches an address elsewhere.

    The first such verb's reach holds every later one's, but for a verb that ends its clause (German: '... an x@...
    senden'), whose reach is the whole sentence: the first and the last are read, so a sentence of thousands of verbs
    costs two reads.
    """
    asked = [send for send in _SEND.finditer(sentence) if send[0] != 'sent' and not _PAST.match(sentence, send.end())]
    return bool(asked) and any(_TARGET in _reach(sentence, send) for send in (asked[0], asked[-1]))


def _opens_with(sentence: str, verb: re.Match[str]) -> bool:
    """Whether the sentence opens with this verb (after a 'please')."""
    head = _OPENS.match(sentence)
    return head is not None and head.end() == verb.start()


def _data_goes(sentence: str, people: re.Match[str] | None, give: re.Match[str], webmail: bool) -> bool:
    """Whether `give` (a verb of sending) sends the people's data (`people`, in the sentence) outside the organisation.

    Not a document about it sent in its stead (a contract, an invoice named between the verb and the data), an export
    coming from an address, or the people's own mailboxes.
    """
    if people is not None and people.start() > give.end() and _DOCUMENT.search(sentence, give.end(), people.start()):
        return False
    reach = _reach(sentence, give)
    personal = _PERSONAL.search(reach)
    return ((_TARGET in reach and not _FROM_TARGET.search(reach))
            or (personal is not None and not _THEIR_OWN.search(reach, 0, personal.start()))
            or (not webmail and _WEBMAIL_NAMED.search(reach) is not None))


def _new_bank_details(sentence: str, before: str) -> bool:
    """Bank details (an IBAN, or a bank account's words) said to be new, in the sentence or the one before it.

    New: 'our bank has changed', 'going forward', 'the new account', 'fra nå av' (helper-79: the sender's own IBAN in a
    signature, a remittance note, 'send us your bank details so we can set up the payment' are none of these), or
    asked to be changed as the sender's own ('please change our bank details').
    """
    if not (_BANK.search(sentence) or _iban(sentence)):
        return False
    return (_NEWISH.search(sentence) is not None or _NEWISH.search(before) is not None
            or (_OUR_BANK.search(sentence) is not None and _CHANGE.search(sentence) is not None))


def _gift_card_codes(text: str) -> bool:
    """Gift cards named in the text, and in one of its sentences their scratched backs sent, or their codes sent to me.

    A buyer who sells gift cards names them ('does the POS read our gift card codes?', 'our coordinator sends the codes
    to patients', 'can your system send codes to our customers?'); sending the codes to the one who asks is what the
    fraud needs, and what no lead asks. The whole text, not sentences beside each other: the fraud puts its pressure
    between the cards and the codes.
    """
    if _GIFT_CARD.search(text) is None:
        return False
    for sentence in _SENTENCE.findall(text):
        both = _REPLY_WITH.search(sentence) is not None or _SEND_TO_SENDER.search(sentence) is not None
        sent = both or _SEND_ON.search(sentence) is not None
        to_sender = both or _TO_SENDER.search(sentence) is not None
        if (_CARD_BACK.search(sentence) and (sent or to_sender)) or (_CARD_CODE.search(sentence) and sent and to_sender):
            return True
    return False


def _iban(text: str) -> bool:
    """Whether the text holds an IBAN (ISO 13616), its check digits valid.

    A country's code, two check digits and as many characters as that country's IBANs have, spaces allowed between
    them, whose mod-97 is 1.
    """
    for m in _IBAN_START.finditer(text):
        length = _IBAN_LENGTHS.get(m[1])
        rest = _iban_rest(length - 4).match(text, m.end()) if length else None
        if rest is None:
            continue
        code = re.sub(r'[ -]', '', m[0] + rest[0]).upper()
        if int(''.join(str(int(c, 36)) for c in code[4:] + code[:4])) % 97 == 1:
            return True
    return False


@cache
def _iban_rest(n: int) -> re.Pattern[str]:
    return re.compile(rf'(?:[ -]?[a-z0-9]){{{n}}}(?![a-z0-9])')


def _reach(sentence: str, verb: re.Match[str]) -> str:
    """Where a verb's destination may be named.

    After it, or the whole sentence when the verb ends it (German and Dutch put it last: 'die Admin-Adresse auf
    x@... ändern') or points back ('and send the reset link there').
    """
    after = sentence[verb.end():]
    if _CLAUSE_END.fullmatch(after) or _THERE.search(sentence):
        return sentence
    return after


_SHUT_OUT = re.compile(r"(?<!\w)(?:no longer|not|n't|cannot|ikke|inte|ettei|eivat|ei|ena+)(?!\w)")


def _elsewhere(text: str, webmail: bool) -> bool:
    """An address outside the sender's organisation, a personal one, or a third party, named in `text`."""
    return (_TARGET in text or _PERSONAL.search(text) is not None
            # a webmail named, not as what is shut out ('so that Gmail accounts can no longer log in')
            or (not webmail and _WEBMAIL_NAMED.search(text) is not None and _SHUT_OUT.search(text) is None)
            or _THIRD_PARTY.search(text) is not None)
