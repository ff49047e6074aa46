-- Latest version of every client from bronze (bronze keeps one row per key, re-read days included).
select
    id as client_id,
    fullname as client_name,
    preferred_store_id,
    registration_date,
    updated_at,
    churned
from {{ source('bronze', 'clients') }}
qualify row_number() over (partition by id order by updated_at desc nulls last) = 1
