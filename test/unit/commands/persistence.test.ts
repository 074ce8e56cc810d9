import { describe, expect, test } from 'vitest'
import { installPersistence } from '../../../src/commands/persistence.js'
import type { BgsaveResult, DeniedWrites, PersistenceHost, PersistenceStatus, RewriteResult, SaveResult, ShutdownOptions, ShutdownResult } from '../../../src/core/persistence.js'
import { SnapshotJob } from '../../../src/core/persistence.js'
import { testEngine, T0 } from '../../helpers/engine.js'
import { arity, err, OK, SYNTAX } from '../../helpers/resp-text.js'

const noHost = (cmd: string): string => err(`ERR ${cmd} is not available: this engine has no persistence (redlet-server and startServer provide it)`)

const IDLE: PersistenceStatus = {
  rdbBgsaveInProgress: false,
  rdbLastBgsaveOk: true,
  rdbLastBgsaveTimeSec: -1,
  rdbCurrentBgsaveTimeSec: -1,
  rdbSaves: 0,
  loadKeysLoaded: 0,
  loadKeysExpired: 0,
  aofEnabled: false,
  aofRewriteInProgress: false,
  aofRewriteScheduled: false,
  aofLastRewriteTimeSec: -1,
  aofCurrentRewriteTimeSec: -1,
  aofLastBgrewriteOk: true,
  aofRewrites: 0,
  aofRewritesConsecutiveFailures: 0,
  aofLastWriteOk: true,
  aofCurrentSize: 0,
  aofBaseSize: 0,
  aofPendingRewrite: false,
  aofBufferLength: 0,
  saveKeysProcessed: 0,
  saveKeysTotal: 0,
}

/** A host that answers as told and records what it was asked. */
class FakeHost implements PersistenceHost {
  calls: string[] = []
  saveResult: SaveResult = 'ok'
  bgsaveResult: BgsaveResult = 'started'
  rewriteResult: RewriteResult = 'started'
  shutdownResult: ShutdownResult = 'ok'
  denied: DeniedWrites | null = null
  capture: SnapshotJob | null = null
  info: PersistenceStatus = { ...IDLE }
  shutdownOptions: ShutdownOptions | null = null

  save(): SaveResult {
    this.calls.push('save')
    return this.saveResult
  }
  bgsave(schedule: boolean, inExec: boolean): BgsaveResult {
    this.calls.push(`bgsave ${schedule} ${inExec}`)
    return this.bgsaveResult
  }
  bgrewriteaof(inExec: boolean): RewriteResult {
    this.calls.push(`bgrewriteaof ${inExec}`)
    return this.rewriteResult
  }
  shutdown(o: ShutdownOptions): ShutdownResult {
    this.calls.push('shutdown')
    this.shutdownOptions = o
    return o.abort === true ? 'not-shutting-down' : this.shutdownResult
  }
  flushedAll(): void {
    this.calls.push('flushedAll')
  }
  deniedWrites(): DeniedWrites | null {
    return this.denied
  }
  status(): PersistenceStatus {
    return this.info
  }
  holdReplies(): boolean {
    return false
  }
}

function withHost(): { c: ReturnType<ReturnType<typeof testEngine>['client']>; host: FakeHost; t: ReturnType<typeof testEngine> } {
  const t = testEngine()
  const host = new FakeHost()
  installPersistence(t.engine, host)
  return { c: t.client(), host, t }
}

describe('SAVE', () => {
  test('replies as the host did', () => {
    const { c, host } = withHost()
    expect(c('SAVE')).toBe(OK)
    host.saveResult = 'in-progress'
    expect(c('SAVE')).toBe(err('ERR Background save already in progress'))
    host.saveResult = 'failed'
    expect(c('SAVE')).toBe(err('ERR'))
    expect(host.calls).toEqual(['save', 'save', 'save'])
  })

  test('errors: arity, inside MULTI, no persistence', () => {
    const { c } = withHost()
    expect(c('SAVE', 'x')).toBe(arity('save'))
    c('MULTI')
    expect(c('SAVE')).toBe(err('ERR Command not allowed inside a transaction'))
    c('DISCARD')
    expect(testEngine().client()('SAVE')).toBe(noHost('SAVE'))
  })
})

describe('BGSAVE', () => {
  test('started, scheduled, already running, another job running', () => {
    const { c, host } = withHost()
    expect(c('BGSAVE')).toBe('+Background saving started\r\n')
    host.bgsaveResult = 'scheduled'
    expect(c('BGSAVE', 'SCHEDULE')).toBe('+Background saving scheduled\r\n')
    host.bgsaveResult = 'in-progress'
    expect(c('BGSAVE')).toBe(err('ERR Background save already in progress'))
    host.bgsaveResult = 'busy'
    expect(c('BGSAVE')).toBe(
      err("ERR Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible."),
    )
    expect(host.calls).toEqual(['bgsave false false', 'bgsave true false', 'bgsave false false', 'bgsave false false'])
  })

  test('inside EXEC the host is told, as Redis only schedules there', () => {
    const { c, host } = withHost()
    c('MULTI')
    c('BGSAVE')
    host.bgsaveResult = 'scheduled'
    expect(c('EXEC')).toBe('*1\r\n+Background saving scheduled\r\n')
    expect(host.calls).toEqual(['bgsave false true'])
  })

  test('errors: syntax, no persistence', () => {
    const { c, host } = withHost()
    expect(c('BGSAVE', 'NOW')).toBe(SYNTAX)
    expect(c('BGSAVE', 'SCHEDULE', 'SCHEDULE')).toBe(SYNTAX)
    expect(host.calls).toEqual([])
    expect(testEngine().client()('BGSAVE')).toBe(noHost('BGSAVE'))
  })
})

describe('BGREWRITEAOF', () => {
  test('started, scheduled, already running, failed', () => {
    const { c, host } = withHost()
    expect(c('BGREWRITEAOF')).toBe('+Background append only file rewriting started\r\n')
    host.rewriteResult = 'scheduled'
    expect(c('BGREWRITEAOF')).toBe('+Background append only file rewriting scheduled\r\n')
    host.rewriteResult = 'in-progress'
    expect(c('BGREWRITEAOF')).toBe(err('ERR Background append only file rewriting already in progress'))
    host.rewriteResult = 'failed'
    expect(c('BGREWRITEAOF')).toBe(err("ERR Can't execute an AOF background rewriting. Please check the server logs for more information."))
    c('MULTI')
    c('BGREWRITEAOF')
    c('EXEC')
    expect(host.calls.slice(-1)).toEqual(['bgrewriteaof true'])
  })

  test('errors: arity, no persistence', () => {
    const { c } = withHost()
    expect(c('BGREWRITEAOF', 'x')).toBe(arity('bgrewriteaof'))
    expect(testEngine().client()('BGREWRITEAOF')).toBe(noHost('BGREWRITEAOF'))
  })
})

describe('SHUTDOWN', () => {
  test('no reply when the server goes away; the flags reach the host', () => {
    const { c, host } = withHost()
    expect(c('SHUTDOWN')).toBe('')
    expect(host.shutdownOptions).toEqual({})
    expect(c('shutdown', 'nosave', 'NOW', 'force')).toBe('')
    expect(host.shutdownOptions).toEqual({ nosave: true, now: true, force: true })
    expect(c('SHUTDOWN', 'SAVE', 'SAVE')).toBe('')
    expect(host.shutdownOptions).toEqual({ save: true })
  })

  test('a failed save keeps the server up', () => {
    const { c, host } = withHost()
    host.shutdownResult = 'failed'
    expect(c('SHUTDOWN', 'SAVE')).toBe(err('ERR Errors trying to SHUTDOWN. Check logs.'))
  })

  test('ABORT: there is never a shutdown to abort', () => {
    const { c } = withHost()
    expect(c('SHUTDOWN', 'ABORT')).toBe(err('ERR No shutdown in progress.'))
    expect(c('SHUTDOWN', 'abort', 'ABORT')).toBe(err('ERR No shutdown in progress.'))
    expect(testEngine().client()('SHUTDOWN', 'ABORT')).toBe(err('ERR No shutdown in progress.'))
  })

  test('errors: syntax, inside MULTI, no persistence', () => {
    const { c, host } = withHost()
    for (const args of [['NOSAVE', 'SAVE'], ['ABORT', 'NOW'], ['FORCE', 'ABORT'], ['ABORT', 'NOSAVE'], ['SAVE', 'ABORT'], ['later']]) {
      expect(c('SHUTDOWN', ...args), args.join(' ')).toBe(SYNTAX)
    }
    c('MULTI')
    expect(c('SHUTDOWN')).toBe(err('ERR Command not allowed inside a transaction'))
    c('DISCARD')
    expect(host.calls).toEqual([])
    expect(testEngine().client()('SHUTDOWN', 'NOSAVE')).toBe(noHost('SHUTDOWN'))
  })
})

describe('writes and the host', () => {
  test('writes are refused while the host says so (MISCONF); reads go on', () => {
    const { c, host } = withHost()
    c('SET', 'k', 'v')
    host.denied = { kind: 'rdb' }
    expect(c('SET', 'k', 'w')).toBe(
      err(
        "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. Commands that may modify the data set are disabled, because this instance is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB error.",
      ),
    )
    host.denied = { kind: 'aof', reason: 'ENOSPC: no space left on device' }
    expect(c('DEL', 'k')).toBe(err('MISCONF Errors writing to the AOF file: ENOSPC: no space left on device'))
    expect(c('GET', 'k')).toBe('$1\r\nv\r\n')
    // PING too, as Redis does
    expect(c('PING')).toBe(err('MISCONF Errors writing to the AOF file: ENOSPC: no space left on device'))
    host.denied = null
    expect(c('PING')).toBe('+PONG\r\n')
    expect(c('SET', 'k', 'w')).toBe(OK)
  })

  test('FLUSHALL tells the host', () => {
    const { c, host } = withHost()
    c('FLUSHALL')
    expect(host.calls).toEqual(['flushedAll'])
  })

  test('a background snapshot sees every key a write is about to change, other databases of MOVE and COPY included', () => {
    const { c, host, t } = withHost()
    c('SET', 'a', '1')
    c('SET', 'b', '2')
    const job = new SnapshotJob(t.engine.dbs)
    host.capture = job
    c('SET', 'a', 'changed')
    c('MOVE', 'b', 5)
    c('COPY', 'a', 'c', 'DB', 7)
    c('SET', 'new', 'x')
    expect(job.processed).toBe(2)
    job.step(Infinity)
    expect(job.processed).toBe(2)
  })

  test('uninstalling leaves the engine as it was', () => {
    const t = testEngine()
    const off = installPersistence(t.engine, new FakeHost())
    off()
    expect(t.engine.persistence).toBe(null)
    expect(t.engine.beforeWrite).toBe(null)
    expect(t.client()('SAVE')).toBe(noHost('SAVE'))
  })
})

describe('INFO persistence', () => {
  const field = (info: string, name: string): string | undefined => new RegExp(`\\r\\n${name}:([^\\r]*)\\r\\n`).exec(info)?.[1]

  test('without persistence: nothing in progress, LASTSAVE is the start time', () => {
    const t = testEngine()
    const c = t.client()
    c('SET', 'k', 'v')
    const info = c('INFO', 'persistence')
    expect(field(info, 'rdb_changes_since_last_save')).toBe('1')
    expect(field(info, 'rdb_last_save_time')).toBe(String(Math.floor(T0 / 1000)))
    expect(field(info, 'rdb_bgsave_in_progress')).toBe('0')
    expect(field(info, 'aof_enabled')).toBe('0')
    expect(field(info, 'aof_current_size')).toBe(undefined)
    expect(c('LASTSAVE')).toBe(`:${Math.floor(T0 / 1000)}\r\n`)
  })

  test("the host's figures, with the AOF fields when it is on", () => {
    const { c, host } = withHost()
    host.info = {
      ...IDLE,
      rdbBgsaveInProgress: true,
      rdbLastBgsaveOk: false,
      rdbCurrentBgsaveTimeSec: 3,
      rdbSaves: 4,
      saveKeysProcessed: 25,
      saveKeysTotal: 200,
      aofEnabled: true,
      aofLastWriteOk: false,
      aofCurrentSize: 1234,
      aofBaseSize: 1000,
      aofBufferLength: 17,
      loadKeysLoaded: 9,
    }
    const info = c('INFO', 'persistence')
    const want: Record<string, string> = {
      rdb_bgsave_in_progress: '1',
      rdb_last_bgsave_status: 'err',
      rdb_current_bgsave_time_sec: '3',
      rdb_saves: '4',
      current_fork_perc: '12.50',
      current_save_keys_processed: '25',
      current_save_keys_total: '200',
      rdb_last_load_keys_loaded: '9',
      aof_enabled: '1',
      aof_last_write_status: 'err',
      aof_current_size: '1234',
      aof_base_size: '1000',
      aof_buffer_length: '17',
      aof_pending_rewrite: '0',
      aof_delayed_fsync: '0',
    }
    for (const [k, v] of Object.entries(want)) expect(field(info, k), k).toBe(v)
    const names = [...info.matchAll(/\r\n([a-z_]+):/g)].map((m) => m[1])
    expect(names.slice(0, 3)).toEqual(['loading', 'async_loading', 'current_cow_peak'])
    expect(names.slice(-6)).toEqual(['aof_current_size', 'aof_base_size', 'aof_pending_rewrite', 'aof_buffer_length', 'aof_pending_bio_fsync', 'aof_delayed_fsync'])
  })
})
