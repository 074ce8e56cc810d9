import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { describeDiff, useDifferential, type DiffPair } from '../helpers/differential.js'

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

async function field(p: DiffPair, name: string): Promise<[string, string]> {
  const [a, b] = await p.both('INFO', 'persistence')
  const get = (buf: Buffer): string => new RegExp(`\\r\\n${name}:([^\\r]*)\\r\\n`).exec(buf.toString('latin1'))?.[1] ?? ''
  return [get(a), get(b)]
}

/** Waits until neither server runs or has scheduled a background job (three quiet looks in a row). */
async function idle(p: DiffPair): Promise<void> {
  const deadline = Date.now() + 15000
  let quiet = 0
  while (quiet < 3) {
    if (Date.now() > deadline) throw new Error('background jobs did not finish')
    const busy = (
      await Promise.all(['rdb_bgsave_in_progress', 'aof_rewrite_in_progress', 'aof_rewrite_scheduled'].map((f) => field(p, f)))
    ).some(([a, b]) => a !== '0' || b !== '0')
    quiet = busy ? 0 : quiet + 1
    await sleep(150)
  }
}

describeDiff('persistence commands against redis-server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'redlet-diff-persist-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const d = useDifferential({ redlet: { config: { dir } } })

  test('SAVE and LASTSAVE', async () => {
    await d.same('SET', 'k', 'v')
    await d.same('SAVE')
    await d.sameApprox(2, 'LASTSAVE')
    expect(await field(d, 'rdb_changes_since_last_save')).toEqual(['0', '0'])
    await d.sameError('SAVE', 'extra')
    await d.sameError('LASTSAVE', 'extra')
    await d.same('MULTI')
    await d.sameError('SAVE')
    await d.sameError('EXEC')
  })

  test('BGSAVE: started, then busy while it runs', async () => {
    await d.same('SET', 'k', 'v')
    await d.same('BGSAVE')
    await idle(d)
    expect(await field(d, 'rdb_last_bgsave_status')).toEqual(['ok', 'ok'])
    await d.sameError('BGSAVE', 'NOW')
    await d.sameError('BGSAVE', 'SCHEDULE', 'SCHEDULE')
    // rdb-key-save-delay (µs per key) keeps the save running while we look
    await d.same('CONFIG', 'SET', 'rdb-key-save-delay', '400000')
    await d.same('BGSAVE')
    await d.sameError('BGSAVE')
    await d.sameError('BGSAVE', 'SCHEDULE')
    await d.sameError('SAVE')
    await d.same('BGREWRITEAOF')
    expect(await field(d, 'rdb_bgsave_in_progress')).toEqual(['1', '1'])
    expect(await field(d, 'aof_rewrite_scheduled')).toEqual(['1', '1'])
    await d.same('CONFIG', 'SET', 'rdb-key-save-delay', '0')
    await idle(d)
    expect(await field(d, 'aof_last_bgrewrite_status')).toEqual(['ok', 'ok'])
  })

  test('BGREWRITEAOF: started, then BGSAVE waits for it', async () => {
    await d.same('SET', 'k', 'v')
    await d.same('BGREWRITEAOF')
    await idle(d)
    await d.sameError('BGREWRITEAOF', 'extra')
    await d.same('CONFIG', 'SET', 'rdb-key-save-delay', '400000')
    await d.same('BGREWRITEAOF')
    await d.sameError('BGREWRITEAOF')
    await d.sameError('BGSAVE')
    await d.same('BGSAVE', 'SCHEDULE')
    expect(await field(d, 'aof_rewrite_in_progress')).toEqual(['1', '1'])
    await d.same('CONFIG', 'SET', 'rdb-key-save-delay', '0')
    await idle(d)
  })

  test('inside a transaction both are only scheduled', async () => {
    await d.same('MULTI')
    await d.same('BGSAVE')
    await d.same('BGREWRITEAOF')
    await d.same('BGSAVE', 'SCHEDULE')
    await d.same('EXEC')
    await idle(d)
  })

  test('FLUSHALL stops a BGSAVE', async () => {
    await d.same('SET', 'k', 'v')
    await d.same('CONFIG', 'SET', 'rdb-key-save-delay', '1000000')
    await d.same('BGSAVE')
    await d.same('FLUSHALL')
    await d.same('CONFIG', 'SET', 'rdb-key-save-delay', '0')
    await idle(d)
    expect(await field(d, 'rdb_last_bgsave_status')).toEqual(['ok', 'ok'])
  })

  test('SHUTDOWN errors', async () => {
    await d.sameError('SHUTDOWN', 'ABORT')
    await d.sameError('SHUTDOWN', 'abort', 'ABORT')
    await d.sameError('SHUTDOWN', 'NOSAVE', 'SAVE')
    await d.sameError('SHUTDOWN', 'ABORT', 'NOW')
    await d.sameError('SHUTDOWN', 'FORCE', 'ABORT')
    await d.sameError('SHUTDOWN', 'SAVE', 'ABORT')
    await d.sameError('SHUTDOWN', 'ABORT', 'NOSAVE')
    await d.sameError('SHUTDOWN', 'NOW', 'ABORT', 'FORCE')
    await d.sameError('SHUTDOWN', 'NOW', 'NOSAVE', 'SAVE')
    await d.sameError('SHUTDOWN', 'later')
    await d.same('MULTI')
    await d.sameError('SHUTDOWN', 'NOSAVE')
    await d.sameError('EXEC')
  })
})

describeDiff('persistence when the disk fails, against redis-server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'redlet-diff-persist-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const d = useDifferential({ redlet: { config: { dir } }, keepData: true })

  test('a failed SAVE, a failed BGSAVE, then writes refused under save rules; SHUTDOWN cannot save', async () => {
    await d.same('SET', 'k', 'v')
    // each server's directory goes away (redis-server keeps its working directory, now deleted)
    rmSync(d.oracle.dir, { recursive: true, force: true })
    rmSync(dir, { recursive: true, force: true })
    await d.sameError('SAVE')
    await d.same('BGSAVE')
    await idle(d)
    expect(await field(d, 'rdb_last_bgsave_status')).toEqual(['err', 'err'])
    await d.same('SET', 'k', 'w')
    await d.same('CONFIG', 'SET', 'save', '3600 1')
    await d.sameError('SET', 'k', 'x')
    await d.sameError('INCR', 'n')
    await d.same('GET', 'k')
    await d.sameError('SHUTDOWN')
    await d.sameError('SHUTDOWN', 'SAVE')
    await d.sameError('PING')
  })

  test('SHUTDOWN NOSAVE ends both servers without a reply', async () => {
    await d.same('CONFIG', 'SET', 'save', '')
    d.redis.send('SHUTDOWN', 'NOSAVE')
    d.redlet.send('SHUTDOWN', 'NOSAVE')
    expect(await Promise.all([d.redis.waitClosed(), d.redlet.waitClosed()])).toEqual([true, true])
  })
})
