/** Channels a client may ask for on the stock stream (protocol note A.4). */
export const STREAM_CHANNELS = ['trades', 'quotes', 'bars', 'updatedBars', 'dailyBars', 'statuses', 'lulds', 'imbalances'] as const;
export type StreamChannel = (typeof STREAM_CHANNELS)[number];

/** Symbols per channel; `*` means every symbol. Lists are sorted and free of duplicates. */
export type ChannelSet = Readonly<Record<StreamChannel, readonly string[]>>;

export function emptyChannelSet(): ChannelSet {
  return { trades: [], quotes: [], bars: [], updatedBars: [], dailyBars: [], statuses: [], lulds: [], imbalances: [] };
}

/** The set for `symbols` on each of `channels`. */
export function channelSetFor(symbols: Iterable<string>, channels: readonly StreamChannel[]): ChannelSet {
  const list = [...new Set(symbols)].sort();
  const set: Record<StreamChannel, readonly string[]> = { ...emptyChannelSet() };
  for (const channel of channels) set[channel] = list;
  return set;
}

/** Reads a server `subscription` reply: missing keys are empty lists (the test stream omits most). */
export function channelSetFromReply(reply: Partial<Record<StreamChannel, readonly string[] | undefined>>): ChannelSet {
  const set: Record<StreamChannel, readonly string[]> = { ...emptyChannelSet() };
  for (const channel of STREAM_CHANNELS) set[channel] = [...new Set(reply[channel] ?? [])].sort();
  return set;
}

export function sameChannelSet(a: ChannelSet, b: ChannelSet): boolean {
  return STREAM_CHANNELS.every((c) => a[c].length === b[c].length && a[c].every((s, i) => s === b[c][i]));
}

export function isEmptyChannelSet(set: ChannelSet): boolean {
  return STREAM_CHANNELS.every((c) => set[c].length === 0);
}

/** What to add to and remove from `current` to reach `desired`, per channel. */
export function diffChannelSets(current: ChannelSet, desired: ChannelSet): { readonly add: ChannelSet; readonly remove: ChannelSet } {
  const add: Record<StreamChannel, readonly string[]> = { ...emptyChannelSet() };
  const remove: Record<StreamChannel, readonly string[]> = { ...emptyChannelSet() };
  for (const c of STREAM_CHANNELS) {
    const have = new Set(current[c]);
    const want = new Set(desired[c]);
    add[c] = desired[c].filter((s) => !have.has(s));
    remove[c] = current[c].filter((s) => !want.has(s));
  }
  return { add, remove };
}

/** A `subscribe`/`unsubscribe` client message naming only the non-empty channels. */
export function actionMessage(action: 'subscribe' | 'unsubscribe', set: ChannelSet): Record<string, unknown> {
  const message: Record<string, unknown> = { action };
  for (const c of STREAM_CHANNELS) if (set[c].length > 0) message[c] = set[c];
  return message;
}
