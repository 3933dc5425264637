{% import "_business" as clock with context -%}
-- tickets: every ticket as the complaint figures read it (methodology.md, "Complaints").
--   * A follow-up time earlier than received_at is treated as missing (a data-quality finding).
--   * _response_min, _solution_min, _closure_min: minutes from receipt (NULL when missing).
--   * _quarter: the running quarter number, year × 4 + quarter − 1, of received_at in local
--     time (the session's time zone is the configured one).
--   * _repeat: from `repeats` (NULL without a customer_id).
{%- if p.business %}
--   * Business clock (sla.clock = "business"): the minutes count only the opening hours of the
--     ticket's schedule (_schedule: its store's, else its region's, else the main one), from
--     business_days: the business time up to an instant is that of its local date's row
--     ({{ p.business.first }} to {{ p.business.last }}; a later instant counts as the last date's close),
--     and the minutes between two instants the difference. _uncovered: a time falls on a date
--     the calendar has not published.
{%- endif %}
{%- if p.categories %}
--   * category: a ticket without one takes it from its description (comments.derive_categories):
--     the first topic of the dictionary, in its order, one of whose keywords the first
--     {{ p.category_chars }} characters contain (lower-cased); no topic: {{ p.category_none }}.
--     _category_derived marks those tickets.
{%- endif %}
SELECT
    complaints._row, channel,
{%- if p.categories %}
    coalesce(category, CASE
{%- for name, words in p.categories %}
        WHEN {% for w in words %}strpos(_description, {{ w }}) > 0{% if not loop.last %} OR {% endif %}{% endfor %} THEN {{ name }}
{%- endfor %}
        ELSE {{ p.category_none }} END) AS category,
    category IS NULL AS _category_derived,
{%- else %}
    category,
{%- endif %}
    severity, store, region, department,
    resolved, first_contact_resolution, handling_satisfaction, compensation_amount,
    response_sla_met, solution_sla_met, closure_sla_met,
    CAST(EXTRACT(YEAR FROM received_at) * 4 + EXTRACT(QUARTER FROM received_at) - 1 AS BIGINT) AS _quarter,
{%- for name, column in p.follow_ups %}
    CASE WHEN {{ column }} >= received_at
{%- if p.business %}
         THEN CAST({{ clock.business_us("_b_" ~ name, column) }} - {{ clock.business_us("_b_received", "received_at") }} AS DOUBLE) / 60000000.0
{%- else %}
         THEN CAST(epoch_us({{ column }}) - epoch_us(received_at) AS DOUBLE) / 1000000.0 / 60.0
{%- endif %}
    END AS _{{ name }}_min,
{%- endfor %}
{%- if p.business %}
    complaints._schedule,
    NOT (_b_received.covered{% for name, _ in p.follow_ups %} AND COALESCE(_b_{{ name }}.covered, TRUE){% endfor %}) AS _uncovered,
{%- endif %}
    repeats._repeat
FROM {% if p.categories or p.business %}(SELECT *
{%- if p.categories %}, lower(left(description, {{ p.category_chars }})) AS _description{% endif %}
{%- if p.business %}, {{ p.business.schedule }} AS _schedule{% endif %}
    FROM complaints) AS {% endif %}complaints
LEFT JOIN repeats ON repeats._row = complaints._row
{%- if p.business %}
{%- for name, column in [("received", "received_at")] + (p.follow_ups | list) %}
LEFT JOIN business_days AS _b_{{ name }} ON _b_{{ name }}._schedule = complaints._schedule
    AND _b_{{ name }}._date = LEAST(GREATEST(CAST(complaints.{{ column }} AS DATE), DATE '{{ p.business.first }}'), DATE '{{ p.business.last }}')
{%- endfor %}
{%- endif %}
