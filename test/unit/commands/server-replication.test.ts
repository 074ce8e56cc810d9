import { describe, expect, test } from 'vitest'
import { testEngine } from '../../helpers/engine.js'

describe('ROLE', () => {
  test('a master without replicas, in both protocols', () => {
    const t = testEngine()
    expect(t.client()('ROLE')).toBe('*3\r\n$6\r\nmaster\r\n:0\r\n*0\r\n')
    expect(t.client({ proto: 3 })('ROLE')).toBe('*3\r\n$6\r\nmaster\r\n:0\r\n*0\r\n')
    t.client()('SET', 'k', 'v')
    expect(t.client()('ROLE')).toBe('*3\r\n$6\r\nmaster\r\n:0\r\n*0\r\n')
    expect(t.client()('ROLE', 'x')).toBe("-ERR wrong number of arguments for 'role' command\r\n")
  })
})

describe('WAIT', () => {
  test('no replica is needed: 0 at once', () => {
    const c = testEngine().client({ blocking: true })
    expect(c('WAIT', '0', '0')).toBe(':0\r\n')
    expect(c('WAIT', '0', '100')).toBe(':0\r\n')
    expect(c('WAIT', '-1', '0')).toBe(':0\r\n')
  })

  test('replicas wanted: blocks until the timeout, then 0', () => {
    const t = testEngine()
    const w = t.client({ blocking: true })
    expect(w('WAIT', '1', '100')).toBe('')
    t.clock.advance(100)
    t.engine.tick()
    expect(w.pending()).toBe('')
    t.clock.advance(1)
    t.engine.tick()
    expect(w.pending()).toBe(':0\r\n')
  })

  test('timeout 0 waits for ever; CLIENT UNBLOCK ends it with 0, or the error', () => {
    const t = testEngine()
    const admin = t.client()
    const w = t.client({ blocking: true })
    expect(w('WAIT', '2', '0')).toBe('')
    t.clock.advance(1_000_000)
    t.engine.tick()
    expect(w.pending()).toBe('')
    expect(admin('CLIENT', 'UNBLOCK', String(w.session.id))).toBe(':1\r\n')
    expect(w.pending()).toBe(':0\r\n')
    expect(w('WAIT', '1', '0')).toBe('')
    expect(admin('CLIENT', 'UNBLOCK', String(w.session.id), 'ERROR')).toBe(':1\r\n')
    expect(w.pending()).toBe('-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n')
  })

  test('inside MULTI, and on a client that cannot block, it answers at once', () => {
    const t = testEngine()
    const c = t.client({ blocking: true })
    c('MULTI')
    expect(c('WAIT', '1', '0')).toBe('+QUEUED\r\n')
    expect(c('EXEC')).toBe('*1\r\n:0\r\n')
    expect(t.client()('WAIT', '1', '0')).toBe(':0\r\n')
  })

  test('errors: numreplicas first, then the timeout', () => {
    const c = testEngine().client({ blocking: true })
    expect(c('WAIT', 'x', 'x')).toBe('-ERR value is not an integer or out of range\r\n')
    expect(c('WAIT', 'x', '0')).toBe('-ERR value is not an integer or out of range\r\n')
    expect(c('WAIT', '0', 'x')).toBe('-ERR timeout is not an integer or out of range\r\n')
    expect(c('WAIT', '0', '0.5')).toBe('-ERR timeout is not an integer or out of range\r\n')
    expect(c('WAIT', '0', '99999999999999999999')).toBe('-ERR timeout is not an integer or out of range\r\n')
    expect(c('WAIT', '0', '-1')).toBe('-ERR timeout is negative\r\n')
    expect(c('WAIT', '1')).toBe("-ERR wrong number of arguments for 'wait' command\r\n")
  })
})
