import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { prepareState } from "../../../local/run/state.ts";

const root = () => mkdtempSync(path.join(tmpdir(), "lakec-local-state-"));

describe("npm run local: the state folder", () => {
  it("starts empty without --keep, and is reused (not fresh once initialized) with it", () => {
    const r = root();
    const first = prepareState(r, true, undefined);
    expect(first.dir).toBe(path.join(r, ".lakec", "local", "kept"));
    expect(first.fresh).toBe(true);
    writeFileSync(path.join(first.dir, "lake-file"), "x");
    first.markInitialized();
    const again = prepareState(r, true, undefined);
    expect(again.fresh).toBe(false);
    expect(existsSync(path.join(again.dir, "lake-file"))).toBe(true);
    const run = prepareState(r, false, undefined);
    writeFileSync(path.join(run.dir, "old"), "x");
    expect(existsSync(path.join(prepareState(r, false, undefined).dir, "old"))).toBe(false);
  });
  it("never empties a folder it did not make", () => {
    const r = root();
    const foreign = path.join(r, "mine");
    mkdirSync(foreign);
    writeFileSync(path.join(foreign, "thesis.tex"), "x");
    expect(() => prepareState(r, false, foreign)).toThrow(/not empty and was not made by the local runner/);
    expect(existsSync(path.join(foreign, "thesis.tex"))).toBe(true);
  });
});
