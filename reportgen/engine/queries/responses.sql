-- responses: every survey response with the exclusion rule it meets (methodology.md, "Survey"
-- and "Cleaning"), the first rule in this order (reportgen/rules.py): duplicate, too_fast,
-- contradiction, straight_lining, incomplete; NULL for a valid response.
--   * duplicate: a response_id submitted earlier in the file (the earliest submitted_at is
--     kept; on a tie, the earlier row), over all quarters.
--   * too_fast: duration_seconds < {{ p.min_duration_s }}.
--   * contradiction: overall {{ p.scale_max }} (the scale's best) with nps ≤ 2, or overall {{ p.scale_min }} with nps ≥ 9.
--   * straight_lining: at least {{ p.straight_line_min_items }} items answered, all with the same
--     answer as given (before reverse items are recoded), in under {{ p.straight_line_max_s }} s.
--   * incomplete: fewer than half of the {{ p.item_ids | length }} items answered.
{%- if p.apply_quality %}
--   * then the response-quality flags of quality.exclude ({{ p.quality_exclude | join(", ") }}), as
--     quality_excluded lists them: computed on the responses the five rules left valid.
{%- endif %}
-- Reverse-worded items ({{ p.reverse | join(", ") or "none" }}) are recoded as lowest + highest answer
-- of the item's scale − answer ({{ p.scale_min + p.scale_max }} − answer on {{ p.scale_min }}–{{ p.scale_max }}).
-- _dim_<dimension>: the response's mean over the dimension's answered items of each answer's place
-- on its scale in units of 1/{{ p.unit }} of the range ((answer − min) × {{ p.unit }} / (max − min)), times
-- {{ p.scale }} (an integer: every dimension has at most {{ p.max_items }} items), so that
-- sums over responses are exact in every engine; NULL when none is answered.
WITH base AS (
    SELECT
        surveys._row, response_id, submitted_at, duration_seconds, channel, segment, product_line, store,
        overall, nps,
        CAST(EXTRACT(YEAR FROM submitted_at) * 4 + EXTRACT(QUARTER FROM submitted_at) - 1 AS BIGINT) AS _quarter,
{%- for item in p.item_ids %}
        {{ item | q }},
{%- endfor %}
        {% for item in p.item_ids %}CASE WHEN {{ item | q }} IS NULL THEN 0 ELSE 1 END{{ " + " if not loop.last }}{% endfor %} AS _answered,
        GREATEST({% for item in p.item_ids %}COALESCE({{ item | q }}, -1){{ ", " if not loop.last }}{% endfor %}) AS _given_max,
        LEAST({% for item in p.item_ids %}COALESCE({{ item | q }}, 99){{ ", " if not loop.last }}{% endfor %}) AS _given_min,
        copies._copy, copies._first_row
    FROM surveys
    JOIN copies ON copies._row = surveys._row
),
judged AS (
    SELECT base.*,
        CASE
{%- for code, condition in p.exclusions %}
            WHEN {{ condition }} THEN '{{ code }}'
{%- endfor %}
{%- if p.apply_quality %}
{%- for code in p.quality_exclude %}
            WHEN base._row IN (SELECT _row FROM quality_excluded WHERE code = '{{ code }}') THEN '{{ code }}'
{%- endfor %}
{%- endif %}
        END AS _excluded
    FROM base
),
recoded AS (
    SELECT _row, response_id, submitted_at, duration_seconds, channel, segment, product_line, store,
        overall, nps, _quarter, _answered, _given_max, _first_row, _excluded,
{%- for item in p.item_ids %}
        {% if item in p.reverse %}{{ p.item_reverse[item] }} - {{ item | q }}{% else %}{{ item | q }}{% endif %} AS {{ item | q }}{{ "," if not loop.last }}
{%- endfor %}
    FROM judged
)
SELECT recoded.*,
{%- for dim, items in p.dimensions.items() %}
    CASE WHEN {% for item in items %}CASE WHEN {{ item | q }} IS NULL THEN 0 ELSE 1 END{{ " + " if not loop.last }}{% endfor %} > 0
         THEN ({% for item in items %}COALESCE(({{ item | q }} - {{ p.item_min[item] }}) * {{ p.item_unit[item] }}, 0){{ " + " if not loop.last }}{% endfor %}) * {{ p.scale }}
              // ({% for item in items %}CASE WHEN {{ item | q }} IS NULL THEN 0 ELSE 1 END{{ " + " if not loop.last }}{% endfor %})
    END AS {{ ("_dim_" ~ dim) | q }}{{ "," if not loop.last }}
{%- endfor %}
FROM recoded
