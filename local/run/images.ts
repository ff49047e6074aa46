// What this project's own images hold, as local folders: the image's paths -> this checkout.
// (The Dockerfiles that build them copy exactly these folders.)
import path from "node:path";

export interface LocalEnvironment {
  readonly python: string;
  /** Image folders read in place. */
  readonly paths: Readonly<Record<string, string>>;
  /** Image folders copied fresh into each task's own folder (a pod may write into them). */
  readonly copies: Readonly<Record<string, string>>;
}

/** The Spark job image: the PySpark jobs at /opt/spark/app (see spark-jobs/). */
export function sparkEnvironment(root: string, python: string): LocalEnvironment {
  return { python, paths: { "/opt/spark/app": path.join(root, "spark-jobs") }, copies: {} };
}

/** The dbt image: the generated dbt project at /app/dbt. */
export function dbtEnvironment(outDir: string, python: string): LocalEnvironment {
  return { python, paths: {}, copies: { "/app/dbt": path.join(outDir, "dbt") } };
}
