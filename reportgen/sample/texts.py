"""Text pools: complaint descriptions per category and department, survey comments, and the
names, numbers and addresses personal data is made of. Every text is written to CSV unquoted, so
the pools are checked on import for characters that would need quoting."""

from __future__ import annotations

import re

import numpy as np
import pyarrow as pa

from reportgen.sample.organisation import CATEGORIES, CATEGORY_DEPT, DEPTS, STORES

PRODUCTS = {
    "家电部": ("冰箱", "洗衣机", "空调", "电视机", "热水器", "油烟机", "燃气灶", "扫地机器人", "微波炉", "洗碗机"),
    "家居部": ("沙发", "床垫", "衣柜", "餐桌", "实木床", "书柜", "窗帘", "床上四件套"),
    "食品部": ("牛奶", "进口车厘子", "大米", "食用油", "月饼礼盒", "速冻水饺", "土鸡蛋", "冰鲜三文鱼"),
    "服装部": ("羽绒服", "运动鞋", "衬衫", "羊毛衫", "牛仔裤", "连衣裙", "皮鞋"),
    "客服中心": ("",),
}
DEPT_GROUP = {"家电部": "durable", "家居部": "durable", "食品部": "food", "服装部": "apparel", "客服中心": "service"}
# {p} product, {n} a small number written in Chinese; "any" templates name no product
TEMPLATES = {
    "product_quality": {
        "durable": ("新买的{p}使用不到{n}周就出现故障，要求退换", "{p}开箱发现外观有明显划痕和磕碰",
                    "{p}运行噪音异常大，怀疑是翻新机", "{p}实际参数与宣传不符", "{p}使用时有焦糊味，担心安全隐患",
                    "{p}到货后无法开机，门店让找厂家"),
        "food": ("购买的{p}已过保质期仍在销售", "{p}开封后发现有异物", "{p}包装胀袋，疑似变质",
                 "家人食用{p}后出现肠胃不适，要求赔偿", "{p}实际重量与标签不符"),
        "apparel": ("{p}只洗了一次就严重缩水变形", "{p}开线掉色，质量太差", "{p}吊牌成分与实际不符",
                    "{p}穿了不到{n}周就破损"),
    },
    "delivery_installation": {
        "durable": ("{p}送货延误{n}天，安装师傅未按约定时间上门", "预约了{p}上门安装，师傅迟到又临时改约",
                    "{p}送货时外包装破损，配送员不让当面验货", "安装师傅额外收取{p}安装辅材费，价格不透明",
                    "{p}安装后没几天就出现问题，怀疑安装不规范", "{p}送错型号，要求重新配送",
                    "{p}承诺次日达，实际等了{n}天"),
        "food": ("线上订购的{p}配送超时，送到时已经不新鲜", "{p}冷链配送温度不达标，到货已化冻",
                 "到家订单{p}少送了一件"),
        "apparel": ("网购的{p}物流显示已签收但本人未收到", "{p}快递延误{n}天，错过了使用时间"),
    },
    "repair": {
        "durable": ("{p}报修后{n}天无人联系", "{p}维修后同样故障再次出现", "维修师傅上门检测收费不合理，{p}仍未修好",
                    "{p}在保修期内却被要求自费更换配件", "{p}维修等配件等了{n}天还没有消息",
                    "{p}维修时师傅弄坏了家里的地板"),
    },
    "return_exchange": {
        "durable": ("{p}符合七天无理由退货条件，门店拒绝办理", "{p}换货流程繁琐，来回跑了{n}趟",
                    "{p}退货后{n}天退款仍未到账"),
        "food": ("{p}质量问题申请退款，{n}天了还没处理", "{p}退货要求提供原包装，已经丢弃无法办理"),
        "apparel": ("{p}尺码不合适要求换货被拒", "退回的{p}已签收，退款迟迟未到账", "{p}打折商品不予退换，购买时未告知"),
    },
    "service_attitude": {
        "any": ("客服人员态度冷淡，多次打断我说话", "热线等待很久才接通，转接多次无人负责",
                "投诉后承诺回电，结果{n}天没有任何答复", "工作人员说话很冲，还让我自己去找厂家",
                "服务台员工当众嘲讽顾客，要求道歉"),
        "goods": ("门店销售人员对{p}的问题推诿扯皮", "咨询{p}售后政策时导购不耐烦"),
    },
    "price": {
        "any": ("促销满减规则不清楚，结账时没有享受优惠", "会员积分抵扣没有生效", "同一商品线上线下价格不一致"),
        "goods": ("购买{p}后{n}天就降价，申请价保被拒", "{p}结账价格与货架标价不一致", "{p}赠品承诺未兑现"),
    },
    "other": {
        "any": ("停车场收费标准与店内告示不一致", "会员卡积分莫名清零", "发票开具延误{n}天",
                "店内地面湿滑没有警示标志，险些摔倒", "外卖平台商家冒用本店名义销售", "电子发票抬头开错，要求重开"),
    },
}
NUMBERS_ZH = ("两", "三", "四", "五", "七")
DESCRIPTION_ENDINGS = ("", "", "", "", "，要求尽快处理", "，要求给个说法", "，希望给予补偿", "，已多次反映未果")

COMMENTS_POSITIVE = (
    "服务很好，师傅很专业", "客服态度热情，处理及时，点赞", "问题当天就解决了，非常满意", "售后响应很快，下次还会来买",
    "安装师傅准时上门，还帮忙清理了现场", "整体不错，希望继续保持", "退换货流程很顺畅", "工作人员很耐心，解释得很清楚",
    "比预期快，满意", "门店服务台的工作人员服务很周到", "电话一打就通，很快有人跟进", "很满意")
COMMENTS_SUGGESTION = (
    "处理完就没人回访了，希望能主动跟进", "希望能缩短热线等待时间", "希望送货时间能更准确一些",
    "整体还行，就是答应回电的事情拖了两天", "配送员态度好，但是安装要另外约太麻烦", "希望进度能及时短信通知")
COMMENTS_NEUTRAL = (
    "一般吧，解决了但是过程有点慢", "还可以，就是来回沟通了好几次", "问题基本解决，希望以后少出这种情况",
    "客服态度还行，但是专业度一般", "等了比较久才有人处理", "说明不够清楚，需要自己反复打电话问", "一般")
COMMENTS_NEGATIVE = (
    "打了好几次电话都说在处理，到现在也没有结果", "答应的上门时间一拖再拖，非常失望", "客服推诿扯皮，一直让我找厂家",
    "维修了两次还是老问题，要求退货也不给办", "态度很差，感觉根本不重视消费者", "赔偿方案不合理，准备向消协投诉",
    "处理结果没有任何人通知我", "再也不会在这里买家电了", "每次都要重新说一遍问题，太累了")

SURNAMES = ("王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙")
SURNAMES_PY = ("wang", "li", "zhang", "liu", "chen", "yang", "zhao", "huang", "zhou", "wu", "xu", "sun")
GIVEN = ("建国", "秀英", "伟", "芳", "敏", "静", "强", "磊", "洋", "艳", "杰", "娟", "涛", "明", "超", "秀兰",
         "霞", "刚", "桂英", "丽华")
GIVEN_PY = ("jianguo", "xiuying", "wei", "fang", "min", "jing", "qiang", "lei", "yang", "yan", "jie", "juan",
            "tao", "ming", "chao", "xiulan", "xia", "gang", "guiying", "lihua")
# full names the sample's reportgen.toml lists under redact_names (they occur in descriptions)
REDACT_NAMES = ("王建国", "李秀英", "张伟", "刘芳")
MOBILE_PREFIXES = ("138", "139", "135", "136", "137", "150", "151", "158", "159", "186", "187", "188",
                   "177", "189", "133", "199", "131", "132")
MAIL_DOMAINS = ("qq.com", "163.com", "126.com", "sina.com", "outlook.com")
ID_REGIONS = (310104, 110105, 440106, 510104, 420103, 320102, 330106, 440304, 120101, 430102, 310115)
AREA_CODES = tuple(dict.fromkeys(s[5] for s in STORES))


def check_unquoted(texts) -> None:
    """Texts are written to CSV unquoted, so none may hold a comma, quote or line break."""
    for t in texts:
        if re.search(r'[,"\r\n]', t):
            raise AssertionError(f"sample text {t!r} would need CSV quoting")


check_unquoted([t for cat in TEMPLATES.values() for grp in cat.values() for t in grp])
check_unquoted(COMMENTS_POSITIVE + COMMENTS_SUGGESTION + COMMENTS_NEUTRAL + COMMENTS_NEGATIVE + DESCRIPTION_ENDINGS)


def expand(templates, products) -> list[str]:
    out = []
    for t in templates:
        for p in (products if "{p}" in t else ("",)):
            for n in (NUMBERS_ZH if "{n}" in t else ("",)):
                base = t.format(p=p, n=n)
                out.extend(base + e for e in DESCRIPTION_ENDINGS)
    return out


def description_pools() -> tuple[pa.Array, np.ndarray, np.ndarray]:
    """All descriptions without personal data, pooled per (category, department)."""
    pool: list[str] = []
    offsets = np.zeros((len(CATEGORIES), len(DEPTS)), dtype=np.int64)
    sizes = np.zeros_like(offsets)
    for c, cat in enumerate(CATEGORIES):
        groups = TEMPLATES[cat]
        for d, dept in enumerate(DEPTS):
            group = DEPT_GROUP[dept]
            texts = expand(groups.get(group, ()), PRODUCTS[dept])
            if group != "service":
                texts += expand(groups.get("goods", ()), PRODUCTS[dept])
            texts += expand(groups.get("any", ()), ("",))
            if CATEGORY_DEPT[c, d] > 0 and not texts:
                raise AssertionError(f"no description template for {cat} / {dept}")
            offsets[c, d], sizes[c, d] = len(pool), len(texts)
            pool.extend(texts)
    return pa.array(pool, pa.string()), offsets, sizes


DESC_POOL, DESC_OFFSET, DESC_SIZE = description_pools()
