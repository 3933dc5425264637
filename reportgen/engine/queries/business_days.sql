-- business_days: the business clock's calendar (sla.clock = "business"; reportgen/business_hours.py),
-- one row per schedule and local date from {{ p.business.first }} to {{ p.business.last }}.
--   _schedule: 0 the main schedule{% if p.business.schedules > 1 %}; 1 to {{ p.business.schedules - 1 }} those of
--     sla.business_hours.by_store and by_region, in the config's order{% endif %}.
--   kind: workday or rest by the week; holiday or makeup (a weekend working day) by the calendar
--     {{ p.business.calendar }}; closed or open by the config's extra dates. covered: FALSE where the
--     calendar has no published schedule and the week alone decides.
--   before_us: the business microseconds of the schedule from its first date to this day's start.
--   open_<i>, close_<i>: the day's opening intervals as epoch microseconds (a day without work: its
--     midnight twice), so that the business time up to an instant t of the day is
--     before_us + Σ greatest(0, least(t, close_i) − open_i).
SELECT * FROM (VALUES
{%- for row in p.business.rows %}
    ({{ row[0] }}, DATE '{{ row[1] }}', '{{ row[2] }}', {{ "TRUE" if row[3] else "FALSE" }}, {{ row[4:] | join(", ") }}){{ "," if not loop.last }}
{%- endfor %}
) AS days(_schedule, _date, kind, covered, before_us{% for i in range(1, p.business.width + 1) %}, open_{{ i }}, close_{{ i }}{% endfor %})
