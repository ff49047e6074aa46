// Invalid values: each declaration below has exactly one mistake.
import { cron, image, k8sSecret, manual, pipeline } from "../../../../../dsl/index.ts";
import { platform } from "./project.ts";

export const badCron = pipeline({
  id: "values__cron",
  schedule: cron("61 4 * * *"),
  tasks: (t) => {
    t.marker("tick");
  },
});

export const badDagId = pipeline({
  id: "values/bad id!",
  schedule: manual,
  tasks: (t) => {
    t.marker("ok");
  },
});

export const pods = pipeline({
  id: "values__pods",
  schedule: manual,
  tasks: (t) => {
    t.marker(`long_${"x".repeat(246)}`);
    t.pod("bad_pod_name", { image: platform.images.loader, podName: "Load_Orders" });
    t.pod("literal_password", { image: platform.images.loader, env: { DB_PASSWORD: "hunter2" } });
    t.pod("password_flag", { image: platform.images.loader, args: ["--user", "app", "--password=hunter2"] });
    t.pod("inline_image", { image: image("registry.example.com/rogue") });
    t.pod("inline_secret", { image: platform.images.loader, env: { PGUSER: k8sSecret("pg", "user") } });
    t.pod("typo_image", { image: platform.images.doesNotExist });
  },
});
