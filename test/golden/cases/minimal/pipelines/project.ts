// The smallest project: settings only, no catalogues.
import { project } from "../../../../../dsl/index.ts";

export const platform = project({ id: "mini", startDate: "2025-01-01", namespace: "mini" });
