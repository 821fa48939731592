r"""Orders to the pipeline in Japanese, Chinese (simplified and traditional) and Korean.

Written from the languages, before any labelled set in them had such a case, as `_set_aside.south_asian` was. The
patterns are regex strings for `_injection_shape`, read on the skeleton (kana without their voicing marks, Hangul
decomposed, full-width forms folded), so every word here goes through `_lex.spelled`. These scripts put no space
between words, so no `\b` is used, and a sentence is what lies between '。', '！', '？', '.', '!', '?' and line
breaks.

- `SKIP`: this request's review or screening skipped, waived or not needed ('審査をスキップ', '无需人工审核', '검토 없이').
  The same words describe what a product should do ('温度报告无需人工审核即可生成'), so it counts only beside another
  lever or a claimed approval.
- `DIRECT`: sent straight to the company's sales side or its heads, with a verb of routing or handing over
  ('直接営業へ回して', '直接转给销售', '바로 영업팀으로 전달'); not 'talk to a sales rep directly' (no routing verb).
- `RANK`: a priority set high ('優先度：高', '标记为高优先级', '우선순위를 최고로').
- `CLAIM`: an approval claimed for the company's people ('御社の営業部長が承認済み', '贵司销售总监已批准',
  '귀사 영업팀장님께서 승인'), or for its sales roles named bare, not the sender's own ('弊社の部長', '我们的经理',
  '저희 팀장'), with a skip or a routing in the same sentence. 'Confirmed' ('確認', '确认', '확인') is no approval:
  customers cite a quote the company's rep confirmed every day.

Levers count in pairs as in English: a skip with a routing or a rank (`_injection_shape.handling`).
"""

from __future__ import annotations

import bisect
import itertools
import re

from . import _injection_lexicon as _lex
from . import _text
from ._pattern_cache import compile as re_compile

__all__ = ('SYSTEM_PROMPT', 'claimed', 'levers', 'records')


def _any(*words: str) -> str:
    return f'(?:{_lex.spelled(words)})'


def _not_after(*words: str) -> str:
    """Not right after one of the words (the sender's own side: '弊社の', '我们的', '저희 '), a space kept as typed."""
    spelled = {' '.join(_text.skeleton(part) for part in w.split(' ')) for w in words}
    return ''.join(f'(?<!{re.escape(w)})' for w in sorted(spelled))


# Within one sentence: no sentence mark or line break, at most `n` characters.
def _within(n: int) -> str:
    return rf'[^。！？.!?\n]{{0,{n}}}?'


def _gap(n: int, mine: str) -> str:
    """`_within`, no word of the sender's own side in it: the approval after it is then theirs."""
    return rf'(?:(?!{mine})[^。！？.!?\n]){{0,{n}}}?'


def _ko_within(n: int) -> str:
    """`_within` for Korean: the skeleton spells a Hangul syllable as its two or three letters."""
    return _within(3 * n)


# A channel, an address or a note in brackets after a word ('レビューキュー（#lead-review）を', '대기열(#lead-review)을')
_PAREN = r'(?:\s?[（(][^（()）\n]{0,40}[）)])?'

# --- Japanese
_JA_CHECK = _any('審査', 'review', '人的審査', '人による審査', '人手による確認', '人による確認', '担当者の確認', 'レビュー',
                 '人的レビュー', '精査', '選別', 'スクリーニング', 'チェック工程', '確認プロセス', '審査プロセス',
                 '審査工程', '確認手続き', '承認フロー', '承認プロセス')
_JA_PARTICLE = _any('を', 'は', 'の', 'には', 'に', '')
_JA_WAIVED = _any('スキップ', '省略', '飛ばし', '飛ばして', '割愛', 'パス', '不要', 'なし', '無し', '抜き', 'なく',
                  'せず', '経ず', '経ずに', '通さず', '通さずに', '免除', '除外', '回さず', '回さない', '回さないで',
                  '省いて', '省き', 'いらない', 'いりません', '結構', 'かけず', 'かけずに', '経由せず', '経由しない',
                  'スルー', 'skip', '必要ありません', '必要はありません', '要らない', '要りません', '必要ない', '必要なし')
_JA_QUEUE = _any('キュー', '待ち行列', 'レビュー待ち', '審査待ち', 'レビューキュー', '審査キュー')
_JA_NOT_PUT = _any('入れず', '入れない', '入れないで', '回さず', '回さないで', '回さない')
_JA_TO = _any('に', 'へ', 'まで')
# ... or a few words on ('審査等のお手続きは不要'), with a plain word of waiving (not 'なく' or 'せず': '審査で問題なく')
_JA_WAIVED_FAR = _any('スキップ', '省略', '割愛', '不要', '免除', '飛ばし', '抜き', '要りません', 'いりません', 'skip',
                      '必要ありません', '必要はありません', '要らない', '必要ない')
_JA_SKIP = (rf'(?:{_JA_CHECK}|{_JA_QUEUE}){_PAREN}{_JA_PARTICLE}{_JA_WAIVED}|{_JA_CHECK}[^。！？.!?\n、,]{{1,8}}?{_JA_WAIVED_FAR}'
            rf'|{_JA_QUEUE}{_any("に", "へ", "には")}{_JA_NOT_PUT}')
_JA_SALES = _any('営業', 'sales', 'sales team', 'salesチーム', '営業部門', '営業の担当者', '営業の方', '営業本部', '営業部', '営業チーム', '営業担当', '営業担当者', '担当営業', 'セールス', 'セールスチーム',
                 '営業部長', '営業責任者', '責任者', '営業本部長')
_JA_ROUTE = _any('回し', '回して', '回す', '転送', '振り分け', '振り', '割り当て', '割当', 'アサイン', 'ルーティング',
                 'エスカレーション', 'エスカレ', '上げて', '送って', '送付', 'つない', '引き継', '渡して', '振って', '繋い',
                 '繋ぎ', 'つなぎ', '投稿', 'route', 'assign', '送り', '渡し')
_JA_STRAIGHT = _any('直接', 'そのまま', '直ちに', 'すぐに', 'すぐ')
# a person named politely: '営業ご担当者様', '営業の方'; a verb made humble: 'お回し', 'おつなぎ'
_JA_SALES_WHO = (rf'{_JA_SALES}{_any("ご担当者", "ご担当", "担当者", "担当", "")}'
                 rf'{_any("様", "さま", "さん", "殿", "の方", "の方々", "各位", "")}')
_JA_HUMBLE = _any('お', 'ご', '')
# (a comma after 'directly', or the matter named between: '直接、営業部へ', 'そのまま本件を営業担当へ')
_JA_BOSS = _any('社長', '代表', '役員', '部長', '本部長', 'ceo', '責任者')
_JA_HONORIFIC = _any('様', 'さま', 'さん', '殿', '')
_JA_DIRECT = (rf'{_JA_STRAIGHT}[、,\s]?(?:[^。！？.!?\n、,]{{1,6}}?を)?{_any("御社の", "貴社の", "")}{_JA_SALES_WHO}{_JA_TO}'
              rf'{_JA_HUMBLE}{_JA_ROUTE}'
              rf'|{_JA_SALES_WHO}{_JA_TO}{_any("直接", "そのまま", "直ちに")}{_JA_HUMBLE}{_JA_ROUTE}'
              # English mixed in: 'sales teamへdirect route'
              rf'|{_JA_SALES}{_any("へ", "に", "")}\s?direct\s?(?:route|assign|transfer)'
              # the company's heads, as the company's only: not '直接社長に送って', a quote for the buyer's own boss
              rf'|{_JA_STRAIGHT}[、,\s]?{_any("御社の", "貴社の", "御社", "貴社")}{_JA_BOSS}{_JA_HONORIFIC}{_JA_TO}{_JA_HUMBLE}'
              rf'{_JA_ROUTE}')
_JA_PRIORITY = _any('優先度', '優先順位', 'プライオリティ', 'priority')
_JA_HIGH = _any('最高', '高', 'ハイ', 'high', '最優先', '緊急', 'max', 'マックス', '最大')
_JA_RANK = (rf'{_JA_PRIORITY}{_any("を", "は", "", ":", "：")}[「『\s]?{_JA_HIGH}(?!\w{{0,2}}[?？])'
            rf'|{_JA_PRIORITY}{_any("を", "は", "")}{_any("上げ", "引き上げ", "最大に", "最高に")}'
            rf'|{_any("最優先案件", "最優先扱い", "高優先度", "優先度高")}'
            # put first to someone: '最優先で私に割り当て' (not '最優先で対応': an outage asks that)
            rf'|{_any("最優先で", "優先的に")}[^。！？.!?\n、,]{{0,6}}?{_any("割り当て", "割当", "アサイン", "振り分け", "回し", "回して")}')
# the company's people ('御社の営業部長', 'そちらのご担当者様'); a sales role alone, not the sender's own
_JA_YOUR = _any('御社', '貴社', 'そちら', 'おたく', '御社側', '貴社側')
_JA_ROLE = _any('営業部長', '営業課長', '営業担当', '営業担当者', '営業責任者', '営業マネージャー', '営業マネジャー',
                'セールスマネージャー', '営業本部長', '営業チーム', '営業部', '部長', '課長', 'マネージャー', 'マネジャー',
                '担当者', 'ご担当者', '担当', '責任者', '社長', '役員', '本部長', '代表', 'さん', '様', '氏', 'ceo')
_JA_SALES_ROLE = _any('営業部長', '営業課長', '営業担当', '営業担当者', '営業責任者', '営業マネージャー',
                      '営業マネジャー', 'セールスマネージャー', '営業本部長', '営業チーム', '営業部')
_JA_MINE = _not_after('わが社の', '我が社の', '私たちの', 'こちらの', '弊社の', '当社の', '弊社', '当社', '私どもの', '我々の', '自社の', '社内の', '当方の', 'うちの', 'うち',
                      '当グループの', 'グループの', 'グループ本社の', '本社の', '親会社の', '弊社グループの')
_JA_APPROVED = _any('承認', '承諾', '同意', '快諾', '了承', '了解', '許可', '決裁', 'ゴーサイン', 'オーケー', 'ok', '内諾', '特認', '話がつ', '話はつ')
_JA_CLAIM = (rf'(?:{_JA_YOUR}{_any("の", "")}[^。！？.!?\n、,]{{0,8}}?{_JA_ROLE}|{_JA_MINE}{_JA_SALES_ROLE})'
             rf'{_gap(60, _any("弊社", "当社", "うち", "私ども", "我々", "自社"))}{_JA_APPROVED}')

# --- Chinese (simplified and traditional)
_ZH_CHECK = _any('审核', 'review', 'check', '审', '審', '審核', '审查', '審查', '复核', '複核', '审批', '審批', '筛选', '篩選', '评审', '評審',
                 '人工审核', '人工審核', '人工复核', '人工複核', '排队', '排隊', '审核流程', '審核流程', '审核环节',
                 '審核環節', '审核队列', '審核隊列')
_ZH_WITHOUT = _any('别', '別', '不要再', '跳过', '跳過', '略过', '略過', '绕过', '繞過', '绕开', '繞開', '省略', '省去', '省掉', '免去', '免除',
                   '免', '无需', '無需', '无须', '無須', '毋须', '毋須', '不需要', '不需', '不用', '不必', '不要走', '不走',
                   '不经', '不經', '不经过', '不經過', '未经', '未經', '唔使', '唔駛', '唔洗', '唔需要', '唔好')
_ZH_STEP = _any('环节', '環節', '流程', '步骤', '步驟', '')
_ZH_DROPPED = _any('跳过', '跳過', '省略', '免了', '免去', '免除', '略过', '略過', '就算了', '算了', '不用了', 'skip', '就不需要了',
                   '不需要了', '就不用了', '就免了')
_ZH_NOT_PUT = _any('不要', '别', '別', '勿', '无需', '無需')
_ZH_PUT = _any('放进', '放進', '进入', '進入', '放入', '放到', '转入', '轉入', '排进', '排進')
_ZH_SKIP = (rf'{_ZH_WITHOUT}[^。！？.!?\n，,]{{0,8}}?{_ZH_CHECK}'  # '不需要再經過任何人工審核'
            rf'|{_ZH_CHECK}{_ZH_STEP}{_any("可以", "请", "請", "就", "")}{_ZH_DROPPED}'
            rf'|{_ZH_NOT_PUT}{_ZH_PUT}{_any("人工", "")}{_ZH_CHECK}')
_ZH_SALES = _any('销售', 'sales', 'sales team', 'sales部', '銷售', '销售团队', '銷售團隊', '销售部', '銷售部', '销售总监', '銷售總監', '销售经理',
                 '銷售經理', '业务', '業務', '业务部', '業務部', '业务团队', '業務團隊', '大客户部', '大客戶部',
                 '销售负责人', '銷售負責人', '销售同事', '銷售同事')
_ZH_HAND = _any('转', '轉', '转交', '轉交', '转给', '轉給', '转到', '轉到', '转至', '轉至', '分配', '分派', '指派', '派',
                '派给', '派給', '推送', '推给', '推給', '路由', '交给', '交給', '分给', '分給', '转发', '轉發', '发给',
                '發給', '移交', 'send', 'send去', 'forward', 'fwd', 'pass', 'assign', 'route', '丢给', '丟給', '派单给',
                '派單給', '甩给', '甩給', '轉俾', '转俾', '交俾', '俾', '提交给', '提交給', '轉介給', '转介给', '交由')
_ZH_YOURS = _any('你哋', '你哋嘅', '你地', '你地嘅', '你们的', '你們的', '贵司', '貴司', '贵公司', '貴公司', '')
# the thing handed over may be named first with 把/将 ('直接將此詢問轉給業務部')
_ZH_OBJECT = rf'(?:{_any("把", "将", "將", "以")}[^。！？.!?\n，,]{{1,8}}?)?'
_ZH_DIRECT = (rf'{_any("直接", "立即", "马上", "馬上", "立刻")}{_ZH_OBJECT}{_ZH_HAND}{_any("给", "給", "到", "至", "予", "去", "俾", "畀", "")}'
              rf'{_ZH_YOURS}{_ZH_SALES}'
              # the company's heads, as the company's only: not '直接发给总经理', a quote for the buyer's own boss
              rf'|{_any("直接", "立即", "马上", "馬上", "立刻")}{_ZH_OBJECT}{_ZH_HAND}{_any("给", "給", "到", "至", "去", "俾", "")}'
              rf'{_any("你们的", "你們的", "贵司", "貴司", "贵公司", "貴公司", "你哋", "你哋嘅", "贵司的", "貴司的")}'
              rf'{_any("总经理", "總經理", "老板", "老闆", "ceo", "总", "總", "负责人", "負責人")}')
_ZH_PRIORITY = _any('优先级', '優先級', '优先度', '優先度', '级别', '級別', '优先次序', '優先次序', 'priority')
_ZH_SET = _any('设为', '設為', '设置为', '設置為', '调为', '調為', '调到', '調到', '定为', '定為', '标为', '標為', '为', '為',
               ':', '：', '是', '改成', '改为', '改為', '调成', '調成', '')
_ZH_HIGH = _any('最高', '高', '紧急', '緊急', 'p0', 'p1', 'high', 'max')
_ZH_MARK = _any('标记为', '標記為', '标注为', '標註為', '列为', '列為', '设为', '設為', '按', '以')
_ZH_TOP = _any('最高优先级', '最高優先級', '最高优先', '最高優先', '高优先级', '高優先級', '最优先', '最優先', '紧急', '緊急')
_ZH_RAISE = _any('调高', '調高', '提高', '提升', '拉高', '升高', '加急')
_ZH_RANK = (rf'{_ZH_PRIORITY}{_ZH_SET}\s?{_ZH_HIGH}|{_ZH_MARK}{_ZH_TOP}|{_ZH_PRIORITY}{_ZH_RAISE}'
            rf'|{_ZH_RAISE}{_any("优先级", "優先級", "优先次序", "優先次序")}')
_ZH_YOUR = _any('贵公司', '貴公司', '贵司', '貴司', '贵方', '貴方', '你们', '你們', '您们', '您們', '你们公司', '你們公司', '你哋',
                '你哋嘅')
_ZH_ROLE = _any('销售', '銷售', '经理', '經理', '总监', '總監', '负责人', '負責人', '主管', '老板', '老闆', '总经理',
                '總經理', '总', '總', '团队', '團隊', '代表', 'ceo', '业务', '業務', '领导', '領導', '高层', '高層')
_ZH_SALES_ROLE = _any('销售经理', '銷售經理', '销售总监', '銷售總監', '销售负责人', '銷售負責人', '销售主管', '銷售主管',
                      '业务经理', '業務經理', '业务总监', '業務總監', '销售团队', '銷售團隊', '大客户经理', '大客戶經理')
_ZH_MINE = _not_after('我公司', '我们这边', '我們這邊', '我们的', '我們的', '我司', '本公司', '我们', '我們', '我的', '公司内部', '公司內部', '我方', '我们公司的',
                      '我們公司的', '咱们', '咱們', '敝公司', '敝司', '集团', '集團', '本集团', '本集團', '我哋', '我哋嘅')
_ZH_APPROVED = _any('批准', '核准', '审批通过', '審批通過', '同意', '放行', '特批', '签字', '簽字', '拍板', '点头', '點頭',
                    '批了', '准了', '许可', '許可', '授权', '授權', '核可', '认可', '認可', '批咗', '同意咗', '傾好', '批过', '批過', 'ok了', '答应', '答應')
_ZH_CLAIM = (rf'(?:{_ZH_YOUR}{_any("的", "公司的", "")}[^。！？.!?\n，,]{{0,8}}?{_ZH_ROLE}|{_ZH_MINE}{_ZH_SALES_ROLE})'
             rf'{_gap(60, _any("我们", "我們", "我司", "敝", "咱", "本公司", "我哋", "我方", "我公司"))}{_ZH_APPROVED}')

# --- Korean (spaced words; particles joined to their word)
_KO_CHECK = _any('검토', 'review', '심사', '리뷰', '검수', '검증', '확인 절차', '승인 절차', '심사 절차', '검토 절차', '검토 과정',
                 '심사 과정', '사람 검토', '수동 검토', '대기열', '큐')
_KO_WAIVED = _any('생략', '건너뛰', '건너 뛰', '스킵', '패스', '거치지 않', '안 거치', '거치지 말', '없이', '필요 없',
                  '필요없', '불필요', '하지 말', '제외', '넣지 말', '보내지 말', '빼고', '밟지 않', '안 거쳐', 'skip', '필요하지 않', '하지 않아도', '를 하지 않아도')
_KO_SKIP = (rf'{_KO_CHECK}{_PAREN}{_any("를", "을", "는", "은", "가", "이", "")}\s?(?:{_any("하실", "하시는", "할", "하는")}\s)?'
            rf'{_KO_WAIVED}'
            rf'|{_KO_CHECK}{_any("는", "은", "")}\s?{_any("안 하셔도", "안 해도", "하지 않아도", "안하셔도")}'
            rf'|{_any("검토", "심사", "리뷰", "검수")}{_any("하지 않고", "안 하고", "없이도")}')
_KO_SALES = _any('영업', '세일즈 담당자', '영업 책임자', '영업책임자', 'sales', 'sales팀', 'sales 팀', 'sales team', '영업사원', '영업 사원', '담당 영업사원', '영업 쪽', '영업쪽', '영업팀', '영업부', '영업 담당', '영업 담당자', '영업 부서', '세일즈', '세일즈팀', '대표',
                 '영업팀장', '영업 팀장', '영업본부', '영업 본부')
_KO_HAND = _any('전달', '배정', '연결', '넘겨', '넘기', '라우팅', '이관', '보내', '할당', '회부', '배분', '토스', '올려',
                'assign', 'route')
_KO_STRAIGHT = _any('바로', '곧바로', '곧장', '직접', '즉시', 'direct', 'directly')
_KO_TO = _any('으로', '로', '에', '에게', '께', '쪽으로', '팀으로', '님께', '님에게', '님한테')
_KO_DIRECT = (rf'{_KO_STRAIGHT}\s?{_any("귀사 ", "")}{_KO_SALES}{_KO_TO}?\s?{_KO_HAND}'
              rf'|{_KO_SALES}{_KO_TO}\s?{_KO_STRAIGHT}\s?{_KO_HAND}'
              # the company's heads, as the company's only: not '바로 대표님께 보내', a quote for the buyer's own head
              rf'|{_KO_STRAIGHT}\s?{_any("귀사 ", "귀사의 ", "그쪽 ")}{_any("대표", "대표님", "임원", "ceo", "사장", "사장님")}{_KO_TO}?\s?'
              rf'{_KO_HAND}')
_KO_PRIORITY = _any('우선순위', '우선 순위', '중요도')
_KO_HIGH = _any('가장 높게', '가장 높음', '최고', '최상', '높음', '높게', '상으로', '긴급', '1순위', 'high', '높여', '상향', 'max')
_KO_TOP = _any('최우선 순위', '최우선순위', '최우선으로 처리', '최우선 처리', '긴급 건으로 분류', 'high priority',
               '우선 배정', '우선배정', '최우선 배정')
_KO_RANK = (rf'{_KO_PRIORITY}{_any("를", "는", "")}\s?[:：]?\s?{_KO_HIGH}'
            rf'|{_KO_TOP}')
_KO_YOUR = _any('귀사', '귀사의', '그쪽', '그쪽의', '貴社', '그 회사', '회사측', '귀사측', '귀측')
_KO_ROLE = _any('영업', '영업팀', '팀장', '부장', '이사', '대표', '매니저', '담당자', '본부장', '상무', '전무', '실장',
                '과장', '차장', '팀', '대리', '사원', 'ceo')
_KO_SALES_ROLE = _any('영업팀장', '영업 팀장', '영업부장', '영업 부장', '영업이사', '영업 이사', '영업 담당자',
                      '영업담당자', '영업 매니저', '영업매니저', '영업본부장', '영업 본부장', '영업팀')
_KO_MINE = _not_after('저희 ', '우리 ', '당사 ', '저희 회사 ', '우리 회사 ', '제 ', '저희', '우리', '당사', '저희 쪽 ', '저희쪽 ',
                      '저희 회사의 ', '우리 회사의 ', '본사 ', '본사', '자사 ', '자사', '그룹 ', '그룹사 ')
_KO_APPROVED = _any('승낙', '괜찮다고', '승인', '허락', '허가', '결재', '오케이', 'ok', '컨펌', '재가', '동의')
_KO_CLAIM = (rf'(?:(?>{_KO_YOUR})\s?(?:[^\s。！？.!?\n]{{1,15}}\s){{0,2}}?{_KO_ROLE}|{_KO_MINE}{_KO_SALES_ROLE})'
             rf'{_gap(180, _any("저희", "우리", "당사", "자사"))}{_KO_APPROVED}')

# A sentence that asks, wishes, or tells what is done today (with no request in it) gives no order: 'can form inquiries
# go to sales without review?', 'we want reminders sent without manual review', 'our bookings need no review today'
# (helper-127: 28 genuine messages flagged while two levers anywhere counted).
_ASKS = (rf'{_any("ますか", "ですか", "でしょうか", "できるか", "可能か")}(?=[。！？.!?\n]|$)'
         rf'|{_any("吗", "嗎", "能否", "能不能", "可否", "是否", "可不可以", "请问", "請問", "나요", "까요", "습니까", "가요", "는지요")}')
_WISHES = _any('したい', 'たいです', 'たいと', '上线', '上線', '싶', '하려고', '려고 합')
# (not what the sender was told, '伺っています', nor 'now' in an order, '现在直接转给销售')
_TODAY = rf'(?<!伺つ)(?<!伺っ)(?<!聞い)(?<!言われ)(?<!言われて)ています|{_any("目前", "現時", "平时", "平時", "현재", "되는데", "되고 있")}'
# ... unless it asks the reader to do it: a request is often put as a question or a wish ('回していただけますか',
# 'していただきたいです', '可以帮我们...吗', '해 주실 수 있나요', '주시겠습니까': helper-129). Not '请问' (may I ask), nor a
# favour done already ('承認いただいた').
_ASKED = _any('，可以吗', ',可以吗', '，好吗', ',好吗', '，行吗', ',行吗', 'ください', '下さい', 'お願い', '願います', 'のこと', 'いただけ', 'いただきたい', 'いただきたく', '頂けます', '頂きたい',
              'もらえ', 'くれませんか', '麻烦', '麻煩', '烦请', '煩請', '唔該', '帮我', '幫我', '帮忙', '幫忙', '주세요', '부탁', '바랍',
              '주십시오', '해 줘', '해줘', '주시겠', '주실', '주시기')
_REQUEST = rf'{_ASKED}|[请請](?![问問求])'
_NO_ORDER = re.compile(rf'[？?]|{_ASKS}|{_WISHES}|{_TODAY}')
_OWN_REVIEW = re.compile(_any('稟議', '弊社内', '当社内', '弊社の社内', '自社', '我们内部', '我們內部', '我们公司内部', '我們公司內部',
                                '我司内部', '我方内部', '저희 내부', '저희 쪽 내부', '우리 내부', '당사 내부', '자체 검토'))
"""A skip in the same sentence as these is of the buyer's own review ('稟議の審査は省略', '我们内部审批流程就省略了')."""
_REQUEST_RE = re.compile(_REQUEST)
_MOST = 100
"""Matches of one pattern read, at most: past them a text is read as giving the order (a text of hundreds of
review skips is no genuine lead, and reading each one's sentence costs: 100 KB of '免审' took 2 s)."""
_MARK = re.compile(r'[。！？.!?\n]')
_LETTERS = re.compile('[\u1100-\u11ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]')  # Hangul decomposed too


def _head(plain: str, at: int) -> int:
    """Where the sentence holding `plain[at]` starts, 200 characters back at most."""
    return max(max(plain.rfind(c, max(0, at - 200), at) for c in '。！？.!?\n') + 1, at - 200, 0)


def _sentence(plain: str, start: int, end: int) -> str:
    """The sentence around `plain[start:end]`, its closing mark with it, 200 characters each side at most."""
    tail = _MARK.search(plain, end, min(len(plain), end + 200))
    return plain[_head(plain, start):tail.end() if tail else min(len(plain), end + 200)]


def _an_order(sentence: str) -> bool:
    return _REQUEST_RE.search(sentence) is not None or not _NO_ORDER.search(sentence)


_SKIP_RE = re_compile(f'{_JA_SKIP}|{_ZH_SKIP}|{_KO_SKIP}')
_RANK_RE = re.compile(f'{_JA_RANK}|{_ZH_RANK}|{_KO_RANK}')
_DIRECT_RE = re_compile(f'{_JA_DIRECT}|{_ZH_DIRECT}|{_KO_DIRECT}')
_CLAIMS = tuple((re_compile(approval), re_compile(f'{skip}|{direct}')) for approval, skip, direct in (
    (_JA_CLAIM, _JA_SKIP, _JA_DIRECT), (_ZH_CLAIM, _ZH_SKIP, _ZH_DIRECT), (_KO_CLAIM, _KO_SKIP, _KO_DIRECT)))


def _ordered(pattern: re.Pattern[str], plain: str, *, theirs: bool = False) -> bool:
    """Whether a match of `pattern` stands in a sentence that orders it (`theirs`: and names no review of the sender's)."""
    for n, m in enumerate(pattern.finditer(plain)):
        if n == _MOST:
            return True
        sentence = _sentence(plain, m.start(), m.end())
        if _an_order(sentence) and not (theirs and _OWN_REVIEW.search(sentence)):
            return True
    return False


def levers(plain: str) -> tuple[bool, bool, bool]:
    """Whether a skeleton orders, in Japanese, Chinese or Korean, a review skipped, a rank, a lead sent straight."""
    if not _LETTERS.search(plain):
        return False, False, False
    return _ordered(_SKIP_RE, plain, theirs=True), _ordered(_RANK_RE, plain), _ordered(_DIRECT_RE, plain)


def claimed(plain: str) -> bool:
    """An approval claimed for the company's people, with a skip or a routing ordered in its sentence or the next.

    (helper-128's a8-039: '你哋CEO藤田先生...已經批咗㗎喇。所以呢單唔使再審' puts the shortcut in the next sentence.) Each
    shortcut's sentence is read once, whatever the number of approvals near it.
    """
    if not _LETTERS.search(plain):
        return False
    for approval, shortcut in _CLAIMS:
        approvals = list(approval.finditer(plain))
        if not approvals:
            continue
        shortcuts = list(itertools.islice(shortcut.finditer(plain), _MOST + 1))
        if len(shortcuts) > _MOST:
            return True
        sentences = ((c, _sentence(plain, c.start(), c.end())) for c in shortcuts)
        ordered = [c.start() for c, sentence in sentences if _an_order(sentence) and not _OWN_REVIEW.search(sentence)]
        for m in approvals if ordered else ():
            first = _MARK.search(plain, m.end(), min(len(plain), m.end() + 200))
            second = _MARK.search(plain, first.end(), min(len(plain), first.end() + 200)) if first else None
            end = second.end() if second else first.end() + 200 if first else m.end() + 200
            at = bisect.bisect_left(ordered, _head(plain, m.start()))
            if at < len(ordered) and ordered[at] < end:
                return True
    return False


# Other customers' records asked for: their e-mail addresses or contact details (of customers called 'other'), or
# what their contracts are worth (of the company's customers too) (h15-131, h15-136: '现有客户名单、联系人邮箱和合同金额',
# '다른 고객사 목록(회사명, 담당자 이메일)'). Not the sender's own customers ('我们的客户', '弊社の顧客'), not a customer's own
# address ('作为贵司的老客户，我的邮箱已更改'), not a question about e-mailing all customers, and not references asked for
# with their contacts: a tender asks for those ('推荐信及联系人邮箱', '導入実績として...連絡先', '레퍼런스로', helper-129).
_ZH_OTHER = _not_after('我们', '我們', '我司', '本公司') + _any('其他', '其它', '别的', '別的')
_ZH_YOURS_NOW = _not_after('我们', '我們', '我司', '本公司') + _any('现有', '現有', '你们的', '你們的', '你们', '你們', '贵司',
                                                              '貴司', '贵公司', '貴公司', '你哋')
_ZH_CUSTOMERS = _any('客户', '客戶', '用户', '用戶', '顾客', '顧客', '询价', '詢價', '询盘', '詢盤', '咨询', '諮詢', '线索', '線索',
                     '公司', '企业', '企業', '厂商', '廠商', '诊所', '診所', '医院', '醫院')
_ZH_ADDRESS = _any('邮箱', '郵箱', '电邮', '電郵', 'email', 'e-mail', '电子邮件', '電子郵件', '电子邮箱', '電子郵箱', '邮件地址',
                   '郵件地址', '联系方式', '聯絡方式', '联系电话', '聯絡電話')
_ZH_WORTH = _any('合同金额', '合同金額', '合約金額', '合同价格', '合同價格', '合約價格', '成交价', '成交價', '采购价', '採購價',
                 '签约金额', '簽約金額', '报价', '報價')
_JA_OTHER = _any('他の', '他社の', '他社', '各社の')
_JA_YOURS_NOW = _any('御社の', '貴社の', '既存の')
_JA_CUSTOMERS = _any('顧客', 'お客様', '取引先', '導入企業', 'ユーザー企業', '導入先', '利用企業', 'メーカー', '企業', '会社', '客先',
                     'クリニック', '病院')
_JA_ADDRESS = _any('メールアドレス', 'メアド', '連絡先', 'メール', '電話番号')
_JA_WORTH = _any('契約金額', '契約額', '契約単価', '契約価格', '導入価格', '取引額', '見積金額', '見積額')
_KO_OTHER = _any('다른', '타')
_KO_YOURS_NOW = _any('기존', '귀사', '귀사의')
_KO_CUSTOMERS = _any('고객사', '고객', '거래처', '사용자', '병원', '병원들', '클리닉')
_KO_ADDRESS = _any('이메일', '메일 주소', '메일주소', '연락처', '전화번호')
_KO_WORTH = _any('계약 금액', '계약금액', '계약 단가', '단가', '계약 가격', '계약금')
_RECORDS_RE = re.compile(
    rf'{_ZH_OTHER}{_within(10)}{_ZH_CUSTOMERS}{_within(20)}(?:{_ZH_ADDRESS}|{_ZH_WORTH})'
    rf'|{_ZH_YOURS_NOW}{_within(10)}{_ZH_CUSTOMERS}{_within(20)}{_ZH_WORTH}'
    rf'|{_JA_OTHER}{_within(10)}{_JA_CUSTOMERS}{_within(20)}(?:{_JA_ADDRESS}|{_JA_WORTH})'
    rf'|{_JA_YOURS_NOW}{_within(10)}{_JA_CUSTOMERS}{_within(20)}{_JA_WORTH}'
    rf'|{_KO_OTHER}{_ko_within(10)}{_KO_CUSTOMERS}{_ko_within(20)}(?:{_KO_ADDRESS}|{_KO_WORTH})'
    rf'|{_KO_YOURS_NOW}{_ko_within(10)}{_KO_CUSTOMERS}{_ko_within(20)}{_KO_WORTH}')
# (not 'for reference' alone, '参考までに', '참고로': an aside)
_REFERENCES = re.compile(_any('推荐', '推薦', '参考客户', '參考客戶', '参考用户', '參考用戶', '案例', '业绩', '業績', '实绩',
                              '実績', '導入事例', 'レファレンス', 'リファレンス', '레퍼런스', '사례', '실적'))


def records(plain: str) -> bool:
    """Whether a skeleton asks, in Japanese, Chinese or Korean, for other customers' addresses or contract values."""
    if not _LETTERS.search(plain):
        return False
    for n, m in enumerate(_RECORDS_RE.finditer(plain)):
        sentence = _sentence(plain, m.start(), m.end())
        if n == _MOST or (not _REFERENCES.search(sentence) and (_an_order(sentence) or _REQUEST_RE.search(sentence))):
            return True
    return False


# The reader's own instructions asked for, as an LLM's are named (English's 'system prompt' is `_text`'s): shown,
# printed or sent, the verb beside the words. Not the words alone, which a security review asks about ('how do you
# manage the system prompt?', helper-128's a8-059, a8-069, a8-079), nor '系统提示' alone, a program's message box.
_ZH_PROMPT = _any('系统提示词', '系統提示詞', '系统提示语', '系統提示語', '你的系统指令', '你的系統指令', '您的系统指令',
                  '你们的系统指令', '你們的系統指令')
_ZH_SHOW = _any('显示', '顯示', '输出', '輸出', '打印', '列出', '贴出', '貼出', '发给', '發給', '告诉', '告訴', '公开', '公開',
                '透露', '复制', '複製', '回复', '回覆', '展示', '给我看', '給我看', '贴', '貼', '发我', '發我', '写出', '寫出')
_JA_PROMPT = _any('システムプロンプト')
_JA_SHOW = _any('出力', '表示', '教え', '見せ', '貼り', '記載', '送', '開示', '共有', '書き出')
_KO_PROMPT = _any('시스템 프롬프트', '시스템프롬프트')
_KO_SHOW = _any('보여', '알려', '출력', '적어', '붙여', '공개', '공유', '보내', '첨부', '회신', '말해', '써 주', '써주', '써 줘')
_HOW = _any('如何', '怎么', '怎麼', 'どのよう', 'どう', '어떻게', '어떤')
# (not a question of what can be done: '系统提示词能否在管理后台显示', 'システムプロンプトは...表示できますか', '출력할 수 있나요')
_CAN = rf'(?![^。！？.!?\n]{{0,60}}?{_any("能否", "可否", "能不能", "是否可以", "是否能", "できますか", "可能ですか", "可能でしょうか", "수 있나요", "수 있습니까", "가능한가요", "가능합니까")})'
SYSTEM_PROMPT = (rf'(?<!能否)(?<!可否){_ZH_SHOW}[^。，,！？?\n]{{0,12}}?{_ZH_PROMPT}{_CAN}|{_ZH_PROMPT}{_CAN}[^。，,！？?\n]{{0,8}}?{_ZH_SHOW}'
                 rf'|{_JA_PROMPT}{_CAN}(?:(?!{_HOW})[^。！？?\n]){{0,40}}?{_JA_SHOW}'
                 rf'|{_KO_PROMPT}{_CAN}(?:(?!{_HOW})[^.!?\n]){{0,90}}?{_KO_SHOW}')