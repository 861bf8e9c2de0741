/**
 * Branded numbers for domain quantities, so a volume cannot be passed where a price is expected.
 * The brand exists only at compile time: at run time these are plain numbers.
 */
declare const brand: unique symbol;
type Nominal<T, Name extends string> = T & { readonly [brand]: Name };

/** A price in the instrument's quote currency. */
export type Price = Nominal<number, 'Price'>;
/** A quantity of shares/contracts, or a bar's traded volume. */
export type Quantity = Nominal<number, 'Quantity'>;
/** Milliseconds since the Unix epoch, UTC. */
export type EpochMs = Nominal<number, 'EpochMs'>;

/** Unchecked casts: use where the value was already validated (e.g. by the bar validator). */
export const price = (value: number): Price => value as Price;
export const quantity = (value: number): Quantity => value as Quantity;
export const epochMs = (value: number): EpochMs => value as EpochMs;
