import type { Logger } from 'pino';
import type { RateCounter } from '../pubsub/rate-counter.js';
import { ChatError } from './errors.js';
import { type ChatMeters, noMeters } from './meters.js';

/**
 * Limits per action, per window. Generous: a person typing fast never meets them; a script
 * hammering the server does.
 */
export const LIMITS = {
  send: { max: 120, windowMs: 10_000 },
  logIn: { max: 10, windowMs: 60_000 },
  signUp: { max: 30, windowMs: 60_000 },
  createRoom: { max: 30, windowMs: 60_000 },
  broadcast: { max: 10, windowMs: 60_000 },
} as const;

export type LimitedAction = keyof typeof LIMITS;

export interface RateLimits {
  /** Counts one `action` by `who`; RATE_LIMITED once over the limit. */
  check(action: LimitedAction, who: string | number): Promise<void>;
}

export function createRateLimits(
  counter: RateCounter | null,
  logger: Logger,
  meters: ChatMeters = noMeters,
): RateLimits {
  return {
    async check(action, who) {
      if (!counter) return;
      const { max, windowMs } = LIMITS[action];
      let hits: number;
      try {
        hits = await counter.hit(`${action}:${who}`, windowMs);
      } catch (error) {
        // Limits protect the service; they never take it down with them.
        meters.redisError('command');
        logger.warn({ err: error, action }, 'rate counter unavailable: not limiting');
        return;
      }
      if (hits > max) {
        meters.rateLimited(action);
        throw new ChatError(
          'RATE_LIMITED',
          `Too many ${action} requests: at most ${max} per ${windowMs / 1000} s, try again shortly`,
        );
      }
    },
  };
}
