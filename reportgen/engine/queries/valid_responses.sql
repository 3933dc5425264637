-- valid_responses: the valid responses of quarter {{ p.quarter }} in file order, from which
-- review_sample.csv draws its seeded sample.
SELECT _row, response_id, submitted_at
FROM responses
WHERE _excluded IS NULL AND _quarter = {{ p.quarter }}
ORDER BY _row
