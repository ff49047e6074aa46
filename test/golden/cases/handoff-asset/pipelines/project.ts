import { project } from "../../../../../dsl/index.ts";

export const platform = project({ id: "ha", startDate: "2025-05-05", namespace: "ha", handoff: "asset" });
