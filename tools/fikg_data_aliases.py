# ruff: noqa: E501  (data tables: one row per line reads better than wrapped Chinese text)
"""Editor's labels: names people use for the entities of 苏政发〔2023〕104号 that the document does not write.

A label is not a claim. These rows add no fact: each gives another name (a standard abbreviation, a
formula, a common Chinese or English name, an official full name) to an entity the document names, so
that a reader finds it by the word they know. ``tools/build_graph.py`` writes each row twice on its
entity: as ``skos:altLabel`` (or ``skos:hiddenLabel``), which every SKOS tool reads, and as
``fikg:editorAltLabel`` (or ``fikg:editorHiddenLabel``, their subproperties), the machine-readable mark
that an editor, not the document, gave the name. The shape ``UnmarkedLabelConstraint`` refuses an
alternative or hidden label that is neither marked so nor a wording of a sentence the entity cites.

Each row: (entity, label, language, ALT or HIDDEN, reason kind, why the name denotes the entity).
The entity is its Chinese label (``kind:label`` where two kinds share one), as in the other tables.
Only names a reader of the document would agree denote the entity; a name that covers two entities
is on both (碳化硅 names the SiC material and the SiC/GaN preparation technology). Hidden labels are
forms people type that are not names of their own (Ga2O3, AI大模型 without the space).
"""

from __future__ import annotations

ALT, HIDDEN = "alt", "hidden"

# reason kinds
ABBREVIATION = "abbreviation"  # a standard abbreviation or acronym
FORMULA = "formula"  # a chemical formula
COMMON = "common name"  # another name in common use in the field
ENGLISH = "English name"  # an English name other than the English label
OFFICIAL = "official name"  # the full official name of an agency
SHORT = "short form"  # the label shortened the way people say it
VARIANT = "typing variant"  # how people type a name (hidden): no subscripts, no space, no hyphen

REASONS = (ABBREVIATION, FORMULA, COMMON, ENGLISH, OFFICIAL, SHORT, VARIANT)

SIC_MATERIAL = "碳化硅单晶衬底及外延材料"
GAN_MATERIAL = "氮化镓单晶衬底及外延材料"
SIC_GAN_TECHNOLOGY = "碳化硅、氮化镓单晶衬底及外延材料制备技术"
CCUS_INDUSTRY = "零碳负碳（碳捕集利用及封存）"
CCUS_TECHNOLOGY = "碳捕集利用及封存技术"

ALIASES: list[tuple[str, str, str, str, str, str]] = [
    # 第三代半导体
    ("第三代半导体", "宽禁带半导体", "zh", ALT, COMMON, "SiC and GaN, the third generation, are the wide-bandgap semiconductors"),
    ("第三代半导体", "wide-bandgap semiconductors", "en", ALT, ENGLISH, "the English name of the same class of semiconductors"),
    ("第三代半导体", "三代半", "zh", ALT, SHORT, "the industry's shorthand for 第三代半导体"),
    (SIC_MATERIAL, "SiC", "en", ALT, FORMULA, "formula of silicon carbide, the material's substance"),
    (SIC_MATERIAL, "silicon carbide", "en", ALT, ENGLISH, "English name of 碳化硅, as the text names the material"),
    (GAN_MATERIAL, "GaN", "en", ALT, FORMULA, "formula of gallium nitride, the material's substance"),
    (GAN_MATERIAL, "gallium nitride", "en", ALT, ENGLISH, "English name of 氮化镓, as the text names the material"),
    (SIC_GAN_TECHNOLOGY, "碳化硅", "zh", ALT, SHORT, "the technology prepares SiC (and GaN) substrates: 碳化硅 names it as it names the material"),
    (SIC_GAN_TECHNOLOGY, "SiC", "en", ALT, FORMULA, "formula of silicon carbide, one of the two substances it prepares"),
    (SIC_GAN_TECHNOLOGY, "silicon carbide", "en", ALT, ENGLISH, "English name of 碳化硅, one of the two substances it prepares"),
    (SIC_GAN_TECHNOLOGY, "氮化镓", "zh", ALT, SHORT, "the technology prepares GaN (and SiC) substrates: 氮化镓 names it as it names the material"),
    (SIC_GAN_TECHNOLOGY, "GaN", "en", ALT, FORMULA, "formula of gallium nitride, one of the two substances it prepares"),
    (SIC_GAN_TECHNOLOGY, "gallium nitride", "en", ALT, ENGLISH, "English name of 氮化镓, one of the two substances it prepares"),
    ("氧化镓", "Ga₂O₃", "en", ALT, FORMULA, "formula of gallium oxide"),
    ("氧化镓", "Ga2O3", "en", HIDDEN, VARIANT, "the formula typed without subscripts"),
    ("电力电子器件", "功率器件", "zh", ALT, COMMON, "power semiconductor devices, the usual name of power electronic devices"),
    ("电力电子器件", "power devices", "en", ALT, COMMON, "the usual English short name"),
    ("微波射频器件", "射频器件", "zh", ALT, SHORT, "radio-frequency devices, the usual short name"),
    ("微波射频器件", "RF devices", "en", ALT, ABBREVIATION, "RF: radio frequency"),
    ("光电子器件", "光电器件", "zh", ALT, SHORT, "the usual short name of optoelectronic devices"),
    # 未来网络
    ("新一代移动通信", "6G", "en", ALT, COMMON, "the generation of mobile communication after 5G, which the next generation is in 2023"),
    ("算力网络", "computing force network", "en", ALT, ENGLISH, "the English name ITU-T and China's operators use for 算力网络"),
    ("高速全光通信", "全光通信", "zh", ALT, SHORT, "all-optical communication, without the qualifier"),
    # 氢能
    ("氢能", "氢能源", "zh", ALT, COMMON, "hydrogen energy, the longer everyday word"),
    ("氢能", "hydrogen", "en", ALT, SHORT, "the industry as English usually names it"),
    ("固态储氢材料", "固态储氢", "zh", ALT, SHORT, "solid-state hydrogen storage; the text: 固态储氢材料及关键技术"),
    ("固态储氢材料", "solid-state hydrogen storage", "en", ALT, SHORT, "the English name of 固态储氢"),
    ("可再生能源制氢关键技术", "绿氢制备", "zh", ALT, COMMON, "hydrogen made from renewable energy is called green hydrogen (绿氢)"),
    ("可再生能源制氢关键技术", "green hydrogen production", "en", ALT, COMMON, "the English name of 绿氢制备"),
    ("氢燃料电池汽车", "燃料电池汽车", "zh", ALT, SHORT, "fuel cell vehicles run on hydrogen"),
    ("氢燃料电池汽车", "fuel cell vehicles", "en", ALT, SHORT, "the English name of 燃料电池汽车"),
    ("氢燃料电池汽车", "FCEV", "en", ALT, ABBREVIATION, "fuel cell electric vehicle"),
    # 新型储能
    ("新型储能", "new energy storage", "en", ALT, ENGLISH, "the other usual English rendering of 新型储能"),
    ("全固态锂离子电池", "全固态电池", "zh", ALT, SHORT, "all-solid-state batteries, without the chemistry"),
    ("全固态锂离子电池", "all-solid-state batteries", "en", ALT, SHORT, "the English name of 全固态电池"),
    ("全固态锂离子电池", "固态电池", "zh", ALT, COMMON, "solid-state battery: a cell with no liquid electrolyte"),
    ("全固态锂离子电池", "solid-state batteries", "en", ALT, COMMON, "the English name of 固态电池"),
    ("固液混合锂离子电池", "半固态电池", "zh", ALT, COMMON, "hybrid solid-liquid cells are sold as semi-solid-state batteries"),
    ("固液混合锂离子电池", "semi-solid-state batteries", "en", ALT, COMMON, "the English name of 半固态电池"),
    ("压缩空气", "压缩空气储能", "zh", ALT, COMMON, "the full name; the text lists 压缩空气 among 储能技术"),
    ("压缩空气", "CAES", "en", ALT, ABBREVIATION, "compressed-air energy storage"),
    ("钠硫电池", "NaS batteries", "en", ALT, FORMULA, "the sodium-sulfur cell by its elements' symbols"),
    ("钠镍电池", "sodium-nickel chloride batteries", "en", ALT, ENGLISH, "the full English name of the sodium-nickel cell"),
    ("熔盐储热", "熔盐储能", "zh", ALT, COMMON, "molten-salt energy storage, the usual name"),
    ("氢（氨）储能", "氢储能", "zh", ALT, SHORT, "hydrogen energy storage, without the bracketed ammonia"),
    # 细胞和基因技术
    ("CAR-T细胞治疗", "CAR-T", "en", ALT, ABBREVIATION, "the therapy as it is usually named"),
    ("CAR-T细胞治疗", "CAR-T疗法", "zh", ALT, COMMON, "CAR-T therapy"),
    ("CAR-T细胞治疗", "chimeric antigen receptor T-cell therapy", "en", ALT, ENGLISH, "the full English name"),
    ("CAR-T细胞治疗", "CAR T", "en", HIDDEN, VARIANT, "typed without the hyphen"),
    ("基因编辑", "genome editing", "en", ALT, ENGLISH, "the other usual English name"),
    ("基因测序", "DNA测序", "zh", ALT, COMMON, "DNA sequencing"),
    ("基因测序", "DNA sequencing", "en", ALT, COMMON, "the usual English name"),
    ("高通量基因测序仪及配套试剂", "高通量测序仪", "zh", ALT, SHORT, "high-throughput sequencers, the usual short name"),
    ("DNA存储", "DNA数据存储", "zh", ALT, COMMON, "DNA data storage"),
    ("DNA存储", "DNA data storage", "en", ALT, ENGLISH, "the usual English name"),
    # 合成生物
    ("合成生物", "合成生物学", "zh", ALT, COMMON, "synthetic biology, the name of the discipline"),
    ("合成生物", "SynBio", "en", ALT, ABBREVIATION, "the usual English abbreviation"),
    ("机器学习", "ML", "en", ALT, ABBREVIATION, "machine learning"),
    ("高通量筛选", "HTS", "en", ALT, ABBREVIATION, "high-throughput screening"),
    ("生物信息学", "生信", "zh", ALT, SHORT, "the usual Chinese shorthand of bioinformatics"),
    ("蛋白质设计", "蛋白设计", "zh", ALT, SHORT, "protein design, the shorter word"),
    # 通用智能
    ("通用人工智能技术", "通用人工智能", "zh", ALT, SHORT, "artificial general intelligence, without 技术"),
    ("通用人工智能技术", "artificial general intelligence", "en", ALT, SHORT, "the English name, without technologies"),
    ("通用人工智能技术", "AGI", "en", ALT, ABBREVIATION, "artificial general intelligence"),
    ("AI 大模型技术", "大模型", "zh", ALT, SHORT, "large models, the everyday word"),
    ("AI 大模型技术", "大语言模型", "zh", ALT, COMMON, "large language models, the kind of AI large model meant"),
    ("AI 大模型技术", "large language models", "en", ALT, COMMON, "the English name of 大语言模型"),
    ("AI 大模型技术", "LLM", "en", ALT, ABBREVIATION, "large language model"),
    ("AI 大模型技术", "AI大模型", "zh", HIDDEN, VARIANT, "typed without the space the text has"),
    ("类脑智能技术", "类脑智能", "zh", ALT, SHORT, "brain-inspired intelligence, without 技术"),
    # 前沿新材料
    ("高性能碳纤维及复合材料", "碳纤维", "zh", ALT, SHORT, "carbon fibre, the material the composites are made of"),
    ("高性能碳纤维及复合材料", "carbon fibre", "en", ALT, SHORT, "the English name of 碳纤维"),
    ("高性能碳纤维及复合材料", "carbon fiber", "en", ALT, ENGLISH, "the American spelling"),
    ("超导材料", "superconductors", "en", ALT, COMMON, "the usual English name"),
    # 零碳负碳（碳捕集利用及封存）
    (CCUS_INDUSTRY, "CCUS", "en", ALT, ABBREVIATION, "carbon capture, utilisation and storage: the bracketed part of the industry's name"),
    (CCUS_INDUSTRY, "碳捕集利用与封存", "zh", ALT, COMMON, "the national standard term for the bracketed part (the text writes 及)"),
    (CCUS_INDUSTRY, "零碳负碳", "zh", ALT, SHORT, "the name without the bracket, as in the text's 零碳负碳产业"),
    (CCUS_TECHNOLOGY, "CCUS", "en", ALT, ABBREVIATION, "carbon capture, utilisation and storage"),
    (CCUS_TECHNOLOGY, "碳捕集利用与封存", "zh", ALT, COMMON, "the national standard term (the text writes 及)"),
    (CCUS_TECHNOLOGY, "carbon capture, utilization and storage", "en", ALT, ENGLISH, "the American spelling, as the IEA writes it"),
    ("碳捕集", "碳捕获", "zh", ALT, COMMON, "the other Chinese rendering of carbon capture"),
    ("封存", "碳封存", "zh", ALT, COMMON, "封存 in the chain 碳捕集、运输、利用、封存 is carbon storage"),
    ("封存", "carbon sequestration", "en", ALT, COMMON, "the other English name of carbon storage"),
    ("监测", "碳监测", "zh", ALT, COMMON, "监测 in the chain 碳捕集、运输、利用、封存、监测 is carbon monitoring"),
    ("运输", "二氧化碳运输", "zh", ALT, COMMON, "运输 in the chain 碳捕集、运输、利用 is CO2 transport"),
    ("液化驱油", "二氧化碳驱油", "zh", ALT, COMMON, "CO2 flooding for enhanced oil recovery"),
    ("液化驱油", "CO2-EOR", "en", ALT, ABBREVIATION, "CO2 enhanced oil recovery"),
    ("矿物封存", "矿化封存", "zh", ALT, COMMON, "mineralisation storage, the other usual name"),
    ("矿物封存", "mineral carbonation", "en", ALT, COMMON, "the usual English name of the process"),
    # 虚拟现实 (the national action plan 2022–2026 counts 增强现实 and 混合现实 as part of 虚拟现实)
    ("虚拟现实", "VR", "en", ALT, ABBREVIATION, "virtual reality"),
    ("虚拟现实", "扩展现实", "zh", ALT, COMMON, "extended reality, the umbrella name of VR, AR and MR"),
    ("虚拟现实", "XR", "en", ALT, ABBREVIATION, "extended reality"),
    ("虚拟现实", "增强现实", "zh", ALT, COMMON, "augmented reality, part of 虚拟现实 in the national action plan"),
    ("虚拟现实", "AR", "en", ALT, ABBREVIATION, "augmented reality"),
    # frontier industries
    ("量子科技", "量子技术", "zh", ALT, COMMON, "quantum technology, the usual Chinese word"),
    ("量子科技", "quantum technology", "en", ALT, COMMON, "the usual English name"),
    ("类人机器人", "人形机器人", "zh", ALT, COMMON, "humanoid robots, the usual Chinese word (MIIT's 2023 guidance)"),
    # agencies: the short forms and full official names people write
    ("省发展改革委", "省发改委", "zh", ALT, SHORT, "the usual abbreviation"),
    ("省发展改革委", "江苏省发展和改革委员会", "zh", ALT, OFFICIAL, "the full official name"),
    ("省工业和信息化厅", "省工信厅", "zh", ALT, SHORT, "the usual abbreviation"),
    ("省工业和信息化厅", "江苏省工业和信息化厅", "zh", ALT, OFFICIAL, "the full official name"),
    ("省科技厅", "江苏省科学技术厅", "zh", ALT, OFFICIAL, "the full official name"),
    ("省科技厅", "Jiangsu Provincial Department of Science and Technology", "en", ALT, OFFICIAL, "the English name with the province"),
    ("省市场监管局", "江苏省市场监督管理局", "zh", ALT, OFFICIAL, "the full official name"),
    ("省国资委", "江苏省人民政府国有资产监督管理委员会", "zh", ALT, OFFICIAL, "the full official name"),
    ("省财政厅", "江苏省财政厅", "zh", ALT, OFFICIAL, "the full official name"),
    # policy instruments
    ("沙盒监管", "监管沙盒", "zh", ALT, COMMON, "regulatory sandbox, the usual word order"),
]
