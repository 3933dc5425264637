-- quality_responses: the valid responses of {% if p.quarter is none %}every quarter{% else %}quarter {{ p.quarter }}{% endif %}, by response id, with their answers
-- (reverse-worded items recoded), duration, overall, nps and dimension scores: the response-quality
-- indices are computed per response from these (methodology.md, "Response quality"){% if p.quality_exclude %},
-- those a configured flag excluded included (the flags are judged on them){% endif %}. By id: the
-- bootstraps then resample the same rows however the data is split into files.
SELECT _row, _quarter, response_id, duration_seconds, overall, nps,
{%- for item in p.item_ids %}
    {{ item | q }},
{%- endfor %}
{%- for dim in p.dimensions %}
    {{ ("_dim_" ~ dim) | q }}{{ "," if not loop.last }}
{%- endfor %}
FROM responses
WHERE (_excluded IS NULL{% for code in p.quality_exclude %} OR _excluded = '{{ code }}'{% endfor %})
{%- if p.quarter is not none %} AND _quarter = {{ p.quarter }}{% endif %}
ORDER BY response_id, _row
