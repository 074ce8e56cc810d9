/**
 * ACL LOG: refused commands, keys, channels and failed AUTHs, newest first.
 * An entry like a recent one (same reason, context, object and user, within a
 * minute) is counted into it and moves to the front, as Redis groups them.
 */

export type AclLogReason = 'auth' | 'command' | 'key' | 'channel'
export type AclLogContext = 'toplevel' | 'multi' | 'lua'

export interface AclLogEntry {
  count: number
  readonly reason: AclLogReason
  readonly context: AclLogContext
  readonly object: string
  readonly username: string
  /** When it last happened (clock ms). */
  at: number
  /** The client's CLIENT LIST line at that time. */
  clientInfo: string
}

const GROUPING_MS = 60_000

export class AclLog {
  entries: AclLogEntry[] = []

  add(entry: Omit<AclLogEntry, 'count'>, maxLen: number): void {
    const i = this.entries.findIndex(
      (e) => e.reason === entry.reason && e.context === entry.context && e.object === entry.object && e.username === entry.username && entry.at - e.at < GROUPING_MS,
    )
    if (i >= 0) {
      const e = this.entries[i] as AclLogEntry
      e.count++
      e.at = entry.at
      e.clientInfo = entry.clientInfo
      this.entries.splice(i, 1)
      this.entries.unshift(e)
    } else this.entries.unshift({ count: 1, ...entry })
    if (this.entries.length > maxLen) this.entries.length = maxLen
  }

  reset(): void {
    this.entries = []
  }
}
