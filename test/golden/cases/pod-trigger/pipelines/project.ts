// Catalogues of images, secrets and placement for the pod-trigger case.
import { image, k8sSecret, project, variable } from "../../../../../dsl/index.ts";

export const platform = project({
  id: "podt",
  owner: "data-team",
  retries: 2,
  retryDelaySeconds: 120,
  startDate: "2025-03-15",
  namespace: "lakehouse",
  images: {
    loader: image("registry.example.com/lake/loader", { tag: variable("loader_release", "1.4.0") }),
    tools: image("registry.example.com/lake/tools", { tag: "2025.03", pullPolicy: "Always" }),
  },
  secrets: {
    pgUser: k8sSecret("pg-credentials", "user"),
    pgPassword: k8sSecret("pg-credentials", "password"),
  },
  placement: {
    nodeSelector: { "node-role": "batch", "kubernetes.io/arch": "amd64" },
    serviceAccount: "lake-runner",
    imagePullSecrets: ["registry-pull", "backup-pull"],
  },
});
