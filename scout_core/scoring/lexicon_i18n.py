"""The lexicon beyond English, as data: AI terms, class cues and shipping phrases in other languages.

Japanese, Chinese (simplified and traditional), Korean, Hindi, Spanish, Portuguese, French and Arabic.
Each entry maps to a canonical English term of ``keywords.AI_TERMS`` or a cue of ``keywords.CLASS_CUES``,
so evidence reads the same whatever the language ("llm" for "大規模言語モデル" and "modelos de lenguaje").
CJK, Hindi and Arabic forms match inside longer words (those scripts attach particles and articles).
"""

from __future__ import annotations

from scout_core.schema import Classification

# canonical AI term -> aliases in other languages
AI_TERM_ALIASES: dict[str, tuple[str, ...]] = {
    "llm": ("大規模言語モデル", "言語モデル", "大语言模型", "大語言模型", "语言模型", "語言模型", "大模型",
            "대규모 언어 모델", "언어 모델", "언어모델", "modelo de lenguaje", "modelos de lenguaje",
            "modelo de linguagem", "modelos de linguagem", "modèle de langage", "modèles de langage",
            "भाषा मॉडल", "نموذج لغوي", "نماذج اللغة", "النماذج اللغوية"),
    "agents": ("エージェント", "智能体", "智能體", "ai代理", "에이전트", "agente de ia", "agentes de ia",
               "agentes", "agente ia", "agents ia", "एजेंट", "وكيل ذكاء", "وكلاء الذكاء", "الوكلاء"),
    "fine-tuning": ("ファインチューニング", "微调", "微調", "파인튜닝", "미세조정", "ajuste fino",
                    "फाइन-ट्यूनिंग", "الضبط الدقيق"),
    "inference": ("推論", "推理", "추론", "inferencia", "inferência", "अनुमान", "الاستدلال"),
    "embeddings": ("埋め込み", "向量嵌入", "임베딩", "incrustaciones"),
    "open-source model": ("オープンソースモデル", "开源模型", "開源模型", "오픈소스 모델", "modelo abierto",
                          "modelos abiertos", "modelo de código abierto"),
    "pretraining": ("事前学習", "预训练", "預訓練", "사전학습", "preentrenamiento"),
    "rag": ("検索拡張生成", "检索增强生成"),
    "diffusion": ("拡散モデル", "扩散模型", "확산 모델"),
    "multimodal": ("マルチモーダル", "多模态", "多模態", "멀티모달"),
    "dataset": ("データセット", "数据集", "數據集", "데이터셋", "conjunto de datos", "مجموعة بيانات"),
    "ai": ("人工知能", "人工智能", "生成ai", "인공지능", "생성형 ai", "inteligencia artificial",
           "inteligência artificial", "intelligence artificielle", "ia generativa", "ia", "कृत्रिम बुद्धिमत्ता",
           "एआई", "الذكاء الاصطناعي", "ذكاء اصطناعي"),
    "machine learning": ("機械学習", "机器学习", "機器學習", "머신러닝", "기계학습", "aprendizaje automático",
                         "aprendizado de máquina", "apprentissage automatique", "मशीन लर्निंग", "تعلم الآلة",
                         "التعلم الآلي"),
    "deep learning": ("深層学習", "ディープラーニング", "深度学习", "深度學習", "딥러닝", "aprendizaje profundo",
                      "aprendizado profundo", "apprentissage profond", "डीप लर्निंग", "التعلم العميق"),
    "neural network": ("ニューラルネットワーク", "神经网络", "神經網路", "신경망", "red neuronal",
                       "redes neuronales", "rede neural", "réseau de neurones", "न्यूरल नेटवर्क",
                       "الشبكات العصبية", "شبكة عصبية"),
    "nlp": ("自然言語処理", "自然语言处理", "自然語言處理", "자연어 처리", "procesamiento de lenguaje natural",
            "معالجة اللغة الطبيعية"),
    "reinforcement learning": ("強化学習", "强化学习", "強化學習", "강화학습", "aprendizaje por refuerzo",
                               "التعلم المعزز"),
    "computer vision": ("コンピュータビジョン", "计算机视觉", "컴퓨터 비전", "visión por computadora"),
    "data science": ("データサイエンス", "数据科学", "데이터 과학", "ciencia de datos"),
    "model training": ("モデルの学習", "学習させ", "模型训练", "训练模型", "모델 학습", "entrenamiento de modelos",
                       "entrenar modelos"),
}

# class -> cue -> weight, in other languages (role nouns are listed in ROLE_CUES_I18N too)
CLASS_CUES_I18N: dict[Classification, dict[str, float]] = {
    Classification.EARLY_FOUNDER: {
        "創業者": 2, "起業家": 1.5, "创始人": 2, "創始人": 2, "联合创始人": 2, "창업자": 2, "공동창업자": 2,
        "대표": 1, "fundador": 2, "fundadora": 2, "cofundador": 2, "cofundadora": 2, "fondateur": 2,
        "संस्थापक": 2, "مؤسس": 2, "المؤسس": 2, "スタートアップ": 1, "创业": 1.5, "스타트업": 1,
        "emprendedor": 1.5, "lanzamos": 1.5, "ローンチ": 1, "上线": 1, "출시": 1,
    },
    Classification.AI_RESEARCHER: {
        "研究者": 2, "研究员": 2, "研究員": 2, "論文": 1.5, "论文": 1.5, "博士": 1.5, "연구원": 2, "연구자": 2,
        "논문": 1.5, "investigador": 2, "investigadora": 2, "doctorado": 1.5, "artículo": 1, "chercheur": 2,
        "शोधकर्ता": 2, "शोध": 1, "باحث": 2, "بحث": 1,
    },
    Classification.AI_OPERATOR: {
        "エンジニア": 1.5, "工程师": 1.5, "工程師": 1.5, "엔지니어": 1.5, "ingeniero": 1.5, "ingeniera": 1.5,
        "engenheiro": 1.5, "ingénieur": 1.5, "इंजीनियर": 1.5, "مهندس": 1.5,
    },
    Classification.ANGEL_INVESTOR: {
        "投資家": 2, "エンジェル投資家": 2, "投资人": 2, "天使投资": 2, "투자자": 2, "엔젤투자자": 2,
        "inversor": 2, "inversionista": 2, "inversora": 2, "investidor": 2, "investisseur": 2,
        "निवेशक": 2, "مستثمر": 2,
    },
    Classification.NOISE: {
        "仮想通貨": 2, "暗号資産": 2, "加密货币": 2, "币圈": 2, "空投": 2, "코인": 1.5, "에어드랍": 2,
        "criptomonedas": 2, "cripto": 1.5, "العملات الرقمية": 2,
    },
}

# Role nouns of the cues above: in a post they count only in a self-identification ("soy fundador").
ROLE_CUES_I18N: frozenset[str] = frozenset({
    "創業者", "起業家", "创始人", "創始人", "联合创始人", "창업자", "공동창업자", "대표", "fundador", "fundadora",
    "cofundador", "cofundadora", "fondateur", "संस्थापक", "مؤسس", "المؤسس", "emprendedor", "研究者", "研究员",
    "研究員", "博士", "연구원", "연구자", "investigador", "investigadora", "chercheur", "शोधकर्ता", "باحث",
    "エンジニア", "工程师", "工程師", "엔지니어", "ingeniero", "ingeniera", "engenheiro", "ingénieur",
    "इंजीनियर", "مهندس", "投資家", "エンジェル投資家", "投资人", "투자자", "엔젤투자자", "inversor",
    "inversionista", "inversora", "investidor", "investisseur", "निवेशक", "مستثمر",
})

# Phrases that say someone shipped something (regular expressions).
SHIPPING_PHRASES_I18N: tuple[str, ...] = (
    "リリースしました", "リリース", "公開しました", "公開", "ローンチ", "发布了", "发布", "發布", "上线了", "上线",
    "开源了", "開源了", "출시", "공개했", "런칭", r"lanzamos", r"acabo de lanzar", r"hemos lanzado", r"publicamos",
    r"lançamos", r"nous avons lancé", r"j'ai lancé", "लॉन्च किया", "लॉन्च", "أطلقنا", "أطلقت",
)
