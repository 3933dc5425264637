-- sla_sources: what each commitment's attainment can be measured from (methodology.md, "SLA").
--   <name>_times: tickets with that follow-up time; none in the whole table means the export has
--     no such time, and attainment is then taken from the ticket system's own verdicts
--     (<name>_sla_met, counted over the tickets that have one) or is not measured (null), never 0 %.
SELECT
{%- for name, column in p.follow_ups %}
    COUNT({{ column }}) AS {{ name }}_times,
    COUNT({{ name }}_sla_met) AS {{ name }}_verdicts{{ "," if not loop.last }}
{%- endfor %}
FROM complaints
