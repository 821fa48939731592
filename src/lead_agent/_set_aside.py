"""'Ignore the previous instructions' in five more languages, and a system's orders in a tag.

The languages are Indonesian and Malay, Vietnamese, Tagalog, Arabic and Thai; the tag is bracketed at a line's head
with the orders named beside the system ('[SYSTEM NOTE]', '[INSTRUKSI SISTEM]', '【系统通知】').

Both are read on the skeleton (`_text.skeleton`: accents and tashkeel dropped, look-alike letters folded), as the
other injection phrases are. The same verbs say what people do with rules every day ("guests ignore the smoking
rule", "don't forget the doctor's instructions", "ignore my last e-mail, the install guide is attached"), so a verb
of setting aside counts only:

- with what a reader was told as its object, in the same clause (no comma or full stop between);
- not negated ("jangan lupakan", "đừng quên", "huwag kalimutan", "อย่าลืม": don't forget);
- with that object marked as what came before or all of it ('sebelumnya', 'trước đó', 'naunang', 'السابقة',
  'ก่อนหน้า'; 'semua', 'mọi', 'lahat', 'جميع', 'ทั้งหมด'), or, for the plain verbs of ignoring, said as an order: at
  the head of a clause, after at most a word of politeness ('Tolong abaikan aturan itu'). Verbs of not following
  ('don't follow', 'no need to follow') always need the marking: "don't follow the old wiki guide" is a customer's.

Arabic and Thai always need the marking: Arabic puts a past tense first too ("the staff skipped the instructions"),
and Thai, written without spaces, shows no clause head.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import _text

__all__ = ('set_aside', 'system_tag')

# Words of one clause: no sentence or clause punctuation (Latin, Arabic) and no line break between them.
_GAP = r'[^\w.,;:!?\n،؛؟]+'


def _words(n: int) -> str:
    """Up to `n` whole words, lazily, each after a gap, then a gap."""
    return rf'(?:{_GAP}\w+){{0,{n}}}?{_GAP}'


def _spelled(*words: str) -> str:
    """An alternation of words as the skeleton spells them, longest first, a Vietnamese 'đ' typed 'd' too."""
    spelled = {re.escape(_text.skeleton(w)).replace('đ', '[dđ]') for w in words}
    return '|'.join(sorted(spelled, key=len, reverse=True))


def _spaced(*words: str) -> str:
    """Thai words as the skeleton spells them, a space allowed between any two letters (some writers space words)."""
    spelled = {r'\s?'.join(re.escape(c) for c in _text.skeleton(w)) for w in words}
    return '|'.join(sorted(spelled, key=len, reverse=True))


def _not_after(*words: str) -> str:
    """Not right after one of the words and a space (negations: 'jangan ', 'đừng ')."""
    return ''.join(f'(?<!{re.escape(_text.skeleton(w))} )' for w in words)


def _latin(*, ignore: str, not_follow: str, negations: str, nouns: str, before: str, after: str, gap: int,
           after_gap: int, polite: str) -> str:
    """The pattern for a language written with spaces, verb first (see the module's docstring)."""
    noun = rf'(?:{nouns})\w*'
    marked = (rf'(?:(?:{before}){_words(gap)}{noun}'  # 'semua instruksi', 'lahat ng naunang tagubilin'
              rf'|{noun}{_words(after_gap)}(?:{after})(?!\w))')  # 'instruksi sebelumnya', 'bilin sa iyo kanina'
    head = rf'(?:^|(?<=[\n.!?,;:]))[^\S\n]*(?:(?:{polite})[^\S\n]+)?'
    return (rf'{negations}\b(?:{ignore}|{not_follow})(?!\w){_words(6)}{marked}'
            rf'|{head}(?:{ignore})(?!\w){_words(6)}{noun}\b')


@lru_cache(maxsize=1)
def set_aside() -> re.Pattern[str]:
    """Setting aside what the reader was told, in Indonesian/Malay, Vietnamese, Tagalog, Arabic and Thai."""
    polite = _spelled('please', 'pls', 'tolong', 'mohon', 'sila', 'silakan', 'harap', 'hãy', 'xin', 'xin hãy',
                      'vui lòng', 'pakiusap', 'paki', 'dapat', 'kailangan')
    malay = _latin(
        ignore=r'(?:meng)?abaikan|(?:meng|k)esampingkan|ketepikan|cuekin',
        not_follow=r'(?:me)?lupakan|lupain|buang|(?:jangan|jgn|usah|(?:tak|tidak|gak|nggak|ga|tdk) (?:usah|perlu|payah))[^\S\n]+'
                   r'(?:di)?(?:hiraukan|pedulikan|endahkan|ikut|ikuti|ikutin|mengikuti|dengar|dengarkan)',
        negations=_not_after('jangan', 'jgn', 'tidak', 'tak', 'gak', 'nggak', 'bisa', 'boleh'),
        nouns=r'instruksi|arahan|perintah|aturan|peraturan|petunjuk|panduan|pedoman|ketentuan|prompt|kebijakan|'
              r'diperintahkan|diberitahukan|disuruh',
        before=r'semua|seluruh|segala|sekalian',
        after=r'sebelumnya|sebelum ini|sebelum ni|tadi|terdahulu|di atas|awal|yang diberikan|yang diberi|'
              r'yang kamu terima|yang anda terima|kepadamu|padamu',
        gap=2, after_gap=3, polite=polite)
    vietnamese = _latin(
        ignore=_spelled('phớt lờ', 'lờ đi', 'mặc kệ', 'gạt bỏ', 'bỏ ngoài tai'),
        not_follow=_spelled('quên', 'quên đi', 'bỏ qua', 'bỏ hết', 'bỏ', 'đừng làm theo', 'đừng tuân theo', 'đừng nghe theo', 'không cần làm theo',
                            'không cần tuân theo', 'không cần quan tâm đến', 'không cần quan tâm tới',
                            'không cần quan tâm'),
        negations=_not_after('đừng', 'dung', 'không', 'khong', 'chớ', 'cho'),
        nouns=_spelled('hướng dẫn', 'chỉ dẫn', 'chỉ thị', 'mệnh lệnh', 'câu lệnh', 'lệnh', 'quy tắc', 'quy định',
                       'nguyên tắc', 'lời nhắc', 'lời dặn', 'prompt'),
        before=_spelled('mọi', 'tất cả', 'tất cả các', 'toàn bộ', 'hết', 'hết các', 'mọi', 'tất cả những'),
        after=_spelled('trước đó', 'trước', 'ở trên', 'phía trên', 'bên trên', 'ban đầu'),
        gap=0, after_gap=0, polite=polite)
    tagalog = _latin(
        ignore=r'balewalain|ibalewala|isantabi',
        not_follow=r"kalimutan|(?:huwag|wag|'wag|hindi|di)(?:[^\S\n]+(?:mo|mong|nyo|niyo|ninyo|ninyong|na|nang|mo na|mo nang|"
                   r"na kailangang?|mo na kailangang?|kailangang?))*[^\S\n]+"
                   r'(?:pansinin|sundin|intindihin|i-?follow|pakinggan)',
        negations=_not_after('huwag', 'wag', 'huwag mong', 'huwag ninyong', 'wag mong', 'hindi', 'di'),
        nouns=r'tagubilin|instruksyon|instruksiyon|instructions?|utos|panuto|patakaran|alituntunin|tuntunin|bilin|'
              r'prompt|sinabi sa iyo|sinabi sa inyo',
        before=r'lahat ng|lahat|naunang|nauna|previous|mga naunang',
        after=r'kanina|dati|noon|sa itaas|previous',
        gap=2, after_gap=3, polite=polite)
    # Arabic: a verb (with 'and'/'so' joined, 'وتجاهل'), then its object with the article or a preposition joined
    # ('بالتعليمات'), marked as earlier or as all of them; a whole word, not a word it begins ('انسخ', 'تخطيط')
    ar_verb = _spelled('تجاهل', 'تجاهلي', 'تجاهلوا', 'تتجاهل', 'انس', 'انسى', 'انسي', 'انسوا', 'اهمل', 'أهمل',
                       'الغ', 'الغي', 'ألغِ', 'طنش', 'سيبك من', 'خلك من', 'خليك من', 'لا تلتفت', 'لا تلتفت الى',
                       'لا تلتفت إلى', 'لا تلتزم', 'لا تتبع', 'لا تعمل', 'متلتزمش', 'ماتلتزمش', 'تخط', 'تخطى')
    ar_noun = (r'(?:[وف]?(?:بال|لل|ال|ب|ل))?(?:' + _spelled('تعليمات', 'تعليمة', 'أوامر', 'أمر', 'قواعد', 'قوانين',
                                                         'ضوابط', 'توجيهات', 'توجيه', 'إرشادات', 'برومبت', 'موجه')
               + r')(?!\w)|' + _spelled('ما قيل لك', 'اللي اتقال لك', 'اللي قيل لك'))
    ar_before = _spelled('كل', 'جميع', 'كافة')
    ar_after = _spelled('السابقة', 'السابق', 'سابقا', 'سابقاً', 'أعلاه', 'الماضية', 'اللي فاتت', 'اللي قبل', 'قبل',
                        'من قبل')
    arabic = (rf'(?<![^\W\d])[وف]?(?:{ar_verb})(?!\w){_words(4)}'
              rf'(?:(?:{ar_before})[^\S\n]+(?:{ar_noun})|(?:{ar_noun}){_words(2)}(?:{ar_after})(?!\w))')
    # Thai: within a clause (no space-free way to tell one; 15 letters and no full stop or line break)
    th_verb = _spaced('เพิกเฉย', 'ละเว้น', 'ละเลย', 'ละทิ้ง', 'เมิน', 'ข้าม', 'ไม่ต้องสนใจ', 'ไม่ต้องไปสนใจ',
                      'ไม่ต้องฟัง', 'ไม่ต้องทำตาม', 'ไม่ต้องปฏิบัติตาม', 'อย่าทำตาม', 'อย่าสนใจ')
    th_forget = (rf'(?<!{re.escape(_text.skeleton("อย่า"))})(?<!{re.escape(_text.skeleton("ไม่"))})'
                 rf'(?:{_spaced("ลืม")})(?!\s?{_spaced("ตา")})')
    th_noun = (rf'(?:{_spaced("คำสั่ง")})(?!\s?{_spaced("ซื้อ")})|(?:{_spaced("กฎ", "กฏ")})(?!\s?{_spaced("หมาย")})|'
               + _spaced('คำแนะนำ', 'ข้อกำหนด', 'แนวทาง', 'คำชี้แจง', 'ข้อความ', 'พรอมต์', 'พรอมท์'))
    th_mark = _spaced('ก่อนหน้า', 'ทั้งหมด', 'เดิม', 'ข้างบน', 'ด้านบน', 'ที่ได้รับ', 'ที่ผ่านมา')
    clause = r'[^.!?\n]{0,20}'
    thai = (rf'(?:{th_verb}|{th_forget}){clause}(?:{th_noun}){clause}(?:{th_mark})'
            rf'|(?:{th_noun}){clause}(?:{th_mark}){clause}(?:{_spaced("ลืม", "ไม่ต้องสนใจ")})')
    return re.compile('|'.join(f'(?:{p})' for p in (malay, vietnamese, tagalog, arabic, thai)))


@lru_cache(maxsize=1)
def system_tag() -> re.Pattern[str]:
    """A system's orders in a tag at a line's head: '[SYSTEM NOTE]', '[INSTRUKSI SISTEM]', '【系统通知】'.

    Not a system named alone in the new languages' words ('[Sistem] Login gagal', a ticket's category; the European
    ones are read alone by `_STRUCTURE`), and not its message or update ('[System Message] Error 503', pasted).
    """
    orders = _spelled('instruction', 'instructions', 'note', 'notice', 'notification', 'alert', 'directive',
                      'directives', 'prompt', 'override', 'instruksi', 'arahan', 'perintah', 'catatan', 'nota',
                      'pemberitahuan', 'pengumuman', 'peringatan', 'chỉ thị', 'hướng dẫn', 'ghi chú', 'thông báo',
                      'cảnh báo', 'lệnh', 'tagubilin', 'utos', 'paalala', 'abiso', 'تعليمات', 'توجيهات', 'أوامر',
                      'إشعار', 'تنبيه', 'ملاحظة', '指令', '指示', '提示', '通知', '公告', '警告', 'คำสั่ง', 'แจ้งเตือน',
                      'ประกาศ', 'คำแนะนำ')
    system = _spelled('system', 'sistem', 'sistema', 'systeme', 'systeem', 'systemet', 'hệ thống', 'النظام', 'نظام',
                      '系统', '系統', 'システム', 'ระบบ', 'admin', 'administrator')
    of = _spelled('of', 'from', 'dari', 'của', 'từ', 'ng', 'من', 'จาก', 'du', 'de', 'del', 'des', 'do', 'da', 'von')
    s = r'[^\S\n]*'  # no line break inside a tag; none needed between Chinese or Thai words
    inner = (rf'(?:(?:{orders}){s}(?:(?:{of}){s})?(?:{system})(?:{s}(?:{orders}))?|(?:{system}){s}(?:{orders}))')
    # at most a word before ('[PRIORITY SYSTEM INSTRUCTION]'); quote, list and emphasis marks before the tag
    return re.compile(rf'(?:^|\n)(?>[^\S\n]*(?:[#>*|-]+[^\S\n]*)*)[\[<【({{]{{1,2}}{s}(?:\w+[^\S\n]+)?{inner}'
                      rf'{s}[\]>】)}}]')
