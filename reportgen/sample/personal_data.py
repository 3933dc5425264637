"""Personal data in free text (names, phone and ID numbers, e-mail addresses, order numbers), made
only for the few rows that carry it, so that redaction and masking have real work to do."""

from __future__ import annotations

from datetime import date

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from reportgen.sample.draws import local_seconds, ymd
from reportgen.sample.strings import concat, decimal, pick, zero_padded
from reportgen.sample.texts import (AREA_CODES, GIVEN, GIVEN_PY, ID_REGIONS, MAIL_DOMAINS, MOBILE_PREFIXES, SURNAMES,
                                    SURNAMES_PY)

def _pii(rng: np.random.Generator, m: int, when: np.ndarray) -> dict[str, pa.Array]:
    """Personal-data fragments for `m` rows; `when` is the local time (int seconds) of each row."""
    sur = rng.integers(0, len(SURNAMES), m)
    giv = rng.integers(0, len(GIVEN), m)
    surname = pick(SURNAMES, sur)
    full = concat(surname, pick(GIVEN, giv))
    hon = concat(surname, pc.if_else(pa.array(rng.random(m) < 0.55), "先生", "女士"))
    prefix = pick(MOBILE_PREFIXES, rng.integers(0, len(MOBILE_PREFIXES), m))
    mid, tail = zero_padded(rng.integers(0, 10_000, m), 4), zero_padded(rng.integers(0, 10_000, m), 4)
    style = rng.random(m)
    mobile = pc.if_else(pa.array(style < 0.7), concat(prefix, mid, tail),
                        pc.if_else(pa.array(style < 0.9), concat(prefix, "-", mid, "-", tail),
                                   concat(prefix, " ", mid, " ", tail)))
    area = pick(AREA_CODES, rng.integers(0, len(AREA_CODES), m))
    local = decimal(rng.integers(2000_0000, 9000_0000, m))
    landline = pc.if_else(pa.array(rng.random(m) < 0.5),
                          concat(area, "-", pc.utf8_slice_codeunits(local, 0, 4), " ",
                                  pc.utf8_slice_codeunits(local, 4, 8)),
                          concat(area, "-", local))
    # 18-digit resident identity numbers with a valid check digit
    birth = ymd((local_seconds(date(1955, 1, 1)) // 86400 + rng.integers(0, 17_500, m)) * 86400)
    body = np.array(ID_REGIONS)[rng.integers(0, len(ID_REGIONS), m)] * 10 ** 11 + birth * 1000 \
        + rng.integers(1, 1000, m)
    weights = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2])
    digits = (body[:, None] // 10 ** np.arange(16, -1, -1, dtype=np.int64)) % 10
    idno = concat(decimal(body), pick("10X98765432", (digits * weights).sum(axis=1) % 11))
    qq = rng.random(m) < 0.4
    suffix = pc.if_else(pa.array(rng.random(m) < 0.6), decimal(rng.integers(1, 100, m)), "")
    user = pc.if_else(pa.array(qq), decimal(rng.integers(10_000_000, 3_000_000_000, m)),
                      concat(pick(SURNAMES_PY, sur), pick(GIVEN_PY, giv), suffix))
    domain = pc.if_else(pa.array(qq), "qq.com", pick(MAIL_DOMAINS, rng.integers(0, len(MAIL_DOMAINS), m)))
    email = concat(user, "@", domain)
    order = concat("DD", decimal(ymd(when - rng.integers(0, 30, m) * 86400)),
                    zero_padded(rng.integers(0, 100_000, m), 5))
    return {"surname": surname, "full": full, "hon": hon, "mobile": mobile, "landline": landline,
            "idno": idno, "email": email, "order": order}


_COMPLAINT_PII = (
    lambda b, p: concat(p["hon"], "来电反映：", b, "，联系电话", p["mobile"]),
    lambda b, p: concat(b, "。客户要求尽快回电：", p["mobile"]),
    lambda b, p: concat(b, "。订单号", p["order"]),
    lambda b, p: concat(b, "，联系人", p["full"], "，座机", p["landline"]),
    lambda b, p: concat(p["full"], "（身份证号", p["idno"], "）反映", b),
    lambda b, p: concat(b, "，处理结果请发至邮箱", p["email"]),
    lambda b, p: concat(b, "，订单号", p["order"], "，联系人", p["hon"], "，手机", p["mobile"]),
)
_COMMENT_PII = (
    lambda b, p: concat(b, "。我姓", p["surname"], "，电话", p["mobile"], "，希望有人联系我"),
    lambda b, p: concat(b, "。订单号", p["order"]),
    lambda b, p: concat(p["full"], "：", b),
    lambda b, p: concat(b, "。结果可以发我邮箱", p["email"]),
    lambda b, p: concat(b, "。如需回访请打座机", p["landline"]),
)


def with_pii(rng: np.random.Generator, base: pa.Array, when: np.ndarray, complaint: bool) -> pa.Array:
    """Put personal data into each of the texts in `base` (one pattern per row)."""
    m = len(base)
    if m == 0:
        return pa.array([], pa.string())
    p = _pii(rng, m, when)
    patterns = _COMPLAINT_PII if complaint else _COMMENT_PII
    which = rng.integers(0, len(patterns), m)
    parts, order = [], np.empty(m, dtype=np.int64)
    done = 0
    for i, pattern in enumerate(patterns):
        sel = np.flatnonzero(which == i)
        take = pa.array(sel)
        parts.append(pattern(base.take(take), {k: v.take(take) for k, v in p.items()}))
        order[sel] = done + np.arange(len(sel))
        done += len(sel)
    return pa.concat_arrays(parts).take(pa.array(order))

