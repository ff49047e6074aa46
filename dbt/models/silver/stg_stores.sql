-- Stores from the newest bronze snapshot.
select
    id as store_id,
    city,
    store_name
from {{ source('bronze', 'stores') }}
qualify row_number() over (partition by id order by id) = 1
