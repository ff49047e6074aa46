/** The writer: validates paths, plans, and writes `generated/` atomically with its manifest. */
export { writeGenerated } from "./write.ts";
export type { WriteMode, WriteOptions, WriteHooks, WriteResult } from "./write.ts";
export { formatReport } from "./report.ts";
export type { ReportOptions } from "./report.ts";
export { validatePaths, InvalidPathsError } from "./paths.ts";
export { guardOutDir } from "./guard.ts";
export type { GuardOptions } from "./guard.ts";
export { UnsafeOutputError, handAddedDiagnostic } from "./refusal.ts";
export { MANIFEST_PATH, MANIFEST_VERSION, buildManifest, renderManifest, parseManifest, parseManifestStrict, sha256Hex } from "./manifest.ts";
export type { Manifest, ManifestEntry } from "./manifest.ts";
export { planWrite } from "./plan.ts";
export type { FileStatus, PlannedFile, WritePlan } from "./plan.ts";
export { diffLines } from "./line-diff.ts";
export type { LineDiffOptions } from "./line-diff.ts";
export { compareBytes } from "./byte-order.ts";
export { WriteFailedError } from "./faults.ts";
