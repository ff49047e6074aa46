-- Generated from pipelines/gold.ts by the lakehouse pipeline compiler. Do not edit: change the pipeline and run `npm run compile`.
{#- on-run-start: open every `plugin: delta` source ONCE per run, in dbt's main thread, before
    any model or test runs.
    Why: dbt-duckdb (re)loads a plugin source each time a node renders source(); with threads > 1
    those loads race (a shared dict of registered Arrow datasets: "dictionary changed size during
    iteration"; concurrent CREATE OR REPLACE of the same view). The sources carry
    `save_mode: ignore`, so after this hook the nodes' own loads find the view and do nothing,
    and the whole run reads one Delta version per table. -#}
{% macro load_delta_sources() %}
  {%- if execute -%}
    {%- for node in graph.sources.values() if node.meta.get('plugin') == 'delta' -%}
      {%- set existing = adapter.get_relation(database=node.database, schema=node.schema, identifier=node.identifier) -%}
      {%- if existing is not none -%}
        {%- do adapter.drop_relation(existing) -%}
        {#- commit: the plugin's load checks for the view on another connection -#}
        {%- do adapter.commit() -%}
      {%- endif -%}
      {%- do source(node.source_name, node.name) -%}
    {%- endfor -%}
  {%- endif -%}
{% endmacro %}
