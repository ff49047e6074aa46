// Pre-raw: the source-data generators that fill the operational PostgreSQL database.
import { cron, manual, pipeline, runDate, template, variable } from "../dsl/index.ts";
import { platform } from "./project.ts";

const pgCredentials = { PGUSER: platform.secrets.pgUser, PGPASSWORD: platform.secrets.pgPassword };

export const generatorsInit = pipeline({
  id: "pre_raw__generators__init",
  description:
    "Initial data source creation and dictionary population. Executed one time only; " +
    "daily generation happens in ampere__pre_raw__generators__daily.",
  schedule: manual,
  tags: ["layer:pre_raw", "system:postgres", "mode:init"],
  tasks: (t) => {
    t.pod("run__pre_raw__init", {
      image: platform.images.sourcePreparation,
      podName: "init-source-preparation",
      env: {
        ...pgCredentials,
        PROJECT_START_DATE: runDate,
        // Optional sizes of the initial data set; empty means the generator's default.
        N_OF_INIT_CLIENTS: variable("init_client_num", ""),
        N_DELIVERY_RESOURCE: variable("init_delivery_resource", ""),
      },
      resources: { requests: { cpu: "200m", memory: "512Mi" }, limits: { cpu: "1", memory: "1Gi" } },
      startupTimeoutSeconds: 240,
    });
  },
});

export const generatorsDaily = pipeline({
  id: "pre_raw__generators__daily",
  // Raw landing runs `after` this pipeline: the compiler appends trigger__raw_landing__postgres_to_landing__daily.
  description: "Generates one day of orders, payments and deliveries in the source database, then starts raw landing.",
  schedule: cron("15 4 * * *"),
  tags: ["layer:pre_raw", "system:postgres", "mode:daily"],
  tasks: (t) => {
    t.pod("run__pre_raw__daily", {
      image: platform.images.orderGenerator,
      podName: "order-data-generator",
      command: ["python", "-m", "order_data_generator"],
      args: ["--run-date", runDate],
      env: { ...pgCredentials, PGOPTIONS: template`-c work_mem=${variable("pg_work_mem", "64MB")}` },
      resources: { requests: { cpu: "250m", memory: "1Gi" }, limits: { cpu: "2", memory: "3Gi" } },
      dependsOnPast: true,
    });
  },
});
