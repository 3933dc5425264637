-- quality_excluded: the responses a response-quality flag of quality.exclude excludes, with the first
-- such flag ({{ p.quality_exclude | join(", ") }}), as the indices found them on each quarter's
-- valid responses (reportgen.metrics.quality; {{ p.flagged | length }} responses).
{%- if p.flagged %}
SELECT CAST(_row AS BIGINT) AS _row, CAST(code AS VARCHAR) AS code
FROM (VALUES
{%- for row, code in p.flagged %}
    ({{ row }}, '{{ code }}'){{ "," if not loop.last }}
{%- endfor %}
) AS flagged(_row, code)
{%- else %}
SELECT CAST(NULL AS BIGINT) AS _row, CAST(NULL AS VARCHAR) AS code WHERE FALSE
{%- endif %}
