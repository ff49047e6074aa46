/**
 * Byte-order comparison of strings (their UTF-8 encodings).
 *
 * Why not `localeCompare`: output must not depend on the machine's locale.
 * Why not plain `<`: JS compares UTF-16 code units, which orders astral characters
 * differently from UTF-8 bytes (what `LC_ALL=C sort`, git and most tools use).
 */
export function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

/** A sorted copy, in byte order. */
export function sortedBytes(values: Iterable<string>): string[] {
  return [...values].sort(compareBytes);
}
