/**
 * Presence leases: a user is online while any lease of theirs is unexpired. Every call
 * reports a change to exactly one caller, so each change is announced once.
 */
export interface PresenceStore {
  /** Adds a lease until `expiresAt`; true when the user was offline before. */
  acquire(userId: number, leaseId: string, expiresAt: number): Promise<boolean>;
  /** Removes a lease; true when the user is offline now. */
  release(userId: number, leaseId: string): Promise<boolean>;
  /** Extends leases that still exist. */
  renew(leases: { userId: number; leaseId: string }[], expiresAt: number): Promise<void>;
  /** Users whose leases all expired (a crashed instance's); each is returned to one caller. */
  sweep(now: number): Promise<number[]>;
  areOnline(userIds: readonly number[]): Promise<boolean[]>;
  onlineUserIds(): Promise<number[]>;
}

/** One instance only. */
export function createMemoryPresenceStore(): PresenceStore {
  const leases = new Map<number, Map<string, number>>();
  const live = (userId: number, now: number) => {
    const mine = leases.get(userId);
    if (!mine) return 0;
    for (const [id, expiresAt] of mine) if (expiresAt <= now) mine.delete(id);
    return mine.size;
  };
  return {
    async acquire(userId, leaseId, expiresAt) {
      const wasOnline = leases.has(userId);
      const mine = leases.get(userId) ?? new Map<string, number>();
      mine.set(leaseId, expiresAt);
      leases.set(userId, mine);
      return !wasOnline;
    },
    async release(userId, leaseId) {
      const mine = leases.get(userId);
      if (!mine) return false;
      mine.delete(leaseId);
      if (live(userId, Date.now()) > 0) return false;
      leases.delete(userId);
      return true;
    },
    async renew(list, expiresAt) {
      for (const { userId, leaseId } of list) {
        const mine = leases.get(userId);
        if (mine?.has(leaseId)) mine.set(leaseId, expiresAt);
      }
    },
    async sweep(now) {
      const gone: number[] = [];
      for (const userId of leases.keys()) {
        if (live(userId, now) === 0) {
          leases.delete(userId);
          gone.push(userId);
        }
      }
      return gone;
    },
    async areOnline(userIds) {
      return userIds.map((id) => leases.has(id));
    },
    async onlineUserIds() {
      return [...leases.keys()];
    },
  };
}
