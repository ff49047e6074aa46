// What `daily` reads of the source database before generating a day (after undoing that day's
// own earlier run). Dates are 'YYYY-MM-DD' text, amounts decimal text.

export interface ClientState {
  readonly id: number;
  readonly preferredStoreId: number;
  readonly registrationDate: string;
  readonly updatedAt: string;
  readonly churned: boolean;
}

/** A courier's fixed attributes; whether it is active on a day is derived (couriers.ts). */
export interface CourierState {
  readonly id: number;
  readonly deliveryTypeId: number;
  readonly storeId: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** One validity window of a product (products is keyed by id and valid_from). */
export interface ProductVersion {
  readonly id: number;
  readonly productName: string;
  readonly price: string;
  readonly unitType: string;
  readonly categoryId: number;
  readonly chance: string;
  readonly validFrom: string;
  readonly validTo: string | null;
}

export interface OrderState {
  readonly id: number;
  readonly clientId: number;
  readonly orderDate: string;
  readonly storeId: number;
  readonly totalAmount: string;
}

/** Everything a day is generated from; every list sorted by its key. */
export interface SourceState {
  readonly storeIds: readonly number[];
  readonly clients: readonly ClientState[];
  readonly couriers: readonly CourierState[];
  readonly products: readonly ProductVersion[];
  readonly assortment: readonly { readonly productId: number; readonly storeId: number }[];
  /** Orders of the days a day's payments and events look back to (the 5 days before it). */
  readonly recentOrders: readonly OrderState[];
}
