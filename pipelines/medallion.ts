// Raw landing and bronze: the Spark half of the ampere medallion.
import { after, bronzeLoad, group, landing } from "../dsl/index.ts";
import { generatorsDaily } from "./generators.ts";
import { db } from "./sources/ampere-db.ts";

const landingGroups = [
  group("snapshots-mutable-dims", [...db.snapshots, ...db.mutableDimensions], { executors: 1 }),
  group("facts-events", [...db.facts, ...db.events], { executors: 2, memory: "1536m", memoryOverhead: "512m" }),
];

export const rawLanding = landing({
  id: "raw_landing__postgres_to_landing__daily",
  description: "Extracts the source tables over JDBC into dated Parquet batches with a manifest and _SUCCESS, advancing watermarks.",
  source: db,
  schedule: after(generatorsDaily),
  tags: ["layer:raw_landing", "system:postgres", "mode:daily"],
  groups: landingGroups,
  order: "parallel",
});

export const bronze = bronzeLoad({
  id: "bronze__landing_to_delta__daily",
  description: "Applies complete landed batches to the bronze Delta tables exactly once (snapshot replace, MERGE or append).",
  source: db,
  schedule: after(rawLanding),
  tags: ["layer:bronze", "system:spark", "mode:daily"],
  groups: [
    group("snapshots-mutable-dims", [...db.snapshots, ...db.mutableDimensions], { executors: 2, memory: "2560m" }),
    group("facts-events", [...db.facts, ...db.events], { executors: 2, memory: "2560m" }),
  ],
  order: "sequential",
});
