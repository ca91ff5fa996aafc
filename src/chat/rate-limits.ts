import type { Logger } from 'pino';
import type { BucketRule, BucketTake, RateCounter } from '../pubsub/rate-counter.js';
import { rateLimited } from './errors.js';
import { type ChatMeters, noMeters } from './meters.js';
import type { PageArgs } from './pagination.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/**
 * Token buckets per action, per user unless said otherwise: `burst` at once, refilled at
 * `burst` per period. Generous: a person chatting, joining rooms or scrolling fast never
 * meets them; a script hammering the server does. README "Security and limits" lists them.
 */
export const DEFAULT_RATE_LIMITS = {
  /** send, editMessage, and sendToMany (one per user addressed). */
  send: { burst: 120, periodMs: 10 * SECOND },
  markRead: { burst: 120, periodMs: 10 * SECOND },
  /** joinRoom and leaveRoom: each writes an event to every member of the room. */
  membership: { burst: 30, periodMs: 10 * MINUTE },
  /** inviteToRoom, removeFromRoom, renameRoom. */
  roomAdmin: { burst: 60, periodMs: MINUTE },
  createRoom: { burst: 20, periodMs: 10 * MINUTE },
  /** uploadAttachment: each stores up to MAX_UPLOAD_BYTES. */
  upload: { burst: 30, periodMs: 10 * MINUTE },
  /** broadcast and sendCommand. */
  broadcast: { burst: 10, periodMs: MINUTE },
  /** logOut, logOutEverywhere, changePassword, updateProfile. */
  account: { burst: 30, periodMs: MINUTE },
  /** An admin's forceLogOut and suspendUser. */
  moderation: { burst: 60, periodMs: MINUTE },
  /** updateRoom, transferRoom. */
  roomSettings: { burst: 60, periodMs: MINUTE },
  /** deleteMessage: a MESSAGE_DELETED event to every member of the conversation. */
  deleteMessage: { burst: 60, periodMs: MINUTE },
  /** deleteRoom: an event to every member and every message erased. */
  deleteRoom: { burst: 10, periodMs: 10 * MINUTE },
  /** An admin's stats. */
  stats: { burst: 60, periodMs: MINUTE },
  /** Per client address. */
  signUp: { burst: 30, periodMs: 10 * MINUTE },
  searchMessages: { burst: 60, periodMs: MINUTE },
  /**
   * setTyping calls that publish: a repeated `typing: true` within 2 s is dropped before
   * this (no error), so a client may call it on every keystroke.
   */
  typing: { burst: 120, periodMs: MINUTE },
  setStatus: { burst: 30, periodMs: MINUTE },
  /** muteConversation. */
  mute: { burst: 60, periodMs: MINUTE },
  /** Pages of more than LARGE_PAGE rows, of any list. */
  largePage: { burst: 60, periodMs: MINUTE },
  /** Failed log-ins per username from one address: guessing one account from one place. */
  logIn: { burst: 10, periodMs: 5 * MINUTE },
  /**
   * Failed log-ins per username from every address: a distributed guess. Refills one every
   * 6 s, so the owner waits seconds, never minutes, while it is under attack.
   */
  logInUsername: { burst: 100, periodMs: 10 * MINUTE },
  /** Failed log-ins per address over every username: one password tried on many accounts. */
  logInAddress: { burst: 30, periodMs: 10 * MINUTE },
} satisfies Record<string, BucketRule>;

export type RateLimitName = keyof typeof DEFAULT_RATE_LIMITS;
export type RateLimitRules = Record<RateLimitName, BucketRule>;
/** The actions a caller limits with `take`; log-ins go through `logInAttempt`. */
export type LimitedAction = Exclude<RateLimitName, 'logIn' | 'logInUsername' | 'logInAddress'>;

/** Pages up to this many rows are free; larger ones take a `largePage` token. */
export const LARGE_PAGE = 50;

export interface LogInAttempt {
  /** The password was right: the username's failures are forgiven, the address's not counted. */
  succeeded(): Promise<void>;
}

export interface RateLimits {
  /**
   * Takes `cost` tokens (one by default) of `action` for `who`; RATE_LIMITED (with
   * retryAfterSeconds) when too few are left, and then takes none.
   */
  take(action: LimitedAction, who: string | number, cost?: number): Promise<void>;
  /** Takes a `largePage` token when the page asks for more than LARGE_PAGE rows. */
  page(who: number, args: PageArgs): Promise<void>;
  /**
   * Counts a log-in as failed before the password is checked (so parallel guesses are
   * counted too) per username and address, per username, and per address.
   */
  logInAttempt(username: string, address: string): Promise<LogInAttempt>;
}

const succeeded = async () => {};

/** Limits that never refuse (`RATE_LIMITS=off`). */
export const noRateLimits: RateLimits = {
  take: async () => {},
  page: async () => {},
  logInAttempt: async () => ({ succeeded }),
};

export function createRateLimits(options: {
  counter: RateCounter;
  rules: RateLimitRules;
  logger: Logger;
  meters?: ChatMeters;
  /** The clock buckets refill by (tests move it). */
  now?: () => number;
}): RateLimits {
  const { counter, rules, logger } = options;
  const meters = options.meters ?? noMeters;
  const now = options.now ?? Date.now;

  async function takeAll(what: string, takes: BucketTake[]): Promise<void> {
    let result: Awaited<ReturnType<RateCounter['take']>>;
    try {
      result = await counter.take(takes, now());
    } catch (error) {
      // Limits protect the service; they never take it down with them.
      meters.redisError('command');
      logger.warn({ err: error, limit: what }, 'rate counter unavailable: not limiting');
      return;
    }
    if (!result.ok) {
      meters.rateLimited(what);
      const seconds = Math.max(1, Math.ceil(result.retryAfterMs / SECOND));
      throw rateLimited(`Too many ${what} requests: try again in ${seconds} s`, seconds);
    }
  }

  const bucket = (name: RateLimitName, who: string | number, cost = 1): BucketTake => ({
    key: `${name}:${who}`,
    rule: rules[name],
    cost,
  });

  return {
    take: (action, who, cost = 1) => takeAll(action, [bucket(action, who, cost)]),
    async page(who, args) {
      if ((args.first ?? args.last ?? 0) > LARGE_PAGE)
        await takeAll('large page', [bucket('largePage', who)]);
    },
    async logInAttempt(username, address) {
      const fromHere = bucket('logIn', `${username}@${address}`);
      const fromAnywhere = bucket('logInUsername', username);
      await takeAll('log-in', [fromHere, fromAnywhere, bucket('logInAddress', address)]);
      return {
        async succeeded() {
          try {
            await counter.reset([fromHere.key, fromAnywhere.key]);
            await counter.take([bucket('logInAddress', address, -1)], now());
          } catch (error) {
            logger.warn({ err: error }, 'rate counter unavailable: log-in failures not reset');
          }
        },
      };
    },
  };
}

/**
 * Parses RATE_LIMITS overrides, `name=burst/period` separated by commas (`send=240/10s,
 * searchMessages=30/1m`; periods in s, m or h). Throws a message naming what is wrong.
 */
export function parseRateLimitRules(text: string): RateLimitRules {
  const rules: RateLimitRules = { ...DEFAULT_RATE_LIMITS };
  const units: Record<string, number> = { s: SECOND, m: MINUTE, h: 60 * MINUTE };
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = /^(\w+)=(\d+)\/(\d+)([smh])$/.exec(part);
    const name = match?.[1] as RateLimitName | undefined;
    if (!match || !name || !(name in DEFAULT_RATE_LIMITS)) {
      throw new Error(
        `"${part}" is not name=burst/period (period in s, m or h) with a name of ${Object.keys(DEFAULT_RATE_LIMITS).join(', ')}`,
      );
    }
    const burst = Number(match[2]);
    const periodMs = Number(match[3]) * (units[match[4] as string] as number);
    if (burst < 1 || periodMs < 1) throw new Error(`"${part}": burst and period must be above 0`);
    rules[name] = { burst, periodMs };
  }
  return rules;
}
