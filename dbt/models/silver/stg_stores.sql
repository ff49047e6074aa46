-- Stores from the newest bronze snapshot. Bronze keeps one full snapshot per snapshot_date, so
-- the current stores are exactly the rows of the newest date (a store missing there is closed).
select
    id as store_id,
    city,
    store_name
from {{ source('bronze', 'stores') }}
where snapshot_date = (select max(snapshot_date) from {{ source('bronze', 'stores') }})
