{% import "_business" as clock with context -%}
-- overdue_open: tickets received before the end of quarter {{ p.quarter }} ({{ p.end }}) and not
-- closed by then (no valid closed_at, or a later one) whose age at that moment exceeds their closure
-- limit (a tier's, by severity{% if p.business %}; business minutes of the ticket's schedule{% endif %}),
-- oldest first: overdue.csv and the report's list.
SELECT _row, ticket_id, severity, store, _received, _age_min, {{ p.limits.closure }} AS _limit_min{% if p.business %}, _schedule{% endif %}
FROM (
    SELECT tickets.*, complaints.ticket_id, complaints.received_at AS _received,
{%- if p.business %}
        CAST((CASE tickets._schedule{% for k, v in p.end_business %} WHEN {{ k }} THEN {{ v }}{% endfor %} END)
             - {{ clock.business_us("_b", "received_at") }} AS DOUBLE) / 60000000.0 AS _age_min
{%- else %}
        CAST(epoch_us(CAST('{{ p.end }}' AS TIMESTAMPTZ)) - epoch_us(complaints.received_at) AS DOUBLE) / 60000000.0 AS _age_min
{%- endif %}
    FROM tickets
    JOIN complaints ON complaints._row = tickets._row
{%- if p.business %}
    LEFT JOIN business_days AS _b ON _b._schedule = tickets._schedule
        AND _b._date = LEAST(GREATEST(CAST(complaints.received_at AS DATE), DATE '{{ p.business.first }}'), DATE '{{ p.business.last }}')
{%- endif %}
    WHERE complaints.received_at < CAST('{{ p.end }}' AS TIMESTAMPTZ)
      AND (_closure_min IS NULL OR complaints.closed_at >= CAST('{{ p.end }}' AS TIMESTAMPTZ))
) AS open_tickets
WHERE _age_min > {{ p.limits.closure }}
ORDER BY _age_min DESC, _row
