"""helper-84's attack on 993cad5 (account_control reads Swedish, Norwegian, Danish and Finnish). Each case asserts what
SHOULD happen: genuine messages from the customer's own domain stay unflagged, takeovers within what the module's
docstring says it reads are flagged, and a 100 KB crafted text costs under 0.5 s of CPU. All 133 failed on 993cad5 (60
genuine flagged, 68 takeovers missed, mailbox words quadratic: 1.2-4.9 s). Fixed by their general causes since; what
is left is a strict xfail with its reason (`KNOWN`)."""

from __future__ import annotations

import pytest

from lead_agent._account_control import requests

from .helpers import cpu_seconds

SE = 'it@fjallkyl.se'
NO = 'post@fjordbygg.no'
DK = 'it@dansklager.dk'
FI = 'it@kuusiteknik.fi'
EN = 'ops@lakesideclinics.com'
DE = 'it@kuehlhaus.de'
FR = 'it@froidnord.fr'
NL = 'it@koelhuis.nl'
IT = 'it@freddo.it'


KNOWN: dict[str, str] = {
    'Kan ni byta administratör för kontot till Erik Holm, som er säljare olof.ek@kylvendor.com föreslog?': "a salesperson's address named as who suggested it, after the destination, reads as the destination",
    'Haluaisin lisää tietoa siitä, miten tilin pääkäyttäjä voidaan vaihtaa, meillä on Gmail-pohjainen kirjautuminen.': 'a webmail named beside a question on how to change the admin',
    'Send passordet til meg, så sender jeg det videre til Lars på 912 34 567 internt.': "the sender forwarding it to a colleague's phone reads as codes sent to a phone",
    'Schicken Sie Bestätigungscodes per SMS auch an Nummern wie +49 170 1234567?': "a colleague's address in the sentence before, 'comme il l'a dit'",
    'Vi behöver byta admin på kontot. Hon nås på lisa.berg@gmail.com.': "the new address given in the next sentence without a cue word ('nås på', 'kan kontaktes på', 'hänen osoitteensa on', 'send alt til ... heretter')",
    'Vaihtakaa tilin pääkäyttäjä. Hänen osoitteensa on matti.virtanen@gmail.com.': "the new address given in the next sentence without a cue word ('nås på', 'kan kontaktes på', 'hänen osoitteensa on', 'send alt til ... heretter')",
    'Skift venligst administrator på kontoen. Hun kan kontaktes på lars.holm@gmail.com.': "the new address given in the next sentence without a cue word ('nås på', 'kan kontaktes på', 'hänen osoitteensa on', 'send alt til ... heretter')",
    'Vi må bytte administrator. Send alt til kari.n@gmail.com heretter.': "the new address given in the next sentence without a cue word ('nås på', 'kan kontaktes på', 'hänen osoitteensa on', 'send alt til ... heretter')",
    'Mail adgangskoden til lars.holm@gmail.com.': "not read: the number or address more than two words after the preposition, 'i WhatsApp', 'omaan' (own), a webmail's domain cut at its dot, 'till den adressen'/'til den'/'siihen osoitteeseen', a negation elsewhere in the sentence ('inte', 'ikke') switching off 'dit'",
    'Skicka engångskoden till mitt nya nummer 070-123 45 67.': "not read: the number or address more than two words after the preposition, 'i WhatsApp', 'omaan' (own), a webmail's domain cut at its dot, 'till den adressen'/'til den'/'siihen osoitteeseen', a negation elsewhere in the sentence ('inte', 'ikke') switching off 'dit'",
    'Send engangskoden til det nye mobilnummeret mitt 912 34 567.': "not read: the number or address more than two words after the preposition, 'i WhatsApp', 'omaan' (own), a webmail's domain cut at its dot, 'till den adressen'/'til den'/'siihen osoitteeseen', a negation elsewhere in the sentence ('inte', 'ikke') switching off 'dit'",
    'Lähettäkää vahvistuskoodi puhelinnumeroon 040 123 4567.': "not read: the number or address more than two words after the preposition, 'i WhatsApp', 'omaan' (own), a webmail's domain cut at its dot, 'till den adressen'/'til den'/'siihen osoitteeseen', a negation elsewhere in the sentence ('inte', 'ikke') switching off 'dit'",
    'Lähettäkää vahvistuskoodi uuteen numerooni 040 123 4567.': "not read: the number or address more than two words after the preposition, 'i WhatsApp', 'omaan' (own), a webmail's domain cut at its dot, 'till den adressen'/'til den'/'siihen osoitteeseen', a negation elsewhere in the sentence ('inte', 'ikke') switching off 'dit'",
    'Send engangskoden som sms til mit nye nummer 22 33 44 55.': "not read: the number or address more than two words after the preposition, 'i WhatsApp', 'omaan' (own), a webmail's domain cut at its dot, 'till den adressen'/'til den'/'siihen osoitteeseen', a negation elsewhere in the sentence ('inte', 'ikke') switching off 'dit'",
    'Lähettäkää salasana SMS-viestillä, numero on 040 123 4567.': "not read: the number or address more than two words after the preposition, 'i WhatsApp', 'omaan' (own), a webmail's domain cut at its dot, 'till den adressen'/'til den'/'siihen osoitteeseen', a negation elsewhere in the sentence ('inte', 'ikke') switching off 'dit'",
    'Skicka lösenordet i WhatsApp, tack.': "not read: the number or address more than two words after the preposition, 'i WhatsApp', 'omaan' (own), a webmail's domain cut at its dot, 'till den adressen'/'til den'/'siihen osoitteeseen', a negation elsewhere in the sentence ('inte', 'ikke') switching off 'dit'",
    'Lähettäkää salasana omaan sähköpostiini, työosoite ei toimi.': "not read: the number or address more than two words after the preposition, 'i WhatsApp', 'omaan' (own), a webmail's domain cut at its dot, 'till den adressen'/'til den'/'siihen osoitteeseen', a negation elsewhere in the sentence ('inte', 'ikke') switching off 'dit'",
    'Min nya adress är lisa.berg@gmail.com. Skicka lösenordet till den adressen.': "not read: the number or address more than two words after the preposition, 'i WhatsApp', 'omaan' (own), a webmail's domain cut at its dot, 'till den adressen'/'til den'/'siihen osoitteeseen', a negation elsewhere in the sentence ('inte', 'ikke') switching off 'dit'",
    'Den nye adressen min er kari.n@gmail.com. Send passordet til den.': "not read: the number or address more than two words after the preposition, 'i WhatsApp', 'omaan' (own), a webmail's domain cut at its dot, 'till den adressen'/'til den'/'siihen osoitteeseen', a negation elsewhere in the sentence ('inte', 'ikke') switching off 'dit'",
    'Uusi osoitteeni on matti.virtanen@gmail.com. Lähettäkää salasana siihen osoitteeseen.': "not read: the number or address more than two words after the preposition, 'i WhatsApp', 'omaan' (own), a webmail's domain cut at its dot, 'till den adressen'/'til den'/'siihen osoitteeseen', a negation elsewhere in the sentence ('inte', 'ikke') switching off 'dit'",
    'Min nya mejl är lisa.berg@gmail.com. Jag kommer inte in, så skicka lösenordet dit.': "not read: the number or address more than two words after the preposition, 'i WhatsApp', 'omaan' (own), a webmail's domain cut at its dot, 'till den adressen'/'til den'/'siihen osoitteeseen', a negation elsewhere in the sentence ('inte', 'ikke') switching off 'dit'",
    'Jeg bruker nå kari.n@gmail.com. Jobbmailen virker ikke, så send passordet dit.': "not read: the number or address more than two words after the preposition, 'i WhatsApp', 'omaan' (own), a webmail's domain cut at its dot, 'till den adressen'/'til den'/'siihen osoitteeseen', a negation elsewhere in the sentence ('inte', 'ikke') switching off 'dit'",
    'Vi har skiftet bank, tilbakebetalingen skal til konto 1503 12 34567.': "a bank change said with 'skiftet bank'/'vaihtui' and a bare 'konto'/'tilille' or 'clearingnummer' without the bank words or an IBAN",
    'Vi har skiftet bank, refusionen skal gå til konto 1234 0001234567.': "a bank change said with 'skiftet bank'/'vaihtui' and a bare 'konto'/'tilille' or 'clearingnummer' without the bank words or an IBAN",
    'Pankkimme vaihtui, palautus tilille 123456-789 kiitos.': "a bank change said with 'skiftet bank'/'vaihtui' and a bare 'konto'/'tilille' or 'clearingnummer' without the bank words or an IBAN",
    'Vårt clearingnummer och kontonummer har ändrats: 8327-9, 123 456 789-0.': "a bank change said with 'skiftet bank'/'vaihtui' and a bare 'konto'/'tilille' or 'clearingnummer' without the bank words or an IBAN",
}
"""Cases still failing, by message: why."""


def _marked(cases: list[tuple[str, str]]) -> list[object]:
    """The cases, each in `KNOWN` as a strict xfail with its reason."""
    return [pytest.param(*c, marks=pytest.mark.xfail(strict=True, reason=KNOWN[c[1]])) if c[1] in KNOWN else c
            for c in cases]


def kinds(sender: str, message: str) -> list[str]:
    return requests([message], sender, webmail=False)


# ---- FALSE POSITIVES: genuine messages flagged (should stay unflagged); none was flagged before 993cad5 ----

@pytest.mark.parametrize(('sender', 'message'), _marked([
    # _OWN 'personlig(e|a)'/'henkilökohtai*': a colleague's own work mailbox (vs a shared one) at the sender's domain
    (SE, 'Hej! Vi vill byta admin från den delade adressen info@fjallkyl.se till min personliga e-post '
         'anna.lind@fjallkyl.se.'),
    (SE, 'Kan ni flytta ägarskapet för kontot från info@ till min personliga mejl erik.holm@fjallkyl.se?'),
    (NO, 'Kan dere endre admin-e-posten fra post@fjordbygg.no til min personlige e-post kari.nordmann@fjordbygg.no?'),
    (DK, 'Skift venligst ejeren af kontoen fra den fælles indbakke til min personlige mail lars@dansklager.dk.'),
    (FI, 'Voitteko vaihtaa pääkäyttäjän osoitteen yhteisestä osoitteesta henkilökohtaiseen sähköpostiini '
         'matti@kuusiteknik.fi?'),
]))
def test_fp_personal_work_mailbox(sender: str, message: str) -> None:
    assert 'address' not in kinds(sender, message)


@pytest.mark.parametrize(('sender', 'message'), _marked([
    # the vendor's own address (support, sales rep) after a Nordic change verb: where the sender wrote, not a destination
    (SE, 'Jag har försökt ändra fakturaadressen i portalen men får ett fel, så jag skriver till support@kylvendor.com.'),
    (SE, 'Kan ni byta administratör för kontot till Erik Holm, som er säljare olof.ek@kylvendor.com föreslog?'),
    (NO, 'Jeg prøvde å endre fakturaadressen i portalen, men fikk feil, så jeg sendte en e-post til '
         'support@kjolevendor.com.'),
    (FI, 'Yritin vaihtaa tilin pääkäyttäjää portaalissa, mutta tuli virhe, joten kirjoitin myös osoitteeseen '
         'tuki@kylmavendor.com.'),
    # _GIVEN 'det är/det er' + the vendor's address in the next sentence, beside an internal admin change
    (SE, 'Kan ni byta admin på kontot till Erik Holm? Frågor om avtalet tar ni med er säljare, det är '
         'olof.ek@kylvendor.com.'),
    (NO, 'Vi vil endre eier av kontoen til Kari. Kontaktpersonen deres, det er ola@kjolevendor.com, vet om det.'),
]))
def test_fp_vendor_address_quoted(sender: str, message: str) -> None:
    assert 'address' not in kinds(sender, message)


@pytest.mark.parametrize(('sender', 'message'), _marked([
    # a webmail's name after a Nordic change verb: the company locking Gmail logins OUT, not moving control there
    (SE, 'Vi har satt upp SSO för kontot via Azure, men användare med Gmail-konton kan fortfarande logga in. '
         'Är det meningen?'),
    (DK, 'Vi har sat SSO op, men jeg vil gerne ændre login-indstillingerne, så Gmail-konti ikke længere kan logge ind.'),
    (FI, 'Haluamme muuttaa kirjautumista niin, ettei Gmail-tileillä voi enää kirjautua palveluun.'),
    (NO, 'Vi vil endre innloggingen slik at ansatte ikke lenger kan bruke Gmail-kontoer.'),
    (NO, 'Jeg har satt opp SSO for kontoen vår mot Azure, men innlogging via Gmail-kontoer fungerer fortsatt. '
         'Er det meningen?'),
    (NO, 'Vi har sett at fakturaen for mars ble sendt til gmail-adressen til en tidligere ansatt; kan dere sjekke dette?'),
    # 'sätt' (Swedish 'way', skeleton 'satt') and 'sett' (Norwegian 'seen') read as change verbs
    (SE, 'Finns det något sätt att se vem som är admin på kontot, till exempel via Gmail-integrationen?'),
    (SE, 'På vilket sätt hanteras inloggningen för användare med Hotmail-adresser?'),
    (NO, 'Har dere sett på muligheten for innlogging med Gmail-kontoer?'),
    (NO, 'Vi har sett at innloggingen feiler for brukere med Hotmail-adresser.'),
    # Finnish 'lisää' (more) as a change verb, 'tili*' as an account
    (FI, 'Haluaisin lisää tietoa siitä, miten tilin pääkäyttäjä voidaan vaihtaa, meillä on Gmail-pohjainen '
         'kirjautuminen.'),
]))
def test_fp_webmail_named_or_not_a_verb(sender: str, message: str) -> None:
    assert 'address' not in kinds(sender, message)


@pytest.mark.parametrize(('sender', 'message'), _marked([
    # _THIRD_PARTY: Danish 'konsulent' is an ordinary in-house job title; 'regnskabs*' matches the own accounting
    # department; 'konsult*' the own 'konsultchef'; 'regnskapsfører'/'revisor' where invoices go as before
    (DK, 'Flyt venligst administratorrettighederne til vores konsulent Mette Holm, hun er fastansat her og har '
         'mh@dansklager.dk.'),
    (DK, 'Kan I ændre faktura-modtageren til regnskabsafdelingen hos os i stedet for mig?'),
    (DK, 'Kan I ændre fakturaadressen til regnskabsafdelingen, regnskab@dansklager.dk?'),
    (DK, 'Sender I fakturaen til dit regnskabssystem, eller skal vi selv ændre fakturaadressen til vores '
         'regnskabsafdeling?'),
    (SE, 'Vi vill byta administratör till vår konsultchef Anna Berg, anna.berg@fjallkyl.se.'),
    # 'kontor' (office) read as 'konto', 'flytter' as the change
    (NO, 'Vi flytter kontoret til Bergen i mai, og fakturaene går som før til regnskapsføreren vår.'),
    # 'overfor' (towards) read as 'overføre'
    (NO, 'Vi er ansvarlige overfor kunden for kontoen, og trenger en måte å sende fakturaer til revisoren vår.'),
    # 'lisää' (more) as the verb, 'konsultillemme' as the destination
    (FI, 'Kertokaa lisää tilin hallinnasta, konsultillemme riittää esittely.'),
]))
def test_fp_in_house_role_as_third_party(sender: str, message: str) -> None:
    assert 'address' not in kinds(sender, message)


@pytest.mark.parametrize(('sender', 'message'), _marked([
    # _CHAT 'til/till' + two words + a number: a callback number ('ring til Lars på ...') or a date ('till och med')
    (NO, 'Kan dere sende innloggingsinformasjonen til de nye brukerne våre, gjerne innen fredag, og ring til Lars på '
         '912 34 567 ved spørsmål?'),
    (DK, 'Send venligst login-oplysningerne til de nye brugere, og ring til Lars på 22 33 44 55 ved spørgsmål.'),
    (DK, 'Send venligst adgangskoden til vores nye medarbejder på arbejdsmailen, og ring til Lars på 22 33 44 55 hvis '
         'der er spørgsmål.'),
    (NO, 'Send passordet til meg, så sender jeg det videre til Lars på 912 34 567 internt.'),
    (SE, 'Skicka gärna inloggningsuppgifterna till oss, vi har provperiod till och med 2025-03-31.'),
    (SE, 'Skicka gärna inloggningsuppgifterna till våra nya användare senast till och med 2025-01-15.'),
    # the question-with-a-number rule: any date is a 'phone number'; the feature question is flagged
    (NO, 'Sender dere engangskoder på SMS til alle brukerne etter oppdateringen 01.03.2025?'),
    (DK, 'Sender I engangskoden via sms til alle brugere efter opdateringen den 01.03.2025?'),
    (FI, 'Lähetättekö kertakäyttökoodit tekstiviestillä kaikille käyttäjille 1.3.2025 jälkeen?'),
    (SE, 'Skickar ni verifieringskoden via SMS till alla användare från och med 2025-03-01?'),
    (SE, 'Kan ni skicka engångskoder via SMS till användare från och med 2025-02-01?'),
    # Danish 'dit' (your) read as 'there': the vendor's address in the sentence before becomes the destination
    (DK, 'Jeg skrev til support@kolevendor.com i går. Kan du sende mig et nulstillingslink til adgangskoden i dit '
         'system?'),
]))
def test_fp_codes_callback_dates_dit(sender: str, message: str) -> None:
    assert 'credentials' not in kinds(sender, message)


def test_fp_dit_danish_your_in_change() -> None:
    # 'dit' makes the whole sentence the verb's reach: the vendor's address before the verb becomes the destination
    assert kinds(DK, 'Som din kollega peter@kolevendor.com skrev, vil vi gerne ændre administratoren på kontoen i dit '
                     'system til Mette.') == []


@pytest.mark.parametrize(('sender', 'message'), _marked([
    # _BANK 'reg nr' is also a vehicle's registration number; 'ny/nya' anywhere makes it new
    (SE, 'Lägg till vår nya lastbil i flottan, regnr ABC 123, och koppla den till mitt konto.'),
    (SE, 'Lägg till vår nya lastbil i flottan, reg nr ABC 123, och koppla den till mitt konto.'),
    (DK, 'Vi har fået en ny varebil med reg nr AB 12 345, kan den tilføjes til vores konto?'),
    # 'kontonr' + 'ny': a new customer asking where to pay (Swedish/Norwegian/Finnish versions were flagged before)
    (DK, 'Vi er ny kunde, hvad er jeres kontonr til betaling af fakturaen?'),
]))
def test_fp_payment_nordic(sender: str, message: str) -> None:
    assert 'payment' not in kinds(sender, message)


@pytest.mark.parametrize(('sender', 'message'), _marked([
    # 'dit' is French 'said' and Dutch 'this': _THERE makes the whole sentence the reach (the vendor's address before
    # the verb is read as the destination)
    (FR, "Comme je l'ai dit à votre commercial (paul@vendor.fr), nous voulons changer l'administrateur du compte pour "
         "Marie Dupont."),
    (FR, "Paul Martin (paul@vendor.fr) nous a dit de changer l'identifiant de connexion de notre compte vers notre "
         "domaine."),
    (NL, 'Ik heb contact gehad met uw collega jan@vendor.nl over dit account, kunt u de beheerder wijzigen naar Piet '
         'de Vries?'),
    (NL, 'Uw accountmanager jan@vendor.nl weet ervan: wij willen de beheerder van dit account wijzigen naar Piet.'),
    (NL, 'Wij gebruiken Gmail niet meer, kunt u de beheerder van dit account wijzigen naar onze nieuwe IT-manager '
         'Piet?'),
    # 'faktur' (German 'Fakturierung') as a holder, the vendor's rep after the verb
    (DE, 'Wir möchten die Fakturierung ändern: bitte jährlich statt monatlich, wie mit Ihrem Kollegen max@vendor.de '
         'besprochen.'),
    # 'satt' (German 'fed up') and 'sette' (Italian 'seven') as change verbs
    (DE, 'Wir haben es satt, dass die Login-Mails bei Gmail im Spam landen.'),
    (DE, 'Wir haben es satt, dass unser Admin-Konto ständig gesperrt wird, obwohl Ihr Support (support@vendor.de) '
         'Bescheid weiß.'),
    (IT, 'Abbiamo sette account admin e uno usa ancora un indirizzo Gmail: è un problema?'),
]))
def test_fp_other_languages_address(sender: str, message: str) -> None:
    assert 'address' not in kinds(sender, message)


@pytest.mark.parametrize(('sender', 'message'), _marked([
    # 'dit' (French 'said') after the send verb points back to the vendor's address in the sentence before
    (FR, "Votre collègue paul@vendor.fr m'a écrit hier. Pouvez-vous m'envoyer le lien de réinitialisation, comme il "
         "l'a dit ?"),
    # the question-with-a-number rule: a date, or an example number in a feature question
    (EN, 'Will you send verification codes by SMS to all staff after the migration on 2025-03-01?'),
    (EN, 'Can your platform send the 2FA code by SMS to numbers in the format +44 7700 900123?'),
    (DE, 'Schicken Sie Bestätigungscodes per SMS auch an Nummern wie +49 170 1234567?'),
]))
def test_fp_other_languages_credentials(sender: str, message: str) -> None:
    assert 'credentials' not in kinds(sender, message)


# ---- MISSES: takeovers within what the docstring says it reads, unflagged ----

@pytest.mark.parametrize(('sender', 'message'), _marked([
    # 'make x the administrator' / 'give' / 'transfer ownership': gör, gjør, gør, tehkää, ge, gi, antakaa, överlåt
    (SE, 'Vår admin har slutat. Gör lisa.berg@gmail.com till administratör för kontot.'),
    (NO, 'Admin har sluttet. Gjør kari.n@gmail.com til administrator for kontoen vår.'),
    (DK, 'Gør venligst lars.holm@gmail.com til administrator på kontoen.'),
    (FI, 'Tehkää matti.virtanen@gmail.com tilin pääkäyttäjäksi.'),
    (SE, 'Ge lisa.berg@gmail.com adminrättigheter på kontot, tack.'),
    (NO, 'Gi kari.n@gmail.com administratorrettigheter på kontoen.'),
    (FI, 'Antakaa pääkäyttäjän oikeudet osoitteelle matti.virtanen@gmail.com.'),
    (SE, 'Överlåt ägarskapet för kontot till lisa.berg@gmail.com.'),
    # present tense 'flyttar', 'bytter'
    (SE, 'Vi flyttar admin-kontot till lisa.berg@gmail.com.'),
    (NO, 'Vi ønsker at dere bytter eieren til kari.n@gmail.com.'),
    # the account as a compound's tail (användarkonto, brukerkonto, brugerkonto, käyttäjätili), main users
    (SE, 'Ändra e-postadressen på mitt användarkonto till lisa.berg@gmail.com.'),
    (NO, 'Endre e-postadressen på brukerkontoen min til kari.n@gmail.com.'),
    (DK, 'Ændr e-mailadressen på min brugerkonto til lars.holm@gmail.com.'),
    (FI, 'Vaihtakaa käyttäjätilini sähköpostiosoitteeksi matti.virtanen@gmail.com.'),
    (SE, 'Byt huvudanvändare till lisa.berg@gmail.com.'),
    (NO, 'Endre hovedbruker til kari.n@gmail.com.'),
    (DK, 'Skift superbruger til lars.holm@gmail.com.'),
    (FI, 'Vaihtakaa laskujen sähköpostiosoite: matti.virtanen@gmail.com.'),
    # third parties: compounds whose role word is not at the word's start, Finnish roles not listed
    (NO, 'Overfør admin-rettighetene til regnskapsbyrået vårt.'),
    (SE, 'Flytta ägarskapet för kontot till vår bokföringsbyrå.'),
    (SE, 'Byt administratör till vår redovisningskonsult.'),
    (DK, 'Overfør ejerskabet af kontoen til vores revisionsfirma.'),
    (FI, 'Siirtäkää pääkäyttäjän oikeudet palveluntarjoajallemme.'),
    (FI, 'Siirtäkää tilin omistajuus kirjanpitotoimistollemme.'),
    (FI, 'Siirtäkää pääkäyttäjyys tilintarkastajallemme.'),
    # the new address given in the next sentence in words _GIVEN lacks
    (SE, 'Vi behöver byta admin på kontot. Hon nås på lisa.berg@gmail.com.'),
    (FI, 'Vaihtakaa tilin pääkäyttäjä. Hänen osoitteensa on matti.virtanen@gmail.com.'),
    (DK, 'Skift venligst administrator på kontoen. Hun kan kontaktes på lars.holm@gmail.com.'),
    (NO, 'Vi må bytte administrator. Send alt til kari.n@gmail.com heretter.'),
]))
def test_miss_address(sender: str, message: str) -> None:
    assert 'address' in kinds(sender, message)


@pytest.mark.parametrize(('sender', 'message'), _marked([
    # credential words missing: kodeord, verifikasjonskode, 2FA-koden, PIN-koden, käyttäjätunnukset, kertakäyttöinen koodi
    (DK, 'Send kodeordet til lars.holm@gmail.com.'),
    (NO, 'Send verifikasjonskoden til kari.n@gmail.com.'),
    (SE, 'Skicka 2FA-koden till lisa.berg@gmail.com.'),
    (SE, 'Skicka PIN-koden till lisa.berg@gmail.com.'),
    (FI, 'Lähettäkää käyttäjätunnukset osoitteeseen matti.virtanen@gmail.com.'),
    (FI, 'Lähettäkää kertakäyttöinen koodi osoitteeseen matti.virtanen@gmail.com.'),
    # send verbs missing: fremsend, oversend, översänd, laittakaa, mail (da), e-poste, sms:a
    (DK, 'Fremsend venligst adgangskoden til lars.holm@gmail.com.'),
    (NO, 'Oversend passordet til kari.n@gmail.com.'),
    (SE, 'Översänd lösenordet till lisa.berg@gmail.com.'),
    (FI, 'Laittakaa salasana osoitteeseen matti.virtanen@gmail.com.'),
    (DK, 'Mail adgangskoden til lars.holm@gmail.com.'),
    (NO, 'Kan dere e-poste passordet til kari.n@gmail.com?'),
    (SE, 'Sms:a engångskoden till 070-123 45 67.'),
    # a phone number more than two words after 'till/til', 'puhelinnumeroon', 'som sms', 'SMS-viestillä', 'i WhatsApp'
    (SE, 'Skicka engångskoden till mitt nya nummer 070-123 45 67.'),
    (NO, 'Send engangskoden til det nye mobilnummeret mitt 912 34 567.'),
    (FI, 'Lähettäkää vahvistuskoodi puhelinnumeroon 040 123 4567.'),
    (FI, 'Lähettäkää vahvistuskoodi uuteen numerooni 040 123 4567.'),
    (DK, 'Send engangskoden som sms til mit nye nummer 22 33 44 55.'),
    (FI, 'Lähettäkää salasana SMS-viestillä, numero on 040 123 4567.'),
    (SE, 'Skicka lösenordet i WhatsApp, tack.'),
    # personal addresses as one compound word (privatmejl, privatadressen, privatmail, yksityissähköposti), 'oma'
    (SE, 'Skicka återställningslänken till min privatmejl, admin-adressen fungerar inte.'),
    (NO, 'Send tilbakestillingslenken til privatadressen min.'),
    (DK, 'Send nulstillingslinket til min privatmail.'),
    (FI, 'Lähettäkää salasanan palautuslinkki yksityissähköpostiini.'),
    (FI, 'Lähettäkää salasana omaan sähköpostiini, työosoite ei toimi.'),
    (NO, 'Send passordet til hjemmemailen min.'),
    # webmail names with a dot never match: the text is cut into sentences at the dot first
    (SE, 'Skicka lösenordet till min live.se-adress.'),
    (NO, 'Send passordet til online.no-adressen min.'),
    (DK, 'Send adgangskoden til min outlook.com-adresse.'),
    # pointing back in Nordic words (_BACK has none but 'dit/derhen/sinne'), or 'inte/ikke' elsewhere in the sentence
    (SE, 'Min nya adress är lisa.berg@gmail.com. Skicka lösenordet till den adressen.'),
    (NO, 'Den nye adressen min er kari.n@gmail.com. Send passordet til den.'),
    (FI, 'Uusi osoitteeni on matti.virtanen@gmail.com. Lähettäkää salasana siihen osoitteeseen.'),
    (SE, 'Min nya mejl är lisa.berg@gmail.com. Jag kommer inte in, så skicka lösenordet dit.'),
    (NO, 'Jeg bruker nå kari.n@gmail.com. Jobbmailen virker ikke, så send passordet dit.'),
]))
def test_miss_credentials(sender: str, message: str) -> None:
    assert 'credentials' in kinds(sender, message)


@pytest.mark.parametrize(('sender', 'message'), _marked([
    # local account numbers without an IBAN: bankgiro, clearingnummer, 'konto'/'tilille' alone after 'changed bank'
    (SE, 'Vi har bytt bank. Betala återbetalningen till bankgiro 5050-1055 framöver.'),
    (NO, 'Vi har skiftet bank, tilbakebetalingen skal til konto 1503 12 34567.'),
    (DK, 'Vi har skiftet bank, refusionen skal gå til konto 1234 0001234567.'),
    (FI, 'Pankkimme vaihtui, palautus tilille 123456-789 kiitos.'),
    (SE, 'Vårt clearingnummer och kontonummer har ändrats: 8327-9, 123 456 789-0.'),
]))
def test_miss_payment(sender: str, message: str) -> None:
    assert 'payment' in kinds(sender, message)


# ---- PERFORMANCE: a Nordic mailbox word then a long word: _MAILBOX's own '\w*' then '\w*' in _PERSONAL ----

def _long(unit: str) -> str:
    return (unit * (100_000 // len(unit) + 1))[:100_000]


@pytest.mark.parametrize('text', [
    _long('ändra admin till mejl' + 'a' * 975 + '. '),                                 # 1.3 s
    _long('ändra admin till epostadress' + 'a' * 960 + '. '),                          # 2.2 s
    _long('ändra admin skicka lösenord epostadress' + 'a' * 955 + '. '),               # 4.9 s
    _long('vaihda tili lahettakaa salasana sahkopostiosoite' + 'a' * 945 + '. '),      # 2.7 s
    _long('ändra admin mejl' + 'a' * 490 + ' ' + 'b' * 490 + '. '),                    # 1.2 s
])
def test_slow_mailbox_word(text: str) -> None:
    assert cpu_seconds(lambda t: requests([t], SE, webmail=False), text) < 0.5
