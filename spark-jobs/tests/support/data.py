"""The 'shop' source tables of the fixtures, created in a test's PostgreSQL schema."""

DDL = {
    "stores": "CREATE TABLE stores (id int NOT NULL, name text, zone text)",
    "clients": "CREATE TABLE clients (id int NOT NULL, name text, email text, registration_date date, "
               "updated_at timestamp, is_deleted boolean DEFAULT false)",
    "products": "CREATE TABLE products (id int NOT NULL, name text, price numeric(10,2), updated_at timestamp NOT NULL)",
    "orders": "CREATE TABLE orders (id int NOT NULL, client_id int, order_date date NOT NULL, amount numeric(12,2), status text)",
    "payments": "CREATE TABLE payments (order_id int NOT NULL, payment_date date NOT NULL, amount numeric(12,2))",
    "order_status_history": "CREATE TABLE order_status_history (order_id int NOT NULL, status text, "
                            "status_datetime timestamp NOT NULL)",
}


def create(pg, *names):
    for n in names or DDL:
        pg.sql(DDL[n])


def insert(pg, table, rows):
    """rows: list of tuples in the table's column order (None for NULL)."""
    if not rows:
        return
    width = len(rows[0])
    placeholders = ", ".join(["%s"] * width)
    with pg.server.connect() as c:
        c.execute(f'SET search_path TO "{pg.schema}"')
        with c.cursor() as cur:
            cur.executemany(f"INSERT INTO {table} VALUES ({placeholders})", rows)
