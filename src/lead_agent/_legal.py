"""A threat of legal action: the sender's lawyers, a lawsuit, a formal notice, told to the company.

A customer who writes "unless we hear from your leadership by Friday, our attorneys will file" reads as a support
request (holdout19: routed to the support queue). It needs the company's leadership and counsel, so the guards send it
to a person (`guards._signal_rules`, rule `legal_threat`), whatever the model made of it. In en, es, pt, fr, de and it.

Read in the threat's shape, not the law's words: a law firm buying software writes about litigation, attorneys and
legal holds, and a buyer's "our legal team is reviewing the DPA" is procurement. Counted: the sender's lawyers said to
act ("our attorneys will file", "you will hear from our solicitors", "we have instructed a lawyer"), legal action or a
lawsuit threatened or considered ("we will take legal action", "we are considering a lawsuit", "we'll sue"), a formal
notice ("cease and desist", "letter before action", "mise en demeure", "Abmahnung"), and the same in the other
languages.
"""

from __future__ import annotations

import re

from . import _text

__all__ = ('threatens',)

_LAWYERS = (r'(?:attorneys?|lawyers?|solicitors?|(?:legal )?counsel|legal (?:team|department)|law firm|abogad[oa]s?|'
            r'advogad[oa]s?|avocats?|anwalt|anwalte|rechtsanwalt\w*|anwaltskanzlei|avvocat[oi]|legales?|juridico|'
            r'juridique|departamento juridico|service juridique|rechtsabteilung|ufficio legale)')
_THREAT = re.compile(
    # the sender's lawyers act: 'our attorneys will file', 'you will hear from our solicitors' (not 'our legal
    # department will sign the order form', 'our lawyers will review the contract')
    rf'\b(?:our|my)\s+{_LAWYERS}\s+(?:will|shall|are going to|is going to|are ready to|are preparing to|have been '
    r'instructed to)\s+(?:\w+\s+)?(?:file|sue|take (?:legal |this |further )?(?:action|steps|it further|this further)|'
    r'pursue|proceed|initiate|commence|be in touch|contact you|be contacting you|send (?:you )?(?:a |an |our )?(?:formal )?'
    r'(?:letter|notice|claim|demand))\b|\b(?:our|my)\s+{_LAWYERS}\s+(?:have|has) been instructed\b'
    rf'|\bhear from (?:our|my)\s+{_LAWYERS}'
    rf'|\b(?:instructed|retained|engaged|hired|consulted|contacted)\s+(?:an?|our|my)\s+(?:\w+\s+)?{_LAWYERS}'
    # legal action or a lawsuit, threatened or weighed: 'we will take legal action', 'considering a lawsuit'
    r'|\b(?:take|taking|pursue|pursuing|begin|commence|initiate|start|file|filing|bring|consider(?:ing)?|seek(?:ing)?)\s+'
    r'(?:\w+\s+)?(?:legal action|legal proceedings|legal steps|a lawsuit|a law ?suit|a class action|court action|'
    r'litigation against)'
    r'|\b(?:we|i)(?:\'ll|\s+will|\s+shall|\s+are going to|\s+intend to|\s+plan to|\s+may|\s+would)\s+(?:have to\s+)?'
    r'(?:sue|take (?:you|this) to court|see you in court|file suit|file a (?:lawsuit|claim|complaint) against)\b'
    r'|\bsee you in court\b|\bcease and desist\b|\bletter before (?:action|claim)\b|\bsmall claims court\b'
    # es, pt: 'tomaremos acciones legales', 'entraremos com uma ação judicial', 'vamos processar' (taken or to be
    # taken: a legal-software buyer manages 'acciones judiciales' and 'processos judiciais')
    r'|\b(?:tomar|tomaremos|iniciar|iniciaremos|emprender|emprenderemos|ejercer|ejerceremos|proceder|procederemos|'
    r'recurrir|recurriremos|entrar com|entraremos com|ingressar com|ingressaremos com|mover|moveremos|adotar|'
    r'adotaremos)\s+(?:\w+\s+){0,2}?(?:acciones?|medidas|acao|acoes|providencias|processo) '
    r'(?:legal(?:es)?|judicial(?:es)?|judiciais|legais|contra)\b'
    r'|\b(?:por la via judicial|pela via judicial|por la via legal|instancias legales)\b'
    r'|\b(?:demandar(?:emos|los|les)?|vamos a demandar|los demandaremos|vamos processar|iremos processar|'
    r'processaremos|entraremos na justica|acionar (?:a|na) justica|notificacao extrajudicial|carta notarial)\b'
    # fr: 'poursuites judiciaires', 'action en justice', 'mise en demeure', 'porter plainte'
    r'|\b(?:poursuites? (?:judiciaires?|en justice)|action en justice|mise en demeure|porter plainte|'
    r'nous porterons plainte|recours juridique|voie judiciaire)\b'
    # de: 'rechtliche Schritte', 'Klage einreichen', 'verklagen', 'Abmahnung'
    r'|\b(?:rechtliche schritte|gerichtliche schritte|klage (?:einreichen|erheben)|verklagen|abmahnung|'
    r'rechtsweg)\b'
    # it: 'vie legali', 'diffida', 'azione legale' (taken: 'procederemo per vie legali')
    r'|\b(?:vie legali|diffida|adire le vie|intraprendere (?:un\'|una |le )?azion[ei] legal[ei]|'
    r'azione giudiziaria contro)\b')


def threatens(text: str) -> bool:
    """Whether the text threatens the company with legal action (see the module's docstring)."""
    return _THREAT.search(_text.skeleton(text)) is not None
