// Proves the DagBag harness itself (test/airflow/inspect_dagbag.py via helpers/python-env.ts)
// on hand-written DAGs, so that suites using it on generated DAGs can trust what it reports.
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type DagBagReport, REPO_ROOT, ensurePythonEnv, inspectDagBag } from "./helpers/python-env.ts";

const FIXTURES = path.join(REPO_ROOT, "test", "integration", "fixtures", "harness-dags");

// What the fixture's hostile Jinja string literal must render to, byte for byte.
const HOSTILE = 'It\'s "quoted" C:\\new\\table — ünïcødé ✓ 🚀 {{ ds }} {% if %}\nline2';
// The Jinja source of that literal, as written in the DAG file.
const HOSTILE_JINJA = "{{ 'It\\'s \"quoted\" C:\\\\new\\\\table — ünïcødé ✓ 🚀 {{ ds }} {% if %}\\nline2' }}";

const FIVE_MINUTES = { timedelta_seconds: 300 };

const taskDefaults = {
  depends_on_past: false,
  doc_md: null,
  execution_timeout: null,
  inlets: [],
  outlets: [],
  retry_delay: FIVE_MINUTES,
  trigger_rule: "all_success",
};

let report: DagBagReport;
let rendered: DagBagReport;
let renderedWithVar: DagBagReport;

beforeAll(() => {
  ensurePythonEnv();
  report = inspectDagBag(FIXTURES);
  rendered = inspectDagBag(FIXTURES, { render: "2025-09-01" });
  renderedWithVar = inspectDagBag(FIXTURES, {
    render: "2025-09-01T00:00:00+00:00",
    env: { AIRFLOW_VAR_HARNESS_TARGET: "s3://from-variable/it's" },
  });
});

describe("DagBag harness", () => {
  it("runs the pinned Airflow", () => {
    expect(report.airflow_version).toMatch(/^3\.1\./);
    expect(report.dag_folder).toBe(FIXTURES);
    expect(report.warnings).toEqual({});
    expect(report.render).toBeUndefined();
  });

  it("reports a broken DAG file as an import error", () => {
    expect(Object.keys(report.import_errors)).toEqual(["broken_dag.py"]);
    expect(report.import_errors["broken_dag.py"]).toContain(
      "RuntimeError: harness fixture: this DAG file is broken on purpose",
    );
    expect(Object.keys(report.dags).sort()).toEqual(["harness_orders_daily", "harness_orders_publish"]);
  });

  it("reports the cron DAG's settings", () => {
    const { tasks, ...dag } = report.dags["harness_orders_daily"]!;
    expect(dag).toEqual({
      fileloc_relative: "orders_daily.py",
      schedule: "15 4 * * *",
      timetable_class: "airflow.timetables.trigger.CronTriggerTimetable",
      timetable_summary: "15 4 * * *",
      tags: ["lakehouse", "orders"],
      catchup: false,
      max_active_runs: 1,
      max_active_tasks: 16,
      description: "Harness fixture: daily orders",
      doc_md: "# Orders\nDaily orders load.",
      start_date: "2025-08-24T00:00:00+00:00",
      end_date: null,
      default_args: { owner: "data-platform", retries: 2, retry_delay: FIVE_MINUTES },
      params: {},
      owner: "data-platform",
    });
    expect(Object.keys(tasks).sort()).toEqual(["extract", "join", "notify", "trigger_publish"]);
  });

  it("reports the KubernetesPodOperator with its secret and env vars", () => {
    const { template_fields, ...task } = report.dags["harness_orders_daily"]!.tasks["extract"]!;
    const envVars = {
      RUN_DATE: "{{ ds }}",
      RUN_DATE_NODASH: "{{ ds_nodash }}",
      LABEL: HOSTILE_JINJA,
      TARGET: "{{ var.value.get('harness_target', 'default-target') }}",
    };
    const resources = { claims: null, requests: { cpu: "500m", memory: "1Gi" }, limits: { memory: "2Gi" } };
    expect(task).toEqual({
      ...taskDefaults,
      operator: "airflow.providers.cncf.kubernetes.operators.pod.KubernetesPodOperator",
      upstream: [],
      downstream: ["notify", "trigger_publish"],
      retries: 2,
      owner: "data-platform",
      outlets: ["s3://lake/silver/orders"],
      attrs: {
        image: "registry.example.com/lakehouse/orders:1.2.3",
        cmds: ["python", "-m", "jobs.extract"],
        arguments: ["--date", "{{ ds }}", "--label", HOSTILE_JINJA],
        env_vars: envVars,
        secrets: [{ deploy_type: "env", deploy_target: "DB_PASSWORD", secret: "orders-db", key: "password" }],
        namespace: "data",
        name: "extract-orders",
        node_selector: { pool: "batch" },
        service_account_name: "lakehouse-runner",
        image_pull_secrets: [{ name: "regcred" }],
        container_resources: resources,
        image_pull_policy: "IfNotPresent",
        startup_timeout_seconds: 300,
      },
    });
    // Every templated field is reported, unrendered.
    expect(template_fields).toMatchObject({
      image: "registry.example.com/lakehouse/orders:1.2.3",
      name: "extract-orders",
      namespace: "data",
      cmds: ["python", "-m", "jobs.extract"],
      arguments: ["--date", "{{ ds }}", "--label", HOSTILE_JINJA],
      env_vars: envVars,
      node_selector: { pool: "batch" },
      container_resources: resources,
    });
  });

  it("reports the HttpOperator, TriggerDagRunOperator and the join", () => {
    const tasks = report.dags["harness_orders_daily"]!.tasks;
    const httpFields = {
      http_conn_id: "notify_api",
      endpoint: "/hooks/orders",
      data: '{"date": "{{ ds }}"}',
      headers: { "Content-Type": "application/json" },
    };
    expect(tasks["notify"]).toEqual({
      ...taskDefaults,
      operator: "airflow.providers.http.operators.http.HttpOperator",
      upstream: ["extract"],
      downstream: ["join"],
      retries: 0,
      owner: "data-platform",
      template_fields: httpFields,
      attrs: { ...httpFields, method: "POST" },
    });
    expect(tasks["trigger_publish"]).toEqual({
      ...taskDefaults,
      operator: "airflow.providers.standard.operators.trigger_dagrun.TriggerDagRunOperator",
      upstream: ["extract"],
      downstream: ["join"],
      retries: 2,
      owner: "data-platform",
      template_fields: {
        trigger_dag_id: "harness_orders_publish",
        trigger_run_id: null,
        logical_date: "{{ logical_date }}",
        conf: null,
        wait_for_completion: false,
        skip_when_already_exists: false,
      },
      attrs: {
        trigger_dag_id: "harness_orders_publish",
        logical_date: "{{ logical_date }}",
        reset_dag_run: true,
        wait_for_completion: false,
      },
    });
    expect(tasks["join"]).toEqual({
      ...taskDefaults,
      operator: "airflow.providers.standard.operators.empty.EmptyOperator",
      upstream: ["notify", "trigger_publish"],
      downstream: [],
      trigger_rule: "none_failed_min_one_success",
      retries: 2,
      owner: "data-platform",
      template_fields: {},
      attrs: {},
    });
  });

  it("reports the asset-scheduled DAG", () => {
    expect(report.dags["harness_orders_publish"]).toEqual({
      fileloc_relative: "orders_publish.py",
      schedule: ["s3://lake/silver/orders"],
      timetable_class: "airflow.timetables.simple.AssetTriggeredTimetable",
      timetable_summary: "Asset",
      tags: ["orders"],
      catchup: false,
      max_active_runs: 16,
      max_active_tasks: 16,
      description: null,
      doc_md: null,
      start_date: "2025-08-24T00:00:00+00:00",
      end_date: null,
      default_args: {},
      params: {},
      owner: "airflow",
      tasks: {
        publish: {
          ...taskDefaults,
          operator: "airflow.providers.standard.operators.empty.EmptyOperator",
          upstream: [],
          downstream: [],
          retries: 0,
          owner: "airflow",
          inlets: ["s3://lake/silver/orders"],
          template_fields: {},
          attrs: {},
        },
      },
    });
  });
});

describe("DagBag harness --render", () => {
  it("renders run-time values and keeps hostile literals byte-identical", () => {
    expect(rendered.render).toEqual({ logical_date: "2025-09-01T00:00:00+00:00" });
    const extract = rendered.dags["harness_orders_daily"]!.tasks["extract"]!;
    expect(extract.render_error).toBeUndefined();
    expect(extract.rendered).toMatchObject({
      arguments: ["--date", "2025-09-01", "--label", HOSTILE],
      env_vars: {
        RUN_DATE: "2025-09-01",
        RUN_DATE_NODASH: "20250901",
        LABEL: HOSTILE,
        TARGET: "default-target",
      },
      image: "registry.example.com/lakehouse/orders:1.2.3",
    });
    // Rendering reports, it does not change the unrendered view.
    expect(extract.template_fields["env_vars"]).toEqual(
      report.dags["harness_orders_daily"]!.tasks["extract"]!.template_fields["env_vars"],
    );
  });

  it("renders the other operators", () => {
    const tasks = rendered.dags["harness_orders_daily"]!.tasks;
    expect(tasks["notify"]!.rendered).toEqual({
      http_conn_id: "notify_api",
      endpoint: "/hooks/orders",
      data: '{"date": "2025-09-01"}',
      headers: { "Content-Type": "application/json" },
    });
    expect(tasks["trigger_publish"]!.rendered).toMatchObject({
      trigger_dag_id: "harness_orders_publish",
      logical_date: "2025-09-01 00:00:00+00:00",
    });
    expect(tasks["join"]!.rendered).toEqual({});
    expect(rendered.dags["harness_orders_publish"]!.tasks["publish"]!.rendered).toEqual({});
  });

  it("reads Variables from AIRFLOW_VAR_* without a database", () => {
    const extract = renderedWithVar.dags["harness_orders_daily"]!.tasks["extract"]!;
    expect((extract.rendered!["env_vars"] as Record<string, string>)["TARGET"]).toBe("s3://from-variable/it's");
  });
});
