// Pods with env, secrets, resources, run-time values, templates and Variables, then triggers.
import {
  cron, externalDag, logicalDate, manual, pipeline, runDate, runDateNodash, runId, template, tryNumber, variable,
} from "../../../../../dsl/index.ts";
import { platform } from "./project.ts";

export const publish = pipeline({
  id: "publish__orders",
  description: "Publishes the loaded orders.\nStarted by the loader with its logical date.",
  schedule: manual,
  tags: ["layer:gold"],
  tasks: (t) => {
    t.pod("publish__run", { image: platform.images.tools, args: ["publish", "--date", runDate] });
  },
});

export const load = pipeline({
  id: "load__orders__daily",
  description: "Loads one day of orders.",
  schedule: cron("30 2 * * 1-5"),
  tags: ["layer:bronze", "system:postgres"],
  catchup: true,
  maxActiveRuns: 3,
  dependsOnPast: true,
  retries: 1,
  retryDelaySeconds: 60,
  owner: "orders-team",
  tasks: (t) => {
    const extract = t.pod("extract__orders", {
      image: platform.images.loader,
      command: ["python", "-m", "loader"],
      args: ["--date", runDate, "--partition", runDateNodash, "--at", logicalDate, template`--run=${runId}/try-${tryNumber}`],
      env: {
        PGUSER: platform.secrets.pgUser,
        PGPASSWORD: platform.secrets.pgPassword,
        PGOPTIONS: template`-c work_mem=${variable("pg_work_mem", "64MB")} -c statement_timeout=0`,
        TARGET_BUCKET: variable("orders_bucket", "s3://lake/bronze"),
        LOG_LEVEL: "info",
        RUN_DATE: runDate,
      },
      resources: { requests: { cpu: "250m", memory: "512Mi" }, limits: { cpu: "2", memory: "2Gi" } },
      startupTimeoutSeconds: 300,
      doc: "Extracts the orders of the run date.",
    });
    const compact = t.pod("compact__orders", {
      image: platform.images.tools,
      podName: "orders-compaction",
      serviceAccount: "compactor",
      nodeSelector: { "node-role": "compaction" },
      args: ["compact", template`s3://lake/bronze/orders/date=${runDate}/`],
      after: [extract],
      retries: 0,
      retryDelaySeconds: 30,
      dependsOnPast: false,
    });
    t.trigger(publish, { after: [compact], wait: true, pollSeconds: 30 });
    t.trigger(externalDag("finance__ledger__daily"), { id: "notify__finance", after: [compact], resetDagRun: false });
  },
});
