-- Generated from pipelines/gold.ts by the lakehouse pipeline compiler. Do not edit: change the pipeline and run `npm run compile`.
{{ config(materialized='external', plugin='lake', format='parquet') }}
select * from {{ ref('fct_orders') }}
