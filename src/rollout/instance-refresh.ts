// Waits for the newest instance refresh of an Auto Scaling group to end, and says whether the rollout succeeded.
// Terraform starts a refresh when the launch template changes and returns at once: without this, a deploy that
// rolls out an image that never starts, or that an alarm rolls back, would still end green.
import {
  DescribeInstanceRefreshesCommand,
  type AutoScalingClient,
  type InstanceRefresh,
} from '@aws-sdk/client-auto-scaling';

/** Statuses after which the refresh does nothing more. */
export const SUCCEEDED = ['Successful'] as const;
export const FAILED = ['Failed', 'Cancelled', 'RollbackSuccessful', 'RollbackFailed'] as const;

export type RefreshVerdict =
  | { readonly outcome: 'none'; readonly message: string }
  | { readonly outcome: 'running'; readonly message: string }
  | { readonly outcome: 'succeeded' | 'failed'; readonly message: string };

/**
 * What the newest refresh (started at or after `since`, when given) says about the rollout. AWS lists refreshes
 * newest first; they are sorted again here so as not to depend on it.
 */
export function verdict(refreshes: readonly InstanceRefresh[], since?: Date): RefreshVerdict {
  const newest = [...refreshes]
    .filter((refresh) => !since || (refresh.StartTime !== undefined && refresh.StartTime.getTime() >= since.getTime()))
    .sort((a, b) => (b.StartTime?.getTime() ?? 0) - (a.StartTime?.getTime() ?? 0))[0];
  if (!newest)
    return {
      outcome: 'none',
      message: `no instance refresh${since ? ` started since ${since.toISOString()}` : ''}: the launch template did not change`,
    };
  const status = newest.Status ?? 'unknown';
  const progress = newest.PercentageComplete === undefined ? '' : `, ${newest.PercentageComplete} % complete`;
  const reason = newest.StatusReason ? `: ${newest.StatusReason}` : '';
  const message = `instance refresh ${newest.InstanceRefreshId} is ${status}${progress}${reason}`;
  if ((SUCCEEDED as readonly string[]).includes(status)) return { outcome: 'succeeded', message };
  if ((FAILED as readonly string[]).includes(status)) return { outcome: 'failed', message };
  return { outcome: 'running', message };
}

export interface WaitOptions {
  readonly client: Pick<AutoScalingClient, 'send'>;
  readonly groupName: string;
  /** Only refreshes started at or after this count (the deploy's start). @default - the newest, whenever it started */
  readonly since?: Date;
  /** @default 15000 */
  readonly intervalMs?: number;
  /** Give up after this long. @default 3600000 (an hour: a refresh of a large group with warm-up takes long) */
  readonly timeoutMs?: number;
  /** @default console.log */
  readonly log?: (line: string) => void;
  /** @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Polls until the newest refresh ends; resolves with its verdict ('none' when there is none, 'running' on timeout). */
export async function waitForInstanceRefresh(options: WaitOptions): Promise<RefreshVerdict> {
  const { client, groupName, since, intervalMs = 15_000, timeoutMs = 3_600_000, log = console.log } = options;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let last = '';
  for (let waited = 0; ; waited += intervalMs) {
    const response = await client.send(
      new DescribeInstanceRefreshesCommand({ AutoScalingGroupName: groupName, MaxRecords: 10 }),
    );
    const result = verdict(response.InstanceRefreshes ?? [], since);
    if (result.message !== last) log(`${groupName}: ${result.message}`);
    last = result.message;
    if (result.outcome !== 'running') return result;
    if (waited >= timeoutMs)
      return {
        outcome: 'running',
        message: `${result.message}; gave up waiting after ${Math.round(timeoutMs / 60_000)} minutes`,
      };
    await sleep(intervalMs);
  }
}
