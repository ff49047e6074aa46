import { project } from "../../../../../dsl/index.ts";

export const platform = project({ id: "cy", startDate: "2025-01-01", namespace: "cy" });
