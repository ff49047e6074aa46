export interface CliPaths {
  readonly dir: string;
  readonly bundle: string;
  readonly stamp: string;
}
export function inputFiles(repo: string): string[];
export function inputsHash(repo: string, esbuildVersion: string): string;
export function cliPaths(repo: string): CliPaths;
export function isFresh(paths: CliPaths, hash: string): boolean;
export function buildCli(repo: string, hash: string): Promise<string>;
export function ensureCli(repo: string): Promise<{ bundle: string; built: boolean }>;
