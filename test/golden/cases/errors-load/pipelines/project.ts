import { project } from "../../../../../dsl/index.ts";

export const platform = project({ id: "el", startDate: "2025-01-01", namespace: "el" });
