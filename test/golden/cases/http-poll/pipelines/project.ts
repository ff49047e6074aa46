import { airflowConnection, project } from "../../../../../dsl/index.ts";

export const platform = project({
  id: "hp",
  startDate: "2025-02-01",
  namespace: "hp",
  connections: { catalog: airflowConnection("catalog_api"), status: airflowConnection("status_api") },
});
