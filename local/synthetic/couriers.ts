// Couriers go on and off duty. Whether courier c is updated on day d, and to what, is a pure
// function of (seed, c, d), so the state of every courier on any earlier day can be recomputed
// even after later days changed its row: a rerun of an old day sees the couriers it saw first.
import { dayNumber } from "./dates.ts";
import { unit } from "./prng.ts";
import type { CourierState } from "./state.ts";

/** Share of couriers whose row changes on a day. */
const UPDATE_SHARE = 0.02;
/** Share of changes that put a courier (back) on duty. */
const ON_DUTY_SHARE = 0.8;

/** Whether `daily` changes this courier's row on the day with this day number. */
export const updatedOnDay = (seed: number, courierId: number, day: number): boolean => unit(seed, "courier-update", courierId, day) < UPDATE_SHARE;

/** The active_flag a change on that day sets. */
export const flagSetOnDay = (seed: number, courierId: number, day: number): boolean => unit(seed, "courier-flag", courierId, day) < ON_DUTY_SHARE;

/** A courier's active_flag and updated_at at the end of `date` (created active by `init`). */
export function courierOn(seed: number, courier: CourierState, date: string): { active: boolean; updatedAt: number } {
  let active = true;
  let updatedAt = dayNumber(courier.createdAt);
  for (let d = updatedAt + 1; d <= dayNumber(date); d++) {
    if (updatedOnDay(seed, courier.id, d)) {
      active = flagSetOnDay(seed, courier.id, d);
      updatedAt = d;
    }
  }
  return { active, updatedAt };
}

/** Couriers on duty at the end of `date`, in id order. */
export function activeCouriers(seed: number, couriers: readonly CourierState[], date: string): CourierState[] {
  return couriers.filter((c) => c.createdAt <= date && courierOn(seed, c, date).active);
}
