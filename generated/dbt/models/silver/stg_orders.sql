-- Generated from pipelines/dbt.ts by the lakehouse pipeline compiler (SQL copied from dbt/models/silver/stg_orders.sql). Do not edit: edit dbt/models/silver/stg_orders.sql.
-- One row per order.
select
    id as order_id,
    client_id,
    order_date,
    store_id,
    total_amount
from {{ source('bronze', 'orders') }}
qualify row_number() over (partition by id order by order_date desc) = 1
