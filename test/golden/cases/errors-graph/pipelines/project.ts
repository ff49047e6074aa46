import { project } from "../../../../../dsl/index.ts";

export const platform = project({ id: "eg", startDate: "2025-01-01", namespace: "eg" });
