/** Hostile text for the property tests: each value is planted in every text field of the DSL. */

/** Hostile values, by label. */
export const HOSTILE_TEXT: Readonly<Record<string, string>> = {
  plain: "plain_value",
  quotes: `it's "quoted" '' ""`,
  backslashes: "C:\\new\\x41\\u0041\\",
  newline: "line1\nline2",
  crlf: "a\r\nb",
  lone_cr: "a\rb",
  nul: "a\u0000b",
  jinja_env: "{{ env_var('SERVING_PG_PASSWORD') }}",
  jinja_stmt: "{% raw %}x{% endraw %}{% if 1 %}y{% endif %}",
  jinja_fragments: "}} {{ {# #} %}",
  yaml_bool: "yes",
  yaml_syntax: "- a: b # c\n? d\n&e *f !g |h >i",
  astral: "🚀𝔘",
  bidi: "ab\u202ecd\u2066",
  separators: "a\u2028b\u2029c\u0085d",
  python: "'''\"\"\" + __import__('os').system('id') + '",
  long: "x".repeat(5000),
};

/** The sentinel secret: it must never appear in generated files or in dbt's manifest. */
export const SECRET_SENTINEL = "S3ntinelSecretValue";

/** Credential-shaped text around the sentinel, as authors paste it by mistake. */
export const SECRET_SHAPED: Readonly<Record<string, string>> = {
  url: `postgres://user:${SECRET_SENTINEL}@db:5432/app`,
  flag: `--password=${SECRET_SENTINEL}`,
  bearer: `Bearer ${SECRET_SENTINEL}`,
  assignment: `PGPASSWORD=${SECRET_SENTINEL} psql`,
  query: `https://api.example.com/x?token=${SECRET_SENTINEL}`,
};

/**
 * A value with recognisable ends, so that its copies can be found in decoded outputs; letters
 * that change case in derived names (Kubernetes names) then no longer match.
 */
export const wrap = Object.assign((value: string) => `${wrap.open}${value}${wrap.close}`, { open: "QqOPENqQ", close: "QqCLOSEqQ" });
