{% import "_groups" as groups -%}
-- survey_groups: the counts behind every survey figure (methodology.md, "Survey"), for quarters
-- {{ p.first_quarter }} to {{ p.last_quarter }}, over all responses (_by = 'all') and per group.
-- Counts of each answer (overall 1–5, nps 0–10, each item 1–5 after recoding) give CSAT, NPS,
-- item means and standard deviations exactly; dim_sum_<dimension> / (dim_n × {{ p.scale }}) is
-- the dimension's mean score.
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
{%- for v in range(1, 6) %}
    SUM(CASE WHEN _excluded IS NULL AND overall = {{ v }} THEN 1 ELSE 0 END) AS overall_{{ v }},
{%- endfor %}
{%- for v in range(0, 11) %}
    SUM(CASE WHEN _excluded IS NULL AND nps = {{ v }} THEN 1 ELSE 0 END) AS nps_{{ v }},
{%- endfor %}
{%- for item in p.item_ids %}{% for v in range(1, 6) %}
    {% if all_rows %}SUM(CASE WHEN _excluded IS NULL AND {{ item | q }} = {{ v }} THEN 1 ELSE 0 END){% else %}CAST(NULL AS BIGINT){% endif %} AS {{ ("item_" ~ item ~ "_" ~ v) | q }},
{%- endfor %}{% endfor %}
{%- for dim in p.dimensions %}
    COUNT(CASE WHEN _excluded IS NULL THEN {{ ("_dim_" ~ dim) | q }} END) AS {{ ("dim_n_" ~ dim) | q }},
    SUM(CASE WHEN _excluded IS NULL THEN {{ ("_dim_" ~ dim) | q }} END) AS {{ ("dim_sum_" ~ dim) | q }}{{ "," if not loop.last }}
{%- endfor %}
{%- endmacro %}
{{ groups.union(p, "responses", counts) }}
