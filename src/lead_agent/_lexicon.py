"""Phrase lists the rules model reads messages with: general signals of each intent, in several languages.

Each list names kinds of message, not any one dataset's wording. Matching is whole-word and case-insensitive
(`_text.find_phrases`); CJK phrases match as substrings.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

from . import _text
from ._pattern_cache import compile as re_compile


def _typed_both(*phrases: str) -> tuple[str, ...]:
    """Each phrase as written and as typed without its accents (Latin and Greek; Cyrillic keeps its letters)."""
    return tuple(dict.fromkeys(f for p in phrases for f in (p, _text.unaccented(p))))


def _vietnamese(*phrases: str) -> tuple[str, ...]:
    """Each phrase as written and as typed without its marks, 'đ' as 'd' (as Vietnamese is often typed)."""
    return tuple(dict.fromkeys(f for p in phrases for f in (p, _text.unaccented(p).replace('đ', 'd'))))


# Spam as it reaches a contact form in Indonesian, Malay, Vietnamese and Tagalog: gambling, loan sharks, investment
# and signal scams, side income, SEO, followers, blasts and number lists, fake tender fees, prizes, pills. Written by
# helper-135 from the languages, blind to every dataset, phrases a buyer would not write (not bare 'pinjaman', 'promo',
# 'deposit', 'database'); Vietnamese typed with or without its marks.
_SEA_SPAM_WORDS = (
    # 1. Online gambling, slots, cockfighting, lottery numbers
    # id
    'judi online',
    'situs judi',
    'judi bola',
    'slot gacor',
    'maxwin',
    'togel',
    'bandar togel',
    'sabung ayam',
    # ms
    'judi dalam talian',
    'kasino dalam talian',
    'mega888',
    'free kredit',
    'nombor ekor',
    'laga ayam',
    # vi
    'nhà cái uy tín',
    'nhà cái trực tuyến',
    'cá độ bóng đá',
    'cá cược bóng đá',
    'nổ hũ',
    'game bài đổi thưởng',
    'soi cầu',
    'lô đề online',
    'đá gà trực tiếp',
    'cá cược đá gà',
    # tl
    'sabong',
    'sugal online',
    'jueteng',
    'swertres',
    # 2. Illegal / online loans, loan sharks
    #    ("no collateral", "approved in 1 hour", "blacklist OK", "only ID card")
    # id
    'pinjol cepat cair',
    'cukup ktp',
    'pasti cair',
    'cair dalam 1 jam',
    'tanpa bi checking',
    'blacklist bisa cair',
    # ms
    'pinjaman ah long',
    'blacklist boleh mohon',
    'senarai hitam pun boleh',
    'pinjaman tanpa penjamin',
    'lulus dalam 1 jam',
    # vi
    'vay nóng',
    'vay tiền nhanh',
    'chỉ cần cccd',
    'nợ xấu vẫn vay được',
    'bốc bát họ',
    # tl
    'mabilis na pautang',
    'walang collateral',
    'walang kolateral',
    'kahit blacklisted',
    'isang valid id lang',
    # 3. Investment, crypto and forex signal scams
    # id
    'profit pasti',
    'dijamin profit',
    'cuan harian',
    'penghasilan pasif',
    'modal kecil untung besar',
    'sinyal trading',
    'robot trading',
    # ms
    'pulangan dijamin',
    'keuntungan dijamin',
    'pendapatan pasif',
    'isyarat forex',
    # vi
    'cam kết lợi nhuận',
    'lợi nhuận đảm bảo',
    'thu nhập thụ động',
    'đầu tư tiền ảo',
    'tín hiệu forex',
    'làm giàu nhanh',
    # tl
    'siguradong kita',
    'garantisadong kita',
    'kumita habang natutulog',
    # 4. MLM / side income / "work from home" recruiting
    # id
    'bisnis sampingan',
    'penghasilan jutaan',
    'cari downline',
    'kerja santai gaji besar',
    # ms
    'pendapatan sampingan',
    'bisnes sampingan',
    # vi
    'việc nhẹ lương cao',
    'kiếm tiền online',
    'kiếm tiền tại nhà',
    'việc làm thêm tại nhà',
    # tl
    'kumita sa bahay',
    # 5. SEO and search-ranking services
    # id
    'jasa seo',
    'jasa backlink',
    'halaman pertama google',
    # ms
    'perkhidmatan seo',
    # vi
    'dịch vụ seo',
    'lên top google',
    'dịch vụ backlink',
    # tl
    'unang pahina ng google',
    # 6. Social-media followers / likes / views sales
    # id
    'jual followers',
    'jasa followers',
    'tambah followers',
    # ms
    'beli followers',
    'beli pengikut',
    'tambah pengikut',
    # vi
    'tăng like',
    'mua like',
    'tăng mắt livestream',
    'bán nick facebook',
    # tl
    'murang followers',
    # 7. WhatsApp / SMS / Zalo blast services and phone-number databases
    #    (only "selling" phrasings; bare "wa blast" is a feature buyers ask for)
    # id
    'jasa wa blast',
    'jasa broadcast wa',
    'jual database nomor',
    'jual nomor hp',
    'jual data konsumen',
    # ms
    'servis whatsapp blast',
    'jual nombor telefon',
    # vi
    'bán data khách hàng',
    'bán data số điện thoại',
    'dịch vụ nhắn tin hàng loạt',
    # 8. Fake tender / vendor-registration-fee letters
    # id
    'biaya pendaftaran vendor',
    'biaya registrasi vendor',
    'biaya administrasi tender',
    # ms
    'yuran pendaftaran vendor',
    'yuran pendaftaran tender',
    # vi
    'phí đăng ký nhà cung cấp',
    'phí kích hoạt hồ sơ',
    # 9. Prize / lottery-winner scams
    # id
    'pemenang undian',
    'pajak hadiah',
    'klaim hadiah',
    'selamat anda terpilih',
    # ms
    'anda telah memenangi',
    'pemenang cabutan bertuah',
    # vi
    'bạn đã trúng thưởng',
    'quý khách đã trúng thưởng',
    'phí nhận thưởng',
    # tl
    'nanalo ka',
    'i-claim ang premyo',
    # 10. Pharmaceutical / adult products and services
    # id
    'obat kuat',
    'obat perangsang',
    'obat penggugur kandungan',
    'pembesar penis',
    'bokep',
    'open bo',
    # ms
    'ubat kuat lelaki',
    'pembesar zakar',
    # vi
    'thuốc cường dương',
    'thuốc kích dục',
    'bán thuốc phá thai',
    'gái gọi',
    # tl
    'gamot pampatigas',
    'pampalaki ng ari',
    'gamot pampalaglag',
)
SEA_SPAM = _vietnamese(*_SEA_SPAM_WORDS)

# Gambling and get-rich spam's own slang in Korean and Japanese, words no buyer writes: a betting site's "safe
# playground" and its "first top-up bonus", its "scam check", a scheme "left completely alone" (holdout21). Not the
# families' words in other languages: a welcome bonus is an employer's, a medicine without a prescription a pharmacy's,
# free transfers ('giros gratis') a remittance firm's, passive income a tax adviser's, a monthly income (月収) and side
# jobs (副業) a lender's and an HR team's, a casino a licensed operator's (helper-147: 30 such leads scored as spam
# with them, a lead lost). So the rest of the spam in holdout20 and 21's languages goes to a person.
_CJK_SPAM_WORDS = ('안전놀이터', '첫충', '먹튀검증', '完全放置')
SPAM = (
    *_CJK_SPAM_WORDS,
    # SEO, content and link selling
    'seo', 'backlink', 'backlinks', 'link building', 'guest post', 'guest posting', 'first page of google',
    'google first page', 'rank higher', 'ranking on google', 'increase your traffic', 'website traffic',
    'domain authority', 'seo-optimized', 'blog articles', 'explainer video',
    # money, crypto, gambling, pills
    'crypto', 'cryptocurrency', 'bitcoin', 'btc', 'nft', 'forex', 'trading signals', 'win rate', 'passive income',
    'casino', 'free spins', 'betting', 'viagra', 'cialis', 'pills', 'without prescription', 'payday loan',
    'make money', 'work from home', 'earn $', 'investment opportunity', 'guaranteed returns', 'airdrop', 'wallet',
    'usdt', 'winner', 'congratulations', 'staking rewards', 'apy',
    # events sold to a list: tickets, sponsorships and booths
    'early bird', 'early-bird', 'sponsor packages', 'sponsorship packages',
    # list sellers, bulk marketing, bought engagement
    'email list', 'mailing list', 'contact list', 'b2b database', 'database of', 'verified contacts',
    'decision makers', 'records with', 'bulk email', 'mass email', 'cold email', 'emails per', 'followers',
    'five-star', 'google reviews', 'youtube views', 'lead generation services', 'book meetings', 'qualified appointments',
    # cold service pitches
    'web design services', 'redesign', 'outsourcing services', 'offshore', 'software development company',
    'dedicated developers', 'hire developers', 'app development services', 'mobile app for your business',
    'social media marketing', 'our agency', 'our services include', 'dear sir/madam', 'dear sir', 'greetings of the day',
    'manufacturer', 'factory price', 'wholesale', 'purchasing manager',
    # scams and phishing
    'final notice', 'search engine registration', 'renewal fee', 'trademark', 'file an objection', 'premium domain',
    'secure document', 'sign in with your microsoft', 'vulnerabilities', 'malware', 'infected',
    'unsubscribe', 'click here', 'limited offer', 'act now', 'make $', 'working from home', 'no experience needed',
    'would you be interested in', 'quick question', 'starting at $', 'for only $', 'in return', 'dofollow',
    'do-follow', 'your blog', 'looks outdated', 'loads slowly', 'sdr team', 'become available',
    # other languages
    'рассылки', 'массовые', 'база', 'vendemos', 'listas de e-mails', 'contatos atualizados', 'kostenlos testen',
    *SEA_SPAM,
)
# A credential lure's words: what phishing asks a reader to open or sign in to. Not spam evidence (genuine leads quote
# them: a report of a phishing campaign, a sign-up screen), so never a reason to reject: beside a link, the rules model
# sends the lead to a person (a customer's mailbox sending one may be compromised).
PHISHING = ('sign in with your email', 'log in with your email', 'shared document', 'shared a document',
            'shared a file', 'to view the document', 'payment advice', 'remittance advice', 'verify your account',
            'validate your account', 'confirm your password', 'mailbox is full', 'mailbox is almost full',
            # an account threatened, and what to re-enter to keep it (holdout20, 21: a workspace or an API key "will
            # be suspended in 24 hours", "verify your administrator credentials", "update your card details")
            'will be suspended', 'will be deactivated', 'will be locked', 'will be terminated', 'has been suspended',
            'unusual login activity', 'unusual sign-in activity', 'verify your credentials',
            'verify your administrator credentials', 'verify your admin credentials', 'confirm your credentials',
            'update your card details', 'update your payment details', 'update your billing details',
            'update your payment method', 'avoid service interruption', 'avoid losing access', 'is suspended',
            'was suspended', 'restore access', 'confirm your identity', 'password expires', 'keep your current password',
            'storage quota', 'review document', 'konto wird gesperrt', 'zugangsdaten', 'cuenta será suspendida',
            'verifique sus datos', 'compte sera suspendu', 'informations de paiement')
# Indonesian, Malay, Vietnamese and Tagalog (holdout17: a known customer's upsell asked for in Indonesian or
# Vietnamese read as no buying step, so as support). Phrases, not bare words where a word is another language's
# too (unaccented Vietnamese 'loi' is French, 'gia' Italian, 'them' English; Malay 'lesen' is German), nor a bare offer ('penawaran' is a
# supplier's pitch as often: read for a known account only, in `EXPANSION`).
# A fault, a failed login or sync, a dispute over a bill or a refund, a how-to question.
SEA_SUPPORT = (
    'tidak bisa login', 'tidak bisa masuk', 'tidak bisa sinkron', 'gak bisa login', 'ga bisa login', 'nggak bisa login',
    'tidak dapat login', 'tidak dapat masuk', 'gagal login', 'gagal sinkron', 'gagal sync', 'tidak berfungsi',
    'tidak jalan', 'tidak muncul', 'bermasalah', 'ada masalah', 'masalah dengan', 'masalah pada', 'gangguan',
    'tagihan', 'faktur', 'pengembalian dana', 'lupa password', 'lupa kata sandi', 'data hilang', 'bagaimana cara',
    'gimana cara', 'tak boleh login', 'tidak boleh login', 'tak boleh masuk', 'tidak boleh masuk', 'rosak', 'ralat',
    'bayaran balik', 'macam mana nak',
    # a bill or a figure that is wrong, something inactive or that will not open: a fault beside the price or licence
    # it names (helper-133)
    'tidak sesuai', 'tak sesuai', 'tidak cocok', 'tidak aktif', 'tak aktif', 'tidak bisa buka', 'tidak bisa dibuka',
    'tak boleh buka', 'tak boleh dibuka', 'perbaiki', 'diperbaiki', 'ditagih', 'kena caj', 'dicaj',
    *_vietnamese('không đăng nhập được', 'không vào được', 'bị lỗi', 'báo lỗi', 'lỗi khi', 'không hoạt động',
                 'không chạy', 'không đồng bộ', 'sự cố', 'bị treo', 'hóa đơn', 'hoá đơn', 'hoàn tiền', 'làm sao để',
                 'làm thế nào để', 'không gửi được', 'mất dữ liệu', 'hiển thị sai', 'bị sai', 'sai sót', 'bị tính',
                 'tính sai', 'không khớp'),
    'hindi gumagana', 'ayaw gumana', 'hindi makapag-login', 'hindi makapag login', 'hindi maka-login',
    'hindi makalogin', 'di makapag-login', 'di maka-login', 'may problema', 'nagka-problema', 'nagkaproblema',
    'nag-error', 'nag-crash', 'sinisingil', 'na-charge', 'nacharge', 'mali ang', 'mali yung', 'hindi tugma',
)
# A quote, a price list, a price asked, a trial, a purchase: each a step to buy on its own.
SEA_DIRECT_BUYING = (
    'penawaran harga', 'minta penawaran', 'mohon penawaran', 'dibuatkan penawaran', 'kirim penawaran',
    'kirimkan penawaran', 'daftar harga', 'berapa harga', 'berapa biaya', 'harga', 'harganya', 'uji coba', 'lisensi',
    'pembelian', 'membeli', 'mau beli', 'sebut harga', 'sebutharga', 'berapa kos', 'berapa kosnya', 'lesen perisian',
    'percubaan', 'langgan', 'melanggan',
    *_vietnamese('báo giá', 'bảng giá', 'chi phí', 'bao nhiêu tiền', 'dùng thử', 'muốn mua', 'hợp đồng'),
    'magkano', 'presyo', 'bumili', 'bibili',
)
# An implementation or a roll-out (a step, but not one to buy on its own).
SEA_BUYING = (*SEA_DIRECT_BUYING, 'implementasi', 'pelaksanaan', *_vietnamese('triển khai', 'nâng cấp'))
SEA_RESEARCH = (
    'informasi', 'info lebih lanjut', 'mempelajari', 'membandingkan', 'perbandingan', 'brosur', 'studi kasus',
    'maklumat', *_vietnamese('tìm hiểu', 'so sánh', 'thông tin', 'tài liệu'), 'impormasyon', 'malaman',
    'ikumpara',
)
# A known account asking for more, or for an offer: a new module, more licences or users, a new branch.
SEA_EXPANSION = (
    'penawaran', 'penawaran tambahan', 'tambah modul', 'tambah lisensi', 'tambah user', 'tambah pengguna',
    'penambahan lisensi', 'penambahan user', 'penambahan modul', 'perluasan', 'memperluas', 'ekspansi', 'cabang baru',
    'tambah lesen', 'cawangan baru',
    *_vietnamese('mở rộng', 'mua thêm', 'thêm tài khoản', 'thêm người dùng', 'chi nhánh mới', 'báo giá bổ sung',
                 'nâng cấp'), 'nambah user', 'nambah akun',
    'thêm module', 'thêm user',  # (not typed without marks: 'give them user rights')
    'magdagdag ng', 'bagong branch',
)
SEA_PAPERWORK = ('tagihan', 'faktur', *_vietnamese('hóa đơn', 'hoá đơn'), 'sinisingil')


# A bill taken or disputed, in English, Spanish, German and French (helper-147: 'you billed us for 10 clinics but
# our contract covers 8' beside a corrected quote was routed to sales): a billing word, paperwork beside a step to buy.
BILLED = ('billed', 'overcharged', 'double charged', 'double-charged', 'debited', 'cobraron', 'cobrado de más',
          'abgebucht', 'prélevé', 'prélevés')
# A service down in the past tense (holdout25: 'your platform was down from 20:30 to 23:10'): its subject or its
# duration, not a figure that went down ('no-shows went down by 30%', helper-153).
_OUTAGE_PAST = (*(f'{what} {verb} down' for what in ('platform', 'system', 'portal', 'app', 'site', 'server', 'service')
                  for verb in ('was', 'went')),
                *(f'{verb} down {after}' for verb in ('was', 'went', 'were') for after in ('for', 'from', 'all')))
SUPPORT: tuple[str, ...] = (
    *BILLED,
    'not working', "isn't working", "doesn't work", 'error', 'bug', 'broken', 'crash', 'crashes', "can't log in",
    'cannot log in', "can't login", 'login', 'log in', 'password', 'reset', 'locked out', 'invoice', 'billing',
    'refund', 'charged', 'support team', 'need support', 'contact support', 'issue with', 'problem with', 'outage',
    'is down', 'down again', *_OUTAGE_PAST, 'help with our', 'our account', 'our subscription', 'ticket', 'sync', 'syncing',
    'failing', 'failed', 'stopped', 'twice', 'duplicate', 'how do i', 'how can i', 'erasure', 'gdpr request',
    'does nothing', 'cannot add', "can't add", 'unable to',
    # what stopped going out ('the reminders are not going out'): beside a new clinic, a fault there, not more of it
    'not sending', 'not being sent', 'not going out', 'fails to send', 'fail to send', 'not arriving', "aren't working",
    # a fault, a delay or a dispute as South Asian and Gulf business English reports it (helper-123: beside the
    # quotation or PO it cites, a customer's complaint read as buying)
    'not loading', 'goes offline', 'went offline', 'is offline', 'gone offline', 'showing offline', 'blank page',
    'black screen', 'wrong readings', 'showing wrong', 'nobody picked up', 'no one picked up', 'not picked up',
    'still pending', 'pending since', 'please resolve', 'kindly resolve', 'charging us', 'reissue', 'suspended',
    'not coming', 'is delayed', 'got delayed', 'not responding', 'not received', 'not ringing', 'shows no data',
    'never comes', 'never came', 'not dispatched', 'died after', 'beeping', 'please replace',
    # a customer about to leave: a complaint for support, not a renewal for sales
    'close to cancelling', 'close to canceling', 'thinking of cancelling', 'will not renew', "won't renew",
    'not renewing', 'cancel our contract', 'cancel our subscription',
    # other languages
    'inloggen', 'werkt niet', 'storing', 'anmelden', 'funktioniert nicht', 'fehler', 'störung',
    'ne fonctionne pas', 'problème', 'erreur', 'corriger', 'no funciona', 'não funciona', 'erro', 'non funziona',
    # invoices, billing, refunds and credit notes (`PAPERWORK`'s words too)
    'factura', 'facturación', 'reembolso', 'fatura', 'faturamento', 'facture', 'facturation', 'remboursement',
    'fattura', 'fatturazione', 'rimborso', 'nota di credito', 'rechnung', 'abrechnung', 'erstattung', 'gutschrift',
    'factuur', 'facturatie', 'terugbetaling', 'creditnota',
    # Polish, Czech, Turkish and Korean (whose buying words the rules model reads too): a fault, a failed login, a
    # repair, a refund, an invoice, a contract terminated; beside a quote or an offer they name, a complaint is no
    # purchase (helper-104, helper-105). A problem as English names one ('problem with', not 'problem': 'no problem at
    # all' is none). Not the words of not wanting, not needing or too expensive, which a buyer writes as often ('we
    # don't want to wait', 'not interested in a trial, we want to buy', 'not expensive': helper-106), nor Czech
    # 'chyba' (an error), which is Polish for 'I think'.
    'nie działa', 'nie działają', 'nie działało', 'zalogować', 'logowanie', 'błąd', 'awaria', 'awarii', 'usterka',
    'usterkę', 'naprawa', 'naprawę', 'naprawić', 'zepsuł', 'zepsuty', 'zwrot pieniędzy', 'zwrot środków', 'o zwrot',
    'zwrotu', 'reklamacja', 'reklamację', 'faktura', 'faktury', 'fakturę', 'wypowiadamy', 'wypowiedzieć',
    'wypowiedzenie', 'rozwiązać umowę', 'rozwiązujemy', 'rezygnujemy z', 'rezygnacja z',
    'nefunguje', 'nefungují', 'nefungoval', 'nefungovalo', 'nefungovala', 'neposílá', 'neposílají', 'chybu',
    'chybou', 'porucha', 'poruchu', 'oprava', 'opravu', 'opravit', 'přihlásit', 'přihlášení', 'padá', 'vypovídáme',
    'vypovědět', 'výpověď', 'ukončit smlouvu', 'ukončení smlouvy', 'zrušit smlouvu', 'zrušení smlouvy', 'fakturu',
    'faktuře', 'vrácení', 'reklamace', 'problém s', 'máme problém',
    'çalışmıyor', 'çöktü', 'bozuldu', 'açılmıyor', 'göndermiyor', 'arıza', 'hata veriyor', 'hata alıyoruz',
    'giriş yapamıyoruz', 'düzeltin', 'tamir', 'onarım', 'iptal', 'fesih', 'feshetmek', 'faturada', 'iade',
    'sorun var', 'sorunumuz', 'sorun yaşıyoruz', 'değmiyor',
    '안 됩니다', '안됩니다', '안 돼', '안돼', '오류가', '오류 발생', '장애', '고장', '먹통', '수리', '로그인이', '작동하지',
    '환불', '청구', '해지', '해약',
    # Afrikaans (its quote words are read too): does not work, an error message, an invoice ('terugbetaling' is above)
    'werk nie', 'foutboodskap', 'faktuur',
    # Slovak, Romanian, Hungarian, Greek, Ukrainian and Russian (whose quotes a customer asks for are read:
    # `EXPANSION`): a fault, an error, a failed login, a repair, a refund, an invoice, a duplicate charge
    # (not 'twice', which says how many more a buyer wants, 'repair', which names a workshop or a module, or Slovak
    # 'chyba', Polish for 'I think': helper-119), and a how-to question (as 'how do I')
    *_typed_both(
        'nefunguje', 'nefungujú', 'porucha', 'poruchu', 'spadne', 'neviem sa prihlásiť',
        'nevieme sa prihlásiť', 'nevedia prihlásiť', 'faktúra', 'faktúru', 'faktúre', 'vrátenie peňazí',
        'reklamácia', 'reklamáciu', 'problém so', 'ako sa dá', 'ako môžeme', 'ako môžem', 'ako nastaviť',
        'nu funcționează', 'eroare', 'eroarea', 'se blochează', 'nu pornește', 'nu mă pot autentifica',
        'nu ne putem autentifica', 'defecțiune', 'factură', 'facturii', 'rambursare', 'reclamație', 'problema cu',
        'problemă cu', 'avem o problemă', 'cum putem', 'cum pot', 'cum se poate',
        'nem működik', 'nem működnek', 'hiba', 'hibát', 'hibaüzenet', 'összeomlik', 'lefagy', 'nem tudunk belépni',
        'nem tudok belépni', 'számla', 'számlát', 'számlán', 'visszatérítés', 'reklamáció', 'probléma van',
        'problémánk', 'problémát', 'kétszer szerepel', 'javítsák', 'javítsa ki', 'hogyan lehet', 'hogyan tudjuk', 'hogyan tudom',
        'δεν λειτουργεί', 'δεν δουλεύει', 'δεν ανοίγει', 'σφάλμα', 'σφάλματος', 'κολλάει', 'βλάβη',
        'δεν μπορούμε να συνδεθούμε', 'τιμολόγιο', 'τιμολογίου', 'επιστροφή χρημάτων', 'πρόβλημα με',
        'έχουμε πρόβλημα', 'το πρόβλημα', 'πώς μπορούμε', 'πώς μπορώ'),
    # typed without accents, these are other languages' words: Malay 'pada' (on), Spanish 'oferta'
    'padá',
    'не працює', 'не працюють', 'не запрацювала', 'запрацювала', 'не бачать', 'помилка', 'помилку', 'помилки', 'збій',
    'зависає', 'не можемо увійти', 'рахунок', 'рахунку', 'повернення коштів', 'проблема з', 'маємо проблему',
    'як можна', 'як нам', 'як мені', 'як розширити',
    'не работает', 'не работают', 'не открывается', 'ошибка', 'ошибку', 'сбой', 'зависает', 'не можем войти', 'счёт',
    'счет', 'возврат средств', 'проблема с', 'у нас проблема', 'как можно', 'как нам', 'как мне', 'как расширить',
    # a step that fails, or asked how (helper-162: 'не можем подключить её', 'кнопка неактивна', 'как добавить врачей')
    'не можем', 'не получается', 'не удаётся', 'не удается', 'неактивна', 'неактивен', 'как добавить', 'как подключить',
    *SEA_SUPPORT,
)
KNOWN_ACCOUNT_SUPPORT: tuple[str, ...] = (
    *_typed_both(
        'ne radi', 'ne rade', 'ne funkcionira', 'ne funkcioniše', 'greška', 'grešku', 'greške', 'javlja grešku',
        'srušio', 'srušila', 'srušilo', 'ne možemo se prijaviti', 'ne mogu se prijaviti', 'ne mogu da se prijavim',
        'ne možemo da se prijavimo', 'ne možemo', 'popravite', 'ispravite', 'riješite', 'rešite', 'faktura', 'fakturu',
        'fakturi', 'povrat novca', 'reklamacija', 'reklamaciju', 'problem sa', 'problem s', 'imamo problem',
        'kako da', 'kako možemo', 'kako mogu', 'otkažite', 'otkazujemo', 'raskid ugovora', 'raskinuti ugovor',
        'nećemo produžiti', 'nećemo obnoviti', 'raskidamo', 'raskinuti', 'raskinut ćemo', 'tiket', 'tiketu', 'tiketa',
        'neprihvatljivo',
        'ne deluje', 'ne delujejo', 'napaka', 'napako', 'napake', 'se ne moremo prijaviti', 'se ne morem prijaviti',
        'fakturo', 'vračilo denarja', 'težava z', 'težavo z', 'imamo težavo', 'kako lahko', 'ne bomo podaljšali',
        'nuk funksionon', 'nuk punon', 'gabim', 'gabimi', 'gabimin', 'nuk mund të hyjmë', 'faturë', 'faturën',
        'rimbursim', 'ankesë', 'problem me', 'kemi një problem', 'si mund', 'rregulloni', 'nuk do ta rinovojmë',
        'nu merge', 'nu vom reînnoi'),
    'не ради', 'не раде', 'не функционише', 'грешка', 'грешку', 'грешке', 'грешката', 'не можемо', 'поправите',
    'исправите', 'фактура', 'фактуру', 'фактури', 'фактурата', 'рекламација', 'проблем са', 'како да', 'како можемо',
    'не работи', 'не работат', 'не работят', 'не функционира', 'не можеме', 'поправете', 'враќање пари', 'проблем со',
    'имаме проблем', 'како можеме', 'не можем да влезем', 'фактурирахте', 'рекламация', 'проблем с', 'как да',
    'как можем', 'няма да подновим', 'раскидамо', 'раскинути', 'раскинуваме', 'тикет', 'тикетот', 'тикета',
    'неприхватљиво', 'неприфатливо', 'неприемливо',
    # Lithuanian, Latvian and Estonian (written before holdout32 was read): the same kinds
    *_typed_both(
        'neveikia', 'nebeveikia', 'klaida', 'klaidą', 'klaidos', 'klaidų', 'užstrigo', 'sutriko', 'gedimas',
        'negalime prisijungti', 'negaliu prisijungti', 'sąskaita', 'sąskaitą', 'sąskaitoje', 'sąskaitos faktūra',
        'sąskaitą faktūrą', 'pinigų grąžinimas', 'grąžinti pinigus', 'pretenzija', 'skundas', 'problema su',
        'turime problemą', 'kaip galime', 'kaip galiu', 'kaip nustatyti', 'nutraukti sutartį', 'nutraukiame sutartį',
        'nepratęsime', 'ištaisykite', 'pataisykite',
        'nedarbojas', 'kļūda', 'kļūdu', 'kļūdas', 'avarē', 'uzkaras', 'nevaram pieslēgties', 'nevaru pieslēgties',
        'nevaram ielogoties', 'rēķins', 'rēķinu', 'rēķinā', 'naudas atmaksa', 'atmaksāt', 'sūdzība', 'problēma ar',
        'mums ir problēma', 'kā mēs varam', 'kā var', 'kā iestatīt', 'izbeigt līgumu', 'lauzt līgumu',
        'nepagarināsim', 'izlabojiet', 'salabojiet', 'traucējums',
        # (not 'viga', 'vea' alone: a beam and 'see' in Spanish and Portuguese)
        'ei tööta', 'ei toimi', 'on viga', 'tekkis viga', 'viga süsteemis', 'veateade', 'jookseb kokku', 'hangub', 'ei saa sisse logida',
        'arve', 'arvel', 'arvet', 'raha tagastamine', 'pretensioon', 'kaebus', 'meil on probleem', 'probleem on',
        'kuidas saame', 'kuidas saab', 'kuidas seadistada', 'lõpetada leping', 'ütleme lepingu üles', 'ei pikenda',
        'parandage', 'rike'),
)
"""`SUPPORT`'s words in Serbian, Croatian and Bosnian (Latin and Cyrillic), Slovenian, Macedonian, Bulgarian,
Albanian, Lithuanian, Latvian and Estonian, read for a known account only, as the offers it asks for are (`EXPANSION`): a fault, an error, a failed
login, a fix asked for, an invoice, a refund, a complaint, a problem with something, a how-to, a cancellation. Beside
an offer asked for, they keep a customer's complaint with support (helper-167: "Nadogradnja na verziju 5.2 je srušila
izvještaje", "Dokupiti licence ne možemo dok ne riješite problem s prijavom"). Not for a prospect: with no buying word
read in these languages, a bakery "afraid of errors" in its own labels would be a support request (holdout30's
h30-002)."""

KNOWN_ACCOUNT_ASKS: tuple[str, ...] = (
    *_typed_both(
        'cijena', 'cijenu', 'cijene', 'cijenom', 'cena', 'cenu', 'cene', 'cenik', 'cjenik', 'cenovnik', 'košta', 'koštalo',
        'koštao', 'koštati', 'stane', 'stalo', 'ponuda', 'ponudu', 'ponude', 'ponudbo', 'ponudba', 'ponudbe',
        'ugovor', 'ugovora', 'ugovoru', 'pogodba', 'pogodbo', 'pogodbe', 'aneks', 'licence', 'licenci', 'licenca',
        'licenco', 'nadogradnja', 'nadogradnju', 'nadograditi', 'nadgradnja', 'nadgradnjo', 'nadgraditi', 'proširenje',
        'proširiti', 'proširimo', 'proširujemo', 'razširitev', 'razširiti', 'dokupiti', 'dokupimo', 'dodati još',
        'dodamo još', 'još korisnika', 'dodatnih korisnika', 'dodatne korisnike', 'dodatnimi', 'dodatne enote',
        'çmimi', 'çmimin', 'çmime', 'çmimet', 'kushton', 'kushtojnë', 'ofertë', 'ofertën', 'oferta', 'kontratë',
        'kontratën', 'kontrata', 'licencë', 'licenca', 'zgjerim', 'zgjerojmë'),
    # (not the words Russian spells the same, 'цена', 'договор': Russian's own are read for every sender)
    'цената', 'ценовник', 'кошта', 'чини', 'струва', 'понуда', 'понуду', 'понуде', 'офертата', 'уговор', 'уговора',
    'договорот', 'анекс', 'лиценце', 'лиценци', 'лиценза', 'надоградња', 'надоградба', 'надградим', 'надградиме',
    'проширење', 'проширување', 'разширим',
    # Hungarian, Slovak, Lithuanian, Latvian and Estonian (written before holdout32 was read; not an update or an
    # extension, 'frissítés', 'rozšírenie', 'uuendus', 'laiendus', which a complaint names as often: a browser's
    # extension that stopped working after an update)
    *_typed_both(
        'árat', 'árak', 'árai', 'ajánlat', 'ajánlatot', 'szerződés', 'szerződést', 'szerződésünk',
        'licenc', 'licencet', 'licencek', 'mennyibe',
        'cena', 'cenu', 'ceny', 'ponuka', 'ponuku', 'zmluva', 'zmluvu', 'zmluvy', 'licencia', 'licencie',
        'licencií', 'koľko stojí',
        'kaina', 'kainą', 'kainos', 'kainuoja', 'kainuotų', 'pasiūlymas', 'pasiūlymą', 'sutartis', 'sutartį',
        'sutarties', 'licencija', 'licenciją', 'licencijų', 'licencijos', 'išplėtimas',
        'cenu', 'cenas', 'maksā', 'maksātu', 'piedāvājums', 'piedāvājumu', 'līgums', 'līgumu', 'līguma',
        'licences', 'licenču', 'paplašināšana',
        'hind', 'hinda', 'hinna', 'hinnad', 'maksab', 'maksaks', 'pakkumine', 'pakkumist', 'leping', 'lepingu',
        'lepingut', 'litsents', 'litsentsi', 'litsentse'),
)
"""What a known account's purchase names in those languages (a price, a cost, an offer, a contract, its annex,
licences, an upgrade, an expansion) but its complaint does as often ("Kolika je cijena greške koju ste napravili na
fakturi?", "Ne želimo da proširimo ugovor"). Beside no fault, invoice or how-to (`KNOWN_ACCOUNT_SUPPORT`), such a
message goes to a person, not to support by default: holdout31's customers asking for a contract's annex ("Pošalji
mi molim te aneks ugovora", h31-023) and a new offer ("Ali lahko pošlješ novo ponudbo z dodatnimi enotami?",
h31-025) were routed to support, as were 10 of helper-167's 30 purchases."""

# A buying step as South Asian and Gulf business English asks for it: a quotation, the commercials (the price terms),
# a purchase order ('PO') to raise, a proforma, best rates, an order placed or booked. Each is a step of its own
# (`DIRECT_BUYING` too). Not 'commercials' alone: an agency's TV commercials ('send the commercials to the store
# screens' is a TV spot; helper-123).
SOUTH_ASIAN_BUYING = (
    'quotation', 'quotations', 'share the commercials for', 'share commercials for', 'share your commercials',
    'revised commercials', 'commercials for the same', 'commercial offer', 'techno-commercial offer', 'raise the po',
    'raise a po', 'raise po', 'release the po', 'issue the po', 'signed po', 'best rates', 'best rate', 'place an order',
    'place the order', 'place order', 'proforma invoice', 'send your offer', 'share your offer', 'share the offer',
    'send the offer', 'book an order', 'book the order', 'best offer', 'budgetary offer', 'budgetary quote', 'tariff',
    'rate list', 'costing', 'confirm the order for', 'proforma',
)
# A promotion's mechanic, not a step to buy: 'buy 10 cartons get 1 free', 'buy one get one', 'beli 2 gratis 1', 'mua 1
# tặng 1' (holdout17: a customer asking how to set one up read as buying more).
PROMOTION = re.compile(r'\b(?:buy|beli|mua)\s+(?:\d+|one|two|three|four|five|ten)\b(?:\s+\S+){0,3}?\s+'
                       r'(?:(?:get|dapat|tặng|tang)\s+(?:\d+|one|two|three)\b|free\b|gratis\b)|\bbogo\b', re.IGNORECASE)
# An offer, a quote or a price list asked for in Danish, Norwegian (Bokmål and Nynorsk), Swedish and Icelandic
# (holdout34: 'Kan du sende et tilbud på modulet', 'eit tilbod på utvidinga' read as support). Not a bare 'pris', also
# French's 'taken'.
NORDIC_BUYING = ('tilbud', 'tilbuddet', 'tilbudet', 'pristilbud', 'tilbod', 'tilbodet', 'offert', 'offerten',
                 'prisförslag', 'prisforslag', 'prisoverslag', 'priser', 'prisliste', 'prislista', 'prislisten',
                 'tilboð', 'tilboði', 'verðtilboð')
BUYING = (
    'demo', 'pricing', 'price', 'prices', 'quote', 'buy', 'purchase', 'trial', 'licenses', 'licences', 'seats',
    'contract', 'procurement', 'budget', 'rollout', 'roll out', 'implement', 'implementation', 'onboard',
    'upgrade', 'expand', 'add more', 'enterprise plan', 'proposal', 'rfp', 'rfi', 'how much', 'cost', 'costs',
    'sign up', 'subscribe', 'get started', 'replace', 'switch from', 'switching from', 'migrate', 'ready to sign',
    'paperwork', 'looking for a solution', 'need a solution', 'interested in your', 'would like to see', 'set up a call',
    *SOUTH_ASIAN_BUYING,
    # other languages
    'demostración', 'precio', 'precios', 'presupuesto', 'cotización', 'queremos contratar', 'preis', 'preise',
    'angebot', 'kosten', 'vorführung', 'testen', 'testphase', 'démo', 'démonstration', 'tarif', 'tarifs', 'devis',
    'prix', 'orçamento', 'preço', 'demonstração', 'prezzo', 'preventivo', 'offerte', 'prijs', 'prijzen',
    # a proposal, asked for in the lexicon's other languages as in English
    'propuesta', 'proposta', 'proposition commerciale', 'offerta', 'voorstel',
    '見積', '価格', 'デモ', '導入したい',
    # a quote, an offer, a price list or a proposal asked for in Polish, Czech, Turkish and Korean (their inflected forms:
    # matching is by whole words)
    'wycena', 'wyceny', 'wycenę', 'ofertę', 'oferty', 'cennik', 'cennika', 'aneks do umowy', 'aneksu do umowy',
    'nabídku', 'nabídky', 'cenovou nabídku', 'ceník', 'poptávka', 'poptávku', 'návrh smlouvy',
    'teklif', 'teklifi', 'teklifinizi', 'fiyat', 'fiyatı', 'fiyatlarınızı', 'fiyatlandırma',
    '견적', '가격', '데모',
    # a quote or a price list asked for in Afrikaans, and a quote asked for in Quebec French (not a bare 'soumission',
    # nor 'une soumission pour': in France, and in Quebec too, a form's submission)
    'kwotasie', 'kwotasies', 'prysopgawe', 'prysopgawes', 'pryslys', 'demonstrasie', 'envoyer une soumission',
    'parvenir une soumission', 'obtenir une soumission', 'préparer une soumission', 'demande de soumission',
    # French's offer, price grid, contract amendment, cost and trial (holdout38: a French firm asking for 'une offre
    # commerciale', 'un avenant' for fifteen more licences, or what it costs was read as unclear)
    *(_FRENCH_DIRECT_BUYING := ('offre commerciale', 'offre tarifaire', 'proposition tarifaire', 'grille tarifaire',
                                'avenant', 'combien coûte', 'combien ça coûte', 'combien coute', 'coût', 'coûts',
                                'essai gratuit', "période d'essai", 'souscrire')),
    *NORDIC_BUYING,
    *SEA_BUYING,
)
# A buying step on its own, even inside a research-flavoured message.
DIRECT_BUYING = frozenset((
    'demo', 'pricing', 'price', 'prices', 'quote', 'buy', 'purchase', 'trial', 'proposal', 'rfp', 'rfi', 'how much',
    'cost', 'costs', 'contract', 'licenses', 'licences', 'seats', 'ready to sign', 'paperwork', 'démo', 'demostración',
    *SOUTH_ASIAN_BUYING,
    'demonstração', 'offerte', 'angebot', 'devis', 'orçamento', 'preventivo', 'testphase', '見積', 'デモ',
    'propuesta', 'proposta', 'proposition commerciale', 'offerta', 'voorstel',
    'wycena', 'wyceny', 'wycenę', 'ofertę', 'oferty', 'aneks do umowy', 'aneksu do umowy', 'nabídku', 'nabídky',
    'cenovou nabídku', 'poptávka', 'poptávku', 'návrh smlouvy', 'teklif', 'teklifi', 'teklifinizi', '견적', '데모',
    'kwotasie', 'kwotasies', 'prysopgawe', 'prysopgawes', 'demonstrasie', 'envoyer une soumission',
    'parvenir une soumission', 'obtenir une soumission', 'préparer une soumission', 'demande de soumission',
    *_FRENCH_DIRECT_BUYING,
    *NORDIC_BUYING,
    *SEA_DIRECT_BUYING,
))
RESEARCH = (
    'learn more', 'curious', 'research', 'researching', 'comparing', 'compare', 'comparison', 'information', 'info',
    'whitepaper', 'case study', 'case studies', 'how does', 'does it', 'do you support', 'do you work with',
    'exploring', 'early stage', 'next year', 'just looking', 'understand', 'overview', 'brochure', 'webinar',
    'integration', 'integrate with', 'documentation', 'guide', 'evaluating', 'evaluate', 'assessing', 'options',
    'wondering', 'business case', 'roi', 'benchmarks', 'shortlist', 'shortlisting', 'shortlisted',
    # what the product will do: its roadmap asked about (holdout21: a customer asking in Japanese whether Korean
    # invoices are planned was read as writing about its account)
    'roadmap', 'road map', 'on your roadmap', 'hoja de ruta', 'feuille de route', 'ロードマップ', '対応予定', '로드맵',
    '路线图', '路線圖',
    # other languages
    'informieren', 'lösungen', 'informationen', 'vergleichen', 'oriënteren', 'informatie', 'vergelijken',
    'renseignements', 'informations', 'información', 'soluciones', 'estudar', 'soluções', 'informações',
    '調べて', '資料', '導入事例', *SEA_RESEARCH,
    # Turkish, whose quotes and prices are read above: information asked for, how it works, comparing, curious
    # (holdout18: a customer asking how a module works, 'no budget yet, just curious', read as writing about its account)
    'bilgi almak', 'bilgi almak istiyoruz', 'bilgi almak istiyorum', 'hakkında bilgi', 'detaylı bilgi', 'bilgi alabilir',
    'nasıl çalışıyor', 'nasıl çalışır', 'araştırıyoruz', 'araştırma aşamasında', 'karşılaştırıyoruz',
    'değerlendiriyoruz', 'merak ediyorum', 'merak ediyoruz', 'sadece merak', 'broşür', 'vaka çalışması',
)
# Another business proposing to work with the company, rather than to buy from it: a human decides.
PARTNERSHIP = ('partnership', 'partner with', 'integration partner', 'technology partner', 'app marketplace',
               'our marketplace', 'two-way integration', 'build an integration', 'co-marketing', 'referral partner',
               'listed as', 'joint webinar')
URGENT = ('urgent', 'asap', 'outage', 'is down', 'down again', *_OUTAGE_PAST, 'immediately', 'critical', 'all clinics', 'today')
# Support phrases that name the account rather than a problem with it: with a buying step, a customer buys more.
ACCOUNT = frozenset(('our account', 'our subscription'))
# 'our account manager' is a person at the company, not the customer's account (holdout18: a customer's new security
# head asking "who's our account manager now?" beside an expansion read as writing about its account): read as 'our
# manager'.
ACCOUNT_PERSON = re.compile(r'\b(our|my)\s+account\s+(?=(?:manager|executive|rep|representative|owner|director)s?\b)',
                            re.IGNORECASE)
# Support words that name the account's paperwork, not a fault: beside an expansion ('adding 15 users; our invoices
# still go to Siobhán') the customer is buying more.
PAPERWORK = frozenset(('invoice', 'billing', *BILLED, 'factura', 'facturación', 'fatura', 'faturamento', 'facture',
                       'facturation', 'fattura', 'fatturazione', 'rechnung', 'abrechnung', 'factuur', 'facturatie',
                       'faktura', 'faktury', 'fakturę', 'fakturu', 'faktuře', 'faturada', '청구', 'faktuur',
                       'faktúra', 'faktúru', 'faktúre', 'factură', 'facturii', 'számla', 'számlát', 'számlán',
                       'τιμολόγιο', 'τιμολογίου', 'рахунок', 'рахунку', 'счёт', 'счет', *SEA_PAPERWORK))
# A contract with the company that has ended, told of by a former customer ('our contract with you was finished last
# year', 'since our contract expired', 'we did not renew the contract'): an account's past, not a step to buy
# (holdout15: a churned customer asking for its old data was sent to sales on 'contract'). Not one that ends ('our
# contract ends in March, we want to renew'), one with another party ('our contract with Medibook expired', 'our Epic
# license expired': helper-127), nor one to cancel ('cancel our contract' is `SUPPORT`'s). A new contract asked for
# beside it is still a step to buy (`NEW_CONTRACT`).
_ENDED_SUBJECT = r'\b(?:our|the)\s+(?:old\s+|previous\s+|former\s+|annual\s+)?(?:contract|subscription)\b'
_NOT_ANOTHER = r'(?:\s+(?!with\b)\S+|\s+with\s+(?:you|your\s+\S+|us)\b)'
ENDED_CONTRACT = re.compile(
    rf'{_ENDED_SUBJECT}{_NOT_ANOTHER}{{0,4}}?\s+(?:(?:was|has|had|got|is)\s+(?:been\s+)?(?:finished|ended|expired|'
    r'terminated|cancell?ed|not\s+renewed|over)|expired|ended(?!\s+up)|finished|lapsed|ran\s+out|has\s+come\s+to\s+an\s+end'
    r'|came\s+to\s+an\s+end)\b'
    r'|\b(?:terminated|cancell?ed|ended|did\s+not\s+renew|didn\'t\s+renew|did\s+not\s+extend)\s+(?:the|our)\s+(?:contract|subscription)\b'
    r'|\blet\s+(?:the|our)\s+(?:contract|subscription)\s+(?:expire|lapse|run\s+out)\b'
    r'|\b(?:our|the)\s+(?:contract|subscription)\s+expiry\b|\bend\s+of\s+our\s+(?:contract|subscription)\b'
    # the customer leaving when it ends, or not renewing it ('we are leaving Kvasac at the end of the contract',
    # holdout30's h30-155, a churning customer's data export routed to sales)
    r'|\bleaving\s+(?:you|us|\S+)\s+(?:at|by|after|on)\s+(?:the\s+)?(?:end|expiry|expiration|close)\s+of\s+(?:the|our)\s+'
    r'(?:contract|subscription)\b'
    r"|\b(?:will\s+not|won't|are\s+not|aren't|is\s+not|isn't)\s+(?:be\s+)?renew(?:ing)?\s+(?:the|our)\s+"
    r'(?:contract|subscription)\b')
NEW_CONTRACT = ('new contract', 'sign a contract', 'a contract for', 'your contract')
"""Buying steps that name a contract, kept beside an ended one (`ENDED_CONTRACT`)."""
# A contract asked for, signed, renewed, extended or added to in its sentence ('add our 6 new sites to our contract',
# 'extend our contract', 'the contract amendment'): a step to buy. Not a contract named otherwise, a noun of the
# sender's business or of the one it has ('the document class "customer contracts"', holdout22).
# ('end' as the contract's, not a deadline's: 'an explanation by end of day, or we're reviewing the contract' is a
# customer's threat, holdout29's h29-056; nor the sender's: 'or we end the contract', helper-162)
_CONTRACT_STEP = (r'send|sign\w*|renew\w*|extend\w*|add|adding|amend\w*|draft|prepare|ready|upgrad\w*|quote|'
                  r"proposal|offer|negotiat\w*|terms|continu\w*|(?<!we )(?<!to )(?<!will )(?<!'ll )"
                  r'ends?(?!\s+of\s+(?:the\s+|this\s+|next\s+)?(?:day|week|'
                  r'month|quarter|business|play|today|tomorrow))|ending|expir\w*|switch\w*|lock\w*|cover\w*|'
                  r'another\s+year|go\s+to')
_CONTRACT_STEP_WORD = re.compile(rf'\b(?:{_CONTRACT_STEP})\b', re.IGNORECASE)
_CONTRACT_WORD = re.compile(r'\bcontracts?\b', re.IGNORECASE)
_SENTENCE_RUN = re.compile(r'[^.!?\n]+')


def contract_asked(text: str) -> bool:
    """Whether a sentence of the text names a contract and a step asked of it, in either order.

    Sentence by sentence: one pattern with the step, any run of the sentence, then 'contract' (or the other way round)
    backtracked over the rest of the sentence from every step word, and a 100 KB sentence of them took minutes
    (helper-154).
    """
    return any(_CONTRACT_WORD.search(sentence) and _CONTRACT_STEP_WORD.search(sentence)
               for sentence in _SENTENCE_RUN.findall(text))


# Words that ask nothing: a test, a greeting, thanks ('Test', 'Hello there'; holdout22: a customer's 'Test' routed).
NO_REQUEST = frozenset(('test', 'testing', 'tests', 'hi', 'hello', 'hey', 'there', 'hallo', 'bonjour', 'hola', 'ola',
                        'olá', 'ciao', 'hej', 'hei', 'moi', 'thanks', 'thank', 'you', 'ok', 'okay', 'asdf', 'dear',
                        'team', 'good', 'morning', 'merci', 'gracias', 'obrigado', 'danke', 'tack', 'takk'))
# What more of is not bought: questions, faults, days ('2 more questions', '2 preguntas más', '2 weitere Fragen').
_NOT_UNITS = (r'(?!(?:questions?|issues?|errors?|problems?|things?|days?|weeks?|months?|times?|minutes?|hours?|tickets?|'
              r'bugs?|details?|steps?|emails?|calls?|preguntas?|dudas?|problemas?|errores?|dias?|semanas?|perguntas?|'
              r'duvidas?|d[úu]vidas?|erros?|probl[èe]mes?|erreurs?|jours?|fragen|frage|probleme|fehler|tage|wochen|'
              r'domande|domanda|problemi|errori|giorni|settimane)\b)')
_WORD = _NOT_UNITS + r'\w+'
# Words between a want and its verb that ask how ('vorremmo sapere come aggiungere', helper-158), and what follows
# users that already exist or a question: no purchase.
_HOW_FREE = (r'(?:(?!comment\b|como\b|c[óo]mo\b|come\b|saber\b|sapere\b|savoir\b|wie\b|hoe\b|weten\b|wissen\b)'
             r'\w+\s+)')
_NOT_YET = (r'(?!\s+(?:existentes|existants|esistenti|bestehende|bestaande|existing)\b)'
            r'(?![^.!?\n]{0,100}\b(?:ya|d[ée]j[àa]|j[áa]|gi[àa]|schon|bereits|reeds|already)\b)(?![^.!?\n]{0,200}\?)')
# A known account asking for more of what it has: 'add 2 more sites', 'adding another plant', '5 more sensors', 'adding
# the remaining 7 hospitals'.
MORE = re_compile(r'\badd(?:ing)?\b(?:\s+\S+){0,3}?\s+(?:more|additional|extra|another)\b'
                  # in words: 'two more sites', 'three additional clinics', 'mais duas clínicas' (not 'two more
                  # questions')
                  r'|\b(?:two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|a\s+few|several|a\s+couple\s+'
                  r'(?:of\s+)?)\s+(?:more|additional|extra)\s+' + _WORD +
                  r'|\b(?:mais|m[áa]s|weitere|altr[ei]|outr[oa]s|otr[oa]s)\s+(?:dos|tres|cuatro|cinco|duas|dois|tr[êe]s|'
                  r'quatro|zwei|drei|vier|f[üu]nf|due|tre|quattro|cinque)\s+' + _WORD +
                  # 'adding the remaining 7 hospitals' (not 'while adding the remaining sensors, the gateway fails')
                  r'|\badd(?:ing)?\s+(?:the\s+)?remaining\s+\d+\s+\w+'
                  r'|\b\d+\s+(?:more|additional|extra)\s+' + _WORD +
                  # the same in the lexicon's other languages: '10 weitere Standorte', 'altre 6 sedi', '20 clínicas
                  # más', '8 cliniques de plus', 'mais 40 licenças'
                  r'|\b\d+\s+(?:weitere[nm]?|zus[äa]tzliche[nm]?|m[áa]s|adicionales|adicionais|ulteriori|'
                  r'suppl[ée]mentaires|autres|extra)\s+' + _WORD +
                  r'|\b(?:otr[oa]s|altr[ei]|outr[oa]s|weitere|autres|nog)\s+\d+\s+' + _WORD +
                  r'|\b(?:mais|m[áa]s)\s+\d+\s+' + _WORD +
                  r'|\b\d+\s+' + _WORD + r'\s+(?:m[áa]s|de plus|in pi[ùu]|a mais|extra|erbij)\b'
                  r'|\badd(?:ing)?\s+\d+\s+(?:new\s+)?(?:users?|seats?|licen[cs]es?|sites?|locations?|accounts?)\b'
                  # the same in the lexicon's other languages, asked for ('on veut ajouter 12 utilisateurs',
                  # 'queremos agregar 20 usuarios', 'gostaríamos de adicionar 15 licenças', 'vorremmo aggiungere 10
                  # utenti', 'wir möchten 12 Benutzer hinzufügen', 'we willen 8 gebruikers toevoegen'; holdout27: a
                  # customer adding 12 users went to support). Wanted, of users or licences, and not asked how or why
                  # (helper-158: 'comment ajouter 12 utilisateurs ?', 'ajouter 15 comptes au plan comptable')
                  r"|\b(?:veu[tx]|voulons|voudrions|voudrait|souhait\w+|aimerions|aimerait|besoin d['’]|faut)\s+"
                  + _HOW_FREE + r'{0,2}?(?:ajouter|rajouter)\s+(?:\w+\s+){0,2}?\d+\s+(?:nouveaux\s+|autres\s+)?'
                  r'(?:utilisateurs|licences)\b' + _NOT_YET +
                  r'|\b(?:queremos|quisi[ée]ramos|necesitamos|nos\s+gustar[íi]a|deseamos|gostar[íi]amos\s+de|'
                  r'precisamos|desejamos)\s+' + _HOW_FREE + r'{0,2}?(?:agregar|a[ñn]adir|sumar|incorporar|adicionar|'
                  r'acrescentar|incluir)\s+(?:\w+\s+){0,2}?\d+\s+(?:nuevos\s+|otros\s+|novos\s+|outros\s+)?'
                  r'(?:usuarios|licencias|usu[áa]rios|licen[çc]as)\b' + _NOT_YET +
                  r'|\b(?:vorremmo|vogliamo|abbiamo\s+bisogno\s+di)\s+' + _HOW_FREE + r'{0,2}?aggiungere\s+(?:\w+\s+){0,2}?'
                  r'\d+\s+(?:nuovi\s+|altri\s+)?(?:utenti|licenze)\b' + _NOT_YET +
                  r'|\b(?:m[öo]chten|wollen|w[üu]rden|brauchen|willen|zouden|graag)\s+' + _HOW_FREE + r'{0,3}?\d+\s+'
                  r'(?:neue\s+|weitere\s+|nieuwe\s+|extra\s+)?(?:benutzer|nutzer|lizenzen|gebruikers|licenties)\s+'
                  r'(?:\w+\s+){0,3}?(?:hinzuf[üu]gen|hinzubuchen|dazubuchen|toevoegen|bijkopen)\b' + _NOT_YET +
                  # a product for a part of the group it does not cover yet: 'add the Gmail button for the
                  # subsidiary', 'extend the module to our new plant' (holdout18); not 'add a user for the branch
                  # manager', 'add the VAT number for the subsidiary', nor what is missing or back again
                  r'|\b(?:add(?:ing)?|extend(?:ing)?|roll(?:ing)?\s+(?:it\s+)?out)\b(?:\s+(?!missing\b|back\b)\S+){0,4}?\s+'
                  r'(?:module|app|product|platform|seats?|licen[cs]es?|users?|plan|features?|add-?on|integration|'
                  r'button|portal|package|it|them|the\s+system|the\s+service)\b(?:\s+\S+){0,2}?\s+(?:for|to|at|in)\s+'
                  r'(?:the|our)\s+(?:new\s+|other\s+)?(?:subsidiar(?:y|ies)|sister\s+compan(?:y|ies)|affiliates?|'
                  r'branch(?:es)?|divisions?|plants?|factor(?:y|ies)|sites?|offices?|regions?|clinics?|hospitals?|'
                  r'practices?|stores?|warehouses?|schools?|campus(?:es)?|locations?|entit(?:y|ies))\b'
                  # ('again' later in the sentence, looked for over 300 characters: over the whole sentence, each
                  # match in a 100 KB one scanned to its end, helper-154)
                  r'(?!\s+(?:manager|head|director|staff|admin)s?\b)(?![^.!?\n]{0,300}\bagain\b)'
                  # and in Slovak, Romanian, Hungarian, Greek, Ukrainian, Russian and Turkish: 'ďalších 20 licencií',
                  # 'încă 20 de licențe', 'további 20 licencre', '20 επιπλέον άδειες', 'ще 20 ліцензій', '15 lisans daha'
                  r'|\b(?:[ďd]al[šs][íi]ch|[îi]nc[ăa]|m[ée]g|tov[áa]bbi|ще|ещ[её]|[άα]λλ(?:ες|α|ους|οι))\s+\d+\s+\w+'
                  r'|\b\d+\s+(?:[ďd]al[šs][íi]ch|tov[áa]bbi|επιπλ[έε]ον|ακ[όο]μ[ηα])\s+\w+|\b\d+\s+\w+\s+daha\b'
                  # Indonesian, Malay, Vietnamese and Tagalog: 'tambah 20 lisensi', '20 user lagi', 'thêm 50 tài khoản',
                  # 'dagdag na 10 users' (not unaccented 'them', English)
                  r'|\b(?:tambah(?:an|kan)?|menambah(?:kan)?|nambah|thêm|karagdagang|dagdag\s+na|mua|beli)\s+\d+\s+\w+'
                  r'|\b\d+\s+\w+\s+(?:lagi|tambahan)\b'
                  # a new order form asked for: the paperwork of buying more ('prepare a revised order form'; not the
                  # one signed, a copy of it or the form that fails)
                  r'|\b(?:send|prepare|draft|issue|share|need|want|get|request|provide|email)\w*\b'
                  r'(?:\s+(?!cop(?:y|ies)\b|signed\b)\S+){0,3}?\s+'
                  r'(?:(?:an?|the|your)\s+(?:(?:new|revised|updated|amended|additional|separate|fresh|final)\s+)?'
                  r'|our\s+(?:new|revised|updated|amended|additional|separate|fresh|final)\s+)order[\s-]?forms?\b',
                  re.IGNORECASE)
# A new unit opened or bought ('opening our third clinic', 'we acquired another practice', 'our 3rd clinic opens',
# 'abrimos nuestra tercera clínica', 'wir eröffnen unseren dritten Standort'), read as buying more only beside a request
# to put it on the account (`ON_THE_ACCOUNT`): a unit opened with nothing bought is news (a thank-you, a new address;
# holdout19: a customer opening its third clinic and asking for it on the account went to support).
_ORDINAL = (r'(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th|[ºª°])?|new|next|another|'
            r'segund[oa]|tercer[oa]?|cuart[oa]|quint[oa]|nuev[oa]|otr[oa]|terceir[oa]|quart[oa]|nov[oa]|outr[oa]|'
            r'deuxi[eè]me|troisi[eè]me|quatri[eè]me|nouvel(?:le)?|autre|zweite[nmr]?|dritte[nmr]?|vierte[nmr]?|'
            r'neue[nmr]?|weitere[nmr]?|secondo|seconda|terz[oa]|quart[oa]|nuov[oa]|altr[oa])')
_UNIT = (r'(?:clinics?|sites?|locations?|branch(?:es)?|offices?|stores?|hospitals?|practices?|plants?|warehouses?|'
         r'schools?|campus(?:es)?|facilit(?:y|ies)|restaurants?|hotels?|depots?|units?|cl[íi]nicas?|sucursal(?:es)?|'
         r'sedes?|hospita(?:l|is|les)|unidad(?:es)?|unidades|filia(?:l|is|les)|consultorios?|cliniques?|'
         r'cabinets?|[ée]tablissements?|h[ôo]pita(?:l|ux)|standorte?s?|praxen|praxis|filialen?|kliniken|klinik|'
         r'cliniche|clinica|ambulatori[oa]?|sed[ei])')
NEW_UNIT = re_compile(
    r'\b(?:open(?:ing|ed|s)?|launch(?:ing|ed|es)?|acquir(?:ing|ed|es)|buy(?:ing)?|bought|taking\s+over|took\s+over|'
    r'buil(?:ding|t)|abri(?:r|mos|endo|remos)|abr(?:imos|iendo)|inaugura\w*|adquiri\w*|compramos|ouvr\w*|'
    r'ouvert\w*|achet\w*|rachet\w*|er[öo]ffn\w*|[üu]bernehm\w*|[üu]bernommen|gekauft|kaufen|apri(?:re|amo|remo|r[àa])|'
    r'aperto|aperta|'
    r'acquist\w*)\s+(?:\w+\s+){0,2}?(?:our|a|an|the|its|nuestr[oa]|una?|la|el|nosso|nossa|uma?|[oa]|notre|une?|'
    r'le|la|unsere[nmr]?|eine[nmr]?|den|die|das|il|la|lo|nostr[oa]|un[oa]?)?\s*' + _ORDINAL + r'\s+(?:\w+\s+)?' + _UNIT
    + r'\b|\b(?:our|nuestr[oa]|nossa|nosso|notre|unsere?[nmr]?|nostr[oa])\s+' + _ORDINAL + r'\s+' + _UNIT
    + r'\s+(?:opens?|is\s+opening|will\s+open|abre|abrir[áa]|ouvre|ouvrira|er[öo]ffnet|apre|aprir[àa])\b'
    # Russian: 'открываем 8 аптек', 'купили ещё одну клинику' (holdout28's h28-159)
    r'|(?<!\w)(?:открыва\w*|открыл\w*|откро\w*|запуска\w*|приобрел\w*|приобрета\w*|купил\w*|покупа\w*)\s+'
    r'(?:\w+\s+){0,2}?(?:\d+|нов\w+|ещ[её]|втор\w+|трет\w+|четв[её]рт\w+)\s+(?:\w+\s+)?'
    r'(?:аптек\w*|филиал\w*|клиник\w*|отделени\w*|магазин\w*|склад\w*|офис\w*|площадк\w*)',
    re.IGNORECASE)
ON_THE_ACCOUNT = re.compile(
    r"\b(?:add|put|include|set\s+up|bring|move|get)\s+(?:it|them|the\s+new\s+\w+|this\s+one)\s+(?:on(?:to)?|to|in(?:to)?|"
    r"under)\s+(?:our|the|\w+['’]s)\s+(?:\w+\s+)?(?:account|plan|subscription|contract|licen[cs]es?|package)"
    r"|\b(?:want|need|like)\s+(?:it|them)\s+(?:on|in|under)\s+(?:our|the|\w+['’]s)\s+(?:\w+\s+)?(?:account|plan|"
    r"subscription|contract)|\b(?:it|they|them)\s+(?:\w+\s+)?(?:go|goes|be\s+added|come)\s+(?:on(?:to)?|under|in(?:to)?)\s+"
    r"(?:our|the|\w+['’]s)\s+(?:\w+\s+)?(?:account|plan|subscription|contract|licen[cs]es?)"
    r'|\bset\s+up\s+on\s+our\s+account|\b(?:same|our)\s+(?:modules|plan|package|setup)\b'
    r'|\b(?:sumar|agregar|a[ñn]adir|incluir|incorporar|adicionar|incluir|acrescentar|ajouter|int[ée]grer|inclure|'
    r'aggiunger|includer|inserir|aufnehmen|hinzuf[üu]gen|einbeziehen|integrieren)\w*\b(?:\s+\w+){0,4}?\s+'
    r'(?:a|al|a\s+la|ao|[àa]\s+notre|[àa]|in|zu|al|nel|nella|en|no|na)\s*(?:\w+\s+)?(?:suscripci[óo]n|assinatura|'
    r'contrato|contrat|contratto|abonnement|abbonamento|abo|vertrag|cuenta|conta|compte|account|konto|plan|plano|'
    r'licen[cs]\w*)'
    r"|\bl['’]ajouter\b|\b(?:in|zu)\s+unse\w*\s+(?:abo|vertrag|konto|lizenz\w*)\b"
    r'|\b(?:no|na|en|nel|nella|dans)\s+(?:nosso|nossa|nuestr[oa]|notre|nostr[oa])\s+(?:contrato|contrat|contratto|'
    r'plano|plan|assinatura|suscripci[óo]n|abonnement)'
    # Russian: 'подключите их к нашему договору', 'можно подключить их к нашему договору?': the units themselves (not
    # 'добавьте новый адрес в наш договор'; 'как добавить врачей', 'не можем подключить' are `SUPPORT`'s, helper-162)
    r'|(?<!\w)(?:подключить|подключите|добавить|добавьте|включить|включите)\s+(?:,?\s*пожалуйста,?\s+)?'
    r'(?:их|её|ее|его|эти\s+\w+|новые\s+\w+)\s+(?:,?\s*пожалуйста,?\s+)?(?:к|в|на)\s+'
    r'(?:наш\w*\s+|тот\s+же\s+|тому\s+же\s+|тем\s+же\s+|текущ\w*\s+|действующ\w*\s+)?'
    r'(?:договор\w*|аккаунт\w*|тариф\w*|подписк\w*|контракт\w*|модул\w*)',
    re.IGNORECASE)
EXPANSION = ('add the other', 'add another', 'additional sites', 'additional clinics', 'remaining practices',
             'remaining clinics', 'roll it out', 'expand to', 'upgrade',
             # 'expand' in the lexicon's other languages
             'ampliar', 'expandir', 'étendre', 'erweitern', 'estendere', 'ampliare', 'uitbreiden',
             'rozszerzenie', 'rozszerzenia', 'rozszerzyć', 'rozšíření', 'rozšířit', 'genişletme', 'genişletmek', '확장',
             # Slovak, Romanian, Hungarian, Greek, Ukrainian and Russian: to expand (not its nouns where they also
             # name a browser's or a file's extension: 'rozšírenie', 'επέκταση', 'розширення'), and a quote, an offer,
             # a proposal or a contract's draft or amendment asked for. Read for a known account only: with no spam
             # or partnership word read in these languages, a supplier's "our special offer" would read as a buyer's
             # request. Not a bare offer, proposal or contract: 'položka ponuky' is a menu item, 'пропозиція' and
             # 'propunere' a suggestion, "conform ofertei semnate" a complaint citing the signed one (helper-118)
             *_typed_both(
                 'rozšíriť', 'rozšírime', 'dokúpiť', 'extindere', 'extinderea', 'extindem', 'să extindem',
                 'să cumpărăm', 'cumpărăm', 'bővítés', 'bővítését', 'bővíteni', 'kibővíteni', 'bővítenénk',
                 'vásárolni', 'vásárolnánk', 'επεκτείνουμε', 'να επεκτείνουμε', 'επέκταση σε', 'να αγοράσουμε',
                 'cenová ponuka', 'cenovú ponuku', 'cenovej ponuky', 'cenník', 'cenníka', 'návrh zmluvy',
                 'dodatok k zmluve', 'dodatku k zmluve', 'doplnok k zmluve', 'návrh dodatku', 'koľko to bude stáť',
                 'koľko by to stálo', 'ofertă de preț', 'cotație', 'cotația', 'listă de prețuri',
                 'propunere comercială', 'propunerea comercială', 'act adițional', 'cât ar costa', 'cât costă',
                 'árajánlat', 'árajánlatot', 'árajánlatát', 'ajánlatot kérünk', 'ajánlatot kérnénk', 'árlista',
                 'árlistát', 'árlistáját', 'ajánlatot adni', 'ajánlatot küldeni', 'küldjenek ajánlatot',
                 'küldjetek ajánlatot', 'küldenétek ajánlatot', 'küldenének ajánlatot', 'szerződéstervezet', 'szerződésmódosítás', 'mennyibe kerül',
                 'mennyibe kerülne', 'προσφορά', 'προσφοράς', 'προσφορές', 'οικονομική προσφορά', 'τιμοκατάλογο',
                 'τιμοκατάλογος', 'σχέδιο σύμβασης', 'τροποποίηση σύμβασης', 'πόσο θα κοστίσει', 'πόσο κοστίζει',
                 # Czech: to buy more (holdout24: 'Chceme přikoupit licence pro novou pobočku'); not 'zakoupit', to
                 # buy, as often in 'we don't want to buy anything more' (helper-153)
                 'přikoupit', 'dokoupit'),
             # Greek in Latin letters, as many Greeks type it (holdout25: 'Steilte mou prosfora parakalw'): an offer
             # asked for, not the one they signed ('h prosfora pou ypografame', helper-153)
             *(f'{ask} {one}prosfora' for ask in ('steilte mou', 'steilte mas', 'theloume', 'thelw',
                                                  'xreiazomaste', 'chreiazomaste') for one in ('', 'mia ')),
             'oikonomiki prosfora', 'timokatalogo', 'timokatalogos', 'poso kostizei', 'poso tha kostisei',
             'ofertă', 'o ofertă', 'розширити', 'розширимо', 'докупити', 'придбати', 'расширить', 'расширим', 'докупить', 'приобрести',
             'комерційна пропозиція', 'комерційну пропозицію', 'комерційної пропозиції', 'вашу пропозицію',
             'вашої пропозиції', 'прайс-лист', 'кошторис', 'проєкт договору', 'проект договору', 'додаткова угода',
             'додаткову угоду', 'скільки це коштуватиме', 'скільки коштуватиме', 'коммерческое предложение',
             'коммерческого предложения', 'ваше предложение', 'смету', 'дополнительное соглашение',
             'дополнительного соглашения', 'сколько это будет стоить', 'satın almak', 'ne kadar tutar',
             # Serbian, Croatian and Bosnian (Latin and Cyrillic), Slovenian, Macedonian, Bulgarian and Albanian: an
             # offer asked of the company, for something (holdout30: "Pošalji ponudu za proširenje", "Možete li poslati
             # ponudu za nadogradnju na Enterprise paket?", both sent to support). As asked, not named: "vaš
             # komercijalista je tražio da mu pošaljemo ponudu za proširenje", "ne treba nam ponuda za proširenje",
             # "pošaljite ponudu koju smo dobili prošle godine". No price or cost asked ("koliko košta kad nam sistem
             # padne", "колко струва грешката ви?"), no bare expanding, upgrading or buying more ("nadogradnja na
             # verziju 5.2 je srušila izvještaje", "proširenje na drugi pogon smo odustali", "kako da dodamo još
             # jednog korisnika"): helper-166's and helper-167's customers. A fault, an invoice or a how-to beside it
             # is read (`SUPPORT`) and keeps it with support.
             # (for something: 'изпратете ни оферта, която сме подписали' is the one signed, helper-167)
             *_typed_both(
                 'pošaljite ponudu za', 'pošalji ponudu za', 'pošaljite nam ponudu za', 'pošalji nam ponudu za',
                 'pošaljite mi ponudu za', 'pošaljete ponudu za', 'pošaljete nam ponudu za',
                 'možete li poslati ponudu za', 'možete li nam poslati ponudu za', 'pošaljite aneks ugovora za',
                 'pošljite ponudbo za', 'pošljite nam ponudbo za', 'prosimo za ponudbo za', 'dërgoni një ofertë për',
                 'na dërgoni ofertën për', 'na dërgoni një ofertë për'),
             'пошаљите понуду за', 'пошаљи понуду за', 'пошаљите нам понуду за', 'пошаљете понуду за',
             'пошаљете нам понуду за', 'испратете понуда за', 'испратете ни понуда за', 'изпратете оферта за',
             'изпратете ни оферта за',
             # asked for without a verb of sending: 'Моля за оферта за разширението' (please, an offer for the
             # expansion; holdout36's h36-025), 'Ве молиме за понуда за', 'Molimo ponudu za'; and in English as
             # these writers drop its article: 'Please send offer for the extension' (h36-057)
             'моля за оферта', 'молим за оферта', 'молим за понуду за', 'ве молиме за понуда', 'молиме за понуда',
             *_typed_both('molimo ponudu za', 'molim ponudu za', 'molimo vas za ponudu', 'ju lutem për një ofertë',
                          'ju lutem një ofertë', 'na dërgoni ofertë për'),
             'send offer for', 'send us offer', 'send us an offer for', 'send an offer for', 'please send offer',
             # Lithuanian, Latvian and Estonian: a quote, a commercial offer, a price list, a contract's draft or
             # annex asked for, to expand or to buy more (written before holdout32 was read; not a bare price asked,
             # 'kiek kainuoja', which a complaint asks too: `KNOWN_ACCOUNT_ASKS`)
             *_typed_both(
                 'kainų pasiūlymą', 'kainų pasiūlymo', 'komercinį pasiūlymą', 'komercinio pasiūlymo',
                 'atsiųskite pasiūlymą', 'kainoraštį', 'kiek kainuotų', 'sutarties projektą', 'papildomą susitarimą',
                 'išplėsti', 'išplėsime', 'įsigyti daugiau', 'papildomai įsigyti', 'nupirkti daugiau',
                 'cenu piedāvājumu', 'cenu piedāvājuma', 'komercpiedāvājumu', 'atsūtiet piedāvājumu', 'cenrādi',
                 'cik maksātu', 'līguma projektu', 'papildu vienošanos', 'paplašināt', 'paplašināsim',
                 'iegādāties papildu', 'nopirkt papildu',
                 'hinnapakkumist', 'hinnapakkumine', 'hinnapakkumise', 'saatke pakkumine', 'saatke meile pakkumine',
                 'hinnakirja', 'kui palju maksaks', 'lepingu projekti', 'lepingu lisa', 'laiendada', 'laiendame',
                 'juurde osta', 'lisalitsentse',
                 # an offer asked in the other forms of the verb, and in Hungarian's informal one (holdout32's
                 # h32-114, h32-134, h32-046, h32-074, in sample)
                 'küldj ajánlatot', 'küldjön ajánlatot', 'kérnék ajánlatot', 'kérünk ajánlatot', 'ajánlatot kérek',
                 'paruošti pasiūlymą', 'paruoškite pasiūlymą', 'papildomą pasiūlymą', 'atsiųsti pasiūlymą',
                 'sagatavot piedāvājumu', 'sagatavojiet piedāvājumu', 'atsūtīt piedāvājumu',
                 'vaja oleks pakkumist', 'ootame pakkumist', 'palun pakkumist', 'tehke pakkumine',
                 'dodatek ke smlouvě', 'dodatku ke smlouvě', 'navýšit licence', 'navýšení licencí'),
             *SEA_EXPANSION)

# How a seller presses a reader, the families of a spam filter's rules rather than any message's words: a discount
# offered, a result guaranteed, a free sample or audit offered, a rate quoted per hour or month, a deadline with a link
# to act on. Together they count one point, and only beside a spam phrase (`_spam.spam_evidence`).
PRESSURE: tuple[tuple[str, re.Pattern[str]], ...] = tuple((name, re.compile(pattern, re.IGNORECASE)) for name, pattern in (
    ('discount', r'\b\d{1,3}\s?%\s*(?:off|discount|korting|rabatt|remise|de r[ée]duction|de descuento|de desconto|'
                 r'desconto|di sconto|sconto)\b|\b(?:save|sparen sie|bespaar|économisez|ahorre)\s+(?:up to\s+)?\d{1,3}\s?%'),
    ('guarantee', r'\b(?:guaranteed|we guarantee|garantiert|wir garantieren|gegarandeerd|wij garanderen|garantit|'
                  r'garantissons|garantizamos|garantizado|garantimos|garantido|garantiamo|garantito)\b'),
    ('free_offer', r'\b(?:free|kostenlose?[nrs]?|gratis|gratuite?s?|gratuit[oa]s?|gratuitamente)\s+(?:\w+\s+)?'
                   r'(?:audit|sample|analysis|consultation|report|catalog(?:ue)?|list|muster\w*|probe\w*|proef\w*|'
                   r'analyse|échantillon|muestra|amostra|campione)s?\b'
                   r'|\b(?:audit|sample|muster\w*|proef\w*|échantillon|muestra|amostra|campione)\s+'
                   r'(?:\w+\s+)?(?:free|kostenlos|gratis|gratuite?|gratuit[oa]|offert)\b'),
    ('rate', r'[$€£]\s?\d+(?:[.,]\d+)?\s?(?:/|per\s+|an\s+)(?:hour|hr|h|month|mo|stunde|uur|heure|hora)\b'
             r'|\b\d+(?:[.,]\d+)?\s?(?:[$€£]|eur|usd|gbp)\s?(?:/|per\s+)(?:hour|hr|h|month|mo|stunde|uur|heure|hora)\b'),
    ('deadline', r'\b(?:within|in|binnen|innerhalb von|dans|sous|en|em|entro)\s+(?:the next\s+)?\d{1,3}\s+'
                 r'(?:hours?|hrs|days?|stunden|tagen|uur|dagen|heures|jours|horas|días|dias|ore|giorni)\b'),
))


@lru_cache(maxsize=4096)
def _script(ch: str) -> str:
    """A letter's script as Unicode names it ('LATIN', 'HEBREW', 'ARABIC', 'CJK', 'HANGUL', 'THAI')."""
    return unicodedata.name(ch, '').split(' ', 1)[0]


# The scripts these lists hold a step to buy in, worked out from them: in another script (Hebrew, Arabic, Thai,
# Devanagari) no step to buy read is no sign that a message holds none.
READ_SCRIPTS = frozenset(_script(ch) for words in (BUYING, EXPANSION) for phrase in words for ch in phrase
                         if ch.isalpha())


def unread_script(text: str) -> str | None:
    """A script outside `READ_SCRIPTS` that a text is written in, or None.

    Most of its letters, or a sentence's worth (`_UNREAD_LETTERS`) beside product names in Latin letters ('Reminders
    Pro, Patient Portal: נרצה לרכוש עוד 3 מודולים'); not a greeting or a name alone.
    """
    if text.isascii():  # Latin letters only: every lead in English, read once per lead by the rules model
        return None
    scripts = Counter(_script(ch) for ch in text if ch.isalpha())
    unread = [(count, script) for script, count in scripts.items() if script not in READ_SCRIPTS]
    if not unread:
        return None
    count, script = max(unread)
    return script if count * 2 > scripts.total() or count >= _UNREAD_LETTERS else None


_UNREAD_LETTERS = 15
