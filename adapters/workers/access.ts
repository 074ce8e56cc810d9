/**
 * The read-only token: it may read, not write. It refuses write commands, KEYS
 * and SCAN (which walk the whole keyspace), admin commands (CONFIG GET would
 * show the read-write token), scripts that may write (EVAL, EVALSHA, FCALL) and
 * PUBLISH. EVAL_RO, FCALL_RO and everything read-only stay allowed.
 */
import { WorkersErr, type Engine } from '../../src/index.js'
import { resolveCommand } from './slots.js'

const REFUSED = new Set(['keys', 'scan', 'eval', 'evalsha', 'fcall', 'publish', 'spublish'])

/** The refusal for a read-only client, or null when the command may run. */
export function readOnlyRefusal(engine: Engine, argv: readonly string[]): string | null {
  const cmd = resolveCommand(engine, argv)
  if (cmd === undefined) return null
  const top = cmd.parent ?? cmd
  if (cmd.isWrite || cmd.isAdmin || REFUSED.has(top.name)) {
    return WorkersErr.readOnly(cmd.fullName)
  }
  return null
}
