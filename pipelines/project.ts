// Project settings of the ampere lakehouse: shared by every pipeline in this folder.
import { image, k8sSecret, project, variable } from "../dsl/index.ts";

/** Release tag of every ampere image, read from an Airflow Variable at run time. */
const release = variable("ampere_release_version", "latest");

export const platform = project({
  id: "ampere",
  owner: "airflow",
  retries: 0,
  startDate: "2025-08-24",
  namespace: "ampere",
  images: {
    sourcePreparation: image("ghcr.io/antonminiazev/init-source-preparation", { tag: release }),
    orderGenerator: image("ghcr.io/antonminiazev/order-data-generator", { tag: release }),
  },
  secrets: {
    pgUser: k8sSecret("pguser", "pguser"),
    pgPassword: k8sSecret("pgpass", "pgpass"),
  },
  placement: {
    nodeSelector: { "kubernetes.io/hostname": "ampere-k8s-node4" },
    imagePullSecrets: ["ghcr-pull"],
  },
});
