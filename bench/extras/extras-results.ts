/** The shape of bench/results/<date>-extras.json: everything the report is made from. */
import type { MachineInfo } from './machine.ts';
import type { HistoryResult } from './measure-history-page.ts';
import type { ReplayResult } from './measure-inbox-replay.ts';
import type { RetentionResult } from './measure-retention.ts';
import type { SearchResult } from './measure-search.ts';
import type { SendResult } from './measure-send-throughput.ts';
import type { UnreadResult } from './measure-unread-counts.ts';
import type { ExtrasPlan } from './settings.ts';

export interface ExtrasResults {
  date: string;
  /** Where this JSON is written, relative to the repository root. */
  resultsFile: string;
  command: string;
  durationSeconds: number;
  quick: boolean;
  machine: MachineInfo;
  /** Whether the load process could be pinned (taskset); if not, figures share cores freely. */
  loadPinned: boolean;
  plan: ExtrasPlan;
  inboxReplay: ReplayResult;
  historyPage: HistoryResult;
  sendThroughput: SendResult;
  unreadCounts: UnreadResult;
  search: SearchResult;
  retention: RetentionResult;
}
