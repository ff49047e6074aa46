"""Days of source data shaped like what the reference order generator writes into the fact and
event tables (orders, order_product, payments, order_status_history, delivery_tracking),
small and deterministic. Each day:

- deletes the rows it wrote ahead for dates from today on (the generator pre-writes
  tomorrow's orders and replaces them on their day: "deleted future rows");
- writes today's orders (lines, a status, a delivery), and tomorrow's pre-orders;
- pays today's orders except the last one, whose payment arrives the next day dated the day
  before (a late payment, inside the payments lookback), and settles a pending payment of
  yesterday (a correction of a row already landed);
- leaves placeholder delivery rows with a NULL status_datetime (142, 122, 179 in the
  reference on three days; here 3, 2, 4).
"""
import datetime as dt
import decimal

ORDERS_PER_DAY = 3
PLACEHOLDERS = (3, 2, 4)


def at(day, hour, minute=0):
    return dt.datetime.combine(day, dt.time(hour, minute))


def order_ids(k):
    return [k * 100 + i for i in range(1, ORDERS_PER_DAY + 1)]


def future_id(k):
    return k * 100 + 99


class ReferenceDays:
    """Writes day k (0-based) of the fixture through a support.generated.Source."""

    EVENT_COLUMN = {"orders": "order_date", "order_product": "order_date", "payments": "payment_date",
                    "order_status_history": "status_datetime", "delivery_tracking": "status_datetime"}

    def __init__(self, source, specs, first_day):
        self.source, self.specs, self.first_day = source, specs, first_day

    def day(self, k):
        return self.first_day + dt.timedelta(days=k)

    def insert(self, table, rows):
        self.source.insert(self.specs[table], rows)

    def write(self, k):
        day, tomorrow = self.day(k), self.day(k + 1)
        self.delete_ahead(day)
        ids = order_ids(k)
        for i, oid in enumerate(ids + [future_id(k)]):
            d = tomorrow if oid == future_id(k) else day
            self.insert("orders", [{"id": oid, "client_id": i + 1, "order_date": d, "order_source_id": 1,
                                    "store_id": 1 + i % 2, "total_amount": money(10 + i)}])
            self.insert("order_product", [{"order_id": oid, "order_date": d, "product_id": p, "quantity": money(p),
                                           "sales_price": money(2 * p)} for p in (1, 2)])
            self.insert("order_status_history", [{"order_id": oid, "order_status_id": 1, "status_datetime": at(d, 9, i)}])
            self.insert("delivery_tracking", [{"order_id": oid, "courier_id": 7, "delivery_status_id": 1,
                                               "status": "assigned", "status_datetime": at(d, 12, i)}])
        self.insert("payments", [{"order_id": oid, "amount": money(10 + i), "method": "card",
                                  "payment_status": "pending" if i == 0 else "paid", "payment_date": day}
                                 for i, oid in enumerate(ids[:-1])])
        if k > 0:
            yesterday, before = self.day(k - 1), order_ids(k - 1)
            self.insert("payments", [{"order_id": before[-1], "amount": money(12), "method": "cash",
                                      "payment_status": "paid", "payment_date": yesterday}])  # late
            self.source.execute(f"UPDATE {self.table_sql('payments')} SET payment_status = 'paid' "
                                "WHERE order_id = %s AND payment_date = %s", (before[0], yesterday))
        self.insert("delivery_tracking", [{"order_id": ids[j % len(ids)], "courier_id": None, "delivery_status_id": None,
                                           "status": "placeholder", "status_datetime": None}
                                          for j in range(PLACEHOLDERS[k])])

    def delete_ahead(self, day):
        for table, column in self.EVENT_COLUMN.items():
            self.source.execute(f"DELETE FROM {self.table_sql(table)} WHERE CAST({quote(column)} AS DATE) >= %s", (day,))

    def table_sql(self, table):
        return f"{quote(self.source.schema)}.{quote(table)}"


def money(n):
    return decimal.Decimal(n).quantize(decimal.Decimal("0.01"))


def quote(name):
    return '"' + name.replace('"', '""') + '"'
