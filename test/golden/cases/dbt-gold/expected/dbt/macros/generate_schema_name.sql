-- Generated from pipelines/gold.ts by the lakehouse pipeline compiler. Do not edit: change the pipeline and run `npm run compile`.
{#- Use a model's custom schema as is (`gold`, not `main_gold`): schemas are part of the
    platform's naming contract, whatever the target's default schema is. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
  {{ custom_schema_name if custom_schema_name is not none else target.schema }}
{%- endmacro %}
