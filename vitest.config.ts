import { defineConfig } from "vitest/config";

// Two projects: fast unit/golden tests, and integration tests against real engines
// (Airflow DagBag, dbt, Spark, PostgreSQL) that need the Python environment.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts", "test/golden/**/*.test.ts"],
        },
      },
      {
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          testTimeout: 300_000,
          hookTimeout: 900_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
