/**
 * Airflow id rules (KEY_REGEX, 250 characters) and Kubernetes DNS-1123 names (label: 63,
 * subdomain: 253), then checkNames over a lowered graph: AF001, AF002, KS001, DS006.
 */
import { describe, expect, it } from "vitest";
import { cron, image, k8sSecret, manual, pipeline } from "../../../dsl/index.ts";
import { airflowIdProblem, checkNames, kubernetesNameProblem } from "../../../generators/checks/names.ts";
import { brief, lineOf, lowerAll, relativeFile, testProject } from "../lower/helpers.ts";

const FILE = relativeFile(import.meta.url);

describe("airflowIdProblem", () => {
  it.each(["a", "A", "0", "run__pre_raw__daily", "a.b-c_D9", "-", ".", "_", "..", "x".repeat(250)])("accepts %j", (id) => {
    expect(airflowIdProblem(id)).toBeUndefined();
  });

  it("rejects the empty id", () => {
    expect(airflowIdProblem("")).toBe("is empty");
  });

  it("rejects 251 characters, accepts 250", () => {
    expect(airflowIdProblem("a".repeat(250))).toBeUndefined();
    expect(airflowIdProblem("a".repeat(251))).toBe("is 251 characters long (at most 250)");
  });

  it.each(["a b", "a/b", "a:b", "a+b", "café", "a\nb", "a\tb", "{{ds}}", "a'b", 'a"b', "a@b", "😀", "a\u00a0b"])("rejects %j", (id) => {
    expect(airflowIdProblem(id)).toBe("may only contain letters, digits, '_', '-' and '.'");
  });
});

describe("kubernetesNameProblem (DNS-1123 label)", () => {
  it.each(["a", "0", "a0", "a-b", "a--b", "order-data-generator", "1abc", "x".repeat(63)])("accepts %j", (name) => {
    expect(kubernetesNameProblem(name)).toBeUndefined();
  });

  it("rejects 64 characters, accepts 63", () => {
    expect(kubernetesNameProblem("a".repeat(63))).toBeUndefined();
    expect(kubernetesNameProblem("a".repeat(64))).toBe("is 64 characters long (at most 63)");
  });

  it.each(["A", "aBc", "a_b", "-a", "a-", "-", "a.b", "a b", "é", "a\n"])("rejects %j", (name) => {
    expect(kubernetesNameProblem(name)).toBe("must be lowercase letters, digits and '-', starting and ending with a letter or digit");
  });

  it("rejects the empty name", () => {
    expect(kubernetesNameProblem("")).toBe("is empty");
    expect(kubernetesNameProblem("", "subdomain")).toBe("is empty");
  });
});

describe("kubernetesNameProblem (DNS-1123 subdomain)", () => {
  const label63 = "a".repeat(63);
  it.each(["a", "a.b", "pg-secret", "ghcr-pull", "a-b.c-d.e", `${label63}.${label63}.${label63}.${"b".repeat(61)}`])("accepts %j", (name) => {
    expect(kubernetesNameProblem(name, "subdomain")).toBeUndefined();
  });

  it("rejects 254 characters, accepts 253", () => {
    const name253 = `${label63}.${label63}.${label63}.${"b".repeat(61)}`;
    expect(name253).toHaveLength(253);
    expect(kubernetesNameProblem(name253, "subdomain")).toBeUndefined();
    expect(kubernetesNameProblem(`${name253}b`, "subdomain")).toBe("is 254 characters long (at most 253)");
  });

  it.each([".a", "a.", "a..b", "a-.b", "a.-b", "A.b", "a_b"])("rejects %j", (name) => {
    expect(kubernetesNameProblem(name, "subdomain")).toMatch(/^must be lowercase/);
  });
});

describe("checkNames over a lowered graph", () => {
  it("reports every bad name at once, each at its declaration", () => {
    const platform = testProject({
      namespace: "Lake_NS",
      images: { tool: image("ghcr.io/acme/tool") },
      secrets: { pg: k8sSecret("PG_Secret", "password") },
      placement: { imagePullSecrets: ["ghcr-pull", "Bad_Pull"] },
    });
    const p = pipeline({ // @pipeline
      id: "bad id",
      schedule: cron("61 * * * *"),
      tasks: (t) => {
        t.marker("ok_task");
        t.marker("bad task"); // @badtask
        t.pod("pod_task", { image: platform.images.tool, podName: "Pod_Name", serviceAccount: "Bad_SA" }); // @pod
      },
    });
    const { graph, diagnostics } = lowerAll(platform, [p], FILE);
    expect(diagnostics).toEqual([]);
    const found = brief(checkNames(graph));
    const at = (marker: string) => lineOf(import.meta.url, marker);
    expect(found).toEqual(
      expect.arrayContaining([
        { code: "KS001", file: "test/unit/lower/helpers.ts", line: expect.any(Number), message: "namespace 'Lake_NS' must be lowercase letters, digits and '-', starting and ending with a letter or digit" },
        { code: "KS001", file: "test/unit/lower/helpers.ts", line: expect.any(Number), message: expect.stringMatching(/^image pull secret 'Bad_Pull' must be lowercase/) },
        { code: "KS001", file: "test/unit/lower/helpers.ts", line: expect.any(Number), message: expect.stringMatching(/^secret 'pg' names Kubernetes secret 'PG_Secret' must be lowercase/) },
        { code: "AF001", file: FILE, line: at("// @pipeline"), message: "DAG id 'acme__bad id' may only contain letters, digits, '_', '-' and '.'" },
        { code: "DS006", file: FILE, line: at("// @pipeline"), message: "schedule of pipeline 'bad id' is not a valid cron expression '61 * * * *': 61 is out of range for the minute field (0-59)" },
        { code: "AF002", file: FILE, line: at("// @badtask"), message: "task id 'bad task' in pipeline 'bad id' may only contain letters, digits, '_', '-' and '.'" },
        { code: "KS001", file: FILE, line: at("// @pod"), message: expect.stringMatching(/^pod name of task 'pod_task' 'Pod_Name' must be lowercase/) },
        { code: "KS001", file: FILE, line: at("// @pod"), message: expect.stringMatching(/^service account of task 'pod_task' 'Bad_SA' must be lowercase/) },
      ]),
    );
    expect(found).toHaveLength(8);
  });

  it("DAG ids count the project prefix against the 250 limit", () => {
    const platform = testProject(); // dag id = "acme__" + id
    const fits = pipeline({ id: "x".repeat(244), schedule: manual, tasks: (t) => void t.marker("a") });
    const tooLong = pipeline({ id: "y".repeat(245), schedule: manual, tasks: (t) => void t.marker("a") });
    const { graph } = lowerAll(platform, [fits, tooLong], FILE);
    expect(brief(checkNames(graph)).map((d) => [d.code, d.message])).toEqual([["AF001", `DAG id 'acme__${"y".repeat(245)}' is 251 characters long (at most 250)`]]);
  });

  it("task ids at 250 pass and at 251 fail; a default pod name is cut to 63 characters", () => {
    const platform = testProject({ images: { tool: image("ghcr.io/acme/tool") } });
    const p = pipeline({
      id: "long",
      schedule: manual,
      tasks: (t) => {
        t.marker("a".repeat(250));
        t.marker("b".repeat(251));
        t.pod("C".repeat(100), { image: platform.images.tool });
      },
    });
    const { graph } = lowerAll(platform, [p], FILE);
    expect(brief(checkNames(graph)).map((d) => [d.code, d.message])).toEqual([["AF002", `task id '${"b".repeat(251)}' in pipeline 'long' is 251 characters long (at most 250)`]]);
    const pod = graph.pipelines[0]!.tasks.find((t) => t.kind === "pod");
    expect(pod).toMatchObject({ podName: "c".repeat(63) });
  });

  it("a valid project and pipeline produce nothing", () => {
    const platform = testProject({ images: { tool: image("ghcr.io/acme/tool") }, secrets: { pg: k8sSecret("pg-secret", "password") }, placement: { imagePullSecrets: ["ghcr-pull"], serviceAccount: "airflow-worker" } });
    const p = pipeline({ id: "fine__daily", schedule: cron("15 4 * * *"), tasks: (t) => void t.pod("run__x", { image: platform.images.tool, env: { PGPASSWORD: platform.secrets.pg } }) });
    const { graph, diagnostics } = lowerAll(platform, [p], FILE);
    expect(diagnostics).toEqual([]);
    expect(checkNames(graph)).toEqual([]);
  });
});
