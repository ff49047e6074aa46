import { project } from "../../../../../dsl/index.ts";

export const platform = project({ id: "bj", startDate: "2025-06-01", namespace: "bj" });
