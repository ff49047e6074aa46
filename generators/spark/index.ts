import type { GeneratedFile } from "../core/file-set.ts";
import type { IrGraph, IrSparkApp, IrSparkSizing } from "../ir/types.ts";
import { YamlCode, yamlBlock, yamlString, yamlText, type YamlValue } from "../literals/yaml.ts";
import { checkedInt } from "../literals/numbers.ts";
import { prettyJson } from "../literals/json.ts";
import { assertJobSpecNumbers } from "./jobspec-numbers.ts";

type Sized = { [key: string]: YamlValue };

function podSizing(s: IrSparkSizing): Sized {
  const out: Sized = { cores: checkedInt(s.cores, "Spark cores", 1) };
  if (s.coreRequest) out.coreRequest = s.coreRequest;
  if (s.instances !== undefined) out.instances = checkedInt(s.instances, "Spark executor instances", 1);
  out.memory = s.memory;
  if (s.memoryOverhead) out.memoryOverhead = s.memoryOverhead;
  return out;
}

/** Driver and executors share env (secrets only as secretKeyRefs) and placement. */
function podCommon(app: IrSparkApp): Sized {
  const env: YamlValue[] = [
    ...app.env.map((e) => ({ name: e.name, value: new YamlCode(yamlText(e.value)) })),
    ...app.secretEnv.map((s) => ({ name: s.name, valueFrom: { secretKeyRef: { name: s.secret, key: s.key } } })),
  ];
  return {
    serviceAccount: app.serviceAccount,
    ...(Object.keys(app.nodeSelector).length ? { nodeSelector: app.nodeSelector } : {}),
    ...(env.length ? { env } : {}),
    labels: { "app.kubernetes.io/managed-by": "lakehouse-compiler", "lakehouse/step": app.step },
  };
}

/** The SparkApplication manifest (sparkoperator.k8s.io/v1beta2), as Airflow renders it per run. */
export function sparkApplicationYaml(app: IrSparkApp, source: string): string {
  const image = new YamlCode(yamlText([{ kind: "literal", value: `${app.image.repository}:` }, ...app.image.tag]));
  const doc: YamlValue = {
    apiVersion: "sparkoperator.k8s.io/v1beta2",
    kind: "SparkApplication",
    metadata: { name: app.name, namespace: app.namespace },
    spec: {
      type: "Python",
      pythonVersion: "3",
      mode: "cluster",
      image,
      imagePullPolicy: app.image.pullPolicy,
      ...(app.imagePullSecrets.length ? { imagePullSecrets: [...app.imagePullSecrets] } : {}),
      mainApplicationFile: app.mainFile,
      arguments: app.args.map((a) => new YamlCode(yamlText(a))),
      sparkVersion: app.sparkVersion,
      restartPolicy: { type: "Never" },
      ...(app.jars.length ? { deps: { jars: [...app.jars] } } : {}),
      sparkConf: app.sparkConf,
      driver: { ...podSizing(app.driver), ...podCommon(app) },
      executor: { ...podSizing(app.executor), ...podCommon(app) },
    },
  };
  return `# Generated from ${source} by the lakehouse pipeline compiler. Do not edit: change the pipeline and run \`npm run compile\`.\n${yamlBlock(doc)}`;
}

/** SparkApplication YAML and job spec per Spark task. Pure: reads only the IR. */
export function emitSpark(graph: IrGraph): GeneratedFile[] {
  const files: GeneratedFile[] = [];
  for (const p of graph.pipelines) {
    for (const task of p.tasks) {
      if (task.kind !== "spark") continue;
      assertJobSpecNumbers(task.app.jobSpec);
      files.push({ path: task.app.yamlPath, content: sparkApplicationYaml(task.app, p.file), source: p.file });
      const spec = { $comment: `Generated from ${p.file} by the lakehouse pipeline compiler. Do not edit.`, ...task.app.jobSpec };
      files.push({ path: task.app.specPath, content: `${prettyJson(spec)}\n`, source: p.file });
    }
  }
  return files;
}

export { yamlString };
