import { readFileSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import type { ProjectFileRead, ReadProjectFile } from "../lower/dbt-sql.ts";

/** Reads project files for the lowering, refusing any that resolve (through symlinks) outside the folder asked for. */
export function projectFileReader(root: string): ReadProjectFile {
  return (relativePath, within): ProjectFileRead => {
    let file: string;
    let dir: string;
    try {
      file = realpathSync(path.join(root, relativePath));
      dir = realpathSync(path.join(root, within));
    } catch {
      return { kind: "missing" };
    }
    if (!file.startsWith(dir + path.sep)) return { kind: "outside" };
    try {
      if (!statSync(file).isFile()) return { kind: "missing" };
      return { kind: "text", text: readFileSync(file, "utf8") };
    } catch {
      return { kind: "missing" };
    }
  };
}
