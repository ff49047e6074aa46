import { jinjaLiteral, jinjaStringLiteral } from "./jinja.ts";

/**
 * Jinja builders for the dbt project. dbt renders every YAML string value (and every SQL file)
 * as Jinja after parsing, so user text is written as a Jinja expression that yields it back,
 * and the calls the compiler writes (ref, source, env_var) take their arguments as Jinja string
 * literals, never by pasting text between quotes.
 */

/** Template source dbt renders back to exactly `value` (`{{ '...' }}` when Jinja could see syntax in it). */
export const dbtLiteral = (value: string): string => jinjaLiteral(value);

/** `ref('<model>')`, a Jinja expression (no braces). */
export const refCall = (model: string): string => `ref(${jinjaStringLiteral(model)})`;

/** `source('<source>', '<table>')`, a Jinja expression (no braces). */
export const sourceCall = (source: string, table: string): string => `source(${jinjaStringLiteral(source)}, ${jinjaStringLiteral(table)})`;

/** `env_var('<NAME>')` or `env_var('<NAME>', '<fallback>')`, a Jinja expression (no braces). */
export const envVarCall = (name: string, fallback?: string): string =>
  fallback === undefined ? `env_var(${jinjaStringLiteral(name)})` : `env_var(${jinjaStringLiteral(name)}, ${jinjaStringLiteral(fallback)})`;
