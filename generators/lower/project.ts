import type { Project } from "../../dsl/project.ts";
import { isKind, type ConnectionHandle, type ImageHandle, type SecretHandle } from "../../dsl/values.ts";
import { error } from "../diagnostics/diagnostic.ts";
import type { IrImage, IrProject, IrSecret } from "../ir/types.ts";
import type { LowerContext } from "./context.ts";
import { lowerText } from "./text.ts";
import { lowerLake, lowerSparkDefaults } from "./lake.ts";

/** The project's catalogues, keyed by handle identity: a handle not registered in the project is unknown. */
export interface Catalogues {
  readonly images: Map<ImageHandle, IrImage>;
  readonly secrets: Map<SecretHandle, IrSecret>;
  readonly connections: Map<ConnectionHandle, string>;
}

const sortedEntries = <T>(record: Record<string, T>): [string, T][] =>
  Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

export function lowerProject(project: Project, ctx: LowerContext): { project: IrProject; catalogues: Catalogues } {
  ctx.reportIssues(project.issues);
  const images = new Map<ImageHandle, IrImage>();
  // Entries that are not handles were reported with the project's issues (DS001); skip them.
  for (const [name, handle] of sortedEntries(project.images ?? {})) {
    if (!isKind(handle, "image")) continue;
    images.set(handle, { name, repository: handle.repository, tag: lowerText(handle.tag), pullPolicy: handle.pullPolicy });
  }
  const secrets = new Map<SecretHandle, IrSecret>();
  for (const [name, handle] of sortedEntries(project.secrets ?? {})) if (isKind(handle, "secret")) secrets.set(handle, { name, secret: handle.secret, key: handle.key });
  const connections = new Map<ConnectionHandle, string>();
  for (const [name, handle] of sortedEntries(project.connections ?? {})) if (isKind(handle, "connection")) connections.set(handle, handle.connId ?? name);
  const ir: IrProject = {
    id: project.id,
    owner: project.owner,
    retries: project.retries,
    retryDelaySeconds: project.retryDelaySeconds,
    startDate: project.startDate,
    namespace: project.namespace,
    handoff: project.handoff,
    images: [...images.values()],
    secrets: [...secrets.values()],
    connections: sortedEntries(project.connections ?? {}).filter(([, h]) => isKind(h, "connection")).map(([name, h]) => ({ name, connId: h.connId })),
    placement: {
      nodeSelector: Object.fromEntries(sortedEntries(project.placement.nodeSelector)),
      serviceAccount: project.placement.serviceAccount,
      imagePullSecrets: [...project.placement.imagePullSecrets],
    },
    lake: lowerLake(project, secrets, ctx),
    spark: lowerSparkDefaults(project, images, ctx),
    origin: ctx.ref(project.origin),
  };
  return { project: ir, catalogues: { images, secrets, connections } };
}
