import { describe, expect, test } from 'vitest'
import { testEngine } from '../../helpers/engine.js'
import { logOf } from '../../helpers/unit.js'

describe('MULTI and EXEC', () => {
  test('queues commands and runs them in order', () => {
    const c = testEngine().client()
    expect(c('MULTI')).toBe('+OK\r\n')
    expect(c('SET', 'a', '1')).toBe('+QUEUED\r\n')
    expect(c('INCR', 'a')).toBe('+QUEUED\r\n')
    expect(c('GET', 'a')).toBe('+QUEUED\r\n')
    expect(c('EXEC')).toBe('*3\r\n+OK\r\n:2\r\n$1\r\n2\r\n')
    expect(c('EXEC')).toBe('-ERR EXEC without MULTI\r\n')
  })

  test('an empty transaction', () => {
    const c = testEngine().client()
    c('MULTI')
    expect(c('EXEC')).toBe('*0\r\n')
  })

  test('runtime errors are replies inside the array; the rest still runs', () => {
    const c = testEngine().client()
    c('SET', 's', 'abc')
    c('MULTI')
    c('INCR', 's')
    c('SET', 'b', '1')
    expect(c('EXEC')).toBe('*2\r\n-ERR value is not an integer or out of range\r\n+OK\r\n')
    expect(c('GET', 'b')).toBe('$1\r\n1\r\n')
  })

  test('queue-time errors abort the transaction with nothing run', () => {
    const c = testEngine().client()
    c('MULTI')
    c('SET', 'a', '1')
    expect(c('NOSUCH', 'x')).toBe("-ERR unknown command 'NOSUCH', with args beginning with: 'x' \r\n")
    expect(c('GET')).toBe("-ERR wrong number of arguments for 'get' command\r\n")
    expect(c('EXEC')).toBe('-EXECABORT Transaction discarded because of previous errors.\r\n')
    expect(c('GET', 'a')).toBe('$-1\r\n')
    expect(c('EXEC')).toBe('-ERR EXEC without MULTI\r\n')
  })

  test('a refused EXEC is an abort and drops the transaction', () => {
    const c = testEngine().client()
    expect(c('EXEC', 'x')).toBe("-EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command\r\n")
    c('MULTI')
    c('SET', 'a', '1')
    expect(c('EXEC', 'x')).toBe("-EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command\r\n")
    expect(c('EXEC')).toBe('-ERR EXEC without MULTI\r\n')
    expect(c('GET', 'a')).toBe('$-1\r\n')
  })

  test('an unauthenticated EXEC names NOAUTH', () => {
    const t = testEngine({ config: { requirepass: 'pw' } })
    expect(t.client()('EXEC')).toBe('-EXECABORT Transaction discarded because of: NOAUTH Authentication required.\r\n')
  })

  test('a subscribed RESP2 client cannot EXEC', () => {
    const c = testEngine().client()
    c('SUBSCRIBE', 'ch')
    expect(c('EXEC')).toBe(
      "-EXECABORT Transaction discarded because of: Can't execute 'exec': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n",
    )
  })

  test('nested MULTI and WATCH inside MULTI are errors that do not abort', () => {
    const c = testEngine().client()
    c('MULTI')
    expect(c('MULTI')).toBe('-ERR MULTI calls can not be nested\r\n')
    expect(c('WATCH', 'x')).toBe('-ERR WATCH inside MULTI is not allowed\r\n')
    c('SET', 'a', '1')
    expect(c('EXEC')).toBe('*1\r\n+OK\r\n')
  })

  test('arity of MULTI', () => {
    const c = testEngine().client()
    expect(c('MULTI', 'x')).toBe("-ERR wrong number of arguments for 'multi' command\r\n")
  })

  test('commands flagged no_multi are refused while queuing', () => {
    const t = testEngine()
    const noMulti = [...t.engine.commands.values()].find((cmd) => cmd.allFlags.includes('no_multi') && cmd.parent === null)
    if (!noMulti) return
    const c = t.client()
    c('MULTI')
    expect(c(noMulti.name)).toBe('-ERR Command not allowed inside a transaction\r\n')
    expect(c('EXEC')).toBe('-EXECABORT Transaction discarded because of previous errors.\r\n')
  })

  test('subcommands named like transaction commands are queued', () => {
    const c = testEngine().client()
    c('MULTI')
    expect(c('PUBSUB', 'NUMPAT')).toBe('+QUEUED\r\n')
    expect(c('EXEC')).toBe('*1\r\n:0\r\n')
  })

  test('SUBSCRIBE inside MULTI subscribes; its frame is the reply', () => {
    const c = testEngine().client()
    c('MULTI')
    c('SUBSCRIBE', 'x')
    expect(c('EXEC')).toBe('*1\r\n*3\r\n$9\r\nsubscribe\r\n$1\r\nx\r\n:1\r\n')
    expect(c('GET', 'k').startsWith("-ERR Can't execute 'get'")).toBe(true)
  })

  test('extra frames follow the array header as Redis writes them', () => {
    // Redis writes *<commands>, then every frame: SUBSCRIBE a b and a message to itself add frames
    const c = testEngine().client({ proto: 3 })
    c('MULTI')
    c('SUBSCRIBE', 'a', 'b')
    c('PUBLISH', 'a', 'hi')
    c('UNSUBSCRIBE')
    expect(c('EXEC')).toBe(
      '*3\r\n>3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n>3\r\n$9\r\nsubscribe\r\n$1\r\nb\r\n:2\r\n' +
        '>3\r\n$7\r\nmessage\r\n$1\r\na\r\n$2\r\nhi\r\n:1\r\n' +
        '>3\r\n$11\r\nunsubscribe\r\n$1\r\na\r\n:1\r\n>3\r\n$11\r\nunsubscribe\r\n$1\r\nb\r\n:0\r\n',
    )
  })

  test('a blocking command inside MULTI does not block', () => {
    const t = testEngine()
    const c = t.client({ blocking: true })
    c('MULTI')
    c('BLPOP', 'list', '0')
    expect(c('EXEC')).toBe('*1\r\n*-1\r\n')
  })

  test('pushes inside EXEC wake waiters after EXEC', () => {
    const t = testEngine()
    const waiter = t.client({ blocking: true })
    const c = t.client()
    expect(waiter('BLPOP', 'list', '0')).toBe('')
    c('MULTI')
    c('RPUSH', 'list', 'a')
    c('LPUSH', 'list', 'b')
    expect(c('EXEC')).toBe('*2\r\n:1\r\n:2\r\n')
    expect(waiter.pending()).toBe('*2\r\n$4\r\nlist\r\n$1\r\nb\r\n')
  })

  test('propagates two or more writes as a MULTI/EXEC block', () => {
    const t = testEngine()
    const log = logOf(t)
    const c = t.client()
    c('MULTI')
    c('SET', 'a', '1')
    c('GET', 'a')
    c('SET', 'b', '2')
    c('EXEC')
    expect(log).toEqual(['multi', 'SET a 1', 'SET b 2', 'exec'])
    log.length = 0
    c('MULTI')
    c('SET', 'a', '3')
    c('GET', 'a')
    c('EXEC')
    expect(log).toEqual(['SET a 3'])
    log.length = 0
    c('MULTI')
    c('GET', 'a')
    c('EXEC')
    expect(log).toEqual([])
  })
})

describe('DISCARD', () => {
  test('drops the queue and the watches', () => {
    const t = testEngine()
    const c = t.client()
    c('WATCH', 'w')
    t.client()('SET', 'w', 'changed')
    c('MULTI')
    c('SET', 'a', '1')
    expect(c('DISCARD')).toBe('+OK\r\n')
    expect(c('GET', 'a')).toBe('$-1\r\n')
    c('MULTI')
    c('SET', 'a', '2')
    expect(c('EXEC')).toBe('*1\r\n+OK\r\n')
  })

  test('errors', () => {
    const c = testEngine().client()
    expect(c('DISCARD')).toBe('-ERR DISCARD without MULTI\r\n')
    c('MULTI')
    expect(c('DISCARD', 'x')).toBe("-ERR wrong number of arguments for 'discard' command\r\n")
    expect(c('EXEC')).toBe('-EXECABORT Transaction discarded because of previous errors.\r\n')
  })
})

describe('WATCH', () => {
  test('a write from another client makes EXEC fail', () => {
    const t = testEngine()
    const c = t.client()
    expect(c('WATCH', 'k', 'other')).toBe('+OK\r\n')
    t.client()('SET', 'k', 'v')
    c('MULTI')
    c('SET', 'a', '1')
    expect(c('EXEC')).toBe('*-1\r\n')
    expect(c('GET', 'a')).toBe('$-1\r\n')
  })

  test('RESP3 spells the failed EXEC as a null', () => {
    const t = testEngine()
    const c = t.client({ proto: 3 })
    c('WATCH', 'k')
    t.client()('SET', 'k', 'v')
    c('MULTI')
    expect(c('EXEC')).toBe('_\r\n')
  })

  test('untouched keys let EXEC run, and EXEC forgets the watches', () => {
    const t = testEngine()
    const c = t.client()
    c('WATCH', 'k')
    c('MULTI')
    c('SET', 'k', '1')
    expect(c('EXEC')).toBe('*1\r\n+OK\r\n')
    t.client()('SET', 'k', '2')
    c('MULTI')
    c('SET', 'k', '3')
    expect(c('EXEC')).toBe('*1\r\n+OK\r\n')
  })

  test('deleting a missing key changes nothing', () => {
    const t = testEngine()
    const c = t.client()
    c('WATCH', 'k')
    t.client()('DEL', 'k')
    c('MULTI')
    expect(c('EXEC')).toBe('*0\r\n')
  })

  test('a write by the watching client itself counts', () => {
    const c = testEngine().client()
    c('WATCH', 'k')
    c('SET', 'k', 'mine')
    c('MULTI')
    expect(c('EXEC')).toBe('*-1\r\n')
  })

  test('keys are per database', () => {
    const t = testEngine()
    const c = t.client()
    c('WATCH', 'k')
    const other = t.client()
    other('SELECT', '1')
    other('SET', 'k', 'v')
    c('MULTI')
    expect(c('EXEC')).toBe('*0\r\n')
  })

  test('FLUSHALL fails EXEC only when a watched key existed', () => {
    const t = testEngine()
    const c = t.client()
    c('WATCH', 'missing')
    t.client()('FLUSHALL')
    c('MULTI')
    expect(c('EXEC')).toBe('*0\r\n')
    c('SET', 'k', 'v')
    c('WATCH', 'k')
    t.client()('FLUSHALL')
    c('MULTI')
    expect(c('EXEC')).toBe('*-1\r\n')
  })

  test('arity', () => {
    const c = testEngine().client()
    expect(c('WATCH')).toBe("-ERR wrong number of arguments for 'watch' command\r\n")
  })
})

describe('WATCH and expiry', () => {
  test('a key that expires after WATCH fails EXEC, deleted or not', () => {
    const t = testEngine()
    const c = t.client()
    c('SET', 'k', 'v', 'PX', 100)
    c('WATCH', 'k')
    t.clock.advance(200)
    c('MULTI')
    expect(c('EXEC')).toBe('*-1\r\n')
    c('SET', 'k', 'v', 'PX', 100)
    c('WATCH', 'k')
    t.clock.advance(200)
    expect(c('GET', 'k')).toBe('$-1\r\n')
    c('MULTI')
    expect(c('EXEC')).toBe('*-1\r\n')
  })

  test('active expiry of a watched key fails EXEC', () => {
    const t = testEngine()
    const c = t.client()
    c('SET', 'k', 'v', 'PX', 100)
    c('WATCH', 'k')
    t.clock.advance(200)
    t.engine.activeExpire()
    c('MULTI')
    expect(c('EXEC')).toBe('*-1\r\n')
  })

  test('a key already expired when watched: its deletion is no change, a write is', () => {
    const t = testEngine()
    const c = t.client()
    c('SET', 'k', 'v', 'PX', 100)
    t.clock.advance(200)
    c('WATCH', 'k')
    c('MULTI')
    expect(c('EXEC')).toBe('*0\r\n')

    c('SET', 'k', 'v', 'PX', 100)
    t.clock.advance(200)
    c('WATCH', 'k')
    expect(c('GET', 'k')).toBe('$-1\r\n')
    c('MULTI')
    expect(c('EXEC')).toBe('*0\r\n')

    c('SET', 'k', 'v', 'PX', 100)
    t.clock.advance(200)
    c('WATCH', 'k')
    expect(c('DEL', 'k')).toBe(':0\r\n')
    c('MULTI')
    expect(c('EXEC')).toBe('*0\r\n')

    c('SET', 'k', 'v', 'PX', 100)
    t.clock.advance(200)
    c('WATCH', 'k')
    t.client()('SET', 'k', 'new')
    c('MULTI')
    expect(c('EXEC')).toBe('*-1\r\n')
  })
})

describe('UNWATCH', () => {
  test('forgets watched keys', () => {
    const t = testEngine()
    const c = t.client()
    c('WATCH', 'k')
    t.client()('SET', 'k', 'v')
    expect(c('UNWATCH')).toBe('+OK\r\n')
    c('MULTI')
    expect(c('EXEC')).toBe('*0\r\n')
  })

  test('arity', () => {
    const c = testEngine().client()
    expect(c('UNWATCH', 'x')).toBe("-ERR wrong number of arguments for 'unwatch' command\r\n")
  })
})
