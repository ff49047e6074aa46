// Fixed dictionaries of the source database. Store, zone, category and status names follow the
// reference platform's dictionaries; the product catalogue is ours.

export const STORES = [
  { id: 1, city: "Rapture", store_name: "Fontaine" },
  { id: 2, city: "Midgar", store_name: "Honeybee" },
  { id: 3, city: "Night City", store_name: "Tomcats" },
  { id: 4, city: "Novigrad", store_name: "Rosemary" },
  { id: 5, city: "Los Santos", store_name: "Suburban" },
] as const;

/** Delivery zones: [store id, zone names]. */
const ZONE_NAMES: readonly (readonly [number, readonly string[]])[] = [
  [1, ["Arcadia", "Olympus Heights", "Hephaestus", "Fort Frolic", "Neptune's Bounty"]],
  [2, ["Sector 7 Slums", "Wall Market", "Sector 5 Slums", "Plate Edge", "Shinra Headquarters"]],
  [3, ["Watson", "Heywood", "Westbrook", "Santo Domingo", "Pacifica"]],
  [4, ["Gildorf", "Silverton", "Temple Isle", "Fishmarket"]],
  [5, ["Vinewood", "Davis", "Rockford Hills", "Del Perro", "Sandy Shores"]],
];
export const ZONES = ZONE_NAMES.flatMap(([store_id, names]) => names.map((zone_name) => ({ store_id, zone_name })))
  .map((z, i) => ({ id: i + 1, ...z }));

export const PRODUCT_CATEGORIES = ["dairy", "bakery", "fresh", "meat", "beverages", "snacks", "frozen", "household", "personal care"]
  .map((category_name, i) => ({ id: i + 1, category_name }));

/** Order statuses, in the order an order goes through them. */
export const ORDER_STATUS = { created: 1, packing: 2, delivered: 3, cancelled: 4 } as const;
export const ORDER_STATUSES = [
  { id: ORDER_STATUS.created, order_status: "Created" },
  { id: ORDER_STATUS.packing, order_status: "Packing" },
  { id: ORDER_STATUS.delivered, order_status: "Delivered" },
  { id: ORDER_STATUS.cancelled, order_status: "Cancelled" },
];

/** Courier types and how often a courier (and an order) is of each. */
export const DELIVERY_TYPES = [
  { id: 1, courier_type: "walking", weight: 0.5 },
  { id: 2, courier_type: "bicycle", weight: 0.35 },
  { id: 3, courier_type: "car", weight: 0.15 },
] as const;

/** delivery_tracking's two steps of a delivery. */
export const DELIVERY_STEP = { pickUp: { id: 1, status: "pick up" }, delivery: { id: 2, status: "delivery" } } as const;

/** Payment statuses the dbt tests accept (pipelines/dbt.ts, stg_payments). */
export const PAYMENT_STATUSES = ["paid", "pending", "failed", "refunded"] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
export const PAYMENT_METHODS = [
  { method: "card", weight: 0.6 },
  { method: "cash", weight: 0.2 },
  { method: "cash+bonuses", weight: 0.05 },
  { method: "card+bonuses", weight: 0.15 },
] as const;

/** Catalogue: [category id, unit type, [name, price in cents, order weight in hundredths]...]. */
const CATALOGUE: readonly (readonly [number, "units" | "kg", readonly (readonly [string, number, number])[]])[] = [
  [1, "units", [["Whole Milk", 129, 80], ["Skimmed Milk", 119, 45], ["Greek Yogurt", 249, 56], ["Salted Butter", 389, 50], ["Cheddar", 459, 38], ["Kefir", 179, 30]]],
  [2, "units", [["Rye Loaf", 299, 44], ["Sourdough", 449, 52], ["Croissant", 139, 43], ["Baguette", 189, 31], ["Cinnamon Roll", 229, 40], ["Bagel", 99, 35]]],
  [3, "kg", [["Apples", 249, 61], ["Bananas", 199, 58], ["Tomatoes", 389, 44], ["Cucumbers", 299, 40], ["Carrots", 129, 42], ["Potatoes", 149, 52], ["Onions", 139, 37]]],
  [4, "kg", [["Chicken Breast", 899, 55], ["Ground Beef", 1049, 49], ["Pork Loin", 799, 36], ["Turkey Thigh", 699, 29], ["Beef Steak", 1899, 22], ["Sausages", 649, 41]]],
  [5, "units", [["Still Water", 89, 54], ["Sparkling Water", 99, 37], ["Orange Juice", 329, 51], ["Apple Juice", 289, 23], ["Iced Tea", 199, 40], ["Ground Coffee", 799, 32]]],
  [6, "units", [["Potato Chips", 249, 40], ["Dark Chocolate", 219, 31], ["Granola Bar", 119, 26], ["Salted Peanuts", 189, 28], ["Crackers", 159, 29]]],
  [7, "units", [["Frozen Pizza", 549, 59], ["Frozen Peas", 229, 34], ["Frozen Berries", 449, 23], ["Ice Cream", 499, 37], ["Fish Fingers", 389, 25]]],
  [8, "units", [["Toilet Paper", 599, 56], ["Paper Towels", 349, 50], ["Dish Soap", 259, 34], ["Laundry Powder", 899, 32], ["Trash Bags", 299, 36]]],
  [9, "units", [["Shampoo", 549, 48], ["Toothpaste", 299, 54], ["Hand Soap", 199, 41], ["Deodorant", 449, 40], ["Face Cream", 899, 20]]],
];

/** One product of the catalogue; prices in cents (exact), chance in hundredths. */
export interface CatalogueProduct {
  readonly id: number;
  readonly product_name: string;
  readonly priceCents: number;
  readonly unit_type: "units" | "kg";
  readonly category_id: number;
  readonly chanceHundredths: number;
}

export const PRODUCTS: readonly CatalogueProduct[] = CATALOGUE.flatMap(([category_id, unit_type, items]) =>
  items.map(([product_name, priceCents, chanceHundredths]) => ({ product_name, priceCents, unit_type, category_id, chanceHundredths })),
).map((p, i) => ({ id: i + 1, ...p }));
