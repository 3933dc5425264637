{#- The business clock's running total at an instant: business_days' microseconds before the
    instant's local date plus the opening time of that day up to the instant (business_days.sql). -#}
{% macro business_us(alias, column) -%}
({{ alias }}.before_us{% for i in range(1, p.business.width + 1) %} + GREATEST(0, LEAST(epoch_us(complaints.{{ column }}), {{ alias }}.close_{{ i }}) - {{ alias }}.open_{{ i }}){% endfor %})
{%- endmacro %}
