-- item_moments: sums and cross-products of the Likert items over the valid responses that
-- answered every item (listwise), per quarter: the covariance matrix behind Cronbach's α,
-- α if an item is deleted, KMO and Bartlett's test (methodology.md, "Reliability"). Integer
-- sums, so every engine gives the same matrix.
SELECT
    _quarter,
    COUNT(*) AS n,
{%- for item in p.item_ids %}
    SUM({{ item | q }}) AS {{ ("s_" ~ item) | q }},
{%- endfor %}
{%- for a, b in p.pairs %}
    SUM({{ a | q }} * {{ b | q }}) AS {{ ("x_" ~ a ~ "_" ~ b) | q }}{{ "," if not loop.last }}
{%- endfor %}
FROM responses
WHERE _excluded IS NULL AND _quarter BETWEEN {{ p.first_quarter }} AND {{ p.last_quarter }}
{%- for item in p.item_ids %} AND {{ item | q }} IS NOT NULL{% endfor %}
GROUP BY _quarter
ORDER BY _quarter
