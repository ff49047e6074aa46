-- Orders with what was paid for them. Incremental: a daily run re-reads the last
-- `lookback_days` days and replaces those orders (delete+insert by order_id).
select
    o.order_id,
    o.client_id,
    o.order_date,
    o.store_id,
    o.total_amount,
    coalesce(sum(p.amount) filter (where p.payment_status = 'paid'), 0)::decimal(14, 4) as paid_amount
from {{ ref('stg_orders') }} as o
left join {{ ref('stg_payments') }} as p on p.order_id = o.order_id
{% if is_incremental() %}
where o.order_date >= (
    select coalesce(max(order_date), date '1900-01-01') - {{ var('lookback_days') | int }}
    from {{ this }}
)
{% endif %}
group by all
