// Dataset locations as Airflow asset URIs and OpenLineage dataset names.
//
// Airflow 3.1 (airflow.sdk.definitions.asset._sanitize_uri) lowercases the scheme, refuses the
// reserved `airflow` scheme, drops user info and fragments, sorts the query, strips trailing
// slashes and then hands the URI to the normaliser a provider registers for its scheme: `s3`
// (Amazon provider: `s3://bucket/key`), `postgres` (Postgres provider:
// `postgres://host:port/database/schema/table`, port required), `file` (core). A scheme starting
// with `x-` is left exactly as written: that is where our own kinds of data go (a DuckDB
// relation: `x-duckdb://<file>/<schema>/<relation>`). The URIs built here are already in the
// normalised form, so what a DAG file says is what Airflow stores and matches schedules on.
//
// OpenLineage (spec/Naming.md): a dataset is {namespace, name}. S3: namespace `s3://<bucket>`,
// name the key; PostgreSQL: namespace `postgres://<host>:<port>`, name
// `<database>.<schema>.<table>`; a local file: namespace `file`, name its path. DuckDB has no
// entry in the spec; we follow the spec's general rule (namespace the datasource, name the
// path inside it) with the naming DuckDB itself uses: namespace `duckdb://<file>`, name
// `<catalog>.<schema>.<relation>` where the catalog is the file's stem, as DuckDB attaches it.

import { createHash } from "node:crypto";

/** A dataset's identity in OpenLineage. */
export interface OpenLineageName {
  readonly namespace: string;
  readonly name: string;
}

/** What a location may hold to become a readable asset URI: RFC 3986's unreserved and sub-delimiter characters, `:`, `@`, `/`. */
const CLEAN = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/]*$/u;
const trimSlashes = (path: string) => path.replace(/\/+$/, "");

interface Parsed {
  readonly scheme: string;
  readonly authority: string;
  /** Starts with `/` or is empty. */
  readonly path: string;
}

function parse(location: string): Parsed | undefined {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)$/u.exec(location);
  if (m) return { scheme: m[1]!.toLowerCase(), authority: m[2]!, path: m[3]! };
  if (location.startsWith("/")) return { scheme: "file", authority: "", path: location };
  return undefined;
}

/** Object-store schemes Spark and boto spell differently that all name the same S3 object. */
const S3_SCHEMES = new Set(["s3", "s3a", "s3n"]);

/** The longest asset URI (and name) Airflow takes. */
const MAX_URI = 1500;

/** The readable asset URI of a location, or undefined when Airflow could not take it as it is. */
function readableUri(location: string): string | undefined {
  const p = parse(location);
  if (!p || !CLEAN.test(p.authority) || !CLEAN.test(p.path)) return undefined;
  const path = trimSlashes(p.path);
  if (S3_SCHEMES.has(p.scheme)) return p.authority ? `s3://${p.authority}${path}` : undefined;
  if (p.scheme === "postgres" || p.scheme === "postgresql") {
    // The Postgres provider's normaliser needs host:port and exactly database/schema/table.
    const parts = path.split("/").slice(1);
    return /^[A-Za-z0-9.-]+:\d+$/u.test(p.authority) && parts.length === 3 && parts.every((x) => x !== "") ? `postgres://${p.authority}${path}` : undefined;
  }
  if (p.scheme === "file") return path ? `file://${p.authority}${path}` : undefined;
  if (p.scheme.startsWith("x-")) return `${p.scheme}://${p.authority}${path}`;
  return `x-${p.scheme}://${p.authority}${path}`;
}

/**
 * The Airflow asset URI of a dataset location: `s3a://b/k` and `s3://b/k` -> `s3://b/k`;
 * `postgres://host:port/database/schema/table` as it is; a file path -> `file:///path`;
 * `duckdb://<file>/<schema>/<relation>` -> `x-duckdb://<file>/<schema>/<relation>`; an `x-…`
 * URI as it is; any other scheme `s` -> `x-s://…` (never the reserved `airflow`); trailing
 * slashes dropped. A location Airflow could not take as it is (characters outside RFC 3986's
 * unreserved and sub-delimiters, `%` included; a PostgreSQL authority that is not `host:port`;
 * over 1500 characters) becomes `x-lakehouse://sha256/<hex of the location>`: stable and
 * accepted, but opaque (no OpenLineage conversion). Deterministic.
 */
export function datasetAssetUri(location: string): string {
  const readable = readableUri(location);
  if (readable !== undefined && readable.length <= MAX_URI) return readable;
  return `x-lakehouse://sha256/${createHash("sha256").update(location, "utf8").digest("hex")}`;
}

/** The OpenLineage {namespace, name} of a dataset location (see the head of this file). */
export function openLineageName(location: string): OpenLineageName {
  const p = parse(location);
  if (!p) return { namespace: "x-lakehouse", name: location };
  const path = trimSlashes(p.path);
  // The Amazon provider names a bucket's root `/` (S3Hook.parse_s3_url gives an empty key).
  if (S3_SCHEMES.has(p.scheme)) return { namespace: `s3://${p.authority}`, name: path.replace(/^\/+/, "") || "/" };
  if (p.scheme === "postgres" || p.scheme === "postgresql") {
    return { namespace: `postgres://${p.authority}`, name: path.replace(/^\/+/, "").split("/").join(".") };
  }
  if (p.scheme === "file") return { namespace: p.authority ? `file://${p.authority}` : "file", name: path || "/" };
  if (p.scheme === "duckdb") {
    const at = path.split("/");
    const [schema, relation] = at.slice(-2);
    const file = `${p.authority}${at.slice(0, -2).join("/")}`;
    // DuckDB names its catalog after the file, without a DuckDB extension (other dots stay).
    const stem = (file.split("/").pop() ?? file).replace(/\.(duckdb|ddb|db)$/, "");
    return { namespace: `duckdb://${file}`, name: `${stem}.${schema}.${relation}` };
  }
  return { namespace: `${p.scheme}://${p.authority}`, name: path.replace(/^\/+/, "") };
}

/** Why a URI cannot name an external dataset (an Airflow asset), or undefined when it can. */
export function externalUriProblem(uri: string): string | undefined {
  if (typeof uri !== "string" || uri.length === 0) return "it is empty";
  if (uri.length > 1500) return "it is longer than Airflow's 1500 characters";
  if (!/^[A-Za-z0-9\-._~!$&'()*+,;=:@/?#]*$/u.test(uri)) return "it holds characters an asset URI keeps only percent-encoded (use letters, digits and -._~!$&'()*+,;=:@/)";
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/u.exec(uri);
  if (!m) return "it is not a URI of the form scheme://authority/path";
  const scheme = m[1]!.toLowerCase();
  const [authority, path, query, fragment] = [m[2]!, m[3]!, m[4], m[5]];
  if (scheme === "airflow") return "the scheme 'airflow' is reserved by Airflow";
  if (authority.includes("@")) return "it holds user info (credentials never go into an asset URI)";
  if (fragment !== undefined) return "it has a fragment, which Airflow drops";
  if (query !== undefined) return "it has a query: name the data by scheme, authority and path only";
  const parts = trimSlashes(path).split("/").filter((s, i) => i > 0 || s !== "");
  if (S3_SCHEMES.has(scheme)) {
    if (!authority) return "an S3 URI names a bucket: s3://bucket/key";
    return undefined;
  }
  if (scheme === "postgres" || scheme === "postgresql") {
    if (!/^[A-Za-z0-9.-]+:\d+$/u.test(authority)) return "a PostgreSQL URI names host and port: postgres://host:port/database/schema/table";
    if (parts.length !== 3 || parts.some((s) => s === "")) return "a PostgreSQL URI names database, schema and table: postgres://host:port/database/schema/table";
    return undefined;
  }
  if (scheme === "file" || scheme.startsWith("x-")) return undefined;
  return `scheme '${scheme}' is not one this compiler maps: use s3://, postgres://, file:// or a scheme of your own starting with x-`;
}
