import { describe, expect, test } from 'vitest'
import { testEngine } from '../../helpers/engine.js'

/** A RESP2 (un)subscribe confirmation or message frame. */
const frame = (...parts: (string | number | null)[]): string =>
  `*${parts.length}\r\n` +
  parts.map((p) => (p === null ? '$-1\r\n' : typeof p === 'number' ? `:${p}\r\n` : `$${p.length}\r\n${p}\r\n`)).join('')

/** The same frame as a RESP3 push. */
const push = (...parts: (string | number | null)[]): string => '>' + frame(...parts).slice(1).replace('$-1\r\n', '_\r\n')

const CONTEXT_ERR = (cmd: string): string =>
  `-ERR Can't execute '${cmd}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n`

describe('SUBSCRIBE', () => {
  test('confirms each channel with the running count', () => {
    const c = testEngine().client()
    expect(c('SUBSCRIBE', 'a', 'b', 'a')).toBe(frame('subscribe', 'a', 1) + frame('subscribe', 'b', 2) + frame('subscribe', 'a', 2))
  })

  test('RESP3 confirmations are pushes', () => {
    const c = testEngine().client({ proto: 3 })
    expect(c('SUBSCRIBE', 'a')).toBe(push('subscribe', 'a', 1))
  })

  test('a RESP2 subscriber may only run (un)subscribe commands, PING, QUIT and RESET', () => {
    const c = testEngine().client()
    c('SUBSCRIBE', 'a')
    expect(c('GET', 'x')).toBe(CONTEXT_ERR('get'))
    expect(c('PUBSUB', 'NUMPAT')).toBe(CONTEXT_ERR('pubsub|numpat'))
    expect(c('MULTI')).toBe(CONTEXT_ERR('multi'))
    expect(c('PING')).toBe(frame('pong', ''))
    expect(c('PING', 'hi')).toBe(frame('pong', 'hi'))
    expect(c('PSUBSCRIBE', 'p*')).toBe(frame('psubscribe', 'p*', 2))
    expect(c('RESET')).toBe('+RESET\r\n')
    expect(c('GET', 'x')).toBe('$-1\r\n')
  })

  test('a RESP3 subscriber keeps full command use', () => {
    const c = testEngine().client({ proto: 3 })
    c('SUBSCRIBE', 'a')
    expect(c('SET', 'x', '1')).toBe('+OK\r\n')
    expect(c('PING')).toBe('+PONG\r\n')
  })

  test('confirmations are not silenced by CLIENT REPLY OFF', () => {
    const t = testEngine()
    const c = t.client()
    c.session.replyMode = 'off'
    expect(c('SUBSCRIBE', 'a')).toBe(frame('subscribe', 'a', 1))
    expect(c('PING')).toBe('')
  })

  test('arity', () => {
    const c = testEngine().client()
    expect(c('SUBSCRIBE')).toBe("-ERR wrong number of arguments for 'subscribe' command\r\n")
  })
})

describe('UNSUBSCRIBE', () => {
  test('named channels, subscribed or not', () => {
    const c = testEngine().client()
    c('SUBSCRIBE', 'a', 'b')
    expect(c('UNSUBSCRIBE', 'b', 'zz')).toBe(frame('unsubscribe', 'b', 1) + frame('unsubscribe', 'zz', 1))
  })

  test('no arguments: every channel, in subscription order', () => {
    const c = testEngine().client()
    c('SUBSCRIBE', 'a', 'b')
    expect(c('UNSUBSCRIBE')).toBe(frame('unsubscribe', 'a', 1) + frame('unsubscribe', 'b', 0))
    expect(c('GET', 'x')).toBe('$-1\r\n')
  })

  test('no arguments and no channels: a nil channel frame with the count', () => {
    const c = testEngine().client()
    expect(c('UNSUBSCRIBE')).toBe(frame('unsubscribe', null, 0))
    c('PSUBSCRIBE', 'p*')
    expect(c('UNSUBSCRIBE')).toBe(frame('unsubscribe', null, 1))
    const r3 = testEngine().client({ proto: 3 })
    expect(r3('UNSUBSCRIBE')).toBe('>3\r\n$11\r\nunsubscribe\r\n_\r\n:0\r\n')
  })
})

describe('PSUBSCRIBE and PUNSUBSCRIBE', () => {
  test('pattern messages carry pattern, channel and message', () => {
    const t = testEngine()
    const sub = t.client()
    const pub = t.client()
    expect(sub('PSUBSCRIBE', 'news.*', 'h?llo', 'x[ab]')).toBe(
      frame('psubscribe', 'news.*', 1) + frame('psubscribe', 'h?llo', 2) + frame('psubscribe', 'x[ab]', 3),
    )
    expect(pub('PUBLISH', 'news.tech', 'm1')).toBe(':1\r\n')
    expect(sub.pending()).toBe(frame('pmessage', 'news.*', 'news.tech', 'm1'))
    expect(pub('PUBLISH', 'hello', 'm2')).toBe(':1\r\n')
    expect(pub('PUBLISH', 'xc', 'm3')).toBe(':0\r\n')
    expect(sub.pending()).toBe(frame('pmessage', 'h?llo', 'hello', 'm2'))
    expect(sub('PUNSUBSCRIBE', 'h?llo')).toBe(frame('punsubscribe', 'h?llo', 2))
    expect(sub('PUNSUBSCRIBE')).toBe(frame('punsubscribe', 'news.*', 1) + frame('punsubscribe', 'x[ab]', 0))
    expect(sub('PUNSUBSCRIBE')).toBe(frame('punsubscribe', null, 0))
  })

  test('arity', () => {
    const c = testEngine().client()
    expect(c('PSUBSCRIBE')).toBe("-ERR wrong number of arguments for 'psubscribe' command\r\n")
  })
})

describe('PUBLISH', () => {
  test('counts channel and pattern receivers; channel subscribers first', () => {
    const t = testEngine()
    const a = t.client()
    const b = t.client({ proto: 3 })
    const pub = t.client()
    a('SUBSCRIBE', 'ch')
    a('PSUBSCRIBE', 'c*')
    b('SUBSCRIBE', 'ch')
    expect(pub('PUBLISH', 'ch', 'hi')).toBe(':3\r\n')
    expect(a.pending()).toBe(frame('message', 'ch', 'hi') + frame('pmessage', 'c*', 'ch', 'hi'))
    expect(b.pending()).toBe(push('message', 'ch', 'hi'))
    expect(pub('PUBLISH', 'nobody', 'x')).toBe(':0\r\n')
  })

  test('binary channel and message', () => {
    const t = testEngine()
    const a = t.client()
    a('SUBSCRIBE', '\x00\xff')
    expect(t.client()('PUBLISH', '\x00\xff', '\r\n')).toBe(':1\r\n')
    expect(a.pending()).toBe(frame('message', '\x00\xff', '\r\n'))
  })

  test('a closed session receives nothing', () => {
    const t = testEngine()
    const a = t.client()
    a('SUBSCRIBE', 'ch')
    t.engine.closeSession(a.session)
    expect(t.client()('PUBLISH', 'ch', 'x')).toBe(':0\r\n')
  })

  test('arity', () => {
    const c = testEngine().client()
    expect(c('PUBLISH', 'ch')).toBe("-ERR wrong number of arguments for 'publish' command\r\n")
  })
})

describe('SSUBSCRIBE, SUNSUBSCRIBE and SPUBLISH', () => {
  test('shard channels count apart from channels and patterns', () => {
    const t = testEngine()
    const c = t.client()
    expect(c('SSUBSCRIBE', 'x', 'y')).toBe(frame('ssubscribe', 'x', 1) + frame('ssubscribe', 'y', 2))
    expect(c('SUBSCRIBE', 'z')).toBe(frame('subscribe', 'z', 1))
    expect(t.client()('SPUBLISH', 'x', 'm')).toBe(':1\r\n')
    expect(t.client()('PUBLISH', 'x', 'm')).toBe(':0\r\n')
    expect(c.pending()).toBe(frame('smessage', 'x', 'm'))
    expect(c('SUNSUBSCRIBE', 'x')).toBe(frame('sunsubscribe', 'x', 1))
    expect(c('UNSUBSCRIBE')).toBe(frame('unsubscribe', 'z', 0))
    // still subscribed to a shard channel: still in the subscribed context
    expect(c('GET', 'k')).toBe(CONTEXT_ERR('get'))
    expect(c('SUNSUBSCRIBE')).toBe(frame('sunsubscribe', 'y', 0))
    expect(c('SUNSUBSCRIBE')).toBe(frame('sunsubscribe', null, 0))
    expect(c('GET', 'k')).toBe('$-1\r\n')
  })

  test('SSUBSCRIBE is refused inside a transaction', () => {
    const c = testEngine().client()
    c('MULTI')
    c('SSUBSCRIBE', 'a')
    expect(c('EXEC')).toBe("*1\r\n-ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client\r\n")
  })

  test('arity', () => {
    const c = testEngine().client()
    expect(c('SSUBSCRIBE')).toBe("-ERR wrong number of arguments for 'ssubscribe' command\r\n")
    expect(c('SPUBLISH', 'x')).toBe("-ERR wrong number of arguments for 'spublish' command\r\n")
  })
})

describe('PUBSUB', () => {
  test('CHANNELS, with and without a pattern', () => {
    const t = testEngine()
    t.client()('SUBSCRIBE', 'news.a', 'news.b', 'other')
    t.client()('SUBSCRIBE', 'news.a')
    const c = t.client()
    expect(c('PUBSUB', 'CHANNELS')).toBe('*3\r\n$6\r\nnews.a\r\n$6\r\nnews.b\r\n$5\r\nother\r\n')
    expect(c('PUBSUB', 'CHANNELS', 'news.*')).toBe('*2\r\n$6\r\nnews.a\r\n$6\r\nnews.b\r\n')
    expect(c('PUBSUB', 'CHANNELS', 'a', 'b')).toBe("-ERR unknown subcommand or wrong number of arguments for 'CHANNELS'. Try PUBSUB HELP.\r\n")
  })

  test('NUMSUB counts channel subscribers only', () => {
    const t = testEngine()
    t.client()('SUBSCRIBE', 'a')
    t.client()('SUBSCRIBE', 'a', 'b')
    t.client()('PSUBSCRIBE', 'a')
    const c = t.client({ proto: 3 })
    expect(c('PUBSUB', 'NUMSUB', 'a', 'b', 'c')).toBe('*6\r\n$1\r\na\r\n:2\r\n$1\r\nb\r\n:1\r\n$1\r\nc\r\n:0\r\n')
    expect(c('PUBSUB', 'NUMSUB')).toBe('*0\r\n')
  })

  test('NUMPAT counts distinct patterns', () => {
    const t = testEngine()
    t.client()('PSUBSCRIBE', 'a*', 'b*')
    t.client()('PSUBSCRIBE', 'a*')
    expect(t.client()('PUBSUB', 'NUMPAT')).toBe(':2\r\n')
    expect(t.client()('PUBSUB', 'NUMPAT', 'x')).toBe("-ERR wrong number of arguments for 'pubsub|numpat' command\r\n")
  })

  test('SHARDCHANNELS and SHARDNUMSUB', () => {
    const t = testEngine()
    t.client()('SSUBSCRIBE', 's1', 's2')
    t.client()('SUBSCRIBE', 'c1')
    const c = t.client()
    expect(c('PUBSUB', 'SHARDCHANNELS')).toBe('*2\r\n$2\r\ns1\r\n$2\r\ns2\r\n')
    expect(c('PUBSUB', 'SHARDCHANNELS', '*2')).toBe('*1\r\n$2\r\ns2\r\n')
    expect(c('PUBSUB', 'SHARDNUMSUB', 's1', 'c1')).toBe('*4\r\n$2\r\ns1\r\n:1\r\n$2\r\nc1\r\n:0\r\n')
  })

  test('HELP and errors', () => {
    const c = testEngine().client()
    const help = c('PUBSUB', 'HELP')
    expect(help.startsWith('*14\r\n+PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n')).toBe(true)
    expect(help.endsWith('+HELP\r\n+    Prints this help.\r\n')).toBe(true)
    expect(c('PUBSUB', 'FOO')).toBe("-ERR unknown subcommand 'FOO'. Try PUBSUB HELP.\r\n")
    expect(c('PUBSUB')).toBe("-ERR wrong number of arguments for 'pubsub' command\r\n")
  })
})
