-- early_timestamps: follow-up times earlier than received_at, which the figures treat as missing
-- (data-quality findings "before_received").
{%- for name, column in p.follow_ups %}
{% if not loop.first %}UNION ALL
{% endif -%}
SELECT _row, ticket_id, '{{ column }}' AS _column, {{ column }} AS _at, received_at,
    CAST(EXTRACT(YEAR FROM received_at) * 4 + EXTRACT(QUARTER FROM received_at) - 1 AS BIGINT) AS _quarter
FROM complaints
WHERE {{ column }} < received_at
{%- endfor %}
ORDER BY _row, _column
