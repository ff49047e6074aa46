-- One row per order and payment date (bronze merges the lookback window).
select
    order_id,
    payment_date,
    amount,
    method,
    payment_status
from {{ source('bronze', 'payments') }}
qualify row_number() over (partition by order_id, payment_date order by payment_date desc) = 1
