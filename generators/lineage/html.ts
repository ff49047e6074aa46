/**
 * `lineage.html`: one self-contained page. The CSS and the script are inlined from `assets/`,
 * the view model is embedded as JSON in a `<script type="application/json">`, and nothing names
 * a URL (no CDN, no web font, a `data:` favicon so the browser does not ask for one): the page
 * works from a file, offline. Byte-deterministic: no dates, no random ids.
 */
import { readFileSync } from "node:fs";
import type { LineageModel } from "./model.ts";

const CSS = readFileSync(new URL("./assets/page.css", import.meta.url), "utf8");
const SCRIPT = readFileSync(new URL("./assets/page.js", import.meta.url), "utf8");

/** Text for HTML element content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * JSON that is safe inside a `<script>` element: `<`, `>` and `&` are written as `\u00XX`, so no
 * `</script`, `<!--` or `<script` sequence can end or confuse the element; U+2028/U+2029 too (old
 * parsers read them as line ends). `JSON.parse` gives back the same value.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** The page, ending with a newline. */
export function renderHtml(model: LineageModel): string {
  const title = `Lineage \u2014 ${model.project}`;
  // The inlined assets are ours; a `</` in them would still end the element early, so refuse it.
  if (/<\/(script|style)/i.test(SCRIPT) || /<\/(script|style)/i.test(CSS)) throw new Error("lineage page assets must not contain </script or </style");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="data:,">
<style>
${CSS}</style>
</head>
<body>
<header>
  <h1>${escapeHtml(title)}</h1>
  <div id="layers" aria-label="layers"></div>
  <label>pipeline <select id="pipeline"><option value="">all pipelines</option></select></label>
  <label>search <input id="search" type="search" placeholder="dataset name" autocomplete="off"></label>
  <span id="count"></span>
</header>
<div id="main">
  <div id="canvas"><svg id="edges" aria-hidden="true"></svg><div id="cols"></div></div>
  <aside id="details"><p class="empty">Click a dataset or a task for its details.</p></aside>
</div>
<script type="application/json" id="lineage-data">${scriptJson(model)}</script>
<script>
${SCRIPT}</script>
</body>
</html>
`;
}
