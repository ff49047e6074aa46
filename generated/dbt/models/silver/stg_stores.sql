-- Generated from pipelines/dbt.ts by the lakehouse pipeline compiler (SQL copied from dbt/models/silver/stg_stores.sql). Do not edit: edit dbt/models/silver/stg_stores.sql.
-- Stores from the newest bronze snapshot.
select
    id as store_id,
    city,
    store_name
from {{ source('bronze', 'stores') }}
qualify row_number() over (partition by id order by id) = 1
