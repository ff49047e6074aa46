-- Generated from pipelines/gold.ts by the lakehouse pipeline compiler. Do not edit: change the pipeline and run `npm run compile`.
{#- Generic data test: rows where `<column> <expression>` (or just `<expression>`) is not true.
    Zero rows returned means the test passes. NULLs count as failures only when the expression
    itself says so (e.g. `is not null`), like SQL CHECK constraints. -#}
{% test expression_is_true(model, expression, column_name=None) %}
select *
from {{ model }}
where not ({% if column_name %}{{ adapter.quote(column_name) }} {% endif %}{{ expression }})
{% endtest %}
