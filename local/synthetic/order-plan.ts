// An order's whole life, decided when it is placed: its status changes, its courier's pick-up and
// delivery, and its payments, over the order's day and up to 2 (events) or 5 (payments) days
// after. A pure function of the seed and the order row, so the run of any later day recomputes
// exactly the plan the order's own day made, and writes the part that falls on its date.
import { addDays, timestampAt } from "./dates.ts";
import { DELIVERY_STEP, DELIVERY_TYPES, ORDER_STATUS, PAYMENT_METHODS, type PaymentStatus } from "./dictionaries.ts";
import { Rng } from "./prng.ts";
import type { Row } from "./rows.ts";
import type { CourierState, OrderState } from "./state.ts";

/** Rows of one order, each with the date it happens on (the day whose run writes it). */
export interface OrderPlan {
  readonly statusEvents: readonly { readonly date: string; readonly row: Row }[];
  readonly tracking: readonly { readonly date: string; readonly row: Row }[];
  readonly payments: readonly { readonly date: string; readonly row: Row }[];
}

const MINUTE = 60;
const HOUR = 3600;

/** Seconds after midnight of the order's day at which packing starts, by how late it is delivered. */
function packingStart(rng: Rng, placed: number, daysLater: number): number {
  if (daysLater === 0) return placed + rng.int(8, 15) * MINUTE + rng.int(0, 59);
  // Next or second day: the morning shift picks it up.
  return daysLater * 24 * HOUR + 8 * HOUR + rng.int(0, 240) * MINUTE + rng.int(0, 59);
}

function paymentSchedule(rng: Rng, cancelled: boolean, cancelDay: number): [number, PaymentStatus][] {
  const r = rng.float();
  if (cancelled) return r < 0.5 ? [[0, "failed"]] : [[0, "paid"], [Math.max(1, cancelDay), "refunded"]];
  if (r < 0.78) return [[0, "paid"]];
  if (r < 0.86) return [[0, "pending"], [rng.int(1, 5), "paid"]];
  if (r < 0.92) return [[0, "failed"], [rng.int(1, 2), "paid"]];
  if (r < 0.97) return [[rng.int(1, 5), "paid"]];
  return [[0, "paid"], [rng.int(1, 5), "refunded"]];
}

/**
 * The plan of an order placed at its store, given the store's couriers on duty that day.
 * Timestamps of one order are strictly increasing, so (order_id, status_datetime) stays unique.
 */
export function orderPlan(seed: number, order: OrderState, couriersOnDuty: readonly CourierState[]): OrderPlan {
  const rng = new Rng(seed, "order-plan", order.id);
  const at = (seconds: number) => ({ date: timestampAt(order.orderDate, seconds).slice(0, 10), ts: timestampAt(order.orderDate, seconds) });
  const placed = 7 * HOUR + rng.int(0, 16 * 60 + 29) * MINUTE + rng.int(0, 59); // 07:00 to 23:29
  const variant = rng.float();
  const status = (id: number, seconds: number) => {
    const t = at(seconds);
    return { date: t.date, row: { order_id: order.id, order_status_id: id, status_datetime: t.ts } };
  };
  const statusEvents = [status(ORDER_STATUS.created, placed)];
  const tracking: { date: string; row: Row }[] = [];
  let cancelDay = 0;

  if (variant < 0.02) {
    const cancelledAt = placed + rng.int(5, 180) * MINUTE + rng.int(0, 59);
    statusEvents.push(status(ORDER_STATUS.cancelled, cancelledAt));
    cancelDay = Math.floor(cancelledAt / (24 * HOUR));
  } else {
    const daysLater = variant < 0.05 ? 2 : variant < 0.15 ? 1 : 0;
    const packing = packingStart(rng, placed, daysLater);
    const pickUp = packing + rng.int(5, 15) * MINUTE + rng.int(0, 59);
    const delivered = pickUp + rng.int(20, 40) * MINUTE + rng.int(0, 59);
    statusEvents.push(status(ORDER_STATUS.packing, packing), status(ORDER_STATUS.delivered, delivered));
    const type = DELIVERY_TYPES[rng.weighted(DELIVERY_TYPES.map((t) => t.weight))]!;
    const ofType = couriersOnDuty.filter((c) => c.deliveryTypeId === type.id);
    const pool = ofType.length > 0 ? ofType : couriersOnDuty;
    if (pool.length > 0) {
      const courier = rng.pick(pool);
      for (const [step, seconds] of [[DELIVERY_STEP.pickUp, pickUp], [DELIVERY_STEP.delivery, delivered]] as const) {
        const t = at(seconds);
        tracking.push({ date: t.date, row: { order_id: order.id, courier_id: courier.id, delivery_status_id: step.id, status: step.status, status_datetime: t.ts } });
      }
    }
  }

  const method = PAYMENT_METHODS[rng.weighted(PAYMENT_METHODS.map((m) => m.weight))]!.method;
  const payments = paymentSchedule(rng, variant < 0.02, cancelDay).map(([days, payment_status]) => {
    const date = addDays(order.orderDate, days);
    return { date, row: { order_id: order.id, amount: order.totalAmount, method, payment_status, payment_date: date } };
  });
  return { statusEvents, tracking, payments };
}
