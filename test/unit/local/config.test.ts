import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadLocalConfig, LocalConfigError } from "../../../local/run/config.ts";

const dir = () => mkdtempSync(path.join(tmpdir(), "lakec-local-config-"));

describe("npm run local: lakehouse.local.json", () => {
  it("is optional: all defaults without it", () => {
    expect(loadLocalConfig(dir(), undefined)).toMatchObject({ images: {}, externalDags: {}, onFreshState: [], parallelism: 2 });
  });
  it("names the file and the field of a mistake", () => {
    const root = dir();
    writeFileSync(path.join(root, "lakehouse.local.json"), JSON.stringify({ externalDags: { x: "skip" }, imags: {} }));
    expect(() => loadLocalConfig(root, undefined)).toThrow(LocalConfigError);
    expect(() => loadLocalConfig(root, undefined)).toThrow(/lakehouse\.local\.json: not a valid local config[\s\S]*externalDags\.x[\s\S]*imags/);
  });
  it("refuses broken JSON and a named file that does not exist", () => {
    const root = dir();
    writeFileSync(path.join(root, "lakehouse.local.json"), "{ nope");
    expect(() => loadLocalConfig(root, undefined)).toThrow(/not valid JSON/);
    expect(() => loadLocalConfig(root, "other.json")).toThrow("other.json: no such file");
  });
  it("the repository's own config is valid", () => {
    const root = path.resolve(import.meta.dirname, "../../..");
    expect(loadLocalConfig(root, undefined).externalDags).toEqual({ ampere__curie__cache_refresh__post_gold: "succeed" });
  });
});

describe("npm run local: lakehouse.local.secrets.json", () => {
  it("adds secret values kept out of the committed config, over the config's own", () => {
    const root = dir();
    writeFileSync(path.join(root, "lakehouse.local.json"), JSON.stringify({ secrets: { api: { token: "from-config", other: "kept" } } }));
    writeFileSync(path.join(root, "lakehouse.local.secrets.json"), JSON.stringify({ api: { token: "from-secrets-file" }, smtp: { password: "p" } }));
    expect(loadLocalConfig(root, undefined).secrets).toEqual({ api: { token: "from-secrets-file", other: "kept" }, smtp: { password: "p" } });
  });
  it("names the file when its shape is wrong", () => {
    const root = dir();
    writeFileSync(path.join(root, "lakehouse.local.secrets.json"), JSON.stringify({ api: "token" }));
    expect(() => loadLocalConfig(root, undefined)).toThrow(/lakehouse\.local\.secrets\.json: expected/);
  });
});
