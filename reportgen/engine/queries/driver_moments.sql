-- driver_moments: for each dimension, sums over the valid responses of quarter
-- {{ p.quarter }} with both a dimension score and an overall answer: Pearson's r between the two
-- is the dimension's importance (methodology.md, "Importance × performance"). d is the
-- dimension score times {{ p.scale }}, an integer, so the sums are exact.
{%- for dim in p.dimensions %}
{% if not loop.first %}UNION ALL
{% endif -%}
SELECT
    '{{ dim }}' AS dimension,
    COUNT(*) AS n,
    SUM({{ ("_dim_" ~ dim) | q }}) AS sd,
    SUM({{ ("_dim_" ~ dim) | q }} * {{ ("_dim_" ~ dim) | q }}) AS sdd,
    SUM(overall) AS so,
    SUM(overall * overall) AS soo,
    SUM({{ ("_dim_" ~ dim) | q }} * overall) AS sdo,
    MIN({{ ("_dim_" ~ dim) | q }}) AS dmin,
    MAX({{ ("_dim_" ~ dim) | q }}) AS dmax,
    MIN(overall) AS omin,
    MAX(overall) AS omax
FROM responses
WHERE _excluded IS NULL AND _quarter = {{ p.quarter }}
    AND {{ ("_dim_" ~ dim) | q }} IS NOT NULL AND overall IS NOT NULL
{%- endfor %}
