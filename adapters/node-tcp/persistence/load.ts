/** Loading at start: snapshot bytes into the databases, AOF commands replayed through the engine. */
import { CodecError, isRdbFile, prepareRdbRestore, prepareRestore, RdbError, Session, type Clock, type Command, type Engine, type RestoreStep } from '../../../src/index.js'

/** The data on disk cannot be trusted or read: the server refuses to start, saying why. */
export class PersistenceLoadError extends Error {
  override name = 'PersistenceLoadError'
}

function startsWith(bytes: Uint8Array, magic: string): boolean {
  if (bytes.length < magic.length) return false
  for (let i = 0; i < magic.length; i++) if (bytes[i] !== magic.charCodeAt(i)) return false
  return true
}

/**
 * Replaces the data with a snapshot file: redlet's own format (what SAVE and
 * AOF rewrites write) or a Redis RDB file (a dump.rdb brought over from
 * redis-server); `what` names the file in errors.
 */
export function loadSnapshotBytes(engine: Engine, bytes: Uint8Array, what: string): { keys: number; expired: number } {
  const rdb = isRdbFile(bytes)
  if (!rdb && !startsWith(bytes, 'REDLET')) throw new PersistenceLoadError(`${what} is neither an RDB file nor a redlet snapshot (wrong signature)`)
  const counts = { expired: 0 }
  let load: RestoreStep
  try {
    load = rdb ? prepareRdbRestore(engine.dbs, bytes, engine.limits, engine.clock.now(), counts) : prepareRestore(engine.dbs, bytes, engine.limits, engine.clock.now(), counts)
  } catch (e) {
    if (e instanceof CodecError || e instanceof RdbError) throw new PersistenceLoadError(`${what} is damaged or unsupported (${e.message}): refusing to start with it`)
    throw e
  }
  const keys = load()
  const failed = engine.loadFunctionLibraries(load.libraries)
  if (failed.length !== 0) throw new PersistenceLoadError(`${what} holds function libraries that did not load: ${failed.join('; ')}`)
  return { keys, expired: counts.expired }
}

/** Runs the commands of one AOF file as a client without a connection would; SELECT switches its database. */
export function replayInto(engine: Engine, file: string): (argv: string[]) => void {
  const session = new Session(0, { write: () => {} }, engine.clock.now(), { kind: 'script' })
  session.authenticated = true
  return (argv) => {
    const name = argv[0] as string
    if (name.length === 6 && name.toLowerCase() === 'select') {
      const n = Number(argv[1])
      if (argv.length !== 2 || !Number.isInteger(n) || n < 0 || n >= engine.dbs.length) throw new PersistenceLoadError(`Bad SELECT in the append only file ${file}: ${argv.slice(1).join(' ')}`)
      session.db = n
      return
    }
    let cmd: Command | undefined = engine.lookup(name)
    if (cmd !== undefined && cmd.subs !== null && argv.length >= 2) cmd = cmd.subs.get((argv[1] as string).toLowerCase())
    if (cmd === undefined) throw new PersistenceLoadError(`Unknown command '${name}' reading the append only file ${file}`)
    const arity = cmd.arity
    if ((arity > 0 && argv.length !== arity) || argv.length < -arity) throw new PersistenceLoadError(`Wrong number of arguments for '${cmd.fullName}' in the append only file ${file}`)
    engine.execute(session, cmd, argv)
  }
}

/**
 * Runs `fn` (a load) and then puts the command statistics back: replayed
 * commands are not client calls (INFO commandstats, total_commands_processed).
 */
export function withoutStats<T>(engine: Engine, fn: () => T): T {
  const saved = engine.commandStats.save()
  const s = engine.stats
  const before = { commands: s.commands, errorReplies: s.errorReplies, errors: new Map(s.errors), expired: s.expiredKeys }
  try {
    return fn()
  } finally {
    engine.commandStats.restore(saved)
    s.commands = before.commands
    s.errorReplies = before.errorReplies
    s.errors.clear()
    for (const [k, v] of before.errors) s.errors.set(k, v)
    s.expiredKeys = before.expired
  }
}

/**
 * Runs `fn` with the engine's clock stopped at 0, so that nothing expires while
 * an AOF replays: Redis neither expires keys nor deletes on a past PEXPIREAT
 * while loading, and the writes of a key that expired later are in the log,
 * followed by its DEL. Keys already past their time expire once loaded.
 */
export function withClockStopped<T>(engine: Engine, fn: () => T): T {
  // the clock is fixed at construction; only loading swaps it, and puts it back
  const e = engine as unknown as { clock: Clock }
  const real = e.clock
  e.clock = { now: () => 0 }
  try {
    return fn()
  } finally {
    e.clock = real
  }
}
