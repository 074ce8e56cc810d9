// https://redis.io/commands/?group=server (SAVE, BGSAVE, BGREWRITEAOF, SHUTDOWN)
/**
 * Persistence commands. They call the host an adapter installs as
 * `engine.persistence` (node-tcp: files under `dir`). Without one (in-process,
 * Workers) there is no disk and no process to stop: SAVE, BGSAVE, BGREWRITEAOF
 * and SHUTDOWN reply `PersistErr.noHost`; argument errors and SHUTDOWN ABORT
 * still reply as Redis does.
 */
import type { PersistenceHost, ShutdownOptions } from '../core/persistence.js'
import type { Engine } from '../engine.js'
import { CommandError, Err, PersistErr } from '../errors.js'
import { error, OK, simple } from '../resp/types.js'
import { is } from './args.js'
import type { CommandContext } from './context.js'
import { defineCommand, keyPositions, type Command, type CommandSpec } from './define.js'
import { arg } from './server-command-docs.js'

function hostOf(ctx: CommandContext, command: string): PersistenceHost {
  const host = ctx.engine.persistence
  if (host === null) throw new CommandError(PersistErr.noHost(command))
  return host
}

export const bgrewriteaofCommand = defineCommand({
  name: 'bgrewriteaof',
  group: 'server',
  since: '1.0.0',
  summary: 'Rewrites the append-only file in the background, as a snapshot plus the writes since.',
  complexity: 'O(1)',
  arity: 1,
  flags: ['admin', 'noscript', 'no_async_loading'],
  run: (ctx) => {
    // inside EXEC Redis only schedules the rewrite
    switch (hostOf(ctx, 'BGREWRITEAOF').bgrewriteaof(ctx.nested)) {
      case 'started':
        return simple('Background append only file rewriting started')
      case 'scheduled':
        return simple('Background append only file rewriting scheduled')
      case 'in-progress':
        return error(PersistErr.rewriteInProgress)
      case 'failed':
        return error(PersistErr.rewriteFailed)
    }
  },
})

export const bgsaveCommand = defineCommand({
  name: 'bgsave',
  group: 'server',
  since: '1.0.0',
  summary: 'Saves a snapshot of the data set in the background.',
  complexity: 'O(1)',
  arity: -1,
  flags: ['admin', 'noscript', 'no_async_loading'],
  options: ['SCHEDULE'],
  history: [['3.2.2', 'Added the `SCHEDULE` option.']],
  arguments: [arg.token('SCHEDULE', { since: '3.2.2', optional: true })],
  run: (ctx, args) => {
    let schedule = false
    if (args.length > 0) {
      if (args.length !== 1 || !is(args[0] as string, 'schedule')) throw new CommandError(Err.syntax)
      schedule = true
    }
    // inside EXEC Redis schedules the save as if SCHEDULE were given
    switch (hostOf(ctx, 'BGSAVE').bgsave(schedule, ctx.nested)) {
      case 'started':
        return simple('Background saving started')
      case 'scheduled':
        return simple('Background saving scheduled')
      case 'in-progress':
        return error(PersistErr.bgsaveInProgress)
      case 'busy':
        return error(PersistErr.bgsaveBusy)
    }
  },
})

export const saveCommand = defineCommand({
  name: 'save',
  group: 'server',
  since: '1.0.0',
  summary: 'Saves a snapshot of the data set before replying.',
  complexity: 'O(N) where N is the total number of keys in all databases',
  arity: 1,
  flags: ['admin', 'noscript', 'no_async_loading', 'no_multi'],
  run: (ctx) => {
    switch (hostOf(ctx, 'SAVE').save()) {
      case 'ok':
        return OK
      case 'in-progress':
        return error(PersistErr.bgsaveInProgress)
      case 'failed':
        return error(PersistErr.saveFailed)
    }
  },
})

const SHUTDOWN_FLAGS = ['nosave', 'save', 'now', 'force', 'abort'] as const

export const shutdownCommand = defineCommand({
  name: 'shutdown',
  group: 'server',
  since: '1.0.0',
  summary: 'Saves the data set as configured, then stops the server.',
  complexity: 'O(N) when saving, where N is the total number of keys in all databases when saving data, otherwise O(1)',
  arity: -1,
  flags: ['admin', 'noscript', 'loading', 'stale', 'no_multi', 'allow_busy'],
  options: ['NOSAVE', 'SAVE', 'NOW', 'FORCE', 'ABORT'],
  history: [['7.0.0', 'Added the `NOW`, `FORCE` and `ABORT` modifiers.']],
  arguments: [
    arg.oneof('nosave_save', [arg.token('NOSAVE'), arg.token('SAVE')], { optional: true }),
    arg.token('NOW', { since: '7.0.0', optional: true }),
    arg.token('FORCE', { since: '7.0.0', optional: true }),
    arg.token('ABORT', { since: '7.0.0', optional: true }),
  ],
  run: (ctx, args) => {
    const o: ShutdownOptions = {}
    for (const a of args) {
      const flag = SHUTDOWN_FLAGS.find((f) => is(a, f))
      if (flag === undefined) throw new CommandError(Err.syntax)
      o[flag] = true
    }
    if ((o.abort === true && (o.nosave === true || o.save === true || o.now === true || o.force === true)) || (o.nosave === true && o.save === true)) {
      throw new CommandError(Err.syntax)
    }
    // nothing here makes a shutdown wait (no replicas), so there is never one to abort
    if (o.abort === true) {
      const host = ctx.engine.persistence
      if (host === null || host.shutdown(o) !== 'ok') throw new CommandError(PersistErr.noShutdown)
      return OK
    }
    if (hostOf(ctx, 'SHUTDOWN').shutdown(o) === 'failed') throw new CommandError(PersistErr.shutdownFailed)
    // the server is going away: no reply, and nothing after it on this connection runs
    ctx.session.closing = true
    return undefined
  },
})

/** In redis.io order. */
export const persistenceCommands: readonly CommandSpec[] = [bgrewriteaofCommand, bgsaveCommand, saveCommand, shutdownCommand]

// ---- wiring ----

const WHOLE_DB = new Set(['flushall', 'flushdb', 'swapdb'])

/**
 * Installs a persistence host on an engine: the commands find it, and every
 * write first passes through it, so that a background save keeps what the write
 * is about to change, and so that writes are refused while the last save or
 * AOF write failed (MISCONF). Returns a function that uninstalls it.
 */
export function installPersistence(engine: Engine, host: PersistenceHost): () => void {
  engine.persistence = host
  const hook = (cmd: Command, argv: readonly string[], db: number): void => {
    refuseWhenDiskFails(engine)
    const job = host.capture
    if (job === null) return
    const name = cmd.parent?.name ?? cmd.name
    if (WHOLE_DB.has(name)) return job.touchAll()
    for (const i of keyPositions(cmd, argv)) job.touch(db, argv[i] as string)
    // the other database of MOVE and COPY ... DB
    if (name === 'move') job.touch(Number(argv[2]), argv[1] as string)
    else if (name === 'copy') {
      for (let i = 3; i + 1 < argv.length; i++) if (is(argv[i] as string, 'db')) job.touch(Number(argv[i + 1]), argv[2] as string)
    }
  }
  engine.beforeWrite = hook
  return () => {
    if (engine.persistence === host) engine.persistence = null
    if (engine.beforeWrite === hook) engine.beforeWrite = null
  }
}

/** MISCONF while the last save (under save rules) or AOF write failed: writes, and PING as Redis does, are refused. */
export function refuseWhenDiskFails(engine: Engine): void {
  const denied = engine.persistence?.deniedWrites() ?? null
  if (denied !== null) throw new CommandError(denied.kind === 'rdb' ? PersistErr.misconfRdb : PersistErr.misconfAof(denied.reason))
}

type Fields = [name: string, value: string | number][]

/** INFO's persistence section, with 7.0.15's field names. */
export function persistenceFields(e: Engine): Fields {
  const p = e.persistence?.status() ?? null
  const ok = (b: boolean | undefined): string => (b === false ? 'err' : 'ok')
  const saving = p !== null && (p.rdbBgsaveInProgress || p.aofRewriteInProgress) && p.saveKeysTotal > 0
  const fields: Fields = [
    ['loading', 0],
    ['async_loading', 0],
    ['current_cow_peak', 0],
    ['current_cow_size', 0],
    ['current_cow_size_age', 0],
    ['current_fork_perc', saving && p !== null ? ((p.saveKeysProcessed * 100) / p.saveKeysTotal).toFixed(2) : '0.00'],
    ['current_save_keys_processed', p !== null && saving ? p.saveKeysProcessed : 0],
    ['current_save_keys_total', p !== null && saving ? p.saveKeysTotal : 0],
    ['rdb_changes_since_last_save', e.dirty],
    ['rdb_bgsave_in_progress', p?.rdbBgsaveInProgress === true ? 1 : 0],
    ['rdb_last_save_time', Math.floor(e.lastSave / 1000)],
    ['rdb_last_bgsave_status', ok(p?.rdbLastBgsaveOk)],
    ['rdb_last_bgsave_time_sec', p?.rdbLastBgsaveTimeSec ?? -1],
    ['rdb_current_bgsave_time_sec', p?.rdbCurrentBgsaveTimeSec ?? -1],
    ['rdb_saves', p?.rdbSaves ?? 0],
    ['rdb_last_cow_size', 0],
    ['rdb_last_load_keys_expired', p?.loadKeysExpired ?? 0],
    ['rdb_last_load_keys_loaded', p?.loadKeysLoaded ?? 0],
    ['aof_enabled', (p?.aofEnabled ?? e.config.getBool('appendonly')) ? 1 : 0],
    ['aof_rewrite_in_progress', p?.aofRewriteInProgress === true ? 1 : 0],
    ['aof_rewrite_scheduled', p?.aofRewriteScheduled === true ? 1 : 0],
    ['aof_last_rewrite_time_sec', p?.aofLastRewriteTimeSec ?? -1],
    ['aof_current_rewrite_time_sec', p?.aofCurrentRewriteTimeSec ?? -1],
    ['aof_last_bgrewrite_status', ok(p?.aofLastBgrewriteOk)],
    ['aof_rewrites', p?.aofRewrites ?? 0],
    ['aof_rewrites_consecutive_failures', p?.aofRewritesConsecutiveFailures ?? 0],
    ['aof_last_write_status', ok(p?.aofLastWriteOk)],
    ['aof_last_cow_size', 0],
    ['module_fork_in_progress', 0],
    ['module_fork_last_cow_size', 0],
  ]
  if (p !== null && p.aofEnabled) {
    fields.push(
      ['aof_current_size', p.aofCurrentSize],
      ['aof_base_size', p.aofBaseSize],
      ['aof_pending_rewrite', p.aofPendingRewrite ? 1 : 0],
      ['aof_buffer_length', p.aofBufferLength],
      ['aof_pending_bio_fsync', 0],
      ['aof_delayed_fsync', 0],
    )
  }
  return fields
}
