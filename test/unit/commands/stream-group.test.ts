import { describe, expect, test } from 'vitest'
import { testEngine, T0 } from '../../helpers/engine.js'
import { bulk } from '../../helpers/resp-text.js'

const ids = (...xs: string[]): string => `*${xs.length}\r\n${xs.map(bulk).join('')}`
const entry = (id: string, f: string, v: string): string => `*2\r\n${bulk(id)}*2\r\n${bulk(f)}${bulk(v)}`
const keyed = (key: string, body: string, n: number): string => `*1\r\n*2\r\n${bulk(key)}*${n}\r\n${body}`
const NOKEY = '-ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.\r\n'

function withStream(n = 3) {
  const t = testEngine()
  const c = t.client()
  for (let i = 1; i <= n; i++) c('XADD', 's', `1-${i}`, 'f', String(i))
  return { t, c }
}

describe('XGROUP', () => {
  test('CREATE with IDs, MKSTREAM and ENTRIESREAD', () => {
    const { c } = withStream()
    expect(c('XGROUP', 'CREATE', 'none', 'g', '$')).toBe(NOKEY)
    expect(c('XGROUP', 'CREATE', 'new', 'g', '$', 'MKSTREAM')).toBe('+OK\r\n')
    expect(c('XLEN', 'new')).toBe(':0\r\n')
    expect(c('XGROUP', 'CREATE', 's', 'g', '$')).toBe('+OK\r\n')
    expect(c('XGROUP', 'CREATE', 's', 'g', '0')).toBe('-BUSYGROUP Consumer Group name already exists\r\n')
    expect(c('XGROUP', 'CREATE', 's', 'h', '1-1', 'ENTRIESREAD', 1)).toBe('+OK\r\n')
    expect(c('XGROUP', 'CREATE', 's', 'i', '0', 'ENTRIESREAD', -2)).toBe('-ERR value for ENTRIESREAD must be positive or -1\r\n')
    expect(c('XGROUP', 'CREATE', 's', 'i', '0', 'foo')).toBe("-ERR unknown subcommand or wrong number of arguments for 'CREATE'. Try XGROUP HELP.\r\n")
    expect(c('XGROUP', 'CREATE', 's', 'i', '+')).toBe('-ERR Invalid stream ID specified as stream command argument\r\n')
    expect(c('XINFO', 'GROUPS', 's')).toBe(
      '*2\r\n*12\r\n$4\r\nname\r\n$1\r\ng\r\n$9\r\nconsumers\r\n:0\r\n$7\r\npending\r\n:0\r\n$17\r\nlast-delivered-id\r\n$3\r\n1-3\r\n' +
        '$12\r\nentries-read\r\n$-1\r\n$3\r\nlag\r\n:0\r\n' +
        '*12\r\n$4\r\nname\r\n$1\r\nh\r\n$9\r\nconsumers\r\n:0\r\n$7\r\npending\r\n:0\r\n$17\r\nlast-delivered-id\r\n$3\r\n1-1\r\n' +
        '$12\r\nentries-read\r\n:1\r\n$3\r\nlag\r\n:2\r\n',
    )
  })

  test('SETID, CREATECONSUMER, DELCONSUMER, DESTROY, HELP', () => {
    const { c } = withStream()
    c('XGROUP', 'CREATE', 's', 'g', '0')
    expect(c('XGROUP', 'SETID', 's', 'nog', '0')).toBe("-NOGROUP No such consumer group 'nog' for key name 's'\r\n")
    expect(c('XGROUP', 'SETID', 's', 'g', '$', 'ENTRIESREAD', 3)).toBe('+OK\r\n')
    expect(c('XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '>')).toBe('*-1\r\n')
    expect(c('XGROUP', 'SETID', 's', 'g', '-')).toBe('+OK\r\n')
    expect(c('XGROUP', 'CREATECONSUMER', 's', 'g', 'c')).toBe(':1\r\n')
    expect(c('XGROUP', 'CREATECONSUMER', 's', 'g', 'c')).toBe(':0\r\n')
    c('XREADGROUP', 'GROUP', 'g', 'c', 'COUNT', 2, 'STREAMS', 's', '>')
    expect(c('XGROUP', 'DELCONSUMER', 's', 'g', 'c')).toBe(':2\r\n')
    expect(c('XGROUP', 'DELCONSUMER', 's', 'g', 'c')).toBe(':0\r\n')
    expect(c('XPENDING', 's', 'g')).toBe('*4\r\n:0\r\n$-1\r\n$-1\r\n*-1\r\n')
    expect(c('XGROUP', 'DESTROY', 's', 'g')).toBe(':1\r\n')
    expect(c('XGROUP', 'DESTROY', 's', 'g')).toBe(':0\r\n')
    expect(c('XGROUP', 'DESTROY', 'none', 'g')).toBe(NOKEY)
    expect(c('XGROUP', 'HELP')).toMatch(/^\*17\r\n\+XGROUP <subcommand>/)
    expect(c('XGROUP', 'foo')).toBe("-ERR unknown subcommand 'foo'. Try XGROUP HELP.\r\n")
    expect(c('XGROUP', 'DESTROY', 's')).toBe("-ERR wrong number of arguments for 'xgroup|destroy' command\r\n")
  })
})

describe('XREADGROUP', () => {
  test('new entries, history, NOACK and COUNT', () => {
    const { c } = withStream()
    c('XGROUP', 'CREATE', 's', 'g', '0')
    expect(c('XREADGROUP', 'GROUP', 'g', 'c', 'COUNT', 1, 'STREAMS', 's', '>')).toBe(keyed('s', entry('1-1', 'f', '1'), 1))
    expect(c('XREADGROUP', 'GROUP', 'g', 'n', 'NOACK', 'COUNT', 1, 'STREAMS', 's', '>')).toBe(keyed('s', entry('1-2', 'f', '2'), 1))
    expect(c('XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '0')).toBe(keyed('s', entry('1-1', 'f', '1'), 1))
    expect(c('XREADGROUP', 'GROUP', 'g', 'n', 'STREAMS', 's', '0')).toBe(keyed('s', '', 0))
    c('XDEL', 's', '1-1')
    expect(c('XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '0')).toBe(keyed('s', `*2\r\n${bulk('1-1')}*-1\r\n`, 1))
    expect(c('XPENDING', 's', 'g')).toBe(`*4\r\n:1\r\n${bulk('1-1')}${bulk('1-1')}*1\r\n*2\r\n${bulk('c')}${bulk('1')}`)
    expect(c('XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '$')).toMatch(/^-ERR The \$ ID is meaningless/)
    expect(c('XREADGROUP', 'GROUP', 'nog', 'c', 'STREAMS', 's', '>')).toBe("-NOGROUP No such key 's' or consumer group 'nog' in XREADGROUP with GROUP option\r\n")
    expect(c('XREADGROUP', 'COUNT', 1, 'BLOCK', 1, 'STREAMS', 's', '>')).toBe('-ERR Missing GROUP option for XREADGROUP\r\n')
    const r3 = testEngine().client({ proto: 3 })
    r3('XADD', 's', '1-1', 'f', '1')
    r3('XGROUP', 'CREATE', 's', 'g', '0')
    expect(r3('XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '>')).toBe(`%1\r\n${bulk('s')}*1\r\n${entry('1-1', 'f', '1')}`)
    expect(r3('XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '>')).toBe('_\r\n')
  })

  test('delivery counts and idle times on the manual clock', () => {
    const { t, c } = withStream(2)
    c('XGROUP', 'CREATE', 's', 'g', '0')
    c('XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '>')
    t.clock.advance(250)
    expect(c('XPENDING', 's', 'g', '-', '+', 10)).toBe(
      `*2\r\n*4\r\n${bulk('1-1')}${bulk('c')}:250\r\n:1\r\n*4\r\n${bulk('1-2')}${bulk('c')}:250\r\n:1\r\n`,
    )
    expect(c('XPENDING', 's', 'g', 'IDLE', 300, '-', '+', 10)).toBe('*0\r\n')
    c('XREADGROUP', 'GROUP', 'g', 'c', 'COUNT', 1, 'STREAMS', 's', '0')
    t.clock.advance(50)
    expect(c('XPENDING', 's', 'g', 'IDLE', 100, '-', '+', 10, 'c')).toBe(`*1\r\n*4\r\n${bulk('1-2')}${bulk('c')}:300\r\n:1\r\n`)
    expect(c('XPENDING', 's', 'g', '-', '+', 1)).toBe(`*1\r\n*4\r\n${bulk('1-1')}${bulk('c')}:50\r\n:2\r\n`)
    expect(c('XINFO', 'CONSUMERS', 's', 'g')).toBe(`*1\r\n*6\r\n${bulk('name')}${bulk('c')}${bulk('pending')}:2\r\n${bulk('idle')}:50\r\n`)
  })
})

describe('XACK', () => {
  test('acknowledges pending entries only', () => {
    const { c } = withStream()
    expect(c('XACK', 's', 'g', '1-1')).toBe(':0\r\n')
    c('XGROUP', 'CREATE', 's', 'g', '0')
    c('XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '>')
    expect(c('XACK', 's', 'g', '1-1', '1-1', '1-2', '9-9')).toBe(':2\r\n')
    expect(c('XACK', 's', 'g', 'x')).toBe('-ERR Invalid stream ID specified as stream command argument\r\n')
    expect(c('XPENDING', 's', 'g')).toBe(`*4\r\n:1\r\n${bulk('1-3')}${bulk('1-3')}*1\r\n*2\r\n${bulk('c')}${bulk('1')}`)
  })
})

describe('XPENDING', () => {
  test('errors and the summary in RESP3', () => {
    const { c } = withStream()
    expect(c('XPENDING', 's', 'g')).toBe("-NOGROUP No such key 's' or consumer group 'g'\r\n")
    c('XGROUP', 'CREATE', 's', 'g', '0')
    expect(c('XPENDING', 's', 'g', '-', '+')).toBe('-ERR syntax error\r\n')
    expect(c('XPENDING', 's', 'g', 'IDLE', 1, '-', '+')).toBe('-ERR syntax error\r\n')
    expect(c('XPENDING', 's', 'g', '-', '+', 'x')).toBe('-ERR value is not an integer or out of range\r\n')
    const r3 = testEngine().client({ proto: 3 })
    r3('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM')
    expect(r3('XPENDING', 's', 'g')).toBe('*4\r\n:0\r\n_\r\n_\r\n_\r\n')
  })
})

describe('XCLAIM', () => {
  test('claims idle entries, with IDLE, TIME, RETRYCOUNT, FORCE, JUSTID and LASTID', () => {
    const { t, c } = withStream()
    c('XGROUP', 'CREATE', 's', 'g', '0')
    c('XREADGROUP', 'GROUP', 'g', 'a', 'COUNT', 2, 'STREAMS', 's', '>')
    t.clock.advance(100)
    expect(c('XCLAIM', 's', 'g', 'b', 200, '1-1')).toBe('*0\r\n')
    expect(c('XCLAIM', 's', 'g', 'b', 100, '1-1')).toBe(`*1\r\n${entry('1-1', 'f', '1')}`)
    expect(c('XCLAIM', 's', 'g', 'b', 0, '1-2', 'IDLE', 1000, 'RETRYCOUNT', 5, 'JUSTID')).toBe(ids('1-2'))
    expect(c('XCLAIM', 's', 'g', 'b', 0, '1-3', 'FORCE', 'JUSTID')).toBe(ids('1-3'))
    expect(c('XCLAIM', 's', 'g', 'b', 0, '1-9', 'FORCE')).toBe('*0\r\n')
    expect(c('XPENDING', 's', 'g', '-', '+', 10)).toBe(
      `*3\r\n*4\r\n${bulk('1-1')}${bulk('b')}:0\r\n:2\r\n*4\r\n${bulk('1-2')}${bulk('b')}:1000\r\n:5\r\n*4\r\n${bulk('1-3')}${bulk('b')}:0\r\n:1\r\n`,
    )
    expect(c('XCLAIM', 's', 'g', 'c', 0, '1-3', 'TIME', T0 + 40, 'LASTID', '5-5', 'JUSTID')).toBe(ids('1-3'))
    expect(c('XPENDING', 's', 'g', '-', '+', 10, 'c')).toBe(`*1\r\n*4\r\n${bulk('1-3')}${bulk('c')}:60\r\n:1\r\n`)
    expect(c('XINFO', 'GROUPS', 's')).toContain(`${bulk('last-delivered-id')}${bulk('5-5')}`)
    expect(c('XCLAIM', 's', 'g', 'c', 0, '1-1', 'bogus')).toBe("-ERR Unrecognized XCLAIM option 'bogus'\r\n")
    expect(c('XCLAIM', 's', 'g', 'c', 'x', '1-1')).toBe('-ERR Invalid min-idle-time argument for XCLAIM\r\n')
    expect(c('XCLAIM', 's', 'g', 'c', 0, '1-1', 'IDLE', 'x')).toBe('-ERR Invalid IDLE option argument for XCLAIM\r\n')
    expect(c('XCLAIM', 's', 'g', 'c', 0, '1-1', 'TIME', 'x')).toBe('-ERR Invalid TIME option argument for XCLAIM\r\n')
    expect(c('XCLAIM', 's', 'g', 'c', 0, '1-1', 'RETRYCOUNT', 'x')).toBe('-ERR Invalid RETRYCOUNT option argument for XCLAIM\r\n')
    expect(c('XCLAIM', 's', 'nog', 'c', 0, '1-1')).toBe("-NOGROUP No such key 's' or consumer group 'nog'\r\n")
  })

  test('a deleted entry leaves the PEL', () => {
    const { c } = withStream()
    c('XGROUP', 'CREATE', 's', 'g', '0')
    c('XREADGROUP', 'GROUP', 'g', 'a', 'STREAMS', 's', '>')
    c('XDEL', 's', '1-2')
    expect(c('XCLAIM', 's', 'g', 'b', 0, '1-2', '1-3', 'JUSTID')).toBe(ids('1-3'))
    expect(c('XPENDING', 's', 'g')).toBe(`*4\r\n:2\r\n${bulk('1-1')}${bulk('1-3')}*2\r\n*2\r\n${bulk('a')}${bulk('1')}*2\r\n${bulk('b')}${bulk('1')}`)
  })
})

describe('XAUTOCLAIM', () => {
  test('scans from a cursor, claims idle entries and reports deleted ones', () => {
    const { t, c } = withStream(4)
    c('XGROUP', 'CREATE', 's', 'g', '0')
    c('XREADGROUP', 'GROUP', 'g', 'a', 'STREAMS', 's', '>')
    c('XDEL', 's', '1-2')
    t.clock.advance(500)
    expect(c('XAUTOCLAIM', 's', 'g', 'b', 1000, 0)).toBe(`*3\r\n${bulk('0-0')}*0\r\n*1\r\n${bulk('1-2')}`)
    expect(c('XAUTOCLAIM', 's', 'g', 'b', 500, 0, 'COUNT', 1)).toBe(`*3\r\n${bulk('1-3')}*1\r\n${entry('1-1', 'f', '1')}*0\r\n`)
    expect(c('XAUTOCLAIM', 's', 'g', 'b', 500, '1-3', 'JUSTID')).toBe(`*3\r\n${bulk('0-0')}${ids('1-3', '1-4')}*0\r\n`)
    expect(c('XPENDING', 's', 'g', '-', '+', 10)).toBe(
      `*3\r\n*4\r\n${bulk('1-1')}${bulk('b')}:0\r\n:2\r\n*4\r\n${bulk('1-3')}${bulk('b')}:0\r\n:1\r\n*4\r\n${bulk('1-4')}${bulk('b')}:0\r\n:1\r\n`,
    )
    expect(c('XAUTOCLAIM', 's', 'g', 'b', 0, 0, 'COUNT', 0)).toBe('-ERR COUNT must be > 0\r\n')
    expect(c('XAUTOCLAIM', 's', 'g', 'b', 'x', 0)).toBe('-ERR Invalid min-idle-time argument for XAUTOCLAIM\r\n')
    expect(c('XAUTOCLAIM', 's', 'g', 'b', 0, 0, 'foo')).toBe('-ERR syntax error\r\n')
  })
})

describe('XINFO GROUPS and CONSUMERS', () => {
  test('fields, lag and times', () => {
    const { t, c } = withStream()
    c('XGROUP', 'CREATE', 's', 'g', '0')
    c('XREADGROUP', 'GROUP', 'g', 'c', 'COUNT', 1, 'STREAMS', 's', '>')
    t.clock.advance(1234)
    expect(c('XINFO', 'GROUPS', 's')).toBe(
      '*1\r\n*12\r\n$4\r\nname\r\n$1\r\ng\r\n$9\r\nconsumers\r\n:1\r\n$7\r\npending\r\n:1\r\n$17\r\nlast-delivered-id\r\n$3\r\n1-1\r\n' +
        '$12\r\nentries-read\r\n:1\r\n$3\r\nlag\r\n:2\r\n',
    )
    expect(c('XINFO', 'CONSUMERS', 's', 'g')).toBe(`*1\r\n*6\r\n${bulk('name')}${bulk('c')}${bulk('pending')}:1\r\n${bulk('idle')}:1234\r\n`)
    expect(c('XINFO', 'CONSUMERS', 's', 'nog')).toBe("-NOGROUP No such consumer group 'nog' for key name 's'\r\n")
    expect(c('XINFO', 'STREAM', 's', 'FULL')).toContain(
      `${bulk('pending')}*1\r\n*4\r\n${bulk('1-1')}${bulk('c')}:${T0}\r\n:1\r\n${bulk('consumers')}*1\r\n*8\r\n${bulk('name')}${bulk('c')}${bulk('seen-time')}:${T0}\r\n`,
    )
    c('XDEL', 's', '1-2')
    expect(c('XINFO', 'GROUPS', 's')).toContain('$3\r\nlag\r\n$-1\r\n')
  })
})

describe('blocking XREAD and XREADGROUP', () => {
  test('XREAD BLOCK waits for XADD, and $ is the last ID at block time', () => {
    const t = testEngine()
    const w = t.client({ blocking: true })
    const c = t.client()
    c('XADD', 's', '1-1', 'f', '1')
    expect(w('XREAD', 'BLOCK', 0, 'STREAMS', 's', '$')).toBe('')
    c('XADD', 's', '1-2', 'f', '2')
    expect(w.pending()).toBe(keyed('s', entry('1-2', 'f', '2'), 1))
  })

  test('XREAD BLOCK times out on the clock', () => {
    const t = testEngine()
    const w = t.client({ blocking: true })
    expect(w('XREAD', 'BLOCK', 100, 'STREAMS', 's', '0')).toBe('')
    t.clock.advance(100)
    t.engine.tick()
    expect(w.pending()).toBe('')
    t.clock.advance(1)
    t.engine.tick()
    expect(w.pending()).toBe('*-1\r\n')
  })

  test('a blocked client served without COUNT gets at most 1000 entries', () => {
    const t = testEngine()
    const w = t.client({ blocking: true })
    const c = t.client()
    w('XREAD', 'BLOCK', 0, 'STREAMS', 's', '$')
    c('MULTI')
    for (let i = 1; i <= 1005; i++) c('XADD', 's', `1-${i}`, 'f', '1')
    c('EXEC')
    expect(w.pending()).toMatch(/^\*1\r\n\*2\r\n\$1\r\ns\r\n\*1000\r\n/)
  })

  test('XREADGROUP BLOCK: served from the group, or ended by DESTROY or DEL', () => {
    const t = testEngine()
    const w = t.client({ blocking: true })
    const c = t.client()
    c('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM')
    expect(w('XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', 0, 'STREAMS', 's', '>')).toBe('')
    c('XGROUP', 'CREATECONSUMER', 's', 'g', 'x')
    expect(w.pending()).toBe('')
    c('XADD', 's', '1-1', 'f', '1')
    expect(w.pending()).toBe(keyed('s', entry('1-1', 'f', '1'), 1))
    expect(c('XPENDING', 's', 'g')).toBe(`*4\r\n:1\r\n${bulk('1-1')}${bulk('1-1')}*1\r\n*2\r\n${bulk('c')}${bulk('1')}`)
    w('XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', 0, 'STREAMS', 's', '>')
    c('XGROUP', 'DESTROY', 's', 'g')
    expect(w.pending()).toBe('-NOGROUP the consumer group this client was blocked on no longer exists\r\n')
    c('XGROUP', 'CREATE', 's', 'g', '$')
    w('XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', 0, 'STREAMS', 's', '>')
    c('DEL', 's')
    expect(w.pending()).toBe('-UNBLOCKED the stream key no longer exists\r\n')
  })

  test('in MULTI the commands answer at once', () => {
    const t = testEngine()
    const w = t.client({ blocking: true })
    w('MULTI')
    w('XREAD', 'BLOCK', 0, 'STREAMS', 's', '$')
    expect(w('EXEC')).toBe('*1\r\n*-1\r\n')
  })
})

describe('propagation of group commands', () => {
  test('XREADGROUP, XCLAIM and XAUTOCLAIM log their effects', () => {
    const { t, c } = withStream(2)
    const log: string[][] = []
    c('XGROUP', 'CREATE', 's', 'g', '0')
    t.engine.onPropagate((argv) => log.push([...argv]))
    c('XREADGROUP', 'GROUP', 'g', 'c', 'COUNT', 1, 'STREAMS', 's', '>')
    c('XREADGROUP', 'GROUP', 'g', 'c', 'NOACK', 'STREAMS', 's', '>')
    c('XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '>')
    c('XCLAIM', 's', 'g', 'd', 0, '1-1', 'JUSTID')
    c('XAUTOCLAIM', 's', 'g', 'e', 0, 0)
    const claim = (consumer: string, id: string, n: number, last: string) => ['XCLAIM', 's', 'g', consumer, '0', id, 'TIME', String(T0), 'RETRYCOUNT', String(n), 'FORCE', 'JUSTID', 'LASTID', last]
    expect(log).toEqual([
      ['XGROUP', 'CREATECONSUMER', 's', 'g', 'c'],
      claim('c', '1-1', 1, '1-1'),
      ['XGROUP', 'SETID', 's', 'g', '1-1', 'ENTRIESREAD', '1'],
      ['XGROUP', 'SETID', 's', 'g', '1-2', 'ENTRIESREAD', '2'],
      ['XGROUP', 'CREATECONSUMER', 's', 'g', 'd'],
      claim('d', '1-1', 1, '1-2'),
      ['XGROUP', 'CREATECONSUMER', 's', 'g', 'e'],
      claim('e', '1-1', 2, '1-2'),
    ])
  })
})
