/**
 * An engine's counters (INFO stats) and its per-command statistics (INFO
 * commandstats, LATENCY HISTOGRAM): a slot per command id, so that two engines
 * in one process never share counts.
 */
import type { Command, CommandStats } from '../commands/define.js'

/** The counters of INFO stats that the engine keeps (CONFIG RESETSTAT zeroes them). */
export function engineStats() {
  return {
    commands: 0,
    connections: 0,
    rejectedConnections: 0,
    expiredKeys: 0,
    evictedKeys: 0,
    hits: 0,
    misses: 0,
    errorReplies: 0,
    errors: new Map<string, number>(),
  }
}

export class CommandStatsTable {
  private slots: (CommandStats | undefined)[] = []

  /** The statistics of `cmd`, created on first use. */
  of(cmd: Command): CommandStats {
    return (this.slots[cmd.id] ??= { calls: 0, usec: 0, rejected: 0, failed: 0 })
  }

  /** Read-only: the statistics of `cmd`, or undefined when it was never counted. */
  peek(cmd: Command): CommandStats | undefined {
    return this.slots[cmd.id]
  }

  /** CONFIG RESETSTAT. */
  reset(): void {
    this.slots = []
  }

  /** A copy to put back with `restore` (loads replay commands that are not client calls). */
  save(): (CommandStats | undefined)[] {
    return this.slots.map((s) => (s === undefined ? undefined : { ...s }))
  }

  restore(saved: (CommandStats | undefined)[]): void {
    this.slots = saved
  }
}
