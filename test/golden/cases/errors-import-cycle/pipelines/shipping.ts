import { after, pipeline } from "../../../../../dsl/index.ts";
import { orders } from "./orders.ts";

export const shipping = pipeline({
  id: "cy__shipping",
  schedule: after(orders),
  tasks: (t) => {
    t.marker("ship");
  },
});
