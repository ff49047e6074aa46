/**
 * Files that tools create inside the output while using it, not authors: Python's bytecode
 * cache (a DagBag import of `dags/`) and dbt's run folders (`dbt parse` in `dbt/`). They are
 * neither ours nor hand-added: the writer ignores them (a compile neither refuses nor reports
 * them; a swap drops them, as a cache may be).
 */
const CACHE_PATH = /(^|\/)__pycache__\/|\.py[co]$|^dbt\/(target|logs|dbt_packages)\/|^dbt\/\.user\.yml$/;

/** True for a relative output path that a tool's cache or run folder holds. */
export const isToolCache = (relativePath: string): boolean => CACHE_PATH.test(relativePath);
