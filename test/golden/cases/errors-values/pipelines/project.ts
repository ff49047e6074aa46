import { image, k8sSecret, project } from "../../../../../dsl/index.ts";

export const platform = project({
  id: "ev",
  startDate: "2025-01-01",
  namespace: "ev",
  images: { loader: image("registry.example.com/loader", { tag: "1.0" }) },
  secrets: { pgUser: k8sSecret("pg", "user") },
});
