-- headline: the headline figures of {{ p.period }} from the counts above, as metrics.json gives
-- them (complaints.total, the three *_sla_rate, resolution_rate, first_contact_resolution_rate,
-- repeat_rate, handling_satisfaction_rate; survey.responses_valid, csat_top2, nps).
SELECT
    c.total AS complaints_total,
    c.within_response / c.total AS response_sla_rate,
    c.within_solution / c.total AS solution_sla_rate,
    c.within_closure / c.total AS closure_sla_rate,
    c.resolved_k / c.resolved_n AS resolution_rate,
    c.first_contact_k / c.first_contact_n AS first_contact_resolution_rate,
    c.repeat_k / c.repeat_n AS repeat_rate,
    c.satisfied_k / c.satisfied_n AS handling_satisfaction_rate,
    s.valid AS responses_valid,
    (s.overall_4 + s.overall_5) / (s.overall_1 + s.overall_2 + s.overall_3 + s.overall_4 + s.overall_5) AS csat_top2,
    100.0 * ((s.nps_9 + s.nps_10) - ({% for v in range(0, 7) %}s.nps_{{ v }}{{ " + " if not loop.last }}{% endfor %}))
        / ({% for v in range(0, 11) %}s.nps_{{ v }}{{ " + " if not loop.last }}{% endfor %}) AS nps
FROM complaint_groups AS c, survey_groups AS s
WHERE c._quarter = {{ p.quarter }} AND c._by = 'all' AND s._quarter = {{ p.quarter }} AND s._by = 'all'
