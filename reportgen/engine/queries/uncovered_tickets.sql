-- uncovered_tickets: tickets of quarters {{ p.first_quarter }} to {{ p.last_quarter }} with a time on a date the business
-- clock's calendar has not published (business_days.covered is FALSE).
SELECT COUNT(*) AS tickets
FROM tickets
WHERE _uncovered AND _quarter BETWEEN {{ p.first_quarter }} AND {{ p.last_quarter }}
