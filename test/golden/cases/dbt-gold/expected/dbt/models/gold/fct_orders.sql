-- Generated from pipelines/gold.ts by the lakehouse pipeline compiler (SQL copied from dbt/models/gold/fct_orders.sql). Do not edit: edit dbt/models/gold/fct_orders.sql.
select o.id as order_id, o.customer_id, o.status, o.amount
from {{ source('bronze', 'orders') }} as o
join {{ ref('stg_customers') }} as c on c.customer_id = o.customer_id
