/**
 * Values Kubernetes and Airflow would refuse only at run time: image references (a pod that can
 * never pull), secret keys (a secretKeyRef that never resolves) and Airflow Variable names (the
 * key column holds at most 250 characters; an empty name is never set).
 */
import { error, type Diagnostic } from "../diagnostics/diagnostic.ts";
import type { IrGraph, IrText } from "../ir/types.ts";
import { walkGraph } from "./credentials/walk.ts";

/** Docker's reference grammar: optional registry host[:port], then lowercase path components. */
const HOST = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::\d+)?$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
/** Kubernetes Secret data keys. */
const SECRET_KEY = /^[-._a-zA-Z0-9]{1,253}$/;
/** Airflow's Variable.key column (ID_LEN). */
const VARIABLE_MAX = 250;

export function imageReferenceProblem(repository: string): string | undefined {
  if (repository.length === 0) return "is empty";
  if (repository.length > 255) return `is ${repository.length} characters long (at most 255)`;
  const parts = repository.split("/");
  // The first part is a registry host when it has a '.', a ':' or is localhost (Docker's rule).
  const first = parts[0]!;
  const hasHost = parts.length > 1 && (first.includes(".") || first.includes(":") || first === "localhost");
  if (hasHost && !HOST.test(first)) return `has an invalid registry host '${first}'`;
  const path = hasHost ? parts.slice(1) : parts;
  const bad = path.find((c) => !PATH_COMPONENT.test(c));
  if (bad !== undefined) return `has an invalid path component '${bad}' (lowercase letters, digits and single '.', '_', '__' or '-' separators)`;
  return undefined;
}

const literalTag = (tag: IrText): string | undefined => (tag.length === 1 && tag[0]!.kind === "literal" ? tag[0]!.value : undefined);

export function checkValues(graph: IrGraph): Diagnostic[] {
  const out: Diagnostic[] = [];
  const where = graph.project.origin;
  for (const img of graph.project.images) {
    const problem = imageReferenceProblem(img.repository);
    if (problem) out.push(error("DS082", `image '${img.name}': repository ${JSON.stringify(img.repository)} ${problem}`, where));
    const tags = [literalTag(img.tag), ...img.tag.flatMap((p) => (p.kind === "variable" ? [p.default] : []))].filter((t): t is string => t !== undefined);
    for (const tag of tags) if (!TAG.test(tag)) out.push(error("DS082", `image '${img.name}': tag ${JSON.stringify(tag)} is not a valid image tag`, where, "a tag is letters, digits, '_', '.' and '-', at most 128 characters, not starting with '.' or '-'"));
  }
  for (const s of graph.project.secrets) {
    if (!SECRET_KEY.test(s.key)) out.push(error("DS083", `secret '${s.name}': key ${JSON.stringify(s.key.length > 80 ? `${s.key.slice(0, 80)}…` : s.key)} of Kubernetes secret '${s.secret}' is not a valid secret key`, where));
  }
  const seen = new Set<string>();
  const variableName = (name: string, label: string, at: Parameters<typeof error>[2]) => {
    const problem = name.length === 0 ? "is empty" : name.length > VARIABLE_MAX ? `is ${name.length} characters long (at most ${VARIABLE_MAX})` : undefined;
    // Once per name, where first met (a project image's tag Variable is copied into every pod).
    if (!problem || seen.has(name)) return;
    seen.add(name);
    const shown = name.length > 40 ? `${name.slice(0, 40)}…` : name;
    out.push(error("DS084", `${label}: Airflow Variable name ${JSON.stringify(shown)} ${problem}`, at));
  };
  const visitText = (text: IrText, label: string, at: Parameters<typeof error>[2]) => {
    for (const p of text) if (p.kind === "variable") variableName(p.name, label, at);
  };
  walkGraph(graph, {
    text: (site) => visitText(site.text, site.owner.label, site.owner.where),
    argv: (site) => site.argv.forEach((t) => visitText(t, site.owner.label, site.owner.where)),
  });
  return out;
}
