// The cached tool environments (scripts/python-env.sh, scripts/spark-jars.sh): built on first
// use, then reused. Their progress goes to our stderr.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

export interface Tools {
  readonly airflowPython: string;
  readonly sparkPython: string;
  readonly dbtPython: string;
  readonly sparkSubmit: string;
  readonly jars: readonly string[];
}

export function ensureTools(root: string): Tools {
  const venv = (name: string) => lastLine(script(root, "python-env.sh", [name]));
  const airflow = venv("airflow");
  const spark = venv("spark");
  const dbt = venv("dbt");
  const jarsDir = lastLine(script(root, "spark-jars.sh", []));
  const jarsTxt = path.join(jarsDir, "jars.txt");
  const jars = existsSync(jarsTxt) ? readFileSync(jarsTxt, "utf8").trim().split(",").filter(Boolean) : [];
  const sparkSubmit = path.join(spark, "bin", "spark-submit");
  if (!existsSync(sparkSubmit)) throw new Error(`spark-submit not found in the spark environment (${sparkSubmit})`);
  return { airflowPython: path.join(airflow, "bin", "python"), sparkPython: path.join(spark, "bin", "python"), dbtPython: path.join(dbt, "bin", "python"), sparkSubmit, jars };
}

function script(root: string, name: string, args: string[]): string {
  const done = spawnSync("bash", [path.join(root, "scripts", name), ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  if (done.status !== 0) throw new Error(`scripts/${name} ${args.join(" ")} failed (exit ${done.status})`);
  return done.stdout;
}

const lastLine = (text: string) => text.trim().split("\n").at(-1)!;
