-- Clients with their preferred store's city.
select
    c.client_id,
    c.client_name,
    s.city as preferred_city,
    c.registration_date,
    c.churned
from {{ ref('stg_clients') }} as c
left join {{ ref('stg_stores') }} as s on s.store_id = c.preferred_store_id
