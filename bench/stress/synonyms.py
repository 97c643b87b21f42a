"""Synonym table of common Chinese local-news words, a greedy tokenizer and the spinner.

Pairs are symmetric: either side may replace the other. A word belongs to one pair only
(later duplicates are dropped when the table is built). Protected spans (names, places,
numbers with units, dates) are never touched.
"""
import re

_RAW = """
开展/举办 居民/住户 推进/推动 提升/提高 加强/强化 积极/主动 参与/参加 组织/召集 帮助/协助
解决/化解 问题/难题 需求/需要 方便/便利 改善/改进 完善/健全 落实/执行 实施/推行 建设/建造
打造/营造 安排/部署 目前/眼下 如今/现在 近日/日前 近期/最近 今年/本年 去年/上年 此前/先前
随后/之后 同时/与此同时 此外/另外 通过/经过 进一步/更加 持续/连续 不断/一直 重要/关键
主要/首要 特别/尤其 非常/十分 很多/许多 大量/大批 不少/诸多 各类/各种 多种/各式 丰富/多彩
精彩/出彩 热情/热心 认真/仔细 耐心/细心 及时/适时 迅速/飞快 快速/迅捷 有效/高效 显著/明显
良好/优良 满意/称心 高兴/开心 感谢/感激 表示/指出 介绍/讲述 告诉/透露 认为/觉得 希望/期望
计划/打算 准备/筹备 开始/启动 完成/完工 启用/投用 投入使用/交付使用 建成/落成 设立/开设
配备/配置 提供/供给 群众/民众 市民/老百姓 老人/长者 老年人/年长者 孩子/小朋友 儿童/少儿
志愿者/义工 工作人员/员工 负责人/牵头人 专家/行家 医生/大夫 老师/教师 邻居/街坊 邻里/左邻右舍
小区/住宅区 楼道/楼梯间 面貌/风貌 整洁/干净 美观/漂亮 安全/平安 隐患/风险 检查/排查 巡查/巡视
维修/修缮 改造/翻新 更新/更换 增加/增添 新增/添置 减少/降低 扩大/拓展 覆盖/惠及 涉及/涵盖
包括/包含 共计/总计 累计/合计 超过/超出 达到/达成 每天/每日 每周/每星期 每月/每个月 上午/早上
下午/午后 晚上/夜间 当天/当日 现场/当场 一起/一道 共同/一同 纷纷/陆续 先后/相继 随即/立即
马上/立刻 逐步/逐渐 始终/一贯 坚持/坚守 围绕/聚焦 针对/面向 结合/融合 依托/借助 利用/运用
发挥/施展 作用/效用 优势/长处 特色/特点 亮点/看点 成效/成果 效果/效益 经验/做法 模式/样板
措施/举措 方案/预案 规划/蓝图 政策/政令 要求/规定 机制/制度 体系/系统 平台/载体 渠道/途径
资金/经费 费用/开支 补贴/补助 奖励/嘉奖 支持/支撑 保障/保证 确保/力保 促进/助推 带动/拉动
激发/激活 增强/增进 凝聚/汇聚 氛围/气氛 温暖/温馨 关心/关注 关怀/关爱 照顾/照料 陪伴/陪同
探望/看望 慰问/问候 走访/拜访 了解/掌握 听取/倾听 意见/看法 建议/提议 反映/反馈 诉求/呼声
矛盾/纠纷 协调/沟通 商量/商议 讨论/探讨 决定/议定 同意/赞成 欢迎/喜爱 点赞/叫好 赞扬/夸奖
肯定/认可 成功/圆满 困难/难处 烦恼/烦心事 麻烦/不便 便捷/快捷 舒适/舒心 安心/放心 整治/治理
清理/清除 清洁/打扫 垃圾/废弃物 分类/分拣 设施/设备 场地/场所 区域/片区 道路/马路 车辆/车子
停车/泊车 绿化/绿植 花草/花卉 树木/林木 座椅/长椅 健身/锻炼 文艺/文娱 演出/表演 节目/曲目
比赛/竞赛 讲座/讲堂 培训/训练 学习/研习 宣传/宣讲 普及/推广 知识/常识 技能/本领 能力/实力
素质/素养 意识/观念 习惯/习性 健康/康健 身体/身子 疾病/病症 医疗/医护 护理/看护 康复/复健
药品/药物 免费/无偿 优惠/实惠 价格/价钱 便宜/低廉 质量/品质 口味/口感 菜品/菜肴 食堂/饭堂
用餐/就餐 午餐/午饭 晚餐/晚饭 送餐/送饭 上门/入户 咨询/问询 办理/受理 手续/流程 材料/资料
信息/资讯 联系/联络 通知/告知 发布/公布 公开/公示 宣布/宣告 报名/登记 预约/预订 排队/排号
等待/守候 到场/到会 出席/莅临 主持/主理 邀请/邀约 来自/源自 参观/观摩 体验/尝试 分享/共享
交流/切磋 展示/展现 展览/展陈 创作/创编 设计/构思 方法/手段 方式/形式 步骤/环节 过程/进程
阶段/时期 目标/目的 任务/使命 责任/职责 岗位/职位 队伍/团队 成员/组员 骨干/中坚 基层/一线
业主/房主 住房/房屋 房子/屋子 楼栋/楼宇 电梯/升降梯 加装/增设 施工/动工 项目/工程 进度/进展
预计/估计 届时/到时 未来/今后 下一步/接下来 长期/长效 常态化/日常化 规范/规整 有序/有条不紊
自觉/自主 踊跃/争相 广泛/大范围 深入/深度 全面/全方位 充分/足够 有力/强力 稳步/平稳 扎实/务实
切实/实实在在 精准/精确 细致/周到 贴心/暖心 据悉/据了解 获悉/得知 仍然/依然 依旧/照旧 此次/本次
这次/这回 首次/第一次 再次/又一次 多次/屡次 全部/全数 一些/若干 其中/当中 周边/周围 附近/邻近
身边/跟前 家门口/家附近 当地/本地 辖区/区内 各个/每个 每位/每名 大家/大伙 人们/众人 自己/自身
我们/咱们 一定/必定 可以/能够 应该/应当 必须/务必 如果/倘若 因为/由于 所以/因此 但是/不过
而且/并且 虽然/尽管 为了/旨在 以便/便于 从而/进而 然后/接着 最后/最终 终于/总算 越来越/日益
实际/现实 具体/明确 清楚/清晰 简单/简便 复杂/繁杂 容易/轻松 重点/要点 难点/痛点 热点/焦点
基础/根基 内容/事项 事情/事儿 日常/平日 平时/平常 周末/双休日 节日/佳节 热闹/红火 喜庆/欢庆
美好/美满 居家/在家 行动不便/腿脚不便 年轻人/青年 学生/学子 家长/父母 举行/召开 进行/展开
建立/创建 成立/组建 推出/推介 吸引/吸纳 受益/获益 解答/答疑 指导/辅导 服务对象/服务群体
主题/题材 形式多样/形式丰富 丰富多彩/多姿多彩 生动/鲜活 有趣/好玩 认真负责/尽职尽责 积极性/主动性
参与度/参与率 满意度/认可度 获得感/满足感 幸福感/愉悦感 安全感/踏实感 归属感/认同感 便利度/便捷度
提供服务/送上服务 解决问题/破解难题 出行/出门 上下楼/上下楼梯 爬楼/登楼 难题/难事 心愿/愿望
愿望/心愿 期待/期盼 看到/见到 听到/听见 来到/走进 离开/走出 回到/返回 带来/送来 收到/接到
发现/察觉 注意/留意 提醒/提示 建议书/倡议书 倡议/号召 号召/呼吁 动员/发动 鼓励/激励 推荐/举荐
评选/评比 表彰/褒奖 颁发/授予 获得/取得 赢得/博得 荣获/喜获 入选/当选 承担/担负 负责/主管
维护/守护 保护/爱护 守护/看护 改变/转变 变化/变动 提出/提起 收集/搜集 整理/梳理 汇总/归集
统计/测算 分析/研判 研究/研讨 调查/调研 评估/评价 监督/督促 管理/管控 运营/运作 运行/运转
使用/利用 使用率/利用率 维持/保持 恢复/复原 调整/调适 优化/改良 升级/提档 扩容/增容 延伸/延展
连接/衔接 打通/贯通 串联/串起 整合/统筹 联合/联手 合作/协作 携手/并肩 服务站/服务点
活动室/活动间 会议室/议事室 一楼/底楼 门口/门前 楼下/楼底 路口/街口 沿街/临街 角落/边角
空地/闲置地块 闲置/空置 破旧/陈旧 老旧/老化 崭新/全新 宽敞/敞亮 明亮/亮堂 整齐/齐整 干净整洁/清爽整洁
温度/热度 速度/快慢 时间/时段 位置/方位 数量/数目 比例/占比 规模/体量 范围/范畴
标准/规格 程度/幅度 问题清单/问题台账 工作人员们/员工们 居民们/住户们 老人们/长者们 孩子们/小朋友们
志愿者们/义工们 大家伙/大伙儿 家里/家中 手机/智能手机 电话/座机 微信群/线上群 线上/网上
"""


def _build():
    pairs = []
    seen = set()
    for tok in _RAW.split():
        a, b = tok.split("/")
        if a == b or a in seen or b in seen:
            continue
        seen.add(a)
        seen.add(b)
        pairs.append((a, b))
    syn = {}
    for a, b in pairs:
        syn[a] = b
        syn[b] = a
    return pairs, syn


PAIRS, SYN = _build()
_MAXLEN = max(len(w) for w in SYN)

_NUM_RE = re.compile(r"[0-9０-９]+(?:[.:：][0-9]+)?(?:余|多)?(?:%|％|平方公里|平方米|万元|万人|人次|小时|分钟|公里|元|户|台|个|名|米|岁|年|月|日|号|栋|次|吨|件|份|场|天|辆|株|张|条|位|项|所|间|处|期|组|批|类|座|万|人|门|套|稿|点|期)?")


def protected_spans(text, protect):
    """Return sorted, merged (start, end) spans that must not be changed."""
    spans = []
    for p in protect:
        if not p:
            continue
        start = 0
        while True:
            i = text.find(p, start)
            if i < 0:
                break
            spans.append((i, i + len(p)))
            start = i + 1
    for m in _NUM_RE.finditer(text):
        spans.append(m.span())
    spans.sort()
    merged = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def tokenize(text, protect=()):
    """Split text into [(piece, replaceable_bool)] by greedy longest match on SYN keys,
    skipping protected spans."""
    spans = protected_spans(text, protect)
    out = []
    buf = []
    i = 0
    si = 0
    n = len(text)
    while i < n:
        while si < len(spans) and spans[si][1] <= i:
            si += 1
        if si < len(spans) and spans[si][0] <= i:
            e = spans[si][1]
            buf.append(text[i:e])
            i = e
            continue
        limit = spans[si][0] if si < len(spans) else n
        hit = None
        for L in range(min(_MAXLEN, limit - i), 1, -1):
            w = text[i:i + L]
            if w in SYN:
                hit = w
                break
        if hit:
            if buf:
                out.append(("".join(buf), False))
                buf = []
            out.append((hit, True))
            i += len(hit)
        else:
            buf.append(text[i])
            i += 1
    if buf:
        out.append(("".join(buf), False))
    return out


def spin_tokens_plan(paragraphs, protect, rate, rng):
    """Choose round(rate*k) of the k replaceable tokens over all paragraphs and replace them."""
    toks = [tokenize(p, protect) for p in paragraphs]
    idx = [(pi, ti) for pi, tl in enumerate(toks) for ti, (w, r) in enumerate(tl) if r]
    k = len(idx)
    m = int(round(rate * k))
    chosen = set(rng.sample(idx, m)) if m else set()
    out = []
    for pi, tl in enumerate(toks):
        parts = []
        for ti, (w, r) in enumerate(tl):
            parts.append(SYN[w] if (pi, ti) in chosen else w)
        out.append("".join(parts))
    return out, k, m


def measure_rate(orig_paragraphs, spun_paragraphs, protect):
    """Walk original tokens against the spun text; return (replaceable, replaced, ok)."""
    total = 0
    replaced = 0
    for op, sp in zip(orig_paragraphs, spun_paragraphs):
        pos = 0
        for w, r in tokenize(op, protect):
            if not r:
                if not sp.startswith(w, pos):
                    return total, replaced, False
                pos += len(w)
                continue
            total += 1
            alt = SYN[w]
            # prefer the reading that lets the walk continue; both may be prefixes
            if sp.startswith(w, pos) and not (sp.startswith(alt, pos) and len(alt) > len(w)):
                pos += len(w)
            elif sp.startswith(alt, pos):
                pos += len(alt)
                replaced += 1
            else:
                return total, replaced, False
        if pos != len(sp):
            return total, replaced, False
    if len(orig_paragraphs) != len(spun_paragraphs):
        return total, replaced, False
    return total, replaced, True
