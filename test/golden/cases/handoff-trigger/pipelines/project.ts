import { project } from "../../../../../dsl/index.ts";

export const platform = project({ id: "ht", startDate: "2025-05-05", namespace: "ht" });
