"""Surname stroke order (姓氏笔画) checked against published lists "按姓氏笔画为序".

- The members of the 19th Political Bureau as elected at the first plenary session of the 19th
  Central Committee, 2017-10-25 (中国共产党第十九届中央委员会第一次全体会议公报, Xinhua),
  and of the 18th, 2012-11-15 (中国共产党第十八届中央委员会第一次全体会议公报), both listed
  in stroke order; as quoted on https://baike.so.com/doc/6406226-6619890.html
  (“中国共产党中央委员会”, 历届委员).
- The Standing Committee of the 16th Central Commission for Discipline Inspection, headed
  “常务委员会委员（按姓氏笔画为序）” on http://news.china.com/zh_cn/focus/jigou/zywyh/zywyh.html
  (“中国共产党第十六届中央委员会”).

They exercise what ICU's stroke collation gets wrong: within one stroke count the official
order goes by the first strokes 横竖撇点折 (李 杨 吴 何 张 陈, all 7 strokes; 于 习 马, 3),
and a name of two characters comes before a longer one of the same surname (王晨 王沪宁,
李希 李强 李克强)."""
import random

import icu
import pytest

from congress.ballots.strokes import stroke_sorted, uses_official_order


def _names(text):
    return text.split()


POLITBURO_19 = _names(
    "丁薛祥 习近平 王晨 王沪宁 刘鹤 许其亮 孙春兰 "
    "李希 李强 李克强 李鸿忠 杨洁篪 杨晓渡 汪洋 "
    "张又侠 陈希 陈全国 陈敏尔 赵乐际 胡春华 栗战书 "
    "郭声琨 黄坤明 韩正 蔡奇"
)
POLITBURO_18 = _names(
    "习近平 马凯 王岐山 王沪宁 刘云山 刘延东 刘奇葆 "
    "许其亮 孙春兰 孙政才 李克强 李建国 李源潮 汪洋 "
    "张春贤 张高丽 张德江 范长龙 孟建柱 赵乐际 胡春华 "
    "俞正声 栗战书 郭金龙 韩正"
)
CCDI_16_STANDING = _names(
    "干以胜 马馼 马志鹏 王振川 刘峰岩 刘家义 刘锡荣 "
    "李至伦 吴毓萍 沈德咏 张树田 张惠新 赵洪祝 夏赞忠 "
    "黄树贤 解厚铨"
)


def test_the_official_order_is_available():
    """cn-sort (pyproject) ships the table of stroke count and first strokes; without it the
    order falls back to ICU's and the lists below come out wrong."""
    assert uses_official_order(), "install the cn-sort package named in pyproject.toml"


@pytest.mark.parametrize("published", [POLITBURO_19, POLITBURO_18, CCDI_16_STANDING],
                         ids=["politburo-19", "politburo-18", "ccdi-16-standing"])
@pytest.mark.parametrize("seed", range(3))
def test_a_published_list_comes_back_in_its_order(published, seed):
    shuffled = list(published)
    random.Random(seed).shuffle(shuffled)
    assert stroke_sorted(shuffled) == published


def test_items_are_sorted_by_their_name():
    people = [{"id": 1, "name": "张又侠"}, {"id": 2, "name": "李希"}, {"id": 3, "name": "丁薛祥"}]
    assert [p["id"] for p in stroke_sorted(people, key=lambda p: p["name"])] == [3, 2, 1]


def test_icu_alone_breaks_ties_otherwise():
    """Why ICU's collation is not used as it is (docs/decisions.md): it puts 张 before 李."""
    collator = icu.Collator.createInstance(icu.Locale("zh@collation=stroke"))
    assert sorted(["李", "张"], key=collator.getSortKey) == ["张", "李"]
    assert stroke_sorted(["张", "李"]) == ["李", "张"]
