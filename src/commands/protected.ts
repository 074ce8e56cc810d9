/**
 * Redis 7's gates on DEBUG and MODULE LOAD/LOADEX/UNLOAD (CMD_PROTECTED): `enable-debug-command` and
 * `enable-module-command` are no, yes, or local (loopback clients only). Checked right after the arity.
 */
import type { Engine } from '../engine.js'
import { DebugErr } from '../errors.js'
import type { Session } from '../session.js'

/**
 * A loopback TCP client, or a session with no network peer (in-process, scripts). WebSocket and REST
 * sessions come over the network without an address the engine knows: not local.
 */
export function isLocalSession(s: Session): boolean {
  if (s.kind === 'inprocess' || s.kind === 'script') return true
  if (s.kind !== 'tcp') return false
  return s.addr.startsWith('127.') || s.addr.startsWith('[::1]:')
}

/** Why the session may not run a command protected by `setting`, or null when it may. */
export function protectedRefusal(engine: Engine, s: Session, setting: string): string | null {
  const mode = engine.config.get(setting)
  if (mode === 'yes' || (mode === 'local' && isLocalSession(s))) return null
  return setting === 'enable-debug-command' ? DebugErr.debugNotAllowed : DebugErr.moduleNotAllowed
}
