# ruff: noqa: E501  (data tables: one row per line reads better than wrapped Chinese text)
"""Measures, actions, responsibilities, targets and milestones of 苏政发〔2023〕104号.

ACTIONS rows: (provision key, clause as written, English, [zh labels of entities it names]).
A name prefixed with "~" is named collectively, not by its own wording, in the clause.
"""

from __future__ import annotations

MEASURES: list[tuple[str, str, str, str]] = [
    # (provision, class, en title, slug)
    ("3-1", "KeyMeasure", "Highlight the sources of industrial innovation", "highlight-industrial-innovation-sources"),
    ("3-2", "KeyMeasure", "Strengthen enterprises, cultivate chains and build clusters",
     "strengthen-enterprises-chains-clusters"),
    ("3-3", "KeyMeasure", "Strengthen the pull of application scenarios", "strengthen-application-scenario-pull"),
    ("3-4", "KeyMeasure", "Increase the support of key factors", "increase-key-factor-support"),
    ("3-5", "KeyMeasure", "Deepen industrial opening-up and cooperation", "deepen-opening-up-and-cooperation"),
    ("3-6", "KeyMeasure", "Innovate the governance of future industries", "innovate-future-industry-governance"),
    ("4-1", "SafeguardMeasure", "Strengthen organisation and leadership", "strengthen-organisation-and-leadership"),
    ("4-2", "SafeguardMeasure", "Increase support", "increase-support"),
    ("4-3", "SafeguardMeasure", "Strengthen statistical monitoring", "strengthen-statistical-monitoring"),
]

# responsible parties in the order the text lists them; every list in the text ends with 等
# except 四(一), whose single party is followed directly by 按职责分工负责.
RESPONSIBLE: dict[str, list[str]] = {
    "3-1": ["省科技厅", "省发展改革委", "省工业和信息化厅", "省知识产权局"],
    "3-2": ["省工业和信息化厅", "省科技厅", "省发展改革委", "省国资委", "相关设区市人民政府"],
    "3-3": ["省工业和信息化厅", "省发展改革委", "省科技厅", "省委网信办", "省农业农村厅", "省商务厅", "省能源局",
            "省交通运输厅", "省住房城乡建设厅", "省教育厅", "省卫生健康委", "省国资委", "省药监局", "省文化和旅游厅"],
    "3-4": ["省委组织部", "省委人才办", "省教育厅", "省国资委", "人民银行江苏省分行", "金融监管总局江苏局", "江苏证监局",
            "省财政厅", "省科技厅", "省工业和信息化厅", "省发展改革委"],
    "3-5": ["省发展改革委", "省工业和信息化厅", "省科技厅", "省商务厅"],
    "3-6": ["省发展改革委", "省科技厅", "省工业和信息化厅", "省市场监管局", "省知识产权局", "各设区市人民政府"],
    "4-1": ["省推进战略性新兴产业发展工作领导小组成员单位"],
    "4-2": ["省财政厅", "省发展改革委", "省科技厅", "省工业和信息化厅", "省税务局", "各设区市人民政府"],
    "4-3": ["省统计局", "省发展改革委", "省科技厅", "省工业和信息化厅", "各设区市人民政府"],
}

GROWTH = ["第三代半导体", "未来网络", "氢能", "新型储能", "细胞和基因技术", "合成生物", "通用智能", "虚拟现实",
          "前沿新材料", "零碳负碳（碳捕集利用及封存）"]
FRONTIER = ["量子科技", "深海深地空天", "类人机器人", "先进核能"]

# quantitative targets: (provision, wording as written, en, year or None, period or None,
#                        quantity, comparator, unit, [counted], slug)
TARGETS: list[tuple] = [
    ("1-2", "建设10个未来产业（技术）研究院、未来技术学院、未来产业科技园等平台载体",
     "by 2025, build 10 platform carriers such as future industry (technology) research institutes, "
     "future technology colleges and future industry science parks",
     2025, None, 10, "exactly", "个", ["未来产业（技术）研究院", "未来技术学院", "未来产业科技园"],
     "2025-future-industry-platform-carriers"),
    ("1-2", "引育50个未来产业领军人才（团队）",
     "by 2025, attract and cultivate 50 future industry leading talents (teams)",
     2025, None, 50, "exactly", "个", ["未来产业领军人才（团队）"], "2025-future-industry-leading-talents"),
    ("3-1", "每年实施 15 个以上前瞻技术研发项目",
     "every year, implement 15 or more forward-looking technology R&D projects",
     None, "annual", 15, "atLeast", "个", ["前瞻技术研发项目"], "annual-forward-looking-technology-projects"),
    ("3-2", "到2030年，建设20个省级未来产业先导区",
     "by 2030, build 20 provincial future industry pilot zones",
     2030, None, 20, "exactly", "个", ["省级未来产业先导区"], "2030-provincial-future-industry-pilot-zones"),
    ("3-3", "到2030年，建设50个以上开放应用场景",
     "by 2030, build 50 or more open application scenarios",
     2030, None, 50, "atLeast", "个", ["开放应用场景"], "2030-open-application-scenarios"),
    ("3-4", "到2030年，系统培养具有交叉复合背景的未来产业创新人才（团队）100个以上",
     "by 2030, systematically train 100 or more future industry innovation talents (teams) "
     "with interdisciplinary backgrounds",
     2030, None, 100, "atLeast", "个", ["未来产业创新人才（团队）"], "2030-future-industry-innovation-talents"),
]

# qualitative milestones of 一(二): (year, wording as written, en, [named entities])
MILESTONES: list[tuple] = [
    (2025, "涌现一批具有核心竞争力的关键技术、应用场景和重点企业",
     "a number of key technologies, application scenarios and key enterprises with core competitiveness emerge", []),
    (2025, "南京、苏州率先建设未来产业先导区",
     "Nanjing and Suzhou take the lead in building future industry pilot zones", ["南京", "苏州", "未来产业先导区"]),
    (2025, "重点领域、关键产业实现从小到大、从无到有",
     "key fields and key industries grow from small to large and from nothing to something", []),
    (2025, "加快培育第三代半导体、未来网络、氢能、新型储能、细胞和基因技术、合成生物、通用智能、虚拟现实、前沿新材料、"
           "零碳负碳（碳捕集利用及封存）等10个成长型未来产业",
     "accelerate the cultivation of 10 growth future industries: third-generation semiconductors, future networks, "
     "hydrogen energy, new-type energy storage, cell and gene technologies, synthetic biology, general intelligence, "
     "virtual reality, frontier new materials, and zero-carbon and negative-carbon (CCUS)", list(GROWTH)),
    (2025, "谋划布局量子科技、深海深地空天、类人机器人、先进核能等一批前沿性未来产业",
     "plan and lay out a group of frontier future industries: quantum science and technology, deep sea, deep earth, "
     "air and space, humanoid robots, and advanced nuclear energy", list(FRONTIER)),
    (2025, "初步形成“10+X”未来产业体系", "the “10+X” future industry system initially takes shape",
     ["“10+X”未来产业体系"]),
    (2030, "未来产业形成较大规模", "future industries reach a considerable scale", []),
    (2030, "支撑未来产业发展的技术创新网络、孵化培育链条、政策制度体系基本完善",
     "the technology innovation network, incubation and cultivation chain and policy system supporting future "
     "industries are basically complete", []),
    (2030, "重点领域、关键技术实现重大突破", "major breakthroughs are achieved in key fields and key technologies", []),
    (2030, "培育一批具有生态主导、引领发展的头部企业和行业骨干企业",
     "a number of leading head enterprises and industry backbone enterprises that dominate their ecosystems "
     "are cultivated", []),
    (2030, "10个成长型未来产业实现从大到强、从有到优，成为我省经济发展的重要驱动力量",
     "the 10 growth future industries grow from large to strong and from existing to excellent, becoming an important "
     "driving force of the province's economic development", ["~" + g for g in GROWTH] + ["江苏"]),
    (2035, "未来产业规模进一步壮大", "future industries grow further in scale", []),
    (2035, "涌现一批具有世界影响力的重大创新成果、世界一流企业和未来产业集群",
     "a number of major innovation achievements, world-class enterprises and future industry clusters with "
     "global influence emerge", []),
    (2035, "形成自主可控、系统完备、先进安全的未来产业体系",
     "a self-reliant and controllable, systematically complete, advanced and secure future industry system is formed",
     []),
    (2035, "未来产业成为我省现代化产业体系的重要支柱",
     "future industries become an important pillar of the province's modern industrial system", ["江苏"]),
    (2035, "江苏成为全球未来产业创新策源地和发展高地",
     "Jiangsu becomes a global source of future industry innovation and a highland of its development", ["江苏"]),
]

ACTIONS: list[tuple] = [
    # 序言
    ("preamble", "开辟新领域新赛道、塑造新动能新优势", "open up new fields and new tracks and shape new drivers and new "
     "advantages", []),
    ("preamble", "积极把握未来发展主动权、抢占国际竞争制高点",
     "actively seize the initiative in future development and the commanding heights of international competition", []),
    ("preamble", "助力建设现代化产业体系、推动高质量发展",
     "help build a modern industrial system and promote high-quality development", []),
    # 一(一) 指导思想
    ("1-1", "以习近平新时代中国特色社会主义思想为指导",
     "take Xi Jinping Thought on Socialism with Chinese Characteristics for a New Era as the guide", []),
    ("1-1", "全面贯彻党的二十大精神", "fully implement the guiding principles of the Party's 20th National Congress",
     ["党"]),
    ("1-1", "深入贯彻落实习近平总书记对江苏工作重要讲话重要指示精神",
     "thoroughly implement the guiding principles of General Secretary Xi Jinping's important speeches and instructions "
     "on Jiangsu's work", ["江苏"]),
    ("1-1", "立足新发展阶段", "base ourselves on the new development stage", []),
    ("1-1", "完整、准确、全面贯彻新发展理念", "apply the new development philosophy fully, accurately and comprehensively",
     []),
    ("1-1", "服务构建新发展格局", "serve the building of the new development pattern", []),
    ("1-1", "推动高质量发展", "promote high-quality development", []),
    ("1-1", "加强原始创新和颠覆性创新", "strengthen original and disruptive innovation", []),
    ("1-1", "坚持市场主导和政府引导相结合", "combine market leadership with government guidance", []),
    ("1-1", "扩大高水平国内国际合作", "expand high-level domestic and international cooperation", []),
    ("1-1", "着力培育创新策源、转化孵化、应用牵引、生态营造的产业链条",
     "cultivate an industrial chain of innovation sources, transformation and incubation, application pull and "
     "ecosystem building", []),
    ("1-1", "打造自主可控、系统完备、先进安全的“10+X”未来产业体系",
     "build a self-reliant and controllable, systematically complete, advanced and secure “10+X” future industry system",
     ["“10+X”未来产业体系"]),
    ("1-1", "构筑江苏新型工业化竞争新优势", "build new competitive advantages for Jiangsu's new-type industrialisation",
     ["江苏"]),
    ("1-1", "为全省加快构建现代化产业体系，形成新质生产力，增强发展新动能，着力打造具有全球影响力的产业科技创新中心，"
            "全面推进中国式现代化江苏新实践提供新的产业支柱",
     "provide new industrial pillars for the province to accelerate building a modern industrial system, form new "
     "quality productive forces, strengthen new drivers of development, build an industrial science and technology "
     "innovation centre with global influence, and comprehensively advance Jiangsu's new practice of Chinese "
     "modernisation", ["江苏"]),
    # 二(一)1
    ("2-1-1", "高标准建设国家第三代半导体技术创新中心",
     "build the National Third-Generation Semiconductor Technology Innovation Center to high standards",
     ["国家第三代半导体技术创新中心"]),
    ("2-1-1", "加快推动碳化硅、氮化镓单晶衬底及外延材料制备技术升级和应用延伸",
     "accelerate the upgrading and extended application of preparation technologies for silicon carbide and gallium "
     "nitride single-crystal substrates and epitaxial materials",
     ["碳化硅、氮化镓单晶衬底及外延材料制备技术", "碳化硅单晶衬底及外延材料", "氮化镓单晶衬底及外延材料"]),
    ("2-1-1", "大力发展电力电子器件、微波射频器件、光电子器件等产品",
     "vigorously develop products such as power electronic devices, microwave radio-frequency devices and "
     "optoelectronic devices", ["电力电子器件", "微波射频器件", "光电子器件"]),
    ("2-1-1", "超前布局发展氧化镓、金刚石等超宽禁带半导体材料",
     "lay out in advance the development of ultra-wide-bandgap semiconductor materials such as gallium oxide and "
     "diamond", ["氧化镓", "金刚石", "超宽禁带半导体材料"]),
    ("2-1-1", "打造国内领先、国际先进的第三代半导体产业高地",
     "build a domestically leading and internationally advanced highland of the third-generation semiconductor "
     "industry", ["第三代半导体"]),
    # 二(一)2
    ("2-1-2", "全面提高未来网络试验设施运行服务能力",
     "comprehensively improve the operation and service capacity of the future network test facility",
     ["未来网络试验设施"]),
    ("2-1-2", "加快实现重大价值科技成果转化应用",
     "accelerate the transformation and application of scientific and technological achievements of major value", []),
    ("2-1-2", "加快发展高速全光通信、新一代移动通信、算力网络、卫星互联网等领域",
     "accelerate the development of fields such as high-speed all-optical communication, next-generation mobile "
     "communication, computing power networks and satellite internet",
     ["高速全光通信", "新一代移动通信", "算力网络", "卫星互联网"]),
    ("2-1-2", "构建空天地一体、通感算一体、设施与应用深度融合的未来网络体系",
     "build a future network system that integrates space, air and ground, integrates communication, sensing and "
     "computing, and deeply fuses facilities with applications", ["未来网络"]),
    ("2-1-2", "支持南京、苏州打造未来网络新概念新技术新应用的发源地和引领者",
     "support Nanjing and Suzhou in becoming the birthplace and leader of new concepts, new technologies and new "
     "applications of future networks", ["南京", "苏州", "未来网络"]),
    # 二(一)3
    ("2-1-3", "围绕推进氢能“制储运加用”全链条发展",
     "promote the whole-chain development of hydrogen energy: production, storage, transport, refuelling and use",
     ["氢能"]),
    ("2-1-3", "充分发挥江苏沿海风电资源集聚优势",
     "make full use of the concentrated wind power resources of coastal Jiangsu", ["江苏沿海"]),
    ("2-1-3", "着力突破海水制氢等可再生能源制氢关键技术",
     "make breakthroughs in key technologies for producing hydrogen from renewable energy, such as hydrogen "
     "production from seawater", ["海水制氢", "可再生能源制氢关键技术"]),
    ("2-1-3", "推动液氢制储运关键技术研发及应用",
     "promote the R&D and application of key technologies for liquid hydrogen production, storage and transport",
     ["液氢制储运关键技术"]),
    ("2-1-3", "积极发展石墨烯、高活性轻金属等固态储氢材料及关键技术",
     "actively develop solid-state hydrogen storage materials such as graphene and highly active light metals, and "
     "their key technologies", ["石墨烯", "高活性轻金属", "固态储氢材料"]),
    ("2-1-3", "大力发展制储氢装备及关键零部件",
     "vigorously develop hydrogen production and storage equipment and key components", ["制储氢装备", "关键零部件"]),
    ("2-1-3", "推动氢燃料电池汽车、氢冶金等场景示范应用",
     "promote demonstration applications in scenarios such as hydrogen fuel cell vehicles and hydrogen metallurgy",
     ["氢燃料电池汽车", "氢冶金"]),
    ("2-1-3", "实现多能互补", "achieve multi-energy complementarity", []),
    # 二(一)4
    ("2-1-4", "稳妥推进钠镍/钠硫电池、固液混合/全固态锂离子电池及关键材料的低成本、规模化应用",
     "steadily promote the low-cost, large-scale application of sodium-nickel/sodium-sulfur batteries, hybrid "
     "solid-liquid/all-solid-state lithium-ion batteries and their key materials",
     ["钠镍电池", "钠硫电池", "固液混合锂离子电池", "全固态锂离子电池", "关键材料"]),
    ("2-1-4", "加快提升压缩空气、氢（氨）储能、热（冷）储能等储能技术产业化",
     "accelerate the industrialisation of energy storage technologies such as compressed air, hydrogen (ammonia) "
     "energy storage and thermal (cold) energy storage", ["压缩空气", "氢（氨）储能", "热（冷）储能", "储能技术"]),
    ("2-1-4", "探索熔盐储热、飞轮储能、重力储能等前沿技术",
     "explore frontier technologies such as molten-salt heat storage, flywheel energy storage and gravity energy "
     "storage", ["熔盐储热", "飞轮储能", "重力储能"]),
    ("2-1-4", "加快高比能、高安全、长循环新一代储能电池技术研发",
     "accelerate R&D of high-energy-density, high-safety, long-cycle next-generation energy storage battery "
     "technologies", ["新一代储能电池技术"]),
    ("2-1-4", "持续提升储能系统集成能力和智慧可控水平",
     "continuously improve the integration capacity and intelligent controllability of energy storage systems", []),
    ("2-1-4", "拓展新型储能商业模式", "expand business models for new-type energy storage", ["新型储能"]),
    # 二(一)5
    ("2-1-5", "聚焦基因组学、基因测序、基因治疗、细胞治疗等重点领域",
     "focus on key fields such as genomics, gene sequencing, gene therapy and cell therapy",
     ["基因组学", "基因测序", "基因治疗", "细胞治疗"]),
    ("2-1-5", "突破高通量基因测序仪及配套试剂、载体递送、基因编辑、类器官等关键技术",
     "make breakthroughs in key technologies such as high-throughput gene sequencers and matching reagents, vector "
     "delivery, gene editing and organoids", ["高通量基因测序仪及配套试剂", "载体递送", "基因编辑", "类器官"]),
    ("2-1-5", "加快CAR-T细胞及干细胞治疗、非病毒载体基因治疗、溶瘤病毒产品研发",
     "accelerate R&D of CAR-T cell and stem cell therapy, non-viral vector gene therapy and oncolytic virus products",
     ["CAR-T细胞治疗", "干细胞治疗", "非病毒载体基因治疗", "溶瘤病毒"]),
    ("2-1-5", "鼓励发展类器官芯片、DNA存储等新技术",
     "encourage the development of new technologies such as organoid chips and DNA storage", ["类器官芯片", "DNA存储"]),
    ("2-1-5", "深化产医融合发展", "deepen the integrated development of industry and medicine", []),
    ("2-1-5", "支持关键原材料、重要设备耗材等研发创新与产业化应用",
     "support R&D, innovation and industrial application of key raw materials, important equipment and consumables",
     ["关键原材料", "重要设备耗材"]),
    # 二(一)6
    ("2-1-6", "加速DNA/RNA底层技术突破验证和转化扩容",
     "accelerate breakthroughs, verification, transformation and scale-up of DNA/RNA foundational technologies",
     ["DNA/RNA底层技术"]),
    ("2-1-6", "积极发展基于生物信息学和机器学习的DNA/RNA自动合成系统",
     "actively develop automated DNA/RNA synthesis systems based on bioinformatics and machine learning",
     ["DNA/RNA自动合成系统", "生物信息学", "机器学习"]),
    ("2-1-6", "超前布局定量合成、蛋白质设计、细胞设计、高通量筛选等前沿技术",
     "lay out in advance frontier technologies such as quantitative synthesis, protein design, cell design and "
     "high-throughput screening", ["定量合成", "蛋白质设计", "细胞设计", "高通量筛选"]),
    ("2-1-6", "推动合成生物技术在农业、食品、材料等领域的颠覆性创新与工程化应用",
     "promote disruptive innovation and engineering application of synthetic biology technologies in fields such as "
     "agriculture, food and materials", ["合成生物技术", "农业", "食品", "材料"]),
    # 二(一)7
    ("2-1-7", "积极创建国家新一代人工智能开放创新平台、国家新一代人工智能公共算力开放创新平台",
     "actively establish the National New-Generation Artificial Intelligence Open Innovation Platform and the "
     "National New-Generation Artificial Intelligence Public Computing Power Open Innovation Platform",
     ["国家新一代人工智能开放创新平台", "国家新一代人工智能公共算力开放创新平台"]),
    ("2-1-7", "加快通用人工智能技术研发及产业化",
     "accelerate R&D and industrialisation of artificial general intelligence technologies", ["通用人工智能技术"]),
    ("2-1-7", "前瞻布局类脑智能技术", "lay out brain-inspired intelligence technologies with foresight", ["类脑智能技术"]),
    ("2-1-7", "积极开展 AI 大模型技术研究", "actively carry out research on AI large model technologies",
     ["AI 大模型技术"]),
    ("2-1-7", "加快发展人工智能服务业、智能制造业",
     "accelerate the development of the artificial intelligence service industry and the intelligent manufacturing "
     "industry", ["人工智能服务业", "智能制造业"]),
    # 二(一)8
    ("2-1-8", "面向新一代信息技术、高端装备、新能源等产业快速发展需求",
     "meet the demand of the rapid development of industries such as next-generation information technology, "
     "high-end equipment and new energy", ["新一代信息技术", "高端装备", "新能源"]),
    ("2-1-8", "发展粉末冶金、高性能碳纤维及复合材料、纳米材料、石墨烯材料、智能仿生材料、超导材料、超材料等前沿新材料",
     "develop frontier new materials such as powder metallurgy, high-performance carbon fibre and composite materials, "
     "nanomaterials, graphene materials, intelligent bionic materials, superconducting materials and metamaterials",
     ["粉末冶金", "高性能碳纤维及复合材料", "纳米材料", "石墨烯材料", "智能仿生材料", "超导材料", "超材料"]),
    ("2-1-8", "强化前沿新材料测试评价平台和应用示范平台建设",
     "strengthen the construction of frontier new materials testing and evaluation platforms and application "
     "demonstration platforms", ["前沿新材料测试评价平台", "应用示范平台"]),
    ("2-1-8", "促进新一代材料与关键装备、终端产品同步研发、生产、验证和应用",
     "promote synchronised R&D, production, verification and application of new-generation materials with key "
     "equipment and end products", []),
    ("2-1-8", "推动一代材料革新新一代装备", "let one generation of materials renew a new generation of equipment", []),
    # 二(一)9
    ("2-1-9", "瞄准碳中和愿景下零碳负碳产业发展需求",
     "target the development needs of the zero-carbon and negative-carbon industry under the carbon neutrality vision",
     ["~零碳负碳（碳捕集利用及封存）"]),
    ("2-1-9", "开展碳捕集、运输、利用、封存、监测等环节关键核心技术攻关",
     "tackle key core technologies in links such as carbon capture, transport, utilisation, storage and monitoring",
     ["碳捕集", "运输", "利用", "封存", "监测"]),
    ("2-1-9", "强化系统集成耦合与优化", "strengthen system integration, coupling and optimisation", []),
    ("2-1-9", "发挥碳捕集利用及封存技术在能源系统和工业领域的关键减排作用",
     "bring into play the key emission-reduction role of carbon capture, utilisation and storage technologies in "
     "energy systems and the industrial sector", ["碳捕集利用及封存技术", "能源系统", "工业领域"]),
    ("2-1-9", "加快实现低能耗百万吨级碳捕集利用及封存能力",
     "accelerate the achievement of low-energy, million-tonne-scale carbon capture, utilisation and storage capacity",
     []),
    ("2-1-9", "探索二氧化碳低成本捕集，生物转化、液化驱油、矿物封存、有机化学品和燃料制造、高值无机化学品生产等碳利用技术",
     "explore low-cost carbon dioxide capture and carbon utilisation technologies such as biological conversion, "
     "liquefaction for oil displacement, mineral sequestration, organic chemical and fuel manufacturing, and "
     "high-value inorganic chemical production",
     ["二氧化碳低成本捕集", "生物转化", "液化驱油", "矿物封存", "有机化学品和燃料制造", "高值无机化学品生产", "碳利用技术"]),
    ("2-1-9", "加快推动新一代低成本、低能耗碳捕集技术研发和商业化应用",
     "accelerate R&D and commercial application of next-generation low-cost, low-energy carbon capture technologies",
     ["新一代低成本、低能耗碳捕集技术"]),
    # 二(一)10
    ("2-1-10", "重点攻关近眼显示、渲染处理、感知交互、网络传输、内容生产、压缩编码、安全可信等关键技术",
     "focus on tackling key technologies such as near-eye display, rendering and processing, perception and "
     "interaction, network transmission, content production, compression and encoding, and security and "
     "trustworthiness", ["近眼显示", "渲染处理", "感知交互", "网络传输", "内容生产", "压缩编码", "安全可信"]),
    ("2-1-10", "全面提升虚拟现实关键器件、终端外设、运营平台、应用软件等供给能力",
     "comprehensively improve the supply capacity of virtual reality key devices, terminal peripherals, operation "
     "platforms and application software", ["虚拟现实", "关键器件", "终端外设", "运营平台", "应用软件"]),
    ("2-1-10", "加快工业生产、文化旅游、融合媒体、教育培训、体育健康、商贸创意、演艺娱乐、安全应急、残障辅助、智慧城市等领域应用场景建设",
     "accelerate the building of application scenarios in fields such as industrial production, culture and tourism, "
     "converged media, education and training, sports and health, commerce and creative industries, performing arts "
     "and entertainment, safety and emergency response, assistance for people with disabilities, and smart cities",
     ["工业生产", "文化旅游", "融合媒体", "教育培训", "体育健康", "商贸创意", "演艺娱乐", "安全应急", "残障辅助", "智慧城市"]),
    # 二(二)
    ("2-2", "紧密跟踪世界科技前沿", "closely track the world's scientific and technological frontier", []),
    ("2-2", "把握未来产业变革趋势", "grasp the trends of change in future industries", []),
    ("2-2", "瞄准量子科技、深海深地空天、类人机器人、先进核能等前沿领域",
     "target frontier fields such as quantum science and technology, deep sea, deep earth, air and space, humanoid "
     "robots and advanced nuclear energy", ["量子科技", "深海深地空天", "类人机器人", "先进核能"]),
    ("2-2", "多方向、多路径开展不确定性未来技术预研",
     "carry out pre-research on uncertain future technologies in multiple directions and along multiple paths", []),
    ("2-2", "积极应对人口老龄化、气候变化、能源危机等挑战",
     "actively respond to challenges such as population ageing, climate change and the energy crisis",
     ["人口老龄化", "气候变化", "能源危机"]),
    ("2-2", "力争在关键细分领域换道抢滩", "strive to change lanes and seize the beachhead in key market segments", []),
    ("2-2", "培育一批未来产业新增长点", "cultivate a number of new growth points of future industries", []),
    # 三(一)
    ("3-1", "开展面向未来产业的科技战略研究", "carry out science and technology strategy research for future industries",
     []),
    ("3-1", "以产业应用需求为牵引，引导苏州实验室、紫金山实验室、太湖实验室等重大创新平台和高校院所自主布局未来产业基础研究",
     "guided by industrial application needs, steer major innovation platforms such as Suzhou Laboratory, Purple "
     "Mountain Laboratories and Taihu Laboratory, and universities and research institutes, to lay out basic research "
     "on future industries on their own initiative", ["苏州实验室", "紫金山实验室", "太湖实验室", "高校院所"]),
    ("3-1", "鼓励顶尖科学家领衔重大基础研究项目", "encourage top scientists to lead major basic research projects",
     ["顶尖科学家", "重大基础研究项目"]),
    ("3-1", "探索建设“应用基础研究特区”", "explore building an “applied basic research special zone”",
     ["应用基础研究特区"]),
    ("3-1", "每年实施 15 个以上前瞻技术研发项目",
     "implement 15 or more forward-looking technology R&D projects every year", ["前瞻技术研发项目"]),
    ("3-1", "支撑未来产业发展", "support the development of future industries", []),
    ("3-1", "加快培育建设一批重大科技基础设施预研项目",
     "accelerate the cultivation and building of a number of pre-research projects for major science and technology "
     "infrastructure", ["重大科技基础设施预研项目"]),
    ("3-1", "提升未来产业创新策源能力", "raise the capacity of future industries as sources of innovation", []),
    ("3-1", "面向未来产业重点领域，支持企业与高校、科研院所共建创新联合体和新型研发机构",
     "in key fields of future industries, support enterprises in jointly building innovation consortia and new-type "
     "R&D institutions with universities and research institutes",
     ["企业", "高校", "科研院所", "创新联合体", "新型研发机构"]),
    ("3-1", "牵头或参与建设省级产业（制造业、技术）创新中心、工程研究中心等创新平台",
     "lead or take part in building innovation platforms such as provincial industrial (manufacturing, technology) "
     "innovation centres and engineering research centres", ["省级产业（制造业、技术）创新中心", "工程研究中心"]),
    ("3-1", "推动升级为国家级重大创新平台", "promote their upgrading to national major innovation platforms",
     ["国家级重大创新平台"]),
    ("3-1", "支持科技型骨干企业联合高校、科研院所和产业链企业，探索新型研发组织模式",
     "support backbone science and technology enterprises in exploring new modes of R&D organisation together with "
     "universities, research institutes and industrial chain enterprises",
     ["科技型骨干企业", "高校", "科研院所", "产业链企业"]),
    ("3-1", "加大研发投入", "increase R&D investment", []),
    ("3-1", "强化未来产业原创性、前瞻性技术突破",
     "strengthen original and forward-looking technological breakthroughs in future industries", []),
    ("3-1", "加强未来产业高价值专利培育和布局", "strengthen the cultivation and layout of high-value future industry patents",
     []),
    ("3-1", "提升产业链自主可控水平", "raise the self-reliance and controllability of industrial chains", []),
    ("3-1", "推动未来产业孵化与加速发展", "promote the incubation and accelerated development of future industries", []),
    ("3-1", "支持建设一批专业化、市场化的未来产业概念验证中心、中试验证平台",
     "support building a number of specialised, market-oriented future industry proof-of-concept centres and "
     "pilot-scale verification platforms", ["未来产业概念验证中心", "中试验证平台"]),
    ("3-1", "强化技术熟化、工程化放大、原型制造、可靠性验证等转化服务能力",
     "strengthen transformation service capacities such as technology maturation, engineering scale-up, prototype "
     "manufacturing and reliability verification", []),
    ("3-1", "强化全省技术转移机构建设", "strengthen the building of technology transfer institutions across the province",
     ["技术转移机构"]),
    ("3-1", "采取专利等技术成果作价入股、先使用后付费等多种形式，加速科技成果向企业转化",
     "accelerate the transfer of scientific and technological achievements to enterprises through forms such as "
     "equity contribution of technological achievements such as patents and use first, pay later",
     ["技术成果作价入股", "先使用后付费", "企业"]),
    ("3-1", "推动企业开展未来产业细分领域的工艺路线、制造设备研发",
     "promote enterprises' R&D of process routes and manufacturing equipment in future industry segments", ["企业"]),
    ("3-1", "加快未来产业培育及产业化进程", "accelerate the cultivation and industrialisation of future industries", []),
    # 三(二)
    ("3-2", "围绕“10+X”未来产业领域，加强本土创新型领军企业、专精特新“小巨人”企业培育",
     "around the “10+X” future industry fields, strengthen the cultivation of local innovative leading enterprises "
     "and specialised, refined, distinctive and innovative “little giant” enterprises",
     ["“10+X”未来产业体系", "本土创新型领军企业", "专精特新“小巨人”企业"]),
    ("3-2", "瞄准国内外前沿科技集聚城市，推动跨区域创新资源互补和成果转化",
     "targeting cities at home and abroad where frontier science and technology concentrate, promote cross-regional "
     "complementarity of innovation resources and the transformation of achievements", []),
    ("3-2", "着力引进高成长性创新型企业", "strive to attract high-growth innovative enterprises", ["高成长性创新型企业"]),
    ("3-2", "加快构建未来产业企业矩阵", "accelerate building a matrix of future industry enterprises", []),
    ("3-2", "推动未来产业“育链”", "promote “chain cultivation” for future industries", []),
    ("3-2", "围绕创新链布局产业链", "lay out industrial chains around innovation chains", []),
    ("3-2", "构建“基础研究+技术攻关+成果转化+科技金融”的未来产业培育链路",
     "build a future industry cultivation path of “basic research + technology breakthroughs + transformation of "
     "achievements + science and technology finance”", []),
    ("3-2", "加快培育氢能、细胞和基因技术等产业链",
     "accelerate the cultivation of industrial chains such as hydrogen energy and cell and gene technologies",
     ["氢能", "细胞和基因技术"]),
    ("3-2", "统筹全省未来产业布局", "coordinate the layout of future industries across the province", []),
    ("3-2", "充分依据地方经济、产业和科技发展的特点，科学引导各地因地制宜培育发展未来产业",
     "fully based on the characteristics of local economic, industrial and technological development, scientifically "
     "guide each locality to cultivate and develop future industries according to local conditions", []),
    ("3-2", "到2030年，建设20个省级未来产业先导区", "by 2030, build 20 provincial future industry pilot zones",
     ["省级未来产业先导区"]),
    ("3-2", "支持苏州、南京等城市积极争创国家级未来产业先导区",
     "support cities such as Suzhou and Nanjing in actively striving to establish national future industry pilot zones",
     ["苏州", "南京", "国家级未来产业先导区"]),
    ("3-2", "高水平建设一批具有核心竞争力的未来产业集群",
     "build to a high level a number of future industry clusters with core competitiveness", []),
    # 三(三)
    ("3-3", "围绕氢能、新型储能、量子科技等领域前沿科技，支持国有企业、高校、科研机构等建设验证场景",
     "around frontier science and technology in fields such as hydrogen energy, new-type energy storage and quantum "
     "science and technology, support state-owned enterprises, universities and research institutions in building "
     "verification scenarios", ["氢能", "新型储能", "量子科技", "国有企业", "高校", "科研机构", "验证场景"]),
    ("3-3", "面向社会有序开放", "open them to society in an orderly way", []),
    ("3-3", "推动前沿科技创新应用和突破", "promote innovative application of and breakthroughs in frontier technologies",
     []),
    ("3-3", "围绕通用智能、未来网络、细胞和基因技术、前沿新材料等领域，支持建设开放综合性和行业类融合应用场景",
     "around fields such as general intelligence, future networks, cell and gene technologies and frontier new "
     "materials, support building open comprehensive and industry-specific integrated application scenarios",
     ["通用智能", "未来网络", "细胞和基因技术", "前沿新材料", "开放综合性融合应用场景", "行业类融合应用场景"]),
    ("3-3", "以场景应用推动技术产品定型、用户群体培育、市场需求挖掘",
     "use scenario applications to drive the finalisation of technology products, the cultivation of user groups and "
     "the discovery of market demand", []),
    ("3-3", "加速产业化进程", "speed up industrialisation", []),
    ("3-3", "推动产业跨界融合示范", "promote demonstrations of cross-sector industrial integration", []),
    ("3-3", "支持运用未来产业前沿技术赋能重构农业、制造业、商务、能源、交通、建筑、教育、康养、文旅等行业",
     "support using frontier technologies of future industries to empower and restructure sectors such as "
     "agriculture, manufacturing, commerce, energy, transport, construction, education, health and elderly care, "
     "and culture and tourism", ["农业", "制造业", "商务", "能源", "交通", "建筑", "教育", "康养", "文旅"]),
    ("3-3", "到2030年，建设50个以上开放应用场景", "by 2030, build 50 or more open application scenarios",
     ["开放应用场景"]),
    ("3-3", "支持应用场景促进机构发展", "support the development of application scenario promotion institutions",
     ["应用场景促进机构"]),
    ("3-3", "引导企业常态化推进场景挖掘发布、供需对接、建设运营",
     "guide enterprises to routinely advance the discovery and release of scenarios, matching of supply and demand, "
     "and construction and operation", ["企业"]),
    ("3-3", "推动多元化场景建设和开放", "promote the building and opening of diversified scenarios", []),
    ("3-3", "推动开展长三角跨区域应用场景合作",
     "promote cross-regional cooperation on application scenarios in the Yangtze River Delta", ["长三角"]),
    ("3-3", "探索打造覆盖范围广、带动效应强的典型应用场景",
     "explore building typical application scenarios with wide coverage and strong driving effects", ["典型应用场景"]),
    # 三(四)
    ("3-4", "研究制定未来产业核心人才库和紧缺人才图谱",
     "study and formulate a future industry core talent pool and a map of talents in short supply",
     ["未来产业核心人才库", "紧缺人才图谱"]),
    ("3-4", "加大产业科创领军人才“顶尖人才支持计划”“双创计划”和省“333工程”等对未来产业重点领域的支持力度",
     "increase the support given to key fields of future industries by programmes such as the Top Talent Support "
     "Programme for leading industrial science and innovation talents, the Shuangchuang Programme and the provincial "
     "333 Project", ["顶尖人才支持计划", "双创计划", "333工程"]),
    ("3-4", "加快引进一批具有国际视野的战略科技人才、科技领军人才、青年科技人才、卓越工程师、高技能人才和大国工匠",
     "accelerate the introduction of strategic science and technology talents, leading science and technology "
     "talents, young science and technology talents, outstanding engineers, highly skilled talents and master "
     "craftsmen with an international outlook",
     ["战略科技人才", "科技领军人才", "青年科技人才", "卓越工程师", "高技能人才", "大国工匠"]),
    ("3-4", "推动在苏高校建设未来技术学院、未来产业（技术）研究院和实验室",
     "promote universities in Jiangsu in building future technology colleges, future industry (technology) research "
     "institutes and laboratories", ["在苏高校", "未来技术学院", "未来产业（技术）研究院", "实验室"]),
    ("3-4", "科学设置未来技术相关学科", "set up disciplines related to future technologies scientifically", []),
    ("3-4", "到2030年，系统培养具有交叉复合背景的未来产业创新人才（团队）100个以上",
     "by 2030, systematically train 100 or more future industry innovation talents (teams) with interdisciplinary "
     "backgrounds", ["未来产业创新人才（团队）"]),
    ("3-4", "创新金融支持服务", "innovate financial support services", []),
    ("3-4", "省战略性新兴产业母基金与相关设区市共同组建未来产业天使基金",
     "the provincial strategic emerging industries fund of funds and the relevant cities jointly set up a future "
     "industry angel fund", ["省战略性新兴产业母基金", "相关设区市", "未来产业天使基金"]),
    ("3-4", "促进风险投资、股权投资等市场化创投基金，投早、投小、投长、投硬科技",
     "promote market-oriented venture capital funds such as venture capital and equity investment to invest early, "
     "small, long-term and in hard technology", ["风险投资", "股权投资", "市场化创投基金"]),
    ("3-4", "支持种子期、初创期科技型企业发展壮大",
     "support seed-stage and start-up-stage science and technology enterprises in growing",
     ["种子期科技型企业", "初创期科技型企业"]),
    ("3-4", "支持省战略性新兴产业基金集群依法合规投资未来产业",
     "support the provincial strategic emerging industries fund cluster in investing in future industries in "
     "compliance with the law", ["省战略性新兴产业基金集群"]),
    ("3-4", "吸引带动商业银行、公募私募等社会资本投入",
     "attract and drive investment of social capital such as commercial banks and public and private funds",
     ["商业银行", "公募私募"]),
    ("3-4", "鼓励政策性、开发性、商业性金融机构创新金融产品和服务模式",
     "encourage policy, development and commercial financial institutions to innovate financial products and "
     "service models", ["政策性金融机构", "开发性金融机构", "商业性金融机构"]),
    ("3-4", "保障未来产业发展资金多源性", "ensure diversified sources of funds for future industry development", []),
    ("3-4", "加大知识产权质押融资、首贷投放力度",
     "increase the provision of intellectual property pledge financing and first loans", ["知识产权质押融资", "首贷"]),
    ("3-4", "加强重大科技攻关、前沿技术创新等重点项目金融保障",
     "strengthen financial guarantees for key projects such as major science and technology breakthroughs and "
     "frontier technology innovation", ["重大科技攻关", "前沿技术创新"]),
    ("3-4", "加大未来产业领域公共数据开放共享力度",
     "increase the opening and sharing of public data in future industry fields", ["公共数据"]),
    ("3-4", "通过特许开发、分级授权等方式，推动科学数据、实验数据向企业开放",
     "through means such as licensed development and tiered authorisation, promote the opening of scientific data "
     "and experimental data to enterprises", ["特许开发", "分级授权", "科学数据", "实验数据", "企业"]),
    # 三(五)
    ("3-5", "充分利用长三角科技创新合作机制",
     "make full use of the Yangtze River Delta science and technology innovation cooperation mechanism",
     ["长三角科技创新合作机制", "长三角"]),
    ("3-5", "深化长三角科技创新共同体联合攻关",
     "deepen joint research within the Yangtze River Delta science and technology innovation community",
     ["长三角科技创新共同体", "长三角"]),
    ("3-5", "推动国家战略科技力量共建共享",
     "promote joint building and sharing of national strategic science and technology forces", []),
    ("3-5", "探索构建跨区域未来产业协同发展体系",
     "explore building a cross-regional system for coordinated development of future industries", []),
    ("3-5", "立足江苏制造大市场", "build on Jiangsu's large manufacturing market", ["江苏"]),
    ("3-5", "深入对接京津冀、粤港澳等未来产业先发地区",
     "connect closely with regions that developed future industries first, such as Beijing-Tianjin-Hebei and "
     "Guangdong-Hong Kong-Macao", ["京津冀", "粤港澳"]),
    ("3-5", "联合开展前沿技术多路径探索", "jointly explore frontier technologies along multiple paths", []),
    ("3-5", "加大融合性和原创性技术供给", "increase the supply of integrative and original technologies", []),
    ("3-5", "办好未来产业相关领域峰会、论坛", "hold summits and forums in fields related to future industries well", []),
    ("3-5", "深度融入未来产业全球创新网络", "integrate deeply into the global innovation network of future industries",
     []),
    ("3-5", "发挥连接国内国际双循环枢纽门户作用",
     "play the role of a hub and gateway connecting the domestic and international circulations", []),
    ("3-5", "积极参与国际大科学计划、大科学工程",
     "actively take part in international big science programmes and big science projects",
     ["国际大科学计划", "大科学工程"]),
    ("3-5", "主动承接未来产业国际技术转移", "proactively take on international technology transfer in future industries",
     []),
    ("3-5", "畅通未来产业技术、人才、资金等资源要素的全球化供给",
     "smooth the global supply of resource factors of future industries such as technology, talent and funds", []),
    # 三(六)
    ("3-6", "统筹推进先用先试", "coordinate and advance first use and first trial", []),
    ("3-6", "研究制定未来产业先行先试任务清单", "study and formulate a list of future industry pilot tasks",
     ["未来产业先行先试任务清单"]),
    ("3-6", "支持南京、苏州等城市率先建设未来产业（技术）研究院",
     "support cities such as Nanjing and Suzhou in taking the lead in building future industry (technology) research "
     "institutes", ["南京", "苏州", "未来产业（技术）研究院"]),
    ("3-6", "大胆开展技术突破、成果转化、场景应用、要素保障、生态构建、产业治理、风险防范等探索创新",
     "boldly explore and innovate in technology breakthroughs, transformation of achievements, scenario application, "
     "factor guarantees, ecosystem building, industry governance and risk prevention", []),
    ("3-6", "支持大学科技园开展未来产业园建设试点",
     "support university science parks in piloting the building of future industry parks", ["大学科技园", "未来产业园"]),
    ("3-6", "探索“学科+产业”创新模式", "explore a “discipline + industry” innovation model", []),
    ("3-6", "推动未来产业规范健康发展", "promote the orderly and healthy development of future industries", []),
    ("3-6", "在确保安全可控前提下，探索构建鼓励创新、弹性包容的未来产业产品和服务市场准入、市场监管制度",
     "on the premise of ensuring safety and controllability, explore building market access and market supervision "
     "regimes for future industry products and services that encourage innovation and are flexible and inclusive",
     ["市场准入制度", "市场监管制度"]),
    ("3-6", "探索“观察期”“包容期”等新型监管举措",
     "explore new-type regulatory measures such as an “observation period” and a “tolerance period”",
     ["观察期", "包容期", "新型监管举措"]),
    ("3-6", "实施提示预警、行政指导等柔性监管",
     "implement flexible regulation such as reminders and early warnings and administrative guidance",
     ["提示预警", "行政指导", "柔性监管"]),
    ("3-6", "在符合条件的领域试点“沙盒监管”", "pilot a “regulatory sandbox” in eligible fields", ["沙盒监管"]),
    ("3-6", "加强对智能、生物等重点领域安全、伦理规范及社会治理实践研究",
     "strengthen research on safety, ethical norms and social governance practice in key fields such as intelligence "
     "and biology", ["智能", "生物"]),
    ("3-6", "探索制定未来产业重点领域行业规范和标准",
     "explore formulating industry norms and standards for key fields of future industries", []),
    ("3-6", "加大新领域新业态知识产权保护",
     "strengthen intellectual property protection for new fields and new business forms", []),
    ("3-6", "优化完善容错机制", "optimise and improve the fault-tolerance mechanism", ["容错机制"]),
    ("3-6", "对国有企业、高校、科研院所等在原创技术研究、新兴产业投资、创新成果转化过程中，因不确定性、难预测因素未达到预期效果"
            "或造成损失，相关负责人已履行应尽职责、决策和实施程序符合规定、并未谋取个人非法利益的，给予责任豁免或减轻责任",
     "where state-owned enterprises, universities, research institutes and the like fail to achieve the expected "
     "results or incur losses in original technology research, investment in emerging industries or transformation "
     "of innovation achievements because of uncertain or unpredictable factors, and the persons in charge have "
     "fulfilled their duties, decision-making and implementation procedures complied with the rules, and no illegal "
     "personal benefit was sought, exempt them from liability or mitigate their liability",
     ["国有企业", "高校", "科研院所", "责任豁免", "减轻责任"]),
    # 四(一)
    ("4-1", "坚持党对培育发展未来产业工作的全面领导",
     "uphold the Party's overall leadership over the work of cultivating and developing future industries", ["党"]),
    ("4-1", "发挥省推进战略性新兴产业发展工作领导小组统筹协调作用",
     "bring into play the overall coordinating role of the Provincial Leading Group for Promoting the Development of "
     "Strategic Emerging Industries", ["省推进战略性新兴产业发展工作领导小组"]),
    ("4-1", "强化未来产业发展顶层设计", "strengthen the top-level design of future industry development", []),
    ("4-1", "推进未来产业重大问题研究、重大事项决策和重点工作部署",
     "advance research on major issues, decisions on major matters and deployment of key work for future industries",
     []),
    ("4-1", "强化跨部门、跨区域、跨层级协同联动",
     "strengthen coordination and linkage across departments, regions and levels", []),
    ("4-1", "制定未来产业行动方案", "formulate a future industry action plan", ["未来产业行动方案"]),
    ("4-1", "落实未来产业重大任务", "carry out the major tasks for future industries", []),
    ("4-1", "加强工作指引", "strengthen work guidance", []),
    ("4-1", "整合有关部门、行业专家、智库单位等力量",
     "pool the forces of relevant departments, industry experts, think tanks and others", ["有关部门", "行业专家", "智库单位"]),
    ("4-1", "开展前瞻研究", "carry out forward-looking research", []),
    ("4-1", "逐步完善与未来产业发展相适应的培育机制和评估体系",
     "gradually improve cultivation mechanisms and evaluation systems suited to future industry development", []),
    # 四(二)
    ("4-2", "按照各有侧重、错位支持的原则，进一步优化省级有关专项资金支持方向",
     "following the principle of differentiated, complementary support, further optimise the support directions of "
     "the relevant provincial special funds", ["省级有关专项资金"]),
    ("4-2", "加大对未来产业领域重大项目支持力度", "increase support for major projects in future industry fields",
     ["未来产业重大项目"]),
    ("4-2", "落实国家出台的企业研发费用税前加计扣除、固定资产加速折旧、高新技术企业、技术转让等税收优惠政策",
     "implement the preferential tax policies issued by the state, such as additional pre-tax deduction of "
     "enterprise R&D expenses, accelerated depreciation of fixed assets, high and new technology enterprises and "
     "technology transfer",
     ["企业研发费用税前加计扣除", "固定资产加速折旧", "高新技术企业", "技术转让", "税收优惠政策"]),
    ("4-2", "支持未来产业领域更多产品纳入省重点推广应用的新技术新产品目录",
     "support including more products of future industry fields in the provincial catalogue of new technologies and "
     "new products for key promotion and application", ["省重点推广应用的新技术新产品目录"]),
    ("4-2", "推动首台（套）重大装备、首版次软件、首批次新材料的首购首用",
     "promote first purchase and first use of first (sets of) major equipment, first-version software and "
     "first-batch new materials", ["首台（套）重大装备", "首版次软件", "首批次新材料", "首购首用"]),
    ("4-2", "强化人才、土地、能耗等要素保障", "strengthen the guarantee of factors such as talent, land and energy use", []),
    ("4-2", "优先支持未来产业重大项目建设", "give priority support to the construction of major future industry projects",
     ["未来产业重大项目"]),
    ("4-2", "鼓励各设区市结合实际出台未来产业专项支持政策",
     "encourage all cities to issue special support policies for future industries in light of their circumstances",
     ["各设区市", "未来产业专项支持政策"]),
    # 四(三)
    ("4-3", "探索建立未来产业统计监测体系", "explore establishing a future industry statistical monitoring system",
     ["未来产业统计监测体系"]),
    ("4-3", "完善未来产业统计监测工作机制",
     "improve the working mechanism for future industry statistical monitoring", ["未来产业统计监测工作机制"]),
    ("4-3", "制定全省未来产业统计目录", "formulate a provincial statistical catalogue of future industries",
     ["全省未来产业统计目录"]),
    ("4-3", "强化未来产业发展动态监测和分析研究",
     "strengthen dynamic monitoring and analysis of future industry development", []),
    ("4-3", "定期发布未来产业运行情况报告", "regularly publish reports on the operation of future industries",
     ["未来产业运行情况报告"]),
    ("4-3", "对培育未来产业工作成效明显地方，给予督查激励表彰",
     "give inspection-based incentives and commendation to localities with marked results in cultivating future "
     "industries", ["督查激励表彰"]),
    ("4-3", "经验做法在全省复制推广", "replicate and promote their experience and practices across the province", []),
]
