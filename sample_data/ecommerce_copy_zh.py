"""Chinese product copy for the simulated store: the catalogue's products described in Simplified Chinese, several
descriptions per product, the way a Chinese shop's copywriters vary their wording. The Chinese copy writer
(engines/sequence/copywriter_zh.py) learns from these texts; every text states the product's category, brand,
colour, price band and item, as the English catalogue does.

Seeded and reproducible: `chinese_copy_catalogue(products, seed)` gives the same texts for the same products. Brand
names stay as the store writes them (Latin letters, as on Chinese shelves); everything else is Chinese."""

from __future__ import annotations

import numpy as np
import pandas as pd

CATEGORY_ZH = {"Beauty": "美妆", "Clothing": "服装", "Electronics": "数码", "Footwear": "鞋履", "Home": "家居",
               "Kitchen": "厨房", "Sports": "运动", "Toys": "玩具"}
COLOUR_ZH = {"beige": "米色", "black": "黑色", "blue": "蓝色", "brown": "棕色", "burgundy": "酒红色", "copper": "铜色",
             "coral": "珊瑚色", "cream": "奶油色", "gold": "金色", "green": "绿色", "grey": "灰色", "lilac": "淡紫色",
             "navy": "藏青色", "olive": "橄榄绿", "orange": "橙色", "pink": "粉色", "purple": "紫色", "red": "红色",
             "sage": "灰绿色", "silver": "银色", "tan": "驼色", "teal": "青绿色", "terracotta": "陶土色", "white": "白色",
             "yellow": "黄色"}
PRICE_BAND_ZH = {"budget": "平价", "mid-range": "中端", "premium": "高端"}
ITEM_ZH = {
    "Brightening Serum": "亮肤精华", "Eau de Parfum": "香水", "Face Cream": "面霜", "Hair Dryer": "吹风机",
    "Lip Balm Set": "润唇膏套装", "Makeup Brush Set": "化妆刷套装", "Crew-Neck T-Shirt": "圆领T恤",
    "Denim Jacket": "牛仔夹克", "Hooded Sweatshirt": "连帽卫衣", "Linen Shirt": "亚麻衬衫", "Merino Sweater": "美利奴毛衣",
    "Rain Jacket": "防雨夹克", "Slim-Fit Chinos": "修身休闲裤", "Bluetooth Speaker": "蓝牙音箱", "Fitness Tracker": "运动手环",
    "Noise-Cancelling Headphones": "降噪耳机", "Phone Charger": "手机充电器", "Power Bank": "充电宝", "Smartwatch": "智能手表",
    "Webcam": "网络摄像头", "Wireless Earbuds": "无线耳机", "Canvas Sneakers": "帆布鞋", "Hiking Boots": "登山靴",
    "Leather Boots": "皮靴", "Running Shoes": "跑鞋", "Sandals": "凉鞋", "Slip-On Loafers": "一脚蹬乐福鞋",
    "Ceramic Vase": "陶瓷花瓶", "Cushion Cover": "抱枕套", "Photo Frame": "相框", "Scented Candle": "香薰蜡烛",
    "Table Lamp": "台灯", "Throw Blanket": "盖毯", "Wall Clock": "挂钟", "Cast Iron Skillet": "铸铁煎锅",
    "Chef's Knife": "主厨刀", "Coffee Grinder": "咖啡磨豆机", "Electric Kettle": "电热水壶", "Mixing Bowl Set": "搅拌碗套装",
    "Non-Stick Frying Pan": "不粘煎锅", "Stand Mixer": "厨师机", "Travel Mug": "随行杯", "Adjustable Dumbbells": "可调哑铃",
    "Camping Tent": "露营帐篷", "Cycling Helmet": "骑行头盔", "Resistance Bands": "弹力带", "Tennis Racket": "网球拍",
    "Water Bottle": "运动水壶", "Yoga Mat": "瑜伽垫", "Art Kit": "绘画套装", "Board Game": "桌游",
    "Building Blocks Set": "积木套装", "Plush Bear": "毛绒熊", "Remote-Control Car": "遥控车", "Wooden Puzzle": "木质拼图",
}
# What a Chinese shop says about products of each category: short phrases that fit any item of it.
FEATURES_ZH = {
    "美妆": ("质地轻盈", "温和不刺激", "妆感自然", "小巧便携", "适合日常使用", "包装精致，送礼体面", "上手简单"),
    "服装": ("面料柔软透气", "版型利落", "百搭好穿", "做工扎实", "四季都能穿", "穿着舒适不紧绷", "经得起反复洗涤"),
    "数码": ("续航持久", "连接稳定", "操作简单", "小巧便携", "音质清晰", "充电快速", "兼容主流设备"),
    "鞋履": ("脚感舒适", "鞋底防滑耐磨", "轻便不累脚", "做工扎实", "百搭好穿", "支撑性好", "久走不累"),
    "家居": ("为房间增添温馨氛围", "做工精细", "风格简约", "易于打理", "适合送礼", "材质环保", "摆放在哪里都好看"),
    "厨房": ("受热均匀", "易于清洗", "手感扎实", "经久耐用", "省时省力", "适合日常下厨", "收纳方便"),
    "运动": ("结实耐用", "轻便易携", "适合户外使用", "贴合舒适", "收纳方便", "新手也能轻松上手", "经得起高强度使用"),
    "玩具": ("安全无毒", "寓教于乐", "适合亲子互动", "做工结实", "色彩鲜艳", "锻炼动手能力", "适合作为礼物"),
}
# Sentence patterns; each states every attribute once. {f1} and {f2} are two different phrases of the category.
TEMPLATES_ZH = (
    "{brand}出品的这款{colour}{item}，{f1}，{f2}，是{category}类的{price}之选。",
    "这款{price}{item}来自{brand}，{colour}配色，{f1}。{category}好物，{f2}。",
    "{brand}{colour}{item}：{f1}、{f2}，{price}价位，{category}系列中的人气单品。",
    "想找一款{price}的{category}好物？{brand}这款{colour}{item}{f1}，而且{f2}。",
    "{colour}的{item}，由{brand}打造。{f1}，{f2}，作为{category}单品定位{price}。",
    "{brand}推出{colour}{item}，{f1}。这是一款{price}{category}产品，{f2}。",
    "{f1}的{colour}{item}，{brand}匠心之作。{price}定位，{f2}，{category}必备。",
    "来自{brand}的{price}{category}单品：{colour}{item}，{f1}，{f2}。",
)


def chinese_attributes(row: pd.Series) -> dict[str, str]:
    """A product's attributes in Chinese: category, brand, colour, price band and item (from its name)."""
    item_english = str(row["name"])[len(str(row["brand"])) + 1:].split(" ", 1)[1]
    return {"category": CATEGORY_ZH[row["category"]], "brand": str(row["brand"]), "colour": COLOUR_ZH[row["colour"]],
            "price_band": PRICE_BAND_ZH[row["price_band"]], "item": ITEM_ZH[item_english]}


def chinese_copy_catalogue(products: pd.DataFrame, per_product: int = 5, seed: int = 0) -> pd.DataFrame:
    """``per_product`` Chinese descriptions of each product (columns product_id, category, brand, colour,
    price_band, item in Chinese, and description), drawn with patterns and phrases chosen by ``seed``."""
    rng = np.random.default_rng(seed)
    rows = []
    for _, product in products.iterrows():
        values = chinese_attributes(product)
        features = FEATURES_ZH[values["category"]]
        for template in rng.choice(len(TEMPLATES_ZH), size=per_product, replace=per_product > len(TEMPLATES_ZH)):
            first, second = rng.choice(len(features), size=2, replace=False)
            text = TEMPLATES_ZH[template].format(brand=values["brand"], colour=values["colour"], item=values["item"],
                                                 category=values["category"], price=values["price_band"],
                                                 f1=features[first], f2=features[second])
            rows.append({"product_id": int(product["product_id"]), **values, "description": text})
    return pd.DataFrame(rows)
