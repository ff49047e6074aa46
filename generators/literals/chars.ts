/**
 * Rebuilds `value` one character at a time: surrogate pairs (astral characters such as emoji)
 * are kept as they are, every other UTF-16 unit (lone surrogates included) goes through `escape`.
 */
export function escapeUnits(value: string, escape: (unit: string, code: number) => string): string {
  let out = "";
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    const next = i + 1 < value.length ? value.charCodeAt(i + 1) : 0;
    if (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += value.slice(i, i + 2);
      i++;
    } else {
      out += escape(value[i]!, code);
    }
  }
  return out;
}

/** `\uXXXX` for characters that are invisible or ambiguous in source files. */
export function isInvisible(code: number): boolean {
  return code === 0x2028 || code === 0x2029 || code === 0xfeff || (code >= 0xd800 && code <= 0xdfff);
}
