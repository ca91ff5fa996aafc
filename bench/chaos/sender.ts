/**
 * A sender: sends its messages one after another, each with a clientId, and retries a
 * send that got no answer on the other instance with the same clientId (as a phone does
 * when its connection drops), until it is acknowledged, refused, or the retry budget ends.
 */
import { postGraphql } from './graphql-http.ts';
import type { Ledger, SendRecord } from './ledger.ts';

const SEND = `mutation Send($input: SendInput!) { send(input: $input) { id } }`;
/** Per attempt. */
const ATTEMPT_TIMEOUT_MS = 10_000;
const RETRY_BUDGET_MS = 60_000;
const RETRY_PAUSE_MS = 100;

export interface Party {
  index: number;
  userId: string;
  token: string;
}

export interface SenderPlan {
  tag: string;
  sender: Party;
  /** Message i goes to receivers[i % receivers.length]. */
  receivers: Party[];
  count: number;
  /** Base URLs to try, the preferred one first. */
  instances: string[];
  /** Called after each acknowledged send (faults are scheduled by acknowledged count). */
  onAck: () => void;
  /** Stops sending early (soak). */
  stopped?: () => boolean;
  /** Sends at most one message per this many milliseconds (soak); default as fast as acked. */
  paceMs?: number;
}

export const messageKey = (sender: number, index: number) => `${sender}:${index}`;

export async function runSender(plan: SenderPlan, ledger: Ledger): Promise<void> {
  for (let index = 0; index < plan.count && !plan.stopped?.(); index++) {
    const started = Date.now();
    const key = messageKey(plan.sender.index, index);
    const receiver = plan.receivers[index % plan.receivers.length] as Party;
    const record: SendRecord = {
      key,
      receiver: receiver.index,
      sender: plan.sender.index,
      index,
      outcome: 'unknown',
      attempts: 0,
    };
    ledger.recordSend(record);
    const input = {
      toUserId: receiver.userId,
      body: `chaos ${plan.tag} ${key}`,
      clientId: `${plan.tag}-${key}`,
    };
    const giveUpAt = Date.now() + RETRY_BUDGET_MS;
    while (Date.now() < giveUpAt) {
      const url = plan.instances[record.attempts % plan.instances.length] as string;
      record.attempts += 1;
      const outcome = await postGraphql<{ send: { id: string } }>(
        url,
        SEND,
        { input },
        plan.sender.token,
        ATTEMPT_TIMEOUT_MS,
      );
      if (outcome.kind === 'data') {
        record.outcome = 'acknowledged';
        record.messageId = outcome.data.send.id;
        record.ackedAt = Date.now();
        plan.onAck();
        break;
      }
      if (outcome.kind === 'refused') {
        record.outcome = 'failed';
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
    }
    const pause = (plan.paceMs ?? 0) - (Date.now() - started);
    if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
  }
}
