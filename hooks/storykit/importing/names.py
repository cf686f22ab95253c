"""People's names and units in Chinese lists: whether a word is a name, where a unit and post
run straight into the name after them (`某县关工委常务副主任张某某`), and whether a line names
an organisation (`某某小学`, `某县关心下一代工作委员会`)."""

from __future__ import annotations

import re

CJK = "\u3400-\u9fff"
# Common family names. A word of two to four characters that starts with one reads as a name;
# a few family names that begin everyday words (时间, 和谐, 全国, 国家) are left out on purpose.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
    "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎"
    "贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申"
    "欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴"
    "蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫"
    "米柏宗瞿桂佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩佘池查麻苑迟邝官封谈"
    "匡鞠惠荆冀郁胥班储栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻厉伊仝郜阚权帅屠豆朴盖练廉禹井祖漆巴"
    "丰支卿狄索宣晋芮阙浦戈伏鹿薄邸雍辜羊乌母裘亓邰赫杭况那宿鲜印逯隆茹诸慕危亢嵇湛宾戎勾"
    "茅於揭尉斯束檀昝幸奉衡尧闭蹇"
)
COMPOUND_SURNAMES = frozenset(
    re.split(
        r"\s+",
        "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 令狐 "
        "端木 独孤 南宫 西门 轩辕 呼延 申屠 闻人 澹台 公冶 濮阳 淳于 钟离 宗政 "
        "万俟 拓跋 百里 东郭 左丘 赫连",
    )
)
DOTS = "·•・‧．"
# A minority or foreign name written with a middle dot: 吐尔买买提·马提.
DOT_NAME = re.compile(rf"^[{CJK}]{{1,10}}(?:[{DOTS}][{CJK}]{{1,10}})+$")
PLAIN_NAME = re.compile(rf"^[{CJK}]{{2,4}}$")

# The last word of a post (主任 ends 常务副主任): what a unit-and-post run ends with.
POSTS = tuple(
    re.split(
        r"\s+",
        "主任 书记 会长 秘书长 委员 主席 局长 校长 院长 所长 馆长 站长 团长 队长 "
        "组长 社长 厂长 部长 处长 科长 股长 镇长 乡长 县长 市长 区长 村长 园长 "
        "班长 连长 营长 理事长 董事长 经理 主管 顾问 教师 老师 教授 讲师 研究员 "
        "工程师 医生 医师 律师 干部 职工 领衔人 创办人 创始人 负责人 带头人 志愿者 "
        "辅导员 宣讲员 讲解员 网格员 调解员 指导员 五老 党员 老战士 代表 成员 政委 "
        "司令员 参谋 专干 干事 会计 主编 编辑 记者 支书 常委 农民 村民 居民 学生 "
        "员工 工人 家长 退休 离休",
    )
)
POST_END = re.compile("(?:" + "|".join(sorted(POSTS, key=len, reverse=True)) + ")$")
POST_ANY = re.compile("|".join(sorted(POSTS, key=len, reverse=True)))
# How the name of a unit ends, longest first; a line ending so names a collective.
ORG_ENDINGS = tuple(
    re.split(
        r"\s+",
        "关心下一代工作委员会 关心下一代工作领导小组 委员会 关工委 工作室 学校 小学 中学 "
        "大学 学院 幼儿园 社区 街道 公司 集团 协会 促进会 研究会 基金会 联合会 "
        "讲师团 宣讲团 报告团 艺术团 服务队 志愿队 党支部 支部 党委 党组 总支 中心 "
        "办公室 办事处 管理处 医院 部队 派出所 图书馆 纪念馆 博物馆 文化站 文化馆 "
        "活动室 之家 基地 农场 牧场 林场 团委 妇联 工会 村委会 居委会 报社 杂志社 关协 "
        "出版社 编辑部 大队 中队 小组 合作社 研究院 研究所 老年大学 休养所 单位 村 镇 乡 "
        "县 局 厅 站 馆 院 处 团 厂 连 营 社 部 室 园 校 队 组",
    )
)
ORG_END = re.compile("(?:" + "|".join(sorted(ORG_ENDINGS, key=len, reverse=True)) + ")$")
STRONG_ORG_END = re.compile(
    "(?:" + "|".join(sorted((e for e in ORG_ENDINGS if len(e) > 1), key=len, reverse=True)) + ")$"
)
# Words after a name that make it a form of address, not a name: 王书记, 李老师.
ADDRESS_END = re.compile(r"(?:书记|主任|老师|同志|先生|女士|校长|会长|爷爷|奶奶|阿姨)$")


def has_surname(word: str) -> bool:
    """Whether `word` starts with a common family name (one or two characters)."""
    return word[:1] in SURNAMES or word[:2] in COMPOUND_SURNAMES


def is_name(word: str, strict: bool = True) -> bool:
    """Whether `word` reads as a person's name: two to four Chinese characters (starting with
    a family name when `strict`), or a name with a middle dot (吐尔买买提·马提)."""
    word = word.strip()
    if DOT_NAME.match(word):
        return True
    if not PLAIN_NAME.match(word) or STRONG_ORG_END.search(word) or ADDRESS_END.search(word):
        return False
    return has_surname(word) or not strict


def is_org(text: str) -> bool:
    """Whether `text` names a unit (it ends the way units' names end: 关工委, 小学, 社区…)."""
    return len(text) >= 3 and bool(ORG_END.search(text)) and not is_name(text)


def split_post(text: str) -> tuple[str, str] | None:
    """`某县关工委常务副主任张某某` → (`某县关工委常务副主任`, `张某某`): the unit and post, and
    the name that ends the text. None when the text does not end in a post and a name."""
    text = text.strip()
    dotted = _split_dotted(text)
    if dotted:
        return dotted
    for size in (3, 2, 4):  # most names have three characters, then two, then four
        head, name = text[:-size], text[-size:]
        if len(head) >= 2 and POST_END.search(head) and is_name(name):
            return head, name
    return None


def _split_dotted(text: str) -> tuple[str, str] | None:
    """A name with a middle dot at the end: everything after the last post word before it."""
    if not any(d in text for d in DOTS):
        return None
    for m in reversed(list(POST_ANY.finditer(text))):
        head, name = text[: m.end()], text[m.end() :]
        if DOT_NAME.match(name):
            return head, name
    return None


# The kind of unit a name ends in, after which the rest of a name is its own (关工委, 老促会…).
ORG_TYPE_PART = re.compile(
    r"(?:关心下一代工作委员会|关心下一代工作领导小组|关工委|(?:革命)?老区建设促进会|老促会|"
    r"老干部局|老干局|老科学技术工作者协会|老科协|老年大学).*$"
)
# Words in a unit's name that give its level, longest first; the last one decides.
LEVEL_MARKS = {
    "自治区": "省",
    "兵团": "省",
    "省": "省",
    "自治州": "市",
    "地区": "市",
    "市": "市",
    "州": "市",
    "盟": "市",
    "自治县": "县",
    "县": "县",
    "旗": "县",
    "区": "县",
    "街道": "乡镇",
    "镇": "乡镇",
    "乡": "乡镇",
    "苏木": "乡镇",
    "社区": "村社区",
    "居委会": "村社区",
    "村": "村社区",
    "嘎查": "村社区",
    "大学": "学校",
    "学院": "学校",
    "学校": "学校",
    "中学": "学校",
    "小学": "学校",
    "幼儿园": "学校",
    "公司": "企业",
    "集团": "企业",
}
LEVEL_MARK = re.compile("|".join(sorted(LEVEL_MARKS, key=len, reverse=True)))
NATIONAL = re.compile(r"^(?:中国|中华|全国|中央|中共中央|国务院)")
MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
PROVINCES = tuple(
    re.split(
        r"\s+",
        "北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 "
        "山东 河南 湖北 湖南 广东 海南 四川 贵州 云南 陕西 甘肃 青海 台湾 内蒙古 "
        "广西 西藏 宁夏 新疆 香港 澳门",
    )
)


def unit_level(name: str) -> str | None:
    """The level of a unit from its own name, one of the models' ORG_LEVELS: 中国关工委 → 全国,
    黑龙江省关工委 → 省, 某县某镇关工委 → 乡镇, 某某大学关工委 → 学校; None when the name
    does not say (烟台革命老区建设促进会: a city, but the name has no 市)."""
    prefix = ORG_TYPE_PART.sub("", name.strip()) or name.strip()
    marks = list(LEVEL_MARK.finditer(prefix))
    if marks:
        last = marks[-1]
        if last.group(0) == "市" and prefix[: last.end()].endswith(MUNICIPALITIES):
            return "省"  # 北京市 is a province-level city
        return LEVEL_MARKS[last.group(0)]
    if NATIONAL.match(prefix):
        return "全国"
    return "省" if prefix in PROVINCES else None
