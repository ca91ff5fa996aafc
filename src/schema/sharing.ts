/**
 * How a field's value relates to who receives a subscription event, declared where the
 * field is defined. Undeclared fields are computed for each recipient (correct by default);
 * when every field a document selects is declared, one recipient's result of a live event
 * serves every recipient of it on the instance (fast by declaration; see
 * src/plugins/shared-subscriptions.ts).
 */
export const RECIPIENT_SHARING = 'recipientSharing';

export type RecipientSharing =
  /** The value ignores the viewer: the same for every recipient of an event. */
  | { same: true }
  /**
   * Differs per recipient, but follows from the event alone, synchronously (no viewer, no
   * I/O). `undefined` means not known from the event: that recipient's event executes alone.
   */
  | { recompute: (event: never) => unknown }
  /**
   * Differs per recipient, and follows from one recipient's value and another's context,
   * synchronously (no I/O): a signed URL made for each viewer.
   */
  | { personalize: (value: never, context: never) => unknown };

/** Spread into a field's options: its value is the same for every recipient of an event. */
export const sameForEveryRecipient = {
  extensions: { [RECIPIENT_SHARING]: { same: true } satisfies RecipientSharing },
};

/**
 * Spread into the options of a field of an event type: its value is `resolve(event)` for
 * each recipient (their own cursor), so a shared result is given each recipient's own.
 */
export function recomputedPerRecipient<Event, Value>(resolve: (event: Event) => Value) {
  return {
    resolve,
    extensions: { [RECIPIENT_SHARING]: { recompute: resolve } as RecipientSharing },
  };
}

/**
 * Spread into the options of a field of an event type whose value for each recipient was
 * worked out before execution and rides on their event (`known`), or is undefined when it
 * was not: `resolve` then computes it, and that recipient's event executes on its own.
 */
export function recomputedWhenKnown<Event, Resolve>(
  known: (event: Event) => unknown,
  resolve: Resolve,
) {
  return {
    resolve,
    extensions: { [RECIPIENT_SHARING]: { recompute: known } as RecipientSharing },
  };
}

/**
 * Spread into a field's options: its value differs per viewer, and `personalize(value, ctx)`
 * makes one recipient's value another's, so an event selecting it still runs once.
 */
export function personalizedPerRecipient<Value, Ctx>(
  personalize: (value: Value, context: Ctx) => Value,
) {
  return {
    extensions: { [RECIPIENT_SHARING]: { personalize } as unknown as RecipientSharing },
  };
}

export function recipientSharingOf(extensions: unknown): RecipientSharing | undefined {
  return (extensions as Record<string, RecipientSharing | undefined> | null | undefined)?.[
    RECIPIENT_SHARING
  ];
}
