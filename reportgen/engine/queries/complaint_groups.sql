-- complaint_groups: the counts behind every complaint figure (methodology.md, "Complaints"), for
-- quarters {{ p.first_quarter }} to {{ p.last_quarter }}, over all tickets (_by = 'all') and per
-- group. Each rate is a count over an n; the caller divides and adds the Wilson interval.
--   within_<commitment>: tickets whose elapsed time is at most the commitment
--     (response {{ p.limits.response }} min, solution {{ p.limits.solution }} min,
--     closure {{ p.limits.closure }} min); a missing time counts as not met.
--   satisfied_*: handling_satisfaction ≥ 4 among the tickets rated, split by the closure commitment.
--   p50_* / p90_*: percentiles with linear interpolation between the closest ranks.
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
    COUNT(*) AS total,
    COUNT(_closure_min) AS closed,
{%- for name in ("response", "solution", "closure") %}
    SUM(CASE WHEN _{{ name }}_min <= {{ p.limits[name] }} THEN 1 ELSE 0 END) AS within_{{ name }},
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
    QUANTILE_CONT(_response_min, 0.5) AS p50_response_min,
    QUANTILE_CONT(_response_min, 0.9) AS p90_response_min,
    QUANTILE_CONT(_solution_min / 60.0, 0.5) AS p50_solution_h,
    QUANTILE_CONT(_solution_min / 60.0, 0.9) AS p90_solution_h,
    QUANTILE_CONT(_closure_min / 60.0, 0.5) AS p50_closure_h,
    QUANTILE_CONT(_closure_min / 60.0, 0.9) AS p90_closure_h,
    COUNT(compensation_amount) AS compensation_n,
    SUM(CAST(compensation_amount AS DECIMAL(38, 6))) AS compensation_sum
FROM tickets
WHERE _quarter BETWEEN {{ p.first_quarter }} AND {{ p.last_quarter }}
GROUP BY GROUPING SETS ({% for by in p.groupings %}(_quarter{% for k in by %}, {{ k }}{% endfor %}){{ ", " if not loop.last }}{% endfor %})
ORDER BY _quarter, _by, _g1, _g2, _g3
