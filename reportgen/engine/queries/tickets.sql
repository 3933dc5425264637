-- tickets: every ticket as the complaint figures read it (methodology.md, "Complaints").
--   * A follow-up time earlier than received_at is treated as missing (a data-quality finding).
--   * _response_min, _solution_min, _closure_min: minutes from receipt (NULL when missing).
--   * _quarter: the running quarter number, year × 4 + quarter − 1, of received_at in local
--     time (the session's time zone is the configured one).
--   * _repeat: the customer had a ticket received strictly earlier and at most
--     {{ p.repeat_window }} before this one (any category, earlier quarters included);
--     NULL without a customer_id.
WITH base AS (
    SELECT
        _row, channel, category, severity, store, region, department,
        resolved, first_contact_resolution, handling_satisfaction, compensation_amount,
        customer_id, received_at,
        CAST(EXTRACT(YEAR FROM received_at) * 4 + EXTRACT(QUARTER FROM received_at) - 1 AS BIGINT) AS _quarter,
{%- for name, column in p.follow_ups %}
        CASE WHEN {{ column }} >= received_at
             THEN CAST(epoch_us({{ column }}) - epoch_us(received_at) AS DOUBLE) / 1000000.0 / 60.0
        END AS _{{ name }}_min{{ "," if not loop.last }}
{%- endfor %}
    FROM complaints
    {%- if p.since %}
    WHERE received_at >= {{ p.since }}
    {%- endif %}
),
visits AS (
    -- one row per customer and receipt time, so that tickets received at the same instant
    -- are not repeats of each other
    SELECT customer_id, received_at,
           LAG(received_at) OVER (PARTITION BY customer_id ORDER BY received_at) AS previous_at
    FROM (SELECT DISTINCT customer_id, received_at FROM base WHERE customer_id IS NOT NULL) AS distinct_visits
)
SELECT
    base._row, base._quarter, base.channel, base.category, base.severity, base.store, base.region,
    base.department, base.resolved, base.first_contact_resolution, base.handling_satisfaction,
    base.compensation_amount, base._response_min, base._solution_min, base._closure_min,
    CASE WHEN base.customer_id IS NULL THEN NULL
         ELSE visits.previous_at IS NOT NULL
              AND epoch_us(base.received_at) - epoch_us(visits.previous_at) <= {{ p.repeat_window_us }}
    END AS _repeat
FROM base
LEFT JOIN visits ON visits.customer_id = base.customer_id AND visits.received_at = base.received_at
