// Reads Airflow's metadata database (the local PostgreSQL): which runs and task instances exist
// and in which state. Read-only: Airflow alone writes it.
import pg from "pg";

export interface RunRow {
  readonly dagId: string;
  readonly runId: string;
  readonly state: string;
  readonly logicalDate: Date | null;
}

export interface TaskRow {
  readonly dagId: string;
  readonly runId: string;
  readonly taskId: string;
  readonly mapIndex: number;
  readonly state: string | null;
  readonly tryNumber: number;
  readonly start: Date | null;
  readonly end: Date | null;
}

export class Metadata {
  private constructor(private readonly client: pg.Client) {}

  static async connect(url: string): Promise<Metadata> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return new Metadata(client);
  }

  async close(): Promise<void> {
    await this.client.end();
  }

  /** DAG ids Airflow has parsed and serialized (and not marked stale). */
  async parsedDags(): Promise<Set<string>> {
    const rows = await this.client.query("SELECT d.dag_id FROM dag d JOIN serialized_dag s ON s.dag_id = d.dag_id WHERE NOT d.is_stale");
    return new Set(rows.rows.map((r) => r.dag_id as string));
  }

  async importErrors(): Promise<{ file: string; trace: string }[]> {
    const rows = await this.client.query("SELECT filename, stacktrace FROM import_error ORDER BY filename");
    return rows.rows.map((r) => ({ file: r.filename as string, trace: r.stacktrace as string }));
  }

  /** Runs queued, started or ended since `since` (new runs and cleared reruns alike). */
  async runsSince(since: Date): Promise<RunRow[]> {
    const rows = await this.client.query(
      `SELECT dag_id, run_id, state, logical_date FROM dag_run
        WHERE queued_at >= $1 OR start_date >= $1 OR end_date >= $1 OR updated_at >= $1
        ORDER BY COALESCE(start_date, queued_at), dag_id`,
      [since],
    );
    return rows.rows.map((r) => ({ dagId: r.dag_id, runId: r.run_id, state: r.state, logicalDate: r.logical_date }));
  }

  async tasksOf(runs: readonly RunRow[]): Promise<TaskRow[]> {
    if (runs.length === 0) return [];
    const rows = await this.client.query(
      `SELECT dag_id, run_id, task_id, map_index, state, try_number, start_date, end_date FROM task_instance
        WHERE (dag_id, run_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))
        ORDER BY start_date NULLS LAST, dag_id, task_id`,
      [runs.map((r) => r.dagId), runs.map((r) => r.runId)],
    );
    return rows.rows.map((r) => ({
      dagId: r.dag_id, runId: r.run_id, taskId: r.task_id, mapIndex: r.map_index, state: r.state, tryNumber: r.try_number, start: r.start_date, end: r.end_date,
    }));
  }

  /** Runs not finished, and asset events not yet turned into runs: while > 0, the day goes on. */
  async pending(): Promise<number> {
    const runs = await this.client.query("SELECT count(*)::int AS n FROM dag_run WHERE state IN ('queued', 'running')");
    const assets = await this.client.query("SELECT count(*)::int AS n FROM asset_dag_run_queue");
    return (runs.rows[0].n as number) + (assets.rows[0].n as number);
  }
}
