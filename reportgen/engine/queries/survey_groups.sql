{% import "_groups" as groups -%}
-- survey_groups: the counts behind every survey figure (methodology.md, "Survey"), for quarters
-- {{ p.first_quarter }} to {{ p.last_quarter }}, over all responses (_by = 'all') and per group.
-- Counts of each answer (overall and each item after recoding on the {{ p.scale_min }}–{{ p.scale_max }} scale,
-- where it has at most 11 points; nps 0–10) give the distributions; csat_k of csat_n the top box
-- (overall ≥ {{ p.top_from }}); item_<item>_n, _sum, _sq the item means and standard deviations,
-- exactly; dim_sum_<dimension> / (dim_n × {{ p.scale }}) is the dimension's mean place on the scale,
-- in units of 1/{{ p.unit }} of its range (score100 = that / {{ p.unit }} × 100).
-- Groups: those of quarter {{ p.last_quarter }} and the previous quarter's stores, without the item
-- counts (only the quarters' totals need them). A group whose key is missing is left out by the
-- caller, but for the strata and the segment × channel cells, where a missing value is a group of
-- its own.
{% macro counts(all_rows) -%}
    COUNT(*) AS responses_total,
{%- for rule in p.rules %}
    SUM(CASE WHEN _excluded = '{{ rule }}' THEN 1 ELSE 0 END) AS excluded_{{ rule }},
{%- endfor %}
    SUM(CASE WHEN _excluded IS NULL THEN 1 ELSE 0 END) AS valid,
{%- for v in p.levels %}
    SUM(CASE WHEN _excluded IS NULL AND overall = {{ v }} THEN 1 ELSE 0 END) AS overall_{{ v }},
{%- endfor %}
    SUM(CASE WHEN _excluded IS NULL AND overall >= {{ p.top_from }} THEN 1 ELSE 0 END) AS csat_k,
    COUNT(CASE WHEN _excluded IS NULL THEN overall END) AS csat_n,
{%- for v in range(0, 11) %}
    SUM(CASE WHEN _excluded IS NULL AND nps = {{ v }} THEN 1 ELSE 0 END) AS nps_{{ v }},
{%- endfor %}
{%- for item in p.item_ids %}{% for v in p.item_levels[item] %}
    {% if all_rows %}SUM(CASE WHEN _excluded IS NULL AND {{ item | q }} = {{ v }} THEN 1 ELSE 0 END){% else %}CAST(NULL AS BIGINT){% endif %} AS {{ ("item_" ~ item ~ "_" ~ v) | q }},
{%- endfor %}
{%- for part, value in (("n", "1"), ("sum", item | q), ("sq", (item | q) ~ " * " ~ (item | q))) %}
    {% if all_rows %}SUM(CASE WHEN _excluded IS NULL AND {{ item | q }} IS NOT NULL THEN {{ value }} END){% else %}CAST(NULL AS BIGINT){% endif %} AS {{ ("item_" ~ item ~ "_" ~ part) | q }},
{%- endfor %}{% endfor %}
{%- for dim in p.dimensions %}
    COUNT(CASE WHEN _excluded IS NULL THEN {{ ("_dim_" ~ dim) | q }} END) AS {{ ("dim_n_" ~ dim) | q }},
    SUM(CASE WHEN _excluded IS NULL THEN {{ ("_dim_" ~ dim) | q }} END) AS {{ ("dim_sum_" ~ dim) | q }}{{ "," if not loop.last }}
{%- endfor %}
{%- endmacro %}
{{ groups.union(p, "responses", counts) }}
