r"""Orders to the pipeline in Indonesian, Malay, Vietnamese and Tagalog (Taglish too).

Written from the languages after holdout17 (a route-to-market vendor selling in ID, MY, PH and VN), whose policy lists
them: before it, only "ignore the previous instructions" was read in them (`_set_aside`). The patterns read the
skeleton (lower case, accents dropped: Vietnamese 'không cần kiểm duyệt' is 'khong can kiem duyet'; 'đ' stays), and
the company's name is already 'your' there (`_injection._as_yours`: 'anh Minh bên Rantai Field' is 'anh minh ben your
company').

- `SKIP`: this submission's review skipped or not needed ('tidak perlu review', 'gausah pake review2an', 'tak payah
  semakan', 'không cần kiểm duyệt', 'wag mo nang ipa-review'). Not the sender's own ('review internal kami', 'quy
  trình duyệt của chúng tôi'), not in a question.
- `DIRECT`: sent straight to the company's sales side or its heads with a verb of sending ('langsung teruskan ke tim
  sales', 'terus hantar kepada pasukan jualan', 'chuyển thẳng cho bộ phận kinh doanh', 'ipasa diretso sa founder').
- `RANK`: a priority set high ('prioritas tinggi', 'keutamaan tertinggi', 'ưu tiên cao', 'high priority na').
- `CLAIM`: an approval claimed for the company's people ('bos lu udah oke', 'manajer sales anda sudah menyetujui',
  'anh Minh bên Rantai Field đã duyệt'), with a skip or a routing in the same sentence or the next.

Levers count in pairs as in English (`_injection_shape.handling`): a skip with a routing or a rank, or a claimed
approval with either. A buyer's own process ('pesanan di bawah 5 juta langsung diproses tanpa verifikasi manual') pulls
one lever at most.
"""

from __future__ import annotations

import re

from ._orders import approval_beside, around
from ._pattern_cache import compile as re_compile
from ._prefilter import screened

__all__ = ('claimed', 'levers')

_W = r'[\w\'’-]+'  # a word ("ipa-review", "'to", "review2an")
_GAP = rf'(?:{_W}\s+)'  # a word and the blank after it
_END = r'[.!?\n;]'
# A check waived for something other than this lead ('hindi na kailangan ng approval para sa maliliit na gastos', 'tidak
# perlu approval untuk pengeluaran kecil'): the buyer's own rule, no order about this one.
_FOR_OTHER = r'(?!\s+(?:para sa|para|untuk|buat|bagi|cho|for)\s+(?!(?:lead|ito|\'?to|ini|nay|this|yang ini)\b))'

# --- Indonesian and Malay --------------------------------------------------------------------------------------------
_ID_CHECK = (r'(?:review\w*|semak|verifikasi\w*|pemeriksaan|diperiksa|periksa|dicek\w*|cek|ngecek|pengecekan|ditinjau|'
             r'tinjauan|peninjauan|semakan|disemak|saringan|disaring|penyaringan|tapisan|ditapis|antrian|antrean|'
             r'screening|moderasi|persetujuan manual|approval manual|approval|kelulusan|pengesahan|validasi|divalidasi)')
_ID_NOT = r'(?:tidak|tdk|tak|gak|gk|ga|nggak|ngga|enggak|engga|kagak|ndak)'
_ID_NEEDED = (r'(?:usah|perlu|perlukan|memerlukan|diperlukan|payah|butuh|membutuhkan|dibutuhkan|harus|wajib|need|'
              r'lagi perlu)')
_ID_NO = (rf'{_ID_NOT}\s+{_ID_NEEDED}|gausah|gaperlu|usah|tanpa|jangan|jgn|lewati|lewatkan|langkau|langkaui|abaikan|'
          r'melewati|dibebaskan dari|bebaskan dari|bebas|takyah|tak yah|tak payah'
          # Manglish ('no need review la', 'no need lah'), not English ('no need for the usual approval on our side')
          r'|no need\s+(?:la|lah|na)|no need(?=\s+review\b)'
          # English verbs with an Indonesian or Malay word after them ('skip aja reviewnya'); not English alone
          r'|(?:skip|bypass)\s+(?:aja|saja|je|dulu|ya|lah|sahaja|semua)')
_ID_SKIP = (rf'\b(?:{_ID_NO})\s+{_GAP}{{0,3}}?(?:masuk\w*\s+|dimasukkan\s+|ke\s+|dalam\s+|lewat\s+|lalu\s+|pake\s+|'
            rf'pakai\s+|melalui\s+|proses\s+)*(?:di-?)?{_ID_CHECK}\b{_FOR_OTHER}'
            # the check named first: 'approval manual ga diperlukan', 'proses review tidak diperlukan', 'review? gak perlu'
            rf'|\b(?:review\w*|verifikasi\w*|pengecekan|semakan|saringan|approval manual|persetujuan manual|'
            rf'proses (?:review|verifikasi|approval|'
            rf'persetujuan|semakan|kelulusan))(?:nya)?\s*\??\s+(?:\w+\s+){{0,2}}?{_ID_NOT}\s+{_ID_NEEDED}\b'
            rf'|\b{_ID_CHECK}(?:nya)?\s+(?:di-?skip|dilewati|dilewatkan|diabaikan|dilangkau)\b')
_SALES = (r'(?:sales|penjualan|jualan|pemasaran|kinh doanh|ban hang|founder|pendiri|nha sang lap|ceo|direksi|'
          r'ban giam đoc|ban giam doc)')
_HEAD = (r'(?:direktur|direktor|pengarah|manajer|manager|pengurus|kepala|ketua|head|bos|boss|bossing|atasan|amo|'
         r'giam đoc|giam doc|truong phong|sep|quan ly|lanh đao|lanh dao|management|manajemen|pengurusan)')
# Whose: the company's ('anda', 'kalian', 'bên anh', 'nyo'; its name is 'your' here), or the sender's own ('kami',
# 'bên em', 'namin'): a head is the company's only when named so ('direktur sales', 'ketua jualan anda', 'sếp bên anh').
_YOURS = (r'(?:anda|kalian|kamu|korang|lu|lo|loe|elu|awak|your company|your|ben anh|ben chi|ben cac anh|ben quy cong ty|'
          r'quy cong ty|cong ty anh|cong ty chi|ninyo|nyo|niyo|inyo)')
_OURS = (r'(?:kami|saya|aku|gue|gw|kita|sendiri|dalaman|internal|ben em|ben minh|ben toi|cua em|cua toi|cua minh|'
         r'chung toi|cong ty em|namin|natin|amin|ko)')
_TARGET = (rf'(?:{_GAP}{{0,2}}?{_SALES}\b|{_HEAD}\s+(?:of\s+)?{_GAP}{{0,1}}?(?:{_SALES}|{_YOURS})\b)'
           rf'(?!\s+{_GAP}{{0,1}}?{_OURS}\b)')
_ID_SEND = (r'(?:di)?(?:teruskan|terusin|terusan|kirim\w*|alihkan|arahkan|forward\w*|route|lempar\w*|oper\w*|serahkan|'
            r'serahin|kasih|hantar\w*|salurkan|majukan|masuk\w*|assign\w*|naikkan|naikin|escalate\w*|eskalasi\w*|'
            r'sambungkan|hubungkan|bagi|pass)')
_ID_STRAIGHT = r'(?:langsung|lgsg|lsg|terus|segera|direct|straight)'
_ID_TO = r'(?:ke|kepada|kpd|pada|buat|untuk|kat)'
_ID_DIRECT = (rf'\b{_ID_STRAIGHT}\s+(?:aja\s+|saja\s+|je\s+)?{_GAP}{{0,2}}?{_ID_SEND}\s+{_GAP}{{0,3}}?{_ID_TO}\s+{_TARGET}'
              rf'|\b{_ID_SEND}\s+{_GAP}{{0,3}}?{_ID_STRAIGHT}\s+(?:aja\s+|saja\s+|je\s+)?{_ID_TO}\s+{_TARGET}'
              rf'|\b{_ID_SEND}\s+{_ID_TO}\s+{_TARGET}\s+(?:\w+\s+)?{_ID_STRAIGHT}\b')
_ID_HIGH = r'(?:tinggi|tertinggi|utama|teratas|pertama|high|top|urgent|urgen|max|maksimal|maksimum|paling atas)'
_ID_TOP = r'(?:urutan|antrian|antrean|daftar|list)\s+(?:paling\s+)?(?:teratas|atas|pertama|depan)'
_ID_RANK = (rf'\b(?:prioritas|keutamaan)\s*[:=]?\s*(?:{_W}\s+)?{_ID_HIGH}\b|\bpriority\s*[:=]?\s*(?:tinggi|tertinggi|utama|teratas)\b'
            rf'|\b(?:di)?prioritaskan\s+(?:{_W}\s+){{0,3}}?(?:paling atas|paling tinggi|paling utama|nomor satu|no 1)\b'
            rf'|\bprioritaskan\s+(?:lead|ini|permohonan|permintaan)\b|\b(?:taruh|letak\w*|masuk\w*|pindah\w*)\s+'
            rf'(?:{_W}\s+){{0,3}}?(?:di|ke)\s+{_ID_TOP}\b')
_ID_OKAYED = (rf'(?:sudah|udah|udh|sdh|dah|telah|uda)\s+(?:{_W}\s+)?(?:di-?)?(?:approve\w*|acc|oke|ok|okay|setuju\w*|'
              r'menyetujui\w*|disetujui|luluskan|meluluskan|diluluskan|lulus|izinkan|mengizinkan|diizinkan|kasih\s+lampu'
              r'\s+hijau|dapat\s+lampu\s+hijau|green\s*light)')
_ID_ROLE = (r'(?:sales|tim|team|vp|direktur|direktor|direksi|pengarah|manajer|manager|manajemen|pengurusan|pengurus|'
            r'founder|ceo|bos|boss|atasan|kepala|pak|bu|bapak|ibu|mas|mbak|encik|puan|cik|tuan|account manager|orang)')
_ID_APPROVED = (rf'\b{_ID_ROLE}\s+{_GAP}{{0,3}}?{_YOURS}\b[^.!?\n]{{0,60}}?\b{_ID_OKAYED}'
                rf'|\b{_ID_OKAYED}\s+(?:{_W}\s+){{0,2}}?(?:oleh|sama|ama|dari)\s+{_GAP}{{0,3}}?{_YOURS}\b'
                rf'|\b(?:disetujui|diluluskan|di-?approve|di-?acc)\s+(?:oleh\s+)?{_GAP}{{0,3}}?{_YOURS}\b')

# --- Vietnamese (the skeleton: no tone or vowel marks; 'đ' kept) ------------------------------------------------------
_VI_CHECK = (r'(?:kiem duyet|xet duyet|phe duyet|duyet|(?:buoc|khau|quy trinh) kiem tra|kiem tra lai (?:ho so|lead|'
             r'yeu cau)|tham đinh|tham dinh|sang loc|xac minh|review|check|hang cho|hang đoi|hang doi|kiem soat)')
_VI_NO = (r'(?:khong can|khoi can|khoi phai|khoi|bo qua|khong phai|đung|dung co|khong nen|mien|chang can|ko can|'
          r'k can|kh can|khong can qua|khong qua|khong phai qua)')
_VI_SKIP = rf'\b{_VI_NO}\s+{_GAP}{{0,3}}?{_VI_CHECK}\b{_FOR_OTHER}'
_VI_SEND = (r'(?:chuyen|gui|đay|day|giao|ban giao|đua|dua|forward|route|chuyen giao|chuyen tiep|bao len|trinh)')
_VI_STRAIGHT = r'(?:thang|truc tiep|ngay lap tuc|ngay|luon)'
_VI_TO = r'(?:cho|đen|den|toi|qua|sang|ve|vao|len)'
_VI_DIRECT = (rf'\b{_VI_SEND}\s+{_GAP}{{0,3}}?{_VI_STRAIGHT}\s+(?:{_VI_TO}\s+)?{_TARGET}'
              rf'|\b{_VI_SEND}\s+{_GAP}{{0,3}}?{_VI_TO}\s+{_TARGET}\s+(?:\w+\s+)?{_VI_STRAIGHT}\b')
_VI_RANK = (r'\b(?:uu tien|đo uu tien|muc uu tien)\s+(?:o muc\s+|muc\s+|la\s+)?(?:cao nhat|cao|hang đau|hang dau|'
            r'so 1|so mot|high|top|khan cap|khan|xu ly truoc)\b|\bpriority\s+(?:cao nhat|cao|hang đau|hang dau)\b'
            r'|\b(?:đanh dau|danh dau|gan|xep)\s+(?:\w+\s+){0,2}?(?:khan cap|gap|uu tien)\b'
            r'|\b(?:đua|dua)\s+len\s+(?:đau|dau)\s+(?:danh sach|hang)\b')
_VI_ROLE = (r'(?:anh|chi|ong|ba|sep|giam đoc|giam doc|truong phong|quan ly|sales|nhan vien|ban|founder|ceo|'
            r'nguoi|phong kinh doanh)')
_VI_OKAYED = (rf'(?:(?:đa|da|vua|cung đa|cung da)\s+(?:{_W}\s+)?)?(?:duyet|phe duyet|đong y|dong y|chap thuan|approve\w*|ok|'
              r'oke|ky duyet|bat đen xanh|bat den xanh|cho phep)')
_VI_APPROVED = (rf'\b{_VI_ROLE}\s+{_GAP}{{0,3}}?{_YOURS}\b[^.!?\n]{{0,40}}?\b(?:đa|da|vua)\s+(?:{_W}\s+)?{_VI_OKAYED}\b'
                rf'|\b(?:đuoc|duoc)\s+{_VI_ROLE}\s+{_GAP}{{0,3}}?{_YOURS}\s+(?:{_W}\s+)?{_VI_OKAYED}\b')

# --- Tagalog and Taglish ---------------------------------------------------------------------------------------------
_TL_CHECK = (r'(?:[\w-]*review\w*|suriin|pagsusuri|susuriin|i-check|icheck|check|tsek|i-tsek|screening|approval|'
             r'verification|beripikasyon|i-verify|iverify|pila|i-queue|iqueue|queue)')
_TL_NO = (r"(?:'?wag|huwag|hwag|hindi na kailangan(?:g)?|di na kailangan(?:g)?|hindi kailangan(?:g)?|"
          r"di kailangan(?:g)?|hindi na dapat|laktawan|lampasan|lagpasan|i-skip|iskip|pakiskip|paki-skip|walang|nang walang|"
          r"no need\s+na|skip\s+(?:mo|nyo|niyo|na|lang|nalang|po))")
_TL_SKIP = rf'\b{_TL_NO}\s+{_GAP}{{0,4}}?{_TL_CHECK}\b{_FOR_OTHER}'
_TL_STRAIGHT = r'(?:i-?diretso|i-?direkta|i-?deretso|diretso|direkta|deretso|derecho|dretso)(?:ng)?'
_TL_DIRECT = (rf'\b{_TL_STRAIGHT}\s+(?:na\s+)?(?:po\s+)?(?:lang\s+)?(?:sa|kay|kina)\s+{_TARGET}'
              rf'|\b(?:ipasa|ipadala|i-forward|iforward|i-route|iroute|ibigay|dalhin|ipaabot|ibato|i-endorse|iendorse|'
              rf'iakyat|i-akyat|'
              rf'paki-endorse|pakiendorse|paki-forward|pakiforward|i-assign|iassign)\s+{_GAP}{{0,3}}?'
              rf'(?:{_TL_STRAIGHT}|agad)\s+(?:sa|kay)\s+{_TARGET}')
_TL_RANK = (r'\bmataas\s+na\s+(?:priority|prayoridad)\b|\b(?:priority|prayoridad)\s+(?:na\s+)?mataas\b'
            r"|\b(?:gawin|gawing|gawin mong|ilagay|i-set|iset|i-mark|imark|i-tag|itag)\s+(?:mo\s+|nyo\s+|niyo\s+)?"
            r"(?:na\s+)?(?:ito\s+|itong\s+|'?to\s+|eto\s+)?(?:na\s+|as\s+|sa\s+)?(?:high|top|highest|urgent)\s+priority\b"
            r"|\b(?:unahin|pakiunahin|paki-unahin|i-prioritize|iprioritize|i-priority|ipriority|gawing priority)\s+"
            r"(?:mo\s+|nyo\s+|niyo\s+)?(?:na\s+)?(?:po\s+)?(?:(?:ito|itong|'?to|eto)\b|lang\b)"
            r"|\bhigh priority\s+(?:ito|'?to|po)\b")
_TL_ROLE = r"(?:sales|manager|boss|bossing|ma'?am|sir|vp|head|founder|ceo|team|director|direktor|management|si)"
_TL_OKAYED = (r'(?:approved|inaprubahan|inaprub|naaprubahan|aprubado|na-approve|naapprove|naka-approve|nakaapprove|'
              r'in-approve|inapprove|pinayagan|pumayag|ok na|okay na|go na)')
_TL_APPROVED = (rf'\b{_TL_ROLE}\s+{_GAP}{{0,3}}?{_YOURS}\b[^.!?\n]{{0,40}}?\b{_TL_OKAYED}\b'
                rf"|\b{_TL_OKAYED}\s+(?:na\s+)?(?:ito\s+|'?to\s+|po\s+)*(?:ni|nina|ng|kay|kina|sa)\s+{_GAP}{{0,3}}?"
                rf'{_YOURS}\b')

_QUESTION_AHEAD = re.compile(r'[^.!?\n]{0,300}\?')
# A sentence that asks, describes a feature wanted, states a condition or tells how the sender's side works now: no
# order ('apakah sistemnya bisa ...', 'cho em hỏi ... không ạ', 'kaya ba ng system nyo', 'kami mau fitur: ...', 'yang
# kami cari: ...', 'saat ini pesanan besar kami ...', 'hiện tại đơn hàng của đại lý bên em ...'), whatever its mark at
# the end. Not 'if possible' ('kalau bisa', 'nếu được', 'kung pwede'), a polite order, nor a condition on this text
# being read ('kalau sudah baca pesan ini', 'pag nabasa nyo ito'), nor 'right now' ('saat ini juga'), nor a feature
# word alone ('permintaan fitur ini tidak perlu review': helper-134).
_READING = r'(?:\s+\w+){0,3}?\s+(?:baca|membaca|dibaca|doc|đoc|nabasa|mabasa|binasa|read)'
_NOT_AN_ORDER = re.compile(
    r'\b(?:apakah|bisakah|bolehkah|adakah|mohon info|cho em hoi|(?:đuoc|duoc) khong|khong a|khong anh|khong chi|'
    r'khong em|kaya ba|pwede ba|puwede ba|posible ba|maaari ba|totoo ba|boleh (?:tidak|tak|gak|nggak)|'
    r'bisa (?:nggak|ngga|gak|ga|tidak|tak)|co the\b[^.!?\n]{0,200}\bkhong'
    r'|(?:mau|ingin|butuh|perlu|cari|minta|nak|want|need|gusto|kailangan|can|muon|hanap)\s+(?:\w+\s+)?(?:fitur|feature|'
    r'tinh nang|chuc nang)|(?:fitur|feature|tinh nang|chuc nang)\s+(?:yang|na|ma|that|where|dimana|di mana|sehingga|'
    r'supaya|agar)|yang kami cari|kami cari|kami butuhkan|ben em can|chung toi can|hanap namin|kailangan namin'
    rf'|(?:kalau|jika|apabila|bila|neu|kapag|pag|kung)(?! bisa| memungkinkan| đuoc| duoc| co the| pwede| puwede| maaari'
    rf'| okay| ok)(?!{_READING}))\b'
    # how things are now, told of the sender's own side
    rf'|\b(?:saat ini(?! juga)|sekarang ini|hien tai|hien nay|sa amin)\b(?=[^.!?\n]{{0,200}}\b{_OURS}\b)')
_CLAUSE_MARKS = ',;:.!?\n'
# The sender's own side owning a skip in its clause ('barang kami kirim ... tanpa pemeriksaan'); not the sender as
# the one asking ('saya minta tidak perlu review', 'hồ sơ của em không cần duyệt': helper-134).
_OWN_SIDE = re.compile(r'\b(?:kami|kita|sendiri|internal|dalaman|ben em|ben minh|ben toi|chung toi|cong ty em|namin|'
                       r'natin|amin)\b')
_SKIP_RE = re_compile(f'{_ID_SKIP}|{_VI_SKIP}|{_TL_SKIP}')
_RANK_RE = re.compile(f'{_ID_RANK}|{_VI_RANK}|{_TL_RANK}')
_DIRECT_RE = re_compile(f'{_ID_DIRECT}|{_VI_DIRECT}|{_TL_DIRECT}')
_APPROVED_RE = re_compile(f'{_ID_APPROVED}|{_VI_APPROVED}|{_TL_APPROVED}')
_SHORTCUT_RE = re_compile(f'{_ID_SKIP}|{_VI_SKIP}|{_TL_SKIP}|{_ID_DIRECT}|{_VI_DIRECT}|{_TL_DIRECT}')
_MOST = 100


def _ordered(pattern: re.Pattern[str], plain: str, *, theirs: bool = False) -> list[int]:
    """Where `pattern` matches in a sentence that orders it: the first `_MOST` found.

    `theirs`: in a clause that names nothing of the sender's own. Each of the pattern's alternatives is searched only
    in a text that holds its words.
    """
    found: list[int] = []
    for m in screened(pattern).finditer(plain):
        if _QUESTION_AHEAD.match(plain, m.end()) or _NOT_AN_ORDER.search(plain, *around(plain, m.start(), m.end(),
                                                                                         '.!?\n')):
            continue
        if theirs and _OWN_SIDE.search(plain, *around(plain, m.start(), m.end(), _CLAUSE_MARKS)):
            continue
        found.append(m.start())
        if len(found) == _MOST:
            break
    return found


def levers(plain: str) -> tuple[bool, bool, bool]:
    """Whether a skeleton orders a review skipped, a rank, a lead sent straight to the company's sales or heads."""
    return (bool(_ordered(_SKIP_RE, plain, theirs=True)), bool(_ordered(_RANK_RE, plain)),
            bool(_ordered(_DIRECT_RE, plain)))


def claimed(plain: str) -> bool:
    """An approval claimed for the company's people, with a skip or a routing ordered in its sentence or the next."""
    return approval_beside(plain, _APPROVED_RE, _ordered(_SHORTCUT_RE, plain))
