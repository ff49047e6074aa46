import { dbtLiteral, envVarCall } from "../literals/dbt-jinja.ts";
import { YamlCode, yamlString } from "../literals/yaml.ts";

/** User text in a dbt YAML value: dbt renders values as Jinja after parsing, so quote it for Jinja first. */
export const dbtText = (value: string): YamlCode => new YamlCode(yamlString(dbtLiteral(value), { escapeBraces: false }));

/** A Jinja expression the compiler writes on purpose (env_var lookups, ref(), source()). */
export const dbtJinja = (template: string): YamlCode => new YamlCode(yamlString(template, { escapeBraces: false }));

/** `{{ env_var('NAME') }}` or with a fallback, both as Jinja string literals (a `'` in a fallback stays text). */
export const envVar = (name: string, fallback?: string): YamlCode => dbtJinja(`{{ ${envVarCall(name, fallback)} }}`);

export const header = (source: string, comment = "#") =>
  `${comment} Generated from ${source} by the lakehouse pipeline compiler. Do not edit: change the pipeline and run \`npm run compile\`.\n`;
