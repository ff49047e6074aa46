import { KIND } from "../internal/origin.ts";

/** A column type of a source table, as the lake stores it (Spark SQL types). */
export interface ColumnType {
  readonly [KIND]: "column";
  readonly type: string;
  readonly nullable: boolean;
}

const column = (type: string, nullable = true): ColumnType => Object.freeze({ [KIND]: "column" as const, type, nullable });

/**
 * Column builders. Every column is nullable unless declared with `{ nullable: false }`; key
 * columns are treated as not null.
 * @example
 * columns: { id: int64(), name: text(), amount: decimal(12, 2), updated_at: date() }
 */
export const int64 = (o: { nullable?: boolean } = {}): ColumnType => column("bigint", o.nullable);
/** 32-bit integer. */
export const int32 = (o: { nullable?: boolean } = {}): ColumnType => column("int", o.nullable);
/** 16-bit integer. */
export const int16 = (o: { nullable?: boolean } = {}): ColumnType => column("smallint", o.nullable);
/** Text of any length. */
export const text = (o: { nullable?: boolean } = {}): ColumnType => column("string", o.nullable);
/** true/false. */
export const bool = (o: { nullable?: boolean } = {}): ColumnType => column("boolean", o.nullable);
/** 32-bit floating point (PostgreSQL `real`). */
export const float32 = (o: { nullable?: boolean } = {}): ColumnType => column("float", o.nullable);
/** 64-bit floating point. */
export const float64 = (o: { nullable?: boolean } = {}): ColumnType => column("double", o.nullable);
/** Calendar date. */
export const date = (o: { nullable?: boolean } = {}): ColumnType => column("date", o.nullable);
/** Timestamp (UTC). */
export const timestamp = (o: { nullable?: boolean } = {}): ColumnType => column("timestamp", o.nullable);
/**
 * Exact decimal.
 * @param precision total digits (1-38)
 * @param scale digits after the point
 */
export const decimal = (precision: number, scale: number, o: { nullable?: boolean } = {}): ColumnType =>
  column(`decimal(${precision},${scale})`, o.nullable);
