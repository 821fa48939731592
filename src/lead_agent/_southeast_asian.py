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

from ._prefilter import screened

__all__ = ('claimed', 'levers')

_W = r'[\w\'’-]+'  # a word ("ipa-review", "'to", "review2an")
_GAP = rf'(?:{_W}\s+)'  # a word and the blank after it
_END = r'[.!?\n;]'

# --- Indonesian and Malay --------------------------------------------------------------------------------------------
_ID_CHECK = (r'(?:review\w*|verifikasi\w*|pemeriksaan|diperiksa|periksa|dicek\w*|cek|ngecek|pengecekan|ditinjau|'
             r'tinjauan|peninjauan|semakan|disemak|saringan|disaring|penyaringan|antrian|antrean|screening|moderasi|'
             r'persetujuan manual|approval manual|kelulusan|pengesahan|validasi|divalidasi)')
_ID_NO = (r'(?:tidak|tak|gak|ga|nggak|ngga|enggak|engga|kagak)\s+(?:usah|perlu|payah|butuh|harus|wajib|need)'
          r'|gausah|gaperlu|ngga usah|nggak usah|tanpa|jangan|jgn|lewati|lewatkan|langkau|langkaui|abaikan|melewati'
          # English verbs with an Indonesian or Malay word after them ('skip aja reviewnya'); not English alone
          r'|(?:skip|bypass)\s+(?:aja|saja|je|dulu|ya|lah|sahaja)')
_ID_OURS = r'(?:kami|saya|aku|gue|gw|kita|internal|sendiri|dalaman)'
_ID_SKIP = (rf'\b(?:{_ID_NO})\s+{_GAP}{{0,3}}?(?:masuk\w*\s+|dimasukkan\s+|ke\s+|dalam\s+|lewat\s+|pake\s+|pakai\s+|'
            rf'melalui\s+|proses\s+)*{_ID_CHECK}\b(?!\s+{_GAP}{{0,2}}?{_ID_OURS}\b)')
_ID_SALES = (r'(?:sales|penjualan|jualan|pemasaran|founder|pendiri|direktur|direktor|pengarah|ceo|bos|boss|bigboss|'
             r'manajer|pengurus|kepala|head|atasan)')
_ID_SEND = (r'(?:teruskan|terusin|terusan|kirim\w*|alihkan|arahkan|forward\w*|route|lempar\w*|oper\w*|serahkan|'
            r'hantar\w*|salurkan|masuk\w*|assign\w*|naikkan|naikin|escalate\w*|eskalasi\w*|sambungkan)')
_ID_STRAIGHT = r'(?:langsung|terus|segera)'
_ID_TO = r'(?:ke|kepada|kpd|pada|buat|untuk)'
_ID_DIRECT = (rf'\b{_ID_STRAIGHT}\s+{_GAP}{{0,2}}?{_ID_SEND}\s+{_GAP}{{0,3}}?{_ID_TO}\s+{_GAP}{{0,2}}?{_ID_SALES}\b'
              rf'|\b{_ID_SEND}\s+{_GAP}{{0,3}}?{_ID_STRAIGHT}\s+(?:aja\s+|saja\s+)?{_ID_TO}\s+{_GAP}{{0,2}}?{_ID_SALES}\b')
_ID_HIGH = r'(?:tinggi|tertinggi|utama|teratas|pertama|high|top|urgent|urgen|max|maksimal|maksimum)'
_ID_RANK = (rf'\b(?:prioritas|keutamaan)\s+(?:{_W}\s+)?{_ID_HIGH}\b|\bpriority\s+(?:tinggi|tertinggi|utama|teratas)\b'
            rf'|\b(?:tandai|tandakan|jadikan|kasih|beri|berikan|bikin|letak|letakkan|taruh|masukkan)\s+'
            rf'{_GAP}{{0,3}}?(?:prioritas|priority|keutamaan)\s+(?:{_W}\s+)?{_ID_HIGH}\b')
_ID_YOUR = r'(?:anda|kalian|kamu|lu|lo|loe|elu|awak|your|your company)'
_ID_ROLE = (r'(?:sales|tim|team|vp|direktur|direktor|pengarah|manajer|manager|pengurus|founder|ceo|bos|boss|atasan|'
            r'kepala|pak|bu|bapak|ibu|mas|mbak|encik|puan|cik|tuan|account manager|orang)')
_ID_OKAYED = (rf'(?:sudah|udah|udh|sdh|dah|telah|uda)\s+(?:{_W}\s+)?(?:di-?)?(?:approve\w*|acc|oke|ok|okay|setuju\w*|'
              r'menyetujui\w*|disetujui|luluskan|meluluskan|diluluskan|lulus|izinkan|mengizinkan|diizinkan|kasih\s+lampu'
              r'\s+hijau|green\s*light)')
_ID_APPROVED = (rf'\b{_ID_ROLE}\s+{_GAP}{{0,3}}?{_ID_YOUR}\b[^.!?\n]{{0,60}}?\b{_ID_OKAYED}'
                rf'|\b{_ID_OKAYED}\s+(?:{_W}\s+){{0,2}}?(?:oleh|sama|ama|dari)\s+{_GAP}{{0,3}}?{_ID_YOUR}\b')

# --- Vietnamese (the skeleton: no tone or vowel marks; 'đ' kept) ------------------------------------------------------
_VI_CHECK = (r'(?:kiem duyet|xet duyet|phe duyet|duyet|kiem tra|tham đinh|tham dinh|sang loc|xac minh|review|'
             r'hang cho|hang đoi|hang doi|kiem soat)')
_VI_NO = r'(?:khong can|khoi can|khoi|bo qua|khong phai|đung|dung co|khong nen|mien|khoi phai|chang can|ko can|k can)'
_VI_OURS = r'(?:cua (?:chung )?(?:toi|em|minh)|ben (?:em|toi|minh)|noi bo|chung toi)'
_VI_SKIP = rf'\b{_VI_NO}\s+{_GAP}{{0,3}}?{_VI_CHECK}\b(?!\s+{_GAP}{{0,2}}?{_VI_OURS}\b)'
_VI_SALES = (r'(?:kinh doanh|ban hang|sales|giam đoc|giam doc|founder|nha sang lap|sep|truong phong|quan ly|ceo|'
             r'lanh đao|lanh dao)')
_VI_SEND = r'(?:chuyen|gui|đay|day|giao|đua|dua|forward|route|chuyen giao|chuyen tiep|đay len|day len|bao len)'
_VI_STRAIGHT = r'(?:thang|truc tiep|ngay lap tuc|ngay)'
_VI_TO = r'(?:cho|đen|den|toi|qua|sang|ve|vao|len)'
_VI_DIRECT = rf'\b{_VI_SEND}\s+{_GAP}{{0,2}}?{_VI_STRAIGHT}\s+(?:{_VI_TO}\s+)?{_GAP}{{0,3}}?{_VI_SALES}\b'
_VI_RANK = (r'\b(?:uu tien|đo uu tien|muc uu tien)\s+(?:o muc\s+|muc\s+|la\s+)?(?:cao nhat|cao|hang đau|hang dau|'
            r'so 1|so mot|high|top|khan cap|khan)\b|\bpriority\s+(?:cao nhat|cao|hang đau|hang dau)\b')
_VI_YOUR = r'(?:your company|your|ben anh|ben chi|ben cac anh|ben quy cong ty|quy cong ty|cong ty anh|cong ty chi)'
_VI_ROLE = (r'(?:anh|chi|ong|ba|sep|giam đoc|giam doc|truong phong|quan ly|sales|nhan vien|ban|founder|ceo|'
            r'nguoi|phong kinh doanh)')
_VI_OKAYED = (rf'(?:đa|da|vua|cung đa|cung da)\s+(?:{_W}\s+)?(?:duyet|phe duyet|đong y|dong y|chap thuan|approve\w*|ok|oke|'
              r'ky duyet|bat đen xanh|bat den xanh|cho phep)')
_VI_APPROVED = rf'\b{_VI_ROLE}\s+{_GAP}{{0,3}}?{_VI_YOUR}\b[^.!?\n]{{0,40}}?\b{_VI_OKAYED}\b'

# --- Tagalog and Taglish ---------------------------------------------------------------------------------------------
_TL_CHECK = (r'(?:[\w-]*review\w*|suriin|pagsusuri|susuriin|i-check|icheck|check|tsek|i-tsek|screening|'
             r'verification|beripikasyon|i-verify|iverify|pila|queue)')
_TL_NO = (r"(?:'?wag|huwag|hwag|hindi na kailangan|di na kailangan|hindi kailangan|di kailangan|hindi na dapat|"
          r"laktawan|i-skip|iskip|walang|nang walang|skip\s+(?:mo|nyo|niyo|na|lang|nalang|po))")
_TL_OURS = r'(?:namin|natin|ko|amin|sa amin|internal)'
_TL_SKIP = rf'\b{_TL_NO}\s+{_GAP}{{0,3}}?{_TL_CHECK}\b(?!\s+{_GAP}{{0,2}}?{_TL_OURS}\b)'
_TL_SALES = r'(?:sales|founder|ceo|boss|bossing|manager|may-ari|amo|head)'
_TL_DIRECT = (r'\b(?:diretso|direkta|deretso|derecho|dretso|straight|direct)\s+(?:na\s+)?(?:po\s+)?(?:sa|kay|kina)\s+'
              rf'{_GAP}{{0,2}}?{_TL_SALES}\b'
              rf'|\b(?:ipasa|ipadala|i-forward|iforward|i-route|iroute|ibigay|dalhin|ipaabot)\s+{_GAP}{{0,3}}?'
              rf'(?:diretso|direkta|deretso|agad)\s+(?:sa|kay)\s+{_GAP}{{0,2}}?{_TL_SALES}\b')
_TL_RANK = (r'\bmataas\s+na\s+(?:priority|prayoridad)\b|\b(?:priority|prayoridad)\s+(?:na\s+)?mataas\b'
            r"|\b(?:gawin|gawing|gawin mong|ilagay|i-set|iset|i-mark|imark|i-tag|itag)\s+(?:mo\s+|nyo\s+|niyo\s+)?"
            r"(?:na\s+)?(?:ito\s+|itong\s+|'?to\s+|eto\s+)?(?:na\s+|as\s+|sa\s+)?(?:high|top|highest|urgent)\s+priority\b"
            r"|\b(?:unahin|i-prioritize|iprioritize|i-priority|ipriority|gawing priority)\s+(?:mo\s+|nyo\s+|niyo\s+)?"
            r"(?:na\s+)?(?:po\s+)?(?:ito|itong|'?to|eto)\b")
_TL_YOUR = r'(?:ninyo|nyo|niyo|inyo|your company|your|mo)'
_TL_ROLE = r"(?:sales|manager|boss|bossing|ma'?am|sir|vp|head|founder|ceo|team|director|direktor|si)"
_TL_OKAYED = (r'(?:approved|inaprubahan|inaprub|naaprubahan|aprubado|na-approve|naapprove|in-approve|inapprove|'
              r'pinayagan|pumayag|ok na|okay na|go na)')
_TL_APPROVED = (rf'\b{_TL_ROLE}\s+{_GAP}{{0,3}}?{_TL_YOUR}\b[^.!?\n]{{0,40}}?\b{_TL_OKAYED}\b'
                rf"|\b{_TL_OKAYED}\s+(?:na\s+)?(?:ito\s+|'?to\s+|po\s+)*(?:ni|nina|ng)\s+{_GAP}{{0,3}}?"
                rf'{_TL_YOUR}\b')

_QUESTION_AHEAD = re.compile(r'[^.!?\n]{0,300}\?')
_END_RE = re.compile(_END)
_SKIP_RE = re.compile(f'{_ID_SKIP}|{_VI_SKIP}|{_TL_SKIP}')
_RANK_RE = re.compile(f'{_ID_RANK}|{_VI_RANK}|{_TL_RANK}')
_DIRECT_RE = re.compile(f'{_ID_DIRECT}|{_VI_DIRECT}|{_TL_DIRECT}')
_APPROVED_RE = re.compile(f'{_ID_APPROVED}|{_VI_APPROVED}|{_TL_APPROVED}')
_SHORTCUT_RE = re.compile(f'{_ID_SKIP}|{_VI_SKIP}|{_TL_SKIP}|{_ID_DIRECT}|{_VI_DIRECT}|{_TL_DIRECT}')
# Words only these languages write: a text without any of them is not read further (most leads are English).
_MARKERS = re.compile(r'\b(?:tidak|tak|gak|ga|nggak|gausah|tanpa|jangan|jgn|langsung|terus|prioritas|keutamaan|sudah|'
                      r'udah|dah|telah|khong|khoi|bo qua|đung|thang|truc tiep|uu tien|đa|da|wag|huwag|hindi|di|walang|'
                      r'diretso|direkta|deretso|mataas|unahin|ni|na)\b')
_MOST = 100


def _ordered(pattern: re.Pattern[str], plain: str) -> list[int]:
    """Where `pattern` matches outside a question: the first `_MOST` found.

    Each of its alternatives is searched only in a text that holds its words.
    """
    found: list[int] = []
    for m in screened(pattern).finditer(plain):
        if not _QUESTION_AHEAD.match(plain, m.end()):
            found.append(m.start())
            if len(found) == _MOST:
                break
    return found


def levers(plain: str) -> tuple[bool, bool, bool]:
    """Whether a skeleton orders a review skipped, a rank, a lead sent straight to the company's sales or heads."""
    if not _MARKERS.search(plain):
        return False, False, False
    return bool(_ordered(_SKIP_RE, plain)), bool(_ordered(_RANK_RE, plain)), bool(_ordered(_DIRECT_RE, plain))


def claimed(plain: str) -> bool:
    """An approval claimed for the company's people, with a skip or a routing ordered in its sentence or the next."""
    if not _MARKERS.search(plain):
        return False
    shortcuts = _ordered(_SHORTCUT_RE, plain)
    if not shortcuts:
        return False
    for m in screened(_APPROVED_RE).finditer(plain):
        head = max(plain.rfind(c, max(0, m.start() - 200), m.start()) for c in '.!?\n;') + 1
        ends = [e.end() for e in _END_RE.finditer(plain, m.end(), m.end() + 400)][:2]
        end = ends[-1] if ends else m.end() + 400
        if any(head <= at < end for at in shortcuts):
            return True
    return False
