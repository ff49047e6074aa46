import type { IrText, TextPart } from "../ir/types.ts";

/**
 * Jinja literal builder for Airflow templated fields. Literal text must come out of Airflow's
 * rendering byte-identical, so any literal that Jinja could interpret (`{`, or a carriage return,
 * which Jinja normalises) is wrapped as a Jinja string expression `{{ '...' }}`.
 */

/** A Jinja string literal; Jinja decodes it with Python's unicode-escape, so escape everything non-ASCII. */
export function jinjaStringLiteral(value: string): string {
  let out = "'";
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    const code = value.charCodeAt(i);
    if (ch === "\\") out += "\\\\";
    else if (ch === "'") out += "\\'";
    else if (code >= 0x20 && code < 0x7f) out += ch;
    else if (code < 0x100) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else {
      const point = value.codePointAt(i)!;
      if (point > 0xffff) {
        out += `\\U${point.toString(16).padStart(8, "0")}`;
        i++;
      } else {
        out += `\\u${code.toString(16).padStart(4, "0")}`;
      }
    }
  }
  return `${out}'`;
}

const RUN_DATE = "(logical_date or dag_run.run_after)";

/** The Jinja expression of a run-time value or Variable lookup. */
export function expression(part: Exclude<TextPart, { kind: "literal" }>): string {
  if (part.kind === "variable") return `var.value.get(${jinjaStringLiteral(part.name)}, ${jinjaStringLiteral(part.default)})`;
  switch (part.name) {
    case "runDate": return `${RUN_DATE} | ds`;
    case "runDateNodash": return `${RUN_DATE} | ds_nodash`;
    case "logicalDate": return `${RUN_DATE} | ts`;
    case "runId": return "run_id";
    case "tryNumber": return "ti.try_number";
  }
}

/**
 * True when Jinja would not leave this literal text untouched: `{` may open a tag, CR is
 * normalised, and a newline that ends the template is dropped (Airflow's environment keeps
 * Jinja's default `keep_trailing_newline=False`).
 */
const needsQuoting = (text: string, isLast: boolean): boolean => /[{\r]/.test(text) || (isLast && text.endsWith("\n"));

/** Template source for a templated field: literals verbatim (or quoted when needed), run-time parts as `{{ ... }}`. */
export function jinjaTemplate(text: IrText): string {
  return text
    .map((part, i) => {
      if (part.kind !== "literal") return `{{ ${expression(part)} }}`;
      return needsQuoting(part.value, i === text.length - 1) ? `{{ ${jinjaStringLiteral(part.value)} }}` : part.value;
    })
    .join("");
}

/** Template source for literal text placed in a templated field. */
export const jinjaLiteral = (value: string): string => jinjaTemplate([{ kind: "literal", value }]);
