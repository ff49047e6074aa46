import type { IrText } from "../../ir/types.ts";
import { jinjaLiteral, jinjaTemplate } from "../../literals/jinja.ts";
import { pyStr, pyWrapped } from "../../literals/python.ts";

/** Python source for text placed in an Airflow templated field. */
export const templated = (text: IrText): string => pyStr(jinjaTemplate(text));
/** Python source for a literal string placed in an Airflow templated field. */
export const templatedLiteral = (value: string): string => pyStr(jinjaLiteral(value));
/** Python list of templated text. */
export const templatedList = (texts: readonly IrText[]): string => pyWrapped("[", texts.map(templated), "]");
/** Python dict of literal keys to templated literal values (Airflow renders values, not keys). */
export const templatedDict = (record: Readonly<Record<string, string>>): string =>
  `{${Object.entries(record).map(([k, v]) => `${pyStr(k)}: ${templatedLiteral(v)}`).join(", ")}}`;
