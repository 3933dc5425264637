-- complaint_durations: the median and 90th percentile of the response, solution and closure times
-- (methodology.md, "Complaints") of quarter {{ p.quarter }}, {% if p.by == "all" %}over all its tickets{% else %}per {{ p.by }}{% endif %}, with linear
-- interpolation between the closest ranks; a missing time is left out, and *_times_n counts the times
-- each median and percentile is taken over.
-- One grouping per statement: an exact percentile holds every value of its groups, so that memory
-- holds one grouping's times at a time (at 10 million tickets a quarter, every grouping's percentiles in one
-- pass took 5.5 GB).
SELECT
    _quarter,
    '{{ p.by }}' AS _by,
    {% if p.by == "all" %}CAST(NULL AS VARCHAR){% else %}CAST({{ p.by }} AS VARCHAR){% endif %} AS _g1,
    CAST(NULL AS VARCHAR) AS _g2,
    CAST(NULL AS VARCHAR) AS _g3,
    QUANTILE_CONT(_response_min, 0.5) AS p50_response_min,
    QUANTILE_CONT(_response_min, 0.9) AS p90_response_min,
    QUANTILE_CONT(_solution_min / 60.0, 0.5) AS p50_solution_h,
    QUANTILE_CONT(_solution_min / 60.0, 0.9) AS p90_solution_h,
    QUANTILE_CONT(_closure_min / 60.0, 0.5) AS p50_closure_h,
    QUANTILE_CONT(_closure_min / 60.0, 0.9) AS p90_closure_h,
    COUNT(_response_min) AS response_times_n,
    COUNT(_solution_min) AS solution_times_n,
    COUNT(_closure_min) AS closure_times_n
FROM tickets
WHERE _quarter = {{ p.quarter }}
GROUP BY _quarter{% if p.by != "all" %}, {{ p.by }}{% endif %}
ORDER BY _g1
