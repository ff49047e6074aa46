import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { buildManifest, parseManifest, parseManifestStrict, renderManifest, sha256Hex } from "../../../generators/writer/manifest.ts";
import { baseFiles, gf } from "./helpers.ts";

describe("manifest", () => {
  it("has known sha256 values", () => {
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    // UTF-8 bytes, not UTF-16 code units
    expect(sha256Hex("é✓")).toBe(createHash("sha256").update(Buffer.from("é✓", "utf8")).digest("hex"));
  });

  it("renders 2-space JSON with a trailing LF, fixed key order, no timestamps", () => {
    const text = renderManifest([gf("b.py", "b\n", "pipelines/b.ts"), gf("a.py", "a\n", "pipelines/a.ts")]);
    expect(text).toBe(
      [
        "{",
        '  "version": 1,',
        '  "files": [',
        "    {",
        '      "path": "a.py",',
        `      "sha256": "${sha256Hex("a\n")}",`,
        '      "source": "pipelines/a.ts"',
        "    },",
        "    {",
        '      "path": "b.py",',
        `      "sha256": "${sha256Hex("b\n")}",`,
        '      "source": "pipelines/b.ts"',
        "    }",
        "  ]",
        "}",
        "",
      ].join("\n"),
    );
  });

  it("is byte-identical whatever the input order", () => {
    const files = [...baseFiles, gf("Z.py", "z"), gf("a/\u{1F600}.py", "x"), gf("a/\uFFFD.py", "y"), gf("a/b.py", "b")];
    const expected = renderManifest(files);
    for (let seed = 1; seed <= 20; seed++) {
      // deterministic shuffle (Fisher–Yates with an LCG)
      const copy = [...files];
      let s = seed;
      for (let i = copy.length - 1; i > 0; i--) {
        s = (s * 1103515245 + 12345) % 2 ** 31;
        const j = s % (i + 1);
        [copy[i], copy[j]] = [copy[j]!, copy[i]!];
      }
      expect(renderManifest(copy)).toBe(expected);
    }
  });

  it("sorts by UTF-8 byte order, not UTF-16 or locale", () => {
    // U+FFFD (EF BF BD) sorts before U+1F600 (F0 9F 98 80) in bytes; UTF-16 says the opposite.
    const paths = buildManifest([gf("a/\u{1F600}.py", ""), gf("a/\uFFFD.py", ""), gf("B.py", ""), gf("a.py", "")]).files.map((f) => f.path);
    expect(paths).toEqual(["B.py", "a.py", "a/\uFFFD.py", "a/\u{1F600}.py"]);
  });

  it("parses what it renders", () => {
    const m = parseManifest(renderManifest(baseFiles));
    expect(m.files.map((f) => f.path)).toEqual(baseFiles.map((f) => f.path).sort());
    expect(m.files[0]!.sha256).toBe(sha256Hex(baseFiles.find((f) => f.path === m.files[0]!.path)!.content));
  });

  it.each([undefined, null, "", "{", "[]", '{"version":2,"files":[]}', '{"version":1}', '{"version":1,"files":{}}'])("treats %j as empty", (text) => {
    expect(parseManifest(text)).toEqual({ version: 1, files: [] });
  });

  it("skips malformed entries", () => {
    const m = parseManifest('{"version":1,"files":[{"path":"a","sha256":"x","source":"s"},{"path":1},null,"x"]}');
    expect(m.files).toEqual([{ path: "a", sha256: "x", source: "s" }]);
  });

  it("strict parse: what it renders, and an empty list, are a manifest of ours", () => {
    expect(parseManifestStrict(renderManifest(baseFiles))).toEqual(parseManifest(renderManifest(baseFiles)));
    expect(parseManifestStrict('{"version":1,"files":[]}')).toEqual({ version: 1, files: [] });
  });

  it.each(["", "{", "[]", "null", '{"version":2,"files":[]}', '{"version":1}', '{"version":1,"files":{}}', '{"version":1,"files":[{"path":"a","sha256":"x","source":"s"},null]}', '{"version":1,"files":[{"path":"a","sha256":"x"}]}'])(
    "strict parse: %j is not a manifest of ours",
    (text) => {
      expect(parseManifestStrict(text)).toBeUndefined();
    },
  );
});
