-- survey_groups: the counts behind every survey figure (methodology.md, "Survey"), for quarters
-- {{ p.first_quarter }} to {{ p.last_quarter }}, over all responses (_by = 'all') and per group.
-- Counts of each answer (overall 1–5, nps 0–10, each item 1–5 after recoding) give CSAT, NPS,
-- item means and standard deviations exactly; dim_sum_<dimension> / (dim_n × {{ p.scale }}) is
-- the dimension's mean score.
-- One pass, GROUPING SETS: a group whose key is missing is left out by the caller (but for the
-- groupings that count missing values as a value of their own).
SELECT
    _quarter,
    CASE{% for by in p.groupings %}
        WHEN {% for k in p.group_keys %}GROUPING({{ k }}) = {{ 0 if k in by else 1 }}{{ " AND " if not loop.last }}{% endfor %} THEN '{{ by | join("+") or "all" }}'
{%- endfor %}
    END AS _by,
{%- for i in range(3) %}
    {% if p.groupings | map("length") | max > i %}CAST(CASE{% for by in p.groupings if by | length > i %} WHEN {% for k in p.group_keys %}GROUPING({{ k }}) = {{ 0 if k in by else 1 }}{{ " AND " if not loop.last }}{% endfor %} THEN {{ by[i] }}{% endfor %} END AS VARCHAR){% else %}CAST(NULL AS VARCHAR){% endif %} AS _g{{ i + 1 }},
{%- endfor %}
    COUNT(*) AS responses_total,
{%- for rule in p.rules %}
    SUM(CASE WHEN _excluded = '{{ rule }}' THEN 1 ELSE 0 END) AS excluded_{{ rule }},
{%- endfor %}
    SUM(CASE WHEN _excluded IS NULL THEN 1 ELSE 0 END) AS valid,
{%- for v in range(1, 6) %}
    SUM(CASE WHEN _excluded IS NULL AND overall = {{ v }} THEN 1 ELSE 0 END) AS overall_{{ v }},
{%- endfor %}
{%- for v in range(0, 11) %}
    SUM(CASE WHEN _excluded IS NULL AND nps = {{ v }} THEN 1 ELSE 0 END) AS nps_{{ v }},
{%- endfor %}
{%- for item in p.item_ids %}{% for v in range(1, 6) %}
    SUM(CASE WHEN _excluded IS NULL AND {{ item | q }} = {{ v }} THEN 1 ELSE 0 END) AS {{ ("item_" ~ item ~ "_" ~ v) | q }},
{%- endfor %}{% endfor %}
{%- for dim in p.dimensions %}
    COUNT(CASE WHEN _excluded IS NULL THEN {{ ("_dim_" ~ dim) | q }} END) AS {{ ("dim_n_" ~ dim) | q }},
    SUM(CASE WHEN _excluded IS NULL THEN {{ ("_dim_" ~ dim) | q }} END) AS {{ ("dim_sum_" ~ dim) | q }}{{ "," if not loop.last }}
{%- endfor %}
FROM responses
WHERE _quarter BETWEEN {{ p.first_quarter }} AND {{ p.last_quarter }}
GROUP BY GROUPING SETS ({% for by in p.groupings %}(_quarter{% for k in by %}, {{ k }}{% endfor %}){{ ", " if not loop.last }}{% endfor %})
ORDER BY _quarter, _by, _g1, _g2, _g3
