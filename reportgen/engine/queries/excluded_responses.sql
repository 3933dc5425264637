-- excluded_responses: the responses of quarter {{ p.quarter }} that a cleaning rule excluded, with
-- the values that decided it (for exclusions.csv).
SELECT _row, response_id, _excluded, duration_seconds, overall, nps, _answered, _given_max, _first_row
FROM responses
WHERE _excluded IS NOT NULL AND _quarter = {{ p.quarter }}
ORDER BY _row
