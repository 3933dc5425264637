{#- Shared pieces of the group queries. -#}
{#- The columns that say which grouping a GROUPING SETS row belongs to: _by names it ('channel',
    'category+channel', ...), _g1.._g3 hold its key. -#}
{% macro grouping_columns(groupings, keys) -%}
    CASE{% for by in groupings %}
        WHEN {% for k in keys %}GROUPING({{ k }}) = {{ 0 if k in by else 1 }}{{ " AND " if not loop.last }}{% endfor %} THEN '{{ by | join("+") }}'
{%- endfor %}
    END AS _by,
{%- for i in range(3) %}
    {% if groupings | map("length") | max > i %}CAST(CASE{% for by in groupings if by | length > i %} WHEN {% for k in keys %}GROUPING({{ k }}) = {{ 0 if k in by else 1 }}{{ " AND " if not loop.last }}{% endfor %} THEN {{ by[i] }}{% endfor %} END AS VARCHAR){% else %}CAST(NULL AS VARCHAR){% endif %} AS _g{{ i + 1 }},
{%- endfor %}
{%- endmacro %}

{% macro grouping_sets(groupings) -%}
GROUP BY GROUPING SETS ({% for by in groupings %}(_quarter{% for k in by %}, {{ k }}{% endfor %}){{ ", " if not loop.last }}{% endfor %})
{%- endmacro %}

{#- A group query: every quarter's totals (with the detail only they need), the current quarter's
    groups in one GROUPING SETS pass, and the few groups earlier quarters need (the previous
    quarter's stores, the categories' trend). `counts(detail)` gives the aggregate columns. -#}
{% macro union(p, table, counts) -%}
SELECT _quarter, 'all' AS _by, CAST(NULL AS VARCHAR) AS _g1, CAST(NULL AS VARCHAR) AS _g2, CAST(NULL AS VARCHAR) AS _g3,
{{ counts(True) }}
FROM {{ table }}
WHERE _quarter BETWEEN {{ p.first_quarter }} AND {{ p.last_quarter }}
GROUP BY _quarter
UNION ALL
SELECT
    _quarter,
    {{ grouping_columns(p.groupings, p.group_keys) }}
{{ counts(False) }}
FROM {{ table }}
WHERE _quarter = {{ p.last_quarter }}
{{ grouping_sets(p.groupings) }}
{%- for quarter, by in p.earlier %}
UNION ALL
SELECT _quarter, '{{ by }}' AS _by, CAST({{ by }} AS VARCHAR) AS _g1, CAST(NULL AS VARCHAR) AS _g2, CAST(NULL AS VARCHAR) AS _g3,
{{ counts(False) }}
FROM {{ table }}
WHERE _quarter = {{ quarter }}
GROUP BY _quarter, {{ by }}
{%- endfor %}
ORDER BY _quarter, _by, _g1, _g2, _g3
{%- endmacro %}
