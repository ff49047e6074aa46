-- Generated from pipelines/dbt.ts by the lakehouse pipeline compiler (SQL copied from dbt/models/gold/dim_clients.sql). Do not edit: edit dbt/models/gold/dim_clients.sql.
-- Clients with their preferred store's city.
select
    c.client_id,
    c.client_name,
    s.city as preferred_city,
    c.registration_date,
    c.churned
from {{ ref('stg_clients') }} as c
left join {{ ref('stg_stores') }} as s on s.store_id = c.preferred_store_id
