// An http call capturing a field, a poll until it changes, and a poll until a field equals a value.
import { hourly, pipeline, runDate, runId, template, variable } from "../../../../../dsl/index.ts";
import { platform } from "./project.ts";

export const refresh = pipeline({
  id: "serving__catalog__refresh",
  schedule: hourly,
  tasks: (t) => {
    const trigger = t.http("refresh__trigger", {
      connection: platform.connections.catalog,
      endpoint: template`/datasets/orders/${runDate}/refresh`,
      body: { mode: "full", tables: ["orders", "payments"], options: { zOrder: true, retries: 3 } },
      headers: { "X-Source": "airflow" },
      expectStatus: [202, 200],
      captureField: "release_id",
    });
    const released = t.waitForHttp("refresh__wait_release", {
      connection: platform.connections.catalog,
      endpoint: "/datasets/orders/latest",
      until: { field: "release_id", changedFrom: trigger },
      everySeconds: 30,
      timeoutSeconds: 1800,
      after: [trigger],
    });
    const notify = t.http("refresh__notify", {
      connection: platform.connections.status,
      method: "PUT",
      endpoint: template`/runs/${runId}`,
      body: template`release ready for ${variable("catalog_env", "prod")}`,
      headers: { "Content-Type": "text/plain" },
      expectStatus: [204, 409],
      after: [released],
    });
    t.waitForHttp("refresh__wait_serving", {
      connection: platform.connections.status,
      endpoint: "/serving/state",
      headers: { Accept: "application/json" },
      until: { field: "data.state", equals: "ready" },
      after: [notify],
    });
  },
});
