import { jinjaLiteral } from "../literals/jinja.ts";
import { YamlCode, yamlString } from "../literals/yaml.ts";

/** User text in a dbt YAML value: dbt renders values as Jinja after parsing, so quote it for Jinja first. */
export const dbtText = (value: string): YamlCode => new YamlCode(yamlString(jinjaLiteral(value), { escapeBraces: false }));

/** A Jinja expression the compiler writes on purpose (env_var lookups, ref(), source()). */
export const dbtJinja = (template: string): YamlCode => new YamlCode(yamlString(template, { escapeBraces: false }));

/** `{{ env_var('NAME') }}` or with a default. Names and defaults are compiler constants. */
export const envVar = (name: string, fallback?: string): YamlCode =>
  dbtJinja(fallback === undefined ? `{{ env_var('${name}') }}` : `{{ env_var('${name}', '${fallback}') }}`);

export const header = (source: string, comment = "#") =>
  `${comment} Generated from ${source} by the lakehouse pipeline compiler. Do not edit: change the pipeline and run \`npm run compile\`.\n`;
