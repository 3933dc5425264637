-- comments: the open texts of quarters {{ p.first_quarter }} to {{ p.last_quarter }} for comment analytics
-- (methodology.md, "Comments"): the comments of valid survey responses, with their overall
-- answer, and the descriptions of complaint tickets, with their category. Texts are as intake
-- left them: control characters removed and personal data masked.
SELECT 'survey' AS source, surveys.response_id AS id, responses._quarter, surveys._row,
    surveys.comment AS text, responses.overall, CAST(NULL AS VARCHAR) AS category
FROM responses
JOIN surveys ON surveys._row = responses._row
WHERE responses._excluded IS NULL AND surveys.comment IS NOT NULL AND TRIM(surveys.comment) <> ''
    AND responses._quarter BETWEEN {{ p.first_quarter }} AND {{ p.last_quarter }}
UNION ALL
SELECT 'complaint' AS source, complaints.ticket_id AS id, tickets._quarter, complaints._row,
    complaints.description AS text, CAST(NULL AS BIGINT) AS overall, tickets.category
FROM tickets
JOIN complaints ON complaints._row = tickets._row
WHERE complaints.description IS NOT NULL AND TRIM(complaints.description) <> ''
    AND tickets._quarter BETWEEN {{ p.first_quarter }} AND {{ p.last_quarter }}
ORDER BY source DESC, _quarter, _row
