import { isKind, type Text, type VariableRef, type RuntimeValue } from "../../dsl/values.ts";
import type { IrText, TextPart } from "../ir/types.ts";

function part(value: string | VariableRef | RuntimeValue): TextPart {
  if (typeof value === "string") return { kind: "literal", value };
  if (isKind(value, "variable")) return { kind: "variable", name: value.name, default: value.default };
  return { kind: "runtime", name: value.name };
}

/** DSL text (string, variable, run-time value or template) as IR text parts; adjacent literals merged. */
export function lowerText(text: Text): IrText {
  const raw = typeof text === "object" && isKind(text, "template") ? text.parts : [text];
  const parts: TextPart[] = [];
  for (const value of raw) {
    const next = part(value as string | VariableRef | RuntimeValue);
    const last = parts[parts.length - 1];
    if (next.kind === "literal" && last?.kind === "literal") parts[parts.length - 1] = { kind: "literal", value: last.value + next.value };
    else if (!(next.kind === "literal" && next.value === "")) parts.push(next);
  }
  return parts.length ? parts : [{ kind: "literal", value: "" }];
}

/** The literal text if `text` has no run-time parts. */
export function literalOf(text: IrText): string | undefined {
  return text.every((p) => p.kind === "literal") ? text.map((p) => (p as { value: string }).value).join("") : undefined;
}
