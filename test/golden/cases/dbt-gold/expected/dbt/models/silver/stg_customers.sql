-- Generated from pipelines/gold.ts by the lakehouse pipeline compiler (SQL copied from dbt/models/silver/stg_customers.sql). Do not edit: edit dbt/models/silver/stg_customers.sql.
select id as customer_id, name from {{ source('bronze', 'customers') }}
