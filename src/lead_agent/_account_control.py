"""Requests that move control of an account elsewhere: its admin, owner, login or billing address, or its password.

An account takeover reads as an ordinary support request from a customer ("our admin has left: please change the
admin e-mail to andrew.pike.lab@gmail.com and send the reset link there"), sent from the customer's own domain, a
look-alike of it, or a mailbox that was taken over. Routed to support, it reaches an agent as a routine ticket, and
the agent may do as asked. The guards send it to a person instead, saying why, to be verified out of band
(`guards._signal_rules`, rule `account_control`). What counts, in en/de/fr/es/pt/it/nl:

- `account_control:address`: the admin, owner, login or billing address (or the account's own) changed, moved, or
  a new holder added ("add x@gmail.com as an owner") at an address outside the sender's organisation, or a personal
  one ("to my private Gmail");
- `account_control:credentials`: a password, reset link, login details or verification code sent to such an address.

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

from . import _domains, _text

__all__ = ('KINDS', 'requests')

KINDS = ('address', 'credentials')

# An address, kept whole before the text is cut into sentences (its dots are no sentence ends).
_ADDRESS = re.compile(r'[\w.+-]{1,64}@([\w-]{1,63}(?:\.[\w-]{1,63}){1,8})')
_SENTENCE = re.compile(r'[^.!?;\n]{1,1000}')
_LEAD_IN = re.compile(r':[^\S\n]*\n\s*')  # 'change it to:' with the address on the next line: one sentence


def _words(*alternatives: str) -> re.Pattern[str]:
    """Word-start matches of any alternative (on the skeleton: folded case, no accents)."""
    return re.compile(r'(?<!\w)(?:' + '|'.join(alternatives) + r')')


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
    r'voeg',
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
)
_CREDENTIAL = _words(
    r'password', r'passwort', r'kennwort', r'mot de passe', r'contrasena', r'senha', r'wachtwoord',
    r'reset[- ]?link', r'reset e-?mail', r'login (?:details|link|credentials)', r'credential', r'magic link',
    r'zugangsdaten', r'anmeldedaten', r'identifiants', r'lien de reinitialisation', r'credencial',
    r'enlace de (?:restablecimiento|recuperacion)', r'link de (?:redefinicao|recuperacao)', r'credenziali',
    r'link di (?:reimpostazione|recupero)', r'inloggegevens', r'resetlink', r'herstellink',
    r'(?:verification|one-time|security|login|sign-in|2fa|mfa) code', r'otp\b', r'(?:bestatigungs|verifizierungs|'
    r'sicherheits)code', r'code de (?:verification|securite)', r'codigo de (?:verificacion|verificacao|seguridad|'
    r'seguranca)', r'codice di (?:verifica|sicurezza)', r'verificatiecode',
)
_SEND = _words(
    r'send', r'sent\b', r'forward', r'e-?mail (?:it|them|me|us|the|my|our)\b', r'deliver', r'mail (?:it|them)',
    r'sende', r'schick', r'weiterleit', r'envoy', r'transmet', r'envi(?:ar|e|en|a|em|ez|er)\b', r'reenvi',
    r'mand(?:ar|e|en|em|ame|are|ate|i)\b', r'encaminh', r'invia', r'inviar', r'inoltr', r'stuur', r'stur(?:en|e)\b', r'verstuur',
    r'doorstu', r'mail(?:en|t)\b',
)
# 'Personal' as an address's, not the staff's: es 'el correo del personal', fr 'du personnel', it 'del personale'.
_OWN = (r'(?<!del )(?<!du )(?<!de )(?<!do )(?<!da )(?<!des )(?<!dei )(?<!dello )(?<!della )(?<!delle )'
        r'(?:personal|private?|privat[aeo]?|privee?s?|persoe?nliche?[mnrs]?|personnel(?:le)?|particular|pessoal|'
        r'personale|persoonlijke?)')
# A mailbox, not a postal address: 'e-mail', 'correo', 'E-Mail-Adresse', 'adresse e-mail', 'indirizzo email'.
_MAILBOX = (r'(?:e-?mail(?:-?adres\w*)?|mail(?:-?adres\w*)?|correo|courriel|mailbox|inbox|postfach|casilla|'
            r'(?:adresse|address|adres|endereco|indirizzo|direccion)(?: de| di)? (?:e-?mail|mail|correo))')
_WEBMAIL = r'(?:gmail|googlemail|hotmail|outlook\.com|live\.com|yahoo|icloud|proton\w*|gmx)'
# A personal address: a webmail's name (unless the sender writes from webmail: then it is their own), or an address
# word and 'personal' within two words of each other.
_PERSONAL = re.compile(rf'(?<!\w)(?:{_OWN}\W+(?:\w+\W+){{0,2}}?{_MAILBOX}|{_MAILBOX}\w*\W+(?:\w+\W+){{0,2}}?{_OWN}'
                       # 'my personal address', the words side by side (not 'the postal address of our private practice')
                       rf'|{_OWN}\W+(?:address|adresse|adres|endereco|indirizzo|direccion))(?!\w)')
# 'send it there', 'envíen allí', 'daarheen sturen', 'mandar ... para lá': the destination named before the verb.
_THERE = re.compile(r'(?<!\w)(?:there|alli|ahi|daarheen|dorthin|dahin|la-bas)(?!\w)|(?<!\w)(?:para |pra )?la\s*$')
_CLAUSE_END = re.compile(r'\W*(?:\w+\W*){0,2}')  # the verb last but for two words: 'auf x@... ändern lassen'
_NEAR = 2
"""Sentences either side of a request in which its destination may be given."""
# The address given as the new one, in a sentence of its own beside the request.
_NEW = _words(
    r'use\b', r'using\b', r'new\b', r'instead', r'from now on', r'going forward', r'henceforth', r'should be\b',
    r'is now\b', r'will be\b', r'replacement',
    r'neue?[nrs]?\b', r'verwend', r'nutz', r'kunftig', r'ab sofort', r'stattdessen', r'ab jetzt',
    r'nouvel(?:le)?\b', r'nouveau', r'utilis', r'desormais', r'dorenavant', r'a la place',
    r'nuev[oa]s?\b', r'us(?:ar|en|e|ad)\b', r'utilic', r'a partir de ahora', r'en adelante', r'en su lugar',
    r'nov[oa]s?\b', r'utiliz', r'a partir de agora', r'daqui (?:em|para) (?:diante|frente)', r'em vez',
    r'nuov[oa]\b', r'us(?:are|ate)\b', r"d'?ora in (?:poi|avanti)", r'invece',
    r'nieuwe?\b', r'gebruik', r'voortaan', r'vanaf nu', r'in plaats',
)
# A verb's object named in the sentence before: 'send the reset link there', 'to it', 'an diese Adresse'.
_BACK = re.compile(_THERE.pattern + r'|' + _words(
    r'to (?:it|that|this|the new|the same)\b', r'an (?:diese|die neue|dieselbe)\b', r'a (?:cette|la nouvelle)\b',
    r'a (?:esa|esta|la nueva)\b', r'al nuevo\b', r'para (?:esse|este|essa|esta|o novo|a nova)\b',
    r'a (?:quell|quest)', r'al nuovo\b', r'alla nuova\b', r'naar (?:dat|dit|het nieuwe|de nieuwe)\b',
    r'daar naartoe',
).pattern)
_WEBMAIL_NAMED = re.compile(rf'(?<!\w){_WEBMAIL}(?!\w)')
_TARGET = 'emailtarget'  # what an address outside the sender's organisation reads as, once cut out


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
        text = _LEAD_IN.sub(': ', _text.skeleton(field))
        # An address at the sender's own organisation is theirs to move to; any other is a destination to verify.
        text = _ADDRESS.sub(lambda m: ' ownaddress ' if theirs(m) else f' {_TARGET} ', text)
        sentences = _SENTENCE.findall(text)
        for i, sentence in enumerate(sentences):
            before = sentences[max(0, i - _NEAR):i]
            # The destination comes after the verb ('change the admin to x@...'); an address named before it is
            # where the sender wrote or who they are ('I wrote to support@... asking to update our account'). Or
            # beside it, given as the new one: 'Please change our admin. The new address is x@...'.
            if _CONTROL.search(sentence) and (change := _CHANGE.search(sentence)) is not None and (
                    _elsewhere(_reach(sentence, change), webmail)
                    or any(_given_as_new(s, webmail) for s in (*before, *sentences[i + 1:i + 1 + _NEAR]))):
                found.add('address')
            if _CREDENTIAL.search(sentence) and (send := _SEND.search(sentence)) is not None and (
                    _elsewhere(_reach(sentence, send), webmail)
                    or (_BACK.search(sentence) is not None and any(_elsewhere(s, webmail) for s in before))):
                found.add('credentials')
    return [kind for kind in KINDS if kind in found]


def _given_as_new(sentence: str, webmail: bool) -> bool:
    """A sentence that gives an address elsewhere as the new one: 'Please use x@... from now on', 'Neue Adresse: x@...'."""
    return _NEW.search(sentence) is not None and _elsewhere(sentence, webmail)


def _reach(sentence: str, verb: re.Match[str]) -> str:
    """Where a verb's destination may be named.

    After it, or the whole sentence when the verb ends it (German and Dutch put it last: 'die Admin-Adresse auf
    x@... ändern') or points back ('and send the reset link there').
    """
    after = sentence[verb.end():]
    if _CLAUSE_END.fullmatch(after) or _THERE.search(sentence):
        return sentence
    return after


def _elsewhere(text: str, webmail: bool) -> bool:
    """An address outside the sender's organisation, or a personal one, named in `text`."""
    return (_TARGET in text or _PERSONAL.search(text) is not None
            or (not webmail and _WEBMAIL_NAMED.search(text) is not None))
