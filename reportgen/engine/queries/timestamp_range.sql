-- timestamp_range: the local dates the business clock's calendar must span (business_days).
SELECT CAST(MIN(received_at) AS DATE) AS first_date,
{%- for name, column in p.follow_ups %}
       CAST(MAX({{ column }}) AS DATE) AS last_{{ name }},
{%- endfor %}
       CAST(MAX(received_at) AS DATE) AS last_received
FROM complaints
