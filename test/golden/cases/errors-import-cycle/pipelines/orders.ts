// orders.ts and shipping.ts import each other: LD007 names both files and the cycle (instead of
// "runs after pipeline 'undefined'").
import { manual, pipeline } from "../../../../../dsl/index.ts";
import { shipping } from "./shipping.ts";

export const orders = pipeline({
  id: "cy__orders",
  schedule: manual,
  tasks: (t) => {
    t.trigger(shipping);
  },
});
