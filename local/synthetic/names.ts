// Person names for clients and couriers: a first and a last name drawn from our own short lists.
import type { Rng } from "./prng.ts";

const FIRST = [
  "Ada", "Alan", "Alice", "Amara", "Anton", "Aria", "Boris", "Chen", "Clara", "Daria", "David", "Diego", "Elena", "Emil",
  "Erik", "Farah", "Felix", "Grace", "Hana", "Hugo", "Ines", "Ivan", "Jonas", "Julia", "Kai", "Kenji", "Lara", "Leon",
  "Lina", "Luca", "Maya", "Mia", "Milan", "Nadia", "Nina", "Noah", "Olga", "Omar", "Oscar", "Paula", "Pavel", "Priya",
  "Rosa", "Ravi", "Sara", "Sofia", "Tariq", "Theo", "Vera", "Yusuf", "Zara", "Zoe",
];
const LAST = [
  "Abbott", "Adler", "Baker", "Becker", "Costa", "Cruz", "Dietrich", "Duval", "Engel", "Evans", "Fischer", "Ford",
  "Garcia", "Gray", "Hansen", "Hart", "Ibrahim", "Jensen", "Kaur", "Keller", "Khan", "Kowalski", "Lang", "Lopez",
  "Meyer", "Moreau", "Nakamura", "Novak", "Olsen", "Ortiz", "Petrov", "Popescu", "Quinn", "Rossi", "Sato", "Schmidt",
  "Silva", "Sorensen", "Tanaka", "Torres", "Ueda", "Vasquez", "Vogel", "Walsh", "Weber", "Young", "Zimmer",
];

/** "First Last". */
export function personName(rng: Rng): string {
  return `${rng.pick(FIRST)} ${rng.pick(LAST)}`;
}
