"""The simulated bank's product catalogue in Simplified Chinese, written by hand: each product's Chinese name and
description, keyed by its English name in bank.products (sample_data/bank.py). Every number of an English
description is in its Chinese one, written the same way, so the marketing copy's facts check
(engines/product_suitability/personalised_copy.facts_check) holds in both languages. Amounts stay in US dollars, as in
the English catalogue and the Chinese FAQ, so that both languages describe the same bank."""

from __future__ import annotations

# English product name -> (Chinese name, Chinese description).
PRODUCTS_ZH: dict[str, tuple[str, str]] = {
    "Everyday Checking": ("日常支票账户", "免手续费的支票账户，附借记卡，支持手机存支票和免费转账。"),
    "Premier Checking": ("尊享支票账户", "按客户关系定价的支票账户，全球取款机手续费返还，配专属客户经理；各账户合计余额达 $25,000 即免收年费。"),
    "Student Checking": ("学生支票账户", "面向 17 至 25 岁学生的免费支票账户，无最低余额要求。"),
    "Easy Saver": ("随心储蓄账户", "随存随取的储蓄账户，无最低余额要求，可免费转入支票账户。"),
    "High-Yield Savings": ("高息储蓄账户", "余额达到 $10,000 及以上时，按更高的浮动利率计息。"),
    "12-Month CD": ("12 个月定期存单", "利率锁定 12 个月的定期存单；提前支取扣除 90 天利息。"),
    "Retirement Savings IRA": ("个人退休储蓄账户", "享受税收优惠的个人退休账户，以固定利率存放现金。"),
    "Cashback Credit Card": ("现金返还信用卡", "每笔消费返现 1.5%，免年费。"),
    "Travel Rewards Card": ("旅行奖励卡", "旅行和餐饮消费每美元累积三倍积分，境外交易免手续费。"),
    "Platinum Card": ("白金卡", "高端信用卡，含机场贵宾厅、旅行保险和礼宾服务。"),
    "Secured Credit Card": ("担保信用卡", "以可退还保证金为担保的信用卡，用于建立或重建信用记录。"),
    "Student Credit Card": ("学生信用卡", "额度较低的学生信用卡，帮助学生建立第一份信用记录。"),
    "Personal Loan": ("个人贷款", "固定利率的无抵押贷款，金额 $2,000 至 $40,000，还款期一至七年。"),
    "Auto Loan": ("汽车贷款", "以固定利率为新车或二手车融资，期限最长 84 个月。"),
    "30-Year Fixed Mortgage": ("30 年固定利率房贷", "利率固定 30 年的住房贷款，首付低至 5%。"),
    "Home Equity Line of Credit": ("房屋净值信用额度", "以房屋净值为抵押的循环信用额度。"),
    "Money Market Fund": ("货币市场基金", "持有短期政府债券的基金，力求保持本金稳定。"),
    "Bond Income Fund": ("债券收益基金", "分散投资于投资级债券的基金，按月派息。"),
    "Balanced Growth Fund": ("平衡增长基金", "全球股票与债券按 60/40 配置，每季度再平衡。"),
    "Global Equity Index Fund": ("全球股票指数基金", "低成本基金，跟踪全球大中型公司指数。"),
    "Sustainable Equity Fund": ("可持续股票基金", "按环境和社会标准筛选公司的全球股票基金。"),
    "Emerging Markets Fund": ("新兴市场基金", "投资于高速增长经济体的公司股票；净值波动会很大。"),
    "Technology Growth Fund": ("科技成长基金", "集中投资科技公司的基金，追求长期增长，波动性高。"),
    "Home Insurance": ("家庭财产保险", "为房主提供房屋及室内财产保障，可附加意外损坏保障。"),
    "Annual Travel Insurance": ("全年旅行保险", "全年多次出行保障，涵盖医疗费用、行程取消和行李丢失。"),
    "Term Life Insurance": ("定期寿险", "保障期 10 至 30 年的寿险，身故时向家人一次性赔付。"),
    "Card Protection": ("银行卡保障", "保障丢失或被盗银行卡的盗刷损失，并安排紧急补卡。"),
}
