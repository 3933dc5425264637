{% import "_groups" as groups -%}
-- complaint_groups: the counts behind every complaint figure (methodology.md, "Complaints"), over
-- all tickets of each quarter {{ p.first_quarter }} to {{ p.last_quarter }} (_by = 'all') and per group. Each rate is a count over an n; the caller divides and adds the Wilson interval.
--   within_<commitment> of sla_n_<commitment>: tickets whose elapsed time is at most the commitment
--     (response {{ p.limits.response }} min, solution {{ p.limits.solution }} min,
--     closure {{ p.limits.closure }} min) of all tickets, a missing time counting as not met; where the
--     table has no such time at all (sla_sources), the ticket system's own verdicts <commitment>_sla_met
--     of the tickets that have one; else NULL of 0 (not measured).
--   satisfied_*: handling_satisfaction ≥ 4 among the tickets rated, split by the closure commitment.
-- Groups: those of quarter {{ p.last_quarter }}, the previous quarter's stores and the categories of
-- the two quarters before (comparisons read them); a group whose key is missing is left out by the
-- caller. The percentiles of the times are complaint_durations.
{%- if p.categories %}
--   categories_derived: tickets whose category came from their description; categories_none: of
--     those, the ones of no topic ({{ p.category_none }}).
{%- endif %}
{% macro counts(all_rows) -%}
    COUNT(*) AS total,
    COUNT(_closure_min) AS closed,
{%- for name in ("response", "solution", "closure") %}
{%- if p.sla_from[name] == "times" %}
    SUM(CASE WHEN _{{ name }}_min <= {{ p.limits[name] }} THEN 1 ELSE 0 END) AS within_{{ name }},
    COUNT(*) AS sla_n_{{ name }},
{%- elif p.sla_from[name] == "verdicts" %}
    SUM(CASE WHEN {{ name }}_sla_met THEN 1 ELSE 0 END) AS within_{{ name }},
    COUNT({{ name }}_sla_met) AS sla_n_{{ name }},
{%- else %}
    CAST(NULL AS BIGINT) AS within_{{ name }},
    CAST(0 AS BIGINT) AS sla_n_{{ name }},
{%- endif %}
{%- endfor %}
    COUNT(resolved) AS resolved_n,
    SUM(CASE WHEN resolved THEN 1 ELSE 0 END) AS resolved_k,
    COUNT(first_contact_resolution) AS first_contact_n,
    SUM(CASE WHEN first_contact_resolution THEN 1 ELSE 0 END) AS first_contact_k,
    COUNT(handling_satisfaction) AS satisfied_n,
    SUM(CASE WHEN handling_satisfaction >= 4 THEN 1 ELSE 0 END) AS satisfied_k,
    COUNT(CASE WHEN _closure_min <= {{ p.limits.closure }} THEN handling_satisfaction END) AS satisfied_met_n,
    SUM(CASE WHEN _closure_min <= {{ p.limits.closure }} AND handling_satisfaction >= 4 THEN 1 ELSE 0 END) AS satisfied_met_k,
    COUNT(CASE WHEN NOT COALESCE(_closure_min <= {{ p.limits.closure }}, FALSE) THEN handling_satisfaction END) AS satisfied_breached_n,
    SUM(CASE WHEN NOT COALESCE(_closure_min <= {{ p.limits.closure }}, FALSE) AND handling_satisfaction >= 4 THEN 1 ELSE 0 END) AS satisfied_breached_k,
    COUNT(_repeat) AS repeat_n,
    SUM(CASE WHEN _repeat THEN 1 ELSE 0 END) AS repeat_k,
    COUNT(compensation_amount) AS compensation_n,
    SUM(CAST(compensation_amount AS DECIMAL(38, 6))) AS compensation_sum
{%- if p.categories %},
    SUM(CASE WHEN _category_derived THEN 1 ELSE 0 END) AS categories_derived,
    SUM(CASE WHEN _category_derived AND category = {{ p.category_none }} THEN 1 ELSE 0 END) AS categories_none
{%- endif %}
{%- endmacro %}
{{ groups.union(p, "tickets", counts) }}
