# ruff: noqa: E501  (word lists read better one group per line)
"""Word lists of the genre: the verbs that open a clause, the words that close one, the suffixes
that tell what a noun phrase names, and a gazetteer of Chinese regions.

These are general knowledge of Chinese policy writing, not facts of any one document.
"""

from __future__ import annotations


def _words(text: str) -> list[str]:
    return text.split()


# Verbs, adverbs and modifiers that open a clause before the thing it is about ("加快培育第三代半导体").
LEADING = set(_words("""
加快 加速 加大 加强 强化 培育 培养 谋划 布局 超前 发展 大力 积极 着力 全面 稳妥 持续 深入 深化 主动 率先 重点 系统 高标准 高水平
推动 推进 支持 建设 建成 引导 鼓励 探索 提升 提高 打造 创建 开展 聚焦 面向 围绕 瞄准 实施 引育 引进 突破 攻关 构建 组建 共建 牵头 参与
优化 完善 形成 实现 促进 拓展 加快发展 优先发展 重点发展 发挥 充分 依托 推广 落实 制定 研究 完善 设立 争创 创新发展 壮大 做强 做优 引领 服务
鼓励发展 支持发展 积极发展 前瞻布局 超前布局 大力发展 加快推动 加快培育 着力突破 积极开展 全面提升 全面提高 一批 一系列 若干 各类 多种 国内外
研制 开发 研究制定 聚力 集中 统筹 协同 延伸 用好 初步 逐步 进一步
"""))

# Words that close a phrase but are not part of the name ("溶瘤病毒产品研发", "…技术升级和应用延伸").
TRAILING = sorted(set(_words("""
研发 研究 研制 应用 建设 升级 产业化 示范应用 示范 创新 突破 验证 转化 发展 布局 攻关 推广 延伸 和应用延伸 升级和应用延伸 研发创新
与产业化应用 等研发创新与产业化应用 研发及应用 研发及产业化 供给能力 能力 水平 建设运营 试点 建设试点 和 及 与
""")), key=len, reverse=True)

# What a list's closing noun ("…等关键技术") says about the items before it, checked in this order.
LIST_HEADS: list[tuple[str, str]] = [
    ("领域应用场景", "ApplicationDomain"), ("应用场景", "ApplicationScenario"), ("场景", "ApplicationScenario"),
    ("前沿技术", "Technology"), ("关键技术", "Technology"), ("新技术", "Technology"), ("技术", "Technology"),
    ("新材料", "Material"), ("材料", "Material"),
    ("器件", "Product"), ("产品", "Product"), ("装备", "Product"), ("设备", "Product"), ("电池", "Product"),
    ("部件", "Product"),
    ("领域", "TechnologyField"), ("方向", "TechnologyField"), ("制造方式", "TechnologyField"),
    ("实验室", "Laboratory"), ("平台", "InnovationPlatform"), ("载体", "InnovationPlatform"),
    ("产业", "Sector"), ("行业", "Sector"), ("挑战", "Challenge"),
]

# The noun that ends a single technology phrase, and the class it implies.
TECH_SUFFIXES: list[tuple[str, str]] = [
    ("技术", "Technology"), ("材料", "Material"), ("器件", "Product"), ("装备", "Product"), ("零部件", "Product"),
    ("电池", "Product"), ("芯片", "Technology"), ("系统", "Product"), ("治疗", "Product"), ("试剂", "Technology"),
    ("产品", "Product"),
]

# Platforms and laboratories: suffix → class (longest suffixes first).
PLATFORM_SUFFIXES: list[tuple[str, str]] = sorted([
    ("实验室", "Laboratory"), ("技术创新中心", "TechnologyInnovationCentre"), ("创新中心", "TechnologyInnovationCentre"),
    ("概念验证中心", "ConceptVerificationCentre"), ("工程研究中心", "InnovationPlatform"), ("中心", "InnovationPlatform"),
    ("研究院", "ResearchInstitute"), ("先导区", "PilotZone"), ("验证平台", "PilotScalePlatform"), ("平台", "InnovationPlatform"),
    ("技术学院", "FutureTechnologyCollege"), ("科技园", "SciencePark"), ("产业园", "SciencePark"), ("试验设施", "TestFacility"),
    ("创新联合体", "InnovationPlatform"), ("研发机构", "InnovationPlatform"), ("特区", "InnovationPlatform"),
], key=lambda pair: len(pair[0]), reverse=True)

# Programmes and funds (a programme's class is refined by its words: see PROGRAMME_WORDS).
PROGRAMME_SUFFIXES: list[tuple[str, str]] = sorted([
    ("计划", "Programme"), ("工程", "Programme"), ("基金集群", "Fund"), ("母基金", "Fund"), ("天使基金", "Fund"),
    ("基金", "Fund"), ("专项资金", "Fund"),
], key=lambda pair: len(pair[0]), reverse=True)

PROGRAMME_WORDS: list[tuple[str, str]] = [("人才", "TalentProgramme"), ("双创", "TalentProgramme"),
                                         ("333", "TalentProgramme"), ("科学", "ScienceProgramme"),
                                         ("科技", "ScienceProgramme")]

# Words that make a platform name generic ("重大创新平台" names no platform).
GENERIC_MODIFIERS = ("重大", "创新", "相关", "有关", "各类", "一批", "综合")

# Responsible parties: patterns of agency names → class (first match wins).
AGENCY_PATTERNS: list[tuple[str, str]] = [
    (r"(成员单位|^各|^相关|^有关)", "CollectiveParty"),
    (r"领导小组$", "CoordinationBody"),
    (r"^(省委|市委|县委)", "PartyOrgan"),
    (r"(人民银行|金融监管|证监|银保监|税务|海关|统计调查|气象)", "CentralBodyBranch"),
    (r"人民政府$", "Government"),
    (r"^省.*(厅|局|委|办|院|室|部|会)$", "ProvincialDepartment"),
    (r"(部|委员会|委|署|局|厅|办公厅|办公室|办|管委会)$", "Agency"),
]

JIANGSU_CITIES = _words("南京 无锡 徐州 常州 苏州 南通 连云港 淮安 盐城 扬州 镇江 泰州 宿迁")
PROVINCES = _words("""
北京 天津 河北 山西 内蒙古 辽宁 吉林 黑龙江 上海 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 广西 海南 重庆 四川 贵州 云南 西藏
陕西 甘肃 青海 宁夏 新疆 香港 澳门 台湾
""")
CITIES = JIANGSU_CITIES + _words("""
杭州 宁波 合肥 深圳 广州 武汉 成都 西安 青岛 厦门 长沙 郑州 济南 沈阳 大连 哈尔滨 长春 福州 昆明 南宁 贵阳 兰州 太原 石家庄 呼和浩特 乌鲁木齐
""")
REGIONS = _words("长三角 京津冀 粤港澳 粤港澳大湾区 珠三角 成渝 长江经济带 苏南 苏中 苏北 江苏沿海 长江三角洲 黄河流域")

# Words after which a noun phrase starts afresh (prepositions, particles, measure words).
CUTS = set(_words("在 对 向 为 于 从 把 将 的 等 与 个 家 项 批 及其 通过 依法 合规 共同 率先 因地制宜 结合 以上 左右 以 建立"))
